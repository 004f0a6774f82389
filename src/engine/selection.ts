// Selection (pure): rules compiled for one audit, their effective options per role, and the settings they select.
import type { Role, Severity } from '../types.js';
import type { CompareSpec, Rule } from './types.js';
import { matchPattern, roleMatches, type NamePattern } from './patterns.js';
import { firstAtOrAfter, type IndexedServer } from './indexing.js';

/** A rule ready to run: patterns compiled, severity from config applied. */
export interface CompiledRule {
  rule: Rule;
  severity: Severity;
  /** True when the config file set the severity: it then wins over per-role overrides. */
  configured?: boolean;
  patterns: NamePattern[];
}

/** A rule's severity and compare options for one role, after its overrides. */
export interface Effective {
  severity: Severity;
  compare: CompareSpec;
}

/** The rule as it applies to a server of `role`; undefined when an override skips that role. */
export function effectiveFor(c: CompiledRule, role: Role): Effective | undefined {
  let severity = c.severity;
  let compare = c.rule.compare;
  for (const o of c.rule.appliesTo?.overrides ?? []) {
    if (!roleMatches(o.roles, role)) continue;
    if (o.skip === true) return undefined;
    if (o.severity !== undefined && c.configured !== true) severity = o.severity;
    // An override's catch-all `allow` adds to the rule's allow-list; its other options replace the rule's.
    if (o.compare !== undefined) compare = { ...compare, ...o.compare, ...(o.compare.allow !== undefined ? { allow: [...(compare.allow ?? []), ...o.compare.allow] } : {}) };
  }
  return { severity, compare };
}

export interface Selected {
  name: string;
  lower: string;
  captures: string[];
  /** The entry's position in the server's `entries`; -1 for a required name the server does not have. */
  index: number;
}

/** The settings each rule selects on each server, computed once per audit. */
export class Selection {
  private readonly selections = new Map<string, Selected[]>();
  /** Per role, 1 at the position of each entry some rule selects. */
  private readonly claimed = new Map<Role, Uint8Array>();

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

  /** Union of the names the rule selects on both servers, with required literal names added, sorted. */
  pairNames(c: CompiledRule, main: IndexedServer, other: IndexedServer): Selected[] {
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
}
