// Parser for regedit's .reg syntax (version 5 and REGEDIT4), working on UTF-16 code units: only names and data become strings.
import type { Buffer } from 'node:buffer';
import type { ParseWarning, RegFormat, RegTree } from '../../types.js';
import { InputError } from '../../errors.js';
import { HEX_VALUES, decodeTyped, hexDigit, type AnsiDecode } from './decode.js';
import { decodeAnsi } from './ansi.js';
import { quoteSnippet, type UnitLineHandler } from './text.js';
import { LF, CR, SPACE, QUOTE, COLON, SEMICOLON, HASH, EQUALS, AT, LBRACKET, BACKSLASH, RBRACKET, LPAREN, RPAREN, afterBreak, isSpace, text } from './units.js';
import { HexBytes } from './hex-bytes.js';
import { StringInterner } from './intern.js';
import { LineProblem, MAX_KEY_DEPTH, asWarning, isBlankUnits, parseKeyHeader, valueLabel, type ParseContext } from './regedit-syntax.js';
import { RegColumns, REG_DWORD, REG_SZ, columnarTree } from '../../snapshot/reg-columns.js';
import { readValueLine } from './regedit-value.js';
import { Unescaper } from './unescape.js';

export { asWarning, keyTooDeep, MAX_KEY_DEPTH, type ParseContext } from './regedit-syntax.js';

/** A value whose hex data is being collected (it may continue over lines ending in a backslash). */
interface PendingHex {
  name: string;
  typeNumber: number;
  line: number;
}

/** A value line ending in a dword of 1-7 hex digits (regedit writes 8): at the very end of a file, a cut one. */
const SHORT_DWORD_AT_END = /=\s*dword:\s*[0-9a-f]{1,7}$/i;

/** Types whose data is text: REG_SZ, REG_EXPAND_SZ, REG_LINK, REG_MULTI_SZ. */
const STRING_TYPES: ReadonlySet<number> = new Set([1, 2, 6, 7]);

/** What the file's last line (read without a line break after it) held, for the truncation check. */
type LastLineKind = 'value' | 'hex' | 'other';

/**
 * Parses the lines of a .reg file (header included) into a RegTree held as columns (see columns.ts); feed it
 * with forEachUnitLine, then call finish().
 * The lines regedit and `reg export` write (`"name"="text"`, `"name"=dword:…`, `"name"=hex…:` and its
 * continuations, blank lines) are read in one pass each, straight from the code units; every other line, and
 * any of these with something unusual in it, is read by the general line parser, which gives the same
 * result and says what is wrong.
 */
export class RegeditParser implements UnitLineHandler {
  private readonly cols: RegColumns;
  private readonly warnings: ParseWarning[] = [];
  /** REGEDIT4: how the ANSI bytes of string data are decoded; undefined for version 5 (UTF-16 data). */
  private readonly ansi: AnsiDecode | undefined;
  /** The line of the first string value whose ANSI bytes are not ASCII, when the code page is a guess (`ansiGuess`). */
  ansiGuessLine: number | undefined;
  /** Whether values go to the last section (false before the first, and after a header rejected with --lenient). */
  private hasKey = false;
  private pending: PendingHex | undefined;
  private readonly hex = new HexBytes();
  /** Value names, and (separately, so that they do not push names out) string data written with escapes. */
  private readonly names = new StringInterner();
  private readonly texts = new StringInterner();
  private readonly unescaper = new Unescaper();
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
   * a value line or hex data with no line break after it at the end of such a file was cut off. `bytes`: the
   * file's size, to make room for about as many values as it holds once.
   */
  constructor(
    private readonly format: RegFormat,
    private readonly ctx: ParseContext,
    private readonly utf16le = false,
    bytes = 0,
    codePage?: number,
    private readonly ansiGuess = false,
  ) {
    this.ansi = format === 'regedit4' ? (b) => decodeAnsi(b, codePage) : undefined;
    // A value line of an export takes some 40 characters or more (its name, its data, a line break).
    this.cols = new RegColumns(Math.floor(bytes / (utf16le ? 80 : 40)));
  }

  /** Reads the lines of u[i..n): each ends with a line break, except a last one when n is the end of the file. */
  scan(u: Uint16Array, buf: Buffer, i: number, n: number, lineNo: number): number {
    // The lines up to the header (the first that is not blank), by the general line parser: so lines() meets
    // none of them, and its compiled code, made while the first export of a run was read, serves the next.
    while (!this.sawHeader && i < n) {
      lineNo++;
      const next = this.anyLine(u, buf, i, n, lineNo);
      i = next < 0 ? n : next;
    }
    this.lastLine = this.lines(u, buf, i, n, lineNo);
    return this.lastLine;
  }

  /**
   * The lines after the header. scan()'s loop, alone in its function: V8 compiles it while it runs (on-stack
   * replacement), and code after the loop that had not run yet (the store to lastLine) threw that code away
   * when the first chunk's loop ended (a deoptimisation, then a second compile of the loop for the next chunk).
   */
  private lines(u: Uint16Array, buf: Buffer, i: number, n: number, lineNo: number): number {
    while (i < n) {
      lineNo++;
      const c = u[i];
      let next = -1;
      if (c === QUOTE || c === AT) {
        if (this.pending === undefined) next = this.fastValue(u, buf, i, n, lineNo);
      } else if (c === LBRACKET) {
        if (this.pending === undefined) next = this.fastKey(u, buf, i, n, lineNo);
      } else if (c === SPACE) {
        if (this.pending !== undefined) next = this.fastHexLine(u, i, n);
      } else if (c === CR || c === LF) {
        // A blank line changes nothing, not even inside hex data.
        next = afterBreak(u, i, n);
      }
      if (next < 0) next = this.anyLine(u, buf, i, n, lineNo);
      if (next < 0) break;
      i = next;
    }
    return lineNo;
  }

  /**
   * Any line from u[i]: hands it to the general line parser and returns where the next starts, or -1 after
   * the file's last line. Apart from lines(), whose compiled loop then holds only what most lines run.
   */
  private anyLine(u: Uint16Array, buf: Buffer, i: number, n: number, lineNo: number): number {
    let e = i;
    while (e < n && u[e] !== LF && u[e] !== CR) e++;
    const next = afterBreak(u, e, n);
    // Only the file's last line can lack a line break: the chunked readers cut after one.
    if (next < 0) this.unterminated = true;
    this.line(u, buf, i, e, lineNo);
    return next;
  }

  /**
   * `"name"=` or `@=` then `"text"`, `dword:hhhhhhhh` or the first line of `hex(N):hh,…`, with the line break
   * right after it: adds the value and returns where the next line starts; -1 for any other line.
   */
  private fastValue(u: Uint16Array, buf: Buffer, s: number, n: number, lineNo: number): number {
    if (!this.hasKey) return -1;
    let i = s;
    let name = '';
    const guess = u[s] === QUOTE ? this.names.predicted(u, s + 1, n) : undefined;
    if (guess !== undefined) {
      name = guess;
      i = s + 1 + guess.length;
    } else if (u[s] === QUOTE) {
      let h = 0;
      for (i = s + 1; i < n; i++) {
        const c = u[i];
        if (c === QUOTE || c === BACKSLASH) break;
        if (c === CR || c === LF) return -1;
        h = ((h << 5) - h + c) | 0; // hashStep, written out: no call before the JIT compiles this
      }
      if (i >= n) return -1;
      if (u[i] === QUOTE) name = this.names.hashed(u, buf, s + 1, i, h);
      else {
        const escaped = this.unescaper.read(u, s + 1, n, this.names);
        if (escaped === undefined) return -1;
        name = escaped;
        i = this.unescaper.end;
      }
    }
    // u[i] is the closing quote or the @ of the default value.
    if (i + 2 >= n || u[i + 1] !== EQUALS) return -1;
    i += 2;
    const d = u[i];
    if (d === QUOTE) {
      let j = i + 1;
      for (; j < n; j++) {
        const c = u[j];
        if (c === QUOTE || c === BACKSLASH) break;
        if (c === CR || c === LF) return -1;
      }
      if (j < n && u[j] === BACKSLASH) return this.escapedText(u, i + 1, n, name, lineNo);
      const next = afterBreak(u, j + 1, n);
      if (next < 0) return -1;
      // Not shared: nine in ten short data texts of an export are distinct, so a lookup cost more than it saved.
      this.cols.addValue(name, REG_SZ, text(buf, i + 1, j), lineNo);
      return next;
    }
    if (d === 100 /* d */) {
      if (i + 6 >= n || u[i + 1] !== 119 || u[i + 2] !== 111 || u[i + 3] !== 114 || u[i + 4] !== 100 || u[i + 5] !== COLON) return -1;
      const start = i + 6;
      const stop = start + 8 < n ? start + 8 : n;
      let value = 0;
      let j = start;
      for (; j < stop; j++) {
        const x = HEX_VALUES[u[j]];
        if (x < 0) break;
        value = value * 16 + x;
      }
      const next = j === start ? -1 : afterBreak(u, j, n);
      if (next < 0) return -1;
      this.cols.addValue(name, REG_DWORD, value, lineNo);
      return next;
    }
    if (d === 104 /* h */) {
      if (i + 3 >= n || u[i + 1] !== 101 || u[i + 2] !== 120) return -1;
      let j = i + 3;
      let typeNumber = 3;
      if (u[j] === LPAREN) {
        typeNumber = 0;
        const start = ++j;
        for (; j < n && j - start <= 8; j++) {
          const x = HEX_VALUES[u[j]];
          if (x < 0) break;
          typeNumber = typeNumber * 16 + x;
        }
        if (j === start || j - start > 8 || j + 1 >= n || u[j] !== RPAREN) return -1;
        j++;
      }
      if (u[j] !== COLON) return -1;
      this.hex.reset();
      const next = this.hex.appendRegular(u, j + 1, n);
      if (next < 0) return -1;
      if (this.hex.more) this.pending = { name, typeNumber, line: lineNo };
      else this.endHex(name, typeNumber, lineNo);
      return next;
    }
    return -1;
  }

  /** String data with escapes, from u[s] (just after its opening quote): adds the value and returns where the next line starts, or -1. */
  private escapedText(u: Uint16Array, s: number, n: number, name: string, lineNo: number): number {
    const data = this.unescaper.read(u, s, n, this.texts);
    if (data === undefined) return -1;
    const next = afterBreak(u, this.unescaper.end + 1, n);
    if (next < 0) return -1;
    this.cols.addValue(name, REG_SZ, data, lineNo);
    return next;
  }

  /** `[HKEY_…]` with the line break right after it: starts the key and returns where the next line starts; -1 for any other line. */
  private fastKey(u: Uint16Array, buf: Buffer, s: number, n: number, lineNo: number): number {
    // HKEY_ in capitals, and not [-…] (a deleted key).
    if (s + 6 >= n || u[s + 1] !== 72 || u[s + 2] !== 75 || u[s + 3] !== 69 || u[s + 4] !== 89 || u[s + 5] !== 95) return -1;
    let levels = 1;
    let k = s + 6;
    for (; k < n; k++) {
      const c = u[k];
      if (c === BACKSLASH) levels++;
      else if (c === CR || c === LF) break;
    }
    if (u[k - 1] !== RBRACKET || levels > MAX_KEY_DEPTH) return -1;
    const next = afterBreak(u, k, n);
    if (next < 0) return -1;
    this.ignoredKeyLine = lineNo;
    this.cols.addKey(text(buf, s + 1, k - 1), lineNo, false);
    this.hasKey = true;
    return next;
  }

  /** A continuation line of hex data, `  hh,hh,…` as regedit writes it; -1 for anything else. */
  private fastHexLine(u: Uint16Array, s: number, n: number): number {
    const p = this.pending as PendingHex;
    let j = s + 1;
    while (j < n && u[j] === SPACE) j++;
    const next = this.hex.appendRegular(u, j, n);
    if (next >= 0 && !this.hex.more) {
      this.pending = undefined;
      this.endHex(p.name, p.typeNumber, p.line);
    }
    return next;
  }

  /** Hex data read as regedit writes it (two digits a byte, no trailing comma) is complete: adds the value. */
  private endHex(name: string, typeNumber: number, line: number): void {
    this.lastHexCut = undefined;
    this.addHex(name, typeNumber, line);
  }

  private problem(line: number, detail: string): void {
    if (!this.ctx.lenient) throw new InputError(this.ctx.file, line, detail);
    this.warnings.push({ line, message: asWarning(detail) });
  }

  /** The general line parser: one line u[s..e) without its line break. */
  private line(u: Uint16Array, buf: Buffer, s: number, e: number, lineNo: number): void {
    this.lastLine = lineNo;
    while (s < e && isSpace(u[s])) s++;
    while (e > s && isSpace(u[e - 1])) e--;
    if (!this.sawHeader) {
      // openRegistryText has checked that the first non-blank line is the header.
      if (s < e && !isBlankUnits(u, s, e)) this.sawHeader = true;
      return;
    }
    if (this.unterminated && s < e) {
      const kind = this.lineKind(u, s);
      // A file of another encoding may be hand-made and end without a line break, but a dword cut short is a cut file.
      if (kind !== 'other' && (this.utf16le || (kind === 'value' && SHORT_DWORD_AT_END.test(text(buf, s, e))))) {
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
    const detail = this.utf16le
      ? `the file ends without a line break after ${what}: reg export and regedit end every line of a UTF-16 export with CRLF, so the export is truncated; export it again`
      : `the file ends without a line break after ${what}, a dword of fewer than the 8 hex digits regedit writes: the export looks truncated; export it again (or end the line, if it was written so by hand)`;
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
        this.hasKey = false;
        this.ignoredKeyLine = lineNo;
        const key = parseKeyHeader(u, buf, s, e, lineNo);
        this.cols.addKey(key.path, key.line, key.deleted === true);
        this.hasKey = true;
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
    const read = readValueLine(u, buf, s, e, lineNo, this.names, this.hasKey, this.ignoredKeyLine);
    if (!('from' in read)) {
      if (read.deleted === true) this.cols.addDeleted(read.name, read.line);
      else this.cols.addValue(read.name, this.cols.typeCode(read.type), read.data, read.line);
      return;
    }
    this.hex.reset();
    this.pending = { name: read.name, typeNumber: read.typeNumber, line: lineNo };
    this.continueHex(u, buf, read.from, e, lineNo);
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
    this.addHex(p.name, p.typeNumber, p.line);
  }

  /** Decodes the collected bytes by type and adds the value. */
  private addHex(name: string, typeNumber: number, line: number): void {
    if (this.ansiGuess && this.ansiGuessLine === undefined && this.ansi !== undefined && STRING_TYPES.has(typeNumber)) {
      if (this.hex.bytes.subarray(0, this.hex.length).some((b) => b >= 0x80)) this.ansiGuessLine = line;
    }
    const decoded = decodeTyped(typeNumber, this.hex.bytes, this.hex.units, this.hex.length, this.ansi);
    if ('error' in decoded) {
      this.problem(line, `${decoded.error} in the data of ${valueLabel(name)}; fix the value or use --lenient to skip it`);
      return;
    }
    this.cols.addValue(name, this.cols.typeCode(decoded.type), decoded.data, line);
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
      this.addHex(p.name, p.typeNumber, p.line);
    }
    return columnarTree(this.format, this.cols, this.warnings);
  }
}
