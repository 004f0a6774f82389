// JSON text written straight into a reused byte buffer as UTF-8, handed on in large pieces: the canonical
// snapshot text is tens of megabytes, and building it as strings (then encoding them) cost several times
// the sha256 over the bytes.
//
// Every method writes exactly the bytes of JSON.stringify's output (UTF-8): strings of printable ASCII are
// copied code unit by code unit (with `"` and `\` escaped as JSON does); any other string (controls,
// non-ASCII, lone surrogates) is written as JSON.stringify writes it, so that no escaping rule is
// reimplemented here.
import { Buffer } from 'node:buffer';

/** Bytes per piece handed to the sink (one buffer, reused). */
const PIECE = 1 << 18;
/** The smallest piece: room for any number or fixed part at once. */
const MIN_PIECE = 64;

/** Printable ASCII text (shorter than a piece) as the bytes that `JsonBytes.bytes` copies. */
export function bytesOf(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

export class JsonBytes {
  private readonly buf: Buffer;
  private readonly size: number;
  private pos = 0;

  /**
   * `sink` receives the text in order, piece by piece of up to `pieceBytes` (text longer than that in a piece
   * of its own); a piece is valid only during the call (the buffer is reused), so a sink that keeps it must
   * copy it (hash.update copies).
   */
  constructor(
    private readonly sink: (bytes: Uint8Array) => void,
    pieceBytes = PIECE,
  ) {
    this.size = Math.max(MIN_PIECE, pieceBytes);
    this.buf = Buffer.allocUnsafe(this.size);
  }

  /** Hands what is buffered to the sink. */
  flush(): void {
    if (this.pos > 0) this.sink(this.buf.subarray(0, this.pos));
    this.pos = 0;
  }

  /** Room for `n` more bytes (flushing first if needed); false when `n` exceeds a whole piece. */
  private room(n: number): boolean {
    if (this.pos + n <= this.size) return true;
    this.flush();
    return n <= this.size;
  }

  /** Text that is already JSON (or any text), as UTF-8. */
  raw(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units).
    if (this.room(3 * text.length)) {
      this.pos += this.buf.write(text, this.pos, 'utf8');
      return;
    }
    this.sink(Buffer.from(text, 'utf8'));
  }

  /** Printable ASCII text that needs no escaping (field names, punctuation), code unit by code unit. */
  ascii(text: string): void {
    const n = text.length;
    if (!this.room(n)) return this.raw(text);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) buf[p++] = text.charCodeAt(i);
    this.pos = p;
  }

  /** Bytes made by `bytesOf` (constant punctuation and field names), copied one by one: they are short. */
  bytes(b: Uint8Array): void {
    const n = b.length;
    this.room(n);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) buf[p++] = b[i];
    this.pos = p;
  }

  /** A string as JSON.stringify writes it. */
  string(s: string): void {
    const n = s.length;
    // Printable ASCII takes at most 2 bytes per code unit (`\"`, `\\`) plus the quotes.
    if (!this.room(2 * n + 2)) return this.raw(JSON.stringify(s));
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = 0x22;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c > 0x7e) return this.raw(JSON.stringify(s));
      if (c === 0x22 || c === 0x5c) buf[p++] = 0x5c;
      buf[p++] = c;
    }
    buf[p++] = 0x22;
    this.pos = p;
  }

  /** A number as JSON.stringify writes it (null when not finite). */
  number(x: number): void {
    // Counts, line numbers, DWORDs: digit by digit in integer arithmetic; -0 is written as 0, as by JSON.stringify.
    if (x >= 0 && x <= 0xffffffff && x % 1 === 0) return this.uint32(x);
    this.ascii(Number.isFinite(x) ? String(x) : 'null');
  }

  /** A whole number from 0 to 2^32 - 1. */
  private uint32(x: number): void {
    this.room(10);
    const buf = this.buf;
    let p = this.pos;
    let width = 1;
    for (let t = x; t >= 10; t = Math.floor(t / 10)) width++;
    p += width;
    this.pos = p;
    do {
      const q = Math.floor(x / 10);
      buf[--p] = 0x30 + x - 10 * q;
      x = q;
    } while (x > 0);
  }

  /** `true` or `false`. */
  boolean(b: boolean): void {
    this.ascii(b ? 'true' : 'false');
  }

  /** A list of strings as JSON.stringify writes it. */
  strings(list: readonly string[]): void {
    this.ascii('[');
    for (let i = 0; i < list.length; i++) {
      if (i > 0) this.ascii(',');
      this.string(list[i]);
    }
    this.ascii(']');
  }
}
