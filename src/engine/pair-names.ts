// The names a rule compares on one pair (pure): rows of the pair's join that either server's selection holds,
// in name order, as parallel typed arrays. A selected name's object and captures are made only when a
// comparator asks for them (a finding, a guard), not for each of the thousands of names a wide rule counts.
import { cmp, type IndexedServer } from './indexing.js';
import type { PairJoin } from './join.js';
import { matchPattern, mayMatch, type NamePattern } from './patterns.js';

/** One selected name: as written on the server that selected it, lower-cased, and its pattern's captures. */
export interface Selected {
  name: string;
  lower: string;
  captures: string[];
  /** The entry's position in the server's sorted arrays; -1 for a required name the server does not have. */
  index: number;
}

/** The captures of the first of `patterns` that matches `name` (the pattern that selected it); [] for none. */
export function capturesOf(patterns: readonly NamePattern[], name: string, lower: string): string[] {
  for (const p of patterns) {
    if (!mayMatch(p, lower)) continue;
    const captures = matchPattern(p, name, lower);
    if (captures !== undefined) return captures;
  }
  return [];
}

/**
 * The union of both servers' selections (the Main's name where both select it), with the required literal
 * names neither has added, sorted by lower-cased name. Per name: its position in each server's sorted
 * arrays (-1 where absent) and whether both hold it with the same value.
 */
export class PairNames {
  readonly length: number;
  readonly mainAt: Int32Array;
  readonly otherAt: Int32Array;
  /** 1 when both servers hold the name with the same value (equal under every comparison option). */
  readonly same: Uint8Array;
  /** Every name is the Main's, `mainAt` ascending (the other server has no name the Main lacks, none required). */
  readonly mainRows: boolean;
  /** 1 where the Main selected the name (its spelling and captures are the Main's), 0 where only the other did. */
  private readonly byMain: Uint8Array;
  /** Required literal names neither server has, by position. */
  private readonly absent: Map<number, NamePattern>;

  constructor(
    private readonly main: IndexedServer,
    private readonly other: IndexedServer,
    private readonly patterns: readonly NamePattern[],
    join: PairJoin,
    mainSelected: Int32Array,
    otherSelected: Int32Array,
    required: readonly NamePattern[],
  ) {
    this.absent = new Map<number, NamePattern>();
    if (join.mainRows && required.length === 0) {
      // The other server has no name the Main lacks, and its selection is among the Main's (see
      // PairJoin.mainRows): the Main's selected positions are the rows, the other's position read per row.
      const n = mainSelected.length;
      const otherAt = new Int32Array(n);
      const same = new Uint8Array(n);
      for (let k = 0; k < n; k++) {
        const row = mainSelected[k];
        otherAt[k] = join.bAt[row];
        same[k] = join.same[row];
      }
      this.length = n;
      this.mainAt = mainSelected;
      this.otherAt = otherAt;
      this.same = same;
      this.byMain = new Uint8Array(n).fill(1);
      this.mainRows = true;
      return;
    }
    const size = mainSelected.length + otherSelected.length + required.length;
    const mainAt = new Int32Array(size);
    const otherAt = new Int32Array(size);
    const same = new Uint8Array(size);
    const byMain = new Uint8Array(size);
    const absent = this.absent;
    let n = 0;
    let i = 0;
    let j = 0;
    let r = 0;
    // Both selections as rows of the join (ascending, as the positions are), merged; required names in their place.
    while (i < mainSelected.length || j < otherSelected.length || r < required.length) {
      const ra = i < mainSelected.length ? join.aRow[mainSelected[i]] : join.rows;
      const rb = j < otherSelected.length ? join.bRow[otherSelected[j]] : join.rows;
      const row = ra <= rb ? ra : rb;
      if (r < required.length && (row === join.rows || this.compareRow(join, row, required[r].literal as string) > 0)) {
        mainAt[n] = -1;
        otherAt[n] = -1;
        absent.set(n++, required[r++]);
        continue;
      }
      mainAt[n] = join.aAt[row];
      otherAt[n] = join.bAt[row];
      same[n] = join.same[row];
      if (ra === row) {
        byMain[n] = 1;
        i++;
      }
      if (rb === row) j++;
      n++;
    }
    this.length = n;
    this.mainAt = mainAt.subarray(0, n);
    this.otherAt = otherAt.subarray(0, n);
    this.same = same.subarray(0, n);
    this.byMain = byMain;
    this.mainRows = false;
  }

  /** The order of the lower-cased name of a row of the join and `lower`. */
  private compareRow(join: PairJoin, row: number, lower: string): number {
    const a = join.aAt[row];
    return a >= 0 ? this.main.names.compare(a, lower) : this.other.names.compare(join.bAt[row], lower);
  }

  /** The order of the lower-cased name at `k` and `lower` (without making the name's). */
  compare(k: number, lower: string): number {
    const a = this.mainAt[k];
    if (a >= 0) return this.main.names.compare(a, lower);
    const b = this.otherAt[k];
    return b >= 0 ? this.other.names.compare(b, lower) : cmp(this.absent.get(k)?.literal as string, lower);
  }

  /** The lower-cased name at `k`. */
  lower(k: number): string {
    const a = this.mainAt[k];
    if (a >= 0) return this.main.names.lower(a);
    const b = this.otherAt[k];
    return b >= 0 ? this.other.names.lower(b) : (this.absent.get(k)?.literal as string);
  }

  /** The name at `k` as the server that selected it writes it (a required name neither has: its pattern). */
  name(k: number): string {
    const a = this.mainAt[k];
    const b = this.otherAt[k];
    if (this.byMain[k] === 1) return this.main.names.name(a);
    return b >= 0 ? this.other.names.name(b) : a >= 0 ? this.main.names.name(a) : (this.absent.get(k)?.source as string);
  }

  /** The captures of the pattern that selected the name at `k`. */
  captures(k: number): string[] {
    if (this.absent.has(k)) return [];
    return capturesOf(this.patterns, this.name(k), this.lower(k));
  }

  /** The selected name at `k` as one object. */
  selected(k: number): Selected {
    const a = this.mainAt[k];
    const b = this.otherAt[k];
    return { name: this.name(k), lower: this.lower(k), captures: this.captures(k), index: this.byMain[k] === 1 ? a : b };
  }
}
