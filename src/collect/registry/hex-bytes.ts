// The bytes of `hex:` data in a .reg file, collected over its continuation lines as regedit reads them.
import { Buffer } from 'node:buffer';
import { HEX_VALUES, hexDigit } from './decode.js';
import { quoteSnippet } from './text.js';
import { COMMA, SEMICOLON, BACKSLASH, afterBreak, isSpace, text } from './units.js';

/** How one line's piece of `hex:` data ended. */
export type HexLineEnd = { kind: 'end' } | { kind: 'continues' } | { kind: 'bad'; what: string; hint: string };

export const HEX_HINT = 'expected two hex digits per byte, separated by commas';

/** Collects the bytes of `hex:` data over its continuation lines; reused from value to value. */
export class HexBytes {
  bytes = Buffer.allocUnsafeSlow(256);
  /** The same memory as `bytes` (a buffer of its own, so at offset 0) as UTF-16 code units. */
  units = new Uint16Array(this.bytes.buffer, 0, 128);
  length = 0;
  /** How the data ended: regedit writes two digits per byte and no trailing comma, so anything else at the
   *  very end of a hand-made file means the file was cut. */
  lastDigits = 0;
  trailingComma = false;
  /** Set by appendRegular: whether the data continues on the next line. */
  more = false;

  reset(): void {
    this.length = 0;
    this.lastDigits = 0;
    this.trailingComma = false;
  }

  private push(value: number): void {
    if (this.length === this.bytes.length) {
      const grown = Buffer.allocUnsafeSlow(this.bytes.length * 2);
      this.bytes.copy(grown);
      this.bytes = grown;
      this.units = new Uint16Array(grown.buffer, 0, grown.length >> 1);
    }
    this.bytes[this.length++] = value;
  }

  /**
   * The form regedit writes, `hh,hh,...,hh` or `hh,...,hh,\` and a line break right after, read from u[s..]
   * with the line ending before `n`: appends the bytes and returns where the next line starts, with `more`
   * telling whether the data continues. Anything else returns -1 with nothing appended, for append() to read.
   */
  appendRegular(u: Uint16Array, s: number, n: number): number {
    const length = this.length;
    let j = s;
    while (j + 2 < n) {
      const hi = HEX_VALUES[u[j]];
      const lo = HEX_VALUES[u[j + 1]];
      if (hi < 0 || lo < 0) break;
      this.push((hi << 4) | lo);
      // A comma: more bytes follow, or a backslash that continues the data on the next line.
      const comma = u[j + 2] === COMMA;
      j += comma ? 3 : 2;
      if (comma && (j >= n || u[j] !== BACKSLASH)) continue;
      const next = afterBreak(u, comma ? j + 1 : j, n);
      if (next < 0) break;
      this.lastDigits = 2;
      this.trailingComma = comma;
      this.more = comma;
      return next;
    }
    this.length = length;
    return -1;
  }

  /**
   * Reads the hex data of one line, u[s..e) (trimmed), as regedit does: bytes of one or two hex digits, each
   * followed by a comma or by the end of the data; a `\` where the next byte would be continues the data on
   * the next line (so only after a comma, or right after `hex:`); a `;` after a byte or a comma starts a
   * comment. Anything else makes regedit skip the value.
   */
  append(u: Uint16Array, buf: Buffer, s: number, e: number): HexLineEnd {
    let i = s;
    for (;;) {
      while (i < e && isSpace(u[i])) i++;
      if (i >= e) return { kind: 'end' };
      const start = i;
      let value = 0;
      let digits = 0;
      for (; i < e; i++) {
        const d = hexDigit(u[i]);
        if (d < 0) break;
        value = value * 16 + d;
        digits++;
      }
      if (digits === 0) {
        if (u[i] === SEMICOLON) return { kind: 'end' };
        if (u[i] === BACKSLASH) {
          let k = i + 1;
          while (k < e && isSpace(u[k])) k++;
          if (k >= e || u[k] === SEMICOLON) return { kind: 'continues' };
          return { kind: 'bad', what: `unexpected text ${quoteSnippet(text(buf, k, e))} after the "\\" that continues the hex data`, hint: 'only a ; comment may follow it' };
        }
      }
      const c = i < e ? u[i] : -1;
      if (digits === 0 || digits > 2 || (c !== -1 && c !== COMMA && c !== SEMICOLON && c !== BACKSLASH && !isSpace(c))) {
        let stop = start;
        while (stop < e && u[stop] !== COMMA) stop++;
        return { kind: 'bad', what: `invalid hex byte ${quoteSnippet(text(buf, start, stop).trim() || ',')}`, hint: HEX_HINT };
      }
      this.push(value);
      this.lastDigits = digits;
      if (c === COMMA) {
        this.trailingComma = true;
        i++;
        continue;
      }
      this.trailingComma = false;
      while (i < e && isSpace(u[i])) i++;
      if (i >= e || u[i] === SEMICOLON) return { kind: 'end' };
      const byte = quoteSnippet(text(buf, start, start + digits));
      if (u[i] === BACKSLASH) return { kind: 'bad', what: `"\\" after the hex byte ${byte} without a comma`, hint: `regedit continues hex data only after a comma, e.g. ${text(buf, start, start + digits)},\\` };
      return { kind: 'bad', what: `unexpected ${quoteSnippet(text(buf, start + digits, e))} after the hex byte ${byte}`, hint: 'expected a comma (with no space before it) or the end of the data' };
    }
  }
}
