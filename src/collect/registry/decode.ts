// Registry value types: their names, and decoding the raw bytes of `hex(N):` data by type.
import type { Buffer } from 'node:buffer';
import type { RegData, RegTypeName } from '../../types.js';
import { text } from './units.js';
import { REG_TYPE_NAMES } from '../../snapshot/reg-columns.js';

export { REG_TYPE_NAMES } from '../../snapshot/reg-columns.js';

/** Decodes the ANSI bytes of a string (a REGEDIT4 file's hex(2)/hex(7) data) in the file's code page. */
export type AnsiDecode = (bytes: Uint8Array) => string;

export function regTypeName(typeNumber: number): RegTypeName {
  return typeNumber < REG_TYPE_NAMES.length ? REG_TYPE_NAMES[typeNumber] : `REG_TYPE_${typeNumber}`;
}

/** The value of every UTF-16 code unit as a hex digit, -1 for a unit that is not one: a lookup, not a call, per digit. */
export const HEX_VALUES = new Int8Array(0x10000).fill(-1);
for (const [from, first] of [[48, 0], [65, 10], [97, 10]]) {
  for (let d = first; d < (first === 0 ? 10 : 16); d++) HEX_VALUES[from + d - first] = d;
}

export function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 32;
  if (l >= 97 && l <= 102) return l - 87;
  return -1;
}

/** Buffer's own hex encoder, without toString's argument checks (called for every binary value). */
type HexBuffer = Buffer & { hexSlice(start: number, end: number): string };

/**
 * A string value ends at its first NUL, as Windows reads it (and as `reg query` shows it). UTF-16 text is
 * read from `units`, the code units of `bytes` (a dangling odd byte cannot be a character and is dropped).
 */
function decodeString(bytes: Buffer, units: Uint16Array, length: number, ansi: AnsiDecode | undefined): string {
  let end = 0;
  if (ansi !== undefined) {
    while (end < length && bytes[end] !== 0) end++;
    return ansi(bytes.subarray(0, end));
  }
  const n = length >> 1;
  while (end < n && units[end] !== 0) end++;
  return text(bytes, 0, end);
}

/** REG_MULTI_SZ: NUL-separated strings, ended by an empty string (two NULs); one trailing NUL is dropped too. */
function decodeMulti(bytes: Buffer, units: Uint16Array, length: number, ansi: AnsiDecode | undefined): string[] {
  if (ansi !== undefined) {
    let t = ansi(bytes.subarray(0, length));
    if (t.endsWith('\0\0')) t = t.slice(0, -2);
    else if (t.endsWith('\0')) t = t.slice(0, -1);
    return t === '' ? [] : t.split('\0');
  }
  let n = length >> 1;
  if (n >= 2 && units[n - 1] === 0 && units[n - 2] === 0) n -= 2;
  else if (n >= 1 && units[n - 1] === 0) n--;
  const out: string[] = [];
  if (n === 0) return out;
  let from = 0;
  for (let k = 0; k < n; k++) {
    if (units[k] !== 0) continue;
    out.push(text(bytes, from, k));
    from = k + 1;
  }
  out.push(text(bytes, from, n));
  return out;
}

/**
 * The decoded value of `bytes[0..length)`, or a message saying why the bytes do not fit the type. `units`
 * views the same memory as `bytes` (which starts at an even offset) as UTF-16 code units. `ansi`: how a REGEDIT4
 * file's string data (ANSI bytes, not UTF-16) is decoded; undefined for a version-5 export.
 */
export function decodeTyped(typeNumber: number, bytes: Buffer, units: Uint16Array, length: number, ansi: AnsiDecode | undefined): { type: RegTypeName; data: RegData } | { error: string } {
  const type = regTypeName(typeNumber);
  switch (typeNumber) {
    case 1:
    case 2:
    case 6:
      // REG_LINK holds a path without a terminator; strip one if present anyway.
      return { type, data: decodeString(bytes, units, length, ansi) };
    case 7:
      return { type, data: decodeMulti(bytes, units, length, ansi) };
    case 4:
    case 5:
      if (length !== 4) return { error: `${type} data must be 4 bytes, found ${length}` };
      return { type, data: typeNumber === 4 ? uint32LE(bytes, 0) : (bytes[0] * 0x1000000 + ((bytes[1] << 16) | (bytes[2] << 8) | bytes[3])) };
    case 11: {
      if (length !== 8) return { error: `${type} data must be 8 bytes, found ${length}` };
      const lo = uint32LE(bytes, 0);
      const hi = uint32LE(bytes, 4);
      // Exact as a double below 2^53; BigInt only for the rare larger values.
      const data = hi < 0x200000 ? String(hi * 0x100000000 + lo) : ((BigInt(hi) << 32n) | BigInt(lo)).toString();
      return { type, data };
    }
    default:
      return { type, data: (bytes as HexBuffer).hexSlice(0, length) };
  }
}

function uint32LE(bytes: Buffer, i: number): number {
  return bytes[i] + ((bytes[i + 1] << 8) | (bytes[i + 2] << 16)) + bytes[i + 3] * 0x1000000;
}
