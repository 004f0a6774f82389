// The general reading of a value line of a .reg file ("name"=data or @=data), with a message for everything regedit would not read.
import type { Buffer } from 'node:buffer';
import type { RegValue } from '../../types.js';
import { hexDigit } from './decode.js';
import { quoteSnippet } from './text.js';
import { QUOTE, MINUS, COLON, EQUALS, AT, LPAREN, RPAREN, isSpace, text } from './units.js';
import type { StringInterner } from './intern.js';
import { LineProblem, dataEnd, matchWord, onlyCommentAfter, quotedNext, readQuoted, regValue, valueLabel } from './regedit-syntax.js';

/** A value line whose data is hex bytes: they start at `from` and may continue on the next lines. */
export interface HexStart {
  name: string;
  typeNumber: number;
  from: number;
}

/**
 * Reads the value line u[s..e) (trimmed), under a key when `hasKey`: the value, or where its hex data starts.
 * Throws a LineProblem saying what regedit would not read; `ignoredKeyLine` is the line of the last key
 * header, for the message when that header was rejected.
 */
export function readValueLine(u: Uint16Array, buf: Buffer, s: number, e: number, lineNo: number, strings: StringInterner, hasKey: boolean, ignoredKeyLine: number): RegValue | HexStart {
  let name: string;
  let i: number;
  if (u[s] === AT) {
    name = '';
    i = s + 1;
  } else {
    const q = readQuoted(u, buf, s + 1, e, strings);
    if (q === undefined) throw new LineProblem(`unterminated value name ${quoteSnippet(text(buf, s, e))}; a name is written "name" with \\\\ and \\" escapes`);
    name = q;
    i = quotedNext;
  }
  while (i < e && isSpace(u[i])) i++;
  if (i >= e || u[i] !== EQUALS) throw new LineProblem(`expected = after the value name in ${quoteSnippet(text(buf, s, e))}; is this a registry export?`);
  i++;
  while (i < e && isSpace(u[i])) i++;
  if (!hasKey) {
    if (ignoredKeyLine > 0) throw new LineProblem(`value ${valueLabel(name)} is under the rejected key header on line ${ignoredKeyLine}`);
    throw new LineProblem(`value ${valueLabel(name)} comes before any [key] header; is this a registry export?`);
  }
  const d = i < e ? u[i] : -1;

  if (d === QUOTE) {
    const q = readQuoted(u, buf, i + 1, e, strings);
    if (q === undefined) throw new LineProblem(`unterminated string in the data of ${valueLabel(name)}; a string is written in double quotes, with a backslash before each backslash or double quote inside it`);
    if (!onlyCommentAfter(u, quotedNext, e)) throw new LineProblem(`unexpected text after the closing quote of ${valueLabel(name)}: ${quoteSnippet(text(buf, quotedNext, e))}`);
    return regValue(name, 'REG_SZ', q, lineNo);
  }
  if (d === MINUS && onlyCommentAfter(u, i + 1, e)) {
    const v = regValue(name, 'REG_NONE', '', lineNo);
    v.deleted = true;
    return v;
  }
  if (matchWord(u, i, e, 'dword:')) {
    const start = i + 6;
    const stop = dataEnd(u, start, e);
    let value = 0;
    let digits = 0;
    let j = start;
    while (j < stop && isSpace(u[j])) j++;
    for (; j < stop; j++) {
      const h = hexDigit(u[j]);
      if (h < 0) break;
      value = value * 16 + h;
      digits++;
    }
    if (digits === 0 || digits > 8 || j !== stop) {
      throw new LineProblem(`invalid dword ${quoteSnippet(text(buf, start, stop))} in the data of ${valueLabel(name)}; expected dword: and 1 to 8 hex digits, e.g. dword:00001569`);
    }
    return regValue(name, 'REG_DWORD', value, lineNo);
  }
  if (matchWord(u, i, e, 'hex')) {
    let j = i + 3;
    let typeNumber = 3;
    if (j < e && u[j] === LPAREN) {
      let k = j + 1;
      while (k < e && isSpace(u[k])) k++;
      let t = 0;
      let digits = 0;
      for (; k < e; k++) {
        const h = hexDigit(u[k]);
        if (h < 0) break;
        t = t * 16 + h;
        digits++;
      }
      while (k < e && isSpace(u[k])) k++;
      if (digits === 0 || digits > 8 || k >= e || u[k] !== RPAREN) {
        throw new LineProblem(`invalid type in ${quoteSnippet(text(buf, i, e))} for ${valueLabel(name)}; expected hex(N): with N the registry type number in hex, e.g. hex(7):`);
      }
      typeNumber = t;
      j = k + 1;
    }
    if (j >= e || u[j] !== COLON) {
      throw new LineProblem(`expected : after ${quoteSnippet(text(buf, i, j))} in the data of ${valueLabel(name)}, e.g. hex:01,02 or hex(7):41,00`);
    }
    return { name, typeNumber, from: j + 1 };
  }
  throw new LineProblem(`expected a quoted text, dword:, hex:, hex(N): or - after ${valueLabel(name)}=, found ${quoteSnippet(text(buf, i, e))}`);
}
