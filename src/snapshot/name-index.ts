// Finds names case-insensitively (as `name.toLowerCase()` compares them) without a lower-cased string per
// name: an open-addressing table of positions in typed arrays, keyed by a hash of the name lower-cased.
//
// A Map keyed by lower-cased names cost a new long string per setting, its hash and a map entry: with
// 10^5+ settings per snapshot, a fifth of building it.

/** Where lowerHash starts (FNV-1a's offset basis), for hashing a name in parts (`continueHash`). */
export const HASH_START = 0x811c9dc5;

/** FNV-1a of `text` with A-Z folded to a-z (`text` is ASCII, or already lower-cased). */
function foldHash(text: string): number {
  let h = HASH_START;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h >>> 0;
}

/**
 * lowerHash continued from `hash` (of the text before, or HASH_START) over `text`, for a name built from
 * parts whose hash is known for the first; -1 when `text` is not ASCII (then hash the whole name).
 */
export function continueHash(hash: number, text: string): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c > 127) return -1;
    if (c >= 65 && c <= 90) c += 32;
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The hash of `name.toLowerCase()`. ASCII names are folded character by character (what lower-casing does
 * to them); others are lower-cased first (there it may depend on the neighbours, or change the length).
 */
export function lowerHash(name: string): number {
  const h = continueHash(HASH_START, name);
  return h >= 0 ? h : foldHash(name.toLowerCase());
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

/** Positions of names in a list (`names[i]`), found by name ignoring case. */
export class NameIndex {
  /** Two entries per slot: position + 1 (0: a free slot), and the name's lowerHash (one memory access per probe). */
  private slots = new Int32Array(2 << 10);
  private count = 0;

  constructor(private readonly names: readonly string[]) {}

  /** Makes room for `more` names beyond those recorded, so that recording them does not grow the table. */
  reserve(more: number): void {
    let size = this.slots.length >> 1;
    while ((this.count + more) * 2 > size) size *= 2;
    if (size > this.slots.length >> 1) this.rehash(size);
  }

  /** Position of the name equal to `name` ignoring case, or -1; `hash`: lowerHash(name). */
  find(name: string, hash: number = lowerHash(name)): number {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    const h = hash | 0;
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const at = slots[2 * s] - 1;
      if (at < 0) return -1;
      if (slots[2 * s + 1] === h && sameLower(this.names[at], name)) return at;
    }
  }

  /** Records that `names[position]` (with lowerHash `hash`) is at `position`; no equal name may be recorded already. */
  insert(position: number, hash: number): void {
    if (++this.count * 2 > this.slots.length >> 1) this.rehash(this.slots.length);
    place(this.slots, position, hash | 0);
  }

  private rehash(size: number): void {
    const old = this.slots;
    this.slots = new Int32Array(2 * size);
    for (let s = 0; s < old.length; s += 2) if (old[s] !== 0) place(this.slots, old[s] - 1, old[s + 1]);
  }
}

function place(slots: Int32Array, position: number, hash: number): void {
  const mask = (slots.length >> 1) - 1;
  let s = hash & mask;
  while (slots[2 * s] !== 0) s = (s + 1) & mask;
  slots[2 * s] = position + 1;
  slots[2 * s + 1] = hash;
}
