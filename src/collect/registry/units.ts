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

/**
 * Text of code units [s, e): a fresh string, so the tree never pins the file's memory. Buffer's native decoder
 * for every length: building short texts with String.fromCharCode (a switch over lengths) ran faster once
 * compiled, but compiling it (twice: a new length deoptimised it) cost more than it saved on a 20,000-value export.
 */
export function text(buf: Buffer, s: number, e: number): string {
  return (buf as Ucs2Buffer).ucs2Slice(s << 1, e << 1);
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
