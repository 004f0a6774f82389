// Snapshot format 4's canonical form: settings of one registry key whose names share a prefix written as one
// group, the prefix once and per setting only what differs (format 3 wrote each setting's whole name and its
// provenance as an object).
//
// {"collected":…,"groups":[{"origin":0,"prefix":"drivers.Custom01690.settings.","rows":[
//    ["Outstation0013Address",121915,"REG_SZ","10.150.110.119"],…]},…],
//  "origins":[{"file":"main.reg","key":"HKEY_…"},…],"schemaVersion":4,"server":…,"warnings":[…]}
//
// A row is [tail, line, regType, value] when the setting's value name ends its name (name = prefix + tail,
// valueName = tail), else [name, line, regType, value, valueName] in a group whose prefix is "" (null for a
// line, registry type or value name the setting does not have). Consecutive settings (in name order) of the
// same origin, prefix and `assumed` flag form one group; origins are numbered in the order the rows first cite
// them. The text is the canonical JSON (fast-json-stable-stringify) of that document, so the document is a
// function of the snapshot alone and `verify` can rebuild the exact bytes from what it read.
import { Buffer } from 'node:buffer';
import stringify from 'fast-json-stable-stringify';
import type { RegTypeName, Setting, SettingValue, Snapshot } from '../types.js';
import { bytesOf, JSON_NUMBER_BYTES, jsonStringBytes, putBytes, putNumber, putString, type JsonBytes } from './json-bytes.js';
import { writeOrigins } from './keyed.js';
import { putValue, valueBytes } from './keyed-setting.js';
import { numberOrigins, rowHasSettingTypes, setOwn, settingAt, snapshotWithTable, sortedSettings, type Origin, type SortedSettings } from './table.js';

/** The snapshot format whose canonical form is this grouped document. */
export const GROUPED_SCHEMA_VERSION = 4;

/** [tail, line, regType, value] (valueName = tail) or [name, line, regType, value, valueName]. */
export type GroupedRow = [string, number | null, RegTypeName | null, SettingValue] | [string, number | null, RegTypeName | null, SettingValue, string | null];

/** Consecutive settings of one origin, name prefix and `assumed` flag. */
export interface SettingGroup {
  assumed?: boolean;
  origin: number;
  prefix: string;
  rows: GroupedRow[];
}

/** The grouped document as stored (before JSON): what the canonical text is the stable JSON of. */
export interface GroupedDocument {
  collected: Snapshot['collected'];
  groups: SettingGroup[];
  origins: Origin[];
  schemaVersion: 4;
  server: Snapshot['server'];
  warnings?: Snapshot['warnings'];
}

/**
 * Where a setting's name splits: the length of its prefix when its value name (a non-empty string) ends it,
 * so that the row names only the value name; -1 when the row carries the whole name and the value name.
 */
export function prefixLength(name: string, valueName: unknown): number {
  return typeof valueName === 'string' && valueName !== '' && name.endsWith(valueName) ? name.length - valueName.length : -1;
}

/** Row `i` of the table as the document holds it (`split` = prefixLength of its name and value name). */
function rowAt(t: SortedSettings, i: number, split: number): GroupedRow {
  const line = t.lines[i] ?? null;
  const regType = t.regTypes[i] ?? null;
  const value = t.values[i];
  if (split >= 0) return [t.valueNames[i] as string, line, regType, value];
  return [t.names[i], line, regType, value, t.valueNames[i] ?? null];
}

/** The grouped document of a snapshot (the reference the streamed writer is tested against). */
export function groupedDocument(s: Snapshot): GroupedDocument {
  const t = sortedSettings(s);
  const groups: SettingGroup[] = [];
  let group: SettingGroup | undefined;
  for (let i = 0; i < t.names.length; i++) {
    const name = t.names[i];
    const split = prefixLength(name, t.valueNames[i]);
    const prefix = split < 0 ? '' : name.slice(0, split);
    const assumed = t.assumed[i];
    const origin = t.originIds[i];
    if (group === undefined || group.assumed !== assumed || group.origin !== origin || group.prefix !== prefix) {
      group = assumed === undefined ? { origin, prefix, rows: [] } : { assumed, origin, prefix, rows: [] };
      groups.push(group);
    }
    group.rows.push(rowAt(t, i, split));
  }
  const doc: GroupedDocument = { collected: s.collected, groups, origins: [...t.origins], schemaVersion: 4, server: s.server };
  if (s.warnings !== undefined) doc.warnings = s.warnings;
  return doc;
}

const COMMA = bytesOf(',');
const ORIGIN = bytesOf('{"origin":');
const ASSUMED_ORIGIN = bytesOf('{"assumed":true,"origin":');
const NOT_ASSUMED_ORIGIN = bytesOf('{"assumed":false,"origin":');
const PREFIX = bytesOf(',"prefix":');
const ROWS = bytesOf(',"rows":[');
const NULL_SEPARATED = bytesOf(',null,');
const NULL = bytesOf('null');
const ROW_END_NULL = bytesOf(',null]');
const GROUP_END = bytesOf(']}');
/** Bytes of a row besides its strings and value, at most: brackets, commas, a line number, `null`s. */
const ROW_FIXED = 16 + JSON_NUMBER_BYTES;

/** Writes the rows of one table as groups (one writer per text written). */
class GroupWriter {
  /** `,"REG_SZ",` and the like, per registry type. */
  private readonly regTypes = new Map<string, Uint8Array>();
  /** The open group's key; `prefix` undefined while none is open. */
  private assumed: unknown;
  private origin = -1;
  private prefix: string | undefined;

  /**
   * The least string above every string that starts with the open group's (non-empty) prefix: that prefix with
   * its last code unit one higher. Undefined when that unit is U+FFFF.
   */
  private above: string | undefined;

  constructor(private readonly t: SortedSettings) {}

  /**
   * Whether `name` starts with the open group's prefix. The rows are in name order and the row before this one
   * (of the open group) starts with the prefix, so `name` is above the prefix: it starts with it when it is
   * below `above`. One string comparison costs a fraction of String#startsWith.
   */
  private startsWithOpen(name: string): boolean {
    const above = this.above;
    return above === undefined ? name.startsWith(this.prefix as string) : name < above;
  }

  /** The last registry type written and its run: most rows of a key have the type of the row before. */
  private lastRegType: string | undefined;
  private lastRun: Uint8Array = NULL_SEPARATED;

  private regTypeRun(regType: string): Uint8Array {
    if (regType === this.lastRegType) return this.lastRun;
    let run = this.regTypes.get(regType);
    if (run === undefined) this.regTypes.set(regType, (run = Buffer.from(`,${JSON.stringify(regType)},`, 'utf8')));
    this.lastRegType = regType;
    this.lastRun = run;
    return run;
  }

  /**
   * Starts a new group when row `i` (its prefix `prefixLength` code units of its name) is not of the open one;
   * true when it did (the row is the group's first).
   */
  private group(out: JsonBytes, i: number, prefixLength: number): boolean {
    const t = this.t;
    const assumed: unknown = t.assumed[i];
    const origin = t.originIds[i];
    const name = t.names[i];
    const open = this.prefix;
    if (open !== undefined && assumed === this.assumed && origin === this.origin && open.length === prefixLength && (prefixLength === 0 || this.startsWithOpen(name))) return false;
    const prefix = name.slice(0, prefixLength);
    const last = prefix.charCodeAt(prefixLength - 1);
    this.above = prefixLength === 0 || last === 0xffff ? undefined : prefix.slice(0, -1) + String.fromCharCode(last + 1);
    if (open !== undefined) out.bytes(GROUP_END);
    if (open !== undefined) out.bytes(COMMA);
    if (assumed === undefined || typeof assumed === 'boolean') {
      out.bytes(assumed === undefined ? ORIGIN : assumed ? ASSUMED_ORIGIN : NOT_ASSUMED_ORIGIN);
      out.number(origin);
      out.bytes(PREFIX);
      out.string(prefix);
      out.bytes(ROWS);
    } else {
      // Any other flag (never built here) as the canonical serialiser writes the group with no rows, less the rows' `]}`.
      out.raw(stringify({ assumed, origin, prefix, rows: [] }).slice(0, -2));
    }
    this.assumed = assumed;
    this.origin = origin;
    this.prefix = prefix;
    return true;
  }

  /** Writes row `i` (in a new group when it starts one). */
  put(out: JsonBytes, i: number): void {
    const t = this.t;
    const name = t.names[i];
    const valueName = t.valueNames[i];
    const split = prefixLength(name, valueName);
    const first = this.group(out, i, split < 0 ? 0 : split);
    if (!this.fast(out, i, name, valueName, split, first)) out.raw(`${first ? '' : ','}${stringify(rowAt(t, i, split))}`);
  }

  /**
   * Writes row `i` with one check for room. False, with nothing written, for a row whose fields are not of
   * the types a snapshot has (or that is larger than a piece).
   */
  private fast(out: JsonBytes, i: number, name: string, valueName: string | undefined, split: number, first: boolean): boolean {
    const t = this.t;
    if (!rowHasSettingTypes(t, i)) return false;
    const value = t.values[i];
    const room = valueBytes(value);
    if (room < 0) return false;
    const regType = t.regTypes[i];
    const line = t.lines[i];
    const tail = split < 0 ? name : (valueName as string);
    const strings = jsonStringBytes(tail.length) + (regType === undefined ? 0 : jsonStringBytes(regType.length)) + (split < 0 && valueName !== undefined ? jsonStringBytes(valueName.length) : 0);
    if (!out.reserve(ROW_FIXED + strings + room)) return false;
    const buf = out.buf;
    let p = out.pos;
    if (!first) buf[p++] = 0x2c;
    buf[p++] = 0x5b;
    p = putString(buf, p, tail);
    buf[p++] = 0x2c;
    if (line === undefined) p = putBytes(buf, p, NULL);
    else p = putNumber(buf, p, line);
    p = putBytes(buf, p, regType === undefined ? NULL_SEPARATED : this.regTypeRun(regType));
    p = putValue(buf, p, value);
    if (split >= 0) buf[p++] = 0x5d;
    else if (valueName === undefined) p = putBytes(buf, p, ROW_END_NULL);
    else {
      buf[p++] = 0x2c;
      p = putString(buf, p, valueName);
      buf[p++] = 0x5d;
    }
    out.pos = p;
    return true;
  }

  /** Closes the last group. */
  end(out: JsonBytes): void {
    if (this.prefix !== undefined) out.bytes(GROUP_END);
  }
}

/**
 * Writes the canonical text of a format 4 snapshot to `out`, exactly fast-json-stable-stringify(groupedDocument(s))
 * (as UTF-8) without building that document or any string per setting.
 */
export function writeGrouped(s: Snapshot, out: JsonBytes): void {
  const t = sortedSettings(s);
  out.raw(`{"collected":${stringify(s.collected)},"groups":[`);
  const groups = new GroupWriter(t);
  for (let i = 0; i < t.names.length; i++) groups.put(out, i);
  groups.end(out);
  out.raw('],"origins":');
  writeOrigins(t.origins, out);
  out.raw(`,"schemaVersion":4,"server":${stringify(s.server)}${s.warnings === undefined ? '}' : `,"warnings":${stringify(s.warnings)}}`}`);
}

/**
 * The in-memory snapshot of a grouped document read back from canonical text that was checked by its hash (the
 * history store): name = prefix + tail, provenance rebuilt from the origins table. Not a validator (see
 * validate.ts): a row citing no origin throws; rows out of name order are kept in a record (whose canonical text
 * then is not the text read, as for any edited file), else in a table that the fingerprint writes as it is.
 */
export function fromGroupedDocument(doc: GroupedDocument): Snapshot {
  const names: string[] = [];
  const values: SettingValue[] = [];
  const regTypes: (RegTypeName | undefined)[] = [];
  const valueNames: (string | undefined)[] = [];
  const lines: (number | undefined)[] = [];
  const assumed: (boolean | undefined)[] = [];
  const raw: number[] = [];
  let sorted = true;
  for (const g of doc.groups) {
    const origin = g.origin;
    if (!Number.isInteger(origin) || origin < 0 || origin >= doc.origins.length) throw new RangeError(`a group cites origin ${String(origin)} of ${doc.origins.length}`);
    for (const row of g.rows) {
      const name = g.prefix + row[0];
      if (sorted && names.length > 0 && !(names[names.length - 1] < name)) sorted = false;
      names.push(name);
      lines.push(row[1] ?? undefined);
      regTypes.push(row[2] ?? undefined);
      values.push(row[3]);
      valueNames.push(row.length === 4 ? row[0] : (row[4] ?? undefined));
      assumed.push(g.assumed);
      raw.push(origin);
    }
  }
  const fields: Omit<Snapshot, 'settings'> = { collected: doc.collected, schemaVersion: 4, server: doc.server };
  if (doc.warnings !== undefined) fields.warnings = doc.warnings;
  const originIds = Uint32Array.from(raw);
  const table: SortedSettings = { names, values, regTypes, valueNames, lines, assumed, originIds, origins: numberOrigins(originIds, doc.origins) };
  if (sorted) return snapshotWithTable(fields, table);
  const settings: Record<string, Setting> = {};
  for (let i = 0; i < names.length; i++) setOwn(settings, names[i], settingAt(table, i));
  const s: Snapshot = { collected: doc.collected, schemaVersion: 4, server: doc.server, settings };
  if (doc.warnings !== undefined) s.warnings = doc.warnings;
  return s;
}
