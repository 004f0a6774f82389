// A built snapshot's sorted settings table: the fingerprint and the accessors read it without building the
// `settings` record; reading the record builds it once, and from then on the record is the only truth.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { collectServer } from '../src/collect/index.js';
import { canonicalJson, fingerprint, getSetting, settingCount, settingsByLowerName, sortedSettings } from '../src/snapshot/index.js';
import { hasSettingsTable, numberOrigins, provenanceAt, settingAt, snapshotWithTable, tableFromSettings } from '../src/snapshot/table.js';
import type { Setting, Snapshot } from '../src/types.js';
import { nameArray } from '../src/snapshot/name-column.js';

const built = () => collectServer(join('fixtures', 'pairs', 'sample', 'main'), { toolVersion: '0.1.0' });

/** The same snapshot as plain data (its record built, no table). */
const plain = (s: Snapshot): Snapshot => JSON.parse(JSON.stringify(s)) as Snapshot;

test('fingerprint, canonical JSON and the accessors read the table and leave the record unbuilt', async () => {
  const s = await built();
  const reference = plain(await built());
  assert.ok(hasSettingsTable(s));
  assert.equal(fingerprint(s), fingerprint(reference));
  assert.equal(canonicalJson(s), canonicalJson(reference));
  assert.equal(settingCount(s), Object.keys(reference.settings).length);
  assert.deepEqual(nameArray(sortedSettings(s).names), Object.keys(reference.settings).sort());
  assert.deepEqual([...settingsByLowerName(s)], [...settingsByLowerName(reference)]);
  assert.ok(hasSettingsTable(s), 'still unbuilt');
});

const LOOKUPS: { name: string; expect: string | undefined }[] = [
  { name: 'db.port', expect: 'db.port' },
  { name: 'DB.PORT', expect: 'db.port' },
  { name: 'server.label', expect: 'server.label' },
  { name: 'no.such.setting', expect: undefined },
  { name: '', expect: undefined },
];

for (const c of LOOKUPS) {
  test(`getSetting(${JSON.stringify(c.name)}) finds the same setting in the table as in the record`, async () => {
    const s = await built();
    const reference = plain(await built());
    const got = getSetting(s, c.name);
    assert.deepEqual(got, c.expect === undefined ? undefined : reference.settings[c.expect]);
    assert.deepEqual(got, getSetting(reference, c.name));
    assert.ok(hasSettingsTable(s));
  });
}

test('the record is built on first read, in the key order of canonical JSON, and is the snapshot every copy sees', async () => {
  const s = await built();
  const reference = plain(await built());
  assert.deepEqual(Object.keys(s), Object.keys(reference));
  assert.deepEqual(Object.keys(s), ['collected', 'schemaVersion', 'server', 'settings', ...(s.warnings !== undefined ? ['warnings'] : [])]);
  assert.deepEqual({ ...s }, reference);
  assert.deepEqual(structuredClone(s), reference);
  assert.equal(s.settings, s.settings, 'built once');
  assert.ok(!hasSettingsTable(s));
  assert.deepEqual(s, reference);
});

test('a record changed after it was built is what the fingerprint and the accessors read (no stale table)', async () => {
  const s = await built();
  const before = fingerprint(s);
  s.settings['db.port'] = { ...s.settings['db.port'], value: 1 };
  s.settings['zz.added'] = { source: { file: 'x' }, value: 'new' };
  const after = fingerprint(s);
  assert.notEqual(after, before);
  assert.equal(after, fingerprint(plain(s)));
  assert.equal(getSetting(s, 'zz.added')?.value, 'new');
  assert.equal(getSetting(s, 'DB.Port')?.value, 1);
  assert.equal(settingCount(s), Object.keys(s.settings).length);
  // Replacing the whole record works too.
  const t = await built();
  t.settings = { only: { source: { file: 'x' }, value: 1 } };
  assert.deepEqual(nameArray(sortedSettings(t).names), ['only']);
  assert.equal(fingerprint(t), fingerprint(plain(t)));
});

test('a snapshot frozen before its settings were read still reads them, the same every time', async () => {
  const s = Object.freeze(await built());
  const reference = plain(await built());
  assert.deepEqual(s.settings, reference.settings);
  assert.equal(s.settings, s.settings);
  assert.equal(fingerprint(s), fingerprint(reference));
  assert.equal(getSetting(s, 'DB.PORT'), s.settings['db.port']);
  assert.deepEqual(JSON.parse(JSON.stringify(s)), reference);
});

// ─── The columns ────────────────────────────────────────────────────────────────────────────────

const SETTINGS: [string, Setting][] = [
  ['a.first', { regType: 'REG_SZ', source: { file: 'main.reg', key: 'HKLM\\K1', line: 4, valueName: 'First' }, value: 'x' }],
  ['a.second', { assumed: true, regType: 'REG_DWORD', source: { file: 'main.reg', key: 'HKLM\\K1', line: 5, valueName: 'Second' }, value: 5 }],
  ['b.host', { source: { file: 'hostname.txt' }, value: 'srv-a' }],
  ['c.again', { assumed: false, source: { file: 'main.reg', key: 'HKLM\\K1', line: 9 }, value: ['p', 'q'] }],
  ['d.other', { regType: 'REG_TYPE_99', source: { file: 'main.reg', key: 'HKLM\\K2', valueName: '' }, value: null }],
  ['e.volumes', { source: { file: 'volumes.txt', line: 2 }, value: 10 }],
  ['__proto__', { source: { file: 'hostname.txt', line: 1 }, value: true }],
];

test('tableFromSettings keeps every field of every setting, and settingAt gives the same setting back', () => {
  const sorted = [...SETTINGS].sort(([a], [b]) => (a < b ? -1 : 1));
  const t = tableFromSettings(
    sorted.map(([n]) => n),
    sorted.map(([, s]) => s),
  );
  sorted.forEach(([, s], i) => {
    assert.deepEqual(settingAt(t, i), s);
    assert.deepEqual(Object.keys(settingAt(t, i)), Object.keys(s), 'fields in the same (sorted) order');
    assert.deepEqual(Object.keys(provenanceAt(t, i)), Object.keys(s.source));
  });
});

test('origins: one per (file, key), numbered in the order the rows first cite them', () => {
  const sorted = [...SETTINGS].sort(([a], [b]) => (a < b ? -1 : 1));
  const t = tableFromSettings(
    sorted.map(([n]) => n),
    sorted.map(([, s]) => s),
  );
  // __proto__ (hostname.txt), a.first + a.second (K1), b.host (hostname.txt again), c.again (K1), d.other (K2), e.volumes.
  assert.deepEqual(t.origins, [{ file: 'hostname.txt' }, { file: 'main.reg', key: 'HKLM\\K1' }, { file: 'main.reg', key: 'HKLM\\K2' }, { file: 'volumes.txt' }]);
  assert.deepEqual([...t.originIds], [0, 1, 1, 0, 1, 2, 3]);
});

const NUMBERING: { raw: number[]; origins: string[]; ids: number[]; order: string[] }[] = [
  { raw: [], origins: ['a'], ids: [], order: [] },
  { raw: [2, 2, 0, 1, 0], origins: ['a', 'b', 'c'], ids: [0, 0, 1, 2, 1], order: ['c', 'a', 'b'] },
  { raw: [3, 1, 3], origins: ['a', 'b', 'c', 'd'], ids: [0, 1, 0], order: ['d', 'b'] },
];

for (const c of NUMBERING) {
  test(`numberOrigins(${JSON.stringify(c.raw)}) renumbers by first citation and drops origins nothing cites`, () => {
    const raw = Uint32Array.from(c.raw);
    const origins = numberOrigins(
      raw,
      c.origins.map((file) => ({ file })),
    );
    assert.deepEqual([...raw], c.ids);
    assert.deepEqual(
      origins.map((o) => o.file),
      c.order,
    );
  });
}

test('a built table read as a record keeps a setting named __proto__ as a plain key', async () => {
  const s = await built();
  const t = sortedSettings(s);
  const names = [...nameArray(t.names), '__proto__'].sort();
  const at = names.indexOf('__proto__');
  const settings = names.map((n) => (n === '__proto__' ? { source: { file: 'x' }, value: 1 } : settingAt(t, nameArray(t.names).indexOf(n))));
  const withProto = snapshotWithTable({ collected: s.collected, schemaVersion: s.schemaVersion, server: s.server }, tableFromSettings(names, settings));
  assert.equal(fingerprint(withProto), fingerprint(plain(withProto)));
  assert.ok(Object.prototype.hasOwnProperty.call(withProto.settings, '__proto__'));
  assert.equal(Object.getPrototypeOf(withProto.settings), Object.prototype);
  assert.equal(Object.keys(withProto.settings)[at], '__proto__');
});
