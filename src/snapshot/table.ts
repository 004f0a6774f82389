// A built snapshot's settings as one sorted, columnar table: parallel columns (names, values, registry types,
// value names, lines, `assumed` flags) and an origin id per setting into a table of source files and registry
// keys. No object per setting: a Setting (with its Provenance) is made only where something reads one
// (`settingAt`), and the `settings` record is built from the table only when something reads it.
//
// A record of 10^5+ settings is slow to build and to walk (Object.keys and a hash lookup per name on a
// dictionary-mode object), and two objects per setting are most of a large snapshot's memory and of the
// garbage collector's copying; the fingerprint, the engine and, through the accessors of settings.ts, other
// readers walk the columns instead. The record stays the public shape: reading `snapshot.settings`
// (JSON.stringify, a spread, structuredClone, a worker message) builds it once, and from then on it is the only
// truth (the table is dropped, so a record changed afterwards is never shadowed by a stale table).
import type { Provenance, RegTypeName, Setting, SettingValue, Snapshot } from '../types.js';
import type { ByteColumn } from './byte-column.js';
import type { IdColumn, LineColumn } from './typed-columns.js';
import { arrayNames, type NameColumn } from './name-column.js';

/** One source file, and the registry key for values read from one: what settings of the same key share. */
export interface Origin {
  file: string;
  key?: string;
}

/**
 * Settings sorted by name in code-unit order (the order canonical JSON writes them), one column per field.
 * Row `i` is the setting named `names.at(i)` (name-column.ts); an optional field absent from it is `undefined` in its column.
 * `origins` are numbered in the order the rows first cite them (the order format 3's canonical form numbers
 * them), so the fingerprint writes `originIds` as they are.
 */
export interface SortedSettings {
  readonly names: NameColumn;
  readonly values: readonly SettingValue[];
  readonly regTypes: readonly (RegTypeName | undefined)[];
  readonly valueNames: readonly (string | undefined)[];
  readonly lines: readonly (number | undefined)[];
  readonly assumed: readonly (boolean | undefined)[];
  readonly originIds: Uint32Array;
  readonly origins: readonly Origin[];
}

/** Where a built table keeps its typed columns (byte-column.ts, typed-columns.ts) while their arrays were never asked for. */
const BYTES = Symbol('typed columns');

/** A built table's typed columns; each undefined once its array was made (the array is then the column). */
export interface TypedColumns {
  regTypes: ByteColumn<RegTypeName> | undefined;
  assumed: ByteColumn<boolean> | undefined;
  valueNames: IdColumn | undefined;
  lines: LineColumn | undefined;
}

type BuiltTable = SortedSettings & { [BYTES]?: TypedColumns };

/**
 * A table whose registry types, `assumed` flags, value names and lines are typed columns of `n` rows: they read as
 * arrays, made the first time they are read (from then on the arrays are the column: a caller may write them);
 * until then regTypeAt, assumedAt, valueNameAt and lineAt read the columns. The other columns as given.
 */
export function builtTable(t: Omit<SortedSettings, 'regTypes' | 'assumed' | 'valueNames' | 'lines'>, typed: { regTypes: ByteColumn<RegTypeName>; assumed: ByteColumn<boolean>; valueNames: IdColumn; lines: LineColumn }, n: number): SortedSettings {
  const columns: TypedColumns = { ...typed };
  const table = { names: t.names, values: t.values } as BuiltTable;
  const column = (key: keyof TypedColumns): void => {
    Object.defineProperty(table, key, {
      enumerable: true,
      configurable: true,
      get(): unknown[] {
        const array = (columns[key] as { toArray(n: number): unknown[] }).toArray(n);
        columns[key] = undefined;
        Object.defineProperty(table, key, { value: array, enumerable: true, writable: true, configurable: true });
        return array;
      },
    });
  };
  // The keys in the order of a plain table's.
  column('regTypes');
  column('valueNames');
  column('lines');
  column('assumed');
  Object.assign(table, { originIds: t.originIds, origins: t.origins });
  Object.defineProperty(table, BYTES, { value: columns });
  return table;
}

/** Row `i`'s registry type. */
export function regTypeAt(t: SortedSettings, i: number): RegTypeName | undefined {
  const c = (t as BuiltTable)[BYTES]?.regTypes;
  return c === undefined ? t.regTypes[i] : c.get(i);
}

/** Row `i`'s `assumed` flag. */
export function assumedAt(t: SortedSettings, i: number): boolean | undefined {
  const c = (t as BuiltTable)[BYTES]?.assumed;
  return c === undefined ? t.assumed[i] : c.get(i);
}

/** Row `i`'s value name. */
export function valueNameAt(t: SortedSettings, i: number): string | undefined {
  const c = (t as BuiltTable)[BYTES]?.valueNames;
  return c === undefined ? t.valueNames[i] : c.get(i);
}

/** Row `i`'s line. */
export function lineAt(t: SortedSettings, i: number): number | undefined {
  const c = (t as BuiltTable)[BYTES]?.lines;
  return c === undefined ? t.lines[i] : c.get(i);
}

/** The typed columns of a built table (each undefined once its array was read), for a loop over every row to read them; undefined for another table. */
export function byteColumns(t: SortedSettings): Readonly<TypedColumns> | undefined {
  return (t as BuiltTable)[BYTES];
}

/** The Provenance of row `i`, its fields in sorted order (as canonical JSON writes them). */
export function provenanceAt(t: SortedSettings, i: number): Provenance {
  const o = t.origins[t.originIds[i]];
  const p: Provenance = { file: o.file };
  if (o.key !== undefined) p.key = o.key;
  const line = lineAt(t, i);
  if (line !== undefined) p.line = line;
  const valueName = valueNameAt(t, i);
  if (valueName !== undefined) p.valueName = valueName;
  return p;
}

/** Whether row `i`'s name and optional fields have the types a Setting's have (a library caller's table may hold others). */
export function rowHasSettingTypes(t: SortedSettings, i: number): boolean {
  const valueName = valueNameAt(t, i);
  const line = lineAt(t, i);
  const assumed = assumedAt(t, i);
  const regType = regTypeAt(t, i);
  if (typeof t.names.at(i) !== 'string' || !(valueName === undefined || typeof valueName === 'string') || !(line === undefined || typeof line === 'number')) return false;
  return (assumed === undefined || typeof assumed === 'boolean') && (regType === undefined || typeof regType === 'string');
}

/** The Setting of row `i`, made now (fields in sorted order; `assumed` and `regType` only when set). */
export function settingAt(t: SortedSettings, i: number): Setting {
  const source = provenanceAt(t, i);
  const assumed = assumedAt(t, i);
  const regType = regTypeAt(t, i);
  if (assumed === undefined) return regType === undefined ? { source, value: t.values[i] } : { regType, source, value: t.values[i] };
  return regType === undefined ? { assumed, source, value: t.values[i] } : { assumed, regType, source, value: t.values[i] };
}

/**
 * Numbers origins in the order rows first cite them: `raw[i]` is row i's origin id in `rawOrigins` (any order,
 * possibly with origins no row cites); returns the ids renumbered in place and the origins in the new order.
 */
export function numberOrigins(raw: Uint32Array, rawOrigins: readonly Origin[]): Origin[] {
  const renumbered = new Int32Array(rawOrigins.length).fill(-1);
  const origins: Origin[] = [];
  for (let i = 0; i < raw.length; i++) {
    const r = raw[i];
    let id = renumbered[r];
    if (id < 0) {
      id = renumbered[r] = origins.length;
      origins.push(rawOrigins[r]);
    }
    raw[i] = id;
  }
  return origins;
}

/**
 * The table of `settings` named `names` (sorted in code-unit order, no two equal): the columns read from each
 * setting, its file and key shared as one origin. Fields of unexpected types (a library caller's objects) are
 * kept as they are, for the writers to treat as before; fields a Setting does not have are not kept.
 */
export function tableFromSettings(names: readonly string[], settings: readonly Setting[]): SortedSettings {
  const n = names.length;
  const values = new Array<SettingValue>(n);
  const regTypes = new Array<RegTypeName | undefined>(n);
  const valueNames = new Array<string | undefined>(n);
  const lines = new Array<number | undefined>(n);
  const assumed = new Array<boolean | undefined>(n);
  const originIds = new Uint32Array(n);
  const origins: Origin[] = [];
  // file → key (undefined for none) → id; settings of one key follow each other and share it.
  const byFile = new Map<string, Map<string | undefined, number>>();
  let last: Provenance | undefined;
  for (let i = 0; i < n; i++) {
    const st = settings[i];
    const src = st.source;
    values[i] = st.value;
    regTypes[i] = st.regType;
    assumed[i] = st.assumed;
    valueNames[i] = src.valueName;
    lines[i] = src.line;
    if (last !== undefined && src.file === last.file && src.key === last.key) {
      originIds[i] = originIds[i - 1];
      last = src;
      continue;
    }
    last = src;
    let byKey = byFile.get(src.file);
    if (byKey === undefined) byFile.set(src.file, (byKey = new Map()));
    let id = byKey.get(src.key);
    if (id === undefined) {
      id = origins.length;
      byKey.set(src.key, id);
      origins.push(src.key === undefined ? { file: src.file } : { file: src.file, key: src.key });
    }
    originIds[i] = id;
  }
  return { names: arrayNames(names), values, regTypes, valueNames, lines, assumed, originIds, origins };
}

const tables = new WeakMap<Snapshot, SortedSettings>();
/** Records built for snapshots frozen or sealed before their first read (the accessor cannot be replaced there). */
const records = new WeakMap<Snapshot, Record<string, Setting>>();

/** Replaces the lazy `settings` accessor by a plain data property holding `record` (or, on a frozen snapshot, keeps it aside). */
function settle(s: Snapshot, record: Record<string, Setting>): Record<string, Setting> {
  tables.delete(s);
  if (Object.isExtensible(s)) Object.defineProperty(s, 'settings', { value: record, writable: true, enumerable: true, configurable: true });
  else records.set(s, record);
  return record;
}

/**
 * A snapshot whose `settings` is built from `table` (names sorted in code-unit order, no two equal) the
 * first time it is read. `fields` are the other fields, in the order the snapshot's keys are to have.
 */
export function snapshotWithTable(fields: Omit<Snapshot, 'settings'>, table: SortedSettings): Snapshot {
  const s = {} as Snapshot;
  for (const [k, v] of Object.entries(fields)) {
    // `settings` goes where canonical order puts it: after `server`, before `warnings`.
    if (k === 'warnings') defineLazySettings(s);
    (s as unknown as Record<string, unknown>)[k] = v;
  }
  if (!Object.prototype.hasOwnProperty.call(s, 'settings')) defineLazySettings(s);
  tables.set(s, table);
  return s;
}

/** `record[name] = value`, with a setting named "__proto__" kept as a plain key (assignment would set the prototype). */
export function setOwn<T>(record: Record<string, T>, name: string, value: T): void {
  if (name === '__proto__') Object.defineProperty(record, name, { value, enumerable: true, writable: true, configurable: true });
  else record[name] = value;
}

function defineLazySettings(s: Snapshot): void {
  Object.defineProperty(s, 'settings', {
    enumerable: true,
    configurable: true,
    get(this: Snapshot): Record<string, Setting> {
      const kept = records.get(s);
      if (kept !== undefined) return kept;
      const t = tables.get(s) as SortedSettings;
      const record: Record<string, Setting> = {};
      for (let i = 0; i < t.names.length; i++) setOwn(record, t.names.at(i), settingAt(t, i));
      return settle(s, record);
    },
    set(this: Snapshot, record: Record<string, Setting>) {
      settle(s, record);
    },
  });
}

/** Names in code-unit order (as canonical JSON writes them); the same array when already sorted. */
export function sortedNames(record: object): string[] {
  const names = Object.keys(record);
  for (let i = 1; i < names.length; i++) if (!(names[i - 1] < names[i])) return names.sort();
  return names;
}

/**
 * The settings sorted by name in code-unit order: the snapshot's table while its record was never read,
 * else made from the record (one Object.keys and a lookup per name; the record may have changed since).
 */
export function sortedSettings(s: Snapshot): SortedSettings {
  const t = tables.get(s);
  if (t !== undefined) return t;
  const record = s.settings;
  const names = sortedNames(record);
  return tableFromSettings(
    names,
    names.map((n) => record[n]),
  );
}

/** Whether the snapshot still holds its table (its `settings` record not built yet): for tests. */
export function hasSettingsTable(s: Snapshot): boolean {
  return tables.has(s);
}

/** A snapshot's fields other than `settings`. */
export type SnapshotFields = Omit<Snapshot, 'settings'>;

/** The snapshot's fields other than `settings`, in their order, read without building the settings record. */
export function fieldsOf(s: Snapshot): SnapshotFields {
  const fields: Record<string, unknown> = {};
  for (const k of Object.keys(s)) if (k !== 'settings') fields[k] = (s as unknown as Record<string, unknown>)[k];
  return fields as unknown as SnapshotFields;
}

/**
 * `{ ...s, ...patch }`, sharing the settings table of `s` while its record has never been read (spreading it
 * would build a Setting object per setting). `patch` replaces fields `s` has; its keys keep their order.
 */
export function withFields(s: Snapshot, patch: Partial<SnapshotFields>): Snapshot {
  const fields = fieldsOf(s) as unknown as Record<string, unknown>;
  if (!hasSettingsTable(s) || Object.keys(patch).some((k) => !(k in fields))) return { ...s, ...patch };
  return snapshotWithTable({ ...fields, ...patch } as SnapshotFields, sortedSettings(s));
}
