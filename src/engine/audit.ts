// Rule evaluation (pure): compares the Main against every other server of the group and builds the AuditResult.
import type { AuditResult, AuditServer, Counts, DisplayValue, Finding, Provenance, Role, RunContext, Setting, SettingValue, Severity, Snapshot, Status } from '../types.js';
import { PairauditError } from '../errors.js';
import type { AuditConfig, AuditInput, CompareSpec, Rule } from './types.js';
import { compilePattern, expandTemplate, matchPattern, matchesAny, roleMatches, type NamePattern } from './patterns.js';
import { KIND_MESSAGES, renderMessage } from './messages.js';
import { asNumber, displayValue, formatValue, isTruthy, linkForRole, roleName, valuesEqual } from './values.js';
import { applyWaivers } from './waivers.js';
import { fingerprint } from '../snapshot/canonical.js';

const SEVERITY_RANK: Record<Severity, number> = { blocker: 0, warning: 1, info: 2 };
const STATUS_RANK: Record<Status, number> = { fail: 0, unknown: 1, waived: 2, pass: 3 };
const SEVERITIES: Severity[] = ['blocker', 'warning', 'info'];
const STATUSES: Status[] = ['pass', 'fail', 'waived', 'unknown'];

/** True when `severity` is at or above `threshold` (blocker > warning > info). */
export function atOrAbove(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[severity] <= SEVERITY_RANK[threshold];
}

interface Entry {
  name: string;
  lower: string;
  setting: Setting;
  /** Position in the server's sorted `entries`. */
  index: number;
}

/** One server, indexed once: settings by lower-cased name, and the names and addresses it answers to. */
interface IndexedServer {
  role: Role;
  snapshot: Snapshot;
  byLower: Map<string, Entry>;
  entries: Entry[];
  identity: Set<string>;
  /** Whether the snapshot says which IP addresses / host names the server has (a bundle's ipconfig, hostname). */
  knowsAddresses: boolean;
  knowsHostNames: boolean;
  partnersType?: string;
}

function indexServer(role: Role, snapshot: Snapshot): IndexedServer {
  const all = Object.keys(snapshot.settings).map((name) => ({ name, lower: name.toLowerCase(), setting: snapshot.settings[name], index: 0 }));
  // Sorted by lower-cased name, so that a pattern's literal prefix is found by binary search.
  all.sort((a, b) => cmp(a.lower, b.lower) || cmp(a.name, b.name));
  // Two names that differ only in case: the first in sorted order wins, whatever the input order.
  const entries = all.filter((e, i) => i === 0 || e.lower !== all[i - 1].lower);
  const byLower = new Map<string, Entry>();
  entries.forEach((e, i) => {
    e.index = i;
    byLower.set(e.lower, e);
  });
  const identity = new Set<string>();
  const add = (v: unknown): void => {
    if (typeof v === 'string' && v.trim() !== '') identity.add(v.trim().toLowerCase());
    else if (Array.isArray(v)) v.forEach(add);
  };
  add(snapshot.server.names);
  add(snapshot.server.hostname);
  for (const name of ['host.names', 'host.hostname', 'server.label']) add(byLower.get(name)?.setting.value);
  const type = byLower.get('partners.type')?.setting.value;
  const knowsAddresses = [...identity].some(isAddress);
  const knowsHostNames = snapshot.server.hostname !== undefined || byLower.has('host.hostname') || byLower.has('host.names');
  return { role, snapshot, byLower, entries, identity, knowsAddresses, knowsHostNames, partnersType: typeof type === 'string' ? type : undefined };
}

/** A rule ready to run: patterns compiled, severity from config applied. */
interface CompiledRule {
  rule: Rule;
  severity: Severity;
  /** True when the config file set the severity: it then wins over per-role overrides. */
  configured?: boolean;
  patterns: NamePattern[];
}

interface Effective {
  severity: Severity;
  compare: CompareSpec;
}

function effectiveFor(c: CompiledRule, role: Role): Effective | undefined {
  let severity = c.severity;
  let compare = c.rule.compare;
  for (const o of c.rule.appliesTo?.overrides ?? []) {
    if (!roleMatches(o.roles, role)) continue;
    if (o.skip === true) return undefined;
    if (o.severity !== undefined && c.configured !== true) severity = o.severity;
    if (o.compare !== undefined) compare = { ...compare, ...o.compare };
  }
  return { severity, compare };
}

interface Selected {
  name: string;
  lower: string;
  captures: string[];
  /** The entry's position in the server's `entries`; -1 for a required name the server does not have. */
  index: number;
}

/** Builds the findings of one audit. */
class Evaluator {
  readonly findings: Finding[] = [];
  private readonly selections = new Map<string, Selected[]>();
  /** Per role, 1 at the position of each entry some rule selects. */
  private readonly claimed = new Map<Role, Uint8Array>();
  private readonly passCounts = new Map<string, { c: CompiledRule; eff: Effective; servers: IndexedServer[]; count: number }>();

  constructor(
    private readonly config: AuditConfig,
    private readonly now: Date,
  ) {}

  /** Settings of `server` that the rule selects (cached: the Main is selected once for every pair). */
  select(c: CompiledRule, server: IndexedServer): Selected[] {
    const key = `${c.rule.id}\u0000${server.role}`;
    const cached = this.selections.get(key);
    if (cached !== undefined) return cached;
    const out: Selected[] = [];
    // A name two patterns match is selected once (one pattern matches each name at most once).
    const several = c.patterns.length > 1;
    const seen = new Set<string>();
    for (const p of c.patterns) {
      if (p.literal !== undefined) {
        const e = server.byLower.get(p.literal);
        if (e !== undefined && !seen.has(p.literal)) {
          seen.add(p.literal);
          out.push({ name: e.name, lower: p.literal, captures: [], index: e.index });
        }
        continue;
      }
      const entries = server.entries;
      for (let i = firstAtOrAfter(entries, p.prefix); i < entries.length && entries[i].lower.startsWith(p.prefix); i++) {
        const e = entries[i];
        if (!e.lower.endsWith(p.suffix) || (several && seen.has(e.lower))) continue;
        const captures = matchPattern(p, e.name, e.lower);
        if (captures !== undefined) {
          if (several) seen.add(e.lower);
          out.push({ name: e.name, lower: e.lower, captures, index: e.index });
        }
      }
    }
    this.selections.set(key, out);
    return out;
  }

  /** Names any rule selects on this server; the catch-all compares the rest. */
  claimedOn(rules: CompiledRule[], server: IndexedServer): Uint8Array {
    let claimed = this.claimed.get(server.role);
    if (claimed === undefined) {
      claimed = new Uint8Array(server.entries.length);
      for (const c of rules) if (c.rule.compare.kind !== 'catch-all') for (const s of this.select(c, server)) claimed[s.index] = 1;
      this.claimed.set(server.role, claimed);
    }
    return claimed;
  }

  threshold(compare: CompareSpec, fallback: number | undefined): number | undefined {
    const key = compare.threshold as keyof NonNullable<AuditConfig['thresholds']> | undefined;
    const fromConfig = key === undefined ? undefined : this.config.thresholds?.[key];
    return fromConfig ?? fallback;
  }

  push(
    c: CompiledRule,
    eff: Effective,
    status: Status,
    setting: string,
    servers: IndexedServer[],
    messageId: string,
    data: Record<string, string | number>,
    values: Partial<Record<Role, DisplayValue>>,
    sources: Partial<Record<Role, Provenance | null>>,
    severity: Severity = eff.severity,
  ): void {
    if (status === 'pass' && eff.compare.summarizePasses === true && servers.length === 2) {
      this.countPass(c, eff, servers);
      return;
    }
    const template = c.rule.messages?.[messageId] ?? KIND_MESSAGES[c.rule.compare.kind][messageId] ?? KIND_MESSAGES[eff.compare.kind][messageId];
    if (template === undefined) throw new Error(`rule ${c.rule.id}: no message for id ${messageId}`);
    this.findings.push({
      ruleId: c.rule.id,
      title: c.rule.title,
      severity,
      status,
      category: c.rule.category,
      setting,
      servers: servers.map((s) => s.role),
      values,
      sources,
      messageId,
      data,
      message: renderMessage(template, data),
      rationale: c.rule.rationale,
      remediation: c.rule.remediation,
    });
  }

  /** Wide rules (thousands of driver settings) count their passes per pair instead of listing each. */
  countPass(c: CompiledRule, eff: Effective, servers: IndexedServer[]): void {
    const key = `${c.rule.id}\u0000${servers[1].role}`;
    const entry = this.passCounts.get(key) ?? { c, eff, servers, count: 0 };
    entry.count++;
    this.passCounts.set(key, entry);
  }

  /** Adds one `passesSummarised` finding per rule and pair whose passes were counted. */
  flushPassCounts(): void {
    for (const { c, eff, servers, count } of this.passCounts.values()) {
      this.push(c, { ...eff, compare: { ...eff.compare, summarizePasses: false } }, 'pass', '*', servers, 'passesSummarised', { count, otherRole: roleName(servers[1].role) }, {}, {});
    }
    this.passCounts.clear();
  }

  // ─── Pairwise kinds over selected settings ─────────────────────────────────────────────────────

  /** Union of the names the rule selects on both servers, with required literal names added. */
  private pairNames(c: CompiledRule, main: IndexedServer, other: IndexedServer): Selected[] {
    const byLower = new Map<string, Selected>();
    for (const s of this.select(c, main)) byLower.set(s.lower, s);
    for (const s of this.select(c, other)) if (!byLower.has(s.lower)) byLower.set(s.lower, s);
    if (c.rule.evidence === 'required') {
      for (const p of c.patterns) {
        if (p.literal !== undefined && !byLower.has(p.literal)) byLower.set(p.literal, { name: p.source, lower: p.literal, captures: [], index: -1 });
      }
    }
    return [...byLower.values()].sort((a, b) => (a.lower < b.lower ? -1 : a.lower > b.lower ? 1 : 0));
  }

  comparePair(c: CompiledRule, eff: Effective, main: IndexedServer, other: IndexedServer): void {
    const names = this.pairNames(c, main, other);
    const kind = eff.compare.kind;
    if (names.length === 0 && c.rule.evidence === 'required') {
      for (const p of c.patterns) {
        this.push(c, eff, 'unknown', p.source, [main, other], 'missing', { setting: p.source, missingOn: `Main and ${roleName(other.role)}` }, { [main.role]: null, [other.role]: null }, { [main.role]: null, [other.role]: null });
      }
      return;
    }
    if (kind === 'subset' || kind === 'superset') {
      this.compareSets(c, eff, main, other, names);
      return;
    }
    const defaults = new Map(Object.entries(eff.compare.defaults ?? {}).map(([k, v]) => [k.toLowerCase(), v] as const));
    const servers = [main, other];
    const summarised = kind === 'must-equal' && eff.compare.summarizePasses === true;
    let lastGuard: string | undefined;
    let guardHolds = false;
    for (const sel of names) {
      if (eff.compare.guard !== undefined) {
        const guard = expandTemplate(eff.compare.guard, sel.captures).toLowerCase();
        // Names are sorted, so the settings of one driver come together and share its guard: look it up once.
        if (guard !== lastGuard) {
          lastGuard = guard;
          guardHolds = main.byLower.has(guard) && other.byLower.has(guard);
        }
        if (!guardHolds) continue;
      }
      const me = main.byLower.get(sel.lower);
      const oe = other.byLower.get(sel.lower);
      const mv: SettingValue | undefined = me?.setting.value ?? defaults.get(sel.lower);
      const ov: SettingValue | undefined = oe?.setting.value ?? defaults.get(sel.lower);
      // Most settings of a wide rule are equal and only counted: count them before building a finding's details.
      if (summarised && mv !== undefined && ov !== undefined && valuesEqual(mv, ov, eff.compare)) {
        this.countPass(c, eff, servers);
        continue;
      }
      const display = me?.name ?? oe?.name ?? sel.name;
      const values = { [main.role]: displayValue(me?.setting.value, oe?.setting.value), [other.role]: displayValue(oe?.setting.value, me?.setting.value) };
      const sources = { [main.role]: me?.setting.source ?? null, [other.role]: oe?.setting.source ?? null };
      const data: Record<string, string | number> = { setting: display, mainValue: formatValue(displayValue(mv, ov)), otherValue: formatValue(displayValue(ov, mv)), otherRole: roleName(other.role) };
      if (mv === undefined && ov === undefined) {
        if (c.rule.evidence === 'required') this.push(c, eff, 'unknown', display, servers, 'missing', { setting: display, missingOn: `Main and ${roleName(other.role)}` }, values, sources);
        continue;
      }
      if (mv === undefined || ov === undefined) {
        if (c.rule.evidence === 'required') {
          this.push(c, eff, 'unknown', display, servers, 'missing', { setting: display, missingOn: mv === undefined ? 'Main' : roleName(other.role) }, values, sources);
        } else if (kind !== 'must-differ') {
          this.push(c, eff, 'fail', display, servers, mv === undefined ? 'onlyOnOther' : 'onlyOnMain', data, values, sources);
        }
        continue;
      }
      switch (kind) {
        case 'must-equal':
        case 'catch-all': {
          const same = valuesEqual(mv, ov, eff.compare);
          this.push(c, eff, same ? 'pass' : 'fail', display, servers, same ? 'equal' : 'differs', data, values, sources);
          break;
        }
        case 'must-differ': {
          const same = valuesEqual(mv, ov, { caseInsensitive: eff.compare.caseInsensitive ?? true, unordered: true });
          this.push(c, eff, same ? 'fail' : 'pass', display, servers, same ? 'same' : 'distinct', data, values, sources);
          break;
        }
        case 'within-tolerance':
        case 'not-less-than': {
          const a = asNumber(mv);
          const b = asNumber(ov);
          if (a === undefined || b === undefined) {
            const bad = a === undefined ? main : other;
            this.push(c, eff, 'unknown', display, servers, 'notNumber', { setting: display, server: roleName(bad.role), value: formatValue(displayValue(a === undefined ? mv : ov)) }, values, sources);
            break;
          }
          if (kind === 'within-tolerance') {
            const tolerance = Math.max(eff.compare.absolute ?? 0, Math.abs(a) * (eff.compare.relative ?? 0));
            const ok = Math.abs(a - b) <= tolerance;
            this.push(c, eff, ok ? 'pass' : 'fail', display, servers, ok ? 'withinTolerance' : 'outsideTolerance', { ...data, tolerance }, values, sources);
          } else if (b < a) {
            this.push(c, eff, 'fail', display, servers, 'less', data, values, sources);
          } else if (b > a && (eff.compare.whenGreater ?? 'pass') !== 'pass') {
            this.push(c, eff, 'fail', display, servers, 'greater', data, values, sources, eff.compare.whenGreater as Severity);
          } else {
            this.push(c, eff, 'pass', display, servers, 'notLess', data, values, sources);
          }
          break;
        }
        default:
          throw new Error(`rule ${c.rule.id}: kind ${kind} is not a per-setting comparison`);
      }
    }
  }

  private compareSets(c: CompiledRule, eff: Effective, main: IndexedServer, other: IndexedServer, names: Selected[]): void {
    const superset = eff.compare.kind === 'superset';
    for (const sel of names) {
      const me = main.byLower.get(sel.lower);
      const oe = other.byLower.get(sel.lower);
      const onMain = isTruthy(me?.setting.value);
      const onOther = isTruthy(oe?.setting.value);
      const display = me?.name ?? oe?.name ?? sel.name;
      const values = { [main.role]: displayValue(me?.setting.value), [other.role]: displayValue(oe?.setting.value) };
      const sources = { [main.role]: me?.setting.source ?? null, [other.role]: oe?.setting.source ?? null };
      const data = { setting: display, otherRole: roleName(other.role) };
      if (superset) {
        if (onOther && !onMain) this.push(c, eff, 'fail', display, [main, other], 'extraOnOther', data, values, sources);
      } else if (onMain) {
        this.push(c, eff, onOther ? 'pass' : 'fail', display, [main, other], onOther ? 'present' : 'missingOnOther', data, values, sources);
      }
    }
  }

  // ─── Catch-all ─────────────────────────────────────────────────────────────────────────────────

  catchAll(c: CompiledRule, eff: Effective, rules: CompiledRule[], main: IndexedServer, other: IndexedServer): void {
    const allow = [...(eff.compare.allow ?? []), ...(this.config.allow ?? [])].map(compilePattern);
    const claimedMain = this.claimedOn(rules, main);
    const claimedOther = this.claimedOn(rules, other);
    let equal = 0;
    // Both entry lists are sorted by lower-cased name: walk them together instead of building a union.
    const a = main.entries;
    const b = other.entries;
    for (let i = 0, j = 0; i < a.length || j < b.length; ) {
      const la = i < a.length ? a[i].lower : undefined;
      const lb = j < b.length ? b[j].lower : undefined;
      const me = la !== undefined && (lb === undefined || la <= lb) ? a[i++] : undefined;
      const oe = lb !== undefined && (la === undefined || lb <= la) ? b[j++] : undefined;
      if ((me !== undefined && claimedMain[me.index] === 1) || (oe !== undefined && claimedOther[oe.index] === 1)) continue;
      const name = (me ?? oe)!.name;
      if (allow.length > 0 && matchesAny(allow, name)) continue;
      if (me !== undefined && oe !== undefined && valuesEqual(me.setting.value, oe.setting.value, eff.compare)) {
        equal++;
        continue;
      }
      const values = { [main.role]: displayValue(me?.setting.value, oe?.setting.value), [other.role]: displayValue(oe?.setting.value, me?.setting.value) };
      const sources = { [main.role]: me?.setting.source ?? null, [other.role]: oe?.setting.source ?? null };
      const data = { setting: name, mainValue: formatValue(values[main.role]), otherValue: formatValue(values[other.role]), otherRole: roleName(other.role) };
      const messageId = me === undefined ? 'onlyOnOther' : oe === undefined ? 'onlyOnMain' : 'differs';
      this.push(c, eff, 'fail', name, [main, other], messageId, data, values, sources);
    }
    // Passing settings are summarised in one finding per pair, so that a large export does not bury the drift.
    if (equal > 0) this.push(c, eff, 'pass', '*', [main, other], 'othersEqual', { count: equal, otherRole: roleName(other.role) }, {}, {});
  }

  // ─── Mirrored partner links ────────────────────────────────────────────────────────────────────

  /** The link of `server` that points at `target`: by address when one resolves, else Standby A by convention. */
  private backLink(server: IndexedServer, target: IndexedServer): string {
    for (const link of ['standbyA', 'standbyB']) {
      const v = server.byLower.get(`partners.${link.toLowerCase()}.address`)?.setting.value;
      if (typeof v === 'string' && resolves(v, target)) return link;
    }
    return 'standbyA';
  }

  mirror(c: CompiledRule, eff: Effective, main: IndexedServer, other: IndexedServer): void {
    const mainLink = linkForRole(other.role);
    if (mainLink === undefined) return;
    const back = this.backLink(other, main);
    const required = c.rule.evidence === 'required';
    const defaults = eff.compare.defaults ?? {};
    // `attribute: "*"`: every attribute the select pattern captures as (link, attribute), e.g. unmapped `reg:Partners\<Link>\<Value>`.
    const wildcard = new Map<string, Map<string, Entry>>();
    const shown = new Map<string, string>();
    let attributes = ([] as string[]).concat(eff.compare.attribute ?? []);
    if (attributes.includes('*')) {
      for (const [server, link] of [
        [main, mainLink],
        [other, back],
      ] as const) {
        const found = new Map<string, Entry>();
        for (const s of this.select(c, server)) {
          if (s.captures.length < 2 || s.captures[0].toLowerCase() !== link.toLowerCase()) continue;
          found.set(s.captures[1].toLowerCase(), server.byLower.get(s.lower) as Entry);
          if (!shown.has(s.captures[1].toLowerCase())) shown.set(s.captures[1].toLowerCase(), s.captures[1]);
        }
        wildcard.set(server.role, found);
      }
      attributes = [...new Set([...(wildcard.get(main.role)?.keys() ?? []), ...(wildcard.get(other.role)?.keys() ?? [])])].sort();
    }
    for (const key of attributes) {
      const attribute = shown.get(key) ?? key;
      const get = (s: IndexedServer, link: string): Entry | undefined =>
        wildcard.size > 0 ? wildcard.get(s.role)?.get(key) : s.byLower.get(`partners.${link}.${attribute}`.toLowerCase());
      const me = get(main, mainLink);
      const oe = get(other, back);
      const mainName = me?.name ?? (wildcard.size > 0 ? oe?.name : undefined) ?? `partners.${mainLink}.${attribute}`;
      const otherName = oe?.name ?? `partners.${back}.${attribute}`;
      if (eff.compare.bothOrNeither === true && (me === undefined) !== (oe === undefined)) {
        const setOn = me !== undefined ? 'Main' : roleName(other.role);
        this.push(c, eff, 'fail', mainName, [main, other], 'oneSided', { attribute, setOn, link: mainLink, backLink: back, otherRole: roleName(other.role) }, { [main.role]: displayValue(me?.setting.value), [other.role]: displayValue(oe?.setting.value) }, { [main.role]: me?.setting.source ?? null, [other.role]: oe?.setting.source ?? null });
        continue;
      }
      if (eff.compare.bothOrNeither === true && me === undefined && oe === undefined) continue;
      if (eff.compare.match === 'same') {
        const mv = me?.setting.value ?? defaults[attribute];
        const ov = oe?.setting.value ?? defaults[attribute];
        const values = { [main.role]: displayValue(me?.setting.value, oe?.setting.value), [other.role]: displayValue(oe?.setting.value, me?.setting.value) };
        const sources = { [main.role]: me?.setting.source ?? null, [other.role]: oe?.setting.source ?? null };
        if (mv === undefined || ov === undefined) {
          const missingOn = mv === undefined && ov === undefined ? `Main and ${roleName(other.role)}` : mv === undefined ? 'Main' : roleName(other.role);
          if (required) {
            this.push(c, eff, 'unknown', mainName, [main, other], 'missing', { setting: mv === undefined ? mainName : otherName, missingOn }, values, sources);
          } else if (mv !== undefined || ov !== undefined) {
            // Set at one end of the link only: that is drift in the exports, not missing evidence.
            this.push(c, eff, 'fail', mainName, [main, other], 'oneSided', { attribute, setOn: mv !== undefined ? 'Main' : roleName(other.role), link: mainLink, backLink: back, otherRole: roleName(other.role) }, values, sources);
          }
          continue;
        }
        const same = valuesEqual(mv, ov, eff.compare);
        const data = { attribute, link: mainLink, linkLabel: linkLabel(mainLink), backLink: back, backLinkLabel: linkLabel(back), mainValue: formatValue(displayValue(mv, ov)), otherValue: formatValue(displayValue(ov, mv)), otherRole: roleName(other.role) };
        this.push(c, eff, same ? 'pass' : 'fail', mainName, [main, other], same ? 'linkEqual' : 'linkDiffers', data, values, sources);
        continue;
      }
      // identity and db.port are checked in both directions: each end must dial the other.
      for (const [from, to, link, entry] of [
        [main, other, mainLink, me],
        [other, main, back, oe],
      ] as const) {
        const setting = `${from.role}:${entry?.name ?? `partners.${link}.${attribute}`}`;
        const dialled = entry?.setting.value ?? defaults[attribute];
        const base = { fromRole: roleName(from.role), toRole: roleName(to.role), link, linkLabel: linkLabel(link), otherRole: roleName(other.role) };
        if (dialled === undefined || dialled === null || dialled === '') {
          if (required) this.push(c, eff, 'unknown', setting, [main, other], 'missing', { setting: `partners.${link}.${attribute}`, missingOn: roleName(from.role) }, { [from.role]: null, [to.role]: null }, { [from.role]: null, [to.role]: null });
          continue;
        }
        if (eff.compare.match === 'identity') {
          const address = String(dialled);
          const names = [...to.identity].sort();
          const values = { [from.role]: displayValue(dialled), [to.role]: names };
          const sources = { [from.role]: entry?.setting.source ?? null, [to.role]: identitySource(to) };
          const ok = resolves(address, to);
          // Not finding an address among names we do not fully know is missing evidence, not drift.
          if (!ok && (isAddress(address) ? !to.knowsAddresses : !to.knowsHostNames)) {
            this.push(c, eff, 'unknown', setting, [main, other], 'noIdentity', { ...base, address }, values, sources);
          } else {
            this.push(c, eff, ok ? 'pass' : 'fail', setting, [main, other], ok ? 'pointsBack' : 'pointsElsewhere', { ...base, address, names: names.join(', ') }, values, sources);
          }
        } else {
          const port = asNumber(dialled);
          const dbEntry = to.byLower.get('db.port');
          const dbPort = asNumber(dbEntry?.setting.value);
          const values = { [from.role]: displayValue(dialled), [to.role]: displayValue(dbEntry?.setting.value) };
          const sources = { [from.role]: entry?.setting.source ?? null, [to.role]: dbEntry?.setting.source ?? null };
          if (port === undefined || dbPort === undefined) {
            this.push(c, eff, 'unknown', setting, [main, other], 'missing', { setting: port === undefined ? `partners.${link}.${attribute}` : 'db.port', missingOn: roleName(port === undefined ? from.role : to.role) }, values, sources);
          } else {
            const ok = port === dbPort;
            this.push(c, eff, ok ? 'pass' : 'fail', setting, [main, other], ok ? 'portMatches' : 'portMismatch', { ...base, port, dbPort }, values, sources);
          }
        }
      }
    }
  }

  // ─── Single-server policies ────────────────────────────────────────────────────────────────────

  policy(c: CompiledRule, eff: Effective, server: IndexedServer, main: IndexedServer): void {
    const test = eff.compare.test;
    const serverName = roleName(server.role);
    if (test === 'allowed-values') {
      const allowed = eff.compare.values ?? [];
      const defaults = new Map(Object.entries(eff.compare.defaults ?? {}).map(([k, v]) => [k.toLowerCase(), v] as const));
      const names = new Map<string, string>();
      for (const s of this.select(c, server)) names.set(s.lower, s.name);
      for (const p of c.patterns) if (p.literal !== undefined && !names.has(p.literal)) names.set(p.literal, p.source);
      for (const [lower, name] of [...names.entries()].sort()) {
        const entry = server.byLower.get(lower);
        const value = entry?.setting.value ?? defaults.get(lower);
        const values = { [server.role]: displayValue(entry?.setting.value) };
        const sources = { [server.role]: entry?.setting.source ?? null };
        if (value === undefined) {
          if (c.rule.evidence === 'required') this.push(c, eff, 'unknown', name, [server], 'missing', { setting: name, missingOn: serverName }, values, sources);
          continue;
        }
        const ok = allowed.some((a) => valuesEqual(value, a as SettingValue, { caseInsensitive: true, unordered: true }));
        const data = { setting: name, server: serverName, value: formatValue(displayValue(value)), expected: allowed.map((a) => formatValue(a)).join(' or ') };
        this.push(c, eff, ok ? 'pass' : 'fail', name, [server], ok ? 'allowed' : 'notAllowed', data, values, sources);
      }
      return;
    }
    if (test === 'max-age') {
      const limit = this.threshold(eff.compare, eff.compare.maxAgeMinutes ?? 15) as number;
      const at = Date.parse(server.snapshot.collected.at);
      const values = { [server.role]: server.snapshot.collected.at ?? null };
      if (Number.isNaN(at)) {
        this.push(c, eff, 'unknown', 'collected.at', [server], 'noTime', { server: serverName }, values, { [server.role]: null });
        return;
      }
      const ageMinutes = round1((this.now.getTime() - at) / 60000);
      const ok = ageMinutes <= limit;
      this.push(c, eff, ok ? 'pass' : 'unknown', 'collected.at', [server], ok ? 'fresh' : 'stale', { server: serverName, ageMinutes, limit }, values, { [server.role]: null });
      return;
    }
    const volumes = databaseVolumes(this.select(c, server), server, eff.compare.defaultVolume);
    if (test === 'volume-exists') {
      for (const v of volumes.paths) {
        const values = { [server.role]: v.value };
        const sources = { [server.role]: v.source };
        const data = { setting: v.setting, server: serverName, volume: v.volume ?? '', value: JSON.stringify(v.value) };
        if (v.volume === undefined) this.push(c, eff, 'unknown', v.setting, [server], 'notLocalPath', data, values, sources);
        else if (!hasDiskEvidence(server)) this.push(c, eff, 'unknown', v.setting, [server], 'noDiskEvidence', data, values, sources);
        else {
          const ok = server.byLower.has(`disk.${v.volume.toLowerCase()}.totalbytes`);
          this.push(c, eff, ok ? 'pass' : 'fail', v.setting, [server], ok ? 'volumePresent' : 'volumeMissing', data, values, sources);
        }
      }
      return;
    }
    if (test === 'min-free-percent') {
      const limit = this.threshold(eff.compare, eff.compare.minFreePercent ?? 10) as number;
      for (const [volume, folders] of volumes.byVolume) {
        const free = server.byLower.get(`disk.${volume.toLowerCase()}.freebytes`);
        const total = server.byLower.get(`disk.${volume.toLowerCase()}.totalbytes`);
        const freeBytes = asNumber(free?.setting.value);
        const totalBytes = asNumber(total?.setting.value);
        const setting = `disk.${volume}.freeBytes`;
        const values = { [server.role]: free === undefined ? null : displayValue(free.setting.value) };
        const sources = { [server.role]: free?.setting.source ?? null };
        const data: Record<string, string | number> = { volume, server: serverName, limit, folders: folders.map((f) => f.replace(/^locations\./i, '')).join(', ') };
        if (freeBytes === undefined || totalBytes === undefined || totalBytes <= 0) {
          this.push(c, eff, 'unknown', setting, [server], 'noDiskEvidence', data, values, sources);
          continue;
        }
        const freePercent = round1((freeBytes / totalBytes) * 100);
        const ok = freePercent >= limit;
        this.push(c, eff, ok ? 'pass' : 'fail', setting, [server], ok ? 'enoughFree' : 'lowFree', { ...data, freePercent }, values, sources);
      }
      return;
    }
    if (test === 'capacity-covers-main-used') {
      const mainVolumes = databaseVolumes(this.select(c, main), main, eff.compare.defaultVolume);
      const used = sumVolumes(main, [...mainVolumes.byVolume.keys()], (free, total) => total - free);
      const capacity = sumVolumes(server, [...volumes.byVolume.keys()], (_free, total) => total);
      const values = { [main.role]: used ?? null, [server.role]: capacity ?? null };
      if (used === undefined || capacity === undefined) {
        const missing = used === undefined ? main : server;
        const volume = [...(used === undefined ? mainVolumes : volumes).byVolume.keys()].join(', ');
        this.push(c, eff, 'unknown', 'disk.*.totalBytes', [main, server], 'noDiskEvidence', { volume, server: roleName(missing.role) }, values, { [main.role]: null, [server.role]: null });
        return;
      }
      const ok = capacity >= used;
      this.push(c, eff, ok ? 'pass' : 'fail', 'disk.*.totalBytes', [main, server], ok ? 'capacityOk' : 'capacityShort', { server: serverName, capacity, used }, values, { [main.role]: null, [server.role]: null });
      return;
    }
    throw new Error(`rule ${c.rule.id}: unknown policy test ${String(test)}`);
  }

  skew(c: CompiledRule, eff: Effective, main: IndexedServer, other: IndexedServer): void {
    const limit = this.threshold(eff.compare, eff.compare.maxSkewMinutes ?? 5) as number;
    const a = Date.parse(main.snapshot.collected.at);
    const b = Date.parse(other.snapshot.collected.at);
    const values = { [main.role]: main.snapshot.collected.at ?? null, [other.role]: other.snapshot.collected.at ?? null };
    const sources = { [main.role]: null, [other.role]: null };
    if (Number.isNaN(a) || Number.isNaN(b)) {
      this.push(c, eff, 'unknown', 'collected.at', [main, other], 'noTime', { server: roleName(Number.isNaN(a) ? main.role : other.role) }, values, sources);
      return;
    }
    const skewMinutes = round1(Math.abs(a - b) / 60000);
    const ok = skewMinutes <= limit;
    this.push(c, eff, ok ? 'pass' : 'unknown', 'collected.at', [main, other], ok ? 'together' : 'apart', { otherRole: roleName(other.role), skewMinutes, limit }, values, sources);
  }
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/** `standbyA` → `Standby A`, `permanentC` → `Permanent C`: the tab and column names of the Server Configuration Tool. */
function linkLabel(link: string): string {
  return link.replace(/^(standby|permanent)([A-D])$/i, (_, kind: string, letter: string) => `${kind[0].toUpperCase()}${kind.slice(1).toLowerCase()} ${letter.toUpperCase()}`);
}

/** An IPv4 or IPv6 address rather than a host name. */
function isAddress(text: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(text) || text.includes(':');
}

/** True when an address (host name, FQDN or IP) is one of the names the server answers to. */
function resolves(address: string, server: IndexedServer): boolean {
  const a = address.trim().toLowerCase();
  if (server.identity.has(a)) return true;
  // A short host name matches an FQDN the server answers to, and the reverse (not for IP addresses).
  if (isAddress(a)) return false;
  const short = a.split('.')[0];
  for (const n of server.identity) if (!isAddress(n) && n.split('.')[0] === short) return true;
  return false;
}

function identitySource(server: IndexedServer): Provenance | null {
  return server.byLower.get('host.names')?.setting.source ?? server.byLower.get('server.label')?.setting.source ?? null;
}

function hasDiskEvidence(server: IndexedServer): boolean {
  for (let i = firstAtOrAfter(server.entries, 'disk.'); i < server.entries.length && server.entries[i].lower.startsWith('disk.'); i++) {
    if (/^disk\.[^.]+\.totalbytes$/.test(server.entries[i].lower)) return true;
  }
  return false;
}

/** Index of the first entry whose lower-cased name is ≥ prefix (entries are sorted by it). */
function firstAtOrAfter(entries: Entry[], prefix: string): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid].lower < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface VolumePath {
  setting: string;
  value: string;
  volume?: string;
  source: Provenance | null;
}

/** The volumes holding the database folders (`locations.*`), or the vendor's default folder's volume. */
function databaseVolumes(selected: Selected[], server: IndexedServer, defaultVolume: string | undefined): { paths: VolumePath[]; byVolume: Map<string, string[]> } {
  const paths: VolumePath[] = [];
  for (const s of selected) {
    const e = server.byLower.get(s.lower) as Entry;
    if (typeof e.setting.value !== 'string' || e.setting.value.trim() === '') continue;
    const m = /^([a-z]):/i.exec(e.setting.value.trim());
    paths.push({ setting: e.name, value: e.setting.value, volume: m === null ? undefined : m[1].toUpperCase(), source: e.setting.source });
  }
  const byVolume = new Map<string, string[]>();
  for (const p of paths) if (p.volume !== undefined) byVolume.set(p.volume, [...(byVolume.get(p.volume) ?? []), p.setting]);
  if (paths.length === 0 && defaultVolume !== undefined) byVolume.set(defaultVolume.toUpperCase(), ['(default location)']);
  return { paths, byVolume: new Map([...byVolume.entries()].sort()) };
}

function sumVolumes(server: IndexedServer, volumes: string[], pick: (free: number, total: number) => number): number | undefined {
  if (volumes.length === 0) return undefined;
  let sum = 0;
  for (const v of volumes) {
    const free = asNumber(server.byLower.get(`disk.${v.toLowerCase()}.freebytes`)?.setting.value);
    const total = asNumber(server.byLower.get(`disk.${v.toLowerCase()}.totalbytes`)?.setting.value);
    if (free === undefined || total === undefined) return undefined;
    sum += pick(free, total);
  }
  return sum;
}

/** The snapshot's fingerprint (sha256 of its canonical JSON), as the snapshot module defines it. */
export function snapshotFingerprint(snapshot: Snapshot): string {
  return fingerprint(snapshot);
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
    cmp(a.ruleId, b.ruleId) ||
    cmp(a.setting.toLowerCase(), b.setting.toLowerCase()) ||
    cmp(a.servers.join(','), b.servers.join(',')) ||
    cmp(a.messageId, b.messageId)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
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
    if (atOrAbove(f.severity, failOn)) {
      if (f.status === 'fail') drift = true;
      if (f.status === 'unknown') incomplete = true;
    }
  }
  return { counts, totals, verdict: drift ? 'drift' : incomplete ? 'incomplete' : 'in-parity' };
}

/**
 * Audits a group: the first server with role `main` against each other server. Pure: the same input and
 * context give the same result, byte for byte once serialised with fast-json-stable-stringify.
 */
export function auditGroup(input: AuditInput, ctx: RunContext): AuditResult {
  const kind = input.kind ?? 'audit';
  const failOn: Severity = kind === 'check' ? 'blocker' : (input.failOn ?? 'warning');
  const config = input.config ?? {};
  const mains = input.servers.filter((s) => s.role === 'main');
  if (mains.length !== 1) throw new PairauditError(`an audit needs exactly one Main server, got ${mains.length}; give the Main first or set --roles`);
  const roles = new Set<Role>();
  for (const s of input.servers) {
    if (roles.has(s.role)) throw new PairauditError(`role ${s.role} is given twice; each server needs its own role (see --roles)`);
    roles.add(s.role);
  }
  if (input.servers.length < 2) throw new PairauditError('an audit needs the Main and at least one other server');
  const servers = input.servers.map((s) => indexServer(s.role, s.snapshot));
  const main = servers.find((s) => s.role === 'main') as IndexedServer;
  const others = servers.filter((s) => s !== main).sort((a, b) => cmp(a.role, b.role));

  const compiled: CompiledRule[] = [];
  for (const rule of input.pack.rules) {
    const configured = config.severity?.[rule.id];
    if (configured === 'off') continue;
    if (rule.appliesTo?.commands !== undefined && !rule.appliesTo.commands.includes(kind)) continue;
    compiled.push({ rule, severity: configured ?? rule.severity, configured: configured !== undefined, patterns: rule.select.map(compilePattern) });
  }
  // Settings claimed by rules that are off or not run in this command stay claimed: the catch-all must not compare them instead.
  const claimers = input.pack.rules.filter((r) => r.compare.kind !== 'catch-all').map((rule) => ({ rule, severity: rule.severity, patterns: rule.select.map(compilePattern) }));

  const ev = new Evaluator(config, ctx.now);
  for (const c of compiled) {
    const types = c.rule.appliesTo?.partnerTypes;
    if (types !== undefined && main.partnersType !== undefined && !types.some((t) => t.toLowerCase() === main.partnersType?.toLowerCase())) continue;
    const k = c.rule.compare.kind;
    const on = c.rule.compare.on ?? 'each';
    const single = k === 'policy' && c.rule.compare.test !== 'capacity-covers-main-used' && c.rule.compare.test !== 'max-skew';
    if (single && on !== 'other' && roleMatches(c.rule.appliesTo?.roles, 'main')) {
      const eff = effectiveFor(c, 'main');
      if (eff !== undefined) ev.policy(c, eff, main, main);
    }
    for (const other of others) {
      if (!roleMatches(c.rule.appliesTo?.roles, other.role)) continue;
      const eff = effectiveFor(c, other.role);
      if (eff === undefined) continue;
      const kindNow = eff.compare.kind;
      if (kindNow === 'policy') {
        if (eff.compare.test === 'max-skew') ev.skew(c, eff, main, other);
        else if (eff.compare.test === 'capacity-covers-main-used') ev.policy(c, eff, other, main);
        else if ((eff.compare.on ?? 'each') !== 'main') ev.policy(c, eff, other, main);
      } else if (kindNow === 'must-mirror') ev.mirror(c, eff, main, other);
      else if (kindNow === 'catch-all') ev.catchAll(c, eff, claimers, main, other);
      else ev.comparePair(c, eff, main, other);
    }
  }

  ev.flushPassCounts();
  const waived = applyWaivers(ev.findings, input.waivers ?? [], ctx.now);
  const findings = waived.findings.sort(compareFindings);
  const { counts, totals, verdict } = summarise(findings, failOn);
  const auditServers: AuditServer[] = input.servers
    .map((s) => ({
      role: s.role,
      label: s.snapshot.server.label,
      ...(s.snapshot.server.hostname !== undefined ? { hostname: s.snapshot.server.hostname } : {}),
      fingerprint: s.fingerprint ?? snapshotFingerprint(s.snapshot),
      collectedAt: s.snapshot.collected.at,
      sources: s.snapshot.collected.sources,
    }))
    .sort((a, b) => (a.role === 'main' ? -1 : b.role === 'main' ? 1 : cmp(a.role, b.role)));
  const result: AuditResult = {
    schemaVersion: 1,
    tool: { name: 'pairaudit', version: ctx.toolVersion },
    generatedAt: ctx.now.toISOString(),
    kind,
    verdict,
    failOn,
    servers: auditServers,
    rulePack: { packs: input.pack.packs, hash: input.pack.hash, ruleCount: input.pack.rules.length },
    counts,
    totals,
    findings,
  };
  if (kind === 'check') result.go = counts.blocker.fail === 0 && counts.blocker.unknown === 0;
  if (waived.report.length > 0) result.waivers = waived.report;
  return result;
}
