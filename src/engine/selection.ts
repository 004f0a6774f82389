// Selection (pure): rules compiled for one audit, their effective options per role, and the settings they select.
import type { Role, Severity } from '../types.js';
import type { CompareSpec, Rule } from './types.js';
import { matchPattern, roleMatches, type NamePattern } from './patterns.js';
import { cmp, firstAtOrAfter, indexOf, type IndexedServer } from './indexing.js';
import { joinServers, type PairJoin } from './join.js';
import { holdsNeeds } from './pattern-needs.js';
import { PairNames, type Selected } from './pair-names.js';

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

export type { PairNames, Selected } from './pair-names.js';

const NONE = new Int32Array(0);

/** The settings each rule selects on each server, and the join of each pair, computed once per audit. */
export class Selection {
  /** Per role, per pattern source: the positions of the names the pattern matches, ascending. */
  private readonly matched = new Map<Role, Map<string, Int32Array>>();
  /** Per rule and role: the positions its patterns select, ascending, each once. */
  private readonly positionsOf = new Map<string, Int32Array>();
  private readonly selections = new Map<string, Selected[]>();
  /** Per role, 1 at the position of each entry some rule selects. */
  private readonly claimed = new Map<Role, Uint8Array>();
  private readonly joins = new Map<string, PairJoin>();

  /** Positions of the server's names that `p` matches, ascending; computed once per pattern and server, whichever rules share it. */
  matches(p: NamePattern, server: IndexedServer): Int32Array {
    let byPattern = this.matched.get(server.role);
    if (byPattern === undefined) {
      byPattern = new Map();
      this.matched.set(server.role, byPattern);
    }
    let out = byPattern.get(p.source);
    if (out === undefined) {
      out = matchPositions(p, server);
      byPattern.set(p.source, out);
    }
    return out;
  }

  /** Positions of the names the rule selects on `server`, ascending, each once (the union of its patterns' matches). */
  positions(c: CompiledRule, server: IndexedServer): Int32Array {
    if (c.patterns.length === 1) return this.matches(c.patterns[0], server);
    const key = `${c.rule.id}\u0000${server.role}`;
    let out = this.positionsOf.get(key);
    if (out === undefined) {
      out = NONE;
      for (const p of c.patterns) out = union(out, this.matches(p, server));
      this.positionsOf.set(key, out);
    }
    return out;
  }

  /**
   * Settings of `server` that the rule selects, pattern by pattern (a name two patterns match is the first's),
   * with their captures: for the comparators that read few names (policy, must-mirror).
   */
  select(c: CompiledRule, server: IndexedServer): Selected[] {
    const key = `${c.rule.id}\u0000${server.role}`;
    const cached = this.selections.get(key);
    if (cached !== undefined) return cached;
    const out: Selected[] = [];
    const taken = c.patterns.length > 1 ? new Uint8Array(server.names.length) : undefined;
    const { names, lowers } = server;
    for (const p of c.patterns) {
      for (const i of this.matches(p, server)) {
        if (taken !== undefined) {
          if (taken[i] === 1) continue;
          taken[i] = 1;
        }
        out.push({ name: names[i], lower: lowers[i], captures: matchPattern(p, names[i], lowers[i]) ?? [], index: i });
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
      for (const c of rules) {
        if (c.rule.compare.kind === 'catch-all') continue;
        for (const p of c.patterns) for (const i of this.matches(p, server)) claimed[i] = 1;
      }
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

  /** Union of the names the rule selects on both servers, with required literal names neither has added, sorted. */
  pairNames(c: CompiledRule, main: IndexedServer, other: IndexedServer): PairNames {
    const required: NamePattern[] = [];
    if (c.rule.evidence === 'required') {
      for (const p of c.patterns) {
        if (p.literal === undefined || indexOf(main, p.literal) >= 0 || indexOf(other, p.literal) >= 0 || required.some((q) => q.literal === p.literal)) continue;
        required.push(p);
      }
      required.sort((a, b) => cmp(a.literal as string, b.literal as string));
    }
    return new PairNames(main, other, c.patterns, this.join(main, other), this.positions(c, main), this.positions(c, other), required);
  }
}

/** The positions of the server's names that `p` matches: a literal by binary search; else the names that start with its prefix. */
function matchPositions(p: NamePattern, server: IndexedServer): Int32Array {
  if (p.literal !== undefined) {
    const i = indexOf(server, p.literal);
    return i < 0 ? NONE : Int32Array.of(i);
  }
  const { names, lowers } = server;
  const out: number[] = [];
  const { prefix, suffix, needs, regex } = p;
  const head = segmentHead(p);
  const test = (i: number): void => {
    const lower = lowers[i];
    if (lower.endsWith(suffix) && (needs.seq.length === 0 || holdsNeeds(lower, needs)) && regex.test(names[i])) out.push(i);
  };
  let i = firstAtOrAfter(lowers, prefix);
  if (head === undefined) {
    for (; i < lowers.length && lowers[i].startsWith(prefix); i++) test(i);
    return Int32Array.from(out);
  }
  // One first segment (`drivers.<driver>.`) at a time: only its names that start with the head are tested.
  while (i < lowers.length && lowers[i].startsWith(prefix)) {
    const dot = lowers[i].indexOf('.', prefix.length);
    if (dot < 0) {
      i++;
      continue;
    }
    const block = lowers[i].slice(0, dot);
    const from = block + head;
    let k = firstFrom(lowers, from, i);
    for (; k < lowers.length && lowers[k].startsWith(from); k++) test(k);
    // Past every name that starts with `<block>.` ('/' follows '.').
    i = firstFrom(lowers, `${block}/`, k);
  }
  return Int32Array.from(out);
}

/**
 * For a glob whose first `*` is a whole dotted segment right after its prefix (`drivers.*.settings.*`): the
 * text after that `*` up to the next one (`.settings.`), when it starts with a dot and is ASCII. In sorted
 * order the names of one first segment (one driver) are together, and among them those that start with this
 * text: the selection tests only those. Undefined for other patterns.
 */
export function segmentHead(p: NamePattern): string | undefined {
  if (p.literal !== undefined || p.source.startsWith('/') || !p.prefix.endsWith('.')) return undefined;
  const lower = p.source.toLowerCase();
  const rest = lower.slice(p.prefix.length + 1);
  if (lower[p.prefix.length] !== '*' || !rest.startsWith('.')) return undefined;
  const star = rest.indexOf('*');
  const head = star < 0 ? rest : rest.slice(0, star);
  return /^[\x20-\x7e]+$/.test(head) ? head : undefined;
}

/** The first index at or after `start` whose name is ≥ `key` (every name before `start` is < `key`): doubling steps, then halving. */
function firstFrom(sorted: readonly string[], key: string, start: number): number {
  if (start >= sorted.length || !(sorted[start] < key)) return start;
  let lo = start;
  let step = 1;
  let hi = start + 1;
  while (hi < sorted.length && sorted[hi] < key) {
    lo = hi;
    step *= 2;
    hi = start + step;
  }
  if (hi > sorted.length) hi = sorted.length;
  // sorted[lo] < key; sorted[hi] ≥ key or hi = length.
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < key) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** The sorted union of two ascending lists of positions. */
function union(a: Int32Array, b: Int32Array): Int32Array {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out = new Int32Array(a.length + b.length);
  let n = 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = i < a.length ? a[i] : 0x7fffffff;
    const y = j < b.length ? b[j] : 0x7fffffff;
    out[n++] = x <= y ? x : y;
    if (x <= y) i++;
    if (y <= x) j++;
  }
  return out.subarray(0, n);
}
