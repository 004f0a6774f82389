// A built table's lines and value names as typed arrays instead of a pointer per row (as byte-column.ts does for
// registry types and `assumed` flags): a line as an Int32Array entry, a value name as an id into the distinct
// names (a 200,000-setting export has some 800). Arrays of them are made only when a reader asks for the arrays
// themselves (table.ts); the snapshot's own readers read the columns (lineAt, valueNameAt).
import { rowsOf } from './byte-column.js';

/** A line no row holds: "no line" in `LineColumn.codes` (a line number is positive). */
export const NO_LINE = -0x80000000;

/**
 * Per row, a line number (an integer of 32 bits) or NO_LINE for undefined; once a row holds anything else (a
 * library caller's setting may carry a line of any type), the values themselves (`plain`), as an array holds them.
 */
export class LineColumn {
  codes: Int32Array | undefined;
  plain: unknown[] | undefined;

  /** `rows`: about how many rows are to come (more may). `from`: the codes or values of an existing column. */
  constructor(rows: number, from?: { codes: Int32Array } | { plain: unknown[] }) {
    this.codes = from === undefined ? new Int32Array(Math.max(rows, 1 << 10)).fill(NO_LINE) : 'codes' in from ? from.codes : undefined;
    this.plain = from !== undefined && 'plain' in from ? from.plain : undefined;
  }

  get(i: number): number | undefined {
    const codes = this.codes;
    if (codes === undefined) return (this.plain as (number | undefined)[])[i];
    const c = codes[i];
    return c === NO_LINE ? undefined : c;
  }

  set(i: number, v: unknown): void {
    let codes = this.codes;
    // An integer of 32 bits other than NO_LINE and −0 reads back as itself.
    if (codes === undefined || !(v === undefined || (typeof v === 'number' && (v | 0) === v && v !== NO_LINE && !(v === 0 && 1 / v < 0)))) {
      this.toPlain()[i] = v;
      return;
    }
    if (i >= codes.length) {
      const more = new Int32Array(Math.max(codes.length * 2, i + 1)).fill(NO_LINE);
      more.set(codes);
      this.codes = codes = more;
    }
    codes[i] = v === undefined ? NO_LINE : v;
  }

  /** Switches to holding the values themselves. */
  private toPlain(): unknown[] {
    if (this.plain !== undefined) return this.plain;
    const plain: unknown[] = rowsOf(this, (this.codes as Int32Array).length);
    this.codes = undefined;
    return (this.plain = plain);
  }

  /** The rows as they are held (codes or values), to be moved row to row in place (the codes of a row moved are its row's). */
  raw(): unknown[] {
    return (this.codes ?? this.plain) as unknown[];
  }

  /** The first `n` rows as an array. */
  toArray(n: number): (number | undefined)[] {
    return rowsOf(this, n);
  }
}

/**
 * Per row, 0 for undefined or 1 + the position of its string in `list` (2 bytes a row; 4 once there are more
 * than 65,535 distinct strings); once a row holds something else than a string or undefined (a library caller's
 * setting), the values themselves (`plain`).
 */
export class IdColumn {
  ids: Uint16Array | Int32Array | undefined;
  plain: unknown[] | undefined;
  readonly list: string[];
  /** String → its id (made again when needed after `shareWith`, which drops it). */
  private index: Map<string, number> | undefined;

  /** `rows`: about how many rows are to come (more may). `from`: the ids of an existing column and its strings. */
  constructor(rows: number, from?: { list: string[]; ids: Uint16Array | Int32Array }) {
    this.list = from?.list ?? [];
    this.ids = from?.ids ?? new Uint16Array(Math.max(rows, 1 << 10));
  }

  private idsByString(): Map<string, number> {
    if (this.index === undefined) {
      const index = (this.index = new Map());
      this.list.forEach((s, k) => index.set(s, k + 1));
    }
    return this.index;
  }

  get(i: number): string | undefined {
    const ids = this.ids;
    if (ids === undefined) return (this.plain as (string | undefined)[])[i];
    const c = ids[i];
    return c === 0 ? undefined : this.list[c - 1];
  }

  set(i: number, v: unknown): void {
    let ids = this.ids;
    if (ids === undefined || !(v === undefined || typeof v === 'string')) {
      this.toPlain()[i] = v;
      return;
    }
    let id = 0;
    if (v !== undefined) {
      const index = this.idsByString();
      id = index.get(v) ?? 0;
      if (id === 0) {
        id = this.list.push(v);
        index.set(v, id);
      }
    }
    if (i >= ids.length || (id > 0xffff && ids instanceof Uint16Array)) {
      const more = id > 0xffff || ids instanceof Int32Array ? new Int32Array(Math.max(ids.length * 2, i + 1)) : new Uint16Array(Math.max(ids.length * 2, i + 1));
      more.set(ids);
      this.ids = ids = more;
    }
    ids[i] = id;
  }

  /**
   * Replaces the string of each id by an equal string of `like`, where it holds one (a string per distinct name,
   * not per row); the strings replaced are let go (the index that held them is made again if needed).
   */
  shareWith(like: IdColumn): void {
    const list = this.list;
    const theirs = like.idsByString();
    for (let k = 0; k < list.length; k++) {
      const at = theirs.get(list[k]);
      if (at !== undefined) list[k] = like.list[at - 1];
    }
    this.index = undefined;
  }

  private toPlain(): unknown[] {
    if (this.plain !== undefined) return this.plain;
    const plain: unknown[] = rowsOf(this, (this.ids as Uint16Array | Int32Array).length);
    this.ids = undefined;
    return (this.plain = plain);
  }

  /** The rows as they are held (ids or values), to be moved row to row in place. */
  raw(): unknown[] {
    return (this.ids ?? this.plain) as unknown[];
  }

  /** The first `n` rows as an array. */
  toArray(n: number): (string | undefined)[] {
    return rowsOf(this, n);
  }
}
