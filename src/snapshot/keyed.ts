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
import type { Buffer } from 'node:buffer';
import { bytesOf, JSON_NUMBER_BYTES, jsonStringBytes, putBytes, putNumber, putString, type JsonBytes } from './json-bytes.js';
import { rowHasSettingTypes, setOwn, settingAt, sortedSettings, type Origin, type SortedSettings } from './table.js';

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
  t.names.forEach((name, i) => {
    const { source, ...rest } = settingAt(t, i);
    const keyed: KeyedSource = { origin: t.originIds[i] };
    if (source.line !== undefined) keyed.line = source.line;
    if (source.valueName !== undefined) keyed.valueName = source.valueName;
    setOwn(settings, name, { ...rest, source: keyed });
  });
  const doc: KeyedDocument = { collected: s.collected, origins: [...t.origins], schemaVersion: 3, server: s.server, settings };
  if (s.warnings !== undefined) doc.warnings = s.warnings;
  return doc;
}

// The fixed parts of a setting's text, in the order written.
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
const COMMA = bytesOf(',');
const CLOSE = bytesOf('}');
const TRUE = bytesOf('true');
const FALSE = bytesOf('false');
const NULL = bytesOf('null');
const ORIGIN_FILE = bytesOf('{"file":');
const ORIGIN_KEY = bytesOf(',"key":');

/** Bytes of a setting's text besides its strings, at most: the fixed parts above (86), three numbers. */
const SETTING_FIXED = 96 + 3 * JSON_NUMBER_BYTES;

/** Bytes a list of strings can take as JSON; -1 when an item is no string (or missing). */
function listBytes(list: readonly unknown[]): number {
  let n = 2 + list.length;
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (typeof item !== 'string') return -1;
    n += jsonStringBytes(item.length);
  }
  return n;
}

/** Writes a list of strings (room made by listBytes) to `buf` at `p`; returns the position after it. */
function putStrings(buf: Buffer, p: number, list: readonly string[]): number {
  buf[p++] = 0x5b;
  for (let i = 0; i < list.length; i++) {
    if (i > 0) buf[p++] = 0x2c;
    p = putString(buf, p, list[i]);
  }
  buf[p++] = 0x5d;
  return p;
}

/**
 * Writes one setting (`,` first unless `first`) as a member of the settings object, with one check for room:
 * fields in sorted order, absent ones left out, a secret's fields sorted. False, with nothing written, for a
 * setting whose fields are not of the types a snapshot has (or that is larger than a piece).
 */
function putSetting(out: JsonBytes, first: boolean, t: SortedSettings, i: number): boolean {
  const name = t.names[i];
  const assumed = t.assumed[i];
  const regType = t.regTypes[i];
  const value = t.values[i];
  const line = t.lines[i];
  const valueName = t.valueNames[i];
  const origin = t.originIds[i];
  if (!rowHasSettingTypes(t, i)) return false;
  let valueBytes = 0;
  let secret: string | undefined;
  if (typeof value === 'string') valueBytes = jsonStringBytes(value.length);
  else if (Array.isArray(value)) valueBytes = listBytes(value);
  else if (typeof value === 'object' && value !== null) valueBytes = 3 * (secret = stringify(value)).length;
  else if (typeof value !== 'number' && typeof value !== 'boolean' && value !== null) return false;
  if (valueBytes < 0) return false;
  const strings = jsonStringBytes(name.length) + (regType === undefined ? 0 : jsonStringBytes(regType.length)) + (valueName === undefined ? 0 : jsonStringBytes(valueName.length));
  if (!out.reserve(SETTING_FIXED + strings + valueBytes)) return false;
  const buf = out.buf;
  let p = out.pos;
  if (!first) buf[p++] = 0x2c;
  p = putString(buf, p, name);
  p = putBytes(buf, p, assumed === undefined ? OPEN : assumed ? OPEN_ASSUMED_TRUE : OPEN_ASSUMED_FALSE);
  if (regType === undefined) p = putBytes(buf, p, SOURCE);
  else p = putBytes(buf, putString(buf, putBytes(buf, p, REGTYPE), regType), NEXT_SOURCE);
  if (line === undefined) p = putBytes(buf, p, ORIGIN);
  else p = putBytes(buf, putNumber(buf, putBytes(buf, p, LINE), line), NEXT_ORIGIN);
  p = putNumber(buf, p, origin);
  if (valueName !== undefined) p = putString(buf, putBytes(buf, p, VALUE_NAME), valueName);
  p = putBytes(buf, p, VALUE);
  if (typeof value === 'string') p = putString(buf, p, value);
  else if (typeof value === 'number') p = putNumber(buf, p, value);
  else if (secret !== undefined) p += buf.write(secret, p, 'utf8');
  else if (Array.isArray(value)) p = putStrings(buf, p, value);
  else p = putBytes(buf, p, value === true ? TRUE : value === false ? FALSE : NULL);
  buf[p++] = 0x7d;
  out.pos = p;
  return true;
}

/** Whether JSON.stringify leaves a field holding `v` out of an object. */
function leftOut(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

/** A field as JSON.stringify writes it in an object (`"name":value` and `after`), or nothing when it leaves it out. */
function field(name: string, v: unknown, after = ''): string {
  return leftOut(v) ? '' : `"${name}":${JSON.stringify(v)}${after}`;
}

/**
 * A setting that putSetting cannot write, as the settings block objects written by JSON.stringify had it
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

/**
 * Writes the canonical text of a format 3 snapshot to `out`, exactly fast-json-stable-stringify(keyedDocument(s))
 * (as UTF-8) without building that document or any string per setting: the settings in name order (code-unit
 * order, as the canonical serialiser sorts keys, integer-like names included), each field in sorted order,
 * fields that JSON leaves out (undefined) left out.
 */
export function writeKeyed(s: Snapshot, out: JsonBytes): void {
  const t = sortedSettings(s);
  const { names, origins } = t;
  out.raw(`{"collected":${stringify(s.collected)},"origins":[`);
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
  out.raw(`],"schemaVersion":3,"server":${stringify(s.server)},"settings":{`);
  for (let i = 0; i < names.length; i++) {
    if (!putSetting(out, i === 0, t, i)) out.raw(settingJson(i === 0, names[i], settingAt(t, i), t.originIds[i]));
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
