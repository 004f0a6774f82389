// JSON text as written: what JSON.parse does not say (a key written twice, which it keeps the last of).
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

/** How many keys JSON text writes: strings followed by `:` (each string is matched whole, so text inside one never counts). */
export function jsonKeyCount(json: string): number {
  let count = 0;
  for (const m of json.matchAll(/"(?:[^"\\]|\\.)*"(\s*:)?|[^"]+/g)) if (m[1] !== undefined) count++;
  return count;
}

/** How many keys a parsed JSON value holds, nested ones included. */
export function parsedKeyCount(v: unknown): number {
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + parsedKeyCount(x), 0);
  if (typeof v !== 'object' || v === null) return 0;
  return Object.values(v).reduce((n: number, x) => n + 1 + parsedKeyCount(x), 0);
}

/**
 * The line and name of the first key an object of JSON text writes twice (JSON.parse keeps the last one without a
 * word), found by the yaml parser, which refuses them; undefined when no key is repeated. `parsed` is the text's
 * JSON.parse result: the search runs only when it holds fewer keys than the text writes.
 */
export function repeatedJsonKey(text: string, parsed: unknown): { line: number; key: string } | undefined {
  if (parsedKeyCount(parsed) === jsonKeyCount(text)) return undefined;
  const { LineCounter, parseDocument } = createRequire(import.meta.url)('yaml') as typeof Yaml;
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const e = doc.errors.find((x) => x.code === 'DUPLICATE_KEY');
  if (e === undefined) return undefined;
  const line = lines.linePos(e.pos[0]).line;
  const key = /"((?:[^"\\]|\\.)*)"\s*:/.exec(text.slice(e.pos[0]))?.[1] ?? '';
  return { line, key };
}

/** Control characters, line breaks included, and the two separators JavaScript counts as line ends. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * A JSON.parse error's message as one printable line: V8 quotes the text around the error as it stands (its line
 * breaks and control characters too, and a NUL between every character of UTF-16 text read as UTF-8).
 */
function jsonErrorDetail(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.replace(UNPRINTABLE, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** JSON's whitespace: space, tab, line feed, carriage return. */
const isJsonSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
/** A number, or as much of one as is there (`1.`, `-`, `2e+`: broken after their last character, as V8 says). */
const JSON_NUMBER = /-?(?:0|[1-9]\d*)?(?:\.\d*)?(?:[eE][+-]?\d*)?/y;
const JSON_ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

/**
 * Where JSON text first breaks JSON's grammar (RFC 8259): the offset of the first character no JSON text can hold
 * there, `text.length` when the text ends too soon, or -1 when it is JSON. JSON.parse says where only for some errors
 * on Node.js 20 ("Unexpected token 'x', …" names no position), so the place is found by this scan instead, walked
 * with a stack rather than by recursion (a deeply nested file is not a stack overflow).
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const n = text.length;
  const open: number[] = [];
  const skipSpace = (): void => {
    while (i < n && isJsonSpace(text.charCodeAt(i))) i++;
  };
  /** Reads a string at i; false (i at the fault) when there is none or it breaks. */
  const string = (): boolean => {
    if (text.charCodeAt(i) !== 34) return false;
    for (i++; i < n; ) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return true;
      }
      if (c < 32) return false;
      if (c !== 92) i++;
      else {
        JSON_ESCAPE.lastIndex = i;
        if (!JSON_ESCAPE.test(text)) return false;
        i = JSON_ESCAPE.lastIndex;
      }
    }
    return false;
  };
  /** Reads `"key":` at i (after `{` or a `,` in an object). */
  const key = (): boolean => {
    skipSpace();
    if (!string()) return false;
    skipSpace();
    if (text.charCodeAt(i) !== 58) return false;
    i++;
    return true;
  };
  for (;;) {
    // A value starts at i.
    skipSpace();
    if (i >= n) return n;
    const c = text.charCodeAt(i);
    if (c === 123 || c === 91) {
      i++;
      skipSpace();
      if (text.charCodeAt(i) === c + 2) i++;
      else {
        open.push(c);
        if (c === 123 && !key()) return i;
        continue;
      }
    } else if (c === 34) {
      if (!string()) return i;
    } else if (text.startsWith('true', i) || text.startsWith('null', i)) i += 4;
    else if (text.startsWith('false', i)) i += 5;
    else {
      JSON_NUMBER.lastIndex = i;
      JSON_NUMBER.test(text);
      const end = JSON_NUMBER.lastIndex;
      // A digit starts the number (after its minus sign) and ends it (after a point, an exponent's letter or sign).
      const first = c === 45 ? i + 1 : i;
      if (!isDigit(text.charCodeAt(first))) return first;
      if (!isDigit(text.charCodeAt(end - 1))) return end;
      i = end;
    }
    // After a value: the containers it closes, then a comma (another value) or the end.
    for (;;) {
      skipSpace();
      const top = open.at(-1);
      if (top === undefined) return i < n ? i : -1;
      if (i >= n) return n;
      const d = text.charCodeAt(i);
      if (d === top + 2) {
        open.pop();
        i++;
        continue;
      }
      if (d !== 44) return i;
      i++;
      if (top === 123 && !key()) return i;
      break;
    }
  }
}

/**
 * The 1-based line where JSON text first breaks the grammar (jsonErrorOffset): for a text that ends too soon, the last
 * line holding text rather than an empty one after it. Lines end at LF (a CR before it is part of
 * the line end, CR CR LF too, as splitLines in src/collect/text.ts reads lines). Undefined for JSON text.
 */
export function jsonErrorLine(text: string): number | undefined {
  const at = jsonErrorOffset(text);
  if (at < 0) return undefined;
  const end = Math.min(at, text.trimEnd().length);
  let line = 1;
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * JSON text parsed, a leading BOM allowed (PowerShell 5 writes one); a syntax error is thrown as `fail` makes it from
 * the line where the text breaks JSON's grammar (jsonErrorLine) and its message as one printable line (jsonErrorDetail).
 */
export function parseJsonText(text: string, fail: (line: number | undefined, detail: string) => Error): unknown {
  const source = text.replace(/^\uFEFF/, '');
  try {
    return JSON.parse(source);
  } catch (e) {
    throw fail(jsonErrorLine(source), jsonErrorDetail(e));
  }
}
