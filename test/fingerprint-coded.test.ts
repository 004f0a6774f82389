// The fingerprint of a snapshot collected from an export, whose table holds registry types, flags, value names and
// lines as codes (writeCodedGroups), against the reference: fast-json-stable-stringify of the grouped document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import stringify from 'fast-json-stable-stringify';
import { canonicalJson, fingerprint, groupedDocument } from '../src/snapshot/index.js';
import { writeGrouped } from '../src/snapshot/grouped.js';
import { byteColumns, sortedSettings } from '../src/snapshot/table.js';
import { collectFromBytes } from '../src/collect/index.js';
import type { Snapshot } from '../src/types.js';
import { written } from './snapshot-builders.js';
import { pairBlocks } from './bench/generate.js';

const ROOT = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA';

function collected(...lines: string[]): Snapshot {
  // The key's own section first, as an export of it writes it (an export of one subkey is refused).
  return collectedText(['Windows Registry Editor Version 5.00', '', `[${ROOT}]`, '', ...lines, ''].join('\r\n'));
}

function collectedText(text: string): Snapshot {
  const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  return collectFromBytes(bytes, 'main.reg', { at: '2026-12-01T12:00:00.000Z', secretKey: 'k', toolVersion: '0.1.0' });
}

const long = 'x'.repeat(70_000);

const CASES: { name: string; lines: string[] }[] = [
  { name: 'mapped settings: DWORDs, strings, the same value names under several keys', lines: [`[${ROOT}\\DB]`, '"Port"=dword:00001569', `[${ROOT}\\Partners]`, '"ServerLabel"="SITE-A"', '"Type"=dword:00000001', `[${ROOT}\\Partners\\StandbyA]`, '"Address"="site-b"', '"Port"=dword:00001569'] },
  {
    name: 'unmapped keys: default values, escapes, control and non-ASCII text, astral characters, lone surrogates',
    lines: [`[${ROOT}\\Zähler\\Ünits]`, '@="default"', '"Quote\\"d"="a \\"b\\" c\\\\d"', '"Wert"="Grüße 😀"', '"Tab"=hex(1):41,00,09,00,42,00,00,00', '"Lone"=hex(1):00,d8,41,00,00,00', '"Del"=hex(1):7f,00,00,00', `[${ROOT}\\Empty]`, '""=""'],
  },
  {
    name: 'every value type: multi-strings, binary, QWORD, expand strings, big-endian DWORD, a deleted value, an empty multi-string',
    lines: [
      `[${ROOT}\\Types]`,
      '"Multi"=hex(7):61,00,00,00,62,00,00,00,00,00',
      '"NoMulti"=hex(7):00,00',
      '"Bin"=hex:01,02,ff',
      '"Q"=hex(b):01,00,00,00,00,00,00,00',
      '"Exp"=hex(2):25,00,41,00,25,00,00,00',
      '"Big"=hex(5):00,00,01,00',
      '"Gone"=-',
      '"Odd"=hex(99):01',
    ],
  },
  { name: 'a value longer than a piece of the writer (written as the reference row)', lines: [`[${ROOT}\\Long]`, `"Long"="${long}"`, '"After"="y"'] },
  { name: 'a value name longer than a piece of the writer', lines: [`[${ROOT}\\LongName]`, `"${long}"="v"`, '"Short"="w"'] },
];

/** A generated pair of 2,000 settings a server (the bench's): drivers with assumed settings, values with no value name. */
function generatedPair(): Snapshot[] {
  const main: string[] = [];
  const standby: string[] = [];
  for (const b of pairBlocks({ settings: 2000, seed: 7 })) {
    main.push(b.main);
    standby.push(b.standby);
  }
  return [collectedText(main.join('')), collectedText(standby.join(''))];
}

const SNAPSHOTS: { name: string; snapshot: () => Snapshot }[] = [
  ...CASES.map((c) => ({ name: c.name, snapshot: () => collected(...c.lines) })),
  { name: 'a generated Main of 2,000 settings', snapshot: () => generatedPair()[0] },
  { name: 'a generated Standby of 2,000 settings, built after its Main', snapshot: () => generatedPair()[1] },
];

for (const c of SNAPSHOTS) {
  test(`the fingerprint of a collected export is the sha256 of the grouped document's stable JSON, in pieces of any size: ${c.name}`, () => {
    const s = c.snapshot();
    const columns = byteColumns(sortedSettings(s));
    assert.ok(columns?.regTypes?.codes !== undefined && columns.valueNames?.ids !== undefined && columns.lines?.codes !== undefined && columns.assumed?.codes !== undefined, 'the table holds codes');
    const written4 = (size?: number): string => written((out) => writeGrouped(s, out), size).text;
    const text = written4();
    // The reference reads the columns through their accessors: the table keeps its codes.
    const reference = stringify(groupedDocument(s));
    assert.equal(text, reference);
    for (const size of [64, 100, 4096]) assert.equal(written4(size), reference, `piece ${size}`);
    assert.equal(fingerprint(s), createHash('sha256').update(reference, 'utf8').digest('hex'));
    assert.equal(canonicalJson(s), reference);
  });
}

test('a collected table whose codes were made into arrays is written as before they were', () => {
  const s = collected(`[${ROOT}\\DB]`, '"Port"=dword:00001569', '"Name"="db"', `[${ROOT}\\Zähler]`, '@="x"');
  const before = canonicalJson(s);
  const t = sortedSettings(s);
  assert.ok(t.valueNames.length > 0);
  assert.equal(byteColumns(t)?.valueNames, undefined);
  assert.notEqual(byteColumns(t)?.lines, undefined);
  assert.equal(canonicalJson(s), before);
});
