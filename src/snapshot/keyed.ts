// Snapshot format 3's canonical form: each source file and registry key once, in an `origins` table that
// the settings' provenance refers to by index (formats 1 and 2 repeated the key path in every setting).
//
// {"collected":…,"origins":[{"file":"main.reg","key":"HKEY_…\\DB"},{"file":"hostname.txt"}],"schemaVersion":3,
//  "server":…,"settings":{"db.port":{"regType":"REG_DWORD","source":{"line":12,"origin":0,"valueName":"Port"},"value":5481}},
//  "warnings":[…]}
//
// The text is the canonical JSON (fast-json-stable-stringify) of that document: keys sorted at every level,
// origins numbered in the order the settings (sorted by name) first cite them, so the document is a
// function of the snapshot alone and `verify` can rebuild the exact bytes from what it read.
import stringify from 'fast-json-stable-stringify';
import type { Provenance, Setting, Snapshot } from '../types.js';
import { sortedSettings } from './table.js';

/** The snapshot format whose canonical form is this keyed document. */
export const KEYED_SCHEMA_VERSION = 3;

/** One entry of the origins table: a source file, and the registry key for values read from one. */
export interface Origin {
  file: string;
  key?: string;
}

/** A setting's provenance in the keyed document: the origin by index, with what differs per value. */
export interface KeyedSource {
  line?: number;
  origin: number;
  valueName?: string;
}

/** The keyed document as stored (before JSON): what the canonical text is the stable JSON of. */
export interface KeyedDocument {
  collected: Snapshot['collected'];
  origins: Origin[];
  schemaVersion: 3;
  server: Snapshot['server'];
  settings: Record<string, Omit<Setting, 'source'> & { source: KeyedSource }>;
  warnings?: Snapshot['warnings'];
}

/** Numbers the origins of the settings (sorted by name) in order of first citation; `ids[i]` is the origin of `settings[i]`. */
function originTable(settings: readonly Setting[]): { origins: Origin[]; ids: Uint32Array } {
  const origins: Origin[] = [];
  const ids = new Uint32Array(settings.length);
  // file → key (undefined for none) → id; one or two Map lookups per setting, no string built.
  const byFile = new Map<string, Map<string | undefined, number>>();
  let lastSource: Provenance | undefined;
  for (let i = 0; i < settings.length; i++) {
    const src = settings[i].source;
    // Settings of the same key follow each other; their provenance objects often share the key string.
    if (lastSource !== undefined && src.file === lastSource.file && src.key === lastSource.key) {
      ids[i] = ids[i - 1];
      lastSource = src;
      continue;
    }
    lastSource = src;
    let byKey = byFile.get(src.file);
    if (byKey === undefined) byFile.set(src.file, (byKey = new Map()));
    let id = byKey.get(src.key);
    if (id === undefined) {
      id = origins.length;
      byKey.set(src.key, id);
      origins.push(src.key === undefined ? { file: src.file } : { file: src.file, key: src.key });
    }
    ids[i] = id;
  }
  return { origins, ids };
}

/** The keyed document of a snapshot (the reference the streamed writer is tested against). */
export function keyedDocument(s: Snapshot): KeyedDocument {
  const sorted = sortedSettings(s);
  const { origins, ids } = originTable(sorted.settings);
  const settings: KeyedDocument['settings'] = {};
  sorted.names.forEach((name, i) => {
    const { source, ...rest } = sorted.settings[i];
    const keyed: KeyedSource = { origin: ids[i] };
    if (source.line !== undefined) keyed.line = source.line;
    if (source.valueName !== undefined) keyed.valueName = source.valueName;
    settings[name] = { ...rest, source: keyed };
  });
  const doc: KeyedDocument = { collected: s.collected, origins, schemaVersion: 3, server: s.server, settings };
  if (s.warnings !== undefined) doc.warnings = s.warnings;
  return doc;
}

/** A value as canonical JSON: primitives and lists of strings directly, objects (secrets) with sorted keys. */
function valueJson(v: unknown): string | undefined {
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) return stringify(v);
  return JSON.stringify(v);
}

/** One setting's canonical JSON (`"name":{…}`), written field by field: for names and values native JSON.stringify of an object would misorder. */
function settingJson(name: string, st: Setting, origin: number): string {
  const src = st.source;
  let text = `${JSON.stringify(name)}:{`;
  if (st.assumed !== undefined) text += `"assumed":${JSON.stringify(st.assumed)},`;
  if (st.regType !== undefined) text += `"regType":${JSON.stringify(st.regType)},`;
  text += '"source":{';
  if (src.line !== undefined) text += `"line":${JSON.stringify(src.line)},`;
  text += `"origin":${origin}`;
  if (src.valueName !== undefined) text += `,"valueName":${JSON.stringify(src.valueName)}`;
  text += '}';
  const value = valueJson(st.value);
  if (value !== undefined) text += `,"value":${value}`;
  return `${text}}`;
}

/** Settings per piece handed to `write`. */
const BLOCK = 512;

/**
 * Writes the canonical text of a format 3 snapshot to `write` in pieces of up to BLOCK settings, exactly
 * fast-json-stable-stringify(keyedDocument(s)) without building that document or the whole string. Each
 * piece is native JSON.stringify of an object whose keys are inserted in sorted order; a setting whose name
 * JSON.stringify would move (integer-like names come first) or whose value is an object (a secret, whose
 * fields must be sorted) is written by settingJson instead.
 */
export function writeKeyed(s: Snapshot, write: (text: string) => void): void {
  const { names, settings } = sortedSettings(s);
  const { origins, ids } = originTable(settings);
  write(`{"collected":${stringify(s.collected)},"origins":${stringify(origins)},"schemaVersion":3,"server":${stringify(s.server)},"settings":{`);
  let first = true;
  let block: Record<string, unknown> = {};
  let inBlock = 0;
  const flush = (): void => {
    if (inBlock === 0) return;
    const text = JSON.stringify(block);
    write(first ? text.slice(1, -1) : `,${text.slice(1, -1)}`);
    first = false;
    block = {};
    inBlock = 0;
  };
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    const st = settings[i];
    const value = st.value;
    const code = name.charCodeAt(0);
    if ((code >= 0x30 && code <= 0x39) || (typeof value === 'object' && value !== null && !Array.isArray(value)) || name === '__proto__') {
      flush();
      write(first ? settingJson(name, st, ids[i]) : `,${settingJson(name, st, ids[i])}`);
      first = false;
      continue;
    }
    const src = st.source;
    // Fields inserted in sorted order; undefined ones are left out by JSON.stringify, as by the canonical serialiser.
    block[name] = { assumed: st.assumed, regType: st.regType, source: { line: src.line, origin: ids[i], valueName: src.valueName }, value };
    if (++inBlock === BLOCK) flush();
  }
  flush();
  write(s.warnings === undefined ? '}}' : `},"warnings":${stringify(s.warnings)}}`);
}

/**
 * The in-memory snapshot of a keyed document read back from canonical text that was checked by its hash
 * (the history store): provenance objects rebuilt from the origins table. Not a validator (see validate.ts).
 */
export function fromKeyedDocument(doc: KeyedDocument): Snapshot {
  const settings: Record<string, Setting> = {};
  const origins = doc.origins;
  for (const name in doc.settings) {
    const { source, ...rest } = doc.settings[name];
    const origin = origins[source.origin];
    // Fields in sorted order, as the in-memory snapshots built by buildSnapshot have them.
    const p: Provenance = { file: origin.file };
    if (origin.key !== undefined) p.key = origin.key;
    if (source.line !== undefined) p.line = source.line;
    if (source.valueName !== undefined) p.valueName = source.valueName;
    settings[name] = { ...rest, source: p };
  }
  const s: Snapshot = { collected: doc.collected, schemaVersion: 3, server: doc.server, settings };
  if (doc.warnings !== undefined) s.warnings = doc.warnings;
  return s;
}
