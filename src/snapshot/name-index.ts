// Finds names case-insensitively (as `name.toLowerCase()` compares them) without a lower-cased string per
// name: an open-addressing table of positions in typed arrays, keyed by a hash of the name lower-cased.
//
// A Map keyed by lower-cased names cost a new long string per setting, its hash and a map entry: with
// 10^5+ settings per snapshot, a fifth of building it.

/** FNV-1a of `text` with A-Z folded to a-z (`text` is ASCII, or already lower-cased). */
function foldHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
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
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    let c = name.charCodeAt(i);
    if (c > 127) return foldHash(name.toLowerCase());
    if (c >= 65 && c <= 90) c += 32;
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h >>> 0;
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
  /** Per slot: position + 1, 0 when free. */
  private slots = new Int32Array(1 << 10);
  /** Per position: the name's lowerHash. */
  private hashes = new Uint32Array(1 << 9);
  private count = 0;

  constructor(private readonly names: readonly string[]) {}

  /** Position of the name equal to `name` ignoring case, or -1; `hash`: lowerHash(name). */
  find(name: string, hash: number = lowerHash(name)): number {
    const slots = this.slots;
    const mask = slots.length - 1;
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const at = slots[s] - 1;
      if (at < 0) return -1;
      if (this.hashes[at] === hash && sameLower(this.names[at], name)) return at;
    }
  }

  /** Records that `names[position]` (with lowerHash `hash`) is at `position`; no equal name may be recorded already. */
  insert(position: number, hash: number): void {
    if (position >= this.hashes.length) {
      const grown = new Uint32Array(Math.max(this.hashes.length * 2, position + 1));
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[position] = hash;
    if (++this.count * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    this.place(position, hash);
  }

  private place(position: number, hash: number): void {
    const slots = this.slots;
    const mask = slots.length - 1;
    let s = hash & mask;
    while (slots[s] !== 0) s = (s + 1) & mask;
    slots[s] = position + 1;
  }

  private rehash(size: number): void {
    const old = this.slots;
    this.slots = new Int32Array(size);
    for (let s = 0; s < old.length; s++) if (old[s] !== 0) this.place(old[s] - 1, this.hashes[old[s] - 1]);
  }
}
