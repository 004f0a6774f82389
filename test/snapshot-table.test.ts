// A built snapshot's sorted settings table: the fingerprint and the accessors read it without building the
// `settings` record; reading the record builds it once, and from then on the record is the only truth.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { collectServer } from '../src/collect/index.js';
import { canonicalJson, fingerprint, getSetting, settingCount, settingsByLowerName, sortedSettings } from '../src/snapshot/index.js';
import { hasSettingsTable } from '../src/snapshot/table.js';
import type { Snapshot } from '../src/types.js';

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
  assert.deepEqual(sortedSettings(s).names, Object.keys(reference.settings).sort());
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
  assert.deepEqual(sortedSettings(t).names, ['only']);
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
