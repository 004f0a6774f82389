// Text as a byte-order mark says it is written (UTF-16LE, UTF-16BE, UTF-8), and the text of a file a person writes
// (a config, waiver, inventory or profile file): UTF-8, with or without a BOM, or UTF-16 with its BOM, which
// Windows Notepad writes when "Unicode" is chosen. Without a BOM it is UTF-8; UTF-16 without one is refused with a
// hint (it would otherwise fail as a file of the wrong shape).
import { Buffer } from 'node:buffer';
import { ConfigError } from './errors.js';

/** The text after a byte-order mark, decoded as the mark says; undefined without one. */
export function decodeByBom(bytes: Uint8Array): string | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return b.subarray(2, b.length - (b.length % 2)).toString('utf16le');
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return new TextDecoder('utf-16be').decode(b.subarray(2));
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return b.subarray(3).toString('utf8');
  return undefined;
}

/**
 * `UTF-16LE` or `UTF-16BE` when the first `sniff` bytes look like (mostly ASCII) text saved as UTF-16 without a
 * byte-order mark: nine in ten pairs of bytes have one zero, the high one (LE) or the low one (BE); else undefined.
 */
export function utf16WithoutBom(bytes: Uint8Array, sniff = 4096): 'UTF-16LE' | 'UTF-16BE' | undefined {
  const n = Math.min(bytes.length, sniff);
  const pairs = Math.floor(n / 2);
  if (pairs < 2) return undefined;
  let zeroHigh = 0;
  let zeroLow = 0;
  for (let i = 0; i + 1 < n; i += 2) {
    if (bytes[i + 1] === 0 && bytes[i] !== 0) zeroHigh++;
    else if (bytes[i] === 0 && bytes[i + 1] !== 0) zeroLow++;
  }
  if (zeroHigh < pairs * 0.9 && zeroLow < pairs * 0.9) return undefined;
  return zeroHigh >= zeroLow ? 'UTF-16LE' : 'UTF-16BE';
}

/** What to do with a file a person writes that is UTF-16 without a byte-order mark. */
export const RESAVE_WITH_BOM = 're-save it as UTF-8, or as UTF-16 with its byte-order mark (Notepad: Save As, encoding "UTF-8" or "UTF-16 LE")';

/**
 * The text of a file a person writes (`file`, named in the error): by its byte-order mark, else UTF-8. UTF-16 without
 * a byte-order mark is a ConfigError that says so (one line), rather than a parse error at line 1 or 2.
 */
export function decodeWrittenText(bytes: Uint8Array, file: string): string {
  const byBom = decodeByBom(bytes);
  if (byBom !== undefined) return byBom;
  const utf16 = utf16WithoutBom(bytes);
  if (utf16 !== undefined) throw new ConfigError(file, undefined, `looks like ${utf16} text without a byte-order mark (every other byte is zero); ${RESAVE_WITH_BOM}`);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}
