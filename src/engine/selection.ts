// Selection (pure): rules compiled for one audit, their effective options per role, and the settings they select.
import type { Role, Severity } from '../types.js';
import type { CompareSpec, Rule } from './types.js';
import { matchPattern, roleMatches, type NamePattern } from './patterns.js';
import { cmp, indexOf, type IndexedServer } from './indexing.js';
import { joinServers, type PairJoin } from './join.js';
import { matchPositions, NONE, scanPositionsAll, segmentGlob, segmentPositionsAll, segmentRuns, sharedPositions, type SegmentGlob, type SegmentRuns } from './match-positions.js';
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

/**
 * What the rules of a pair with the same guard (and capture segments) found: whether it holds, by the leading
 * segments deciding it; and by the Main's position, for the positions of runs already found (see GuardCheck.check),
 * where the Main's names under the run's key end (0: not found yet) and whether the guard holds there.
 */
export interface GuardFound {
  byHead: Map<string, boolean>;
  ends?: Int32Array;
  holds?: Uint8Array;
}

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
  private readonly runs = new Map<string, SegmentRuns>();
  /** What guards found, shared by the rules of a pair with the same guard (see GuardCheck). */
  readonly guards = new Map<string, GuardFound>();
  /** Per server, per guard key, where the server's names under the key end (see GuardCheck.spanEnd; the segment runs' ends put in by runsOf). */
  private readonly ends = new Map<Role, Map<string, number>>();

  /** Positions of the server's names that `p` matches, ascending; computed once per pattern and server, whichever rules share it. */
  matches(p: NamePattern, server: IndexedServer): Int32Array {
    const byPattern = this.matchedOn(server);
    let out = byPattern.get(p.source);
    if (out === undefined) {
      // A server indexed from another's order: the names both have match there as here (the same text); only its own names are tested.
      const shared = server.shared;
      // A server with the same names as the other (identical): the same positions.
      out = shared?.identical === true ? this.matches(p, shared.server) : shared !== undefined && p.literal === undefined ? sharedPositions(p, server, shared.own, shared.hereOf, this.matches(p, shared.server)) : matchPositions(p, server, (prefix) => this.runsOf(server, prefix));
      byPattern.set(p.source, out);
    }
    return out;
  }

  /**
   * Finds, ahead of their use, the matches of the patterns that scan the names under their prefix, those of one
   * prefix in one walk (the catch-all's allow-list: four patterns over every `reg:` name), and of the segment
   * globs, those of one prefix in one walk over its runs (the driver rules: each driver's names read once). A
   * server indexed from another's order tests only its own names, pattern by pattern (see matches).
   */
  prepare(patterns: readonly NamePattern[], server: IndexedServer): void {
    if (server.shared !== undefined) return;
    const byPattern = this.matchedOn(server);
    const scans = new Map<string, NamePattern[]>();
    const segments = new Map<string, { ps: NamePattern[]; globs: SegmentGlob[] }>();
    for (const p of patterns) {
      if (byPattern.has(p.source) || p.literal !== undefined) continue;
      const glob = segmentGlob(p);
      if (glob === undefined) {
        const list = scans.get(p.prefix);
        if (list === undefined) scans.set(p.prefix, [p]);
        else if (!list.some((q) => q.source === p.source)) list.push(p);
        continue;
      }
      const group = segments.get(p.prefix);
      if (group === undefined) segments.set(p.prefix, { ps: [p], globs: [glob] });
      else if (!group.ps.some((q) => q.source === p.source)) {
        group.ps.push(p);
        group.globs.push(glob);
      }
    }
    for (const list of scans.values()) {
      if (list.length < 2) continue;
      const found = scanPositionsAll(list, server);
      list.forEach((p, k) => byPattern.set(p.source, found[k]));
    }
    for (const [prefix, { ps, globs }] of segments) {
      if (ps.length < 2) continue;
      const found = segmentPositionsAll(ps, globs, server, this.runsOf(server, prefix));
      ps.forEach((p, k) => byPattern.set(p.source, found[k]));
    }
  }

  /** Where the server's names under each guard key end, as the rules of the audit find them (see GuardCheck.spanEnd). */
  guardEnds(server: IndexedServer): Map<string, number> {
    let ends = this.ends.get(server.role);
    if (ends === undefined) {
      ends = new Map();
      this.ends.set(server.role, ends);
    }
    return ends;
  }

  private matchedOn(server: IndexedServer): Map<string, Int32Array> {
    let byPattern = this.matched.get(server.role);
    if (byPattern === undefined) {
      byPattern = new Map();
      this.matched.set(server.role, byPattern);
    }
    return byPattern;
  }

  /** The runs of names under `prefix` that share their next segment (one driver's names), found once per server and prefix. */
  private runsOf(server: IndexedServer, prefix: string): SegmentRuns {
    const key = `${server.role}\u0000${prefix}`;
    let runs = this.runs.get(key);
    if (runs === undefined) {
      runs = segmentRuns(server, prefix);
      this.runs.set(key, runs);
      // A run ends where the server's names under its key and a dot end: a guard key's end (`drivers.<driver>.`,
      // see GuardCheck.spanEnd), known here without the search for it.
      const ends = this.guardEnds(server);
      for (let r = 0; r < runs.keys.length; r++) ends.set(`${runs.keys[r]}.`, runs.ends[r]);
    }
    return runs;
  }

  /** Positions of the names the rule selects on `server`, ascending, each once (the union of its patterns' matches). */
  positions(c: CompiledRule, server: IndexedServer): Int32Array {
    if (c.patterns.length === 1) return this.matches(c.patterns[0], server);
    // The same names as the other server: the same positions (the same array, which PairNames recognises).
    if (server.shared?.identical === true) return this.positions(c, server.shared.server);
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
    const { names } = server;
    for (const p of c.patterns) {
      for (const i of this.matches(p, server)) {
        if (taken !== undefined) {
          if (taken[i] === 1) continue;
          taken[i] = 1;
        }
        const lower = names.lower(i);
        out.push({ name: names.name(i), lower, captures: matchPattern(p, names.name(i), lower) ?? [], index: i });
      }
    }
    this.selections.set(key, out);
    return out;
  }

  /** Names any rule selects on this server; the catch-all compares the rest. */
  claimedOn(rules: CompiledRule[], server: IndexedServer): Uint8Array {
    let claimed = this.claimed.get(server.role);
    const shared = server.shared;
    if (claimed === undefined && shared !== undefined && shared.own.length === 0) {
      // No name the other server lacks: each pattern's matches here are its matches there carried over by
      // hereOf (see matches), and so are the claimed names (the same array when the names are the same).
      const theirs = this.claimedOn(rules, shared.server);
      claimed = shared.identical ? theirs : carried(theirs, shared.hereOf, server.names.length);
      this.claimed.set(server.role, claimed);
    }
    if (claimed === undefined) {
      claimed = new Uint8Array(server.names.length);
      this.prepare(rules.flatMap((c) => (c.rule.compare.kind === 'catch-all' ? [] : c.patterns)), server);
      for (const c of rules) {
        if (c.rule.compare.kind === 'catch-all') continue;
        for (const p of c.patterns) {
          const at = this.matches(p, server);
          for (let k = 0; k < at.length; k++) claimed[at[k]] = 1;
        }
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

/** Flags per position of another server carried to this one's positions (`hereOf`: per position there, the one here or -1). */
function carried(theirs: Uint8Array, hereOf: Int32Array, size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < hereOf.length; i++) {
    const h = hereOf[i];
    if (h >= 0) out[h] = theirs[i];
  }
  return out;
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
