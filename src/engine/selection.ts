// Selection (pure): rules compiled for one audit, their effective options per role, and the settings they select.
import type { Role, Severity } from '../types.js';
import type { CompareSpec, Rule } from './types.js';
import { matchPattern, roleMatches, type NamePattern } from './patterns.js';
import { firstAtOrAfter, indexOf, type IndexedServer } from './indexing.js';
import { joinServers, type PairJoin } from './join.js';

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

/**
 * The names a rule compares on a pair, sorted by lower-cased name: the union of both servers' selections
 * (the Main's `Selected` where both have the name), with required literal names neither has added.
 */
export interface PairNames {
  names: Selected[];
  /** Per name, its position in the Main's and the other server's sorted arrays; -1 where absent. */
  mainAt: number[];
  otherAt: number[];
  /** Per name, 1 when both servers hold it with the same value (equal under every comparison option). */
  same: number[];
}

/** The settings each rule selects on each server, and the join of each pair, computed once per audit. */
export class Selection {
  private readonly selections = new Map<string, Selected[]>();
  /** Per role, 1 at the position of each entry some rule selects. */
  private readonly claimed = new Map<Role, Uint8Array>();
  private readonly joins = new Map<string, PairJoin>();

  /** Settings of `server` that the rule selects (cached: the Main is selected once for every pair). */
  select(c: CompiledRule, server: IndexedServer): Selected[] {
    const key = `${c.rule.id}\u0000${server.role}`;
    const cached = this.selections.get(key);
    if (cached !== undefined) return cached;
    const out: Selected[] = [];
    // A name two patterns match is selected once (one pattern matches each name at most once).
    const several = c.patterns.length > 1;
    const taken = several ? new Uint8Array(server.names.length) : undefined;
    const { names, lowers } = server;
    for (const p of c.patterns) {
      if (p.literal !== undefined) {
        const i = indexOf(server, p.literal);
        if (i >= 0 && taken?.[i] !== 1) {
          if (taken !== undefined) taken[i] = 1;
          out.push({ name: names[i], lower: p.literal, captures: [], index: i });
        }
        continue;
      }
      for (let i = firstAtOrAfter(lowers, p.prefix); i < lowers.length && lowers[i].startsWith(p.prefix); i++) {
        const lower = lowers[i];
        if (!lower.endsWith(p.suffix) || taken?.[i] === 1) continue;
        const captures = matchPattern(p, names[i], lower);
        if (captures !== undefined) {
          if (taken !== undefined) taken[i] = 1;
          out.push({ name: names[i], lower, captures, index: i });
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
      claimed = new Uint8Array(server.names.length);
      for (const c of rules) if (c.rule.compare.kind !== 'catch-all') for (const s of this.select(c, server)) claimed[s.index] = 1;
      this.claimed.set(server.role, claimed);
    }
    return claimed;
  }

  /** The rows of two servers' names, joined once per pair and shared by the rules. */
  join(a: IndexedServer, b: IndexedServer): PairJoin {
    const key = `${a.role}\u0000${b.role}`;
    let join = this.joins.get(key);
    if (join === undefined) {
      join = joinServers(a, b);
      this.joins.set(key, join);
    }
    return join;
  }

  /** Union of the names the rule selects on both servers, with required literal names added, sorted. */
  pairNames(c: CompiledRule, main: IndexedServer, other: IndexedServer): PairNames {
    const join = this.join(main, other);
    const a = this.select(c, main);
    const b = this.select(c, other);
    // Each selection as rows of the join (row order is lower-cased name order); where both select a row, the Main's wins.
    const ra = a.map((s) => join.aRow[s.index]);
    const rb = b.map((s) => join.bRow[s.index]);
    const out: PairNames = { names: [], mainAt: [], otherAt: [], same: [] };
    const push = (row: number, s: Selected): void => {
      out.names.push(s);
      out.mainAt.push(join.aAt[row]);
      out.otherAt.push(join.bAt[row]);
      out.same.push(join.same[row]);
    };
    if (ascending(ra) && ascending(rb)) {
      // One pattern selects in name order on each server: merge the two lists.
      let i = 0;
      let j = 0;
      while (i < ra.length || j < rb.length) {
        if (j >= rb.length || (i < ra.length && ra[i] <= rb[j])) {
          if (j < rb.length && ra[i] === rb[j]) j++;
          push(ra[i], a[i++]);
        } else {
          push(rb[j], b[j++]);
        }
      }
    } else {
      const picked = new Map<number, Selected>();
      for (let i = ra.length - 1; i >= 0; i--) picked.set(ra[i], a[i]);
      for (let j = 0; j < rb.length; j++) if (!picked.has(rb[j])) picked.set(rb[j], b[j]);
      for (const row of [...picked.keys()].sort((x, y) => x - y)) push(row, picked.get(row) as Selected);
    }
    if (c.rule.evidence === 'required') {
      for (const p of c.patterns) {
        if (p.literal === undefined || indexOf(main, p.literal) >= 0 || indexOf(other, p.literal) >= 0 || out.names.some((s) => s.lower === p.literal)) continue;
        // A required name neither server has: in its place by name, so that the findings come in name order.
        const at = out.names.findIndex((s) => s.lower > (p.literal as string));
        const k = at < 0 ? out.names.length : at;
        out.names.splice(k, 0, { name: p.source, lower: p.literal, captures: [], index: -1 });
        out.mainAt.splice(k, 0, -1);
        out.otherAt.splice(k, 0, -1);
        out.same.splice(k, 0, 0);
      }
    }
    return out;
  }
}

/** Strictly ascending (no row twice). */
function ascending(xs: number[]): boolean {
  for (let i = 1; i < xs.length; i++) if (xs[i - 1] >= xs[i]) return false;
  return true;
}
