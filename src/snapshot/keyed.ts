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
import { bytesOf, type JsonBytes } from './json-bytes.js';
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

/** `record[name] = value`, with a setting named "__proto__" kept as a plain key (assignment would set the prototype). */
function setOwn<T>(record: Record<string, T>, name: string, value: T): void {
  if (name === '__proto__') Object.defineProperty(record, name, { value, enumerable: true, writable: true, configurable: true });
  else record[name] = value;
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
    setOwn(settings, name, { ...rest, source: keyed });
  });
  const doc: KeyedDocument = { collected: s.collected, origins, schemaVersion: 3, server: s.server, settings };
  if (s.warnings !== undefined) doc.warnings = s.warnings;
  return doc;
}

/** A setting's value as canonical JSON: primitives and lists of strings as JSON.stringify writes them, objects (secrets) with sorted keys. */
function writeValue(out: JsonBytes, v: unknown): void {
  switch (typeof v) {
    case 'string':
      return out.string(v);
    case 'number':
      return out.number(v);
    case 'boolean':
      return out.boolean(v);
    case 'object':
      if (v === null) return out.ascii('null');
      if (!Array.isArray(v)) return out.raw(stringify(v));
      if (allStrings(v)) return out.strings(v);
  }
  out.raw(JSON.stringify(v));
}

/** Whether every item of `list` is a string (none missing). */
function allStrings(list: readonly unknown[]): list is string[] {
  for (let i = 0; i < list.length; i++) if (typeof list[i] !== 'string') return false;
  return true;
}

/** Whether JSON.stringify leaves a field holding `v` out of an object. */
function leftOut(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

// The fixed parts of a setting's text, in the order written.
const COMMA = bytesOf(',');
const OPEN = bytesOf(':{');
const OPEN_ASSUMED_TRUE = bytesOf(':{"assumed":true,');
const OPEN_ASSUMED_FALSE = bytesOf(':{"assumed":false,');
const REGTYPE = bytesOf('"regType":');
const NEXT_SOURCE = bytesOf(',"source":{');
const SOURCE = bytesOf('"source":{');
const LINE = bytesOf('"line":');
const NEXT_ORIGIN = bytesOf(',"origin":');
const ORIGIN = bytesOf('"origin":');
const VALUE_NAME = bytesOf(',"valueName":');
const VALUE = bytesOf('},"value":');
const CLOSE = bytesOf('}');
const CLOSE_BOTH = bytesOf('}}');

/**
 * Writes the canonical text of a format 3 snapshot to `out`, exactly fast-json-stable-stringify(keyedDocument(s))
 * (as UTF-8) without building that document or any string per setting: the settings in name order (code-unit
 * order, as the canonical serialiser sorts keys, integer-like names included), each field in sorted order,
 * fields that JSON leaves out (undefined) left out.
 */
export function writeKeyed(s: Snapshot, out: JsonBytes): void {
  const { names, settings } = sortedSettings(s);
  const { origins, ids } = originTable(settings);
  out.raw(`{"collected":${stringify(s.collected)},"origins":[`);
  for (let i = 0; i < origins.length; i++) {
    const o = origins[i];
    if (i > 0) out.ascii(',');
    // Anything but strings (never built here) as the canonical serialiser writes it.
    if (typeof o.file !== 'string' || (o.key !== undefined && typeof o.key !== 'string')) {
      out.raw(stringify(o));
      continue;
    }
    out.ascii('{"file":');
    out.string(o.file);
    if (o.key !== undefined) {
      out.ascii(',"key":');
      out.string(o.key);
    }
    out.ascii('}');
  }
  out.raw(`],"schemaVersion":3,"server":${stringify(s.server)},"settings":{`);
  for (let i = 0; i < names.length; i++) {
    const st = settings[i];
    const src = st.source;
    if (i > 0) out.bytes(COMMA);
    out.string(names[i]);
    const { assumed, regType } = st;
    if (typeof assumed === 'boolean') out.bytes(assumed ? OPEN_ASSUMED_TRUE : OPEN_ASSUMED_FALSE);
    else if (leftOut(assumed)) out.bytes(OPEN);
    else out.raw(`:{"assumed":${JSON.stringify(assumed)},`);
    if (typeof regType === 'string') {
      out.bytes(REGTYPE);
      out.string(regType);
      out.bytes(NEXT_SOURCE);
    } else if (leftOut(regType)) out.bytes(SOURCE);
    else out.raw(`"regType":${JSON.stringify(regType)},"source":{`);
    if (typeof src.line === 'number') {
      out.bytes(LINE);
      out.number(src.line);
      out.bytes(NEXT_ORIGIN);
    } else if (leftOut(src.line)) out.bytes(ORIGIN);
    else out.raw(`"line":${JSON.stringify(src.line)},"origin":`);
    out.number(ids[i]);
    if (typeof src.valueName === 'string') {
      out.bytes(VALUE_NAME);
      out.string(src.valueName);
    } else if (!leftOut(src.valueName)) out.raw(`,"valueName":${JSON.stringify(src.valueName)}`);
    if (leftOut(st.value)) out.bytes(CLOSE_BOTH);
    else {
      out.bytes(VALUE);
      writeValue(out, st.value);
      out.bytes(CLOSE);
    }
  }
  out.raw(s.warnings === undefined ? '}}' : `},"warnings":${stringify(s.warnings)}}`);
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
    setOwn(settings, name, { ...rest, source: p });
  }
  const s: Snapshot = { collected: doc.collected, schemaVersion: 3, server: doc.server, settings };
  if (doc.warnings !== undefined) s.warnings = doc.warnings;
  return s;
}
