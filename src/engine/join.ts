// The join of two indexed servers (pure): one row per lower-cased name either holds, in sorted order, found by
// one walk over both sorted name lists. Rows whose values are the same are marked, so that the rules that only
// count equal settings (the catch-all, summarised wide rules) skip them without building a finding.
import type { SettingValue } from '../types.js';
import type { IndexedServer } from './indexing.js';
import { valuesEqual } from './values.js';

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
}

/**
 * Same value under every equality option (`unordered`, `caseInsensitive`): the same string, number or
 * Boolean, or lists and secrets valuesEqual finds equal without options. Secrets hashed under different
 * keys are never the same (the comparators report them as unknown).
 */
function sameValue(a: SettingValue, b: SettingValue): boolean {
  if (a === b) return true;
  return typeof a === 'object' && typeof b === 'object' && a !== null && b !== null && valuesEqual(a, b);
}

export function joinServers(a: IndexedServer, b: IndexedServer): PairJoin {
  const la = a.lowers;
  const lb = b.lowers;
  // Values straight from each snapshot's table: the row of position i is rows[i].
  const va = a.table.values;
  const vb = b.table.values;
  const ra = a.rows;
  const rb = b.rows;
  const aRow = new Int32Array(la.length);
  const bRow = new Int32Array(lb.length);
  // At most la + lb rows; trimmed below.
  const aAt = new Int32Array(la.length + lb.length);
  const bAt = new Int32Array(la.length + lb.length);
  const same = new Uint8Array(la.length + lb.length);
  let rows = 0;
  let i = 0;
  let j = 0;
  while (i < la.length || j < lb.length) {
    const x = i < la.length ? la[i] : undefined;
    const y = j < lb.length ? lb[j] : undefined;
    // Most names are on both servers: equality first, then one order test.
    if (x !== undefined && x === y) {
      aAt[rows] = i;
      bAt[rows] = j;
      if (sameValue(va[ra[i]], vb[rb[j]])) same[rows] = 1;
      aRow[i++] = rows;
      bRow[j++] = rows++;
    } else if (y === undefined || (x !== undefined && x < y)) {
      aAt[rows] = i;
      bAt[rows] = -1;
      aRow[i++] = rows++;
    } else {
      aAt[rows] = -1;
      bAt[rows] = j;
      bRow[j++] = rows++;
    }
  }
  return { rows, aAt: aAt.subarray(0, rows), bAt: bAt.subarray(0, rows), aRow, bRow, same: same.subarray(0, rows) };
}
