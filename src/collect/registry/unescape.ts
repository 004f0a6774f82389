// Quoted .reg strings with escapes (`\\` and `\"`), read straight from the code units by the one-pass reader.
import { Buffer } from 'node:buffer';
import { QUOTE, BACKSLASH, CR, LF } from './units.js';
import type { StringInterner } from './intern.js';

/** Unescapes quoted strings into one reused buffer, so that each becomes a single flat string. */
export class Unescaper {
  private bytes = Buffer.allocUnsafeSlow(512);
  private units: Uint16Array = new Uint16Array(this.bytes.buffer, 0, 256);
  /** Where the last successful read() stopped: at the closing quote. */
  end = 0;

  /**
   * The text of the quoted string whose opening quote is just before `s`, as the general line parser reads it
   * (`\\` and `\"` stand for `\` and `"`, any other backslash is itself), or undefined when a line break or
   * `n` comes before the closing quote.
   */
  read(u: Uint16Array, s: number, n: number, strings: StringInterner): string | undefined {
    let out = this.units;
    let k = 0;
    for (let i = s; i < n; i++) {
      let c = u[i];
      if (c === QUOTE) {
        this.end = i;
        return strings.get(out, this.bytes, 0, k);
      }
      if (c === CR || c === LF) return undefined;
      if (c === BACKSLASH && i + 1 < n && (u[i + 1] === BACKSLASH || u[i + 1] === QUOTE)) c = u[++i];
      if (k === out.length) out = this.grow();
      out[k++] = c;
    }
    return undefined;
  }

  private grow(): Uint16Array {
    const bigger = Buffer.allocUnsafeSlow(this.bytes.length * 2);
    this.bytes.copy(bigger);
    this.bytes = bigger;
    this.units = new Uint16Array(bigger.buffer, 0, bigger.length >> 1);
    return this.units;
  }
}
