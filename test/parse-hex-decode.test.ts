// hex(N): data of every type decoded as Windows reads it, checked against Buffer's own decoders on deterministic random
// bytes (NULs, lone surrogates, odd lengths), on one line and continued over several.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRegistry } from '../src/collect/registry/index.js';
import type { RegData } from '../src/types.js';
import { prng } from './bench/generate.js';

const HKLM = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA';

/** What each type's bytes mean, written with Buffer's decoders: UTF-16LE text cut at its first NUL, and so on. */
function expected(type: number, b: Buffer): RegData {
  const text = b.toString('utf16le');
  switch (type) {
    case 1:
    case 2:
    case 6:
      return text.includes('\0') ? text.slice(0, text.indexOf('\0')) : text;
    case 7: {
      const t = text.endsWith('\0\0') ? text.slice(0, -2) : text.endsWith('\0') ? text.slice(0, -1) : text;
      return t === '' ? [] : t.split('\0');
    }
    case 4:
      return b.readUInt32LE(0);
    case 5:
      return b.readUInt32BE(0);
    case 11:
      return b.readBigUInt64LE(0).toString();
    default:
      return b.toString('hex');
  }
}

function randomBytes(count: number, seed: number): Buffer[] {
  const rnd = prng(seed);
  // Bytes that matter: NUL, surrogate halves (high bytes 0xd8-0xdf), ASCII, Latin-1 and the top of the range.
  const interesting = [0, 0, 0, 0x41, 0x7a, 0xd8, 0xdb, 0xdc, 0xdf, 0xe9, 0xff, 0x3d];
  return Array.from({ length: count }, () => {
    const length = Math.floor(rnd() * 40);
    return Buffer.from(Array.from({ length }, () => (rnd() < 0.8 ? interesting[Math.floor(rnd() * interesting.length)] : Math.floor(rnd() * 256))));
  });
}

/** `hex(N):` data as regedit writes it: 25 bytes on the first line, then continuation lines. */
function hexLines(name: string, type: number, b: Buffer): string[] {
  const bytes = [...b].map((x) => x.toString(16).padStart(2, '0'));
  const head = `"${name}"=${type === 3 ? 'hex' : `hex(${type.toString(16)})`}:`;
  if (bytes.length <= 25) return [head + bytes.join(',')];
  const lines = [`${head}${bytes.slice(0, 25).join(',')},\\`];
  for (let k = 25; k < bytes.length; k += 25) lines.push(`  ${bytes.slice(k, k + 25).join(',')}${k + 25 < bytes.length ? ',\\' : ''}`);
  return lines;
}

const TYPES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 11, 0x20];

test('hex(N) data of every type decodes as Buffer decodes the same bytes', () => {
  const values: { name: string; type: number; bytes: Buffer }[] = [];
  for (const type of TYPES) {
    const fixed = type === 4 || type === 5 ? 4 : type === 11 ? 8 : undefined;
    randomBytes(80, 7 + type).forEach((b, k) => values.push({ name: `t${type}v${k}`, type, bytes: fixed === undefined ? b : Buffer.concat([b, Buffer.alloc(8)]).subarray(0, fixed) }));
  }
  for (const indent of ['', '\t']) {
    const lines = ['Windows Registry Editor Version 5.00', '', `[${HKLM}]`, ...values.flatMap((v) => hexLines(v.name, v.type, v.bytes).map((l) => indent + l))];
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf16le')]);
    const parsed = parseRegistry(bytes, { file: 'x.reg' }).keys[0].values;
    assert.equal(parsed.length, values.length);
    parsed.forEach((p, k) => assert.deepEqual(p.data, expected(values[k].type, values[k].bytes), `${indent === '' ? 'one pass' : 'line parser'}: ${p.name} ${values[k].bytes.toString('hex')}`));
  }
});
