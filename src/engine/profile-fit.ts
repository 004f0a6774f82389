// Profile fit in an audit (pure): each server's coverage of the profile's groups; the rules of a group whose
// anchors are absent from an export are unknown (the profile, not the server, is what is wrong); and the
// catch-all's values outside every group's area are reported by key.
import type { AuditServer, Role } from '../types.js';
import type { Profile } from '../snapshot/profile.js';
import { groupAreas, groupOf, outsideEveryArea, profileFit, unclaimedCounts, unclaimedCountsLike, unclaimedKey, type MappingFit, type ProfileFit } from '../snapshot/profile-fit.js';
import type { IndexedServer } from './indexing.js';
import type { CompiledRule } from './selection.js';
import type { Rule } from './types.js';
import { matchesAny } from './patterns.js';
import { roleName } from './values.js';

/** Messages of the findings profile fit reports, whatever the rule's kind. */
export const FIT_MESSAGES = {
  profileUnnamed: '{{rule}} reads {{pattern}}, which the profile "{{profile}}" names no setting as (a mapping renamed or removed?), so it compared nothing — see `pairaudit profile check`',
  profileUnnamedPart: '{{rule}} reads {{pattern}}, which the bundled profile names and the site profile (--profile, "{{profile}}") does not (a mapping renamed or removed?), so that part of the rule compared nothing — see `pairaudit profile check`',
  profileMisfit: '{{setting}} is mapped from {{where}} ({{basis}}); no value is there in {{whose}} — see `pairaudit profile check`',
  groupAbsent: 'No {{group}} setting is in {{whose}} (the profile expects one in every Geo SCADA export, e.g. {{setting}} from {{where}}), so {{rule}} compared nothing; export the whole Geo SCADA key (a partial export?) — see `pairaudit profile check`',
} as const;

/** How many of the largest unclaimed keys a result lists per server. */
const LISTED_UNCLAIMED = 10;

export interface AuditFit {
  profile: Profile;
  byRole: Map<Role, ProfileFit>;
  areas: Map<string, RegExp[]>;
  groupsOfRule: Map<string, string[]>;
}

/** A rule that cannot be judged on some servers: the group whose anchors are absent, and the mapping to name. */
export interface Misfit {
  group: string;
  mapping: MappingFit;
  /** The servers whose exports lack the group, in the order given. */
  roles: Role[];
}

export function fitServers(profile: Profile, servers: IndexedServer[]): AuditFit {
  // A server indexed from another's order holds mostly its names: its unclaimed values are counted from the
  // other's counts and the names only one of them has, not name by name again.
  const counts = new Map<IndexedServer, Map<string, number>>();
  const countsOf = (s: IndexedServer): Map<string, number> => {
    let c = counts.get(s);
    if (c === undefined) {
      const like = s.order.like;
      const base = s.shared?.server;
      if (like !== undefined && base !== undefined) {
        const theirs = base.table.names;
        const ours = s.table.names;
        c = unclaimedCountsLike(
          countsOf(base),
          like.theirsOnly.map((r) => theirs.at(r)),
          like.oursOnly.map((r) => ours.at(r)),
        );
      } else c = unclaimedCounts(s.table.names);
      counts.set(s, c);
    }
    return c;
  };
  return { profile, byRole: new Map(servers.map((s) => [s.role, profileFit(profile, s.snapshot, countsOf(s))])), areas: groupAreas(profile), groupsOfRule: new Map() };
}

/** The server's coverage as the result reports it (`servers[].coverage`). */
export function coverageOf(fit: ProfileFit): NonNullable<AuditServer['coverage']> {
  return {
    profile: fit.profile,
    groups: Object.fromEntries(fit.groups.map((g) => [g.group, { found: g.found, expected: g.expected, assumed: g.assumed }])),
    unclaimed: fit.unclaimed.slice(0, LISTED_UNCLAIMED),
    ...(fit.misfits.length > 0 ? { misfits: fit.misfits } : {}),
  };
}

/**
 * The profile groups a rule's settings belong to: a select pattern's first dotted part (`partners.*.address`
 * → partners), or for a `reg:` pattern the groups whose area holds its first key (`reg:Partners\…`).
 */
function ruleGroups(fit: AuditFit, c: CompiledRule): string[] {
  let groups = fit.groupsOfRule.get(c.rule.id);
  if (groups !== undefined) return groups;
  const found = new Set<string>();
  for (const p of c.patterns) {
    if (p.prefix.startsWith('reg:')) {
      const cut = p.prefix.indexOf('\\', 4);
      if (cut < 0) continue;
      const key = p.prefix.slice(4, cut);
      for (const [group, res] of fit.areas) if (res.some((re) => re.test(key))) found.add(group);
    } else if (p.prefix.includes('.')) {
      const group = groupOf(p.prefix);
      if (fit.areas.has(group)) found.add(group);
    }
  }
  groups = [...found].sort();
  fit.groupsOfRule.set(c.rule.id, groups);
  return groups;
}

/** A setting name a template can produce, to test against a rule's patterns (`partners.{Link:camel}.address` → `partners.standbyA.address`). */
function sampleSetting(template: string, variables: Record<string, string[]>): string {
  return template.replace(/\{([A-Za-z][A-Za-z0-9]*)(:camel)?\}/g, (_, v: string, camel?: string) => {
    const name = variables[v]?.[0] ?? v;
    return camel !== undefined ? name.charAt(0).toLowerCase() + name.slice(1) : name;
  });
}

/**
 * Whether a profile's setting template (`historic.{HistoricType:camel}.keepOnlineWeeks`) can name a setting a glob
 * or literal pattern matches, segment by segment: a literal segment must equal the other's (ignoring case), a
 * known variable any of its values, while a `*` or an open placeholder (`{Driver}`) may be anything in its
 * segment; a `**` matches the rest. Regex patterns are taken as able to match (not read here).
 */
function templateCanName(template: string, variables: Record<string, string[]>, pattern: string): boolean {
  if (pattern.startsWith('/')) return true;
  const t = template.split('.');
  const p = pattern.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i].includes('**')) return true;
    if (i >= t.length) return false;
    if (p[i].includes('*')) continue;
    const segment = t[i];
    const known = /^\{([A-Za-z][A-Za-z0-9]*)(:camel)?\}$/.exec(segment);
    if (known !== null) {
      const values = variables[known[1]];
      if (values === undefined) continue;
      const camel = (v: string): string => (known[2] !== undefined ? v.charAt(0).toLowerCase() + v.slice(1) : v);
      if (!values.some((v) => camel(v).toLowerCase() === p[i].toLowerCase())) return false;
    } else if (segment.includes('{')) continue;
    else if (segment.toLowerCase() !== p[i].toLowerCase()) return false;
  }
  return p.length === t.length;
}

/** Whether `profile` can name a setting `source` selects: see unnamedPattern. Made once per profile. */
type Namer = (source: string) => boolean;
const namers = new WeakMap<Profile, Namer>();

function namerOf(profile: Profile): Namer {
  let namer = namers.get(profile);
  if (namer === undefined) {
    const groups = new Set(profile.mappings.map((m) => groupOf(m.setting)));
    namer = (source) => source.startsWith('/') || source.toLowerCase().startsWith('reg:') || !groups.has(groupOf(source)) || profile.mappings.some((m) => templateCanName(m.setting, profile.variables, source));
    namers.set(profile, namer);
  }
  return namer;
}

/** A select pattern of a rule that reads a group of the profile no mapping of the profile can name, and how much of the rule it leaves. */
export interface UnnamedPattern {
  pattern: string;
  /** True when the rule's other patterns still select: it compares them, not this one. */
  partial: boolean;
}

/**
 * For a rule every select pattern of which reads a group of the profile that no mapping of the profile can name
 * (a site profile that renamed `keepOnlineWeeks` or removed its mapping): its first pattern. Such a rule would
 * select nothing and say nothing. A pattern can select something when the profile can name it, when it is a
 * `reg:` name or regex, or when it reads a setting of no profile group (host, disk and other evidence).
 * With `base`, the profile the rule pack was written for (the bundled one, when a site gives its own): else the
 * first pattern `base` can name and `profile` cannot, as a part of the rule lost to the site's profile (the
 * bundled pack's own patterns that no profile names, read through `reg:` instead, are not lost).
 */
export function unnamedPattern(profile: Profile, rule: Rule, base?: Profile): UnnamedPattern | undefined {
  if (rule.compare.kind === 'catch-all' || rule.select.length === 0) return undefined;
  const named = namerOf(profile);
  if (!rule.select.some(named)) return { pattern: rule.select[0]!, partial: false };
  if (base === undefined || base === profile) return undefined;
  const namedBefore = namerOf(base);
  const lost = rule.select.find((s) => !named(s) && namedBefore(s));
  return lost === undefined ? undefined : { pattern: lost, partial: true };
}

/** The rules of a pack that read settings the profile names nothing as, each with its first such pattern (`profile check`). */
export function rulesUnnamed(profile: Profile, rules: readonly Rule[], base?: Profile): { rule: string; pattern: string; partial: boolean }[] {
  return rules.flatMap((rule) => {
    const unnamed = unnamedPattern(profile, rule, base);
    return unnamed === undefined ? [] : [{ rule: rule.id, ...unnamed }];
  });
}

/** Why the rule cannot be judged on these servers, or undefined when every group it reads fits them. */
export function misfitOf(fit: AuditFit, c: CompiledRule, servers: IndexedServer[]): Misfit | undefined {
  return lacking(fit, c, servers, (f, group) => f.misfits.includes(group));
}

/**
 * An anchored group the rule reads that these servers' exports lack while no value under the root is unclaimed
 * (so not a profile that does not fit: misfitOf): a partial export, or one of a server without those settings.
 * Undefined when every such group is there. The drivers group is not anchored: a driver not installed is not this.
 */
export function absentOf(fit: AuditFit, c: CompiledRule, servers: IndexedServer[]): Misfit | undefined {
  return lacking(fit, c, servers, (f, group) => !f.misfits.includes(group) && f.groups.some((g) => g.group === group && g.anchored && !g.fits));
}

/** The first group the rule reads that `lacks` on some of the servers, with the mapping to name. */
function lacking(fit: AuditFit, c: CompiledRule, servers: IndexedServer[], lacks: (f: ProfileFit, group: string) => boolean): Misfit | undefined {
  for (const group of ruleGroups(fit, c)) {
    const roles = servers.filter((s) => {
      const f = fit.byRole.get(s.role);
      return f !== undefined && lacks(f, group);
    }).map((s) => s.role);
    if (roles.length === 0) continue;
    const g = fit.byRole.get(roles[0])?.groups.find((x) => x.group === group);
    if (g === undefined) continue;
    const mapping = g.mappings.find((m) => matchesAny(c.patterns, sampleSetting(m.setting, fit.profile.variables))) ?? g.mappings.find((m) => m.anchor) ?? g.mappings[0];
    return { group, mapping, roles };
  }
  return undefined;
}

/** The message data of a misfit finding. */
export function misfitData(m: Misfit, compared: Role[]): Record<string, string> {
  const whose = m.roles.length === 1 ? `${m.roles[0] === 'main' ? 'the Main' : roleName(m.roles[0])}'s export` : `the exports of ${m.roles.map(roleName).join(' and ')}`;
  return { setting: m.mapping.setting, where: m.mapping.where, basis: m.mapping.assumed ? 'assumed' : 'confirmed', whose, group: m.group, servers: compared.map(roleName).join(', ') };
}

/**
 * For the catch-all on a pair where either export lacks a group: the key (relative to the root) of an
 * unclaimed value that lies outside every group's area, where the missing settings may be. Undefined for
 * other names, and on pairs whose exports both fit.
 */
export function keyOutsideAreas(fit: AuditFit | undefined, main: IndexedServer, other: IndexedServer): ((name: string) => string | undefined) | undefined {
  if (fit === undefined) return undefined;
  if ([main, other].every((s) => (fit.byRole.get(s.role)?.misfits.length ?? 0) === 0)) return undefined;
  return (name) => {
    const key = unclaimedKey(name);
    return key !== undefined && outsideEveryArea(fit.areas, key) ? key : undefined;
  };
}
