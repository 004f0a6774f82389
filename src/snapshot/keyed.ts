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
import { SettingWriter } from './keyed-setting.js';
import { setOwn, settingAt, sortedSettings, type Origin } from './table.js';

/** The snapshot format whose canonical form is this keyed document. */
export const KEYED_SCHEMA_VERSION = 3;

export type { Origin } from './table.js';

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

/** The keyed document of a snapshot (the reference the streamed writer is tested against). */
export function keyedDocument(s: Snapshot): KeyedDocument {
  const t = sortedSettings(s);
  const settings: KeyedDocument['settings'] = {};
  for (let i = 0; i < t.names.length; i++) {
    const name = t.names.at(i);
    const { source, ...rest } = settingAt(t, i);
    const keyed: KeyedSource = { origin: t.originIds[i] };
    if (source.line !== undefined) keyed.line = source.line;
    if (source.valueName !== undefined) keyed.valueName = source.valueName;
    setOwn(settings, name, { ...rest, source: keyed });
  }
  const doc: KeyedDocument = { collected: s.collected, origins: [...t.origins], schemaVersion: 3, server: s.server, settings };
  if (s.warnings !== undefined) doc.warnings = s.warnings;
  return doc;
}

const COMMA = bytesOf(',');
const CLOSE = bytesOf('}');
const ORIGIN_FILE = bytesOf('{"file":');
const ORIGIN_KEY = bytesOf(',"key":');

/** Whether JSON.stringify leaves a field holding `v` out of an object. */
function leftOut(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

/** A field as JSON.stringify writes it in an object (`"name":value` and `after`), or nothing when it leaves it out. */
function field(name: string, v: unknown, after = ''): string {
  return leftOut(v) ? '' : `"${name}":${JSON.stringify(v)}${after}`;
}

/**
 * A setting that SettingWriter cannot write, as the settings block objects written by JSON.stringify had it
 * (formerly the only way): fields of other types as JSON.stringify writes them, left out where it leaves them
 * out; a value object (a secret) with sorted fields.
 */
function settingJson(first: boolean, name: string, st: Setting, origin: number): string {
  const src = st.source;
  const v: unknown = st.value;
  const value = typeof v === 'object' && v !== null && !Array.isArray(v) ? stringify(v) : leftOut(v) ? undefined : JSON.stringify(v);
  const head = `${first ? '' : ','}${JSON.stringify(name)}:{${field('assumed', st.assumed, ',')}${field('regType', st.regType, ',')}`;
  const valueName = field('valueName', src.valueName);
  const source = `"source":{${field('line', src.line, ',')}"origin":${origin}${valueName === '' ? '' : `,${valueName}`}}`;
  return `${head}${source}${value === undefined ? '' : `,"value":${value}`}}`;
}

/** Writes the origins table (`[{"file":…,"key":…},…]`) as fast-json-stable-stringify writes it: formats 3 and 4 share it. */
export function writeOrigins(origins: readonly Origin[], out: JsonBytes): void {
  out.raw('[');
  for (let i = 0; i < origins.length; i++) {
    const o = origins[i];
    if (i > 0) out.bytes(COMMA);
    // Anything but strings (never built here) as the canonical serialiser writes it.
    if (typeof o.file !== 'string' || (o.key !== undefined && typeof o.key !== 'string')) {
      out.raw(stringify(o));
      continue;
    }
    out.bytes(ORIGIN_FILE);
    out.string(o.file);
    if (o.key !== undefined) {
      out.bytes(ORIGIN_KEY);
      out.string(o.key);
    }
    out.bytes(CLOSE);
  }
  out.raw(']');
}

/**
 * Writes the canonical text of a format 3 snapshot to `out`, exactly fast-json-stable-stringify(keyedDocument(s))
 * (as UTF-8) without building that document or any string per setting: the settings in name order (code-unit
 * order, as the canonical serialiser sorts keys, integer-like names included), each field in sorted order,
 * fields that JSON leaves out (undefined) left out.
 */
export function writeKeyed(s: Snapshot, out: JsonBytes): void {
  const t = sortedSettings(s);
  const { names, origins } = t;
  out.raw(`{"collected":${stringify(s.collected)},"origins":`);
  writeOrigins(origins, out);
  out.raw(`,"schemaVersion":3,"server":${stringify(s.server)},"settings":{`);
  const settings = new SettingWriter(t);
  for (let i = 0; i < names.length; i++) {
    if (!settings.put(out, i === 0, i)) out.raw(settingJson(i === 0, names.at(i), settingAt(t, i), t.originIds[i]));
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
