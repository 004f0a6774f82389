// A rule's `guard` (`drivers.$1.installed`): a selected setting is compared only when the setting the guard
// names, with the captures of the select pattern, exists on both servers. Names are sorted, so the settings
// of one driver come together and share its guard: it is looked up once per run of such names.
import { hasNear, type IndexedServer } from '../indexing.js';
import type { PairNames } from '../pair-names.js';
import type { GuardFound } from '../selection.js';
import { templateOf, type NamePattern } from '../patterns.js';

/**
 * For a glob without `**`: per capture ($1 first), the index of its dotted segment where the segment is a
 * `*` alone, or -1 where the capture shares its segment with literal text. Undefined for a literal or a regex.
 */
function captureSegments(p: NamePattern): number[] | undefined {
  if (p.literal !== undefined || p.source.startsWith('/') || p.source.includes('**')) return undefined;
  const out: number[] = [];
  p.source.split('.').forEach((segment, i) => {
    for (const ch of segment) if (ch === '*') out.push(segment === '*' ? i : -1);
  });
  return out;
}

/**
 * Where the captures the guard uses are in a selected name: when every pattern is a glob that captures each
 * `$n` the guard uses as a whole segment, at the same place, per capture ($1 first) the index of its dotted
 * segment (-1 for a capture the guard does not use). Undefined otherwise.
 */
function guardCaptureSegments(guard: string, patterns: readonly NamePattern[]): number[] | undefined {
  const used = [...guard.matchAll(/\$(\d)/g)].map((m) => Number(m[1]) - 1);
  const out: number[] = [];
  for (const n of used) {
    let at: number | undefined;
    for (const p of patterns) {
      const s = captureSegments(p)?.[n];
      if (s === undefined || s < 0 || (at !== undefined && at !== s)) return undefined;
      at = s;
    }
    if (at === undefined) return undefined;
    while (out.length <= n) out.push(-1);
    out[n] = at;
  }
  return out;
}

/** How many leading dotted segments of a selected name hold the captures at `at` (segment indexes, -1: unused): they decide the guard. */
function segmentsOf(at: readonly number[]): number {
  let segments = 0;
  for (const s of at) if (s + 1 > segments) segments = s + 1;
  return segments;
}

/** Whether a name's guard holds on both servers, remembered for the names that share the segments deciding it. */
export class GuardCheck {
  private readonly expand: (captures: string[]) => string;
  private readonly segments: number | undefined;
  private readonly captureAt: number[] | undefined;
  private lastGuard: string | undefined;
  private holds = false;
  /** The lower-cased leading segments (with their dot) of the last name whose guard was looked up, when ASCII. */
  private key: string | undefined;
  /**
   * Where the names under `key` end on each server (a position in its sorted arrays; -1 until searched). The
   * names come in order, so a name before that end shares the guard: found by its position, without reading
   * its text. Searched when a second name under the key comes (a key with one selected name costs no search).
   */
  private mainTo = -1;
  private otherTo = -1;

  /** Whether the guard holds, by the leading segments deciding it (`key`), and by the Main's position: shared by the rules of the pair with this guard and these capture segments. */
  private readonly found: GuardFound | undefined;
  private readonly byHead: Map<string, boolean> | undefined;
  /** Where the Main's names under the key of the name just checked end, when read from `found` by position (-1 otherwise). */
  private foundEnd = -1;

  /**
   * `known`: per pair, guard and capture segments, what rules already found (the driver rules share
   * `drivers.$1.installed`). `ends`: per key, where the Main's names under it end (see spanEnd), found once for
   * the rules of the audit.
   */
  constructor(
    guard: string,
    patterns: readonly NamePattern[],
    private readonly main: IndexedServer,
    private readonly other: IndexedServer,
    known?: Map<string, GuardFound>,
    private readonly ends?: Map<string, number>,
  ) {
    this.expand = templateOf(guard);
    this.captureAt = guardCaptureSegments(guard, patterns);
    this.segments = this.captureAt === undefined ? undefined : segmentsOf(this.captureAt);
    if (known !== undefined && this.captureAt !== undefined) {
      const id = `${main.role}\u0000${other.role}\u0000${guard}\u0000${this.captureAt.join(',')}`;
      this.found = known.get(id);
      if (this.found === undefined) {
        this.found = { byHead: new Map() };
        known.set(id, this.found);
      }
      this.byHead = this.found.byHead;
    }
  }

  /** Whether the guard of the name at `k` holds on both servers. */
  check(pair: PairNames, k: number): boolean {
    const a = pair.mainAt[k];
    const b = pair.otherAt[k];
    this.foundEnd = -1;
    // Every name the Main's: a run another rule of the pair found (a driver's names, its first selected name
    // here at or after that rule's) is read by the Main's position, without making the name's lower-cased form.
    const end = pair.mainRows ? this.found?.ends?.[a] : undefined;
    if (end !== undefined && end > 0) {
      this.holds = this.found?.holds?.[a] === 1;
      this.foundEnd = end;
      this.key = undefined;
      this.lastGuard = undefined;
      this.mainTo = -1;
      this.otherTo = -1;
      return this.holds;
    }
    if (a >= 0 ? a < this.mainTo : b >= 0 && b < this.otherTo) return this.holds;
    const lower = pair.lower(k);
    if (this.key !== undefined && lower.startsWith(this.key)) {
      this.under(this.key, a, b);
      return this.holds;
    }
    // The leading segments that decide the guard, lower-cased, when ASCII: the captures it uses are those
    // segments (whichever pattern selected the name), so it is expanded from them without running the regex.
    const head = this.segments === undefined ? undefined : asciiHead(lower, this.segments);
    // Found by another rule of the pair with this guard (the head decides the guard's text).
    const known = head === undefined ? undefined : this.byHead?.get(head);
    if (known !== undefined) {
      this.holds = known;
      this.lastGuard = undefined;
    } else {
      const guard = head !== undefined && this.captureAt !== undefined ? this.expand(capturesFrom(head, this.captureAt)).toLowerCase() : this.expand(pair.captures(k)).toLowerCase();
      if (guard !== this.lastGuard) {
        this.lastGuard = guard;
        this.holds = hasNear(this.main, guard, a) && hasNear(this.other, guard, b);
      }
      if (head !== undefined) this.byHead?.set(head, this.holds);
    }
    this.key = head;
    this.mainTo = -1;
    this.otherTo = -1;
    return this.holds;
  }

  /**
   * After check(pair, k): the end of the run of names from `k` on whose guard is the one just looked up (the
   * names under the same leading segments: sorted, so they come together), found by search, not name by name;
   * k + 1 when the guard is not decided by leading segments. The caller skips the run when the guard fails
   * and compares the run's names without checking each.
   */
  spanEnd(pair: PairNames, k: number): number {
    if (this.foundEnd > 0) return positionsFrom(pair.mainAt, k + 1, this.foundEnd);
    const key = this.key;
    if (key === undefined) return k + 1;
    // Every name the Main's, in its order: the run ends at the first name at or past where the Main's names under
    // the key end (found once per key for all the rules), found among the positions, not by comparing names.
    if (pair.mainRows) {
      const a = pair.mainAt[k];
      const end = this.mainEnd(key, a);
      this.remember(a, end);
      return positionsFrom(pair.mainAt, k + 1, end);
    }
    // The names under `key` are those ≥ key and < the key with its last dot made '/' (the next code unit).
    const limit = `${key.slice(0, -1)}/`;
    let lo = k + 1;
    let step = 1;
    let hi = lo;
    // Doubling steps from k (a driver's names are a few dozen), then halving.
    while (hi < pair.length && pair.compare(hi, limit) < 0) {
      lo = hi + 1;
      hi += step;
      step *= 2;
    }
    if (hi > pair.length) hi = pair.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (pair.compare(mid, limit) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Where the Main's names under `key` end (`a`: the position of one of them). */
  private mainEnd(key: string, a: number): number {
    // Keyed by the key itself: its hash was computed when the guard was looked up by it.
    let end = this.ends?.get(key);
    if (end === undefined) {
      end = this.main.names.prefixEnd(key, a);
      this.ends?.set(key, end);
    }
    return end;
  }

  /**
   * Keeps, for the Main's positions from `a` to `end` (all under the key just checked), the end and whether the
   * guard holds, up to the first position kept already (the positions kept of a run are always those from one
   * of them to its end).
   */
  private remember(a: number, end: number): void {
    const found = this.found;
    if (found === undefined) return;
    if (found.ends === undefined || found.holds === undefined) {
      found.ends = new Int32Array(this.main.names.length);
      found.holds = new Uint8Array(this.main.names.length);
    }
    const { ends, holds } = found;
    const h = this.holds ? 1 : 0;
    for (let p = a; p < end && ends[p] === 0; p++) {
      ends[p] = end;
      holds[p] = h;
    }
  }

  /** Finds where the names under `key` end on each server that holds the name at (`a`, `b`). */
  private under(key: string, a: number, b: number): void {
    if (a >= 0) this.mainTo = this.main.names.prefixEnd(key, a);
    if (b >= 0) this.otherTo = this.other.names.prefixEnd(key, b);
  }
}

/** The first index from `from` whose position is `end` or past (`at` ascending), by doubling steps, then halving. */
function positionsFrom(at: Int32Array, from: number, end: number): number {
  let lo = from;
  let hi = from;
  let step = 1;
  while (hi < at.length && at[hi] < end) {
    lo = hi + 1;
    hi += step;
    step *= 2;
  }
  if (hi > at.length) hi = at.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (at[mid] < end) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The first `segments` dotted segments of a lower-cased name with the dot after them, when that text is
 * ASCII (its captures are then the same whatever the names' case, and lower-case alone); else undefined.
 */
function asciiHead(lower: string, segments: number): string | undefined {
  let end = -1;
  for (let s = 0; s < segments; s++) {
    end = lower.indexOf('.', end + 1);
    if (end < 0) return undefined;
  }
  for (let i = 0; i <= end; i++) if (lower.charCodeAt(i) > 127) return undefined;
  return lower.slice(0, end + 1);
}

/** The captures at `at` (segment indexes, -1: unused) read from a name's leading segments (`head`, ending with a dot). */
function capturesFrom(head: string, at: readonly number[]): string[] {
  const segments = head.slice(0, -1).split('.');
  return at.map((s) => (s < 0 ? '' : segments[s]));
}
