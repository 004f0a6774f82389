// Moving a snapshot to another thread as packed columns (src/snapshot/table-transfer.ts), and copying one with a
// field replaced: the same snapshot key for key and setting for setting, its table kept, no record built.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { collectServer } from '../src/collect/index.js';
import { canonicalJson, fingerprint } from '../src/snapshot/canonical.js';
import { fieldsOf, hasSettingsTable, snapshotWithTable, sortedSettings, tableFromSettings, withFields } from '../src/snapshot/table.js';
import { packSnapshot, unpackSnapshot } from '../src/snapshot/table-transfer.js';
import type { Setting, Snapshot } from '../src/types.js';

/** Through a worker's message: packed, structured-cloned with its buffers transferred, unpacked. */
function moved(s: Snapshot): Snapshot {
  const { packed, transfer } = packSnapshot(s);
  return unpackSnapshot(structuredClone(packed, { transfer }));
}

const fields = (): Omit<Snapshot, 'settings'> => ({
  schemaVersion: 3,
  server: { label: 'MAIN', names: [] },
  collected: { collector: { name: 'pairaudit', version: '0.0.0-test' }, profile: 'geo-scada', sources: [{ file: 'main.reg', kind: 'registry', bytes: 10, sha256: '00' }] },
  warnings: [{ file: 'main.reg', line: 3, message: 'a warning' }],
});

/** Settings of every shape a column may hold: each kind of value, fields present or not, text beyond Latin-1. */
const odd: [string, Setting][] = [
  ['__proto__', { value: 'kept as a plain key', source: { file: 'main.reg', key: 'K', line: 1, valueName: '__proto__' } }],
  ['a.bool', { value: true, regType: 'REG_DWORD', source: { file: 'main.reg', key: 'K', line: 2, valueName: 'B' } }],
  ['a.empty', { value: '', regType: 'REG_SZ', source: { file: 'main.reg', key: 'K', line: 3, valueName: '' } }],
  ['a.false', { assumed: false, value: false, source: { file: 'main.reg', key: 'K' } }],
  ['a.list', { assumed: true, value: ['x', '', 'ü'], regType: 'REG_MULTI_SZ', source: { file: 'main.reg', key: 'L', line: 9, valueName: 'List' } }],
  ['a.minus-zero', { value: -0, regType: 'REG_QWORD', source: { file: 'other.reg', key: 'K', line: 4, valueName: 'Z' } }],
  ['a.null', { value: null, source: { file: 'hostname.txt' } }],
  ['a.number', { value: 4294967295, regType: 'REG_DWORD', source: { file: 'main.reg', key: 'K', line: 5, valueName: 'N' } }],
  ['a.secret', { value: { secret: true, set: true, hmac: 'ab', keyId: 'k1' }, regType: 'REG_SZ', source: { file: 'main.reg', key: 'S', line: 6, valueName: 'Password' } }],
  ['a.unicode', { value: 'Zähler \u202e 計数 \ud83d\ude00', regType: 'REG_EXPAND_SZ', source: { file: 'main.reg', key: 'Ключ', line: 7, valueName: 'Wert\u0000x' } }],
  ['a.unset', { value: { secret: true, set: false }, source: { file: 'main.reg', key: 'S', valueName: 'Key' } }],
];

function oddSnapshot(): Snapshot {
  const names = odd.map(([n]) => n).sort();
  const byName = new Map(odd);
  return snapshotWithTable(fields(), tableFromSettings(names, names.map((n) => byName.get(n) as Setting)));
}

const snapshots: { name: string; make: () => Promise<Snapshot> | Snapshot; table: boolean }[] = [
  { name: 'a bundle with host facts and warnings', make: () => collectServer(join('fixtures', 'pairs', 'sample', 'main'), { toolVersion: '0.0.0-test', secretKey: 'k' }), table: true },
  { name: 'a bare export', make: () => collectServer(join('fixtures', 'inputs', 'bare', 'main.reg'), { toolVersion: '0.0.0-test', secretKey: 'k' }), table: true },
  { name: 'settings of every shape', make: oddSnapshot, table: true },
  {
    name: 'a library caller\'s table with a line that is not a number (sent whole)',
    make: () => {
      const s = oddSnapshot();
      return snapshotWithTable(fieldsOf(s), { ...sortedSettings(s), lines: sortedSettings(s).lines.map((l) => (l === 5 ? ('5' as unknown as number) : l)) });
    },
    table: false,
  },
  {
    name: 'a snapshot whose record was read (sent whole)',
    make: () => {
      const s = oddSnapshot();
      void s.settings;
      return s;
    },
    table: false,
  },
];

for (const c of snapshots) {
  test(`a snapshot moved to another thread is the same snapshot: ${c.name}`, async () => {
    const s = await c.make();
    const reference = await c.make();
    const back = moved(s);
    assert.equal(hasSettingsTable(back), c.table);
    // Names held as parts (a built snapshot's) arrive as parts, names held whole as names.
    if (c.table) assert.equal(sortedSettings(back).names.constructor, sortedSettings(s).names.constructor);
    assert.equal(fingerprint(back), fingerprint(reference));
    assert.equal(canonicalJson(back), canonicalJson(reference));
    // Key for key (the record built from the moved table in the same order), values of the same type (-0 stays -0).
    assert.deepEqual(Object.keys(back), Object.keys(reference));
    assert.deepStrictEqual(back, reference);
    assert.deepEqual(Object.keys(back.settings), Object.keys(reference.settings));
    assert.ok(Object.is(back.settings['a.minus-zero']?.value, reference.settings['a.minus-zero']?.value));
    assert.ok(Object.prototype.hasOwnProperty.call(back.settings, '__proto__') === Object.prototype.hasOwnProperty.call(reference.settings, '__proto__'));
    // The sender's snapshot still reads its table (only copies of it were transferred).
    assert.equal(fingerprint(s), fingerprint(reference));
  });
}

test('withFields replaces a field and shares the settings table: no record built, same as a spread', () => {
  const s = oddSnapshot();
  const copy = withFields(s, { server: { ...s.server, role: 'standby-a' } });
  assert.ok(hasSettingsTable(s) && hasSettingsTable(copy));
  const spread = { ...oddSnapshot(), server: { ...s.server, role: 'standby-a' as const } };
  assert.equal(fingerprint(copy), fingerprint(spread));
  assert.deepEqual(Object.keys(copy), Object.keys(spread));
  assert.deepStrictEqual(copy, spread);
  assert.equal(s.server.role, undefined, 'the original keeps its fields');
});

test('withFields on a snapshot without a table, or adding a field it lacks, is the spread', () => {
  const read = oddSnapshot();
  void read.settings;
  const noWarnings = snapshotWithTable({ schemaVersion: 3, server: { label: 'M', names: [] }, collected: fields().collected }, tableFromSettings([], []));
  const cases: [Snapshot, Partial<Omit<Snapshot, 'settings'>>][] = [
    [read, { server: { label: 'X', names: [] } }],
    [noWarnings, { warnings: [] }],
  ];
  for (const [s, patch] of cases) {
    const copy = withFields(s, patch);
    assert.deepEqual(Object.keys(copy), Object.keys({ ...s, ...patch }));
    assert.deepStrictEqual(copy, { ...s, ...patch });
  }
});

test('fieldsOf reads every field but the settings, in order, without building the record', () => {
  const s = oddSnapshot();
  assert.deepEqual(Object.keys(fieldsOf(s)), ['schemaVersion', 'server', 'collected', 'warnings']);
  assert.ok(hasSettingsTable(s));
});
