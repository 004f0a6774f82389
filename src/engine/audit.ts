// Orchestration (pure): indexes the servers, compiles the rules, runs each rule's comparator on the Main and
// every other server, and builds the AuditResult.
import type { AuditResult, AuditServer, Finding, Role, RunContext, Severity, Snapshot, Source } from '../types.js';
import { PairauditError } from '../errors.js';
import type { AuditInput, RulePack } from './types.js';
import { compilePattern, roleMatches } from './patterns.js';
import { applyWaivers } from './waivers.js';
import { fingerprint } from '../snapshot/canonical.js';
import { cmp, indexServer, type IndexedServer } from './indexing.js';
import { effectiveFor, Selection, type CompiledRule, type Effective } from './selection.js';
import { FindingSink, sortFindings, summarise } from './findings.js';
import { comparatorFor, kindMessage } from './comparators/index.js';
import { allowedToDiffer } from './comparators/catch-all.js';
import { groupLinks, linkChoiceReads, type PartnerLink } from './topology.js';
import { ruleRun, type EngineContext } from './comparators/types.js';
import { inventoryRoleFindings } from './roles.js';
import { absentOf, coverageOf, fitServers, misfitData, misfitOf, unnamedPattern, type AuditFit } from './profile-fit.js';
import { groupAmbiguous } from './ambiguous-groups.js';
import { inReading, reportAmbiguous, steeringReadings, withoutJudgedAmbiguous, withSteeredAmbiguous, type Ambiguous, type JudgedOn, type Reading } from './ambiguous.js';

export { atOrAbove, summarise } from './findings.js';

/** The snapshot's fingerprint (sha256 of its canonical JSON), as the snapshot module defines it. */
export function snapshotFingerprint(snapshot: Snapshot): string {
  return fingerprint(snapshot);
}

/**
 * When a group the rule reads is missing from one of these servers' exports (the profile does not fit it),
 * reports the rule unknown on them once, naming the mapping and where it looked, and returns true: the rule
 * is not run there.
 */
function misfit(engine: EngineContext, fit: AuditFit | undefined, c: CompiledRule, servers: IndexedServer[], reported: Set<string>, eff: Effective): boolean {
  if (fit === undefined) return false;
  const m = misfitOf(fit, c, servers);
  if (m === undefined) return false;
  const key = servers.map((s) => s.role).join(',');
  if (reported.has(key)) return true;
  reported.add(key);
  const data = misfitData(m, servers.map((s) => s.role));
  engine.findings.report(c, eff, { status: 'unknown', setting: m.mapping.setting, servers, messageId: 'profileMisfit', data, values: {}, sources: {}, assumed: m.mapping.assumed });
  return true;
}

/**
 * For a rule that said nothing at all: where a group it reads (anchored: the profile expects it in every export)
 * is absent from a compared server's export, one unknown per pair (the whole group for a group comparator). A
 * rule whose settings are all missing would otherwise pass in silence; `required` rules say `missing` themselves.
 */
function reportAbsent(engine: EngineContext, fit: AuditFit, c: CompiledRule, main: IndexedServer, others: IndexedServer[], servers: IndexedServer[]): void {
  const pairs = comparatorFor(c.rule.compare.kind).group !== undefined ? [{ role: 'main' as Role, compared: servers }] : others.filter((o) => roleMatches(c.rule.appliesTo?.roles, o.role)).map((o) => ({ role: o.role, compared: [main, o] }));
  for (const { role, compared } of pairs) {
    const eff = effectiveFor(c, role);
    const m = eff === undefined ? undefined : absentOf(fit, c, compared);
    if (eff === undefined || m === undefined) continue;
    const data = { ...misfitData(m, compared.map((s) => s.role)), rule: c.rule.id };
    engine.findings.report(c, eff, { status: 'unknown', setting: m.mapping.setting, servers: compared, messageId: 'groupAbsent', data, values: {}, sources: {}, assumed: m.mapping.assumed });
  }
}

/** One reading of the group: the Main, the others in role order, every server, and the links between them. */
interface GroupView {
  main: IndexedServer;
  others: IndexedServer[];
  servers: IndexedServer[];
  links: PartnerLink[];
}

/**
 * Runs one rule over a reading of the group. `anyPartnerType`: run it whatever the Main's partners.type (a
 * reading where that value is the other one the evidence gives, see ambiguous.ts).
 */
function runRule(engine: EngineContext, c: CompiledRule, view: GroupView, baseProfile: AuditInput['baseProfile'], anyPartnerType = false): void {
  const { main, others, servers, links } = view;
  const { findings, fit } = engine;
  const types = c.rule.appliesTo?.partnerTypes;
  if (!anyPartnerType && types !== undefined && main.partnersType !== undefined && !types.some((t) => t.toLowerCase() === main.partnersType?.toLowerCase())) return;
  // A rule reading a profile group through a pattern the profile names nothing as: unknown, not silent.
  // A part of a rule lost to a site's profile (a pattern the bundled profile names): unknown, the rest compared.
  // (Not for a rule that applies to no server given: a Permanent Standby's rule in an audit of a pair.)
  const applies = others.some((o) => roleMatches(c.rule.appliesTo?.roles, o.role));
  const unnamed = fit === undefined || !applies ? undefined : unnamedPattern(fit.profile, c.rule, baseProfile);
  if (unnamed !== undefined) {
    const eff = effectiveFor(c, 'main');
    const data = { rule: c.rule.id, pattern: unnamed.pattern, profile: fit?.profile.name ?? '' };
    const messageId = unnamed.partial ? 'profileUnnamedPart' : 'profileUnnamed';
    if (eff !== undefined) findings.report(c, eff, { status: 'unknown', setting: unnamed.pattern, servers, messageId, data, values: {}, sources: {} });
    if (!unnamed.partial) return;
  }
  const said = findings.reportCount;
  const misfits = new Set<string>();
  // A Main whose export lacks the rule's group: the pairs below report it unknown, naming the mapping.
  if (fit === undefined || misfitOf(fit, c, [main]) === undefined) comparatorFor(c.rule.compare.kind).onMain?.(engine, c, main);
  for (const other of others) {
    if (!roleMatches(c.rule.appliesTo?.roles, other.role)) continue;
    const eff = effectiveFor(c, other.role);
    if (eff === undefined || misfit(engine, fit, c, [main, other], misfits, eff)) continue;
    // An override may change the kind for a role (e.g. a policy on a Permanent Standby).
    const comparator = comparatorFor(eff.compare.kind);
    if (comparator.compare !== undefined) comparator.compare(ruleRun(engine, c, eff), main, other);
  }
  // Link comparators run over every link of the group; the rule applies as for the link's later end.
  for (const link of links) {
    const role = link.b.server.role;
    if (!roleMatches(c.rule.appliesTo?.roles, role)) continue;
    const eff = effectiveFor(c, role);
    if (eff === undefined || misfit(engine, fit, c, [link.a.server, link.b.server], misfits, eff)) continue;
    const comparator = comparatorFor(eff.compare.kind);
    if (comparator.link !== undefined) comparator.link(ruleRun(engine, c, eff), link);
  }
  // Group comparators look at every server at once; the rule applies as for the Main.
  const group = comparatorFor(c.rule.compare.kind).group;
  const eff = group === undefined ? undefined : effectiveFor(c, 'main');
  if (group !== undefined && eff !== undefined && !misfit(engine, fit, c, servers, misfits, eff)) group(ruleRun(engine, c, eff), servers);
  if (fit !== undefined && findings.reportCount === said) reportAbsent(engine, fit, c, main, others, servers);
}

/** Whether a rule (or an override of it) runs over the links or the whole group: the roles decide which links exist and where. */
function topological(c: CompiledRule): boolean {
  const kinds = [c.rule.compare.kind, ...(c.rule.appliesTo?.overrides ?? []).flatMap((o) => (o.compare?.kind !== undefined ? [o.compare.kind] : []))];
  return kinds.some((k) => comparatorFor(k).link !== undefined || comparatorFor(k).group !== undefined);
}

/**
 * What a finding was judged on (FindingSpec.reads), with, for a link comparator's finding, which link each end uses
 * (topology's linkChoiceReads): an address tried before the one chosen, given two values, may choose another link.
 */
function judgedOnLinks(compiled: readonly CompiledRule[], links: readonly PartnerLink[], judgedOn: (f: Finding) => JudgedOn | undefined): (f: Finding) => JudgedOn | undefined {
  const byEnds = new Map(links.map((l) => [`${l.a.server.role},${l.b.server.role}`, l]));
  const byId = new Map(compiled.map((c) => [c.rule.id, c]));
  return (f) => {
    const on = judgedOn(f);
    const link = f.servers.length === 2 ? byEnds.get(f.servers.join(',')) : undefined;
    const c = link === undefined ? undefined : byId.get(f.ruleId);
    const eff = c === undefined || link === undefined ? undefined : (on?.eff ?? effectiveFor(c, link.b.server.role));
    if (c === undefined || link === undefined || eff === undefined || comparatorFor(eff.compare.kind).link === undefined) return on;
    return { c: on?.c ?? c, eff, reads: [...(on?.reads ?? []), ...linkChoiceReads(link)] };
  };
}

/**
 * The findings of a reading's rules in that reading (ambiguous.ts): the swapped server with its other role (the
 * links drawn again), or the Main's other partner type; with what the evidence gives two values for as in the audit.
 */
function runReading(r: Reading, at: { servers: IndexedServer[]; engine: EngineContext; baseProfile: AuditInput['baseProfile']; ambiguous: Ambiguous[] }): Finding[] {
  const swap = r.swap;
  const servers = swap === undefined ? at.servers : at.servers.map((s) => (s === swap.server ? { ...s, role: swap.role } : s));
  const main = servers.find((s) => s.role === 'main') as IndexedServer;
  const others = servers.filter((s) => s !== main).sort((a, b) => cmp(a.role, b.role));
  const sink = new FindingSink(kindMessage);
  const fit = at.engine.fit === undefined || swap === undefined ? at.engine.fit : { ...at.engine.fit, byRole: new Map([...at.engine.fit.byRole].map(([role, f]) => [role === swap.server.role ? swap.role : role, f])) };
  // A Selection of its own: it keeps what it found by role.
  const engine: EngineContext = { ...at.engine, selection: new Selection(), findings: sink, ...(fit !== undefined ? { fit } : {}) };
  const view: GroupView = { main, others, servers, links: groupLinks(servers) };
  for (const c of r.rules) runRule(engine, c, view, at.baseProfile, r.anyPartnerType === true);
  sink.flush();
  return withoutJudgedAmbiguous(sink.findings, inReading(at.ambiguous, r), judgedOnLinks(r.rules, view.links, (f) => sink.judgedOnOf(f)), (f, on, id, data) => sink.restate(f, on, id, data));
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
  // The Main first; the others are indexed from its order (they hold mostly the same names).
  const mainAt = input.servers.findIndex((s) => s.role === 'main');
  const main = indexServer('main', input.servers[mainAt].snapshot);
  const servers = input.servers.map((s, i) => (i === mainAt ? main : indexServer(s.role, s.snapshot, main)));
  const others = servers.filter((s) => s !== main).sort((a, b) => cmp(a.role, b.role));

  const compiled: CompiledRule[] = [];
  const severityOverrides: NonNullable<AuditResult['severityOverrides']> = [];
  for (const rule of input.pack.rules) {
    const configured = config.severity?.[rule.id];
    if (rule.appliesTo?.commands !== undefined && !rule.appliesTo.commands.includes(kind)) continue;
    if (configured !== undefined && configured !== rule.severity) severityOverrides.push({ ruleId: rule.id, severity: rule.severity, configured });
    if (configured === 'off') continue;
    compiled.push({ rule, severity: configured ?? rule.severity, configured: configured !== undefined, patterns: rule.select.map(compilePattern) });
  }
  // Settings claimed by rules that are off or not run in this command stay claimed: the catch-all must not compare them instead.
  const claimers = input.pack.rules.filter((r) => r.compare.kind !== 'catch-all').map((rule) => ({ rule, severity: rule.severity, patterns: rule.select.map(compilePattern) }));

  const links = groupLinks(servers);
  const findings = new FindingSink(kindMessage);
  const fit = input.profile === undefined ? undefined : fitServers(input.profile, servers);
  const engine: EngineContext = { selection: new Selection(), findings, config, now: ctx.now, claimers, ...(fit !== undefined ? { fit } : {}) };
  // Every rule's patterns on the Main at once (those of one prefix in one walk), before the first rule reads them.
  engine.selection.prepare([...compiled, ...claimers].flatMap((c) => c.patterns), main);
  const view: GroupView = { main, others, servers, links };
  for (const c of compiled) runRule(engine, c, view, input.baseProfile);

  // A setting the evidence gives two values for: unknown, whatever the rule made of the one kept.
  const warningsOf = (role: Role): Snapshot['warnings'] => input.servers.find((s) => s.role === role)?.snapshot.warnings;
  const ambiguous = reportAmbiguous(findings, compiled, servers, warningsOf, { claimers, allowed: (eff, setting) => allowedToDiffer(eff.compare, config, setting) });
  findings.flush();
  let judged = withoutJudgedAmbiguous(findings.findings, ambiguous, judgedOnLinks(compiled, links, (f) => findings.judgedOnOf(f)), (f, on, id, data) => findings.restate(f, on, id, data));
  // A Standby's or the Main's partners.type given two values: the rules it steers, judged in the other reading too.
  const readings = steeringReadings(ambiguous, servers, compiled, warningsOf, topological);
  for (const r of readings) {
    const other = r.none === true ? [] : runReading(r, { servers, engine, baseProfile: input.baseProfile, ambiguous });
    judged = withSteeredAmbiguous(judged, r, other, (f, on, id, data) => findings.restate(f, on, id, data));
  }
  // One unknown per link (or other key) of a rule that a reading judges otherwise, or that reads an ambiguous
  // setting besides its own, not one per attribute.
  if (ambiguous.length > 0) judged = groupAmbiguous(judged, (first, id, data) => {
    const c = compiled.find((x) => x.rule.id === first.ruleId) as CompiledRule;
    return findings.render(c, { severity: first.severity, compare: c.rule.compare }, id, data);
  });
  judged.push(...inventoryRoleFindings(input.servers));
  // A waiver that names its servers applies only where each role is held by that server (label or host name).
  const serverNames = new Map(input.servers.map((s) => [s.role, [s.snapshot.server.label, s.snapshot.server.hostname].filter((n): n is string => n !== undefined).map((n) => n.toLowerCase())] as const));
  const waived = applyWaivers(judged, input.waivers ?? [], ctx.now, serverNames);
  const sorted = sortFindings(waived.findings);
  const { counts, totals, verdict } = summarise(sorted, failOn);
  const auditServers: AuditServer[] = input.servers
    .map((s) => ({
      role: s.role,
      label: s.snapshot.server.label,
      ...(s.snapshot.server.hostname !== undefined ? { hostname: s.snapshot.server.hostname } : {}),
      fingerprint: s.fingerprint ?? snapshotFingerprint(s.snapshot),
      ...(s.snapshot.collected.at !== undefined ? { collectedAt: s.snapshot.collected.at } : {}),
      ...(s.recordedRole !== undefined && s.recordedRole !== s.role ? { recordedRole: s.recordedRole } : {}),
      sources: s.snapshot.collected.sources,
      ...(s.snapshot.warnings !== undefined && s.snapshot.warnings.length > 0 ? { warnings: s.snapshot.warnings } : {}),
      ...(fit !== undefined ? { coverage: coverageOf(fit.byRole.get(s.role) as NonNullable<ReturnType<AuditFit['byRole']['get']>>) } : {}),
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
    findings: sorted,
  };
  if (kind === 'check') result.go = counts.blocker.fail === 0 && counts.blocker.unknown === 0;
  const sources = citedSources(input.pack, sorted);
  if (sources !== undefined) result.sources = sources;
  if (waived.report.length > 0) result.waivers = waived.report;
  if (severityOverrides.length > 0) result.severityOverrides = severityOverrides.sort((a, b) => cmp(a.ruleId, b.ruleId));
  return result;
}

/** The title and URL of every document the findings cite, by tag (sorted); undefined when they cite none. */
function citedSources(pack: RulePack, findings: Finding[]): Record<string, Source> | undefined {
  const cited = new Set(findings.flatMap((f) => f.references ?? []));
  if (cited.size === 0) return undefined;
  const out: Record<string, Source> = {};
  const byTag = new Map(pack.rules.flatMap((r) => r.references.map((ref) => [ref.tag, ref] as const)));
  for (const tag of [...cited].sort()) {
    const ref = byTag.get(tag);
    if (ref !== undefined) out[tag] = { title: ref.title, url: ref.url };
  }
  return out;
}
