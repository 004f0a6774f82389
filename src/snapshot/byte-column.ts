// A column of few distinct values (registry type names, `assumed` flags) held as a byte per row instead of a
// pointer per row: a built table's `regTypes` and `assumed` (table.ts) are made into arrays only when a reader
// asks for the arrays themselves; the snapshot's own readers read the bytes (regTypeAt, assumedAt).

/**
 * Per row, 0 for undefined or 1 + the value's position in `list` (255 values at most); once a 256th distinct
 * value comes, the values themselves (`plain`), as an array would hold them.
 */
export class ByteColumn<T> {
  codes: Uint8Array | undefined;
  plain: (T | undefined)[] | undefined;
  readonly list: T[];
  /** The value set last and its code: rows of one key mostly repeat it. */
  private last: T | undefined = undefined;
  private lastCode = 0;

  /** `rows`: about how many rows are to come (more may). `from`: the codes or values of an existing column, and its values. */
  constructor(rows: number, from?: { list: T[]; codes: Uint8Array } | { list: T[]; plain: (T | undefined)[] }) {
    this.list = from?.list ?? [];
    this.codes = from === undefined ? new Uint8Array(Math.max(rows, 1 << 10)) : 'codes' in from ? from.codes : undefined;
    this.plain = from !== undefined && 'plain' in from ? from.plain : undefined;
  }

  get(i: number): T | undefined {
    const codes = this.codes;
    if (codes === undefined) return (this.plain as (T | undefined)[])[i];
    const c = codes[i];
    return c === 0 ? undefined : this.list[c - 1];
  }

  set(i: number, v: T | undefined): void {
    let codes = this.codes;
    if (codes === undefined) {
      (this.plain as (T | undefined)[])[i] = v;
      return;
    }
    let code = 0;
    if (v !== undefined) {
      if (v === this.last) code = this.lastCode;
      else {
        code = this.list.indexOf(v) + 1;
        if (code === 0) {
          if (this.list.length === 255) {
            this.toPlain()[i] = v;
            return;
          }
          code = this.list.push(v);
        }
        this.last = v;
        this.lastCode = code;
      }
    }
    if (i >= codes.length) {
      const more = new Uint8Array(Math.max(codes.length * 2, i + 1));
      more.set(codes);
      this.codes = codes = more;
    }
    codes[i] = code;
  }

  /** Switches to holding the values themselves (for a 256th distinct value). */
  private toPlain(): (T | undefined)[] {
    const plain = rowsOf(this, (this.codes as Uint8Array).length);
    this.codes = undefined;
    return (this.plain = plain);
  }

  /** Rows `order[0]`, `order[1]`, … of this column as a new column of `order.length` rows. */
  permuted(order: ArrayLike<number>): ByteColumn<T> {
    const n = order.length;
    const codes = this.codes;
    if (codes === undefined) {
      const plain = this.plain as (T | undefined)[];
      const out = new Array<T | undefined>(n);
      for (let i = 0; i < n; i++) out[i] = plain[order[i]];
      return new ByteColumn<T>(n, { list: this.list, plain: out });
    }
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = codes[order[i]];
    return new ByteColumn<T>(n, { list: this.list, codes: out });
  }

  /** The first `n` rows as an array. */
  toArray(n: number): (T | undefined)[] {
    return rowsOf(this, n);
  }
}

/** The first `n` rows of a column as an array, each read through its `get` (what every column's toArray gives). */
export function rowsOf<T>(column: { get(i: number): T }, n: number): T[] {
  const out = new Array<T>(n);
  for (let i = 0; i < n; i++) out[i] = column.get(i);
  return out;
}
