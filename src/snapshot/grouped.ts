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
import { ByteColumn } from './byte-column.js';
import { IdColumn, LineColumn, NO_LINE } from './typed-columns.js';
import { arrayNames, PartNames, type NameColumn } from './name-column.js';
import { bytesOf, JSON_NUMBER_BYTES, jsonStringBytes, putBytes, putNumber, putString, type JsonBytes } from './json-bytes.js';
import { writeOrigins } from './keyed.js';
import { putValue, valueBytes } from './keyed-setting.js';
import { assumedAt, byteColumns, lineAt, numberOrigins, regTypeAt, setOwn, settingAt, snapshotWithTable, sortedSettings, valueNameAt, type Origin, type SortedSettings } from './table.js';

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
  const line = lineAt(t, i) ?? null;
  const regType = regTypeAt(t, i) ?? null;
  const value = t.values[i];
  const valueName = valueNameAt(t, i);
  if (split >= 0) return [valueName as string, line, regType, value];
  return [t.names.at(i), line, regType, value, valueName ?? null];
}

/** The grouped document of a snapshot (the reference the streamed writer is tested against). */
export function groupedDocument(s: Snapshot): GroupedDocument {
  const t = sortedSettings(s);
  const groups: SettingGroup[] = [];
  let group: SettingGroup | undefined;
  for (let i = 0; i < t.names.length; i++) {
    const name = t.names.at(i);
    const split = prefixLength(name, valueNameAt(t, i));
    const prefix = split < 0 ? '' : name.slice(0, split);
    const assumed = assumedAt(t, i);
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

const ORIGIN = bytesOf('{"origin":');
const ASSUMED_ORIGIN = bytesOf('{"assumed":true,"origin":');
const NOT_ASSUMED_ORIGIN = bytesOf('{"assumed":false,"origin":');
const PREFIX = bytesOf(',"prefix":');
const ROWS = bytesOf(',"rows":[');
const NULL_SEPARATED = bytesOf(',null,');
const NULL = bytesOf('null');
const ROW_END_NULL = bytesOf(',null]');
const GROUP_END = bytesOf(']}');
const GROUP_END_COMMA = bytesOf(']},');
/** Bytes of a row besides its strings and value, at most: brackets, commas, a line number, `null`s. */
const ROW_FIXED = 16 + JSON_NUMBER_BYTES;

/**
 * The group rows are written into: a row joins the open group when its flag, origin and split (prefixLength) are
 * the group's and its name starts with the group's prefix. That last test is one string comparison: the rows are
 * in name order and the row before (of the open group) starts with the prefix, so this name is above the prefix,
 * and starts with it exactly when it is below `above`, the prefix with its last code unit one higher
 * (String#startsWith cost ~4x as much; a prefix ending in U+FFFF has no such bound and is tested with startsWith).
 */
class Groups {
  private prefix: string | undefined;
  private above: string | undefined;
  private assumed: unknown;
  private origin = -1;

  constructor(private readonly out: JsonBytes) {}

  /** Whether the row named `name` (split at `length`) opens a group: then its header is written. */
  opens(name: string, length: number, assumed: unknown, origin: number): boolean {
    const prefix = this.prefix;
    if (prefix !== undefined && assumed === this.assumed && origin === this.origin && prefix.length === length) {
      if (length === 0) return false;
      if (this.above === undefined ? name.startsWith(prefix) : name < this.above) return false;
    }
    this.header(prefix !== undefined, assumed, origin, name.slice(0, length));
    return true;
  }

  /**
   * opens() for a row whose name is `prefix` and its value name (the row names only the value name): the open group
   * continues when its flag, origin and prefix are the row's (the name then starts with the group's prefix).
   */
  opensWith(prefix: string, assumed: unknown, origin: number): boolean {
    if (this.prefix === prefix && assumed === this.assumed && origin === this.origin) return false;
    this.header(this.prefix !== undefined, assumed, origin, prefix);
    return true;
  }

  /** Writes a group's header, `{"assumed":…,"origin":N,"prefix":"…","rows":[`, after the group before's end if any. */
  private header(after: boolean, assumed: unknown, origin: number, prefix: string): void {
    const out = this.out;
    if (after) out.bytes(GROUP_END_COMMA);
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
    const length = prefix.length;
    const last = length === 0 ? 0xffff : prefix.charCodeAt(length - 1);
    this.prefix = prefix;
    this.above = last === 0xffff ? undefined : prefix.slice(0, -1) + String.fromCharCode(last + 1);
    this.assumed = assumed;
    this.origin = origin;
  }

  /** Ends the last group. */
  end(): void {
    if (this.prefix !== undefined) this.out.bytes(GROUP_END);
  }
}

/** Writes row `i` as the canonical serialiser writes the reference row (a row of other types than a setting's, or too long for a piece). */
function writeReferenceRow(t: SortedSettings, i: number, split: number, first: boolean, out: JsonBytes): void {
  out.raw(`${first ? '' : ','}${stringify(rowAt(t, i, split))}`);
}

/**
 * Writes the rows of a table as groups: one loop, with as few calls per row as it can (the fingerprint of a
 * snapshot is made once, so most of its rows run before the optimising compiler has compiled this loop); a built
 * table whose typed columns still hold codes by writeCodedRows. The loops end their function: code after a loop
 * runs only once, after the loop was compiled, and there threw the compiled loop away (so that the next snapshot
 * of the run, the Standby's, was written by uncompiled code again).
 */
function writeGroups(t: SortedSettings, out: JsonBytes): void {
  const groups = new Groups(out);
  const coded = codedColumns(t);
  if (coded !== undefined) writeCodedRows(t, coded, groups, out);
  else writeRows(t, groups, out);
  groups.end();
}

/** writeGroups for a table whose typed columns hold values (or that has none). */
function writeRows(t: SortedSettings, groups: Groups, out: JsonBytes): void {
  const { names, values, originIds } = t;
  // A built table's typed columns (some holding values), read without making their arrays.
  const bytes = byteColumns(t);
  const regTypes = bytes?.regTypes ?? t.regTypes;
  const flags = bytes?.assumed ?? t.assumed;
  const valueNames = bytes?.valueNames ?? t.valueNames;
  const lines = bytes?.lines ?? t.lines;
  const regTypeBytes = regTypes instanceof ByteColumn;
  const flagBytes = flags instanceof ByteColumn;
  const valueNameIds = valueNames instanceof IdColumn;
  const lineCodes = lines instanceof LineColumn;
  const regTypeRuns = new Map<string, Uint8Array>();
  let lastRegType: string | undefined;
  let lastRun = NULL_SEPARATED;
  for (let i = 0; i < names.length; i++) {
    const name = names.at(i);
    const valueName = valueNameIds ? valueNames.get(i) : valueNames[i];
    // prefixLength(name, valueName), inline.
    const split = typeof valueName === 'string' && valueName !== '' && name.endsWith(valueName) ? name.length - valueName.length : -1;
    const first = groups.opens(name, split < 0 ? 0 : split, flagBytes ? flags.get(i) : flags[i], originIds[i]);
    const value = values[i];
    const regType = regTypeBytes ? regTypes.get(i) : regTypes[i];
    const line = lineCodes ? lines.get(i) : lines[i];
    // Fields of a Setting's types (rowHasSettingTypes, inline; `assumed` is the group's and written there).
    const room = (line === undefined || typeof line === 'number') && (regType === undefined || typeof regType === 'string') && (valueName === undefined || typeof valueName === 'string') ? valueBytes(value) : -1;
    const tail = split < 0 ? name : (valueName as string);
    if (room < 0 || !out.reserve(ROW_FIXED + room + jsonStringBytes(tail.length) + (regType === undefined ? 0 : jsonStringBytes(regType.length)) + (split < 0 && valueName !== undefined ? jsonStringBytes(valueName.length) : 0))) {
      writeReferenceRow(t, i, split, first, out);
      continue;
    }
    const buf = out.buf;
    let p = out.pos;
    if (!first) buf[p++] = 0x2c;
    buf[p++] = 0x5b;
    p = putString(buf, p, tail);
    buf[p++] = 0x2c;
    p = line === undefined ? putBytes(buf, p, NULL) : putNumber(buf, p, line);
    if (regType !== lastRegType) {
      lastRegType = regType;
      if (regType === undefined) lastRun = NULL_SEPARATED;
      else if ((lastRun = regTypeRuns.get(regType) as Uint8Array) === undefined) regTypeRuns.set(regType, (lastRun = Buffer.from(`,${JSON.stringify(regType)},`, 'utf8')));
    }
    p = putBytes(buf, p, lastRun);
    p = putValue(buf, p, value);
    if (split >= 0) buf[p++] = 0x5d;
    else if (valueName === undefined) p = putBytes(buf, p, ROW_END_NULL);
    else {
      buf[p++] = 0x2c;
      p = putString(buf, p, valueName);
      buf[p++] = 0x5d;
    }
    out.pos = p;
  }
}

/**
 * A built table's rows: its settings' names, values and origins, and its typed columns as the codes they hold, in
 * one object of the same shape for every table, which the row loop reads (not the table and its columns).
 */
interface CodedColumns {
  settings: NameColumn;
  values: readonly SettingValue[];
  originIds: Uint32Array;
  regTypes: Uint8Array;
  assumed: Uint8Array;
  valueNames: Uint16Array | Int32Array;
  lines: Int32Array;
  /** By code: `,"REG_…",` (code 0, no registry type: `,null,`). */
  regTypeRuns: Uint8Array[];
  /** By code: the flag (code 0: undefined). */
  flags: (boolean | undefined)[];
  /** By id: the value name (id 0: undefined) and its JSON text as UTF-8. */
  names: (string | undefined)[];
  quoted: Uint8Array[];
  /** The longest of `regTypeRuns` and of `quoted`. */
  room: number;
}

/** The codes of a built table's typed columns (table.ts), or undefined when one of them holds values (or is an array). */
function codedColumns(t: SortedSettings): CodedColumns | undefined {
  const c = byteColumns(t);
  const regTypes = c?.regTypes?.codes;
  const assumed = c?.assumed?.codes;
  const valueNames = c?.valueNames?.ids;
  const lines = c?.lines?.codes;
  if (c === undefined || regTypes === undefined || assumed === undefined || valueNames === undefined || lines === undefined) return undefined;
  const regTypeList: unknown[] = (c.regTypes as ByteColumn<RegTypeName>).list;
  const flagList: unknown[] = (c.assumed as ByteColumn<boolean>).list;
  const nameList: unknown[] = (c.valueNames as IdColumn).list;
  if (!regTypeList.every((r) => typeof r === 'string') || !flagList.every((f) => typeof f === 'boolean') || !nameList.every((n) => typeof n === 'string')) return undefined;
  const regTypeRuns = [NULL_SEPARATED, ...regTypeList.map((r) => Buffer.from(`,${JSON.stringify(r)},`, 'utf8'))];
  const quoted = [NULL, ...nameList.map((n) => Buffer.from(JSON.stringify(n), 'utf8'))];
  let room = 0;
  for (const b of [...regTypeRuns, ...quoted]) room = Math.max(room, b.length);
  const flags = [undefined, ...(flagList as boolean[])];
  const names = [undefined, ...(nameList as string[])];
  return { settings: t.names, values: t.values, originIds: t.originIds, regTypes, assumed, valueNames, lines, regTypeRuns, flags, names, quoted, room };
}

/** Rows written per call of writeCodedBatch. */
const BATCH = 64;

/**
 * writeGroups' rows for a built table's codes, a batch at a time: a loop run once per snapshot is compiled while
 * it runs (on-stack replacement), and a run's next snapshot (the Standby's) started again in uncompiled code and
 * compiled it again; a function called for each batch is compiled as a function, once, and serves the next.
 */
function writeCodedRows(t: SortedSettings, c: CodedColumns, groups: Groups, out: JsonBytes): void {
  const n = c.settings.length;
  for (let from = 0; from < n; from += BATCH) writeCodedBatch(t, c, groups, out, from, from + BATCH < n ? from + BATCH : n);
}

/**
 * Rows [from, to) of a built table's codes: a value name's text and a registry type's are copied as made once per
 * distinct one, and the loop reads typed arrays only, so that it stays small (the optimising compiler took ~0.2 s
 * of a core to compile the loop that reads every column through its own accessor, and compiled it again on each
 * path it met for the first time after that).
 */
function writeCodedBatch(t: SortedSettings, c: CodedColumns, groups: Groups, out: JsonBytes, from: number, to: number): void {
  const { settings: names, values, originIds, regTypes, assumed, valueNames, lines, regTypeRuns, flags, quoted } = c;
  const valueNameList = c.names;
  // Names held as parts: a row whose tail is its value name (most) has its head for prefix, and its name is not made.
  const parts = names instanceof PartNames ? names : undefined;
  for (let i = from; i < to; i++) {
    const id = valueNames[i];
    const valueName = valueNameList[id];
    let name = '';
    let split: number;
    let first: boolean;
    const tail = parts?.tail(i);
    if (tail !== undefined && valueName !== undefined && valueName !== '' && tail === valueName) {
      const head = (parts as PartNames).head(i);
      split = head.length;
      first = groups.opensWith(head, flags[assumed[i]], originIds[i]);
    } else {
      name = names.at(i);
      split = valueName !== undefined && valueName !== '' && name.endsWith(valueName) ? name.length - valueName.length : -1;
      first = groups.opens(name, split < 0 ? 0 : split, flags[assumed[i]], originIds[i]);
    }
    const value = values[i];
    const room = typeof value === 'string' ? jsonStringBytes(value.length) : typeof value === 'number' ? JSON_NUMBER_BYTES : valueBytes(value);
    // A row written whole names itself: its name was made above (split < 0).
    if (room < 0 || !out.reserve(ROW_FIXED + room + jsonStringBytes(name.length) + 2 * c.room)) {
      writeReferenceRow(t, i, split, first, out);
      continue;
    }
    const buf = out.buf;
    let p = out.pos;
    if (!first) buf[p++] = 0x2c;
    buf[p++] = 0x5b;
    p = split < 0 ? putString(buf, p, name) : putBytes(buf, p, quoted[id]);
    buf[p++] = 0x2c;
    const line = lines[i];
    p = line === NO_LINE ? putBytes(buf, p, NULL) : putNumber(buf, p, line);
    p = putBytes(buf, p, regTypeRuns[regTypes[i]]);
    p = typeof value === 'string' ? putString(buf, p, value) : typeof value === 'number' ? putNumber(buf, p, value) : putValue(buf, p, value);
    if (split < 0) {
      buf[p++] = 0x2c;
      p = putBytes(buf, p, quoted[id]);
    }
    buf[p++] = 0x5d;
    out.pos = p;
  }
}

/**
 * Writes the canonical text of a format 4 snapshot to `out`, exactly fast-json-stable-stringify(groupedDocument(s))
 * (as UTF-8) without building that document or any string per setting.
 */
export function writeGrouped(s: Snapshot, out: JsonBytes): void {
  const t = sortedSettings(s);
  out.raw(`{"collected":${stringify(s.collected)},"groups":[`);
  writeGroups(t, out);
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
  const table: SortedSettings = { names: arrayNames(names), values, regTypes, valueNames, lines, assumed, originIds, origins: numberOrigins(originIds, doc.origins) };
  if (sorted) return snapshotWithTable(fields, table);
  const settings: Record<string, Setting> = {};
  for (let i = 0; i < names.length; i++) setOwn(settings, names[i], settingAt(table, i));
  const s: Snapshot = { collected: doc.collected, schemaVersion: 4, server: doc.server, settings };
  if (doc.warnings !== undefined) s.warnings = doc.warnings;
  return s;
}
