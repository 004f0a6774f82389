// Parser for regedit's .reg syntax (version 5 and REGEDIT4), working on UTF-16 code units: only names and data become strings.
import { Buffer } from 'node:buffer';
import type { ParseWarning, RegFormat, RegKey, RegTree, RegValue } from '../../types.js';
import { InputError } from '../../errors.js';
import { decodeTyped, hexDigit } from './decode.js';
import { quoteSnippet, type UnitLineHandler } from './text.js';
import { TAB, SPACE, QUOTE, MINUS, COLON, SEMICOLON, HASH, EQUALS, AT, LBRACKET, BACKSLASH, RBRACKET, LPAREN, RPAREN, isSpace, text } from './units.js';
import { HexBytes } from './hex-bytes.js';

export interface ParseContext {
  file: string;
  lenient: boolean;
}

/** A problem with one line: an error, or with --lenient a warning and the line (or value) is skipped. */
class LineProblem {
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

/** How a message names a value: `@` for the default value, else its quoted name. */
function valueLabel(name: string): string {
  return name === '' ? '@' : quoteSnippet(name);
}


/**
 * Short strings (value names, "True", small numbers as text) repeat thousands of times in an export; sharing
 * one string per distinct text saves memory and garbage-collection time on large files.
 */
const INTERN_MAX = 24;
const INTERN_SLOTS = 4096;

class StringInterner {
  private readonly slots: (string | undefined)[] = new Array(INTERN_SLOTS);

  get(u: Uint16Array, buf: Buffer, s: number, e: number): string {
    const len = e - s;
    if (len > INTERN_MAX) return text(buf, s, e);
    let h = len;
    for (let i = s; i < e; i++) h = (Math.imul(h, 31) + u[i]) | 0;
    const slot = (h ^ (h >>> 12)) & (INTERN_SLOTS - 1);
    const cached = this.slots[slot];
    if (cached !== undefined && cached.length === len) {
      let k = 0;
      while (k < len && cached.charCodeAt(k) === u[s + k]) k++;
      if (k === len) return cached;
    }
    const fresh = text(buf, s, e);
    this.slots[slot] = fresh;
    return fresh;
  }
}

/** True when only whitespace or a `;` comment follows position `i`. */
function onlyCommentAfter(u: Uint16Array, i: number, e: number): boolean {
  while (i < e && isSpace(u[i])) i++;
  return i >= e || u[i] === SEMICOLON;
}

/** Matches lower-case ASCII `word` case-insensitively at position i. */
function matchWord(u: Uint16Array, i: number, e: number, word: string): boolean {
  if (i + word.length > e) return false;
  for (let k = 0; k < word.length; k++) {
    const c = u[i + k];
    if ((c >= 65 && c <= 90 ? c | 32 : c) !== word.charCodeAt(k)) return false;
  }
  return true;
}

/** End of non-string data: before a `;` comment and trailing whitespace. */
function dataEnd(u: Uint16Array, s: number, e: number): number {
  let k = s;
  while (k < e && u[k] !== SEMICOLON) k++;
  while (k > s && isSpace(u[k - 1])) k--;
  return k;
}

/** A value whose hex data is being collected (it may continue over lines ending in a backslash). */
interface PendingHex {
  name: string;
  typeNumber: number;
  line: number;
  key: RegKey;
}

/** What the file's last line (read without a line break after it) held, for the truncation check. */
type LastLineKind = 'value' | 'hex' | 'other';

/** Parses the lines of a .reg file (header included) into a RegTree; feed it with forEachUnitLine, then call finish(). */
export class RegeditParser implements UnitLineHandler {
  private readonly keys: RegKey[] = [];
  private readonly warnings: ParseWarning[] = [];
  private readonly ansi: boolean;
  private current: RegKey | undefined;
  private pending: PendingHex | undefined;
  private readonly hex = new HexBytes();
  private readonly strings = new StringInterner();
  private sawHeader = false;
  private lastLine = 0;
  /** Line of the last key header met; when it was rejected (--lenient), its values are skipped too. */
  private ignoredKeyLine = 0;
  /** Set just before the file's last line when no line break follows it. */
  private unterminated = false;
  /** The last hex value that ended the way a cut file does (see HexBytes.lastDigits), and where. */
  private lastHexCut: { line: number; name: string; from: number } | undefined;

  /**
   * `utf16le`: the file is UTF-16LE, as `reg export` and regedit write it, ending every line with CRLF:
   * a value line or hex data with no line break after it at the end of such a file was cut off.
   */
  constructor(
    private readonly format: RegFormat,
    private readonly ctx: ParseContext,
    private readonly utf16le = false,
  ) {
    this.ansi = format === 'regedit4';
  }

  private problem(line: number, detail: string): void {
    if (!this.ctx.lenient) throw new InputError(this.ctx.file, line, detail);
    this.warnings.push({ line, message: asWarning(detail) });
  }

  line(u: Uint16Array, buf: Buffer, s: number, e: number, lineNo: number): void {
    this.lastLine = lineNo;
    while (s < e && isSpace(u[s])) s++;
    while (e > s && isSpace(u[e - 1])) e--;
    if (!this.sawHeader) {
      // openRegistryText has checked that the first non-blank line is the header.
      if (s < e && !isBlankUnits(u, s, e)) this.sawHeader = true;
      return;
    }
    if (this.unterminated && this.utf16le && s < e) {
      const kind = this.lineKind(u, s);
      if (kind !== 'other') {
        this.truncatedLastLine(u, buf, s, e, lineNo, kind);
        return;
      }
    }
    this.readLine(u, buf, s, e, lineNo);
  }

  /** What regedit would make of the line: a value, more hex data of the pending value, or anything else. */
  private lineKind(u: Uint16Array, s: number): LastLineKind {
    const c = u[s];
    if (this.pending !== undefined) return c === SEMICOLON ? 'other' : 'hex';
    return c === QUOTE || c === AT ? 'value' : 'other';
  }

  /**
   * The last line of a UTF-16LE export holds a value or hex data but no CRLF after it: the file was cut.
   * Strict: an error naming the line. --lenient: the line is read as regedit reads it, with one warning.
   */
  private truncatedLastLine(u: Uint16Array, buf: Buffer, s: number, e: number, lineNo: number, kind: LastLineKind): void {
    const p = this.pending;
    const what = kind === 'hex' && p !== undefined ? `the hex data of ${valueLabel(p.name)} (from line ${p.line})` : `the value ${quoteSnippet(text(buf, s, e))}`;
    const detail = `the file ends without a line break after ${what}: reg export and regedit end every line of a UTF-16 export with CRLF, so the export is truncated; export it again`;
    if (!this.ctx.lenient) throw new InputError(this.ctx.file, lineNo, detail);
    const before = this.warnings.length;
    this.readLine(u, buf, s, e, lineNo);
    // One warning for the line: the truncation, and what became of the line if it could not be read.
    const own = this.warnings.splice(before);
    const fate = own.length > 0 || (this.pending !== undefined && kind === 'value') ? 'skipped' : 'read as it is';
    this.warnings.push({ line: lineNo, message: `the file ends without a line break after ${what}: the export looks truncated; ${fate}` });
  }

  private readLine(u: Uint16Array, buf: Buffer, s: number, e: number, lineNo: number): void {
    if (this.pending !== undefined) {
      // Inside hex data continued with "\": regedit skips blank lines and ; comments, reads a line that
      // starts with a hex digit as more data, and drops the value (and skips the line) on anything else.
      if (s === e || u[s] === SEMICOLON) return;
      if (hexDigit(u[s]) >= 0) {
        this.continueHex(u, buf, s, e, lineNo);
        return;
      }
      const p = this.pending;
      this.pending = undefined;
      this.problem(
        lineNo,
        `the hex data of ${valueLabel(p.name)} continues from line ${p.line} (trailing "\\") but this line does not start with a hex digit: regedit skips both the value and this line; is the export damaged?`,
      );
      return;
    }
    if (s === e) return;
    const c = u[s];
    // regedit skips every line that is not a key or a value; ; and # start the ones meant as comments.
    if (c === SEMICOLON || c === HASH) return;
    try {
      if (c === LBRACKET) {
        // With --lenient, values under a rejected header must not land in the previous key.
        this.current = undefined;
        this.ignoredKeyLine = lineNo;
        this.current = parseKeyHeader(u, buf, s, e, lineNo);
        this.keys.push(this.current);
      } else if (c === QUOTE || c === AT) {
        this.value(u, buf, s, e, lineNo);
      } else if (!isBlankUnits(u, s, e)) {
        throw new LineProblem(`expected [key], "name"=value, @=value or a ; or # comment, found ${quoteSnippet(text(buf, s, e))}; is this a registry export?`);
      }
    } catch (err) {
      if (!(err instanceof LineProblem)) throw err;
      this.problem(lineNo, err.detail);
    }
  }
  private value(u: Uint16Array, buf: Buffer, s: number, e: number, lineNo: number): void {
    let name: string;
    let i: number;
    if (u[s] === AT) {
      name = '';
      i = s + 1;
    } else {
      const q = readQuoted(u, buf, s + 1, e, this.strings);
      if (q === undefined) throw new LineProblem(`unterminated value name ${quoteSnippet(text(buf, s, e))}; a name is written "name" with \\\\ and \\" escapes`);
      name = q;
      i = quotedNext;
    }
    while (i < e && isSpace(u[i])) i++;
    if (i >= e || u[i] !== EQUALS) throw new LineProblem(`expected = after the value name in ${quoteSnippet(text(buf, s, e))}; is this a registry export?`);
    i++;
    while (i < e && isSpace(u[i])) i++;
    const key = this.current;
    if (key === undefined) {
      if (this.ignoredKeyLine > 0) throw new LineProblem(`value ${valueLabel(name)} is under the rejected key header on line ${this.ignoredKeyLine}`);
      throw new LineProblem(`value ${valueLabel(name)} comes before any [key] header; is this a registry export?`);
    }
    const d = i < e ? u[i] : -1;

    if (d === QUOTE) {
      const q = readQuoted(u, buf, i + 1, e, this.strings);
      if (q === undefined) throw new LineProblem(`unterminated string in the data of ${valueLabel(name)}; a string is written "text" with \\\\ and \\" escapes`);
      if (!onlyCommentAfter(u, quotedNext, e)) throw new LineProblem(`unexpected text after the closing quote of ${valueLabel(name)}: ${quoteSnippet(text(buf, quotedNext, e))}`);
      key.values.push({ name, type: 'REG_SZ', data: q, line: lineNo });
      return;
    }
    if (d === MINUS && onlyCommentAfter(u, i + 1, e)) {
      const v: RegValue = { name, type: 'REG_NONE', data: '', line: lineNo };
      v.deleted = true;
      key.values.push(v);
      return;
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
      key.values.push({ name, type: 'REG_DWORD', data: value, line: lineNo });
      return;
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
      this.hex.reset();
      this.pending = { name, typeNumber, line: lineNo, key };
      this.continueHex(u, buf, j + 1, e, lineNo);
      return;
    }
    throw new LineProblem(`expected "text", dword:, hex:, hex(N): or - after ${valueLabel(name)}=, found ${quoteSnippet(text(buf, i, e))}`);
  }

  /** Adds one line's worth of hex data to the pending value; ends the value unless the line continues it with a backslash. */
  private continueHex(u: Uint16Array, buf: Buffer, s: number, e: number, lineNo: number): void {
    const p = this.pending as PendingHex;
    const end = this.hex.append(u, buf, s, e);
    if (end.kind === 'continues') return;
    this.pending = undefined;
    if (end.kind === 'bad') {
      // regedit stops reading the value here: it is skipped, and lines after it are read afresh.
      this.lastHexCut = undefined;
      this.problem(lineNo, `${end.what} in the data of ${valueLabel(p.name)}${lineNo === p.line ? '' : ` (from line ${p.line})`}; ${end.hint}`);
      return;
    }
    const cutLike = this.hex.lastDigits === 1 || this.hex.trailingComma;
    this.lastHexCut = cutLike ? { line: lineNo, name: p.name, from: p.line } : undefined;
    this.addHex(p);
  }

  /** Decodes the collected bytes by type and adds the value. */
  private addHex(p: PendingHex): void {
    const decoded = decodeTyped(p.typeNumber, this.hex.bytes, this.hex.length, this.ansi);
    if ('error' in decoded) {
      this.problem(p.line, `${decoded.error} in the data of ${valueLabel(p.name)}; fix the value or use --lenient to skip it`);
      return;
    }
    p.key.values.push({ name: p.name, type: decoded.type, data: decoded.data, line: p.line });
  }

  endsWithoutNewline(): void {
    this.unterminated = true;
  }

  finish(): RegTree {
    const cut = this.lastHexCut;
    if (this.unterminated && !this.utf16le && cut !== undefined && cut.line === this.lastLine) {
      // Hand-made files may end without a line break, but not in the middle of a byte or after a comma.
      throw new InputError(
        this.ctx.file,
        cut.line,
        `the file ends without a line break in the middle of the hex data of ${valueLabel(cut.name)} (from line ${cut.from}): the export is truncated; export it again`,
      );
    }
    if (this.pending !== undefined) {
      const p = this.pending;
      this.pending = undefined;
      const detail = `the file ends in the middle of the hex data of ${valueLabel(p.name)} (continued with "\\" from line ${p.line}): the export is truncated; export it again`;
      if (!this.ctx.lenient) throw new InputError(this.ctx.file, this.lastLine, detail);
      // regedit imports the bytes read so far.
      this.warnings.push({ line: this.lastLine, message: `the file ends in the middle of the hex data of ${valueLabel(p.name)} (continued with "\\" from line ${p.line}): the export looks truncated; read as far as it goes` });
      this.addHex(p);
    }
    const tree: RegTree = { format: this.format, keys: this.keys };
    if (this.warnings.length > 0) tree.warnings = this.warnings;
    return tree;
  }
}

function isBlankUnits(u: Uint16Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const c = u[i];
    if (c !== SPACE && c !== TAB && c !== 0xfeff && c !== 12 && c !== 26) return false;
  }
  return true;
}

/** Where the last readQuoted() stopped: just after the closing quote (a variable, so no object per string). */
let quotedNext = 0;

/**
 * Reads a quoted string starting after its opening quote; `\\` and `\"` are escapes, any other backslash is
 * literal. Returns undefined when the closing quote is missing; sets quotedNext.
 */
function readQuoted(u: Uint16Array, buf: Buffer, start: number, end: number, strings: StringInterner): string | undefined {
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
function parseKeyHeader(u: Uint16Array, buf: Buffer, s: number, e: number, lineNo: number): RegKey {
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
