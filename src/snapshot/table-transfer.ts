// Moving a snapshot to another thread without making an object per setting.
//
// A worker thread's message is structured-cloned: a snapshot's `settings` record of 200,000 Setting and
// Provenance objects takes ~1.3 s to clone and rebuild, and reading it makes every one of them. Its columnar
// table (table.ts) packs instead into three strings (the names, the string values, the value names, each
// column end to end), typed arrays (string ends, numbers, lines, flags, registry types, origin ids) that move without a copy,
// and a short list of the values that are neither strings nor numbers (lists, secrets, booleans). Names held as
// parts (name-column.ts) move as parts: their distinct texts and two ids per row.
import type { RegTypeName, SettingValue, Snapshot } from '../types.js';
import { ByteColumn } from './byte-column.js';
import { assumedAt, builtTable, fieldsOf, type SnapshotFields as Fields, hasSettingsTable, lineAt, regTypeAt, rowHasSettingTypes, snapshotWithTable, sortedSettings, valueNameAt, type Origin, type SortedSettings } from './table.js';
import { IdColumn, LineColumn } from './typed-columns.js';
import { arrayNames, nameArray, PartNames } from './name-column.js';

/** Per-row flags: the value's kind (2 bits), then whether the row has a value name, a line, and its `assumed`. */
const KIND_STRING = 0;
const KIND_NUMBER = 1;
const KIND_OTHER = 2;
const HAS_VALUE_NAME = 4;
const HAS_LINE = 8;
const ASSUMED_FALSE = 16;
const ASSUMED_TRUE = 32;

/** Strings end to end, and where each ends. */
interface PackedStrings {
  text: string;
  ends: Uint32Array;
}

function packStrings(strings: readonly string[]): PackedStrings {
  const ends = new Uint32Array(strings.length);
  let end = 0;
  for (let i = 0; i < strings.length; i++) ends[i] = end += strings[i].length;
  return { text: strings.join(''), ends };
}

/** The strings packStrings packed, one after the other. */
function stringReader(p: PackedStrings): () => string {
  let next = 0;
  let start = 0;
  return () => {
    const end = p.ends[next++];
    const s = p.text.slice(start, end);
    start = end;
    return s;
  };
}

/** Names held as parts: the distinct heads and tails, and each row's ids into them. */
interface PackedParts {
  heads: string[];
  tails: string[];
  headOf: Uint32Array;
  tailOf: Uint32Array;
}

interface PackedTable {
  /** The names end to end, or as parts when the table held them so. */
  names: PackedStrings | PackedParts;
  /** The values that are strings, in row order. */
  strings: PackedStrings;
  /** The value names of the rows that have one, in row order. */
  valueNames: PackedStrings;
  flags: Uint8Array;
  /** The numeric values, in row order. */
  numbers: Float64Array;
  /** The lines of the rows that have one, in row order. */
  lines: Float64Array;
  /** Values that are neither strings nor numbers, in row order. */
  others: SettingValue[];
  /** Per row: 0 for no registry type, else 1 + its index in `regTypeNames`. */
  regTypes: Uint8Array;
  regTypeNames: RegTypeName[];
  originIds: Uint32Array;
  origins: readonly Origin[];
}

/** A snapshot as sent to another thread: its other fields cloned, its settings as a packed table (or, without a table, as they are). */
export type PackedSnapshot =
  | { fields: Fields; table: PackedTable }
  /** A snapshot whose record was built (or that never had a table, e.g. one read from a snapshot file): sent whole. */
  | { whole: Snapshot };

/** The packed table, or undefined when a column holds a type a Setting does not have (a library caller's): then the snapshot goes whole. */
function packTable(t: SortedSettings): PackedTable | undefined {
  const n = t.names.length;
  const strings: string[] = [];
  const valueNames: string[] = [];
  const flags = new Uint8Array(n);
  const numbers: number[] = [];
  const lines: number[] = [];
  const others: SettingValue[] = [];
  const regTypes = new Uint8Array(n);
  const regTypeNames: RegTypeName[] = [];
  const regTypeCodes = new Map<RegTypeName, number>();
  for (let i = 0; i < n; i++) {
    if (!rowHasSettingTypes(t, i) || regTypeNames.length > 250) return undefined;
    const value = t.values[i];
    // Read through the accessors: a built table's typed columns are not made into arrays.
    const valueName = valueNameAt(t, i);
    const line = lineAt(t, i);
    const assumed = assumedAt(t, i);
    const regType = regTypeAt(t, i);
    let f: number;
    if (typeof value === 'string') {
      f = KIND_STRING;
      strings.push(value);
    } else if (typeof value === 'number') {
      f = KIND_NUMBER;
      numbers.push(value);
    } else {
      f = KIND_OTHER;
      others.push(value);
    }
    if (valueName !== undefined) {
      f |= HAS_VALUE_NAME;
      valueNames.push(valueName);
    }
    if (line !== undefined) {
      f |= HAS_LINE;
      lines.push(line);
    }
    if (assumed !== undefined) f |= assumed ? ASSUMED_TRUE : ASSUMED_FALSE;
    flags[i] = f;
    if (regType !== undefined) {
      let code = regTypeCodes.get(regType);
      if (code === undefined) {
        regTypeNames.push(regType);
        regTypeCodes.set(regType, (code = regTypeNames.length));
      }
      regTypes[i] = code;
    }
  }
  const names = t.names;
  const packedNames = names instanceof PartNames ? { heads: [...names.heads], tails: [...names.tails], headOf: names.headOf.slice(0, n), tailOf: names.tailOf.slice(0, n) } : packStrings(nameArray(names));
  const packed = { names: packedNames, strings: packStrings(strings), valueNames: packStrings(valueNames) };
  return { ...packed, flags, numbers: Float64Array.from(numbers), lines: Float64Array.from(lines), others, regTypes, regTypeNames, originIds: t.originIds, origins: t.origins };
}

/** The snapshot packed for postMessage, and the buffers to transfer with it (the snapshot keeps its table readable: its origin ids are copied). */
export function packSnapshot(s: Snapshot): { packed: PackedSnapshot; transfer: ArrayBuffer[] } {
  const table = hasSettingsTable(s) ? packTable(sortedSettings(s)) : undefined;
  if (table === undefined) return { packed: { whole: s }, transfer: [] };
  table.originIds = table.originIds.slice();
  const names = table.names;
  const transfer = [...('ends' in names ? [names.ends] : [names.headOf, names.tailOf]), table.strings.ends, table.valueNames.ends, table.flags, table.numbers, table.lines, table.regTypes, table.originIds].map((a) => a.buffer as ArrayBuffer);
  return { packed: { fields: fieldsOf(s), table }, transfer };
}

/** The snapshot `packSnapshot` packed: equal to it field for field, its settings again a table (its registry types, flags, value names and lines typed columns, as a built table's). */
export function unpackSnapshot(packed: PackedSnapshot): Snapshot {
  if ('whole' in packed) return packed.whole;
  const p = packed.table;
  const n = p.flags.length;
  const packedNames = p.names;
  const parts = 'ends' in packedNames ? undefined : new PartNames(packedNames.heads, packedNames.tails, packedNames.headOf, packedNames.tailOf, n);
  // Names held whole are read one per row; parts are the column as they came.
  const name = 'ends' in packedNames ? stringReader(packedNames) : undefined;
  const names = name === undefined ? [] : new Array<string>(n);
  const values = new Array<SettingValue>(n);
  const regTypes = new ByteColumn<RegTypeName>(n);
  const valueNames = new IdColumn(n);
  const lines = new LineColumn(n);
  const assumed = new ByteColumn<boolean>(n);
  const [string, valueName] = [stringReader(p.strings), stringReader(p.valueNames)];
  let number = 0;
  let line = 0;
  let other = 0;
  for (let i = 0; i < n; i++) {
    const f = p.flags[i];
    if (name !== undefined) names[i] = name();
    const kind = f & 3;
    values[i] = kind === KIND_STRING ? string() : kind === KIND_NUMBER ? p.numbers[number++] : p.others[other++];
    valueNames.set(i, f & HAS_VALUE_NAME ? valueName() : undefined);
    lines.set(i, f & HAS_LINE ? p.lines[line++] : undefined);
    assumed.set(i, f & ASSUMED_TRUE ? true : f & ASSUMED_FALSE ? false : undefined);
    const code = p.regTypes[i];
    regTypes.set(i, code === 0 ? undefined : p.regTypeNames[code - 1]);
  }
  return snapshotWithTable(packed.fields, builtTable({ names: parts ?? arrayNames(names), values, originIds: p.originIds, origins: p.origins }, { regTypes, assumed, valueNames, lines }, n));
}
