// The pieces of regedit's .reg syntax the line parser shares: messages, quoted strings, key headers.
import type { Buffer } from 'node:buffer';
import type { RegData, RegKey, RegTypeName, RegValue } from '../../types.js';
import { quoteSnippet } from './text.js';
import { TAB, SPACE, QUOTE, MINUS, SEMICOLON, BACKSLASH, RBRACKET, isSpace, text } from './units.js';
import type { StringInterner } from './intern.js';

export interface ParseContext {
  file: string;
  lenient: boolean;
}

/** A problem with one line: an error, or with --lenient a warning and the line (or value) is skipped. */
export class LineProblem {
  constructor(readonly detail: string) {}
}

/** A warning says what was skipped instead of asking whether this is an export at all. */
export function asWarning(detail: string): string {
  return detail.replace(/; (?:is |fix the value)[^;]*$/, '') + '; ignored';
}

/** Windows nests registry keys at most 512 levels deep, so no export holds a deeper path. */
export const MAX_KEY_DEPTH = 512;

/** Why a key path of `levels` levels is refused (a bound that keeps ancestor building small). */
export function keyTooDeep(levels: number): string {
  return `the key path is ${levels} levels deep; the Windows registry nests keys at most ${MAX_KEY_DEPTH} levels deep, so this is not an export`;
}

/** Every value of the tree is made here, so that all share one object shape. */
export function regValue(name: string, type: RegTypeName, data: RegData, line: number): RegValue {
  return { name, type, data, line };
}

/** How a message names a value: `@` for the default value, else its quoted name. */
export function valueLabel(name: string): string {
  return name === '' ? '@' : quoteSnippet(name);
}

/** True when only whitespace or a `;` comment follows position `i`. */
export function onlyCommentAfter(u: Uint16Array, i: number, e: number): boolean {
  while (i < e && isSpace(u[i])) i++;
  return i >= e || u[i] === SEMICOLON;
}

/** Matches lower-case ASCII `word` case-insensitively at position i. */
export function matchWord(u: Uint16Array, i: number, e: number, word: string): boolean {
  if (i + word.length > e) return false;
  for (let k = 0; k < word.length; k++) {
    const c = u[i + k];
    if ((c >= 65 && c <= 90 ? c | 32 : c) !== word.charCodeAt(k)) return false;
  }
  return true;
}

/** End of non-string data: before a `;` comment and trailing whitespace. */
export function dataEnd(u: Uint16Array, s: number, e: number): number {
  let k = s;
  while (k < e && u[k] !== SEMICOLON) k++;
  while (k > s && isSpace(u[k - 1])) k--;
  return k;
}

export function isBlankUnits(u: Uint16Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const c = u[i];
    if (c !== SPACE && c !== TAB && c !== 0xfeff && c !== 12 && c !== 26) return false;
  }
  return true;
}

/** Where the last readQuoted() stopped: just after the closing quote (a variable, so no object per string). */
export let quotedNext = 0;

/**
 * Reads a quoted string starting after its opening quote; `\\` and `\"` are escapes, any other backslash is
 * literal. Returns undefined when the closing quote is missing; sets quotedNext.
 */
export function readQuoted(u: Uint16Array, buf: Buffer, start: number, end: number, strings: StringInterner): string | undefined {
  let i = start;
  while (i < end && u[i] !== QUOTE && u[i] !== BACKSLASH) i++;
  if (i < end && u[i] === QUOTE) {
    quotedNext = i + 1;
    return strings.get(u, buf, start, i);
  }
  // Slow path: escapes.
  let out = '';
  let seg = start;
  while (i < end) {
    const c = u[i];
    if (c === QUOTE) {
      quotedNext = i + 1;
      return out + text(buf, seg, i);
    }
    if (c === BACKSLASH && i + 1 < end && (u[i + 1] === BACKSLASH || u[i + 1] === QUOTE)) {
      out += text(buf, seg, i);
      seg = i + 1;
      i += 2;
      continue;
    }
    i++;
  }
  return undefined;
}

/** `[path]` or `[-path]`, optionally followed by a comment. The path may itself contain `]`. */
export function parseKeyHeader(u: Uint16Array, buf: Buffer, s: number, e: number, lineNo: number): RegKey {
  let close = u[e - 1] === RBRACKET ? e - 1 : -1;
  if (close === -1) {
    // `[path] ; comment`: the first `]` followed only by a comment.
    for (let k = s + 1; k < e; k++) {
      if (u[k] === RBRACKET && onlyCommentAfter(u, k + 1, e)) {
        close = k;
        break;
      }
    }
  }
  if (close === -1) throw new LineProblem(`key header ${quoteSnippet(text(buf, s, e))} does not end with ]; expected [HKEY_LOCAL_MACHINE\\...]`);
  const deleted = u[s + 1] === MINUS;
  const from = s + (deleted ? 2 : 1);
  if (!matchWord(u, from, close, 'hkey_')) {
    throw new LineProblem(`key ${quoteSnippet(text(buf, from, close))} does not start with a root such as HKEY_LOCAL_MACHINE; expected [HKEY_LOCAL_MACHINE\\...]`);
  }
  let levels = 1;
  for (let k = from; k < close; k++) if (u[k] === BACKSLASH) levels++;
  if (levels > MAX_KEY_DEPTH) throw new LineProblem(keyTooDeep(levels));
  const key: RegKey = { path: text(buf, from, close), values: [], line: lineNo };
  if (deleted) key.deleted = true;
  return key;
}
