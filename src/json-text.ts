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
export function jsonErrorDetail(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.replace(UNPRINTABLE, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}
