// The rows of names held as parts (name-column.ts) in the code-unit order of the names, with one comparison per
// distinct head and tail rather than per row (pure).
//
// The heads are sorted once (some 14,000 in a 200,000-setting export), the tails once (a few hundred), and the rows
// counted into their head's place (no comparison), then ordered by tail within it. That is the names' order except
// where a head is the start of other heads (`reg:A\` of `reg:A\B\`: the key's own values among its subkeys'
// values, by what follows): there the head's rows are placed among the rows of the heads that start with it, each
// by a search comparing whole names, innermost heads first. A comparison sort of the rows, even with these ranks,
// took 3-4 times as long (a call of the comparator per comparison).
import { compareParts, type PartNames } from './name-column.js';

/** Ids 0 … n−1 of `texts` (distinct) in their code-unit order, and each id's rank in it. */
function ranked(texts: readonly string[]): { ids: Int32Array; rank: Int32Array } {
  // The texts sorted by the built-in sort's own comparison (no call of a comparator per comparison), then found again.
  const sorted = texts.slice().sort();
  const rankOf = new Map<string, number>();
  for (let r = 0; r < sorted.length; r++) rankOf.set(sorted[r], r);
  const ids = new Int32Array(texts.length);
  const rank = new Int32Array(texts.length);
  for (let id = 0; id < texts.length; id++) {
    const r = rankOf.get(texts[id]) as number;
    rank[id] = r;
    ids[r] = id;
  }
  return { ids, rank };
}

/** Rows 0 … n−1 of `names` (no two names equal) in the code-unit order of their names. */
export function partOrder(names: PartNames): Int32Array {
  const { heads, tails, headOf, tailOf, length: n } = names;
  const headRank = ranked(heads);
  const tailRank = ranked(tails).rank;
  // The rows by head rank (a counting sort: stable), the start of each head's rows in `starts`.
  const h = heads.length;
  const starts = new Int32Array(h + 1);
  for (let i = 0; i < n; i++) starts[headRank.rank[headOf[i]] + 1]++;
  for (let r = 0; r < h; r++) starts[r + 1] += starts[r];
  const next = starts.slice(0, h);
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[next[headRank.rank[headOf[i]]]++] = i;
  sortRunsByTail(rows, starts, tailOf, tailRank);
  placePrefixHeads(names, headRank.ids, starts, rows);
  return rows;
}

/** Each head's rows (`rows` from `starts[r]` to `starts[r + 1]`) by tail rank: an insertion sort (a head holds a key's values, mostly in order). */
function sortRunsByTail(rows: Int32Array, starts: Int32Array, tailOf: Uint32Array, tailRank: Int32Array): void {
  for (let r = 0; r + 1 < starts.length; r++) {
    const end = starts[r + 1];
    for (let i = starts[r] + 1; i < end; i++) {
      const row = rows[i];
      const key = tailRank[tailOf[row]];
      let j = i - 1;
      for (; j >= starts[r] && tailRank[tailOf[rows[j]]] > key; j--) rows[j + 1] = rows[j];
      rows[j + 1] = row;
    }
  }
}

/**
 * For each head that is the start of others (they follow it in head order, up to `end`), its rows placed among
 * theirs: those are in order already (the innermost heads are done first), and each of its rows (in order, by
 * tail) goes where a search among them puts it.
 */
function placePrefixHeads(names: PartNames, byRank: Int32Array, starts: Int32Array, rows: Int32Array): void {
  const { heads } = names;
  const h = byRank.length;
  // ends[r]: the rank after the heads that start with the head of rank r (they follow it: a block).
  const ends = new Int32Array(h);
  for (let r = h - 1; r >= 0; r--) {
    const head = heads[byRank[r]];
    let e = r + 1;
    while (e < h && heads[byRank[e]].startsWith(head)) e = ends[e];
    ends[r] = e;
  }
  for (let r = h - 1; r >= 0; r--) {
    if (ends[r] === r + 1 || starts[r] === starts[r + 1]) continue;
    mergeRun(names, rows, starts[r], starts[r + 1], starts[ends[r]]);
  }
}

/** Whether row `other`'s name comes before row `row`'s. */
function before(names: PartNames, other: number, row: number): boolean {
  return compareParts(names.head(other), names.tail(other), names.head(row), names.tail(row)) < 0;
}

/**
 * Rows [from, mid) (in order) placed among rows [mid, end) (in order): each found by doubling steps from where the
 * last went (a key's own values sit in few places among its subkeys'), then halving.
 */
function mergeRun(names: PartNames, rows: Int32Array, from: number, mid: number, end: number): void {
  const own = rows.slice(from, mid);
  const at = new Int32Array(own.length);
  let lo = mid;
  for (let k = 0; k < own.length; k++) {
    const row = own[k];
    // rows[lo - 1] is before `row` (or lo = mid); find the first from lo that is not.
    let hi = lo;
    let step = 1;
    while (hi < end && before(names, rows[hi], row)) {
      lo = hi + 1;
      hi += step;
      step *= 2;
    }
    if (hi > end) hi = end;
    while (lo < hi) {
      const m = (lo + hi) >>> 1;
      if (before(names, rows[m], row)) lo = m + 1;
      else hi = m;
    }
    at[k] = lo;
  }
  // Written from the front: the rows before each own row's place move down by the own rows placed before it.
  let out = from;
  let src = mid;
  for (let k = 0; k < own.length; k++) {
    while (src < at[k]) rows[out++] = rows[src++];
    rows[out++] = own[k];
  }
}
