// The join of two indexed servers (pure): one row per lower-cased name either holds, in sorted order, found from
// the names they share (a server indexed from the Main's order) or by one walk over both sorted name lists.
// Rows whose values are the same are marked, so that the rules that only count equal settings (the catch-all,
// summarised wide rules) skip them without building a finding.
import type { IndexedServer } from './indexing.js';
import { valuesEqual } from './values.js';
import { compareLower } from './lower-names.js';
import { regTypeAt } from '../snapshot/table.js';

export interface PairJoin {
  rows: number;
  /** Per row, the position of the name in each server's sorted arrays; -1 when that server lacks it. */
  aAt: Int32Array;
  bAt: Int32Array;
  /** Per position in each server's arrays, its row. */
  aRow: Int32Array;
  bRow: Int32Array;
  /** 1 when both servers hold the row with the same value (equal under every comparison option). */
  same: Uint8Array;
  /**
   * Row r is position r of `a`, and `b` has no name `a` lacks (`b` indexed from `a`'s order without own names):
   * every row of `b`'s is one of `a`'s positions, so a selection of `b`'s made from `a`'s (Selection) is among
   * the rows of `a`'s. `aAt` and `aRow` are then the identity: a reader that knows it reads neither (they are
   * made when first read).
   */
  mainRows: boolean;
}

/** The join of two servers: from the names they share when `b` was indexed from `a`'s order, else by name. */
export function joinServers(a: IndexedServer, b: IndexedServer): PairJoin {
  if (b.shared?.server !== a) return joinByName(a, b);
  if (b.shared.own.length === 0) return joinWithin(a, b, b.shared.hereOf, b.shared.identical);
  return joinShared(a, b, b.shared.hereOf, b.shared.own);
}

/**
 * The join of `a` and a server `b` indexed from `a`'s order that has no name `a` lacks: one row per position
 * of `a` (row and position one number), `b`'s position in it `hereOf` itself. The same rows as joinShared
 * without own names; when `b` has all of `a`'s names (`identical`: hereOf the identity) one array serves all
 * four. Otherwise `aAt` and `aRow` (the identity) and `bRow` (hereOf's inverse) are made when first read:
 * readers that know `mainRows` read neither (two arrays of 0.8 MB at 200k names not made).
 */
function joinWithin(a: IndexedServer, b: IndexedServer, hereOf: Int32Array, identical: boolean): PairJoin {
  const n = a.names.length;
  const same = sameFlags(a, b, n, undefined, hereOf);
  if (identical) return { rows: n, aAt: hereOf, bAt: hereOf, aRow: hereOf, bRow: hereOf, same, mainRows: true };
  let identity: Int32Array | undefined;
  let inverse: Int32Array | undefined;
  return {
    rows: n,
    bAt: hereOf,
    same,
    mainRows: true,
    get aAt() {
      if (identity === undefined) {
        identity = new Int32Array(n);
        for (let i = 0; i < n; i++) identity[i] = i;
      }
      return identity;
    },
    get aRow() {
      return this.aAt;
    },
    get bRow() {
      if (inverse === undefined) {
        inverse = new Int32Array(b.names.length);
        for (let i = 0; i < n; i++) {
          const h = hereOf[i];
          if (h >= 0) inverse[h] = i;
        }
      }
      return inverse;
    },
  };
}

/** The join found by one walk over both sorted name lists, comparing the names. */
export function joinByName(a: IndexedServer, b: IndexedServer): PairJoin {
  const la = a.names;
  const lb = b.names;
  const aRow = new Int32Array(la.length);
  const bRow = new Int32Array(lb.length);
  // At most la + lb rows; trimmed below.
  const aAt = new Int32Array(la.length + lb.length);
  const bAt = new Int32Array(la.length + lb.length);
  let rows = 0;
  let i = 0;
  let j = 0;
  while (i < la.length || j < lb.length) {
    // Most names are on both servers, written alike: their equality first, then the lower-cased order.
    const c = i >= la.length ? 1 : j >= lb.length ? -1 : la.name(i) === lb.name(j) ? 0 : compareLower(la.name(i), lb.name(j));
    if (c === 0) {
      aAt[rows] = i;
      bAt[rows] = j;
      aRow[i++] = rows;
      bRow[j++] = rows++;
    } else if (c < 0) {
      aAt[rows] = i;
      bAt[rows] = -1;
      aRow[i++] = rows++;
    } else {
      aAt[rows] = -1;
      bAt[rows] = j;
      bRow[j++] = rows++;
    }
  }
  return withSame(a, b, rows, aAt, bAt, aRow, bRow);
}

/**
 * The join of `a` and a server `b` indexed from `a`'s order: `hereOf` pairs the names both have (the same
 * text), so only `b`'s own names are placed by comparing names, and only against `a`'s names that `b` lacks
 * (one of them may be an own name of `b` written in another case: the same row). The same rows as joinByName.
 */
function joinShared(a: IndexedServer, b: IndexedServer, hereOf: Int32Array, own: Int32Array): PairJoin {
  const la = a.names;
  const lb = b.names;
  const aRow = new Int32Array(la.length);
  const bRow = new Int32Array(lb.length);
  // Every name of `b` is either paired through hereOf or its own: at most la + own rows.
  const size = la.length + own.length;
  const aAt = new Int32Array(size);
  const bAt = new Int32Array(size);
  let rows = 0;
  let o = 0;
  for (let i = 0; i < la.length; i++) {
    const h = hereOf[i];
    let j = -1;
    if (h >= 0) {
      // Own names before a shared one sort before it (positions are in name order).
      while (o < own.length && own[o] < h) {
        aAt[rows] = -1;
        bAt[rows] = own[o];
        bRow[own[o++]] = rows++;
      }
      j = h;
    } else {
      const x = la.name(i);
      while (o < own.length && compareLower(lb.name(own[o]), x) < 0) {
        aAt[rows] = -1;
        bAt[rows] = own[o];
        bRow[own[o++]] = rows++;
      }
      if (o < own.length && compareLower(lb.name(own[o]), x) === 0) j = own[o++];
    }
    aAt[rows] = i;
    bAt[rows] = j;
    if (j >= 0) bRow[j] = rows;
    aRow[i] = rows++;
  }
  while (o < own.length) {
    aAt[rows] = -1;
    bAt[rows] = own[o];
    bRow[own[o++]] = rows++;
  }
  return withSame(a, b, rows, aAt, bAt, aRow, bRow);
}

/**
 * The join with its `same` flags: the same value under every equality option (`unordered`, `caseInsensitive`),
 * so the same string, number, Boolean or null, or lists and secrets valuesEqual finds equal without options
 * (secrets hashed under different keys are never the same: the comparators report them as unknown), stored as
 * the same registry type (a REG_QWORD 5481 is not the REG_DWORD 5481 a server reads: see typesDiffer). The
 * values are compared in a loop of their own, by identity; the few rows holding two lists or two secrets are
 * compared after it (a small loop is compiled early and stays compiled, where one that also compared lists and
 * secrets would be compiled again when the first of them came).
 */
function withSame(a: IndexedServer, b: IndexedServer, rows: number, aAt: Int32Array, bAt: Int32Array, aRow: Int32Array, bRow: Int32Array): PairJoin {
  const same = sameFlags(a, b, rows, aAt, bAt);
  return { rows, aAt: aAt.subarray(0, rows), bAt: bAt.subarray(0, rows), aRow, bRow, same, mainRows: false };
}

/** The `same` flag per row (see withSame); `aAt` undefined: row r is `a`'s position r. */
function sameFlags(a: IndexedServer, b: IndexedServer, rows: number, aAt: Int32Array | undefined, bAt: Int32Array): Uint8Array {
  const ta = a.table;
  const tb = b.table;
  const va = ta.values;
  const vb = tb.values;
  const ra = a.rows;
  const rb = b.rows;
  const same = new Uint8Array(rows);
  // Rows whose values are both objects, each marked 2 here and decided below.
  let objects = 0;
  for (let r = 0; r < rows; r++) {
    const i = aAt === undefined ? r : aAt[r];
    const j = bAt[r];
    if (i < 0 || j < 0) continue;
    const x = va[ra[i]];
    const y = vb[rb[j]];
    if (x === y) same[r] = regTypeAt(ta, ra[i]) === regTypeAt(tb, rb[j]) ? 1 : 0;
    else if (typeof x === 'object' && typeof y === 'object' && x !== null && y !== null) {
      same[r] = 2;
      objects++;
    }
  }
  for (let r = 0; objects > 0 && r < rows; r++) {
    if (same[r] !== 2) continue;
    objects--;
    const i = ra[aAt === undefined ? r : aAt[r]];
    const j = rb[bAt[r]];
    same[r] = valuesEqual(va[i], vb[j]) && regTypeAt(ta, i) === regTypeAt(tb, j) ? 1 : 0;
  }
  return same;
}
