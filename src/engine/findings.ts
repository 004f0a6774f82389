// Findings (pure): built from one object each, with the rule's message template for its id; passes of wide
// rules counted per pair; the result order and the counts per severity and status.
import type { AuditResult, Counts, Finding, Severity, Status } from '../types.js';
import type { CompiledRule, Effective } from './selection.js';
import type { CompareKind } from './types.js';
import type { IndexedServer } from './indexing.js';
import { assumedOf, cmp } from './indexing.js';
import { renderMessage } from './messages.js';
import { FIT_MESSAGES } from './profile-fit.js';
import { AMBIGUITY_MESSAGES, type JudgedOn } from './ambiguous.js';

import { roleName } from './values.js';
import { atOrAbove, SEVERITIES, STATUSES } from '../vocabulary.js';
import { NotCollectedNotes } from './evidence.js';
import type { FindingSpec, SettingRead } from './finding-spec.js';

export type { FindingSpec, SettingRead };

/** Messages of the findings the engine reports itself, whatever the rule's kind: profile fit, ambiguous evidence. */
export const ENGINE_MESSAGES = { ...FIT_MESSAGES, ...AMBIGUITY_MESSAGES } as const;

/** The default template of message `id` of comparison kind `kind` (comparators/index.ts's kindMessage), undefined when it has none. */
export type KindMessage = (kind: CompareKind, id: string) => string | undefined;

/** Collects the findings of one audit. */
export class FindingSink {
  readonly findings: Finding[] = [];
  private readonly passCounts = new Map<string, { c: CompiledRule; eff: Effective; servers: IndexedServer[]; count: number; reads?: SettingRead[] }>();
  /** The findings that read settings besides their own (FindingSpec.reads), for the ambiguity check. */
  private readonly judgedOn = new Map<Finding, JudgedOn>();
  private readonly notCollected = new NotCollectedNotes();

  /** `kindMessage`: the kinds' own templates, for the message ids a rule does not word itself. */
  constructor(private readonly kindMessage: KindMessage) {}

  /** How many findings were reported so far, those held back and passes counted included: whether a rule said anything. */
  reportCount = 0;

  report(c: CompiledRule, eff: Effective, f: FindingSpec): void {
    this.reportCount++;
    // Evidence the collection script was too old to write: one note per rule, added by flush().
    if (this.notCollected.take(c, eff, f)) return;
    if (f.status === 'pass' && eff.compare.summarizePasses === true && f.servers.length === 2) {
      this.countPass(c, eff, f.servers);
      return;
    }
    this.push(c, eff, f);
  }

  private push(c: CompiledRule, eff: Effective, f: FindingSpec): void {
    const template = this.template(c, eff, f.messageId);
    // Rests on an assumed mapping when any compared server's setting was named through one.
    const lower = f.setting.toLowerCase();
    const assumed = f.assumed ?? f.servers.some((s) => assumedOf(s, lower));
    const finding = assumed ? { assumed: true as const, ...findingOf(c, eff, f, template) } : findingOf(c, eff, f, template);
    this.findings.push(finding);
    if (f.reads !== undefined && f.reads.length > 0 && (f.status === 'pass' || f.status === 'fail')) this.judgedOn.set(finding, { c, eff, reads: f.reads });
  }

  /** The rule's own wording of a message id, else its kind's, else the engine's. */
  private template(c: CompiledRule, eff: Effective, messageId: string): string {
    const template = c.rule.messages?.[messageId] ?? this.kindMessage(c.rule.compare.kind, messageId) ?? this.kindMessage(eff.compare.kind, messageId) ?? (ENGINE_MESSAGES as Readonly<Record<string, string>>)[messageId];
    if (template === undefined) throw new Error(`rule ${c.rule.id}: no message for id ${messageId}`);
    return template;
  }

  /** What a pass or fail read besides its own setting, when it said (FindingSpec.reads). */
  judgedOnOf(f: Finding): JudgedOn | undefined {
    return this.judgedOn.get(f);
  }

  /** The text of message `messageId` of the rule as run (`eff`), with `data`. */
  render(c: CompiledRule, eff: Effective, messageId: string, data: Record<string, string | number>): string {
    return renderMessage(this.template(c, eff, messageId), data);
  }

  /** `f` as an unknown of its rule at the rule's severity, with another message: it could not be judged after all. */
  restate(f: Finding, on: JudgedOn, messageId: string, data: Record<string, string | number>): Finding {
    const { assumed, ...rest } = f;
    const unknown: Finding = { ...rest, severity: on.eff.severity, status: 'unknown', messageId, data, message: this.render(on.c, on.eff, messageId, data) };
    return assumed === true ? { assumed, ...unknown } : unknown;
  }

  /** Wide rules (thousands of driver settings) count their passes per pair instead of listing each; `reads` as FindingSpec.reads. */
  countPass(c: CompiledRule, eff: Effective, servers: IndexedServer[], passes = 1, reads?: readonly SettingRead[]): void {
    this.reportCount++;
    const key = `${c.rule.id}\u0000${servers[1].role}`;
    const entry = this.passCounts.get(key) ?? { c, eff, servers, count: 0 };
    entry.count += passes;
    if (reads !== undefined && reads.length > 0) entry.reads = [...(entry.reads ?? []), ...reads];
    this.passCounts.set(key, entry);
  }

  /** Adds the findings held back: one "not collected" note per rule, one `passesSummarised` per rule and pair. */
  flush(): void {
    for (const n of this.notCollected.flush()) this.push(n.c, n.eff, n.spec);
    this.flushPassCounts();
  }

  /** Adds one `passesSummarised` finding per rule and pair whose passes were counted. */
  private flushPassCounts(): void {
    for (const { c, eff, servers, count, reads } of this.passCounts.values()) {
      const once = { ...eff, compare: { ...eff.compare, summarizePasses: false } };
      this.report(c, once, { status: 'pass', setting: '*', servers, messageId: 'passesSummarised', data: { count, otherRole: roleName(servers[1].role) }, values: {}, sources: {}, ...(reads !== undefined ? { reads } : {}) });
    }
    this.passCounts.clear();
  }
}

/**
 * A finding's fields, in one literal (Object.assign of a second literal made each finding through a slow copy:
 * 1.2 us per finding at 200k); `assumed`, when set, goes before them (see FindingSink.push).
 */
function findingOf(c: CompiledRule, eff: Effective, f: FindingSpec, template: string): Finding {
  const finding: Finding = {
    ruleId: c.rule.id,
    title: c.rule.title,
    severity: f.severity ?? eff.severity,
    status: f.status,
    category: c.rule.category,
    setting: f.setting,
    servers: f.servers.map((s) => s.role),
    values: f.values,
    sources: f.sources,
    messageId: f.messageId,
    data: f.data,
    message: renderMessage(template, f.data),
    rationale: c.rule.rationale,
    remediation: c.rule.remediation,
  };
  if (c.rule.references.length > 0) finding.references = c.rule.references.map((r) => r.tag);
  return finding;
}

export { atOrAbove };

/** Sort keys, looked up per finding: the vocabulary's order, most severe and most urgent first. */
const SEVERITY_RANK = Object.fromEntries(SEVERITIES.map((s, i) => [s, i])) as Record<Severity, number>;
const STATUS_RANK = Object.fromEntries(STATUSES.map((s, i) => [s, i])) as Record<Status, number>;

/** A finding with what its order compares beyond its own fields, made once: its lower-cased setting and joined servers. */
interface SortKey {
  f: Finding;
  setting: string;
  servers: string;
}

const sortKey = (f: Finding): SortKey => ({ f, setting: f.setting.toLowerCase(), servers: f.servers.join(',') });

/** The order of a result's findings: severity, status, rule, setting, servers, message id. */
function compareKeys(a: SortKey, b: SortKey): number {
  return (
    SEVERITY_RANK[a.f.severity] - SEVERITY_RANK[b.f.severity] ||
    STATUS_RANK[a.f.status] - STATUS_RANK[b.f.status] ||
    cmp(a.f.ruleId, b.f.ruleId) ||
    cmp(a.setting, b.setting) ||
    cmp(a.servers, b.servers) ||
    cmp(a.f.messageId, b.f.messageId)
  );
}

/** The order of a result's findings (see compareKeys), for sorting a few; sortFindings sorts a result's. */
export function compareFindings(a: Finding, b: Finding): number {
  return compareKeys(sortKey(a), sortKey(b));
}

/**
 * The findings in compareFindings order (a new array), each finding's lower-cased setting and joined servers
 * made once, not in every comparison (a sort compares each finding about 2 log n times). The sort is stable,
 * so findings equal in every key keep their order, as with compareFindings.
 */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return findings.map(sortKey).sort(compareKeys).map((k) => k.f);
}

/** Counts per severity and status, and the verdict at the `failOn` threshold. */
export function summarise(findings: Finding[], failOn: Severity): { counts: Counts; totals: Record<Status, number>; verdict: AuditResult['verdict'] } {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, Object.fromEntries(STATUSES.map((t) => [t, 0]))])) as Counts;
  const totals = Object.fromEntries(STATUSES.map((t) => [t, 0])) as Record<Status, number>;
  let drift = false;
  let incomplete = false;
  for (const f of findings) {
    counts[f.severity][f.status]++;
    totals[f.status]++;
    // A "not collected" note never changes the verdict, whatever the threshold.
    if (atOrAbove(f.severity, failOn) && f.messageId !== 'notCollected') {
      if (f.status === 'fail') drift = true;
      if (f.status === 'unknown') incomplete = true;
    }
  }
  return { counts, totals, verdict: drift ? 'drift' : incomplete ? 'incomplete' : 'in-parity' };
}
