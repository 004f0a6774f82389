// Registry value types: their names, and decoding the raw bytes of `hex(N):` data by type.
import type { Buffer } from 'node:buffer';
import type { RegData, RegTypeName } from '../../types.js';
import { decodeWindows1252 } from './text.js';

/** Type names by registry type number (winnt.h). */
export const REG_TYPE_NAMES: readonly RegTypeName[] = [
  'REG_NONE',
  'REG_SZ',
  'REG_EXPAND_SZ',
  'REG_BINARY',
  'REG_DWORD',
  'REG_DWORD_BIG_ENDIAN',
  'REG_LINK',
  'REG_MULTI_SZ',
  'REG_RESOURCE_LIST',
  'REG_FULL_RESOURCE_DESCRIPTOR',
  'REG_RESOURCE_REQUIREMENTS_LIST',
  'REG_QWORD',
];

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

/** Registry text: UTF-16LE in version 5 files, ANSI (Windows-1252) in REGEDIT4 ones. */
function decodeText(bytes: Buffer, length: number, ansi: boolean): string {
  if (ansi) return decodeWindows1252(bytes.subarray(0, length));
  // A dangling odd byte cannot be a character; Buffer drops it.
  return bytes.toString('utf16le', 0, length);
}

/** A string value ends at its first NUL, as Windows reads it (and as `reg query` shows it). */
function decodeString(bytes: Buffer, length: number, ansi: boolean): string {
  let end = 0;
  if (ansi) {
    while (end < length && bytes[end] !== 0) end++;
  } else {
    while (end + 1 < length && (bytes[end] !== 0 || bytes[end + 1] !== 0)) end += 2;
    if (end + 1 >= length) end = length;
  }
  return decodeText(bytes, end, ansi);
}

/** REG_MULTI_SZ: NUL-separated strings, ended by an empty string (two NULs). */
function decodeMulti(text: string): string[] {
  let t = text;
  if (t.endsWith('\0\0')) t = t.slice(0, -2);
  else if (t.endsWith('\0')) t = t.slice(0, -1);
  return t === '' ? [] : t.split('\0');
}

/** The decoded value of `bytes[0..length)`, or a message saying why the bytes do not fit the type. */
export function decodeTyped(typeNumber: number, bytes: Buffer, length: number, ansi: boolean): { type: RegTypeName; data: RegData } | { error: string } {
  const type = regTypeName(typeNumber);
  switch (typeNumber) {
    case 1:
    case 2:
    case 6:
      // REG_LINK holds a path without a terminator; strip one if present anyway.
      return { type, data: decodeString(bytes, length, ansi) };
    case 7:
      return { type, data: decodeMulti(decodeText(bytes, length, ansi)) };
    case 4:
    case 5:
      if (length !== 4) return { error: `${type} data must be 4 bytes, found ${length}` };
      return { type, data: typeNumber === 4 ? bytes.readUInt32LE(0) : bytes.readUInt32BE(0) };
    case 11: {
      if (length !== 8) return { error: `${type} data must be 8 bytes, found ${length}` };
      const lo = bytes.readUInt32LE(0);
      const hi = bytes.readUInt32LE(4);
      // Exact as a double below 2^53; BigInt only for the rare larger values.
      const data = hi < 0x200000 ? String(hi * 0x100000000 + lo) : ((BigInt(hi) << 32n) | BigInt(lo)).toString();
      return { type, data };
    }
    default:
      return { type, data: bytes.toString('hex', 0, length) };
  }
}
