// One setting of format 3's canonical text written as bytes: the member of the `settings` object that
// fast-json-stable-stringify writes for the keyed document's setting (keyed.ts), fields in sorted order:
//
//   ,"name":{"assumed":true,"regType":"REG_SZ","source":{"line":12,"origin":0,"valueName":"Port"},"value":"x"}
//
// The fingerprint writes 10^5+ of these per snapshot, so the text between the variable parts is copied as
// few runs of bytes as possible (each copy costs about as much as a short run's bytes): the head (from `:{`
// through `"line":` or `"origin":`) once per (assumed, regType, line present) shape, the origin with the
// text around it once per origin id and shape of the row's source.
import { Buffer } from 'node:buffer';
import stringify from 'fast-json-stable-stringify';
import { bytesOf, JSON_NUMBER_BYTES, jsonStringBytes, putBytes, putNumber, putString, type JsonBytes } from './json-bytes.js';
import { assumedAt, lineAt, regTypeAt, rowHasSettingTypes, valueNameAt, type SortedSettings } from './table.js';

const VALUE = bytesOf('},"value":');
const TRUE = bytesOf('true');
const FALSE = bytesOf('false');
const NULL = bytesOf('null');

/** Bytes of a setting's text besides its strings, at most: the fixed parts (86), three numbers and slack. */
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

/** An object value's JSON from valueBytes, for the putValue of the same row (a secret: its text gives its room, then is written). */
let lastObject: object | undefined;
let lastObjectJson = '';

/**
 * An object value (a secret) as the canonical serialiser writes it: JSON.stringify when its keys are in sorted
 * order and its fields plain strings, numbers or booleans (a secret built or read here), else the serialiser.
 */
function objectJson(value: object): string {
  let plain = Object.getPrototypeOf(value) === Object.prototype;
  let previous = '';
  if (plain) {
    for (const k in value) {
      const v: unknown = (value as Record<string, unknown>)[k];
      if (!(previous < k) || !(typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)))) {
        plain = false;
        break;
      }
      previous = k;
    }
  }
  return plain ? JSON.stringify(value) : stringify(value);
}

/**
 * Bytes a setting's value can take as JSON (a secret object: its stable JSON's); -1 for a value of other
 * types than a setting's (undefined, a list holding no string, …), which putValue does not write.
 */
export function valueBytes(value: unknown): number {
  if (typeof value === 'string') return jsonStringBytes(value.length);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return JSON_NUMBER_BYTES;
  if (Array.isArray(value)) return listBytes(value);
  if (typeof value === 'object') {
    lastObject = value;
    lastObjectJson = objectJson(value);
    return 3 * lastObjectJson.length;
  }
  return -1;
}

/** Writes a value valueBytes accepted (that much room made) to `buf` at `p`; returns the position after it. */
export function putValue(buf: Buffer, p: number, value: unknown): number {
  if (typeof value === 'string') return putString(buf, p, value);
  if (typeof value === 'number') return putNumber(buf, p, value);
  if (Array.isArray(value)) return putStrings(buf, p, value as string[]);
  if (typeof value === 'object' && value !== null) {
    const json = value === lastObject ? lastObjectJson : objectJson(value);
    lastObject = undefined;
    return p + buf.write(json, p, 'utf8');
  }
  return putBytes(buf, p, value === true ? TRUE : value === false ? FALSE : NULL);
}

/** The text from after a setting's name through `"line":` (or `"origin":` when it has no line), as UTF-8. */
function headBytes(assumed: boolean | undefined, regType: string | undefined, line: boolean): Uint8Array {
  const a = assumed === undefined ? '' : `"assumed":${assumed},`;
  const r = regType === undefined ? '' : `"regType":${JSON.stringify(regType)},`;
  return Buffer.from(`:{${a}${r}"source":{${line ? '"line":' : '"origin":'}`, 'utf8');
}

/**
 * Writes the settings of one table (one writer per text written): the heads made once per shape, the origin
 * runs once per origin id in a row (rows of one registry key follow each other).
 */
export class SettingWriter {
  /** Heads by registry type, per `assumed` (undefined, true, false) × line present (no, yes). */
  private readonly heads: Map<string | undefined, Uint8Array>[] = [new Map(), new Map(), new Map(), new Map(), new Map(), new Map()];
  /** The origin whose runs `runs` holds. */
  private runsOrigin = -1;
  /** `,"origin":N,"valueName":` and the like for `runsOrigin`, per line present × value name present. */
  private readonly runs: (Uint8Array | undefined)[] = [undefined, undefined, undefined, undefined];

  constructor(private readonly t: SortedSettings) {}

  private head(assumed: boolean | undefined, regType: string | undefined, line: boolean): Uint8Array {
    const heads = this.heads[(assumed === undefined ? 0 : assumed ? 2 : 4) + (line ? 1 : 0)];
    let head = heads.get(regType);
    if (head === undefined) heads.set(regType, (head = headBytes(assumed, regType, line)));
    return head;
  }

  /** `,"origin":N` (after a line) or `N` (after the head), then `,"valueName":` or `},"value":`. */
  private originRun(origin: number, line: boolean, valueName: boolean): Uint8Array {
    if (origin !== this.runsOrigin) {
      this.runsOrigin = origin;
      this.runs.fill(undefined);
    }
    const k = (line ? 2 : 0) + (valueName ? 1 : 0);
    return (this.runs[k] ??= Buffer.from(`${line ? ',"origin":' : ''}${origin}${valueName ? ',"valueName":' : '},"value":'}`, 'latin1'));
  }

  /**
   * Writes row `i` (`,` first unless `first`) with one check for room. False, with nothing written, for a
   * row whose fields are not of the types a snapshot has (or that is larger than a piece).
   */
  put(out: JsonBytes, first: boolean, i: number): boolean {
    const t = this.t;
    if (!rowHasSettingTypes(t, i)) return false;
    const name = t.names.at(i);
    const assumed = assumedAt(t, i);
    const regType = regTypeAt(t, i);
    const value = t.values[i];
    const line = lineAt(t, i);
    const valueName = valueNameAt(t, i);
    const room = valueBytes(value);
    if (room < 0) return false;
    const strings = jsonStringBytes(name.length) + (regType === undefined ? 0 : jsonStringBytes(regType.length)) + (valueName === undefined ? 0 : jsonStringBytes(valueName.length));
    if (!out.reserve(SETTING_FIXED + strings + room)) return false;
    const buf = out.buf;
    let p = out.pos;
    if (!first) buf[p++] = 0x2c;
    p = putString(buf, p, name);
    p = putBytes(buf, p, this.head(assumed, regType, line !== undefined));
    if (line !== undefined) p = putNumber(buf, p, line);
    p = putBytes(buf, p, this.originRun(t.originIds[i], line !== undefined, valueName !== undefined));
    if (valueName !== undefined) p = putBytes(buf, putString(buf, p, valueName), VALUE);
    p = putValue(buf, p, value);
    buf[p++] = 0x7d;
    out.pos = p;
    return true;
  }
}
