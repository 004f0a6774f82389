// The byte writer behind the canonical snapshot text and its fingerprint: every piece of JSON exactly as
// JSON.stringify (strings, numbers) or fast-json-stable-stringify (the keyed document) writes it, as UTF-8,
// whatever the input holds and wherever the pieces break.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import stringify from 'fast-json-stable-stringify';
import { canonicalJson, fingerprint, fromKeyedDocument, keyedDocument, toSecretValue, type KeyedDocument } from '../src/snapshot/index.js';
import { bytesOf } from '../src/snapshot/json-bytes.js';
import { KEY, own, reg, snapOf, written } from './snapshot-builders.js';
import { writeKeyed } from '../src/snapshot/keyed.js';
import type { Setting, Snapshot } from '../src/types.js';

const PIECE_SIZES = [64, 100, 4096, undefined];
const COMMA = bytesOf(',');

const STRINGS: [string, string][] = [
  ['empty', ''],
  ['plain ASCII', 'reg:Server\\Tuning\\Group02499\\Param014'],
  ['quotes and backslashes', 'a"b\\c""\\\\'],
  ['every control character', Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('')],
  ['DEL and space', '\u007f \u007f'],
  ['Latin-1', 'Ünïcødé ÿ\u00a0'],
  ['BMP beyond Latin-1', 'Zähler € 東京 \ufffd \ufeff'],
  ['astral (surrogate pairs)', '😀 𝄞 \ud83d\ude00'],
  ['lone high surrogate', 'x\ud800'],
  ['lone low surrogate', '\udc00x'],
  ['reversed pair', '\udc00\ud800'],
  ['line and paragraph separators', 'a\u2028b\u2029c'],
  ['long ASCII (longer than a small piece)', 'p\\q'.repeat(200)],
  ['long non-ASCII (longer than a small piece)', 'é"😀\n'.repeat(100)],
];

for (const [name, s] of STRINGS) {
  test(`JsonBytes.string writes JSON.stringify's UTF-8, in pieces of any size: ${name}`, () => {
    for (const size of PIECE_SIZES) {
      const { text } = written((out) => {
        out.string(s);
        out.bytes(COMMA);
        out.string('a');
        out.string(s);
      }, size);
      assert.equal(text, `${JSON.stringify(s)},"a"${JSON.stringify(s)}`, `piece ${size}`);
    }
  });
}

const NUMBERS = [0, -0, 1, 9, 10, 99, 100, 999, 1000, 9999, 10000, 12345, 99999, 100000, 227139, 999999, 1000000, 9999999, 10000000, 99999999, 100000000, 999999999, 1e9, -(2 ** 31), 2 ** 31 - 2, 2 ** 31 - 1, 2 ** 31, 4294967295, 4294967296, -1, -10, -4294967295, 1.5, -0.5, 0.1 + 0.2, 1e21, 1e-7, 123e-20, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), Number.MAX_VALUE, Number.MIN_VALUE, NaN, Infinity, -Infinity];

test('JsonBytes.number writes what JSON.stringify writes for every kind of number (null when not finite)', () => {
  for (const size of PIECE_SIZES) {
    const { text } = written((out) => {
      NUMBERS.forEach((x, i) => {
        if (i > 0) out.bytes(COMMA);
        out.number(x);
      });
    }, size);
    assert.equal(text, JSON.stringify(NUMBERS).slice(1, -1), `piece ${size}`);
  }
});

test('JsonBytes hands on full pieces of the size asked for, text longer than a piece in one of its own', () => {
  const { text, pieces } = written((out) => {
    for (let i = 0; i < 50; i++) out.string('abcdefgh');
    out.raw('x'.repeat(500));
    out.number(7);
  }, 100);
  assert.equal(text, `${'"abcdefgh"'.repeat(50)}${'x'.repeat(500)}7`);
  assert.ok(pieces.every((n) => n <= 100 || n === 500), pieces.join(' '));
  assert.ok(pieces.filter((n) => n <= 100).length >= 5);
});

test('JsonBytes hands on a first piece of at most 4 KiB (so that a writer loop makes the call early), then full pieces', () => {
  const { text, pieces } = written((out) => {
    for (let i = 0; i < 100_000; i++) out.string('abcdefgh');
  });
  assert.equal(text.length, 1_000_000);
  assert.ok(pieces[0] <= 4096 && pieces[0] > 4000, pieces.join(' '));
  const full = pieces.slice(1, -1);
  assert.ok(full.length === 3 && full.every((n) => n > 262_000 && n <= 262_144), pieces.join(' '));
});

const snap = (settings: Record<string, Setting>, warnings?: Snapshot['warnings']): Snapshot => snapOf(3, settings, warnings);

const AWKWARD: { name: string; settings: Record<string, Setting>; warnings?: Snapshot['warnings'] }[] = [
  {
    name: 'non-ASCII, astral and escaped names, value names, values and key paths',
    settings: {
      'reg:Zähler\\Wert': reg('Wert', 'Grüße', {}, `${KEY}\\Zähler`),
      'reg:東京\\😀': reg('😀', '𝄞', {}, `${KEY}\\東京`),
      'reg:q"uote\\back': reg('q"uote', 'a\\"b'),
      'reg:ctl\u0001\t\n': reg('\u0000\u001f', '\r\n\b\f'),
      'reg:sep\u2028\u2029': reg('\u2028', '\u2029'),
    },
  },
  { name: 'lone surrogates in names, values and key paths', settings: { 'reg:\ud800': reg('\udc00', 'x\ud800y', {}, `${KEY}\\\udfff`), 'reg:\udbff\udfff': reg('ok', '\ud83d') } },
  {
    name: 'integer-like and empty names, a name "__proto__", names that sort by code unit',
    settings: own([
      ['9', reg('9', 9)],
      ['10', reg('10', 10)],
      ['0', reg('0', 0)],
      ['007', reg('007', '007')],
      ['4294967295', reg('4294967295', 4294967295)],
      ['', reg('', '')],
      ['__proto__', reg('p', 'q')],
      ['Zeta', reg('Zeta', 'z')],
      ['zeta', reg('zeta', 'z')],
      ['é', reg('é', 'é')],
      ['\uffff', reg('x', 'y')],
      ['😀', reg('x', 'y')],
    ]),
  },
  {
    name: 'secrets (hashed, presence, unset) beside plain values',
    settings: { pw: reg('Password', toSecretValue('x', 'k'), { regType: 'REG_BINARY' }), dpapi: reg('Blob', toSecretValue('01', 'k', 'presence')), unset: reg('Pwd', toSecretValue('')), plain: reg('Plain', 'x') },
  },
  {
    name: 'numbers: negative, huge, fractional, past 2^32 and 2^53',
    settings: {
      neg: reg('N', -1, { regType: 'REG_DWORD' }),
      big: reg('B', 4294967295, { regType: 'REG_DWORD' }),
      qword: reg('Q', 2 ** 53 - 1, { regType: 'REG_QWORD' }),
      past: reg('P', 2 ** 53 + 2),
      huge: reg('H', 1e300),
      frac: reg('F', 0.1 + 0.2),
      tiny: reg('T', -5e-324),
      zero: reg('Z', -0),
    },
  },
  {
    name: 'lists, booleans, null, assumed flags',
    settings: {
      empty: reg('E', [], { regType: 'REG_MULTI_SZ' }),
      list: reg('L', ['a', 'é"\\', '', '😀'], { regType: 'REG_MULTI_SZ', assumed: true }),
      off: reg('O', false, { assumed: false }),
      on: reg('On', true, { assumed: true }),
      nul: reg('Nul', null),
    },
  },
  {
    name: 'missing line, value name, key and registry type',
    settings: {
      'db.present': { source: { file: 'main.reg', key: KEY, line: 1 }, value: true },
      'host.hostname': { source: { file: 'hostname.txt', line: 1 }, value: 'scada-a' },
      'host.names': { source: { file: 'hostname.txt' }, value: ['scada-a', 'scada-a.example'] },
      'volumes.x': { source: { file: 'volumes.json', valueName: 'x' }, value: 1 },
      'files.é': { source: { file: 'dossier/é"\\.reg', key: '', line: 2, valueName: '' }, value: 'x' },
    },
  },
  {
    name: 'thousands of settings, so that the text spans many pieces',
    settings: Object.fromEntries(
      Array.from({ length: 6000 }, (_, i): [string, Setting] => [`reg:Server\\Tuning\\Group${String(i >> 4).padStart(5, '0')}\\Param${i % 16}${i % 97 === 0 ? 'é' : ''}`, reg(`Param${i % 16}`, i % 3 === 0 ? i * 7919 : `value-${i.toString(36)}`, {}, `${KEY}\\Group${i >> 4}`, i + 2)]),
    ),
  },
  {
    name: 'fields of other types than a snapshot has (a hand-edited file), a value left out, a setting larger than a piece',
    settings: {
      odd: { assumed: 'yes', regType: 7, source: { file: 'main.reg', key: KEY, line: '12', valueName: 5 }, value: 'x' } as unknown as Setting,
      oddAssumed: reg('A', 'x', { assumed: 'yes' as unknown as boolean }),
      oddLine: reg('L', 'x', {}, KEY, '12' as unknown as number),
      oddRegType: reg('R', 'x', { regType: (() => 'REG_SZ') as unknown as Setting['regType'] }),
      oddValueName: reg(5 as unknown as string, 'x'),
      oddList: reg('L', [1, 'a', null] as unknown as string[]),
      gone: reg('G', undefined as unknown as string),
      nan: reg('N', NaN, {}, KEY, NaN),
      huge: reg('H', 'é\\"'.repeat(100_000)),
      hugeAscii: reg('HA', 'ab'.repeat(200_000)),
    },
  },
  {
    name: 'every shape of a setting (assumed, registry type, line, value name), origins cited out of order and again',
    settings: Object.fromEntries(
      Array.from({ length: 3 * 4 * 2 * 2 * 3 }, (_, i): [string, Setting] => {
        const assumed = [undefined, true, false][i % 3];
        const regType = [undefined, 'REG_SZ', 'REG_DWORD', 'REG_\u00e9"\\\u2028'][(i >> 2) % 4] as Setting['regType'];
        const line = (i >> 4) % 2 === 0 ? undefined : i * 37;
        const valueName = (i >> 5) % 2 === 0 ? undefined : `V${i}`;
        const key = [KEY, `${KEY}\\Other`, undefined][i % 7 % 3];
        const source: Setting['source'] = { file: i % 5 === 0 ? 'other.reg' : 'main.reg' };
        if (key !== undefined) source.key = key;
        if (line !== undefined) source.line = line;
        if (valueName !== undefined) source.valueName = valueName;
        const setting: Setting = { source, value: i % 2 === 0 ? i : `v${i}` };
        if (assumed !== undefined) setting.assumed = assumed;
        if (regType !== undefined) setting.regType = regType;
        return [`s${String(i).padStart(3, '0')}`, setting];
      }),
    ),
  },
  {
    name: 'settings of one registry key in a row, with and without line and value name in turn',
    settings: Object.fromEntries(
      Array.from({ length: 12 }, (_, i): [string, Setting] => [`k${String(i).padStart(2, '0')}`, reg(i % 2 === 0 ? `V${i}` : undefined, i, {}, KEY, i % 4 < 2 ? i + 1 : undefined)]),
    ),
  },
  { name: 'warnings with awkward text', settings: { a: reg('A', 1) }, warnings: [{ file: 'main.reg', line: 2, message: 'bad "é" \\ \u2028' }, { file: 'x', message: '' }] },
];

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

for (const c of AWKWARD) {
  test(`the canonical text is fast-json-stable-stringify of the keyed document, in pieces of any size: ${c.name}`, () => {
    const s = snap(c.settings, c.warnings);
    const reference = stringify(keyedDocument(s));
    assert.equal(canonicalJson(s), reference);
    assert.equal(fingerprint(s), sha256(reference));
    for (const size of PIECE_SIZES) assert.equal(written((out) => writeKeyed(s, out), size).text, reference, `piece ${size}`);
    // Read back from the text: the same settings, the same bytes.
    const back = fromKeyedDocument(JSON.parse(reference) as KeyedDocument);
    assert.deepEqual(Object.keys(back.settings).sort(), Object.keys(s.settings).sort());
    assert.equal(canonicalJson(back), reference);
  });
}

test('a setting named "__proto__" is written as a plain setting and read back as one', () => {
  const s = snap(own([['__proto__', reg('p', 'q')]]));
  const text = canonicalJson(s);
  assert.ok(text.includes('"settings":{"__proto__":{"regType":"REG_SZ","source":{"line":3,"origin":0,"valueName":"p"},"value":"q"}}'), text);
  const back = fromKeyedDocument(JSON.parse(text) as KeyedDocument);
  assert.ok(Object.prototype.hasOwnProperty.call(back.settings, '__proto__'));
  assert.equal(Object.getPrototypeOf(back.settings), Object.prototype);
});
