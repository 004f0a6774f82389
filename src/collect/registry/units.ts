// Code units of a UTF-16 .reg text as the regedit parser reads them: the characters it looks for, and text from a range.
import type { Buffer } from 'node:buffer';

export const TAB = 9;
export const LF = 10;
export const CR = 13;
export const SPACE = 32;
export const QUOTE = 34;
export const COMMA = 44;
export const MINUS = 45;
export const COLON = 58;
export const SEMICOLON = 59;
export const HASH = 35;
export const EQUALS = 61;
export const AT = 64;
export const LBRACKET = 91;
export const BACKSLASH = 92;
export const RBRACKET = 93;
export const LPAREN = 40;
export const RPAREN = 41;

export function isSpace(c: number): boolean {
  return c === SPACE || c === TAB;
}

/** Buffer's own UTF-16LE decoder, without toString's argument checks (called for every name and string). */
type Ucs2Buffer = Buffer & { ucs2Slice(start: number, end: number): string };

/** Text of code units [s, e): a fresh string, so the tree never pins the file's memory. */
export function text(buf: Buffer, s: number, e: number): string {
  return (buf as Ucs2Buffer).ucs2Slice(s << 1, e << 1);
}

const fromCharCode = String.fromCharCode;

/**
 * Text of code units u[s, e) (`buf` views the same memory): a short text is built from its code units in
 * one call, about three times faster than decoding it from the buffer, which is for longer texts.
 */
export function unitText(u: Uint16Array, buf: Buffer, s: number, e: number): string {
  switch (e - s) {
    case 0:
      return '';
    case 1:
      return fromCharCode(u[s]);
    case 2:
      return fromCharCode(u[s], u[s + 1]);
    case 3:
      return fromCharCode(u[s], u[s + 1], u[s + 2]);
    case 4:
      return fromCharCode(u[s], u[s + 1], u[s + 2], u[s + 3]);
    case 5:
      return fromCharCode(u[s], u[s + 1], u[s + 2], u[s + 3], u[s + 4]);
    case 6:
      return fromCharCode(u[s], u[s + 1], u[s + 2], u[s + 3], u[s + 4], u[s + 5]);
    case 7:
      return fromCharCode(u[s], u[s + 1], u[s + 2], u[s + 3], u[s + 4], u[s + 5], u[s + 6]);
    case 8:
      return fromCharCode(u[s], u[s + 1], u[s + 2], u[s + 3], u[s + 4], u[s + 5], u[s + 6], u[s + 7]);
    case 9:
      return fromCharCode(u[s], u[s + 1], u[s + 2], u[s + 3], u[s + 4], u[s + 5], u[s + 6], u[s + 7], u[s + 8]);
    case 10:
      return fromCharCode(u[s], u[s + 1], u[s + 2], u[s + 3], u[s + 4], u[s + 5], u[s + 6], u[s + 7], u[s + 8], u[s + 9]);
    case 11:
      return fromCharCode(u[s], u[s + 1], u[s + 2], u[s + 3], u[s + 4], u[s + 5], u[s + 6], u[s + 7], u[s + 8], u[s + 9], u[s + 10]);
    case 12:
      return fromCharCode(u[s], u[s + 1], u[s + 2], u[s + 3], u[s + 4], u[s + 5], u[s + 6], u[s + 7], u[s + 8], u[s + 9], u[s + 10], u[s + 11]);
    case 13:
      return fromCharCode(u[s], u[s + 1], u[s + 2], u[s + 3], u[s + 4], u[s + 5], u[s + 6], u[s + 7], u[s + 8], u[s + 9], u[s + 10], u[s + 11], u[s + 12]);
    case 14:
      return fromCharCode(u[s], u[s + 1], u[s + 2], u[s + 3], u[s + 4], u[s + 5], u[s + 6], u[s + 7], u[s + 8], u[s + 9], u[s + 10], u[s + 11], u[s + 12], u[s + 13]);
    case 15:
      return fromCharCode(u[s], u[s + 1], u[s + 2], u[s + 3], u[s + 4], u[s + 5], u[s + 6], u[s + 7], u[s + 8], u[s + 9], u[s + 10], u[s + 11], u[s + 12], u[s + 13], u[s + 14]);
    case 16:
      return fromCharCode(u[s], u[s + 1], u[s + 2], u[s + 3], u[s + 4], u[s + 5], u[s + 6], u[s + 7], u[s + 8], u[s + 9], u[s + 10], u[s + 11], u[s + 12], u[s + 13], u[s + 14], u[s + 15]);
    default:
      return text(buf, s, e);
  }
}

/**
 * Where the line after a line break at `k` starts (CRLF, LF or a lone CR, as regedit reads a .reg file), or
 * -1 when u[k] is not a line break or k is not before `n`.
 */
export function afterBreak(u: Uint16Array, k: number, n: number): number {
  if (k >= n) return -1;
  const c = u[k];
  if (c === CR) return k + 1 < n && u[k + 1] === LF ? k + 2 : k + 1;
  return c === LF ? k + 1 : -1;
}
