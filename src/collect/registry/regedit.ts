// Parser for regedit's .reg syntax (version 5 and REGEDIT4): one pass over the lines, charCode checks, no per-line regex.
import type { RegFormat, RegKey, RegTree, RegValue } from '../../types.js';
import { InputError } from '../../errors.js';
import { decodeTyped, hexDigit, parseHexBytes } from './decode.js';
import { isBlank, quoteSnippet, type LineReader } from './text.js';

const TAB = 9;
const SPACE = 32;
const QUOTE = 34;
const AT = 64;
const BACKSLASH = 92;
const LBRACKET = 91;
const RBRACKET = 93;
const SEMICOLON = 59;
const EQUALS = 61;
const MINUS = 45;
const LPAREN = 40;
const RPAREN = 41;
const COLON = 58;

export interface ParseContext {
  file: string;
  lenient: boolean;
}

/** A value whose hex data continues on the next line (trailing backslash). */
interface PendingHex {
  name: string;
  typeNumber: number;
  parts: string[];
  line: number;
  key: RegKey;
}

/** A problem with one line: an error, or with --lenient a warning and the line is skipped. */
class LineProblem {
  constructor(readonly detail: string) {}
}

function isSpace(c: number): boolean {
  return c === SPACE || c === TAB;
}

/** Reads a quoted string starting after its opening quote; `\\` and `\"` are escapes, any other backslash is literal. */
function readQuoted(line: string, start: number, end: number): { text: string; next: number } | undefined {
  let out = '';
  let seg = start;
  let i = start;
  while (i < end) {
    const c = line.charCodeAt(i);
    if (c === QUOTE) return { text: seg === start ? line.slice(start, i) : out + line.slice(seg, i), next: i + 1 };
    if (c === BACKSLASH && i + 1 < end) {
      const d = line.charCodeAt(i + 1);
      if (d === BACKSLASH || d === QUOTE) {
        out += line.slice(seg, i);
        seg = i + 1;
        i += 2;
        continue;
      }
    }
    i++;
  }
  return undefined;
}

/** True when only whitespace or a `;` comment follows position `i`. */
function onlyCommentAfter(line: string, i: number, end: number): boolean {
  while (i < end && isSpace(line.charCodeAt(i))) i++;
  return i >= end || line.charCodeAt(i) === SEMICOLON;
}

/** Matches `word` case-insensitively at position i (word is lower-case ASCII). */
function matchWord(line: string, i: number, word: string): boolean {
  if (i + word.length > line.length) return false;
  for (let k = 0; k < word.length; k++) {
    const c = line.charCodeAt(i + k);
    if ((c >= 65 && c <= 90 ? c | 32 : c) !== word.charCodeAt(k)) return false;
  }
  return true;
}

/** End of hex data: before a `;` comment and trailing whitespace. */
function hexDataEnd(line: string, start: number, end: number): number {
  const semi = line.indexOf(';', start);
  let e = semi === -1 || semi >= end ? end : semi;
  while (e > start && isSpace(line.charCodeAt(e - 1))) e--;
  return e;
}

/** A warning says what was skipped instead of asking whether this is an export at all. */
export function asWarning(detail: string): string {
  return detail.replace(/; (?:is this|fix the value)[^;]*$/, '') + '; ignored';
}

export function parseRegedit(reader: LineReader, format: RegFormat, ctx: ParseContext): RegTree {
  const ansi = format === 'regedit4';
  const keys: RegKey[] = [];
  const warnings: { line: number; message: string }[] = [];
  let current: RegKey | undefined;
  let pending: PendingHex | undefined;
  let sawHeader = false;

  const problem = (line: number, detail: string): void => {
    if (!ctx.lenient) throw new InputError(ctx.file, line, detail);
    warnings.push({ line, message: asWarning(detail) });
  };

  const finishHex = (p: PendingHex, lastLine: number): void => {
    const bytes = parseHexBytes(p.parts.length === 1 ? p.parts[0] : p.parts.join(''));
    const label = p.name === '' ? '@' : quoteSnippet(p.name);
    if (!(bytes instanceof Uint8Array)) {
      problem(lastLine, `invalid hex byte ${quoteSnippet(bytes.bad)} in the data of ${label} (from line ${p.line}); expected two hex digits per byte, separated by commas`);
      return;
    }
    const decoded = decodeTyped(p.typeNumber, bytes, ansi);
    if ('error' in decoded) {
      problem(p.line, `${decoded.error} in the data of ${label}; fix the value or use --lenient to skip it`);
      return;
    }
    p.key.values.push({ name: p.name, type: decoded.type, data: decoded.data, line: p.line });
  };

  for (let raw = reader.next(); raw !== undefined; raw = reader.next()) {
    const lineNo = reader.line;
    if (!sawHeader) {
      // openRegistryText has checked that the first non-blank line is the header.
      if (!isBlank(raw)) sawHeader = true;
      continue;
    }
    let s = 0;
    let e = raw.length;
    while (s < e && isSpace(raw.charCodeAt(s))) s++;
    while (e > s && isSpace(raw.charCodeAt(e - 1))) e--;

    if (pending !== undefined) {
      const c = s < e ? raw.charCodeAt(s) : -1;
      if (c === -1 || (hexDigit(c) < 0 && c !== 44 && c !== BACKSLASH)) {
        // The data said it continues, but this line is not hex: a cut or hand-damaged export.
        const p = pending;
        pending = undefined;
        problem(lineNo, `the hex data of ${p.name === '' ? '@' : quoteSnippet(p.name)} continues from line ${p.line} (trailing "\\") but this line is not hex data; is the export truncated or damaged?`);
        // With --lenient the broken value is dropped and this line is read as a line of its own.
      } else {
        const stop = hexDataEnd(raw, s, e);
        if (stop > s && raw.charCodeAt(stop - 1) === BACKSLASH) {
          pending.parts.push(raw.slice(s, stop - 1));
        } else {
          pending.parts.push(raw.slice(s, stop));
          const p = pending;
          pending = undefined;
          finishHex(p, lineNo);
        }
        continue;
      }
    }

    if (s === e) continue;
    const c = raw.charCodeAt(s);
    if (c === SEMICOLON) continue;

    try {
      if (c === LBRACKET) {
        current = parseKeyHeader(raw, s, e, lineNo);
        keys.push(current);
        continue;
      }
      if (c !== QUOTE && c !== AT) {
        if (isBlank(raw)) continue;
        throw new LineProblem(`expected [key], "name"=value, @=value or a ; comment, found ${quoteSnippet(raw.slice(s, e))}; is this a registry export?`);
      }

      // Value name.
      let name: string;
      let i: number;
      if (c === AT) {
        name = '';
        i = s + 1;
      } else {
        const q = readQuoted(raw, s + 1, e);
        if (q === undefined) throw new LineProblem(`unterminated value name ${quoteSnippet(raw.slice(s, e))}; a name is written "name" with \\\\ and \\" escapes`);
        name = q.text;
        i = q.next;
      }
      while (i < e && isSpace(raw.charCodeAt(i))) i++;
      if (i >= e || raw.charCodeAt(i) !== EQUALS) {
        throw new LineProblem(`expected = after the value name in ${quoteSnippet(raw.slice(s, e))}; is this a registry export?`);
      }
      i++;
      while (i < e && isSpace(raw.charCodeAt(i))) i++;
      if (current === undefined) {
        throw new LineProblem(`value ${name === '' ? '@' : quoteSnippet(name)} comes before any [key] header; is this a registry export?`);
      }
      const label = name === '' ? '@' : quoteSnippet(name);
      const d = i < e ? raw.charCodeAt(i) : -1;

      if (d === QUOTE) {
        const q = readQuoted(raw, i + 1, e);
        if (q === undefined) throw new LineProblem(`unterminated string in the data of ${label}; a string is written "text" with \\\\ and \\" escapes`);
        if (!onlyCommentAfter(raw, q.next, e)) throw new LineProblem(`unexpected text after the closing quote of ${label}: ${quoteSnippet(raw.slice(q.next, e))}`);
        current.values.push({ name, type: 'REG_SZ', data: q.text, line: lineNo });
        continue;
      }
      if (d === MINUS && onlyCommentAfter(raw, i + 1, e)) {
        const v: RegValue = { name, type: 'REG_NONE', data: '', line: lineNo };
        v.deleted = true;
        current.values.push(v);
        continue;
      }
      if (matchWord(raw, i, 'dword:')) {
        const start = i + 6;
        const stop = hexDataEnd(raw, start, e);
        let value = 0;
        let digits = 0;
        let j = start;
        while (j < stop && isSpace(raw.charCodeAt(j))) j++;
        for (; j < stop; j++) {
          const h = hexDigit(raw.charCodeAt(j));
          if (h < 0) break;
          value = value * 16 + h;
          digits++;
        }
        if (digits === 0 || digits > 8 || j !== stop) {
          throw new LineProblem(`invalid dword ${quoteSnippet(raw.slice(start, stop))} in the data of ${label}; expected dword: and 1 to 8 hex digits, e.g. dword:00001569`);
        }
        current.values.push({ name, type: 'REG_DWORD', data: value, line: lineNo });
        continue;
      }
      if (matchWord(raw, i, 'hex')) {
        let j = i + 3;
        let typeNumber = 3;
        if (j < e && raw.charCodeAt(j) === LPAREN) {
          const close = raw.indexOf(')', j);
          const digits = close === -1 ? '' : raw.slice(j + 1, close).trim();
          let t = 0;
          let ok = digits.length > 0 && digits.length <= 8;
          for (let k = 0; ok && k < digits.length; k++) {
            const h = hexDigit(digits.charCodeAt(k));
            if (h < 0) ok = false;
            else t = t * 16 + h;
          }
          if (!ok || close === -1 || raw.charCodeAt(close) !== RPAREN) {
            throw new LineProblem(`invalid type in ${quoteSnippet(raw.slice(i, e))} for ${label}; expected hex(N): with N the registry type number in hex, e.g. hex(7):`);
          }
          typeNumber = t;
          j = close + 1;
        }
        if (j >= e || raw.charCodeAt(j) !== COLON) {
          throw new LineProblem(`expected : after ${quoteSnippet(raw.slice(i, j))} in the data of ${label}, e.g. hex:01,02 or hex(7):41,00`);
        }
        const start = j + 1;
        const stop = hexDataEnd(raw, start, e);
        const p: PendingHex = { name, typeNumber, parts: [], line: lineNo, key: current };
        if (stop > start && raw.charCodeAt(stop - 1) === BACKSLASH) {
          p.parts.push(raw.slice(start, stop - 1));
          pending = p;
        } else {
          p.parts.push(raw.slice(start, stop));
          finishHex(p, lineNo);
        }
        continue;
      }
      throw new LineProblem(`expected "text", dword:, hex:, hex(N): or - after ${label}=, found ${quoteSnippet(raw.slice(i, e))}`);
    } catch (err) {
      if (!(err instanceof LineProblem)) throw err;
      problem(lineNo, err.detail);
    }
  }

  if (pending !== undefined) {
    const p = pending;
    throw new InputError(
      ctx.file,
      reader.line,
      `the file ends in the middle of the hex data of ${p.name === '' ? '@' : quoteSnippet(p.name)} (continued with "\\" from line ${p.line}): the export is truncated; export it again`,
    );
  }
  const tree: RegTree = { format, keys };
  if (warnings.length > 0) tree.warnings = warnings;
  return tree;
}

/** `[path]` or `[-path]`, optionally followed by a comment. The path may itself contain `]`. */
function parseKeyHeader(raw: string, s: number, e: number, lineNo: number): RegKey {
  let close = raw.charCodeAt(e - 1) === RBRACKET ? e - 1 : -1;
  if (close === -1) {
    // `[path] ; comment`: the first `]` followed only by a comment.
    for (let k = raw.indexOf(']', s); k !== -1 && k < e; k = raw.indexOf(']', k + 1)) {
      if (onlyCommentAfter(raw, k + 1, e)) {
        close = k;
        break;
      }
    }
  }
  if (close === -1) throw new LineProblem(`key header ${quoteSnippet(raw.slice(s, e))} does not end with ]; expected [HKEY_LOCAL_MACHINE\\...]`);
  const deleted = raw.charCodeAt(s + 1) === MINUS;
  const path = raw.slice(s + (deleted ? 2 : 1), close);
  if (!matchWord(path, 0, 'hkey_')) {
    throw new LineProblem(`key ${quoteSnippet(path)} does not start with a root such as HKEY_LOCAL_MACHINE; expected [HKEY_LOCAL_MACHINE\\...]`);
  }
  const key: RegKey = { path, values: [], line: lineNo };
  if (deleted) key.deleted = true;
  return key;
}
