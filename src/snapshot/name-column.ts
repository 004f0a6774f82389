// A table's setting names, read by row (pure). A built snapshot's names are held as two parts per row: a head (the
// `reg:` path of a registry key, the fixed text a profile mapping names a key's values with, or a whole name) and a
// tail (a value's own name; '' after a whole name), each distinct text once. No string is kept per setting: a name
// is made only where a reader asks for it (`at`) and dies young, and the readers that go through every name (the
// table's sort, the fingerprint, the engine's order and joins) compare the parts instead.
//
// A string kept per setting name was most of the cost of building a large snapshot: 200,000 of them made, moved
// to the old generation by the collector and paged in (test/bench/HISTORY.md, sessions 16-19).
import { joined } from './name-index.js';

/** Setting names by row: what a table's readers need of them. */
export interface NameColumn {
  readonly length: number;
  /** Row `i`'s name (for a column of parts, made now: keep it no longer than needed). */
  at(i: number): string;
}

/** Names held as an array of strings (a table made from a record, read from a store, or given by a caller). */
export class ArrayNames implements NameColumn {
  constructor(readonly list: readonly string[]) {}

  get length(): number {
    return this.list.length;
  }

  at(i: number): string {
    return this.list[i];
  }
}

/** Names held as parts: row `i` is named `heads[headOf[i]] + tails[tailOf[i]]`. */
export class PartNames implements NameColumn {
  /** Per head and per tail, its text lower-cased when it is ASCII (undefined beyond ASCII: see lowerAt); made when first asked for. */
  private lowerHeads: (string | undefined)[] | undefined;
  private lowerTails: (string | undefined)[] | undefined;

  constructor(
    readonly heads: readonly string[],
    readonly tails: readonly string[],
    readonly headOf: Uint32Array,
    readonly tailOf: Uint32Array,
    readonly length: number,
  ) {}

  at(i: number): string {
    const head = this.heads[this.headOf[i]];
    const tail = this.tails[this.tailOf[i]];
    return tail === '' ? head : joined(head, tail);
  }

  head(i: number): string {
    return this.heads[this.headOf[i]];
  }

  tail(i: number): string {
    return this.tails[this.tailOf[i]];
  }

  /**
   * Row `i`'s head lower-cased, when its head and tail are both ASCII; undefined otherwise, where only the whole name
   * lower-cased says (beyond ASCII, lower-casing may depend on the neighbours), and `lowerTail` is not to be read.
   */
  lowerHead(i: number): string | undefined {
    const head = (this.lowerHeads ??= this.heads.map(asciiLower))[this.headOf[i]];
    return head === undefined || (this.lowerTails ??= this.tails.map(asciiLower))[this.tailOf[i]] === undefined ? undefined : head;
  }

  /** Row `i`'s tail lower-cased, where lowerHead gave its head. */
  lowerTail(i: number): string {
    return (this.lowerTails as (string | undefined)[])[this.tailOf[i]] as string;
  }

  /** Row `i`'s name lower-cased (`toLowerCase` of the whole name). */
  lowerAt(i: number): string {
    const head = this.lowerHead(i);
    if (head === undefined) return this.at(i).toLowerCase();
    const tail = this.lowerTail(i);
    return tail === '' ? head : joined(head, tail);
  }
}

/** Whether every code unit of `text` is ASCII. */
export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}

/** `text` lower-cased when it is ASCII; undefined otherwise. */
function asciiLower(text: string): string | undefined {
  return isAscii(text) ? text.toLowerCase() : undefined;
}

/** The names of `list` as a column. */
export function arrayNames(list: readonly string[]): NameColumn {
  return new ArrayNames(list);
}

/** The names of a column as an array (for tests and the few readers that want one). */
export function nameArray(names: NameColumn): string[] {
  if (names instanceof ArrayNames) return [...names.list];
  const out = new Array<string>(names.length);
  for (let i = 0; i < out.length; i++) out[i] = names.at(i);
  return out;
}

/**
 * The code-unit order (-1, 0, 1) of `h1 + t1` and `h2 + t2`, without making either. Equal heads leave the tails to
 * decide; heads of which neither starts with the other decide alone (natively compared); else the longer head's
 * rest and its tail are compared with the shorter head's tail.
 */
export function compareParts(h1: string, t1: string, h2: string, t2: string): number {
  if (h1 === h2) return t1 === t2 ? 0 : t1 < t2 ? -1 : 1;
  if (h1.length >= h2.length) {
    if (!h1.startsWith(h2)) return h1 < h2 ? -1 : 1;
    return -compareRest(h1, t1, h2.length, t2);
  }
  if (!h2.startsWith(h1)) return h1 < h2 ? -1 : 1;
  return compareRest(h2, t2, h1.length, t1);
}

/** The order of `tail` and (`long` from `at`) + `longTail`: where a name's head is the start of the other's. */
function compareRest(long: string, longTail: string, at: number, tail: string): number {
  const rest = long.length - at;
  const total = rest + longTail.length;
  const n = tail.length < total ? tail.length : total;
  for (let k = 0; k < n; k++) {
    const a = tail.charCodeAt(k);
    const b = k < rest ? long.charCodeAt(at + k) : longTail.charCodeAt(k - rest);
    if (a !== b) return a < b ? -1 : 1;
  }
  return tail.length === total ? 0 : tail.length < total ? -1 : 1;
}

/** Whether `head + tail` starts with `prefix`, without making it. */
export function partsStartWith(head: string, tail: string, prefix: string): boolean {
  return head.length >= prefix.length ? head.startsWith(prefix) : prefix.startsWith(head) && tail.startsWith(prefix.slice(head.length));
}

/** Whether `head + tail` ends with `suffix`, without making it. */
export function partsEndWith(head: string, tail: string, suffix: string): boolean {
  const n = suffix.length;
  if (n <= tail.length) return tail.endsWith(suffix);
  if (n > head.length + tail.length) return false;
  const inHead = n - tail.length;
  return suffix.endsWith(tail) && head.endsWith(suffix.slice(0, inHead));
}

/** `names.at(i).indexOf(char, from)` for one code unit `char`, without making the name when it is held as parts. */
export function indexInName(names: NameColumn, i: number, char: string, from: number): number {
  if (!(names instanceof PartNames)) return names.at(i).indexOf(char, from);
  const head = names.head(i);
  const inHead = from < head.length ? head.indexOf(char, from) : -1;
  if (inHead >= 0) return inHead;
  const inTail = names.tail(i).indexOf(char, from > head.length ? from - head.length : 0);
  return inTail < 0 ? -1 : head.length + inTail;
}

/** The code-unit order (-1, 0, 1) of row `i` of `a` and row `j` of `b`, by their parts when both are held as parts. */
export function compareNames(a: NameColumn, i: number, b: NameColumn, j: number): number {
  if (a instanceof PartNames && b instanceof PartNames) return compareParts(a.head(i), a.tail(i), b.head(j), b.tail(j));
  const x = a.at(i);
  const y = b.at(j);
  return x === y ? 0 : x < y ? -1 : 1;
}

/** Row `i`'s name lower-cased (`toLowerCase` of the whole name), made now. */
export function lowerNameAt(names: NameColumn, i: number): string {
  return names instanceof PartNames ? names.lowerAt(i) : names.at(i).toLowerCase();
}
