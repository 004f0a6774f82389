// JSON text written straight into a reused byte buffer as UTF-8, handed on in large pieces: the canonical
// snapshot text is tens of megabytes, and building it as strings (then encoding them) cost several times
// the sha256 over the bytes.
//
// Everything is written exactly as JSON.stringify writes it (as UTF-8): strings of printable ASCII are
// copied code unit by code unit (with `"` and `\` escaped as JSON does); any other string (controls,
// non-ASCII, lone surrogates) is written as JSON.stringify writes it, so that no escaping rule is
// reimplemented here.
//
// Two levels: JsonBytes's methods check for room themselves; the put* functions write at a position the
// caller made room for (JsonBytes.reserve), so that a writer of many small parts checks once per record.
import { Buffer } from 'node:buffer';

/** Bytes per piece handed to the sink (one buffer, reused). */
const PIECE = 1 << 18;
/** The first piece handed on: some 80 rows of a snapshot. */
const FIRST_PIECE = 1 << 12;
/** The smallest piece: room for any number or fixed part at once. */
const MIN_PIECE = 64;

/** Bytes a string of `n` code units can take as JSON: `\u001f` for a control, 3 bytes for a code unit of UTF-8. */
export const jsonStringBytes = (n: number): number => 6 * n + 2;
/** Bytes a number can take as JSON (`-2.2250738585072014e-308` is the longest). */
export const JSON_NUMBER_BYTES = 24;

/** Printable ASCII text (shorter than a piece) as the bytes that `putBytes` copies. */
export function bytesOf(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/** Copies `b` (punctuation, field names) to `buf` at `p`; returns the position after it. */
export function putBytes(buf: Uint8Array, p: number, b: Uint8Array): number {
  // TypedArray#set copies in one step: fewer instructions than a loop even for a few bytes.
  buf.set(b, p);
  return p + b.length;
}

/** Writes `s` as JSON.stringify does (jsonStringBytes(s.length) of room) to `buf` at `p`; returns the position after it. */
export function putString(buf: Buffer, p: number, s: string): number {
  const start = p;
  const n = s.length;
  buf[p++] = 0x22;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return start + buf.write(JSON.stringify(s), start, 'utf8');
    if (c === 0x22 || c === 0x5c) buf[p++] = 0x5c;
    buf[p++] = c;
  }
  buf[p++] = 0x22;
  return p;
}

/**
 * Decimal digits of `v` (an integer from 0 to 2^31 - 1). A loop, not a comparison per length: a length first met
 * after the optimising compiler had compiled a writer's loop threw that code away.
 */
function digits(v: number): number {
  let n = 1;
  for (let t = v; t >= 10; t = (t / 10) | 0) n++;
  return n;
}

/** Writes `x` as JSON.stringify does (null when not finite; JSON_NUMBER_BYTES of room) to `buf` at `p`; returns the position after it. */
export function putNumber(buf: Uint8Array, p: number, x: number): number {
  // Counts, line numbers, most DWORDs: digit by digit in 32-bit integer arithmetic (a float division or
  // remainder per digit cost several times as much); -0 is written as 0, as by JSON.stringify.
  if ((x | 0) === x && x >= 0) {
    let v = x | 0;
    const end = p + digits(v);
    p = end;
    do {
      const q = (v / 10) | 0;
      buf[--p] = 0x30 + v - 10 * q;
      v = q;
    } while (v > 0);
    return end;
  }
  const text = Number.isFinite(x) ? String(x) : 'null';
  for (let i = 0; i < text.length; i++) buf[p++] = text.charCodeAt(i);
  return p;
}

/** Where JsonBytes hands its pieces. */
export type JsonSink = ((bytes: Uint8Array) => void) | { update(bytes: Uint8Array): unknown };

export class JsonBytes {
  /** The buffer the put* functions write into at `pos`, after `reserve`. */
  readonly buf: Buffer;
  /** Where the next byte goes. */
  pos = 0;
  private readonly size: number;
  /**
   * Bytes buffered before a piece is handed on: FIRST_PIECE for the first, so that a writer's loop has made the
   * call once before the optimising compiler compiles the loop (a first call met later threw the compiled loop
   * away, to be compiled again), then `size`.
   */
  private limit: number;

  /**
   * `sink` receives the text in order, piece by piece of up to `pieceBytes` (text longer than that in a piece
   * of its own): a function, or an object's `update` (a hash: the same function for every hash, where a new
   * closure per text was a new call target, which threw away the code compiled for the text before); a piece
   * is valid only during the call (the buffer is reused), so a sink that keeps it must
   * copy it (hash.update copies).
   */
  constructor(
    private readonly sink: JsonSink,
    pieceBytes = PIECE,
  ) {
    this.size = Math.max(MIN_PIECE, pieceBytes);
    this.limit = Math.min(this.size, FIRST_PIECE);
    this.buf = Buffer.allocUnsafe(this.size);
  }

  private hand(bytes: Uint8Array): void {
    const sink = this.sink;
    if (typeof sink === 'function') sink(bytes);
    else sink.update(bytes);
  }

  /** Hands what is buffered to the sink. */
  flush(): void {
    if (this.pos > 0) this.hand(this.buf.subarray(0, this.pos));
    this.pos = 0;
    this.limit = this.size;
  }

  /** Room for `n` more bytes at `pos` (flushing first if needed); false when `n` exceeds a whole piece. */
  reserve(n: number): boolean {
    if (this.pos + n <= this.limit) return true;
    this.flush();
    return n <= this.size;
  }

  /** Text that is already JSON (or any text), as UTF-8. */
  raw(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units).
    if (this.reserve(3 * text.length)) this.pos += this.buf.write(text, this.pos, 'utf8');
    else this.hand(Buffer.from(text, 'utf8'));
  }

  /** Bytes made by `bytesOf`. */
  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.pos = putBytes(this.buf, this.pos, b);
  }

  /** A string as JSON.stringify writes it. */
  string(s: string): void {
    if (this.reserve(jsonStringBytes(s.length))) this.pos = putString(this.buf, this.pos, s);
    else this.raw(JSON.stringify(s));
  }

  /** A number as JSON.stringify writes it (null when not finite). */
  number(x: number): void {
    this.reserve(JSON_NUMBER_BYTES);
    this.pos = putNumber(this.buf, this.pos, x);
  }
}
