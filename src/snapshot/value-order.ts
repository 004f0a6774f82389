// The facts of value names, and a key's values put in the order of their lower-cased names (the order the
// snapshot builder visits them in), made once per distinct name and compared as numbers.
//
// Value names repeat from key to key (every driver's settings, every channel's), so a name's lower-cased form,
// and its place among the names met so far (its rank), are worked out once; a key's values are then sorted by
// rank, a number, instead of comparing their lower-cased names character by character.

import { partHash, partPower } from './name-index.js';

/**
 * What is known of a value name whatever key holds it, made once per distinct name (`nameFacts`): names repeat
 * from key to key (every driver's, every channel's), so what depends on the name alone is worked out once.
 */
export interface NameFacts {
  /** The name lower-cased. */
  readonly lower: string;
  /** The name holds no line break (a regex `.` matches each of its characters). */
  readonly oneLine: boolean;
  /** Whether the name is a secret's to the detector `secretsOf` (kept for the last detector asked, by the snapshot builder). */
  secret: boolean;
  secretsOf: object | undefined;
  /** The place of `lower` among the lower-cased names ranked in `rankedIn` (equal for names equal but for case). */
  rank: number;
  /** The ranking `rank` belongs to (see `ranking`); another: not ranked. */
  rankedIn: number;
  /** The name with its first character lower-cased (a setting template's `{Value:camel}`). */
  readonly camel: string;
  /** partHash of the name (-1: not ASCII) and partPower of its length: a setting name's hash from its key part's (name-index.ts). */
  readonly hash: number;
  readonly power: number;
  /** Which mapping of the key plan `planOf` names a value of this name (kept for the last plan asked, by KeyMatch). */
  planOf: object | undefined;
  choice: number;
}

/** Value name → its facts (a bounded number kept). */
const facts = new Map<string, NameFacts>();
/** The current ranking: facts whose `rankedIn` is this one have ranks that compare as their names do. */
let ranking = 0;
/** How many facts the current ranking ranked. */
let ranked = 0;

/** The facts of the value name `name`. */
export function nameFacts(name: string): NameFacts {
  let f = facts.get(name);
  if (f === undefined) {
    f = {
      lower: name.toLowerCase(),
      oneLine: !/[\n\r\u2028\u2029]/.test(name),
      secret: false,
      secretsOf: undefined,
      rank: 0,
      rankedIn: -1,
      camel: name.charAt(0).toLowerCase() + name.slice(1),
      hash: partHash(name),
      power: partPower(name.length),
      planOf: undefined,
      choice: -1,
    };
    if (facts.size >= 1 << 16) {
      facts.clear();
      ranking++;
      ranked = 0;
    }
    facts.set(name, f);
  }
  return f;
}

/**
 * Ranks every name met so far, when enough are new since the last ranking (a sixteenth of those, and at
 * least 16: each name is ranked a bounded number of times however many there are); true when it did.
 */
function rankAgain(): boolean {
  if (facts.size - ranked < Math.max(16, ranked >> 4)) return false;
  ranking++;
  const all = [...facts.values()].sort((a, b) => (a.lower < b.lower ? -1 : a.lower > b.lower ? 1 : 0));
  let rank = -1;
  let previous: string | undefined;
  for (const f of all) {
    if (f.lower !== previous) rank++;
    previous = f.lower;
    f.rank = rank;
    f.rankedIn = ranking;
  }
  ranked = all.length;
  return true;
}

export interface SimpleOrder {
  /** Positions 0 … n − 1 of the values, in the order of their lower-cased names. */
  order: readonly number[];
  /** `facts[p]`: the facts of the value at position p. */
  facts: readonly NameFacts[];
  /** The value names in the order written: `list[ids[from]]` … `list[ids[from + order.length − 1]]` (the columns they were read from). */
  ids: ArrayLike<number>;
  list: readonly string[];
  from: number;
}

/** What simpleOrder last answered (read only by those given it; it holds on to the name columns it was read from until the next answer). */
let last: SimpleOrder | undefined;

/**
 * The values named `list[ids[first]]` … `list[ids[end − 1]]` in the order of their lower-cased names (code-unit order), when
 * none is deleted (a row in `deleted`) and no name is written twice (case-insensitively); undefined otherwise
 * (the caller then merges them as an import would).
 */
export function simpleOrder(ids: ArrayLike<number>, list: readonly string[], first: number, end: number, deleted: ReadonlySet<number> | undefined): SimpleOrder | undefined {
  const n = end - first;
  // Sibling keys often hold the same names in the same order (a driver's, a group's): the last answer again.
  if (last !== undefined && last.order.length === n) {
    const { ids: beforeIds, list: beforeList, from } = last;
    let same = true;
    if (beforeList === list) for (let i = 0; i < n && same; i++) same = ids[first + i] === beforeIds[from + i];
    else for (let i = 0; i < n && same; i++) same = list[ids[first + i]] === beforeList[beforeIds[from + i]];
    if (same && deleted !== undefined) for (let r = first; r < end && same; r++) same = !deleted.has(r);
    if (same) return last;
  }
  const got = orderOf(ids, list, first, end, deleted);
  if (got !== undefined) last = got;
  return got;
}

/**
 * Lets go of the last answer, and with it the name columns it was read from (a parsed export's value names,
 * kept alive after the snapshot is built otherwise).
 */
export function forgetLastOrder(): void {
  last = undefined;
}

/** Room for sorting a key's values by rank (grown as needed). */
let scratch = new Float64Array(256);

/** Positions 0 … n − 1 of rows `first` … `end − 1` of `ids` by lower-cased name; undefined for a deleted row or a name met twice. */
function orderOf(ids: ArrayLike<number>, list: readonly string[], first: number, end: number, deleted: ReadonlySet<number> | undefined): SimpleOrder | undefined {
  const n = end - first;
  const all = new Array<NameFacts>(n);
  let sorted = true;
  let unranked = 0;
  for (let i = 0; i < n; i++) {
    if (deleted?.has(first + i) === true) return undefined;
    const f = (all[i] = nameFacts(list[ids[first + i]]));
    if (f.rankedIn !== ranking) unranked++;
    if (i > 0 && !(all[i - 1].lower < f.lower)) sorted = false;
  }
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const got = { order, facts: all, ids, list, from: first };
  if (sorted) return got;
  if (unranked > 0 && !(rankAgain() && allRanked(all))) return byLower(got);
  return byRank(got) ? got : undefined;
}

function allRanked(all: readonly NameFacts[]): boolean {
  for (let i = 0; i < all.length; i++) if (all[i].rankedIn !== ranking) return false;
  return true;
}

/**
 * Puts `got.order` in the order of the facts' ranks: rank and position in one number each (ranks stay below
 * 2^16, positions below 2^32), sorted as numbers (a key's few in place, by insertion); false when two ranks are
 * equal (a name met twice ignoring case).
 */
function byRank(got: SimpleOrder & { order: number[] }): boolean {
  const { order, facts } = got;
  const n = order.length;
  if (scratch.length < n) scratch = new Float64Array(2 * n);
  const keys = scratch;
  for (let i = 0; i < n; i++) keys[i] = facts[i].rank * 0x100000000 + i;
  if (n <= 64) numberInsertionSort(keys, n);
  else keys.subarray(0, n).sort();
  for (let i = 0; i < n; i++) {
    const k = keys[i];
    order[i] = k % 0x100000000;
    if (i > 0 && Math.floor(k / 0x100000000) === Math.floor(keys[i - 1] / 0x100000000)) return false;
  }
  return true;
}

/** Sorts `keys[0]` … `keys[n − 1]` ascending (no two equal): an insertion sort, for a key's few values. */
function numberInsertionSort(keys: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) {
    const k = keys[i];
    let j = i - 1;
    for (; j >= 0 && keys[j] > k; j--) keys[j + 1] = keys[j];
    keys[j + 1] = k;
  }
}

/** orderOf for names not all ranked: their lower-cased names compared. */
function byLower(got: SimpleOrder & { order: number[] }): SimpleOrder | undefined {
  const { order, facts } = got;
  const n = order.length;
  if (n <= 64) insertionSort(order, facts);
  else order.sort((a, b) => (facts[a].lower < facts[b].lower ? -1 : facts[a].lower > facts[b].lower ? 1 : 0));
  for (let i = 1; i < n; i++) if (facts[order[i - 1]].lower === facts[order[i]].lower) return undefined;
  return got;
}

/** Sorts `order` (positions in `facts`) by the facts' lower-cased names in code-unit order: a binary insertion sort, for a key's few values. */
function insertionSort(order: number[], facts: readonly NameFacts[]): void {
  for (let i = 1; i < order.length; i++) {
    const at = order[i];
    const key = facts[at].lower;
    let lo = 0;
    let hi = i;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (facts[order[mid]].lower <= key) lo = mid + 1;
      else hi = mid;
    }
    for (let j = i; j > lo; j--) order[j] = order[j - 1];
    order[lo] = at;
  }
}
