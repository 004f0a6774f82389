// Registry types and `assumed` flags held a byte per row (ByteColumn), and a built table that makes their
// arrays only when they are read: every reader sees the values a plain table holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ByteColumn } from '../src/snapshot/byte-column.js';
import { assumedAt, builtTable, lineAt, regTypeAt, settingAt, tableFromSettings, valueNameAt } from '../src/snapshot/table.js';
import { IdColumn, LineColumn } from '../src/snapshot/typed-columns.js';
import type { RegTypeName, Setting } from '../src/types.js';

/** Values written in turn (undefined among them), then read back, before and after a permutation. */
const COLUMN_CASES: { name: string; values: (string | undefined)[]; rows?: number }[] = [
  { name: 'a few values repeated, undefined between', values: ['REG_SZ', 'REG_SZ', undefined, 'REG_DWORD', 'REG_SZ', undefined, 'REG_BINARY'] },
  { name: 'no value at all', values: [undefined, undefined] },
  { name: 'more rows than room made', values: Array.from({ length: 3000 }, (_, i) => (i % 3 === 0 ? undefined : `REG_TYPE_${i % 7}`)), rows: 2 },
  { name: '255 distinct values (still bytes)', values: Array.from({ length: 600 }, (_, i) => `REG_TYPE_${i % 255}`) },
  { name: 'a 256th distinct value (then the values themselves)', values: Array.from({ length: 600 }, (_, i) => (i % 5 === 4 ? undefined : `REG_TYPE_${i}`)) },
];

for (const c of COLUMN_CASES) {
  test(`ByteColumn: ${c.name}`, () => {
    const col = new ByteColumn<string>(c.rows ?? c.values.length);
    c.values.forEach((v, i) => col.set(i, v));
    assert.deepEqual(col.toArray(c.values.length), c.values);
    for (let i = 0; i < c.values.length; i++) assert.equal(col.get(i), c.values[i], `row ${i}`);
    const order = c.values.map((_, i) => c.values.length - 1 - i);
    assert.deepEqual(col.permuted(order).toArray(order.length), order.map((i) => c.values[i]));
    // Written again in place: the new value, whatever was there.
    col.set(0, 'REG_SZ');
    col.set(1, undefined);
    assert.equal(col.get(0), 'REG_SZ');
    assert.equal(col.get(1), undefined);
    assert.deepEqual(col.toArray(c.values.length).slice(2), c.values.slice(2));
  });
}

test('ByteColumn: booleans and other values a library caller may pass, kept as they are', () => {
  const odd = { x: 1 };
  const values: unknown[] = [true, false, undefined, true, 'yes', 0, odd, Number.NaN, false];
  const col = new ByteColumn<unknown>(values.length);
  values.forEach((v, i) => col.set(i, v));
  assert.deepEqual(col.toArray(values.length), values);
  assert.equal(col.get(6), odd);
});

const settings: [string, Setting][] = [
  ['a', { assumed: true, regType: 'REG_SZ', source: { file: 'a.reg', key: 'K', line: 3, valueName: 'a' }, value: 'x' }],
  ['b', { regType: 'REG_DWORD', source: { file: 'a.reg', key: 'K', line: 4, valueName: 'b' }, value: 5 }],
  ['c', { source: { file: 'host.txt' }, value: 'h' }],
  ['d', { assumed: false, regType: 'REG_SZ', source: { file: 'a.reg', key: 'K', line: 6, valueName: 'd' }, value: 'y' }],
];

/** The table of `settings` as the builder makes it: registry types and flags as bytes, value names and lines as typed columns. */
function built() {
  const plain = tableFromSettings(
    settings.map(([n]) => n),
    settings.map(([, s]) => s),
  );
  const regTypes = new ByteColumn<RegTypeName>(2);
  const assumed = new ByteColumn<boolean>(2);
  const valueNames = new IdColumn(2);
  const lines = new LineColumn(2);
  settings.forEach(([, s], i) => {
    regTypes.set(i, s.regType);
    assumed.set(i, s.assumed);
    valueNames.set(i, s.source.valueName);
    lines.set(i, s.source.line);
  });
  const { names, values, originIds, origins } = plain;
  return { plain, table: builtTable({ names, values, originIds, origins }, { regTypes, assumed, valueNames, lines }, settings.length) };
}

test('a built table reads as the plain table: settings, rows, its arrays when asked for, its keys in the same order', () => {
  const { plain, table } = built();
  for (let i = 0; i < settings.length; i++) {
    assert.deepEqual(settingAt(table, i), settings[i][1]);
    assert.equal(regTypeAt(table, i), plain.regTypes[i]);
    assert.equal(assumedAt(table, i), plain.assumed[i]);
    assert.equal(valueNameAt(table, i), plain.valueNames[i]);
    assert.equal(lineAt(table, i), plain.lines[i]);
  }
  assert.deepEqual(Object.keys(table), Object.keys(plain));
  assert.deepEqual(table.regTypes, plain.regTypes);
  assert.deepEqual(table.assumed, plain.assumed);
  assert.deepEqual(table.valueNames, plain.valueNames);
  assert.deepEqual(table.lines, plain.lines);
  assert.deepEqual({ ...table, originIds: [...table.originIds] }, { ...plain, originIds: [...plain.originIds] });
});

test('a built table: once its arrays were read they are the columns, and a change to them is what every reader sees', () => {
  const { table } = built();
  (table.regTypes as (RegTypeName | undefined)[])[1] = 'REG_QWORD';
  (table.assumed as (boolean | undefined)[])[2] = true;
  (table.valueNames as (string | undefined)[])[2] = 'C\u00e9';
  (table.lines as (number | undefined)[])[0] = 30;
  assert.equal(regTypeAt(table, 1), 'REG_QWORD');
  assert.equal(assumedAt(table, 2), true);
  assert.equal(valueNameAt(table, 2), 'C\u00e9');
  assert.equal(lineAt(table, 0), 30);
  assert.deepEqual(settingAt(table, 1).regType, 'REG_QWORD');
  assert.equal(settingAt(table, 2).assumed, true);
  assert.deepEqual(settingAt(table, 2).source, { file: 'host.txt', valueName: 'C\u00e9' });
  assert.equal(settingAt(table, 0).source.line, 30);
  for (const key of ['regTypes', 'assumed', 'valueNames', 'lines'] as const) assert.equal(table[key], table[key], `${key} made once`);
});
