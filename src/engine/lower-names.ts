// Names compared as their lower-cased forms without making them (pure). Per code unit while both texts are
// ASCII (A–Z taken as a–z); from the first code unit beyond ASCII, through String.prototype.toLowerCase for
// that comparison only: lower-casing beyond ASCII is not per code unit ('İ' becomes two code units, the
// Kelvin sign 'k', a capital sigma depends on its neighbours). An ASCII code unit lower-cases the same
// whatever surrounds it, so the ASCII text before the first other code unit decides as its lower-cased form.
import { searchFirstAtOrAfter, searchFirstAtOrAfterNear, searchPrefixEnd, type SortedList } from '../snapshot/settings.js';
import { compareParts, lowerNameAt, PartNames, partsEndWith, partsStartWith, type NameColumn } from '../snapshot/name-column.js';

/** The code unit lower-cased when ASCII (A–Z to a–z); any other code unit as it is. */
function fold(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

function sign(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The order of `a.toLowerCase()` and `b.toLowerCase()` (-1, 0, 1), without making them when both are ASCII. */
export function compareLower(a: string, b: string): number {
  const n = a.length < b.length ? a.length : b.length;
  for (let k = 0; k < n; k++) {
    const x = a.charCodeAt(k);
    const y = b.charCodeAt(k);
    if ((x | y) > 0x7f) return sign(a.toLowerCase(), b.toLowerCase());
    if (x === y) continue;
    const fx = fold(x);
    const fy = fold(y);
    if (fx !== fy) return fx < fy ? -1 : 1;
  }
  // Equal ignoring ASCII case up to the shorter one's end: a longer text's rest lower-cases to at least one
  // code unit, so the shorter text (all ASCII) comes first.
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** The order of `name.toLowerCase()` and `lower` (a text compared as it is: a lower-cased probe). */
export function compareLowerTo(name: string, lower: string): number {
  const n = name.length < lower.length ? name.length : lower.length;
  for (let k = 0; k < n; k++) {
    const x = name.charCodeAt(k);
    if (x > 0x7f) return sign(name.toLowerCase(), lower);
    const fx = fold(x);
    const y = lower.charCodeAt(k);
    if (fx !== y) return fx < y ? -1 : 1;
  }
  return name.length === lower.length ? 0 : name.length < lower.length ? -1 : 1;
}

/** Whether `name.toLowerCase()` starts with `prefix`. */
export function lowerStartsWith(name: string, prefix: string): boolean {
  for (let k = 0; k < prefix.length; k++) {
    // The name ended, all ASCII: its lower-cased form is as long, shorter than the prefix.
    if (k >= name.length) return false;
    const x = name.charCodeAt(k);
    if (x > 0x7f) return name.toLowerCase().startsWith(prefix);
    if (fold(x) !== prefix.charCodeAt(k)) return false;
  }
  return true;
}

/** Whether `name.toLowerCase()` ends with `suffix` (an ASCII end of the name lower-cases to the same end, whatever comes before it). */
export function lowerEndsWith(name: string, suffix: string): boolean {
  const last = name.length - 1;
  for (let k = 0; k < suffix.length; k++) {
    if (k > last) return false;
    const x = name.charCodeAt(last - k);
    if (x > 0x7f) return name.toLowerCase().endsWith(suffix);
    if (fold(x) !== suffix.charCodeAt(suffix.length - 1 - k)) return false;
  }
  return true;
}

/**
 * A server's names sorted by lower-cased name (strictly ascending: no two equal ignoring case), read from the
 * table's names through the rows of the order (no array of names of its own), answering what arrays of the
 * names and their lower-cased forms would, with no lower-cased string kept per name.
 */
export class SortedNames implements SortedList {
  readonly length: number;
  /** Names held as parts: compared by their parts lower-cased (PartNames.lowerHead). */
  private readonly parts: PartNames | undefined;

  /** `rows`: per position, the row in `all` of its name; undefined when `all` is in this order already. */
  constructor(
    private readonly all: NameColumn,
    private readonly rows: Int32Array | undefined,
  ) {
    this.length = rows === undefined ? all.length : rows.length;
    if (all instanceof PartNames) this.parts = all;
  }

  /** The name at `i` as written (made now for names held as parts). */
  name(i: number): string {
    return this.all.at(this.rows === undefined ? i : this.rows[i]);
  }

  /** The lower-cased name at `i` (made now). */
  lower(i: number): string {
    return lowerNameAt(this.all, this.rows === undefined ? i : this.rows[i]);
  }

  /**
   * The lower-cased head of the name at `i` (names held as parts, ASCII: PartNames.lowerHead); undefined otherwise,
   * and then `lowerTail` is not read. The name lower-cased is `lowerHead(i) + lowerTail(i)`.
   */
  lowerHead(i: number): string | undefined {
    return this.parts?.lowerHead(this.rows === undefined ? i : this.rows[i]);
  }

  /** The lower-cased tail of the name at `i`, where lowerHead gave its head. */
  lowerTail(i: number): string {
    return (this.parts as PartNames).lowerTail(this.rows === undefined ? i : this.rows[i]);
  }

  /** The order of the lower-cased name at `i` and `lower`. */
  compare(i: number, lower: string): number {
    const head = this.lowerHead(i);
    return head === undefined ? compareLowerTo(this.name(i), lower) : compareParts(head, this.lowerTail(i), lower, '');
  }

  equals(i: number, lower: string): boolean {
    return this.compare(i, lower) === 0;
  }

  startsWith(i: number, prefix: string): boolean {
    const head = this.lowerHead(i);
    if (head === undefined) return lowerStartsWith(this.name(i), prefix);
    return partsStartWith(head, this.lowerTail(i), prefix);
  }

  endsWith(i: number, suffix: string): boolean {
    const head = this.lowerHead(i);
    return head === undefined ? lowerEndsWith(this.name(i), suffix) : partsEndWith(head, this.lowerTail(i), suffix);
  }

  /** The names in order, as an array (for tests and the few callers that want one). */
  toArray(): string[] {
    return Array.from({ length: this.length }, (_, i) => this.name(i));
  }

  /** Position of `lower`; -1 when no name lower-cases to it. */
  indexOf(lower: string): number {
    const i = this.firstAtOrAfter(lower);
    return i < this.length && this.equals(i, lower) ? i : -1;
  }

  /** Whether the lower-cased name at `i` sorts before `key` (for the searches of SortedList). */
  isBefore(i: number, key: string): boolean {
    return this.compare(i, key) < 0;
  }

  /** The first position whose lower-cased name is ≥ `key` (binary search). */
  firstAtOrAfter(key: string): number {
    return searchFirstAtOrAfter(this, key);
  }

  /** firstAtOrAfter, searched from position `near` outwards in doubling steps (a name close to it is found in a few steps that stay in the cache). */
  firstAtOrAfterNear(key: string, near: number): number {
    return searchFirstAtOrAfterNear(this, key, near);
  }

  /** The end of the names from `start` whose lower-cased form starts with `prefix` (`start` itself when it does not). */
  prefixEnd(prefix: string, start: number): number {
    return searchPrefixEnd(this, prefix, start);
  }
}
