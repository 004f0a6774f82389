// The report view model: everything a formatter shows, derived once from an AuditResult (pure).
import type { AuditResult, AuditServer, Counts, Finding, FindingWaiver, Provenance, Role, Severity, Status, Verdict } from '../types.js';
import { diffValueLines, type DiffLine } from './diff.js';
import { isSecretDisplay, safeDisplayValue } from './safe-value.js';
import { maskFreeText as masked } from '../snapshot/secrets.js';
import { acceptedNow, displayLines, displayText, oneLine, sameDisplay, showChange, showValues, valuesAreLines } from './display.js';

import { loweredRules, profileMisfit, roleOverrides, unscopedWaivers } from './headline-notes.js';
import { cutMessage } from './cut.js';
import { atOrAbove, roleLabel, SEVERITIES, STATUSES, severityLabels, statusLabels, verdictLabels } from '../vocabulary.js';

// The vocabulary (src/vocabulary.ts), under the names report code has used.
export { roleLabel, severityLabels, statusLabels, verdictLabels, SEVERITIES as severityOrder, STATUSES as statusOrder };

/** One server's value in a finding, ready to print. */
export interface ValueView {
  role: Role;
  roleLabel: string;
  /** The server's label (host or server label), or the role when the result does not name it. */
  server: string;
  /** One line: `5481`, `""`, `[a, b]`, `set (different)`, `(absent)`. */
  text: string;
  /** The value as lines, for diffs: list items one per line, strings split at line breaks. */
  lines: string[];
  absent: boolean;
  secret: boolean;
  /** Where to fix it, e.g. `main.reg:42 HKLM\SOFTWARE\…\DB › Port`; "" when unknown. */
  where: string;
  source: Provenance | null;
}

export interface FindingView {
  /** 0-based position in result.findings (stable, used for anchors and data ids). */
  index: number;
  ruleId: string;
  title: string;
  severity: Severity;
  severityLabel: string;
  status: Status;
  statusLabel: string;
  category: string;
  setting: string;
  /** On one line: the engine writes a list's items in it as they are, and an item may hold a line break (shown as ⏎). */
  message: string;
  rationale: string;
  remediation: string;
  /** The documents the rule cites (`[TAG]` in the rationale), with title and URL. */
  citations: Citation[];
  /** `Main ↔ Standby A`. */
  pair: string;
  values: ValueView[];
  /** True when every compared value displays the same (secrets by their `same` flag). */
  same: boolean;
  /**
   * Each server's value is `name = value` lines (a key's settings gathered, display.ts valuesAreLines): shown one a
   * line, each ValueView line one setting (a line break inside its value shown as ⏎).
   */
  valueLines: boolean;
  /** Line diff of the first server's value against each other one, when a value spans lines or is a list. */
  diff?: { against: string; lines: DiffLine[] }[];
  waiver?: FindingWaiver;
  /** The finding rests on a profile mapping public documentation does not confirm; shown as ASSUMED_MARK. */
  assumed: boolean;
  /** For an unknown finding: whether its evidence is missing or too old (`stale`). */
  evidence?: 'missing' | 'stale';
  attribution?: Finding['attribution'];
  /** Who changed what since the approved baseline, one line each (from the history store). */
  changes: string[];
}

/** A document a finding cites: `[TAG]` resolved through the rule pack's source table. */
export interface Citation {
  tag: string;
  title: string;
  /** Always http(s): a result file is untrusted, and anything else is dropped (see buildAuditView). */
  url: string;
}

/** One waiver as reports list it: its state in words, the finding it covers, and for a lapsed one what changed. */
export interface WaiverView {
  ruleId: string;
  setting: string;
  state: FindingWaiver['state'] | 'unused';
  /** `active`, `lapsed: expired`, `lapsed: a value changed`, `unused: matches no failed finding`. */
  stateLabel: string;
  /** True when it needs a person: lapsed or unused. */
  attention: boolean;
  reason: string;
  approvedBy: string;
  expires: string;
  /** The finding it covers in one line (`Database port differs: Main 5481, Standby A 5482`), or "". */
  covers: string;
  /** For a value that changed: `Standby A: accepted 5482, now 5483`. */
  changes: string[];
}

export const waiverStateLabels: Record<WaiverView['state'], string> = {
  active: 'active',
  expired: 'lapsed: expired',
  'values-changed': 'lapsed: a value changed',
  'values-missing': "lapsed: a server's value not given",
  unused: 'unused: matches no failed finding',
};

export interface ServerView extends Omit<AuditServer, 'collectedAt'> {
  /** The collection time, or "unknown (not recorded)". */
  collectedAt: string;
  roleLabel: string;
}

export interface SeverityGroup {
  severity: Severity;
  label: string;
  findings: FindingView[];
}

export interface AuditView {
  kind: AuditResult['kind'];
  verdict: Verdict;
  verdictLabel: string;
  /** For `check`: GO / NO-GO. */
  go?: boolean;
  goLabel?: 'GO' | 'NO-GO';
  /** One sentence under the verdict, e.g. `3 findings failed at or above warning.` */
  headline: string;
  /** The audit headline, also for a check (whose `headline` is about GO / NO-GO). */
  headlineOfAudit: string;
  /**
   * When the profile does not fit an export (`servers[].coverage.misfits`): `The profile does not fit this
   * export (partners: 0 of 16 settings found): Main — see …`; it opens both headlines.
   */
  profileMisfit?: string;
  /** When `--roles` overrode recorded roles: `Roles set with --roles: NORTH-B (its evidence records Main) audited as Standby A.`; it closes both headlines. */
  roleOverrides?: string;
  /** When the config file set rules at or above the fail-on severity lower (headline-notes.ts); it closes both headlines. */
  severityOverrides?: string;
  /** The waivers naming no servers that waived this run's drift, as the headline says them. */
  unscopedWaivers?: string;
  /** Why a check is NO-GO (or an audit is not in parity): one line per blocking finding. */
  reasons: string[];
  /**
   * For a GO check: what no export shows, confirmed by hand before changing over; each is a line of the
   * report's sign-off section. Empty otherwise.
   */
  confirmByHand: string[];
  /** What collecting the servers' evidence warned of, a line each: `NORTH-B (Standby A): ClearSCADA.reg line 12: …`. */
  collectionWarnings: string[];
  /** The threshold as the reports state it: `warning`, or `none (reported only; judged at warning)`. */
  failOn: string;
  generatedAt: string;
  tool: AuditResult['tool'];
  /** `SCADA-A (Main) ↔ SCADA-B (Standby A)`. */
  pair: string;
  servers: ServerView[];
  rulePack: AuditResult['rulePack'];
  counts: Counts;
  totals: Record<Status, number>;
  findings: FindingView[];
  /** Failed findings grouped by severity, blocker first; empty groups left out. */
  failing: SeverityGroup[];
  unknowns: FindingView[];
  waived: FindingView[];
  /** Findings whose waiver lapsed (expired or values changed): they stay failed. */
  lapsed: FindingView[];
  /** Waiver-file entries that matched nothing or lapsed. */
  waiverIssues: NonNullable<AuditResult['waivers']>;
  /** Every waiver once: those that cover a finding (active or lapsed), then those that match none. */
  waivers: WaiverView[];
  categories: string[];
  /** Every document the findings cite, by tag: the reports' list of sources. */
  citations: Citation[];
}

/**
 * The result's source table as citations by tag. Only http(s) URLs are kept: a result file may be edited, and
 * a `javascript:` or `file:` link must never reach a report.
 */
function citationTable(result: AuditResult): Map<string, Citation> {
  const table = new Map<string, Citation>();
  for (const [tag, s] of Object.entries(result.sources ?? {})) {
    if (typeof s?.title === 'string' && typeof s.url === 'string' && /^https?:\/\/[^\s]+$/i.test(s.url)) table.set(tag, { tag, title: s.title, url: s.url });
  }
  return table;
}

/**
 * Builds the view of an audit or check result. A finding's view is built when a part of the view that lists it is
 * read: the lists of failed, unknown and waived findings and the reasons at once, `findings` (every finding, most of
 * them passed) only when a format reads it; each finding has one view, shared by every list that holds it.
 */
export function buildAuditView(result: AuditResult): AuditView {
  // A label is an export's text (Partners\ServerLabel may hold a line break): one line, as a value, or what follows
  // the break starts a line of the report (`IN PARITY: …`) beside a finding.
  const servers: ServerView[] = result.servers.map((s) => ({ ...s, label: oneLine(s.label), ...(s.hostname !== undefined ? { hostname: oneLine(s.hostname) } : {}), roleLabel: roleLabel(s.role), collectedAt: s.collectedAt ?? 'unknown (not recorded)' }));
  const labelOf = new Map<Role, string>(servers.map((s) => [s.role, s.label]));
  const cited = citationTable(result);
  const all = result.findings;
  const views: (FindingView | undefined)[] = new Array<FindingView | undefined>(all.length);
  const viewAt = (i: number): FindingView => (views[i] ??= buildFindingView(all[i]!, i, labelOf, cited));
  /** The views of the findings that `keep` accepts, in the result's order. */
  const where = (keep: (f: Finding) => boolean): FindingView[] => {
    const out: FindingView[] = [];
    for (let i = 0; i < all.length; i++) if (keep(all[i]!)) out.push(viewAt(i));
    return out;
  };
  let everyView: FindingView[] | undefined;
  const failing = SEVERITIES
    .map((severity) => ({ severity, label: severityLabels[severity], findings: where((f) => f.severity === severity && f.status === 'fail') }))
    .filter((g) => g.findings.length > 0);
  const failedAtThreshold = all.filter((f) => f.status === 'fail' && atOrAbove(f.severity, result.failOn)).length;
  const unknownAtThreshold = all.filter((f) => f.status === 'unknown' && atOrAbove(f.severity, result.failOn)).length;
  const go = result.kind === 'check' ? (result.go ?? (failedAtThreshold === 0 && unknownAtThreshold === 0)) : undefined;
  const misfit = profileMisfit(servers);
  const overrides = roleOverrides(servers);
  const collectionWarnings = collectionWarningLines(servers);
  const warned = collectionWarnings.length === 0 ? undefined : `Reading the evidence gave ${plural(collectionWarnings.length, 'warning')} (listed under Collection warnings).`;
  const lowered = loweredRules(result)?.replace(/^t/, 'T').concat('.');
  const unscoped = unscopedWaivers(result);
  const opened = (text: string): string => [misfit, text, overrides, lowered, unscoped, warned].filter((t) => t !== undefined).join(' ');
  const reasons =
    result.kind === 'check'
      ? where((f) => f.severity === 'blocker' && (f.status === 'fail' || f.status === 'unknown')).map(reasonLine)
      : where((f) => (f.status === 'fail' || f.status === 'unknown') && atOrAbove(f.severity, result.failOn)).map(reasonLine);
  return {
    kind: result.kind,
    verdict: result.verdict,
    verdictLabel: verdictLabels[result.verdict] ?? String(result.verdict).toUpperCase(),
    go,
    goLabel: go === undefined ? undefined : go ? 'GO' : 'NO-GO',
    headlineOfAudit: opened(headline(result, failedAtThreshold, unknownAtThreshold)),
    headline: opened(result.kind === 'check' ? checkHeadline(go === true, all) : headline(result, failedAtThreshold, unknownAtThreshold)),
    ...(misfit !== undefined ? { profileMisfit: misfit } : {}),
    ...(overrides !== undefined ? { roleOverrides: overrides } : {}),
    ...(lowered !== undefined ? { severityOverrides: lowered } : {}),
    ...(unscoped !== undefined ? { unscopedWaivers: unscoped } : {}),
    reasons,
    confirmByHand: go === true ? [...CONFIRM_BY_HAND] : [],
    collectionWarnings,
    failOn: result.reportOnly === true ? `none (reported only; judged at ${result.failOn})` : result.failOn,
    generatedAt: result.generatedAt,
    tool: result.tool,
    pair: servers.map((s) => `${s.label} (${s.roleLabel})`).join(' ↔ '),
    servers,
    rulePack: result.rulePack,
    counts: result.counts,
    totals: result.totals,
    get findings(): FindingView[] {
      return (everyView ??= where(() => true));
    },
    failing,
    unknowns: where((f) => f.status === 'unknown'),
    waived: where((f) => f.status === 'waived'),
    lapsed: where((f) => Boolean(f.waiver) && f.waiver!.state !== 'active'),
    waiverIssues: result.waivers ?? [],
    waivers: buildWaiverViews(where((f) => f.waiver !== undefined), result.waivers ?? []),
    categories: [...new Set(all.map((f) => f.category))].sort(),
    citations: [...new Map(all.flatMap((f) => citationsOf(f, cited).map((c) => [c.tag, c] as const))).values()].sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0)),
  };
}

/** The documents a finding cites (its `references`), through the result's source table. */
function citationsOf(f: Finding, cited: Map<string, Citation>): Citation[] {
  return (f.references ?? []).flatMap((tag) => cited.get(tag) ?? []);
}

/** The sources the given findings cite, in the order of `all` (by tag). */
export function citedBy(findings: readonly FindingView[], all: readonly Citation[]): Citation[] {
  const tags = new Set(findings.flatMap((f) => f.citations.map((c) => c.tag)));
  return all.filter((c) => tags.has(c.tag));
}

/** How every format marks a finding that rests on an assumed profile mapping. */
export const ASSUMED_MARK = 'assumed mapping';

/**
 * What a GO rests on besides the configuration: a Standby "can only switch to Main if it is synchronized"
 * [CHK], which only the running servers show (rules/geo-scada/snapshot-age.json cites CHK).
 */
export const CONFIRM_BY_HAND: readonly string[] = [
  'On the Main, Server Status › Standby › Links shows Sync = Full for every Standby',
  'Server Status shows no configuration problem on any server (for example "Missing Database modules")',
];

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function headline(result: AuditResult, failed: number, unknown: number): string {
  const threshold = `at or above ${result.failOn}`;
  if (result.verdict === 'drift') return `${plural(failed, 'finding')} failed ${threshold}.`;
  if (result.verdict === 'incomplete') return `No drift found, but ${plural(unknown, 'finding')} ${threshold} could not be evaluated: evidence is missing.`;
  if (result.findings.length === 0) return 'The rule pack produced no findings for these servers.';
  // What the verdict judged: the checks at or above the threshold; what failed or was not evaluated below it is said.
  const judged = result.findings.filter((f) => atOrAbove(f.severity, result.failOn) && (f.status === 'pass' || f.status === 'waived')).length;
  const belowFailed = result.findings.filter((f) => !atOrAbove(f.severity, result.failOn) && f.status === 'fail').length;
  const notEvaluated = result.findings.filter((f) => f.status === 'unknown').length;
  return `All ${plural(judged, 'check')} ${threshold} passed or were waived.${belowFailed > 0 ? ` Below ${result.failOn}: ${belowFailed} failed.` : ''}${notEvaluated > 0 ? ` ${notEvaluated} not evaluated (listed under Unknown).` : ''}`;
}

/** What collecting each server's evidence warned of, a line each: `NORTH-B (Standby A): ClearSCADA.reg line 12: …`. */
export function collectionWarningLines(servers: readonly AuditServer[]): string[] {
  return servers.flatMap((s) => (s.warnings ?? []).map((w) => oneLine(`${s.label} (${roleLabel(s.role)}): ${w.line === undefined ? w.file : `${w.file} line ${w.line}`}: ${w.message}`)));
}

function checkHeadline(go: boolean, findings: readonly Finding[]): string {
  const failed = findings.filter((f) => f.severity === 'blocker' && f.status === 'fail').length;
  const unknown = findings.filter((f) => f.severity === 'blocker' && f.status === 'unknown').length;
  if (go) return 'GO on configuration only: no blocker failed and no blocker evidence is missing. Whether the Standby is synchronised is not in the exports: confirm it by hand (sign-off) before changing over.';
  const parts = [failed > 0 ? `${plural(failed, 'blocker')} failed` : '', unknown > 0 ? `${plural(unknown, 'blocker')} could not be evaluated` : ''].filter(Boolean);
  return `${parts.length > 0 ? parts.join(', ') : 'The check failed'}: do not change over until resolved.`;
}

function reasonLine(f: FindingView): string {
  const what = f.status === 'unknown' ? 'unknown' : 'failed';
  return `${f.severityLabel} ${what}: ${f.setting} (${f.ruleId}): ${f.message}`;
}

/** Message ids of unknowns whose evidence exists but is too old or too far apart. */
const STALE_MESSAGES = new Set(['stale', 'future', 'apart']);

/** `evidence missing`, `evidence stale`, or `evidence missing or stale`, for a list of unknown findings. */
export function unknownReason(unknowns: readonly FindingView[]): string {
  const kinds = new Set(unknowns.map((f) => f.evidence ?? 'missing'));
  return kinds.size > 1 ? 'evidence missing or stale' : kinds.has('stale') ? 'evidence stale' : 'evidence missing';
}

/**
 * A value shown one line each (a key's settings gathered, FindingView.valueLines), or undefined to show its text.
 * Each line is one setting: a line break inside a setting's value is already shown as ⏎ (display.ts settingLines),
 * so a format shows each line as it is.
 */
export function shownLines(f: FindingView, v: ValueView): readonly string[] | undefined {
  return f.valueLines && !v.absent && !v.secret && v.lines.length > 0 ? v.lines : undefined;
}

function buildFindingView(f: Finding, index: number, labelOf: Map<Role, string>, cited: Map<string, Citation>): FindingView {
  const roles = f.servers.length > 0 ? f.servers : (Object.keys(f.values) as Role[]);
  // Sizes as a person reads them (JSON keeps the exact bytes); values that differ but would read alike, exactly; a
  // key's settings gathered one line each, whatever their values hold (display.ts settingLines).
  const valueLines = valuesAreLines(f.messageId);
  const shown = showValues(roles.map((role) => f.values[role] ?? null), { sizes: /bytes$/i.test(f.setting), settings: valueLines });
  const values = roles.map((role, i): ValueView => {
    const value = f.values[role] ?? null;
    const source = f.sources[role] ?? null;
    return {
      role,
      roleLabel: roleLabel(role),
      server: labelOf.get(role) ?? roleLabel(role),
      ...shown[i]!,
      absent: value === null,
      secret: isSecretDisplay(value),
      // A bundle's file name may hold a line break (any *.reg is read), as may a key or value name of JSON evidence.
      where: source ? oneLine(provenanceText(source)) : '',
      source,
    };
  });
  const same = values.every((v) => sameDisplay(f.values[values[0]!.role] ?? null, f.values[v.role] ?? null));
  const spansLines = values.some((v) => !v.secret && (Array.isArray(f.values[v.role]) || v.lines.length > 1));
  const diff =
    spansLines && !same && values.length > 1
      ? values.slice(1).map((other) => ({ against: other.roleLabel, lines: diffValueLines(values[0]!.lines, other.lines) }))
      : undefined;
  return {
    index,
    ruleId: f.ruleId,
    title: f.title,
    assumed: f.assumed === true,
    severity: f.severity,
    severityLabel: severityLabels[f.severity] ?? f.severity,
    status: f.status,
    statusLabel: statusLabels[f.status] ?? f.status,
    category: f.category,
    setting: oneLine(f.setting),
    message: cutMessage(oneLine(f.message), f.data),
    rationale: f.rationale,
    remediation: f.remediation,
    citations: citationsOf(f, cited),
    pair: values.map((v) => v.roleLabel).join(' ↔ '),
    values,
    same,
    valueLines,
    ...(diff ? { diff } : {}),
    ...(f.waiver ? { waiver: { ...f.waiver, reason: oneLine(masked(f.waiver.reason)), approvedBy: oneLine(masked(f.waiver.approvedBy)), expires: oneLine(f.waiver.expires) } } : {}),
    ...(f.status === 'unknown' ? { evidence: STALE_MESSAGES.has(f.messageId) ? 'stale' : 'missing' } : {}),
    ...(f.attribution ? { attribution: f.attribution } : {}),
    changes: (f.attribution ?? []).map((a) => oneLine(`${a.server} (${roleLabel(a.role)}): ${showChange(a.from, a.to).join(' → ')}, first seen ${a.firstSeen}${a.author ? ` by ${masked(a.author)}` : ''}${a.ticket ? ` (${masked(a.ticket)})` : ''}${a.note ? `: ${masked(a.note)}` : ', no note'}`)),
  };
}

function buildWaiverViews(findings: FindingView[], issues: NonNullable<AuditResult['waivers']>): WaiverView[] {
  const fromFindings = findings
    .filter((f) => f.waiver !== undefined)
    .map((f): WaiverView => {
      const w = f.waiver!;
      const changed = (w.changed ?? []).map((c) => `${roleLabel(c.role)}: ${acceptedNow(c.accepted, c.found)}`);
      const unpinned = (w.unpinned ?? []).map((r) => `${roleLabel(r)}: no accepted value in the waiver, now ${f.values.find((v) => v.role === r)?.text ?? displayText(null)}`);
      const { ruleId, setting, message: covers } = f;
      return { ruleId, setting, state: w.state, stateLabel: waiverStateLabels[w.state], attention: w.state !== 'active', reason: w.reason, approvedBy: w.approvedBy, expires: w.expires, covers, changes: [...changed, ...unpinned] };
    });
  // A lapsed waiver is also in the result's waiver report; list it once, with its finding.
  const listed = (i: NonNullable<AuditResult['waivers']>[number]): boolean =>
    fromFindings.some((w) => w.ruleId === i.ruleId && w.setting.toLowerCase() === oneLine(i.setting).toLowerCase() && w.reason === oneLine(masked(i.reason)) && w.state === i.state);
  const others = issues
    .filter((i) => !listed(i))
    .map((i): WaiverView => ({ ruleId: i.ruleId, setting: oneLine(i.setting), state: i.state, stateLabel: waiverStateLabels[i.state], attention: true, reason: oneLine(masked(i.reason)), approvedBy: oneLine(masked(i.approvedBy)), expires: oneLine(i.expires), covers: '', changes: [] }));
  return [...fromFindings, ...others];
}

export { isSecretDisplay, safeDisplayValue, displayText, displayLines };

/** Shortens the registry hive so provenance fits a line: HKEY_LOCAL_MACHINE → HKLM. */
export function shortKey(key: string): string {
  return key
    .replace(/^HKEY_LOCAL_MACHINE(?=\\|$)/i, 'HKLM')
    .replace(/^HKEY_CURRENT_USER(?=\\|$)/i, 'HKCU')
    .replace(/^HKEY_USERS(?=\\|$)/i, 'HKU')
    .replace(/^HKEY_CLASSES_ROOT(?=\\|$)/i, 'HKCR');
}

/** `main.reg:42 HKLM\SOFTWARE\Schneider Electric\ClearSCADA\DB › Port` (`(Default)` for the unnamed value). */
export function provenanceText(p: Provenance): string {
  const file = p.line !== undefined ? `${p.file}:${p.line}` : p.file;
  if (p.key === undefined) return p.valueName !== undefined ? `${file} › ${p.valueName === '' ? '(Default)' : p.valueName}` : file;
  const value = p.valueName === undefined ? '' : ` › ${p.valueName === '' ? '(Default)' : p.valueName}`;
  return `${file} ${shortKey(p.key)}${value}`;
}

/** The severity × status counts as rows, blocker first, with a total row. */
export function countRows(view: Pick<AuditView, 'counts' | 'totals'>): { label: string; cells: Record<Status, number>; total: number }[] {
  const rows = SEVERITIES.map((s) => {
    const cells = withZeros(view.counts[s] as Partial<Record<Status, number>> | undefined);
    return { label: severityLabels[s], cells, total: STATUSES.reduce((n, st) => n + cells[st], 0) };
  });
  const totals = withZeros(view.totals as Partial<Record<Status, number>>);
  rows.push({ label: 'Total', cells: totals, total: STATUSES.reduce((n, st) => n + totals[st], 0) });
  return rows;
}

function withZeros(cells: Partial<Record<Status, number>> | undefined): Record<Status, number> {
  return { fail: cells?.fail ?? 0, unknown: cells?.unknown ?? 0, waived: cells?.waived ?? 0, pass: cells?.pass ?? 0 };
}
