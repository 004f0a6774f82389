// Settings a server's evidence gives more than one value for (pure): two values that meet in one name, or a later
// export of a bundle that replaces an earlier one's value. Collection keeps one and warns, naming the setting; the
// rules compare the one kept, so a pass could rest on a value the evidence contradicts. Each such setting is
// reported unknown by the rule that reads it at the highest severity (else the catch-all), at that severity: a
// blocker's setting makes `check` NO-GO. A pass or fail of another rule that rests on it (a partner's db.port,
// FindingSpec.reads) is unknown as well, at that rule's severity.
import type { Finding, Role, Severity } from '../types.js';
import type { IndexedServer } from './indexing.js';
import type { FindingSpec, SettingRead } from './finding-spec.js';
import { matchesAny, roleMatches } from './patterns.js';
import { effectiveFor, type CompiledRule, type Effective } from './selection.js';
import { roleName } from './values.js';

export const AMBIGUITY_MESSAGES = {
  valueAmbiguous: '{{whose}} evidence gives {{setting}} more than one value ({{where}}: {{warning}}); the rules compared the one kept, so it is not judged',
  relatedAmbiguous: '{{setting}} is not judged: the check reads {{related}}, which {{whose}} evidence gives more than one value ({{where}}: {{warning}}), and the value kept may not be the one in use',
} as const;

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
      const reporter = readerOf(compiled, server.role, setting) ?? unclaimed(catchAll, server.role, setting, ctx);
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
