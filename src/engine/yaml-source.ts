// Reads YAML or JSON text into a small node tree that keeps line numbers, so validation errors can name the line.
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { Node } from 'yaml';
import { ConfigError } from '../errors.js';
import { suggest } from '../suggest.js';
import { jsonKeyCount } from '../json-text.js';

export { editDistance, suggest } from '../suggest.js';

const require = createRequire(import.meta.url);
let yamlModule: typeof Yaml | undefined;

/** The yaml package, loaded on first use: an audit with JSON rules only never needs it (loading it takes ~50 ms). */
export function yaml(): typeof Yaml {
  yamlModule ??= require('yaml') as typeof Yaml;
  return yamlModule;
}

export type YamlNodeInfo =
  | {
      kind: 'map';
      line: number;
      entries: Map<string, YamlNodeInfo>;
      /** Each key's line; a key a merge key (`<<: *defaults`) adds is at the line of that `<<`. */
      keyLines: Map<string, number>;
      /** The keys a merge key added, each at the line it is written on in the mapping merged. */
      merged?: Map<string, number>;
      plain: unknown;
    }
  | { kind: 'seq'; line: number; items: YamlNodeInfo[]; plain: unknown }
  | {
      kind: 'scalar';
      line: number;
      value: unknown;
      plain: unknown;
      /** The scalar as written, for YAML (not JSON): what a value the parser made a Date of said, zone and time included. */
      source?: string;
    };

export interface YamlDoc {
  root: YamlNodeInfo;
}

/**
 * Parses YAML (JSON is accepted too: it is YAML); a syntax error becomes a ConfigError with its line. A merge key
 * (`<<: *defaults`, `<<: [*site, *pair]`) adds a mapping's keys as the yaml package's `merge` option (and a fleet
 * inventory) reads it: the mapping's own keys win, then the merged mappings' in the order given. A merged key is
 * checked as any other: an unknown one is named at the line of its `<<` (checkFields says where it is written).
 */
export function parseYamlDocument(text: string, file: string): YamlDoc {
  const { LineCounter, parseDocument, isAlias, isMap, isSeq, isScalar } = yaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter, prettyErrors: false, uniqueKeys: true, merge: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = lineCounter.linePos(e.pos[0]).line;
    // The parser's own advice names its API: say what the file holds instead.
    if (e.code === 'MULTIPLE_DOCS') throw new ConfigError(file, line, 'holds several YAML documents (a second `---`); a file holds one: remove the second or put it in a file of its own');
    throw new ConfigError(file, line, `${e.message.split('\n')[0]}; fix the YAML/JSON syntax`);
  }
  const lineOf = (node: Node | null | undefined): number => (node?.range ? lineCounter.linePos(node.range[0]).line : 1);
  const deref = (node: unknown): unknown => (isAlias(node) ? node.resolve(doc) : node);
  // The mappings and lists being read: one merged into itself, or holding an alias of itself, would never end.
  const open = new Set<unknown>();
  // The yaml package refuses a document whose aliases expand past 100 nodes (a guard against a few lines that expand
  // to gigabytes); a file where 150 waivers each merge `<<: *defaults` is not one: they may expand to its own size.
  const maxAliasCount = Math.max(100, text.length);
  const plain = (n: Node): unknown => {
    try {
      return n.toJS(doc, { maxAliasCount });
    } catch (e) {
      if (!(e instanceof ReferenceError)) throw e;
      throw new ConfigError(file, lineOf(n), 'its aliases (`*name`) expand to far more than the file holds; write the values out, or alias fewer times');
    }
  };
  const convert = (node: unknown): YamlNodeInfo => {
    const n = node as Node | null;
    if (isMap(n)) {
      const entries = new Map<string, YamlNodeInfo>();
      const keyLines = new Map<string, number>();
      const merges: { line: number; source: YamlNodeInfo & { kind: 'map' } }[] = [];
      open.add(n);
      for (const pair of n.items) {
        if (isMergeKey(pair.key)) {
          const value = deref(pair.value);
          for (const given of isSeq(value) ? value.items : [pair.value]) {
            const source = deref(given);
            // Named at the alias when the merge gives one (`<<: *list`), not where the list it names is written.
            const at = lineOf((isAlias(pair.value) ? pair.value : (given ?? pair.key)) as Node);
            if (!isMap(source)) throw new ConfigError(file, at, 'a merge key (`<<`) takes a mapping or a list of mappings, e.g. `<<: *defaults` or `<<: [*site, *pair]`');
            if (open.has(source)) throw new ConfigError(file, at, 'a merge key (`<<`) merges a mapping into itself; merge another mapping');
            merges.push({ line: lineOf(pair.key as Node), source: convert(source) as YamlNodeInfo & { kind: 'map' } });
          }
          continue;
        }
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        keyLines.set(key, lineOf(pair.key as Node));
        const value = convert(pair.value);
        entries.set(key, { ...value, line: pair.value === null ? lineOf(pair.key as Node) : value.line });
      }
      open.delete(n);
      const merged = new Map<string, number>();
      for (const { line, source } of merges) {
        for (const [key, value] of source.entries) {
          if (entries.has(key)) continue;
          entries.set(key, value);
          keyLines.set(key, line);
          merged.set(key, source.merged?.get(key) ?? source.keyLines.get(key) ?? source.line);
        }
      }
      return { kind: 'map', line: lineOf(n), entries, keyLines, ...(merged.size > 0 ? { merged } : {}), plain: plain(n) };
    }
    if (isSeq(n)) {
      open.add(n);
      const items = n.items.map(convert);
      open.delete(n);
      return { kind: 'seq', line: lineOf(n), items, plain: plain(n) };
    }
    if (isScalar(n)) return { kind: 'scalar', line: lineOf(n), value: n.value, plain: n.toJS(doc), ...(typeof n.source === 'string' ? { source: n.source } : {}) };
    // An alias (`*name`) stands for the node its anchor (`&name`) marks, at the alias's own line.
    if (isAlias(n)) {
      const target = n.resolve(doc);
      // Inside the node it names (`a: &x { b: *x }`), it would stand for a value without end.
      if (open.has(target)) throw new ConfigError(file, lineOf(n), `the alias \`*${n.source}\` is inside the value its anchor marks, which would then hold itself without end; alias another value`);
      if (target !== undefined) return { ...convert(target), line: lineOf(n) };
    }
    return { kind: 'scalar', line: 1, value: null, plain: null };
  };
  return { root: convert(doc.contents) };
}

/** `<<` written plain: with the `merge` option the parser reads it as the merge key (a quoted "<<" is a key named so). */
export function isMergeKey(key: unknown): boolean {
  const { isScalar } = yaml();
  return isScalar(key) && typeof key.value === 'symbol' && key.value.description === '<<';
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


/** Rejects fields not in `allowed`, suggesting the closest one. */
export function checkFields(node: YamlNodeInfo & { kind: 'map' }, allowed: readonly string[], file: string, what: string): void {
  for (const key of node.entries.keys()) {
    if (allowed.includes(key)) continue;
    const hint = suggest(key, allowed);
    // A key a merge key added is named at the `<<` that added it, and where the mapping merged writes it.
    const from = node.merged?.get(key);
    throw new ConfigError(
      file,
      node.keyLines.get(key) ?? node.line,
      `${what}: unknown field \`${key}\`${from !== undefined ? ` (merged by \`<<\` from line ${from})` : ''}; ${hint !== undefined ? `did you mean \`${hint}\`?` : `allowed fields are ${allowed.map((a) => `\`${a}\``).join(', ')}`}`,
    );
  }
}
