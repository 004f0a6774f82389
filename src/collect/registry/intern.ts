// One shared string per distinct short text: value names, "True", small numbers as text repeat thousands of times in an export.
import type { Buffer } from 'node:buffer';
import { QUOTE, text } from './units.js';

/** Longer texts are rarely repeated: they are decoded without a lookup. */
export const INTERN_MAX = 24;
const INTERN_SLOTS = 4096;

/** One step of the hash the interner expects, `h * 31 + c` in 32 bits (plain arithmetic: cheap before the JIT compiles it). */
export function hashStep(h: number, c: number): number {
  return ((h << 5) - h + c) | 0;
}

/**
 * A direct-mapped cache of recent short strings: sharing one string per distinct text saves memory and
 * garbage-collection time on large files. Strings are fresh copies, so the tree never pins the file's memory.
 * Each slot keeps its text's code units too, so a lookup compares typed-array elements, not string characters.
 */
export class StringInterner {
  private readonly strings: (string | undefined)[] = new Array<string | undefined>(INTERN_SLOTS).fill(undefined);
  private readonly lengths = new Int32Array(INTERN_SLOTS).fill(-1);
  private readonly units = new Uint16Array(INTERN_SLOTS * INTERN_MAX);
  /** Per slot: 1 when its text is known to hold no quote, backslash or line break (it came from a plain scan). */
  private readonly plain = new Uint8Array(INTERN_SLOTS);
  /** Per slot: the slot of the text asked for right after it the last time, -1 if none. */
  private readonly follows = new Int16Array(INTERN_SLOTS).fill(-1);
  /** Slot of the text last asked for with hashed() or predicted(), -1 after any other. */
  private last = -1;

  get(u: Uint16Array, buf: Buffer, s: number, e: number): string {
    this.last = -1;
    if (e - s > INTERN_MAX) return text(buf, s, e);
    let h = 0;
    for (let i = s; i < e; i++) h = hashStep(h, u[i]);
    const slot = this.slotOf(u, buf, s, e, h);
    if (slot < 0) this.plain[~slot] = 0;
    return this.strings[slot < 0 ? ~slot : slot] as string;
  }

  /**
   * The text of u[s..e), which holds no quote, backslash or line break, and whose hash (hashStep over its
   * units, from 0) the caller computed while scanning it.
   */
  hashed(u: Uint16Array, buf: Buffer, s: number, e: number, h: number): string {
    if (e - s > INTERN_MAX) {
      this.last = -1;
      return text(buf, s, e);
    }
    let slot = this.slotOf(u, buf, s, e, h);
    if (slot < 0) slot = ~slot;
    this.plain[slot] = 1;
    if (this.last >= 0) this.follows[this.last] = slot;
    this.last = slot;
    return this.strings[slot] as string;
  }

  /**
   * The text that followed the last one the previous time, when u[s..n) starts with exactly it and then a
   * quote: a key's value names mostly come in the order of the last key of its kind, and one comparison then
   * replaces hashing the name and comparing it. Undefined otherwise.
   */
  predicted(u: Uint16Array, s: number, n: number): string | undefined {
    const p = this.last < 0 ? -1 : this.follows[this.last];
    if (p < 0 || this.plain[p] === 0) return undefined;
    const len = this.lengths[p];
    if (s + len >= n || u[s + len] !== QUOTE) return undefined;
    const pool = this.units;
    const base = p * INTERN_MAX;
    for (let k = 0; k < len; k++) if (pool[base + k] !== u[s + k]) return undefined;
    this.last = p;
    return this.strings[p];
  }

  /** The slot holding the text of u[s..e) (at most INTERN_MAX units), or ~slot when it was put there just now. */
  private slotOf(u: Uint16Array, buf: Buffer, s: number, e: number, h: number): number {
    const len = e - s;
    const slot = (h ^ (h >>> 12) ^ len) & (INTERN_SLOTS - 1);
    const base = slot * INTERN_MAX;
    const pool = this.units;
    if (this.lengths[slot] === len) {
      let k = 0;
      while (k < len && pool[base + k] === u[s + k]) k++;
      if (k === len) return slot;
    }
    this.strings[slot] = text(buf, s, e);
    this.lengths[slot] = len;
    this.follows[slot] = -1;
    for (let k = 0; k < len; k++) pool[base + k] = u[s + k];
    return ~slot;
  }
}
