// A server's settings in lower-cased name order (pure), from the snapshot's table in code-unit order.
//
// The Main's names are sorted by their lower-cased forms, compared without making them (compareLower): the
// order keeps no lower-cased string per name. The other servers of a group hold mostly the same names: each
// name the Main also has takes its place in the Main's order (no comparison); only the names the Main lacks
// are sorted, then merged in.
import type { SortedSettings } from '../snapshot/table.js';
import { compareNames, compareParts, lowerNameAt, PartNames, type NameColumn } from '../snapshot/name-column.js';
import { compareLower, SortedNames } from './lower-names.js';

/** Settings sorted by lower-cased name (one per lower-cased name), with where each table row went. */
export interface LowerOrder {
  /** The names in this order (read from the table through `rows`; their lower-cased forms made on demand). */
  names: SortedNames;
  /** Per position, the table row of its setting (its value is `table.values[rows[i]]`): no object per setting. */
  rows: Int32Array;
  /** The table the order was made from (names in code-unit order). */
  table: SortedSettings;
  /** When made from another server's order: the names both have, position by position, and the names only this one has. */
  like?: SharedNames;
}

/** The names two servers both have (the same name, case and all), and those only this server has. */
export interface SharedNames {
  order: LowerOrder;
  /** Per position in the other server's order: the position here of the same name, -1 where this server lacks it. */
  hereOf: Int32Array;
  /** Positions here of the names the other server lacks (ascending). */
  own: Int32Array;
  /** Table rows of the names only the other server's table has, and of those only this one's has (the same name, case and all). */
  theirsOnly: number[];
  oursOnly: number[];
  /**
   * Both servers have the same names, case and all (no case twins): every position holds the same name in
   * both orders, so `hereOf` is the identity and the arrays of the other server's order are shared.
   */
  identical: boolean;
}

/** (lower-cased name, name) order of two names. */
function before(a: string, b: string): boolean {
  const c = compareLower(a, b);
  return c < 0 || (c === 0 && a < b);
}

/**
 * The rows `order` lists (sorted by lower-cased name, then name) as arrays; of two names that differ only
 * in case, the first in that order is kept, whatever the input order. `twins`: whether two rows may have the
 * same lower-cased name (when not, no name is compared with the one before it).
 */
function collect(table: SortedSettings, order: ArrayLike<number>, twins: boolean): LowerOrder {
  const all = table.names;
  // Sized for every row and cut to the rows kept (fewer only where case twins are left out).
  const rows = new Int32Array(order.length);
  let n = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    if (twins && n > 0 && compareLower(all.at(rows[n - 1]), all.at(i)) === 0) continue;
    rows[n++] = i;
  }
  const kept = rows.subarray(0, n);
  return { names: new SortedNames(all, kept), rows: kept, table };
}

/**
 * Per table row, its position in the order (-1: a case twin left out). Made when another server is indexed
 * from this order and dropped after it: an order keeps no such array (0.8 MB per server at 200k names).
 */
function rankOf(order: LowerOrder): Int32Array {
  const rank = new Int32Array(order.table.names.length).fill(-1);
  const rows = order.rows;
  for (let k = 0; k < rows.length; k++) rank[rows[k]] = k;
  return rank;
}

/**
 * Sorts rows by (lower-cased name, name, row), a strict order: the order a stable sort by (lower-cased name,
 * name) gives rows listed ascending. `twins`: whether two rows side by side in that order have the same
 * lower-cased name (every two rows that end up side by side were compared, by the pass that kept them, the
 * merge or the sort).
 *
 * Names in code-unit order are nearly in lower-cased order: only the names whose case moves them are out of
 * place (a driver's lower-case `settings.` names after its capitalised ones: 5k of 200k). One pass keeps each
 * row not before the last kept, comparing the names lower-cased (each made once and dropped at once, so none
 * outlives a young-generation collection), and sets the others aside; those (in order among themselves,
 * mostly) are sorted the same way and each placed among the kept rows by a search from the last one placed.
 * Array.prototype.sort compared each two names code unit by code unit, several times per row. Where much is
 * out of place, and for few rows, the rows go to Array.prototype.sort.
 */
class RowSorter {
  twins = false;
  /** Whether a row was set aside (the rows were not in order). */
  moved = false;

  /** Names held as parts: compared by their parts lower-cased (PartNames.lowerHead). */
  private readonly parts: PartNames | undefined;

  constructor(
    private readonly all: NameColumn,
    private readonly passMin = PASS_MIN,
  ) {
    if (all instanceof PartNames) this.parts = all;
  }

  /** The order of the names of rows `a` and `b` lower-cased: by their lower-cased parts where both are ASCII, without making them. */
  private compareRows(a: number, b: number): number {
    const parts = this.parts;
    if (parts !== undefined) {
      const ha = parts.lowerHead(a);
      const hb = parts.lowerHead(b);
      if (ha !== undefined && hb !== undefined) return compareParts(ha, parts.lowerTail(a), hb, parts.lowerTail(b));
    }
    return compareLower(this.all.at(a), this.all.at(b));
  }

  /** Whether row `a` comes before row `b`. */
  before(a: number, b: number): boolean {
    const c = this.compareRows(a, b);
    return c !== 0 ? c < 0 : this.twinBefore(a, b);
  }

  /** Whether row `a` comes before row `b`, whose names are the same lower-cased (case twins, or the same name). */
  private twinBefore(a: number, b: number): boolean {
    this.twins = true;
    const c = compareNames(this.all, a, this.all, b);
    return c < 0 || (c === 0 && a < b);
  }

  /** `rows` in order (in place: the same array). */
  sort(rows: Int32Array, depth: number): Int32Array {
    const n = rows.length;
    if (n < 2) return rows;
    // Few rows: the pass below runs mostly before it is compiled, where the sort builtin's loop is compiled already.
    if (depth === 0 && n < this.passMin && this.parts === undefined) {
      this.moved = true;
      rows.set(this.sortAll(rows));
      return rows;
    }
    const kept = new Int32Array(n);
    const aside = new Int32Array(n);
    const a = this.parts === undefined ? this.passByName(rows, kept, aside) : this.passByParts(rows, kept, aside);
    const k = n - a;
    if (a === 0) return rows;
    this.moved = true;
    // Much out of place (a name early in code-unit order that sorts late): no pass of this kind sorts it in few steps.
    const rest = a > n >> 1 || depth >= MAX_DEPTH ? this.sortAll(aside.subarray(0, a)) : this.sort(aside.subarray(0, a), depth + 1);
    return this.merge(kept.subarray(0, k), rest, rows);
  }

  /**
   * The pass of `sort` over names held as parts: each row compared with the last kept by their lower-cased parts
   * (compareRows). Fills `kept` and `aside`; returns how many were set aside.
   */
  private passByParts(rows: Int32Array, kept: Int32Array, aside: Int32Array): number {
    let k = 0;
    let a = 0;
    let last = rows[0];
    kept[k++] = last;
    for (let i = 1; i < rows.length; i++) {
      const r = rows[i];
      const c = this.compareRows(r, last);
      if (c < 0) aside[a++] = r;
      else {
        // A case twin of the last kept row comes after it: the rows ascend, and so do their names (the table's
        // code-unit order).
        if (c === 0) this.twins = true;
        kept[k++] = last = r;
      }
    }
    return a;
  }

  /**
   * The pass of `sort` over names held whole: each name lower-cased once and compared natively (what compareLower's
   * order is, several times as fast as comparing code unit by code unit); the strings die young, but for the last kept.
   */
  private passByName(rows: Int32Array, kept: Int32Array, aside: Int32Array): number {
    const all = this.all;
    let k = 0;
    let a = 0;
    let last = rows[0];
    kept[k++] = last;
    let lastLower = lowerNameAt(all, last);
    for (let i = 1; i < rows.length; i++) {
      const r = rows[i];
      const lower = lowerNameAt(all, r);
      if (lower < lastLower) aside[a++] = r;
      else {
        if (lower === lastLower) this.twins = true;
        kept[k++] = last = r;
        lastLower = lower;
      }
    }
    return a;
  }

  /**
   * Array.prototype.sort (merges runs, whatever their order), comparing each name's lower-cased form made once
   * (compareLower's order, compared natively): comparing names code unit by code unit, several times per row,
   * took twice as long cold at 20k names.
   */
  private sortAll(rows: Int32Array): Int32Array {
    const all = this.all;
    const n = rows.length;
    const lower: string[] = new Array<string>(n);
    const at: number[] = new Array<number>(n);
    for (let k = 0; k < n; k++) {
      lower[k] = lowerNameAt(all, rows[k]);
      at[k] = k;
    }
    at.sort((p, q) => {
      const x = lower[p];
      const y = lower[q];
      if (x !== y) return x < y ? -1 : 1;
      return this.twinBefore(rows[p], rows[q]) ? -1 : 1;
    });
    const out = new Int32Array(n);
    for (let k = 0; k < n; k++) out[k] = rows[at[k]];
    return out;
  }

  /**
   * Two ordered lists of rows merged into `out` (as long as both): each of `q` (the few) placed after the rows of
   * `p` not after it, found by doubling steps from where the last was placed, then halving.
   */
  private merge(p: Int32Array, q: Int32Array, out: Int32Array): Int32Array {
    let i = 0;
    let k = 0;
    for (let j = 0; j < q.length; j++) {
      const r = q[j];
      // The first of p from i that r comes before: p[lo] is not after r (or lo = i - 1), p[hi] is (or hi = p.length).
      let lo = i - 1;
      let hi = i;
      let step = 1;
      while (hi < p.length && !this.before(r, p[hi])) {
        lo = hi;
        hi += step;
        step *= 2;
      }
      if (hi > p.length) hi = p.length;
      while (hi - lo > 1) {
        const mid = (lo + hi) >>> 1;
        if (this.before(r, p[mid])) hi = mid;
        else lo = mid;
      }
      while (i < hi) out[k++] = p[i++];
      out[k++] = r;
    }
    while (i < p.length) out[k++] = p[i++];
    return out;
  }
}

/** Passes before the rows still set aside are left to Array.prototype.sort. */
const MAX_DEPTH = 4;

/**
 * Rows of names held whole from which the pass sorts (fewer go to Array.prototype.sort). Measured cold, one call per
 * process: at 20k names the pass took 1.5x the sort's time (sortAll), at 200k 0.8x. Names held as parts go to the
 * pass at any size: it makes no name, where the sort makes each one lower-cased (20k names: 8.7-16 ms against 16-22).
 */
const PASS_MIN = 65_536;

/** The settings of `table` in lower-cased name order, sorting every name; `passMin`: see PASS_MIN (tests lower it). */
export function lowerOrder(table: SortedSettings, passMin = PASS_MIN): LowerOrder {
  const n = table.names.length;
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  const sorter = new RowSorter(table.names, passMin);
  sorter.sort(rows, 0);
  // No case twins: every row kept, in the order sorted (and already in order: the table's names as they are).
  if (!sorter.twins) return { names: new SortedNames(table.names, sorter.moved ? rows : undefined), rows, table };
  return collect(table, rows, true);
}

/**
 * The settings of `table` in lower-cased name order, made from `like` (another server's order): the same as
 * lowerOrder(table), with the work done only for the names `like` lacks.
 */
export function lowerOrderLike(table: SortedSettings, like: LowerOrder): LowerOrder {
  // `like` without case twins keeps every row of its table: a name both have is then matched by `like`'s row (the
  // walk's own position there), and each position of its order reads its row's match through its rows; no
  // array of each row's position in its order is made (a walk over all its rows and a fill fewer).
  const byRow = like.rows.length === like.table.names.length;
  // Per position of `like`'s order (byRow: per row of its table), the row here with the same name (-1: none).
  const slot = new Int32Array(like.names.length).fill(-1);
  // Each walk in a function of its own: a small loop is compiled once, and not again with the others.
  const diff: TableDiff = { theirsOnly: [], oursOnly: [] };
  const own = matchNames(table, like, byRow ? undefined : rankOf(like), slot, diff);
  // No name `like` lacks: `like`'s order without the names this server lacks, in one walk (and when it lacks
  // none, the same names: `like`'s order as it is, position for position).
  if (own.length === 0) return diff.theirsOnly.length === 0 ? sameOrder(table, like) : subsetOrder(table, like, slot, byRow, diff);
  if (byRow) slot.set(slotsInOrder(slot, like.rows));
  const sorted = new RowSorter(table.names).sort(Int32Array.from(own), 0);
  // Only this server's own names can be twins (the names `like` also has are each once in its order).
  const out = collect(table, mergeOwn(table, slot, sorted), own.length > 0);
  out.like = sharedNames(like, slot, out, diff);
  return out;
}

/**
 * The order of a table that holds exactly the names of `like`'s (each row matched to one kept in its order,
 * none left over): the same position per row, so `like`'s arrays serve (its names are the same texts).
 */
function sameOrder(table: SortedSettings, like: LowerOrder): LowerOrder {
  const n = like.names.length;
  const identity = new Int32Array(n);
  for (let i = 0; i < n; i++) identity[i] = i;
  const out: LowerOrder = { names: like.names, rows: like.rows, table };
  out.like = { order: like, hereOf: identity, own: new Int32Array(0), theirsOnly: [], oursOnly: [], identical: true };
  return out;
}

/** Per position of an order, the match (`byRow`, per row) of the row at that position (`rows`). */
function slotsInOrder(byRow: Int32Array, rows: Int32Array): Int32Array {
  const out = new Int32Array(rows.length);
  for (let s = 0; s < rows.length; s++) out[s] = byRow[rows[s]];
  return out;
}

/**
 * The order of a table whose names `like`'s table all holds (each row matched to a name kept in its order):
 * `like`'s positions in turn, each this table has (`slot`; `byRow`: per row of `like`'s table) taking the next
 * position here. The same as merging no own names in and collecting (mergeOwn, collect, sharedNames), in one walk.
 */
function subsetOrder(table: SortedSettings, like: LowerOrder, slot: Int32Array, byRow: boolean, diff: TableDiff): LowerOrder {
  const all = table.names;
  const n = all.length;
  const rows = new Int32Array(n);
  const hereOf = new Int32Array(slot.length);
  const likeRows = like.rows;
  let k = 0;
  for (let s = 0; s < slot.length; s++) {
    const j = byRow ? slot[likeRows[s]] : slot[s];
    if (j < 0) {
      hereOf[s] = -1;
      continue;
    }
    rows[k] = j;
    hereOf[s] = k++;
  }
  const out: LowerOrder = { names: new SortedNames(all, rows), rows, table };
  out.like = { order: like, hereOf, own: new Int32Array(0), ...diff, identical: false };
  return out;
}

/** The rows of the names only one of two tables has. */
interface TableDiff {
  theirsOnly: number[];
  oursOnly: number[];
}

/**
 * Fills `slot` for the rows whose name `like` also has (at their position in its order, `likeRank`, or, without
 * it, at their row in its table); returns the other rows. `diff`: the rows of the names only one of the two
 * tables has.
 */
function matchNames(table: SortedSettings, like: LowerOrder, likeRank: Int32Array | undefined, slot: Int32Array, diff: TableDiff): number[] {
  const all = table.names;
  const theirs = like.table.names;
  const own: number[] = [];
  let i = 0;
  for (let j = 0; j < all.length; j++) {
    // Both tables are in code-unit order: step over the names only `like` has. Most names are on both: one
    // comparison of the two.
    let c = i < theirs.length ? compareNames(theirs, i, all, j) : 1;
    while (c < 0) {
      diff.theirsOnly.push(i++);
      c = i < theirs.length ? compareNames(theirs, i, all, j) : 1;
    }
    const same = c === 0;
    // A name `like` has but left out of its order (a case twin) is this server's own here.
    const at = !same ? -1 : likeRank === undefined ? i++ : likeRank[i++];
    if (!same) diff.oursOnly.push(j);
    if (at >= 0) slot[at] = j;
    else own.push(j);
  }
  while (i < theirs.length) diff.theirsOnly.push(i++);
  return own;
}

/** The shared rows in `like`'s order (already by lower-cased name) merged with the sorted own rows. */
function mergeOwn(table: SortedSettings, slot: Int32Array, own: Int32Array): Int32Array {
  const all = table.names;
  const order = new Int32Array(all.length);
  let k = 0;
  let o = 0;
  for (let s = 0; s < slot.length; s++) {
    const j = slot[s];
    if (j < 0) continue;
    while (o < own.length && before(all.at(own[o]), all.at(j))) order[k++] = own[o++];
    order[k++] = j;
  }
  while (o < own.length) order[k++] = own[o++];
  return order;
}

/** Where each name `like` also has sits in both orders (a case twin left out here is this server's own). */
function sharedNames(like: LowerOrder, slot: Int32Array, out: LowerOrder, diff: TableDiff): SharedNames {
  const rank = rankOf(out);
  const hereOf = new Int32Array(like.names.length).fill(-1);
  const likeAt = new Int32Array(out.names.length).fill(-1);
  for (let at = 0; at < slot.length; at++) {
    const j = slot[at];
    if (j >= 0 && rank[j] >= 0) {
      hereOf[at] = rank[j];
      likeAt[rank[j]] = at;
    }
  }
  const ownAt: number[] = [];
  for (let p = 0; p < likeAt.length; p++) if (likeAt[p] < 0) ownAt.push(p);
  return { order: like, hereOf, own: Int32Array.from(ownAt), ...diff, identical: false };
}
