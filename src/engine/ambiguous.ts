// Settings a server's evidence gives more than one value for (pure): two values that meet in one name, or a later
// export of a bundle that replaces an earlier one's value. Collection keeps one and warns, naming the setting; the
// rules compare the one kept, so a pass could rest on a value the evidence contradicts. Each such setting is
// reported unknown by the rule that reads it at the highest severity (else the catch-all), at that severity: a
// blocker's setting makes `check` NO-GO. A pass or fail of another rule that rests on it (a partner's db.port,
// FindingSpec.reads) is unknown as well, at that rule's severity.
import type { Finding, Role, Severity } from '../types.js';
import stringify from 'fast-json-stable-stringify';
import type { IndexedServer } from './indexing.js';
import type { FindingSpec, SettingRead } from './finding-spec.js';
import { matchesAny, roleMatches } from './patterns.js';
import { effectiveFor, type CompiledRule, type Effective } from './selection.js';
import { ROLES, roleName } from './values.js';
import { renderMessage } from './messages.js';

export const AMBIGUITY_MESSAGES = {
  valueAmbiguous: '{{whose}} evidence gives {{setting}} more than one value ({{where}}: {{warning}}); the rules compared the one kept, so it is not judged',
  relatedAmbiguous: '{{setting}} is not judged: the check reads {{related}}, which {{whose}} evidence gives more than one value ({{where}}: {{warning}}), and the value kept may not be the one in use',
  relatedAmbiguousGroup: '{{setting}}: {{count}} settings are not judged ({{names}}): the check reads {{related}}, which {{whose}} evidence gives more than one value ({{where}}: {{warning}}), and the value kept may not be the one in use',
  steeredAmbiguous: '{{setting}} is not judged: {{whose}} evidence gives {{related}} more than one value ({{where}}: {{warning}}), and {{how}}; judged at the severity of the stricter reading',
  steeredAmbiguousGroup: '{{setting}}: {{count}} settings are not judged ({{names}}): {{whose}} evidence gives {{related}} more than one value ({{where}}: {{warning}}), and {{how}}; judged at the severity of the stricter reading',
} as const;

/**
 * Added to the message of an unknown (its own reason kept: missing, not a number, stale) whose severity only the
 * other reading raised: why it is a blocker where the reading kept would make it a warning.
 */
export const RAISED_NOTE = 'reported at {{severity}}, not {{kept}}, as the stricter reading: {{whose}} evidence gives {{related}} more than one value ({{where}}: {{warning}}), and {{how}}';

/** What a pass or fail was judged on beyond its own setting: its rule as run, and the settings it read. */
export interface JudgedOn {
  c: CompiledRule;
  eff: Effective;
  reads: readonly SettingRead[];
}

/** A warning of a snapshot that names the setting whose other value collection dropped. */
export interface AmbiguityWarning {
  file: string;
  line?: number;
  message: string;
  setting?: string;
}

/** What the engine knows of the rules beside those it runs: for reportAmbiguous. */
export interface AmbiguityContext {
  /** Every rule of the pack that selects settings (the catch-all's `claimers`): run in this command or not, on or off. */
  claimers: readonly { patterns: CompiledRule['patterns'] }[];
  /** Whether the catch-all lets the setting differ (its allow-list and the config file's): nothing to judge. */
  allowed: (eff: Effective, setting: string) => boolean;
}

const RANK: Record<Severity, number> = { blocker: 0, warning: 1, info: 2 };

/**
 * Reports each setting a server's warnings name (`setting`) unknown, once per server and setting, by the rule of
 * `compiled` (those this command runs) that reads it on that server at the highest severity: an info site rule
 * beside a blocker must not lower it. A setting no running rule reads is the catch-all's, unless a rule that is off
 * or not run here claims it (the site switched it off) or the allow-list lets it differ.
 */
export function reportAmbiguous(findings: { report(c: CompiledRule, eff: Effective, f: FindingSpec): void }, compiled: readonly CompiledRule[], servers: readonly IndexedServer[], warningsOf: (role: Role) => readonly AmbiguityWarning[] | undefined, ctx: AmbiguityContext): Ambiguous[] {
  const reported: Ambiguous[] = [];
  const main = servers.find((s) => s.role === 'main');
  if (main === undefined) return reported;
  const catchAll = compiled.find((c) => c.rule.compare.kind === 'catch-all');
  for (const server of servers) {
    const seen = new Set<string>();
    for (const w of warningsOf(server.role) ?? []) {
      const setting = w.setting;
      if (setting === undefined || seen.has(setting.toLowerCase())) continue;
      seen.add(setting.toLowerCase());
      const where = w.line === undefined ? w.file : `${w.file} line ${w.line}`;
      const ambiguous: Ambiguous = { role: server.role, setting: setting.toLowerCase(), name: setting, where, warning: w.message };
      reported.push(ambiguous);
      // A server whose partners.type is ambiguous may be of the other kind: the rule that reads the setting at the
      // highest severity in any reading reports it.
      const reporter = strictest([server.role, ...otherKind(server, servers, warningsOf)].map((role) => readerOf(compiled, role, setting) ?? unclaimed(catchAll, role, setting, ctx)));
      if (reporter === undefined) continue;
      const { c, eff } = reporter;
      ambiguous.reporter = c.rule.id;
      const whose = server.role === 'main' ? "The Main's" : `${roleName(server.role)}'s`;
      findings.report(c, eff, {
        status: 'unknown',
        setting,
        servers: server === main ? [...servers] : [main, server],
        messageId: 'valueAmbiguous',
        data: { whose, setting, where, warning: w.message },
        values: {},
        sources: { [server.role]: w.line === undefined ? { file: w.file } : { file: w.file, line: w.line } },
      });
    }
  }
  return reported;
}

/** A setting a server's evidence gives more than one value: its role, its name (and in lower case), the warning. */
export interface Ambiguous {
  role: Role;
  /** Lower case. */
  setting: string;
  /** As the warning names it. */
  name: string;
  /** The warning's file (and line), and its text. */
  where: string;
  warning: string;
  /** The rule that reported it unknown (`valueAmbiguous`); none when no rule run here reads it as its own. */
  reporter?: string;
}

/**
 * The findings without those that judged an ambiguous setting on the value kept (its pass or fail on that server):
 * the unknown its reporter gave stands in their place (a fail on a stale value was drift that may not be there).
 * A pass or fail that read an ambiguous setting besides its own (`judgedOn`: FindingSpec.reads) becomes an
 * unknown of its rule (`restate`, `relatedAmbiguous`), unless that rule reported the setting itself.
 */
export function withoutJudgedAmbiguous(findings: Finding[], ambiguous: readonly Ambiguous[], judgedOn: (f: Finding) => JudgedOn | undefined, restate: (f: Finding, on: JudgedOn, messageId: 'relatedAmbiguous', data: Record<string, string>) => Finding): Finding[] {
  if (ambiguous.length === 0) return findings;
  const reported = ambiguous.filter((a) => a.reporter !== undefined);
  const out: Finding[] = [];
  const restated = new Set<string>();
  for (const f of findings) {
    if (f.status !== 'pass' && f.status !== 'fail') {
      out.push(f);
      continue;
    }
    if (reported.some((a) => a.setting === f.setting.toLowerCase() && f.servers.includes(a.role))) continue;
    const on = judgedOn(f);
    const read = on === undefined ? undefined : ambiguous.find((a) => on.reads.some((r) => r.role === a.role && r.setting.toLowerCase() === a.setting));
    if (on === undefined || read === undefined) {
      out.push(f);
      continue;
    }
    // The rule's own setting: its valueAmbiguous finding stands for this one.
    if (read.reporter === f.ruleId) continue;
    const key = `${f.ruleId}\u0000${f.setting}\u0000${f.servers.join(',')}\u0000${read.role}\u0000${read.setting}`;
    if (restated.has(key)) continue;
    restated.add(key);
    const whose = read.role === 'main' ? "the Main's" : `${roleName(read.role)}'s`;
    out.push(restate(f, on, 'relatedAmbiguous', { setting: f.setting, related: read.name, whose, where: read.where, warning: read.warning }));
  }
  return out;
}

/** The running rule that reads `setting` on a server of `role` at the highest severity (the first of equals). */
function readerOf(compiled: readonly CompiledRule[], role: Role, setting: string): { c: CompiledRule; eff: Effective } | undefined {
  let best: { c: CompiledRule; eff: Effective } | undefined;
  for (const c of compiled) {
    if (c.rule.compare.kind === 'catch-all' || !matchesAny(c.patterns, setting)) continue;
    if (role !== 'main' && !roleMatches(c.rule.appliesTo?.roles, role)) continue;
    const eff = effectiveFor(c, role);
    if (eff !== undefined && (best === undefined || RANK[eff.severity] < RANK[best.eff.severity])) best = { c, eff };
  }
  return best;
}

/** The catch-all, for a setting no rule of the pack claims and its allow-list does not let differ. */
function unclaimed(catchAll: CompiledRule | undefined, role: Role, setting: string, ctx: AmbiguityContext): { c: CompiledRule; eff: Effective } | undefined {
  if (catchAll === undefined || ctx.claimers.some((r) => matchesAny(r.patterns, setting))) return undefined;
  const eff = effectiveFor(catchAll, role);
  return eff === undefined || ctx.allowed(eff, setting) ? undefined : { c: catchAll, eff };
}

/** The reporter of the highest severity (the first of equals). */
function strictest(found: ({ c: CompiledRule; eff: Effective } | undefined)[]): { c: CompiledRule; eff: Effective } | undefined {
  let best: { c: CompiledRule; eff: Effective } | undefined;
  for (const r of found) if (r !== undefined && (best === undefined || RANK[r.eff.severity] < RANK[best.eff.severity])) best = r;
  return best;
}

/** The setting that steers which rules run on a server and how: whether it is a Standby or a Permanent Standby, the Main's partner type. */
export const STEERING_SETTING = 'partners.type';

const isPermanentRole = (role: Role): boolean => role.startsWith('permanent-');

/**
 * The roles a server other than the Main could have if its partners.type is ambiguous: those of the other kind
 * (a Standby's, a Permanent Standby's) that no server of the group holds. None when it is not ambiguous.
 */
function otherKind(server: IndexedServer, servers: readonly IndexedServer[], warningsOf: (role: Role) => readonly AmbiguityWarning[] | undefined): Role[] {
  if (server.role === 'main' || !(warningsOf(server.role) ?? []).some((w) => w.setting?.toLowerCase() === STEERING_SETTING)) return [];
  const kind = isPermanentRole(server.role) ? 'standby-' : 'permanent-';
  return ROLES.filter((r) => r.startsWith(kind) && !servers.some((s) => s.role === r));
}

/**
 * Another reading of the group that an ambiguous steering setting allows: a server read with a role of the other
 * kind (`swap`), or the Main's other partner type (rules of `appliesTo.partnerTypes` run whatever it is, or not at
 * all: `none`). `rules`: those the reading may judge otherwise, run again in it.
 */
export interface Reading {
  cause: Ambiguous;
  rules: CompiledRule[];
  swap?: { server: IndexedServer; role: Role };
  anyPartnerType?: boolean;
  none?: boolean;
  /** Why the rules judge otherwise, for the message (`how`). */
  how: string;
}

/** How a rule treats a server of `role`: whether it applies, and its severity and options there. */
const treatment = (c: CompiledRule, role: Role): string => stringify({ applies: roleMatches(c.rule.appliesTo?.roles, role), eff: effectiveFor(c, role) ?? null });

const kindName = (role: Role): string => (isPermanentRole(role) ? 'a Permanent Standby' : 'a Standby');

/**
 * The readings the ambiguous steering settings allow. A server's partners.type says whether it is a Standby or a
 * Permanent Standby (collection gives it its role by it): a rule that treats the two kinds differently (`appliesTo.roles`,
 * an override), and every rule over the links or the whole group (`topological`: which links exist, and which
 * column points where, follow the roles), may judge it otherwise. The Main's partners.type decides the rules of
 * `appliesTo.partnerTypes` (unless they name every type).
 */
export function steeringReadings(ambiguous: readonly Ambiguous[], servers: readonly IndexedServer[], compiled: readonly CompiledRule[], warningsOf: (role: Role) => readonly AmbiguityWarning[] | undefined, topological: (c: CompiledRule) => boolean): Reading[] {
  const readings: Reading[] = [];
  for (const cause of ambiguous) {
    if (cause.setting !== STEERING_SETTING) continue;
    const server = servers.find((s) => s.role === cause.role);
    if (server === undefined) continue;
    if (server.role === 'main') {
      const typed = compiled.filter((c) => c.rule.appliesTo?.partnerTypes !== undefined && c.rule.appliesTo.partnerTypes.length < 4);
      const kept = server.partnersType ?? '';
      const holds = (c: CompiledRule): boolean => c.rule.appliesTo?.partnerTypes?.some((t) => t.toLowerCase() === kept.toLowerCase()) === true;
      for (const applied of [true, false]) {
        const rules = typed.filter((c) => holds(c) === applied);
        if (rules.length === 0) continue;
        const how = applied ? `the rule applies to a Main of some partner types only: the value kept, ${kept}, is one, the other may not be` : `the rule applies to a Main of some partner types only: the value kept, ${kept}, is not one, the other may be`;
        readings.push(applied ? { cause, rules, none: true, how } : { cause, rules, anyPartnerType: true, how });
      }
      continue;
    }
    for (const role of otherKind(server, servers, warningsOf)) {
      const rules = compiled.filter((c) => topological(c) || treatment(c, server.role) !== treatment(c, role));
      const how = `${roleName(server.role)}, audited as ${kindName(server.role)}, would be judged otherwise as ${kindName(role)} (${roleName(role)})`;
      if (rules.length > 0) readings.push({ cause, rules, swap: { server, role }, how });
    }
  }
  return readings;
}

/** The ambiguous settings as a reading names the servers (the swapped server by its role there). */
export function inReading(ambiguous: readonly Ambiguous[], reading: Reading): Ambiguous[] {
  const swap = reading.swap;
  return swap === undefined ? [...ambiguous] : ambiguous.map((a) => (a.role === swap.server.role ? { ...a, role: swap.role } : a));
}

/** A finding of a reading, its swapped server named by its role in the audit. */
function back(f: Finding, reading: Reading): Finding {
  const swap = reading.swap;
  if (swap === undefined || !f.servers.includes(swap.role)) return f;
  const [from, to] = [swap.role, swap.server.role];
  const rename = <T>(r: Partial<Record<Role, T>>): Partial<Record<Role, T>> => Object.fromEntries(Object.entries(r).map(([k, v]) => [k === from ? to : k, v])) as Partial<Record<Role, T>>;
  const setting = f.setting.startsWith(`${from}:`) ? `${to}:${f.setting.slice(from.length + 1)}` : f.setting;
  return { ...f, setting, servers: f.servers.map((r) => (r === from ? to : r)), values: rename(f.values), sources: rename(f.sources) };
}

const keyOf = (f: Finding): string => `${f.ruleId}\u0000${f.setting.toLowerCase()}\u0000${f.servers.join(',')}`;
const pairKeyOf = (f: Finding): string => `${f.ruleId}\u0000${f.servers.join(',')}`;
const outcome = (list: readonly Finding[]): string => list.map((f) => `${f.status} ${f.severity} ${f.messageId}`).sort().join('\n');

/** Whether a setting is judged otherwise in a reading: the severity of the stricter reading, else undefined (the same, or a pass in both). */
function judgedOtherwise(kept: readonly Finding[], other: readonly Finding[]): Severity | undefined {
  if (outcome(kept) === outcome(other)) return undefined;
  let severity: Severity | undefined;
  for (const f of [...kept, ...other]) if (f.status !== 'pass' && (severity === undefined || RANK[f.severity] < RANK[severity])) severity = f.severity;
  return severity;
}

function groupByKey(findings: readonly Finding[]): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const f of findings) {
    const k = keyOf(f);
    const list = out.get(k);
    if (list === undefined) out.set(k, [f]);
    else list.push(f);
  }
  return out;
}

/**
 * The findings with those a reading judges otherwise made unknown (`steeredAmbiguous`), at the severity of the
 * stricter reading: a setting, on the same servers, whose findings of a rule differ in the reading (`other`, the
 * findings it gives) and are not a pass in both. A pass or fail becomes one unknown; an unknown keeps its message
 * at the stricter severity, with RAISED_NOTE when that raised it; what only the reading finds (a rule the value
 * kept skips) is added as an unknown.
 */
export function withSteeredAmbiguous(findings: Finding[], reading: Reading, other: readonly Finding[], restate: (f: Finding, on: JudgedOn, messageId: 'steeredAmbiguous', data: Record<string, string>) => Finding): Finding[] {
  const rules = new Map(reading.rules.map((c) => [c.rule.id, c]));
  const kept = groupByKey(findings.filter((f) => rules.has(f.ruleId)));
  const theirs = groupByKey(other.filter((f) => rules.has(f.ruleId)).map((f) => back(f, reading)));
  const { cause } = reading;
  const whose = cause.role === 'main' ? "the Main's" : `${roleName(cause.role)}'s`;
  const unknown = (f: Finding, severity: Severity): Finding => {
    const c = rules.get(f.ruleId) as CompiledRule;
    return restate(f, { c, eff: { severity, compare: c.rule.compare }, reads: [] }, 'steeredAmbiguous', { setting: f.setting, related: cause.name, whose, where: cause.where, warning: cause.warning, how: reading.how });
  };
  // An unknown either way, the other reading's stricter: its own reason stays, and the message says why it is raised
  // (`data.steeredBy`: the setting; `data.keptSeverity`: the severity of the reading kept).
  const raised = (f: Finding, severity: Severity): Finding => {
    const note = renderMessage(RAISED_NOTE, { severity, kept: f.severity, whose, related: cause.name, where: cause.where, warning: cause.warning, how: reading.how });
    return { ...f, severity, data: { ...f.data, steeredBy: cause.name, keptSeverity: f.severity }, message: `${f.message}; ${note}` };
  };
  // What only the reading finds, and the servers it is about: a pass of the rule on those servers, under another
  // name (`partners.*.address`), that the reading does not give either rested on the value kept.
  const added: Finding[] = [];
  for (const [k, list] of theirs) {
    const severity = kept.has(k) ? undefined : judgedOtherwise([], list);
    if (severity !== undefined) added.push(unknown(list.find((f) => f.status !== 'pass') as Finding, severity));
  }
  const contradicted = new Set(added.map(pairKeyOf));
  const out: Finding[] = [];
  const restated = new Set<string>();
  for (const f of findings) {
    const k = keyOf(f);
    const severity = rules.has(f.ruleId) ? judgedOtherwise(kept.get(k) ?? [], theirs.get(k) ?? []) : undefined;
    if (severity === undefined) {
      if (f.status !== 'pass' || theirs.has(k) || !contradicted.has(pairKeyOf(f)) || !rules.has(f.ruleId)) out.push(f);
    } else if (f.status === 'unknown') out.push(RANK[f.severity] <= RANK[severity] ? f : raised(f, severity));
    else if (!restated.has(k)) {
      restated.add(k);
      out.push(unknown(f, severity));
    }
  }
  for (const f of added) out.push(f);
  return out;
}
