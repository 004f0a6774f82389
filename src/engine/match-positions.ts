// Where a name pattern matches on one indexed server (pure): the positions, ascending, in the server's
// names sorted by lower-cased name. A literal is found by binary search; other patterns look only at the
// names that start with their literal prefix; a glob whose first `*` is a whole segment (`drivers.*.…`) looks,
// in each first segment's run of names (one driver's), only at those that start with the text after the `*`.
import { mayMatch, type NamePattern } from './patterns.js';
import { indexOf, type IndexedServer } from './indexing.js';
import { compareLowerTo, lowerEndsWith, lowerStartsWith, type SortedNames } from './lower-names.js';
import { partsEndWith } from '../snapshot/name-column.js';
import { holdsNeeds, mayEndAs, mayHoldNeeds, nameHoldsNeeds, NO_NEEDS, type NameNeeds } from './pattern-needs.js';

export const NONE = new Int32Array(0);

/**
 * Positions found in ascending order, in a typed array that doubles as it fills: an array of numbers (pointers) for
 * the 100,000 settings of a 200k export's drivers took 2.4 MB of memory first touched over its growth, then a copy.
 */
class Positions {
  private at = new Int32Array(16);
  private n = 0;

  push(i: number): void {
    if (this.n === this.at.length) {
      const more = new Int32Array(this.n * 2);
      more.set(this.at);
      this.at = more;
    }
    this.at[this.n++] = i;
  }

  /** The positions pushed (no copy). */
  done(): Int32Array {
    return this.n === 0 ? NONE : this.at.subarray(0, this.n);
  }
}

/** The runs of names under a prefix that share their first segment after it (`drivers.<driver>.`). */
export interface SegmentRuns {
  /** Per run: the lower-cased prefix and segment (`drivers.dnp3`), and where its names start and end. */
  keys: string[];
  starts: number[];
  ends: number[];
}

/** The names under `prefix` (ending with a dot) grouped by their next segment; names without a dot after it are in no run. */
export function segmentRuns(server: IndexedServer, prefix: string): SegmentRuns {
  const names = server.names;
  const runs: SegmentRuns = { keys: [], starts: [], ends: [] };
  let i = names.firstAtOrAfter(prefix);
  while (i < names.length && names.startsWith(i, prefix)) {
    const lower = names.lower(i);
    const dot = lower.indexOf('.', prefix.length);
    if (dot < 0) {
      i++;
      continue;
    }
    const key = lower.slice(0, dot);
    // The run ends before the first name ≥ `<key>/` ('/' follows '.'), found by doubling steps from here.
    const end = names.firstAtOrAfterNear(`${key}/`, i);
    runs.keys.push(key);
    runs.starts.push(i);
    runs.ends.push(end);
    i = end;
  }
  return runs;
}

/** How a glob whose first `*` is a whole segment is walked: the text after that `*` up to the next, and what may follow it. */
export interface SegmentGlob {
  head: string;
  /** After the head: nothing (`exact`), one segment (`segment`, a last `*`), or other text the regex decides. */
  tail: 'exact' | 'segment' | 'regex';
  /** The lower-cased name decides, whatever its characters (see lowerDecides): the tail alone decides, without the regex. */
  lowerDecides: boolean;
  /** The needs after the head's (the head is where every candidate starts). */
  needs: NameNeeds;
}

/**
 * For a glob whose first `*` is a whole dotted segment right after its prefix (`drivers.*.settings.*`): the
 * text after that `*` up to the next one (`.settings.`), when it starts with a dot and is ASCII, and what
 * follows. Undefined for other patterns.
 */
export function segmentGlob(p: NamePattern): SegmentGlob | undefined {
  if (p.literal !== undefined || p.source.startsWith('/') || !p.prefix.endsWith('.')) return undefined;
  const lower = p.source.toLowerCase();
  const rest = lower.slice(p.prefix.length + 1);
  if (lower[p.prefix.length] !== '*' || !rest.startsWith('.')) return undefined;
  const star = rest.indexOf('*');
  const head = star < 0 ? rest : rest.slice(0, star);
  if (!isPrintableAscii(head)) return undefined;
  const after = star < 0 ? '' : rest.slice(star);
  const tail = after === '' ? 'exact' : after === '*' ? 'segment' : 'regex';
  return { head, tail, lowerDecides: lowerDecides(p.source), needs: p.needs.seq.length <= 1 ? NO_NEEDS : { ...p.needs, seq: p.needs.seq.slice(1) } };
}

const NOT_PRINTABLE_ASCII = /[^\x20-\x7e]/;

function isPrintableAscii(text: string): boolean {
  return !NOT_PRINTABLE_ASCII.test(text);
}

/**
 * Whether a glob's match on any name is what its lower-cased name says (its literal texts in place, each `*`
 * one segment of anything): so for an ASCII glob unless its literal text has a `k` or an `i` right before a
 * `*`. The `i` flag without `u` matches an ASCII letter only to its ASCII case, and lower-casing maps only
 * two non-ASCII characters to ASCII text: the Kelvin sign to `k` and the dotted capital I to `i` and a
 * combining dot (the dot then follows the `i`, where a literal character other than that dot would be).
 */
export function lowerDecides(source: string): boolean {
  return isPrintableAscii(source) && !/k|i\*/i.test(source);
}

/** The positions of the server's names that `p` matches; `runs` gives a prefix's segment runs (cached by the caller). */
export function matchPositions(p: NamePattern, server: IndexedServer, runs: (prefix: string) => SegmentRuns): Int32Array {
  if (p.literal !== undefined) {
    const i = indexOf(server, p.literal);
    return i < 0 ? NONE : Int32Array.of(i);
  }
  // Each walk in a small function of its own: compiled early, and not again for the other kind of pattern. It
  // ends with its loop (made typed here): code after a loop compiled on stack has not run yet, and would be
  // dropped there.
  const glob = segmentGlob(p);
  return Int32Array.from(glob === undefined ? scanPositions(p, server) : segmentPositions(p, glob, server, runs(p.prefix)));
}

/**
 * The positions each of `ps` matches, for patterns that scan (neither literals nor segment globs) with the same prefix: the names
 * under it read once, each tested against every pattern (while it is in the cache), not once per pattern.
 */
export function scanPositionsAll(ps: readonly NamePattern[], server: IndexedServer): Int32Array[] {
  const { names } = server;
  const found = ps.map(() => new Positions());
  const prefix = ps[0].prefix;
  const start = names.firstAtOrAfter(prefix);
  for (let i = start, end = names.prefixEnd(prefix, start); i < end; i++) {
    const head = names.lowerHead(i);
    if (head === undefined) scanName(ps, names.name(i), i, found);
    else scanParts(ps, names, i, head, names.lowerTail(i), found);
  }
  return found.map((f) => f.done());
}

/** scanPositionsAll for the name at `i` made whole (names held whole, or parts beyond ASCII): its end, the texts it needs (lower-cased only then), the regex. */
function scanName(ps: readonly NamePattern[], name: string, i: number, found: Positions[]): void {
  let lower: string | undefined;
  for (let k = 0; k < ps.length; k++) {
    const { suffix, regex, needs } = ps[k];
    if (!lowerEndsWith(name, suffix)) continue;
    if (needs.seq.length > 0 && !(mayHoldNeeds(name, needs) && holdsNeeds((lower ??= name.toLowerCase()), needs))) continue;
    if (regex.test(name)) found[k].push(i);
  }
}

/**
 * scanName for a name held as ASCII parts (`head + tail` its lower-cased form): its end and last code unit tested on
 * the parts, so that a name is made only for a pattern it may match (most names fail on their end).
 */
function scanParts(ps: readonly NamePattern[], names: SortedNames, i: number, head: string, tail: string, found: Positions[]): void {
  let lower: string | undefined;
  let name: string | undefined;
  const last = tail !== '' ? tail.charCodeAt(tail.length - 1) : head.charCodeAt(head.length - 1);
  for (let k = 0; k < ps.length; k++) {
    const { suffix, regex, needs } = ps[k];
    if (!partsEndWith(head, tail, suffix)) continue;
    if (needs.seq.length > 0 && !(mayEndAs(last, needs) && holdsNeeds((lower ??= head + tail), needs))) continue;
    if (regex.test((name ??= names.name(i)))) found[k].push(i);
  }
}

/**
 * The names under the pattern's prefix, tested one by one: their end, the texts they need, then the regex. A
 * name with more dots than a match holds is skipped with every name that shares its text up to the dot too
 * many (found by one search: a driver's `settings.` names under a regex for its key's own values).
 */
function scanPositions(p: NamePattern, server: IndexedServer): number[] {
  const { names } = server;
  const out: number[] = [];
  const { prefix, suffix, regex, needs, maxDots } = p;
  const start = names.firstAtOrAfter(prefix);
  const end = names.prefixEnd(prefix, start);
  for (let i = start; i < end; i++) {
    // Lower-casing makes or removes no dot: too many dots are counted on the name as written.
    const name = names.name(i);
    if (maxDots !== undefined && dotPast(name, maxDots) >= 0) {
      const lower = name.toLowerCase();
      i = Math.min(end, names.prefixEnd(lower.slice(0, dotPast(lower, maxDots) + 1), i)) - 1;
      continue;
    }
    if (lowerEndsWith(name, suffix) && nameHoldsNeeds(name, needs) && regex.test(name)) out.push(i);
  }
  return out;
}

function dotsIn(text: string): number {
  let n = 0;
  for (let at = text.indexOf('.'); at >= 0; at = text.indexOf('.', at + 1)) n++;
  return n;
}

/** Index of the dot after the first `count` dots of `text`; -1 when it has no more than `count`. */
function dotPast(text: string, count: number): number {
  let at = -1;
  for (let n = 0; n <= count; n++) {
    at = text.indexOf('.', at + 1);
    if (at < 0) return -1;
  }
  return at;
}

/** A segment glob's names: in each run (one driver's names), those that start with the run's key and the head. */
function segmentPositions(p: NamePattern, glob: SegmentGlob, server: IndexedServer, runs: SegmentRuns): number[] {
  const { names } = server;
  const out: number[] = [];
  const { suffix, regex } = p;
  const { head, tail, lowerDecides, needs } = glob;
  const { keys, starts, ends } = runs;
  for (let r = 0; r < keys.length; r++) {
    const from = keys[r] + head;
    // The names from here start with `from` lower-cased: one has a dot after it when it has more dots than it.
    const dots = dotsIn(from);
    const start = names.firstAtOrAfterNear(from, starts[r]);
    // The names that start with `from` (within the run): found by search, not tested one by one.
    const end = Math.min(ends[r], names.prefixEnd(from, start));
    for (let k = start; k < end; k++) {
      const name = names.name(k);
      if (!lowerEndsWith(name, suffix) || !nameHoldsNeeds(name, needs)) continue;
      // The lower-cased name decides (lowerDecides): the segment before the head has no dot by construction,
      // so only the tail remains (the regex would say the same, slower).
      if (lowerDecides && tail !== 'regex' ? (tail === 'exact' ? names.equals(k, from) : dotPast(name, dots) < 0) : regex.test(name)) out.push(k);
    }
  }
  return out;
}

/**
 * The positions each of `ps` matches, for segment globs (see segmentGlob; `globs` theirs) with the same prefix
 * (its runs `runs`): each run's names read once, each tested against every glob (a driver's names against its
 * ten or so driver rules), where segmentPositions searches each run once per glob. The same positions as
 * segmentPositions for each.
 */
export function segmentPositionsAll(ps: readonly NamePattern[], globs: readonly SegmentGlob[], server: IndexedServer, runs: SegmentRuns): Int32Array[] {
  const { names } = server;
  const found = ps.map(() => new Positions());
  const count = ps.length;
  // Per glob, its head's code unit after the dot (-1: none); a name whose next code unit (ASCII) differs is not tested further.
  const second = globs.map((g) => (g.head.length > 1 ? g.head.charCodeAt(1) : -1));
  const headDots = globs.map((g) => dotsIn(g.head));
  const { keys, starts, ends } = runs;
  for (let r = 0; r < keys.length; r++) {
    const key = keys[r];
    // A key beyond ASCII: its names' own lengths may differ from their lower-cased forms' (the dotted capital I).
    if (!isPrintableAscii(key)) {
      const one: SegmentRuns = { keys: [key], starts: [starts[r]], ends: [ends[r]] };
      for (let g = 0; g < count; g++) for (const k of segmentPositions(ps[g], globs[g], server, one)) found[g].push(k);
      continue;
    }
    const run: RunWalk = { ps, globs, second, headDots, key, keyDots: dotsIn(key), found, dotsHead: '', dots: 0 };
    for (let k = starts[r]; k < ends[r]; k++) {
      const head = names.lowerHead(k);
      if (head === undefined) segmentName(run, names.name(k), k);
      else segmentParts(run, names, k, head, names.lowerTail(k));
    }
  }
  return found.map((f) => f.done());
}

/** One run of segmentPositionsAll: its globs (and their patterns), the run's key and its dots, and what was found. */
interface RunWalk {
  ps: readonly NamePattern[];
  globs: readonly SegmentGlob[];
  /** Per glob, its head's code unit after the dot (-1: none), and the dots of its head. */
  second: readonly number[];
  headDots: readonly number[];
  key: string;
  keyDots: number;
  found: Positions[];
  /** The head whose dots were last counted (rows of one head come together), and how many it has. */
  dotsHead: string;
  dots: number;
}

/** segmentPositionsAll for the name at `k` made whole (names held whole, or parts beyond ASCII). */
function segmentName(run: RunWalk, name: string, k: number): void {
  // Every name of the run lower-cases to `key` and more; beyond ASCII only the Kelvin sign lower-cases to ASCII
  // (one code unit to one): so the name's own text after `at` lower-cases to what follows `key`.
  const { ps, globs, second, key, keyDots, found } = run;
  const at = key.length;
  const next = name.charCodeAt(at + 1);
  const folded = next >= 65 && next <= 90 ? next + 32 : next;
  for (let g = 0; g < globs.length; g++) {
    if (second[g] >= 0 && folded !== second[g] && next <= 0x7f) continue;
    const head = globs[g].head;
    const known = headAt(name, head, at);
    if (known === 0 || (known < 0 && !lowerStartsWith(name, key + head))) continue;
    if (segmentMatch(ps[g], globs[g], name, key, keyDots, known > 0 && name.length === at + head.length)) found[g].push(k);
  }
}

/**
 * segmentName for a name held as ASCII parts, `head + tail` its lower-cased form (the run's key and more): each
 * glob tested on the parts as segmentMatch tests the name, which is made only for a regex that decides.
 */
function segmentParts(run: RunWalk, names: SortedNames, k: number, head: string, tail: string): void {
  const { ps, globs, second, key, found } = run;
  const at = key.length;
  const length = head.length + tail.length;
  const next = partsCodeAt(head, tail, at + 1);
  for (let g = 0; g < globs.length; g++) {
    if (second[g] >= 0 && next !== second[g]) continue;
    const glob = globs[g];
    if (!partsHoldAt(head, tail, glob.head, at)) continue;
    const { suffix, regex } = ps[g];
    if (!partsEndWith(head, tail, suffix) || (glob.needs.seq.length > 0 && !holdsNeeds(head + tail, glob.needs))) continue;
    let match: boolean;
    if (!glob.lowerDecides || glob.tail === 'regex') match = regex.test(names.name(k));
    // The lower-cased name starts with the key and the glob's head: it is them exactly when it is as long.
    else if (glob.tail === 'exact') match = length === at + glob.head.length;
    else match = dotsOf(run, head) + dotsIn(tail) <= run.keyDots + run.headDots[g];
    if (match) found[g].push(k);
  }
}

/** The dots of a name's head, counted once for the rows of one head in turn. */
function dotsOf(run: RunWalk, head: string): number {
  if (head !== run.dotsHead) {
    run.dotsHead = head;
    run.dots = dotsIn(head);
  }
  return run.dots;
}

/** The code unit at `i` of `head + tail` (NaN past its end). */
function partsCodeAt(head: string, tail: string, i: number): number {
  return i < head.length ? head.charCodeAt(i) : tail.charCodeAt(i - head.length);
}

/** Whether `head + tail` holds `text` from `at`, without making it. */
function partsHoldAt(head: string, tail: string, text: string, at: number): boolean {
  if (head.length + tail.length - at < text.length) return false;
  for (let j = 0; j < text.length; j++) if (partsCodeAt(head, tail, at + j) !== text.charCodeAt(j)) return false;
  return true;
}

/** Whether `name` from `at` lower-cases to `head` and more: 1 yes, 0 no, -1 not known (a code unit beyond ASCII met first). */
function headAt(name: string, head: string, at: number): number {
  if (name.length - at < head.length) return 0;
  for (let t = 0; t < head.length; t++) {
    const x = name.charCodeAt(at + t);
    if (x > 0x7f) return -1;
    if ((x >= 65 && x <= 90 ? x + 32 : x) !== head.charCodeAt(t)) return 0;
  }
  return 1;
}

/**
 * Whether a segment glob matches a name that lower-cases to the run's `key`, the glob's head and more, as
 * segmentPositions decides; `keyDots`: the dots of the key; `equal`: the name is known to lower-case to the key
 * and head exactly.
 */
function segmentMatch(p: NamePattern, glob: SegmentGlob, name: string, key: string, keyDots: number, equal: boolean): boolean {
  const { suffix, regex } = p;
  const { tail, lowerDecides, needs, head } = glob;
  if (!lowerEndsWith(name, suffix) || !nameHoldsNeeds(name, needs)) return false;
  if (!lowerDecides || tail === 'regex') return regex.test(name);
  if (tail === 'exact') return equal || compareLowerTo(name, key + head) === 0;
  return dotPast(name, keyDots + dotsIn(head)) < 0;
}

/**
 * The positions `p` matches on a server indexed from another server's order: `theirs` (the positions it
 * matches there) carried over through `hereOf` for the names both have, and the server's `own` names under
 * the pattern's prefix tested one by one; merged in order.
 */
export function sharedPositions(p: NamePattern, server: IndexedServer, own: Int32Array, hereOf: Int32Array, theirs: Int32Array): Int32Array {
  const { names } = server;
  const found: number[] = [];
  // The own names are in name order: those under the prefix are together, found by binary search.
  let lo = 0;
  let hi = own.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (names.compare(own[mid], p.prefix) < 0) lo = mid + 1;
    else hi = mid;
  }
  for (let o = lo; o < own.length; o++) {
    const q = own[o];
    if (!names.startsWith(q, p.prefix)) break;
    const lower = names.lower(q);
    if (mayMatch(p, lower) && p.regex.test(names.name(q))) found.push(q);
  }
  const out = new Int32Array(theirs.length + found.length);
  let n = 0;
  let f = 0;
  for (let t = 0; t < theirs.length; t++) {
    const h = hereOf[theirs[t]];
    if (h < 0) continue;
    while (f < found.length && found[f] < h) out[n++] = found[f++];
    out[n++] = h;
  }
  while (f < found.length) out[n++] = found[f++];
  return out.subarray(0, n);
}
