// Reads YAML or JSON text into a small node tree that keeps line numbers, so validation errors can name the line.
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { Node } from 'yaml';
import { ConfigError } from '../errors.js';

const require = createRequire(import.meta.url);
let yamlModule: typeof Yaml | undefined;

/** The yaml package, loaded on first use: an audit with JSON rules only never needs it (loading it takes ~50 ms). */
export function yaml(): typeof Yaml {
  yamlModule ??= require('yaml') as typeof Yaml;
  return yamlModule;
}

export type YamlNodeInfo =
  | { kind: 'map'; line: number; entries: Map<string, YamlNodeInfo>; keyLines: Map<string, number>; plain: unknown }
  | { kind: 'seq'; line: number; items: YamlNodeInfo[]; plain: unknown }
  | { kind: 'scalar'; line: number; value: unknown; plain: unknown };

export interface YamlDoc {
  root: YamlNodeInfo;
}

/** Parses YAML (JSON is accepted too: it is YAML); a syntax error becomes a ConfigError with its line. */
export function parseYamlDocument(text: string, file: string): YamlDoc {
  const { LineCounter, parseDocument, isMap, isSeq, isScalar } = yaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = lineCounter.linePos(e.pos[0]).line;
    throw new ConfigError(file, line, `${e.message.split('\n')[0]}; fix the YAML/JSON syntax`);
  }
  const lineOf = (node: Node | null | undefined): number => (node?.range ? lineCounter.linePos(node.range[0]).line : 1);
  const convert = (node: unknown): YamlNodeInfo => {
    const n = node as Node | null;
    if (isMap(n)) {
      const entries = new Map<string, YamlNodeInfo>();
      const keyLines = new Map<string, number>();
      for (const pair of n.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        keyLines.set(key, lineOf(pair.key as Node));
        const value = convert(pair.value);
        entries.set(key, { ...value, line: pair.value === null ? lineOf(pair.key as Node) : value.line });
      }
      return { kind: 'map', line: lineOf(n), entries, keyLines, plain: n.toJSON() };
    }
    if (isSeq(n)) return { kind: 'seq', line: lineOf(n), items: n.items.map(convert), plain: n.toJSON() };
    if (isScalar(n)) return { kind: 'scalar', line: lineOf(n), value: n.value, plain: n.toJSON() };
    return { kind: 'scalar', line: 1, value: null, plain: null };
  };
  return { root: convert(doc.contents) };
}

/**
 * Reads JSON text into the same node tree, without line numbers (every line is 0); undefined when the text is
 * not JSON, or repeats a key (JSON.parse keeps the last one silently; the YAML parser rejects it). A fast path:
 * JSON.parse is many times faster than the YAML parser, but only parseYamlDocument can say where an error is.
 */
export function parseJsonDocument(text: string): YamlDoc | undefined {
  const source = text.replace(/^\uFEFF/, '');
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch {
    return undefined;
  }
  let keys = 0;
  const convert = (v: unknown): YamlNodeInfo => {
    if (Array.isArray(v)) return { kind: 'seq', line: 0, items: v.map(convert), plain: v };
    if (typeof v === 'object' && v !== null) {
      const entries = new Map<string, YamlNodeInfo>();
      for (const [key, item] of Object.entries(v)) entries.set(key, convert(item));
      keys += entries.size;
      return { kind: 'map', line: 0, entries, keyLines: new Map(), plain: v };
    }
    return { kind: 'scalar', line: 0, value: v, plain: v };
  };
  const root = convert(value);
  return keys === jsonKeyCount(source) ? { root } : undefined;
}

/** How many keys JSON text writes: strings followed by `:` (each string is matched whole, so text inside one never counts). */
function jsonKeyCount(json: string): number {
  let count = 0;
  for (const m of json.matchAll(/"(?:[^"\\]|\\.)*"(\s*:)?|[^"]+/g)) if (m[1] !== undefined) count++;
  return count;
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** The closest of `options` to `word`, when it is close enough to be a likely typo. */
export function suggest(word: string, options: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  // A truncated word ("warn", "diskFree") is a likely typo of the option it starts.
  const prefixed = options.filter((o) => lower.length >= 3 && o.toLowerCase().startsWith(lower));
  if (prefixed.length === 1) return prefixed[0];
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const o of options) {
    const d = editDistance(word, o);
    if (d < bestDistance) {
      best = o;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/** Rejects fields not in `allowed`, suggesting the closest one. */
export function checkFields(node: YamlNodeInfo & { kind: 'map' }, allowed: readonly string[], file: string, what: string): void {
  for (const key of node.entries.keys()) {
    if (allowed.includes(key)) continue;
    const hint = suggest(key, allowed);
    throw new ConfigError(
      file,
      node.keyLines.get(key) ?? node.line,
      `${what}: unknown field \`${key}\`; ${hint !== undefined ? `did you mean \`${hint}\`?` : `allowed fields are ${allowed.map((a) => `\`${a}\``).join(', ')}`}`,
    );
  }
}
