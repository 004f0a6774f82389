// A built table's lines (an Int32Array entry per row) and value names (an id per row into the distinct names):
// every value read back as written, whatever a library caller's setting carries, through the builder, a
// snapshot's writers and a move to another thread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IdColumn, LineColumn, NO_LINE } from '../src/snapshot/typed-columns.js';
import { SettingsBuilder } from '../src/snapshot/settings-builder.js';
import { canonicalJson, fingerprint } from '../src/snapshot/index.js';
import { byteColumns, hasSettingsTable, lineAt, snapshotWithTable, sortedSettings, tableFromSettings, valueNameAt } from '../src/snapshot/table.js';
import { packSnapshot, unpackSnapshot } from '../src/snapshot/table-transfer.js';
import type { Setting, Snapshot } from '../src/types.js';

const many = (n: number, f: (i: number) => unknown): unknown[] => Array.from({ length: n }, (_, i) => f(i));

/** Values written in turn, then read back; `plain`: whether the column ends holding the values themselves. */
const LINE_CASES: { name: string; values: unknown[]; rows?: number; plain: boolean }[] = [
  { name: 'lines and no line', values: [3, undefined, 4, 1, undefined], plain: false },
  { name: 'the largest and smallest 32-bit lines, and 0', values: [0x7fffffff, -0x7fffffff, 0, 1], plain: false },
  { name: 'more rows than room made', values: many(3000, (i) => (i % 4 === 0 ? undefined : i)), rows: 2, plain: false },
  { name: 'a line past 32 bits', values: [1, 2 ** 31, 3], plain: true },
  { name: 'the code that stands for no line, as a line', values: [1, NO_LINE, undefined], plain: true },
  { name: 'a fraction', values: [1, 1.5], plain: true },
  { name: 'minus zero', values: [1, -0], plain: true },
  { name: 'a text, null, NaN (a library caller\u2019s)', values: ['12', null, Number.NaN, 4], plain: true },
];

for (const c of LINE_CASES) {
  test(`LineColumn: ${c.name}`, () => {
    const col = new LineColumn(c.rows ?? c.values.length);
    c.values.forEach((v, i) => col.set(i, v));
    assert.deepEqual(col.toArray(c.values.length), c.values);
    for (let i = 0; i < c.values.length; i++) assert.ok(Object.is(col.get(i), c.values[i]), `row ${i}`);
    assert.equal(col.codes === undefined, c.plain);
  });
}

/** `ids`: the width of an id once all are written (undefined: the values themselves). */
const ID_CASES: { name: string; values: unknown[]; rows?: number; ids: 2 | 4 | undefined }[] = [
  { name: 'names repeated, the default value "" and no name', values: ['Port', '', undefined, 'Port', 'Address', '', undefined], ids: 2 },
  { name: 'names beyond Latin-1', values: ['\u65e5\u672c', 'caf\u00e9', '\u{1f600}', '\u65e5\u672c'], ids: 2 },
  { name: 'names equal but for case are two names', values: ['port', 'Port', 'PORT', 'port'], ids: 2 },
  { name: 'more rows than room made', values: many(3000, (i) => (i % 5 === 0 ? undefined : `v${i % 7}`)), rows: 2, ids: 2 },
  { name: '65,535 distinct names (ids still 2 bytes)', values: many(65535, (i) => `n${i}`), ids: 2 },
  { name: 'a 65,536th distinct name (ids of 4 bytes)', values: [...many(65536, (i) => `n${i}`), 'n0', undefined, 'n65535'], ids: 4 },
  { name: 'a value name that is not a string (a library caller\u2019s)', values: ['a', 7, undefined, 'a'], ids: undefined },
];

for (const c of ID_CASES) {
  test(`IdColumn: ${c.name}`, () => {
    const col = new IdColumn(c.rows ?? c.values.length);
    c.values.forEach((v, i) => col.set(i, v));
    assert.deepEqual(col.toArray(c.values.length), c.values);
    for (let i = 0; i < c.values.length; i++) assert.equal(col.get(i), c.values[i], `row ${i}`);
    assert.equal(col.ids?.BYTES_PER_ELEMENT, c.ids);
    if (c.ids !== undefined) assert.equal(col.list.length, new Set(c.values.filter((v) => v !== undefined)).size, 'one entry per distinct name');
  });
}

test('IdColumn: shareWith keeps every row reading the same names, and new names still get ids', () => {
  const ours = new IdColumn(4);
  const theirs = new IdColumn(4);
  ['a', 'b', undefined, 'c'].forEach((v, i) => ours.set(i, v));
  ['c', 'a'].forEach((v, i) => theirs.set(i, v));
  ours.shareWith(theirs);
  assert.deepEqual(ours.toArray(4), ['a', 'b', undefined, 'c']);
  ours.set(4, 'a');
  ours.set(5, 'd');
  assert.deepEqual(ours.toArray(6), ['a', 'b', undefined, 'c', 'a', 'd']);
  assert.deepEqual(ours.list, ['a', 'b', 'c', 'd']);
});

/** Settings as a builder adds them (not sorted), with what a table reads back of their lines and value names. */
const SETTINGS: [string, Setting][] = [
  ['reg:K\\z', { regType: 'REG_SZ', source: { file: 'a.reg', key: 'K', line: 9, valueName: 'z' }, value: 'x' }],
  ['reg:K\\@', { regType: 'REG_SZ', source: { file: 'a.reg', key: 'K', line: 8, valueName: '' }, value: 'd' }],
  ['host.hostname', { source: { file: 'hostname.txt' }, value: 'h' }],
  ['reg:K\\\u65e5', { regType: 'REG_DWORD', source: { file: 'a.reg', key: 'K', line: 0x7fffffff, valueName: '\u65e5' }, value: 5 }],
  ['disk.C.freeBytes', { source: { file: 'volumes.json', line: 2 }, value: 10 }],
];

function builtSnapshot(settings: [string, Setting][] = SETTINGS): { snapshot: Snapshot; plain: ReturnType<typeof tableFromSettings> } {
  const b = new SettingsBuilder(() => undefined);
  for (const [name, setting] of settings) b.add(name, setting);
  const sorted = [...settings].sort(([a], [z]) => (a < z ? -1 : 1));
  const plain = tableFromSettings(
    sorted.map(([n]) => n),
    sorted.map(([, s]) => s),
  );
  const snapshot = snapshotWithTable({ collected: { collector: { name: 'pairaudit', version: '0' }, profile: 'p', sources: [] }, schemaVersion: 4, server: { label: 's', names: [] } } as unknown as Omit<Snapshot, 'settings'>, b.toTable());
  return { snapshot, plain };
}

test('a built table reads its lines and value names from typed columns, never making their arrays, and they equal the plain arrays', () => {
  const { snapshot, plain } = builtSnapshot();
  const t = sortedSettings(snapshot);
  const columns = byteColumns(t);
  assert.ok(columns?.lines instanceof LineColumn && columns.valueNames instanceof IdColumn);
  for (let i = 0; i < plain.names.length; i++) {
    assert.equal(lineAt(t, i), plain.lines[i], `line of row ${i}`);
    assert.equal(valueNameAt(t, i), plain.valueNames[i], `value name of row ${i}`);
  }
  // The writers read the columns too.
  fingerprint(snapshot);
  canonicalJson(snapshot);
  packSnapshot(snapshot);
  assert.ok(byteColumns(t)?.lines !== undefined && byteColumns(t)?.valueNames !== undefined, 'no array made');
  assert.deepEqual(t.lines, plain.lines);
  assert.deepEqual(t.valueNames, plain.valueNames);
  assert.equal(byteColumns(t)?.lines, undefined, 'the array is the column from then on');
});

test('a built table moved to another thread and back: the same snapshot, its columns typed again', () => {
  const { snapshot } = builtSnapshot([...SETTINGS, ['odd', { source: { file: 'x', line: 1.5 }, value: 'o' }]]);
  const before = { json: canonicalJson(snapshot), fp: fingerprint(snapshot) };
  const { packed } = packSnapshot(snapshot);
  const back = unpackSnapshot(structuredClone(packed));
  assert.ok(hasSettingsTable(back));
  const t = sortedSettings(back);
  assert.ok(byteColumns(t)?.valueNames instanceof IdColumn);
  assert.equal(canonicalJson(back), before.json);
  assert.equal(fingerprint(back), before.fp);
  assert.deepEqual(JSON.parse(JSON.stringify(back.settings)), JSON.parse(JSON.stringify(snapshot.settings)));
});
