// One shared string per distinct short text: value names, "True", small numbers as text repeat thousands of times in an export.
import type { Buffer } from 'node:buffer';
import { text, unitText } from './units.js';

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

  get(u: Uint16Array, buf: Buffer, s: number, e: number): string {
    if (e - s > INTERN_MAX) return text(buf, s, e);
    let h = 0;
    for (let i = s; i < e; i++) h = hashStep(h, u[i]);
    return this.hashed(u, buf, s, e, h);
  }

  /** The text of u[s..e), whose hash (hashStep over its units, from 0) the caller computed while scanning it. */
  hashed(u: Uint16Array, buf: Buffer, s: number, e: number, h: number): string {
    const len = e - s;
    if (len > INTERN_MAX) return text(buf, s, e);
    const slot = (h ^ (h >>> 12) ^ len) & (INTERN_SLOTS - 1);
    const base = slot * INTERN_MAX;
    const pool = this.units;
    if (this.lengths[slot] === len) {
      let k = 0;
      while (k < len && pool[base + k] === u[s + k]) k++;
      if (k === len) return this.strings[slot] as string;
    }
    const fresh = unitText(u, buf, s, e);
    this.strings[slot] = fresh;
    this.lengths[slot] = len;
    for (let k = 0; k < len; k++) pool[base + k] = u[s + k];
    return fresh;
  }
}
