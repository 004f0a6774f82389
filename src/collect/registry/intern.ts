// One shared string per distinct short text: value names, "True", small numbers as text repeat thousands of times in an export.
import type { Buffer } from 'node:buffer';
import { text } from './units.js';

/** Longer texts are rarely repeated: they are decoded without a lookup. */
export const INTERN_MAX = 24;
const INTERN_SLOTS = 4096;

/** The hash the interner expects: `h = (Math.imul(h, 31) + unit) | 0` over the units, from 0. */
export function hashUnits(u: Uint16Array, s: number, e: number): number {
  let h = 0;
  for (let i = s; i < e; i++) h = (Math.imul(h, 31) + u[i]) | 0;
  return h;
}

/**
 * A direct-mapped cache of recent short strings: sharing one string per distinct text saves memory and
 * garbage-collection time on large files. Strings are fresh copies, so the tree never pins the file's memory.
 */
export class StringInterner {
  private readonly slots: (string | undefined)[] = new Array<string | undefined>(INTERN_SLOTS).fill(undefined);

  get(u: Uint16Array, buf: Buffer, s: number, e: number): string {
    return e - s > INTERN_MAX ? text(buf, s, e) : this.hashed(u, buf, s, e, hashUnits(u, s, e));
  }

  /** The text of u[s..e), whose hash (see hashUnits) the caller computed while scanning it. */
  hashed(u: Uint16Array, buf: Buffer, s: number, e: number, h: number): string {
    const len = e - s;
    if (len > INTERN_MAX) return text(buf, s, e);
    const slot = (h ^ (h >>> 12) ^ len) & (INTERN_SLOTS - 1);
    const cached = this.slots[slot];
    if (cached !== undefined && cached.length === len) {
      let k = 0;
      while (k < len && cached.charCodeAt(k) === u[s + k]) k++;
      if (k === len) return cached;
    }
    const fresh = text(buf, s, e);
    this.slots[slot] = fresh;
    return fresh;
  }
}
