// The source table of a rule pack (`sources.json` beside the rules): tag → title and URL of the document a
// rule cites as `[TAG]`. Rules name tags only; reports resolve them here. Validation is pure.
import { ConfigError } from '../errors.js';
import type { SourceTable } from './types.js';
import { checkFields, parseJsonDocument, parseYamlDocument, type YamlNodeInfo } from './yaml-source.js';

/** The file name of a pack's source table; the rule loader skips it. */
export const SOURCES_FILE = 'sources.json';

const TAG = /^[A-Z][A-Z0-9]*$/;

/** Parses and validates a source table; every mistake names the file, the line, the tag and the field. */
export function parseSourceTable(text: string, file: string): SourceTable {
  // As for rule files: JSON.parse first, the YAML parser (which knows lines) only to report a mistake.
  const json = parseJsonDocument(text);
  if (json !== undefined) {
    try {
      return validate(json.root, file);
    } catch {
      // Reported below, with its line.
    }
  }
  return validate(parseYamlDocument(text, file).root, file);
}

function validate(root: YamlNodeInfo, file: string): SourceTable {
  if (root.kind !== 'map') throw new ConfigError(file, root.line, 'a source table must be one object: { "TAG": { "title": "...", "url": "https://..." } }');
  const table: SourceTable = new Map();
  for (const [tag, node] of root.entries) {
    const line = root.keyLines.get(tag) ?? node.line;
    const fail = (field: string, detail: string): never => {
      throw new ConfigError(file, line, `source \`${tag}\`: field \`${field}\`: ${detail}`);
    };
    if (!TAG.test(tag)) throw new ConfigError(file, line, `source \`${tag}\`: the tag must be upper-case letters and digits, starting with a letter (as cited: [PORTS])`);
    if (node.kind !== 'map') fail('(entry)', 'must be { "title": "...", "url": "https://..." }');
    const entry = node as YamlNodeInfo & { kind: 'map' };
    checkFields(entry, ['title', 'url'], file, `source \`${tag}\``);
    const text = (field: string, hint: string): string => {
      const v = entry.entries.get(field);
      if (v === undefined) fail(field, `missing; add ${hint}`);
      if (v!.kind !== 'scalar' || typeof v!.value !== 'string' || v!.value.trim() === '') fail(field, `must be a non-empty string; write ${hint}`);
      return (v as { value: string }).value;
    };
    const title = text('title', 'the document title a reader recognises');
    const url = text('url', 'the document URL');
    if (!/^https?:\/\/[^\s]+$/.test(url)) fail('url', `${JSON.stringify(url)} is not an http(s) URL`);
    table.set(tag, { title, url });
  }
  return table;
}
