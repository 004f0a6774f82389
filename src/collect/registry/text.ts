// Encoding detection and a line reader that decodes one line at a time, so a large export is never held decoded.
import { Buffer, isUtf8 } from 'node:buffer';
import { InputError } from '../../errors.js';
import { utf16WithoutBom } from '../../text-file.js';
import type { RegFormat } from '../../types.js';
import { decodeAnsi, decodeWindows1252, firstNonAsciiLine, knownAnsiCodePage } from './ansi.js';

export { decodeWindows1252 } from './ansi.js';

export type TextEncodingName = 'utf-16le' | 'utf-16be' | 'utf-8' | 'windows-1252';

const HEADER_V5 = 'Windows Registry Editor Version 5.00';
const HEADER_V4 = 'REGEDIT4';
const EXPORT_HINT = 'export the key with `reg export "HKLM\\SOFTWARE\\Schneider Electric\\ClearSCADA" server.reg`';

/** Bytes looked at to tell text from binary data and to spot UTF-16 without a byte-order mark. */
const SNIFF_BYTES = 4096;

const decoder16be = new TextDecoder('utf-16be');

/**
 * Reads lines from the bytes of a text file. Each line is decoded on its own (a fresh string), so the
 * strings the parser keeps never pin a large decoded buffer in memory. Strips CR before LF.
 */
export class LineReader {
  /** 1-based number of the line last returned by `next()`. */
  line = 0;
  /** Whether a line break ended the line last returned (LF, CR or CRLF; a CR left at the file's end counts). */
  lineBreakAfter = true;
  private pos: number;
  private readonly end: number;

  /** Code-unit view of a UTF-16LE file: scanning it in JS beats Buffer.indexOf's per-call setup on short lines. */
  private readonly units: Uint16Array | undefined;
  private readonly buf: Buffer;

  /**
   * `crBreaks`: a lone CR ends a line too, as regedit reads a .reg file (CR, LF and CRLF are all line
   * breaks). Without it only LF does (`reg query` text), and a CR before the LF is stripped.
   */
  constructor(
    buf: Buffer,
    start: number,
    readonly encoding: TextEncodingName,
    private readonly crBreaks = false,
  ) {
    this.pos = start;
    // A UTF-16 file with an odd byte count is reported by the caller; the dangling byte is never decoded.
    this.end = encoding === 'utf-16le' || encoding === 'utf-16be' ? buf.length - ((buf.length - start) % 2) : buf.length;
    if (encoding === 'utf-16le' && (buf.byteOffset + start) % 2 !== 0) {
      // Uint16Array needs an even offset: copy the (rare) misaligned input once.
      buf = Buffer.from(buf.subarray(start));
      this.pos = 0;
      this.end -= start;
    }
    this.buf = buf;
    this.units = encoding === 'utf-16le' ? new Uint16Array(buf.buffer, buf.byteOffset, this.end >> 1) : undefined;
  }

  next(): string | undefined {
    const buf = this.buf;
    const pos = this.pos;
    if (pos >= this.end) return undefined;
    this.line++;
    if (this.crBreaks) return this.nextAnyBreak(pos);
    switch (this.encoding) {
      case 'utf-16le': {
        const units = this.units as Uint16Array;
        const n = units.length;
        let i = pos >> 1;
        while (i < n && units[i] !== 10) i++;
        let stop = i;
        this.pos = i < n ? (i + 1) << 1 : this.end;
        const cr = stop > pos >> 1 && units[stop - 1] === 13;
        if (cr) stop--;
        this.lineBreakAfter = i < n || cr;
        return buf.toString('utf16le', pos, stop << 1);
      }
      case 'utf-16be': {
        let nl = buf.indexOf(NL_BE, pos);
        while (nl !== -1 && (nl - pos) % 2 !== 0) nl = buf.indexOf(NL_BE, nl + 1);
        let stop = nl === -1 ? this.end : nl;
        this.pos = nl === -1 ? this.end : nl + 2;
        const cr = stop - pos >= 2 && buf[stop - 2] === 0 && buf[stop - 1] === 13;
        if (cr) stop -= 2;
        this.lineBreakAfter = nl !== -1 || cr;
        return decoder16be.decode(buf.subarray(pos, stop));
      }
      case 'utf-8':
      case 'windows-1252': {
        const nl = buf.indexOf(10, pos);
        let stop = nl === -1 ? this.end : nl;
        this.pos = nl === -1 ? this.end : nl + 1;
        const cr = stop > pos && buf[stop - 1] === 13;
        if (cr) stop--;
        this.lineBreakAfter = nl !== -1 || cr;
        if (this.encoding === 'utf-8') return buf.toString('utf8', pos, stop);
        return decodeWindows1252(buf.subarray(pos, stop));
      }
    }
  }

  /** The next line when CR, LF and CRLF all end a line (a JS loop: used for the few lines before the header). */
  private nextAnyBreak(pos: number): string {
    const buf = this.buf;
    const width = this.encoding === 'utf-16le' || this.encoding === 'utf-16be' ? 2 : 1;
    const lo = this.encoding === 'utf-16be' ? 1 : 0;
    const unit = (k: number): number => (width === 1 ? buf[k] : buf[k + lo] | (buf[k + 1 - lo] << 8));
    let k = pos;
    while (k < this.end && unit(k) !== 10 && unit(k) !== 13) k += width;
    const stop = k;
    this.lineBreakAfter = k < this.end;
    if (k < this.end) k += unit(k) === 13 && k + width < this.end && unit(k + width) === 10 ? 2 * width : width;
    this.pos = k;
    switch (this.encoding) {
      case 'utf-16le':
        return buf.toString('utf16le', pos, stop);
      case 'utf-16be':
        return decoder16be.decode(buf.subarray(pos, stop));
      case 'utf-8':
        return buf.toString('utf8', pos, stop);
      case 'windows-1252':
        return decodeWindows1252(buf.subarray(pos, stop));
    }
  }
}

const NL_BE = Buffer.from([0, 10]);

/** What the first bytes say: the encoding (from a byte-order mark, else a guess to confirm) and where text starts. */
interface Sniffed {
  encoding: TextEncodingName;
  start: number;
  hasBom: boolean;
}

/** Quotes a piece of a line for an error message: short, one line, control characters escaped. */
export function quoteSnippet(text: string, max = 40): string {
  const cut = text.length > max ? text.slice(0, max) + '…' : text;
  return JSON.stringify(cut);
}

function sniff(buf: Buffer, file: string): Sniffed {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) {
    if (buf.length >= 4 && buf[2] === 0 && buf[3] === 0) {
      throw new InputError(file, undefined, 'is UTF-32 text, which registry exports never are; re-save it as UTF-16LE ("Unicode") or UTF-8');
    }
    return { encoding: 'utf-16le', start: 2, hasBom: true };
  }
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return { encoding: 'utf-16be', start: 2, hasBom: true };
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { encoding: 'utf-8', start: 3, hasBom: true };

  const n = Math.min(buf.length, SNIFF_BYTES);
  let nul = -1;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = buf[i];
    if (b === 0) {
      if (nul === -1) nul = i;
    } else if (b < 32 && b !== 9 && b !== 10 && b !== 12 && b !== 13 && b !== 26) {
      control++;
    }
  }
  // ASCII text saved as UTF-16 without a BOM: every other byte is zero.
  const order = utf16WithoutBom(buf, SNIFF_BYTES);
  if (order !== undefined) {
    throw new InputError(
      file,
      undefined,
      `looks like ${order} text without a byte-order mark (every other byte is zero); re-save it with a BOM (Notepad: Save As, encoding "UTF-16 LE" or "UTF-8") or ${EXPORT_HINT}`,
    );
  }
  if (nul !== -1 || control > n / 100) {
    const at = nul !== -1 ? nul : 0;
    throw new InputError(file, undefined, `not a registry export: binary data (byte ${at} is 0x${buf[at].toString(16).padStart(2, '0')}); ${EXPORT_HINT}`);
  }
  // Confirmed against the header below: REGEDIT4 is ANSI; anything else is UTF-8 if it decodes as UTF-8.
  return { encoding: 'utf-8', start: 0, hasBom: false };
}

export function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 0xfeff && c !== 12 && c !== 26) return false;
  }
  return true;
}

/** The first non-blank line and its number, or undefined for a file with nothing but blank lines. */
function firstContentLine(reader: LineReader): { text: string; line: number } | undefined {
  for (let text = reader.next(); text !== undefined; text = reader.next()) {
    if (!isBlank(text)) return { text: text.replace(/^\ufeff/, '').trim(), line: reader.line };
  }
  return undefined;
}

export interface OpenedText {
  format: RegFormat;
  encoding: TextEncodingName;
  buf: Buffer;
  /** Byte offset of the text after any byte-order mark. */
  start: number;
  /** For ANSI text (encoding 'windows-1252') of a .reg file: its code page, when known (undefined: 1252 is assumed). */
  codePage?: number;
  /** ANSI .reg text whose code page is not known: the line of its first non-ASCII byte (read as Windows-1252). */
  ansiGuessLine?: number;
}

/** Reads the lines of a text given as UTF-16 code units; `buf` views the same memory as `u`. */
export interface UnitLineHandler {
  /**
   * Reads the lines of u[i..n), numbering them from `lineNo + 1`, and returns the number of the last one.
   * Every line ends with a line break (CR, LF or CRLF) before `n`, except the file's last line when the
   * file does not end with one: the chunked readers cut just after a line break.
   */
  scan(u: Uint16Array, buf: Buffer, i: number, n: number, lineNo: number): number;
}

/** Bytes of non-UTF-16 text transcoded at a time (cut at a line break, so no character is split). */
const TRANSCODE_CHUNK = 1 << 20;

/**
 * Where a chunk of code units can be cut: just after its last line break, but never between a CR and the
 * LF that may follow it in the next read. -1 when no break lies at or after `from`.
 */
function lastBreakEnd(u: Uint16Array, from: number): number {
  const lf = u.lastIndexOf(10);
  let cr = u.lastIndexOf(13);
  if (cr !== -1 && cr === u.length - 1) cr = cr === 0 ? -1 : u.lastIndexOf(13, cr - 1);
  const b = lf > cr ? lf : cr;
  return b < from ? -1 : b + 1;
}

/** Byte offset just after the first line break at or after `from` (CRLF, LF or CR), or `end`. */
function breakAfter(buf: Buffer, from: number, end: number): number {
  const lf = buf.indexOf(10, from);
  // Look for a CR only before that LF, so that a file without CRs is not searched to its end each time.
  const crIn = buf.subarray(from, lf === -1 ? end : lf).indexOf(13);
  if (crIn !== -1) {
    const cr = from + crIn;
    return cr + 1 === lf ? lf + 1 : cr + 1;
  }
  return lf === -1 ? end : lf + 1;
}

/**
 * Feeds every line of the text to `handler` as UTF-16 code units. A UTF-16LE file (what `reg export`
 * writes) is scanned in place with no copy; other encodings are transcoded a chunk at a time.
 */
export function forEachUnitLine(t: OpenedText, handler: UnitLineHandler): void {
  let buf = t.buf;
  if (t.encoding === 'utf-16le') {
    let start = t.start;
    if ((buf.byteOffset + start) % 2 !== 0) {
      // Uint16Array needs an even offset: copy the (rare) misaligned input once.
      buf = Buffer.from(buf.subarray(start));
      start = 0;
    }
    const u = new Uint16Array(buf.buffer, buf.byteOffset, buf.length >> 1);
    handler.scan(u, buf, start >> 1, u.length, 0);
    return;
  }
  let lineNo = 0;
  let pos = t.start;
  const end = buf.length;
  while (pos < end) {
    let stop = end;
    if (t.encoding !== 'utf-16be' && pos + TRANSCODE_CHUNK < end) stop = breakAfter(buf, pos + TRANSCODE_CHUNK, end);
    const piece = buf.subarray(pos, stop);
    // A line break is never the second byte of a DBCS character (932, 936, 949, 950): the chunks cut no character.
    const text = t.encoding === 'utf-8' ? piece.toString('utf8') : t.encoding === 'windows-1252' ? decodeAnsi(piece, t.codePage) : decoder16be.decode(piece);
    const chunk = Buffer.from(text, 'utf16le');
    const u = new Uint16Array(chunk.buffer, chunk.byteOffset, chunk.length >> 1);
    lineNo = handler.scan(u, chunk, 0, u.length, lineNo);
    pos = stop;
  }
}

/**
 * Identifies the format and encoding of an export: `reg export`/regedit version 5 (UTF-16LE with BOM, or
 * UTF-8 with or without BOM), REGEDIT4 (ANSI) or the output of `reg query /s`. Throws a one-line InputError for
 * an empty file, a binary file, UTF-16 without a BOM, or text that is none of these. `ansiCodePage`: the ANSI code
 * page of the Windows the file comes from, when known (a bundle's); a .reg file's ANSI text is decoded with it.
 */
export function openRegistryText(bytes: Uint8Array, file: string, totalBytes = bytes.byteLength, ansiCodePage?: number): OpenedText {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const emptyDetail = `empty file; expected a registry export (header "${HEADER_V5}" or "${HEADER_V4}") or \`reg query /s\` output; ${EXPORT_HINT}`;
  if (buf.length === 0) throw new InputError(file, undefined, emptyDetail);
  const sniffed = sniff(buf, file);

  // Without a BOM the header is plain ASCII, so Latin-1 reads it whatever the real encoding is.
  const probe = new LineReader(buf, sniffed.start, sniffed.hasBom ? sniffed.encoding : 'windows-1252', true);
  const first = firstContentLine(probe);
  if (first === undefined) throw new InputError(file, undefined, emptyDetail);

  let format: RegFormat;
  if (first.text === HEADER_V5) format = 'regedit5';
  else if (first.text === HEADER_V4) format = 'regedit4';
  else if (first.text.toLowerCase() === HEADER_V5.toLowerCase() || first.text.toUpperCase() === HEADER_V4) {
    const expected = first.text.toUpperCase() === HEADER_V4 ? HEADER_V4 : HEADER_V5;
    throw new InputError(file, first.line, `the header ${quoteSnippet(first.text)} must be written "${expected}", in exactly that letter case: regedit refuses to import the file otherwise`);
  } else if (/^HKEY_/i.test(first.text)) format = 'reg-query';
  else if (/^\[-?HKEY_/i.test(first.text)) {
    throw new InputError(file, first.line, `the header line is missing: a registry export starts with "${HEADER_V5}" (or "${HEADER_V4}"); add it as the first line`);
  } else {
    throw new InputError(
      file,
      first.line,
      `expected the header "${HEADER_V5}" or "${HEADER_V4}" (or \`reg query /s\` output starting with HKEY_...), found ${quoteSnippet(first.text)}; is this a registry export?`,
    );
  }

  if ((sniffed.encoding === 'utf-16le' || sniffed.encoding === 'utf-16be') && (totalBytes - sniffed.start) % 2 !== 0) {
    throw new InputError(file, undefined, `ends in the middle of a UTF-16 character (odd number of bytes): the export is truncated; export it again`);
  }

  if (sniffed.hasBom) return { format, encoding: sniffed.encoding, buf, start: sniffed.start };
  // Without a BOM: UTF-8 when it is valid UTF-8 (Notepad's "UTF-8", a hand-edited file; plain ASCII reads the same
  // either way), else ANSI, as regedit reads it: in the code page of the Windows it comes from, which the file does not
  // record. `reg query` text says its code page by its labels (see queryCodePage).
  if (isUtf8(buf.subarray(sniffed.start))) return { format, encoding: 'utf-8', buf, start: sniffed.start };
  const opened: OpenedText = { format, encoding: 'windows-1252', buf, start: sniffed.start };
  if (format === 'reg-query') return opened;
  if (ansiCodePage !== undefined && knownAnsiCodePage(ansiCodePage)) opened.codePage = ansiCodePage;
  else opened.ansiGuessLine = firstNonAsciiLine(buf, sniffed.start);
  return opened;
}


/** Reads up to `length` bytes into `buf` at `offset`; 0 at the end of the file. */
export type ReadInto = (buf: Buffer, offset: number, length: number) => Promise<number>;

/** Reads into `into` until it is full or the file ends; resolves to the number of bytes read. */
async function readUpTo(read: ReadInto, into: Buffer): Promise<number> {
  let got = 0;
  while (got < into.length) {
    const n = await read(into, got, into.length - got);
    if (n === 0) break;
    got += n;
  }
  return got;
}

/**
 * Feeds the lines of a UTF-16LE file to `handler` while reading it a chunk at a time: the next chunk is read
 * (by the thread pool) into a second buffer, after the line the current chunk leaves unfinished, while the
 * lines before it are parsed; the two buffers then swap. So the parser does not wait for the file, no chunk is
 * copied, and memory stays flat whatever the file size. `first` holds the first `filled` bytes already read,
 * with room after them, and more are to come; text starts at byte `start` (after the BOM). Each read asks for
 * `chunk` bytes.
 */
export async function forEachUtf16LineStreamed(first: Buffer, filled: number, start: number, read: ReadInto, handler: UnitLineHandler, chunk: number): Promise<void> {
  let buf = first;
  let spare: Buffer = Buffer.allocUnsafeSlow(first.length);
  let begin = start;
  let lineNo = 0;
  let eof = false;
  for (;;) {
    // begin is even, so the code units line up with the file's.
    const usable = filled - ((filled - begin) % 2);
    const u = new Uint16Array(buf.buffer, buf.byteOffset, usable >> 1);
    if (eof) {
      handler.scan(u, buf, begin >> 1, u.length, lineNo);
      return;
    }
    // Up to the last line break; a line with none yet waits for more bytes, carried to the front of the spare buffer.
    const cut = lastBreakEnd(u, begin >> 1);
    const from = cut === -1 ? begin : cut << 1;
    const keep = filled - from;
    if (keep + chunk > spare.length) spare = Buffer.allocUnsafeSlow(2 * (keep + chunk));
    buf.copy(spare, 0, from, filled);
    const next = readUpTo(read, spare.subarray(keep, keep + chunk));
    try {
      if (cut !== -1) lineNo = handler.scan(u, buf, begin >> 1, cut, lineNo);
    } catch (e) {
      // Let the read in flight finish before the caller closes the file.
      await next.catch(() => 0);
      throw e;
    }
    const got = await next;
    if (got < chunk) eof = true;
    const done = buf;
    buf = spare;
    spare = done;
    filled = keep + got;
    begin = 0;
  }
}
