// Finds names case-insensitively (as `name.toLowerCase()` compares them) without a lower-cased string per
// name: an open-addressing table of positions in typed arrays, keyed by a hash of the name lower-cased.
//
// A Map keyed by lower-cased names cost a new long string per setting, its hash and a map entry: with
// 10^5+ settings per snapshot, a fifth of building it.
import { Buffer } from 'node:buffer';

/**
 * A name's lowerHash is made in two steps, so that a name's hash follows from its parts' (a key's part and a
 * value's name, whose part is worked out once per distinct value name: NameFacts): `partHash` of the text
 * lower-cased, a polynomial in its code units that `joinHash` combines (partHash(a + b) = joinHash(partHash(a),
 * partHash(b), PART_BASE^|b|)); then `finishHash`, which spreads every code unit over the top bits (NameIndex
 * places names by them). Part hashes are non-negative; -1 says "not ASCII: hash the whole name".
 */
const PART_BASE = 0x01000193;

/** The part hash of `text` lower-cased; -1 when `text` is not ASCII, unless `lowered` (it is lower-cased already, whatever its code units). */
export function partHash(text: string, lowered = false): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c > 127 && !lowered) return -1;
    if (c >= 65 && c <= 90) c += 32;
    h = (Math.imul(h, PART_BASE) + c) | 0;
  }
  return h >>> 0;
}

/** PART_BASE^`length` (mod 2^32), for joinHash. */
export function partPower(length: number): number {
  let p = 1;
  for (let i = 0; i < length; i++) p = Math.imul(p, PART_BASE);
  return p;
}

/** The part hash of `a + b` from `a`'s and `b`'s (`power`: partPower(b.length)); -1 when either is -1. */
export function joinHash(a: number, b: number, power: number): number {
  return a < 0 || b < 0 ? -1 : (Math.imul(a, power) + b) >>> 0;
}

/** lowerHash from a part hash of the whole name (-1 stays -1): murmur3's finaliser. */
export function finishHash(hash: number): number {
  if (hash < 0) return -1;
  let h = hash;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The hash of `name.toLowerCase()`. ASCII names are folded character by character (what lower-casing does
 * to them); others are lower-cased first (there it may depend on the neighbours, or change the length).
 */
export function lowerHash(name: string): number {
  const h = partHash(name);
  return finishHash(h >= 0 ? h : partHash(name.toLowerCase(), true));
}

/** `a.toLowerCase() === b.toLowerCase()`, without building either where both are ASCII up to where they differ. */
export function sameLower(a: string, b: string): boolean {
  if (a === b) return true;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    // Up to here both are ASCII, and lower-casing maps ASCII to itself one for one: the rest decides.
    if (x > 127 || y > 127) return a.toLowerCase() === b.toLowerCase();
    if (x === y) continue;
    if (x >= 65 && x <= 90) x += 32;
    if (y >= 65 && y <= 90) y += 32;
    if (x !== y) return false;
  }
  // One is a prefix of the other (case aside), and lower-casing never shortens the rest to nothing.
  return a.length === b.length;
}

/**
 * `text`, flattened if it is a rope: a string made by concatenation stays a tree of its parts until read, and
 * V8 compares such strings (`<`, `startsWith`) on its slow path every time. Reading a character flattens it
 * once. For names compared many times (sorted, or a prefix tested against many names).
 */
export function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}

/** Room for a name made by `joined` (longer names are concatenated and flattened instead). */
const JOIN_ROOM = 1 << 12;
/** Buffer's own Latin-1 decoder, without toString's argument checks. */
type Latin1Buffer = Buffer & { latin1Slice(start: number, end: number): string };
const joinBytes = Buffer.allocUnsafeSlow(JOIN_ROOM) as Latin1Buffer;
/** The head whose characters `joinBytes` starts with (their count in `joinedHead`; -1: it is not Latin-1). */
let joinedHeadText: string | undefined;
let joinedHead = 0;

/**
 * `head + tail` as a flat string. Concatenating makes a rope (a string that points at its two parts) and
 * reading it then makes the flat copy, leaving the rope behind as garbage, or alive beside the copy when the
 * collector does not get to replace it: 32 bytes more per setting name. Where both parts are Latin-1 (names
 * almost always are), the characters are written into a scratch buffer, the head once for all the names made
 * from it in turn, and read back as one string.
 */
export function joined(head: string, tail: string): string {
  if (head !== joinedHeadText) {
    joinedHeadText = head;
    joinedHead = head.length <= JOIN_ROOM ? latin1Into(head, 0) : -1;
  }
  let n = joinedHead;
  if (n < 0 || n + tail.length > JOIN_ROOM) return flat(head + tail);
  n = latin1Into(tail, n);
  return n < 0 ? flat(head + tail) : joinBytes.latin1Slice(0, n);
}

/** Writes `text` into `joinBytes` from `at`; where it ends, or -1 when a character is not Latin-1. */
function latin1Into(text: string, at: number): number {
  const bytes = joinBytes;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 255) return -1;
    bytes[at++] = c;
  }
  return at;
}

/** Names read by position (a NameColumn, or the rows of a table being built). */
export interface NamesByRow {
  at(i: number): string;
}

/** Positions of names in a list (`names.at(i)`), found by name ignoring case. */
export class NameIndex {
  /**
   * Two entries per slot: position + 1 (0: a free slot), and the name's lowerHash (one memory access per
   * probe). A name's first slot is given by the hash's top bits, so names recorded in hash order fill the
   * table from start to end (`insertSorted`: no random access).
   */
  private slots = new Int32Array(2 << 10);
  /** 32 − log2(number of slots). */
  private shift = 22;
  private count = 0;
  /**
   * Names recorded all at once into an empty index (`insertSorted`): their positions and hashes in hash order,
   * found by bisection. The table then holds only the names recorded after them (a few, if any), and the
   * many are never placed in it one by one.
   */
  private bulk: HashOrder | undefined;

  constructor(private readonly names: NamesByRow) {}

  /** Position of the name equal to `name` ignoring case, or -1; `hash`: lowerHash(name). */
  find(name: string, hash: number = lowerHash(name)): number {
    if (this.bulk !== undefined) {
      const at = this.findBulk(this.bulk, name, hash >>> 0);
      if (at >= 0 || this.count === 0) return at;
    }
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    const h = hash | 0;
    for (let s = hash >>> this.shift; ; s = (s + 1) & mask) {
      const at = slots[2 * s] - 1;
      if (at < 0) return -1;
      if (slots[2 * s + 1] === h && sameLower(this.names.at(at), name)) return at;
    }
  }

  /** Records that `names.at(position)` (with lowerHash `hash`) is at `position`; no equal name may be recorded already. */
  insert(position: number, hash: number): void {
    this.grow(1);
    this.place(position, hash | 0);
  }

  private findBulk({ order, hashes }: HashOrder, name: string, hash: number): number {
    let lo = 0;
    let hi = hashes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (hashes[mid] < hash) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < hashes.length && hashes[i] === hash; i++) if (sameLower(this.names.at(order[i]), name)) return order[i];
    return -1;
  }

  /** Records many names at once, in hash order (`order` and `hashes` as `sortedUnlessClashing` returns them); none equal to one recorded. */
  insertSorted(sorted: HashOrder): void {
    if (this.count === 0 && this.bulk === undefined) {
      this.bulk = sorted;
      return;
    }
    const { order, hashes } = sorted;
    this.grow(order.length);
    for (let i = 0; i < order.length; i++) this.place(order[i], hashes[i] | 0);
  }

  /** Makes room for `more` names (at most half the slots used). */
  private grow(more: number): void {
    this.count += more;
    let size = this.slots.length >> 1;
    while (this.count * 2 > size) size *= 2;
    if (size === this.slots.length >> 1) return;
    const old = this.slots;
    this.slots = new Int32Array(2 * size);
    this.shift = 32 - Math.log2(size);
    // In slot order, which is hash order: the new table fills from start to end too.
    for (let s = 0; s < old.length; s += 2) if (old[s] !== 0) this.place(old[s] - 1, old[s + 1]);
  }

  private place(position: number, hash: number): void {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    let s = hash >>> this.shift;
    while (slots[2 * s] !== 0) s = (s + 1) & mask;
    slots[2 * s] = position + 1;
    slots[2 * s + 1] = hash;
  }
}

/** Positions of names sorted by their lowerHash, and the hashes in that order. */
export interface HashOrder {
  order: Int32Array;
  hashes: Uint32Array;
}

/**
 * Positions 0 … n−1 sorted by `hashes` (stable, no comparisons): one counting pass by the hash's top bits
 * (about log2 n of them, so a bucket holds a name or two), then an insertion sort, which only moves names
 * within their bucket. Few passes over the arrays, each in order: cheap even before the code is optimised.
 */
function sortByHash(hashes: Uint32Array, n: number): HashOrder {
  const bits = Math.min(20, Math.max(8, 32 - Math.clz32(n)));
  const shift = 32 - bits;
  // Each pass a function of its own: each loop is compiled alone (on the stack) rather than with the passes after it.
  const next = bucketSizes(hashes, n, shift, bits);
  runningSum(next);
  const order = new Int32Array(n);
  const keys = new Uint32Array(n);
  placeByBucket(hashes, n, shift, next, order, keys);
  sortWithinBuckets(order, keys);
  return { order, hashes: keys };
}

/** How many hashes fall in each bucket (the same top `bits` bits), at the position after the bucket's. */
function bucketSizes(hashes: Uint32Array, n: number, shift: number, bits: number): Int32Array {
  const next = new Int32Array((1 << bits) + 1);
  for (let i = 0; i < n; i++) next[(hashes[i] >>> shift) + 1]++;
  return next;
}

/** Sizes into starts: each entry plus those before it. */
function runningSum(counts: Int32Array): void {
  for (let b = 1; b < counts.length; b++) counts[b] += counts[b - 1];
}

function placeByBucket(hashes: Uint32Array, n: number, shift: number, next: Int32Array, order: Int32Array, keys: Uint32Array): void {
  for (let i = 0; i < n; i++) {
    const h = hashes[i];
    const at = next[h >>> shift]++;
    order[at] = i;
    keys[at] = h;
  }
}

/** An insertion sort of `keys` (carrying `order`), in buckets already in order: it moves entries within their bucket only. */
function sortWithinBuckets(order: Int32Array, keys: Uint32Array): void {
  for (let i = 1; i < keys.length; i++) {
    const h = keys[i];
    if (keys[i - 1] <= h) continue;
    const at = order[i];
    let j = i - 1;
    for (; j >= 0 && keys[j] > h; j--) {
      keys[j + 1] = keys[j];
      order[j + 1] = order[j];
    }
    keys[j + 1] = h;
    order[j + 1] = at;
  }
}

/**
 * Checks the first `n` names, added without looking each one up (`hashes[i]` is lowerHash(names.at(i))): their
 * hash order for `NameIndex.insertSorted` when no two are equal ignoring case; undefined when two are, for
 * the caller to add them one by one instead.
 */
export function sortedUnlessClashing(names: NamesByRow, hashes: Uint32Array, n: number): HashOrder | undefined {
  const sorted = sortByHash(hashes, n);
  return clashIn(names, sorted) ? undefined : sorted;
}

/** Whether two names of `sorted` (in hash order) are equal ignoring case: names of one hash are next to each other, each compared with the others of its hash (rarely more than one). */
function clashIn(names: NamesByRow, { order, hashes: h }: HashOrder): boolean {
  // The walk over all hashes is a loop of its own with no rare branch (compiled once on the stack): this loop
  // runs once per pair of equal hashes, a few at most.
  for (let i = nextEqualHash(h, 1); i < h.length; i = nextEqualHash(h, i + 1)) if (clashAt(names, order, h, i)) return true;
  return false;
}

/** The first position `i` ≥ `from` where `h[i]` equals the hash before it; `h.length` when there is none. */
function nextEqualHash(h: Uint32Array, from: number): number {
  let i = from;
  while (i < h.length && h[i - 1] !== h[i]) i++;
  return i;
}

/** Whether the name at `i` (in hash order) is equal, ignoring case, to one before it of the same hash. */
function clashAt(names: NamesByRow, order: Int32Array, h: Uint32Array, i: number): boolean {
  for (let j = i - 1; j >= 0 && h[j] === h[i]; j--) if (sameLower(names.at(order[i]), names.at(order[j]))) return true;
  return false;
}
