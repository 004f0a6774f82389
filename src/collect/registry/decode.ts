// Registry value types: their names, and decoding the raw bytes of `hex(N):` data by type.
import { Buffer } from 'node:buffer';
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


/**
 * Parses comma-separated hex bytes ("01,ab, 3"), whitespace allowed around each byte and a trailing comma
 * tolerated. Returns the bytes, or the offending piece of text when the data is not hex.
 */
export function parseHexBytes(text: string): Uint8Array | { bad: string } {
  const out = new Uint8Array((text.length + 1) >> 1);
  let n = 0;
  let i = 0;
  const len = text.length;
  while (i < len) {
    while (i < len && isSpace(text.charCodeAt(i))) i++;
    if (i >= len) break;
    const start = i;
    let value = 0;
    let digits = 0;
    for (; i < len; i++) {
      const d = hexDigit(text.charCodeAt(i));
      if (d < 0) break;
      value = value * 16 + d;
      digits++;
    }
    while (i < len && isSpace(text.charCodeAt(i))) i++;
    if (digits === 0 || digits > 2 || (i < len && text.charCodeAt(i) !== 44)) {
      return { bad: badPiece(text, start) };
    }
    out[n++] = value;
    i++; // the comma
  }
  return out.subarray(0, n);
}

function badPiece(text: string, start: number): string {
  const comma = text.indexOf(',', start);
  return text.slice(start, comma === -1 ? text.length : comma).trim() || ',';
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

export function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 32;
  if (l >= 97 && l <= 102) return l - 87;
  return -1;
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Registry text: UTF-16LE in version 5 files, ANSI (Windows-1252) in REGEDIT4 ones. */
function decodeText(bytes: Uint8Array, ansi: boolean): string {
  if (ansi) return decodeWindows1252(bytes);
  // A dangling odd byte cannot be a character; Buffer drops it.
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf16le');
}

/** A string value ends at its first NUL, as Windows reads it (and as `reg query` shows it). */
function untilNul(s: string): string {
  const z = s.indexOf('\0');
  return z === -1 ? s : s.slice(0, z);
}

/** REG_MULTI_SZ: NUL-separated strings, ended by an empty string (two NULs). */
function decodeMulti(text: string): string[] {
  let t = text;
  if (t.endsWith('\0\0')) t = t.slice(0, -2);
  else if (t.endsWith('\0')) t = t.slice(0, -1);
  return t === '' ? [] : t.split('\0');
}

/** The decoded value, or a message saying why the bytes do not fit the type. */
export function decodeTyped(typeNumber: number, bytes: Uint8Array, ansi: boolean): { type: RegTypeName; data: RegData } | { error: string } {
  const type = regTypeName(typeNumber);
  switch (typeNumber) {
    case 1:
    case 2:
      return { type, data: untilNul(decodeText(bytes, ansi)) };
    case 6:
      // REG_LINK holds a path in UTF-16 without a terminator; strip one if present anyway.
      return { type, data: untilNul(decodeText(bytes, ansi)) };
    case 7:
      return { type, data: decodeMulti(decodeText(bytes, ansi)) };
    case 4:
    case 5:
      if (bytes.length !== 4) return { error: `${type} data must be 4 bytes, found ${bytes.length}` };
      return {
        type,
        data:
          typeNumber === 4
            ? (bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24)) >>> 0
            : ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0,
      };
    case 11: {
      if (bytes.length !== 8) return { error: `${type} data must be 8 bytes, found ${bytes.length}` };
      let q = 0n;
      for (let i = 7; i >= 0; i--) q = (q << 8n) | BigInt(bytes[i]);
      return { type, data: q.toString() };
    }
    default:
      return { type, data: toHex(bytes) };
  }
}
