// Snapshot format 3: the keyed canonical form (each source file and registry key once), its fingerprint,
// reading it back, and formats 1 and 2 keeping their own canonical form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import stringify from 'fast-json-stable-stringify';
import { canonicalJson, fingerprint, fromKeyedDocument, keyedDocument, parseSnapshotJson, toSecretValue, validateSnapshot, withFields, type KeyedDocument } from '../src/snapshot/index.js';
import { collectServer } from '../src/collect/index.js';
import { InputError } from '../src/errors.js';
import type { Setting, Snapshot } from '../src/types.js';

const KEY = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA\\DB';
const OTHER = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA\\Server';

function reg(valueName: string, value: Setting['value'], key = KEY, file = 'main.reg', line = 3): Setting {
  return { regType: typeof value === 'number' ? 'REG_DWORD' : 'REG_SZ', source: { file, key, line, valueName }, value };
}

function snap(settings: Record<string, Setting>, schemaVersion: 1 | 2 | 3 = 3, warnings?: Snapshot['warnings']): Snapshot {
  const s: Snapshot = {
    schemaVersion,
    server: { label: 'A', names: ['a'] },
    collected: { at: '2026-11-25T12:00:00.000Z', collector: { name: 'pairaudit', version: '0.1.0' }, profile: 'geo-scada', sources: [{ kind: 'registry', file: 'main.reg', sha256: 'a'.repeat(64), bytes: 10 }] },
    settings,
  };
  if (warnings !== undefined) s.warnings = warnings;
  return s;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const CASES: { name: string; snapshot: Snapshot }[] = [
  { name: 'no settings', snapshot: snap({}) },
  { name: 'values of one key', snapshot: snap({ 'db.port': reg('Port', 5481), 'db.name': reg('Name', 'x', KEY, 'main.reg', 4), 'reg:DB\\@': reg('', 'd', KEY, 'main.reg', 2) }) },
  {
    name: 'two keys, two files, a file without key, a present-mapping (no value name)',
    snapshot: snap({
      'a.port': reg('Port', 1, OTHER),
      'b.port': reg('Port', 2, KEY),
      'c.port': reg('Port', 3, OTHER, 'standby.reg'),
      'db.present': { source: { file: 'main.reg', key: KEY, line: 1 }, value: true },
      'host.hostname': { source: { file: 'hostname.txt', line: 1 }, value: 'scada-a' },
      'host.names': { source: { file: 'hostname.txt' }, value: ['scada-a', 'scada-a.example'] },
    }),
  },
  {
    name: 'secrets, assumed, null, lists, booleans, an empty key path and value name',
    snapshot: snap({
      pw: reg('Password', toSecretValue('x', 'k')),
      dpapi: reg('Blob', toSecretValue('01', 'k', 'presence')),
      unset: reg('Pwd', toSecretValue('')),
      'm.list': { assumed: true, regType: 'REG_MULTI_SZ', source: { file: 'main.reg', key: '', line: 9, valueName: '' }, value: ['a', 'b'] },
      'm.off': { assumed: false, source: { file: 'main.reg', key: KEY, line: 8, valueName: 'Off' }, value: false },
      'm.null': { source: { file: 'main.reg', key: KEY, line: 7, valueName: 'N' }, value: null },
    }),
  },
  {
    name: 'names in any order: integer-like, escaped, non-ASCII, a name only case differs from',
    snapshot: snap({
      '10': reg('10', 1),
      '9': reg('9', 2),
      'reg:Ünïcødé\\"q"\n\u2028': reg('"q"\n\u2028', 'x\ud800\t', `${KEY}\\Ünïcødé`),
      'Zeta': reg('Zeta', 'z'),
      'alpha': reg('alpha', 'a'),
    }),
  },
  { name: 'warnings', snapshot: snap({ 'db.port': reg('Port', 1) }, 3, [{ file: 'main.reg', line: 2, message: 'm' }, { file: 'x', message: 'n' }]) },
];

for (const c of CASES) {
  test(`format 3 canonical JSON is the stable JSON of the keyed document, and the fingerprint its sha256: ${c.name}`, () => {
    const text = canonicalJson(c.snapshot);
    assert.equal(text, stringify(keyedDocument(c.snapshot)));
    assert.equal(fingerprint(c.snapshot), sha256(text));
    // Read back: the same snapshot, from the file reader and from the store's reader.
    assert.deepEqual(validateSnapshot(JSON.parse(text), 'snap.json'), c.snapshot);
    assert.deepEqual(parseSnapshotJson(`\uFEFF${text}`, 'snap.json'), c.snapshot);
    const back = fromKeyedDocument(JSON.parse(text) as KeyedDocument);
    assert.deepEqual(back, c.snapshot);
    assert.equal(canonicalJson(back), text);
  });
}

test('format 3 names each key path once, whatever the number of its values; formats 1 and 2 once per setting', () => {
  const settings: Record<string, Setting> = {};
  for (let i = 0; i < 50; i++) settings[`reg:DB\\V${i}`] = reg(`V${i}`, i, KEY, 'main.reg', i + 2);
  const count = (text: string) => text.split(JSON.stringify(KEY).slice(1, -1)).length - 1;
  assert.equal(count(canonicalJson(snap(settings, 3))), 1);
  assert.equal(count(canonicalJson(snap(settings, 2))), 50);
  const doc = keyedDocument(snap(settings));
  assert.deepEqual(doc.origins, [{ file: 'main.reg', key: KEY }]);
  assert.deepEqual(doc.settings['reg:DB\\V7'].source, { line: 9, origin: 0, valueName: 'V7' });
});

test('format 3 written without its origins table (JSON.stringify of the in-memory snapshot) reads as the same snapshot', () => {
  for (const c of CASES) {
    const text = JSON.stringify(c.snapshot);
    assert.deepEqual(parseSnapshotJson(text, 'x.json'), c.snapshot, c.name);
    assert.equal(fingerprint(parseSnapshotJson(text, 'x.json')), fingerprint(c.snapshot), c.name);
  }
});

test('formats 1 and 2 keep their canonical form and fingerprint (the stored ones still verify)', () => {
  for (const v of [1, 2] as const) {
    const s = snap({ 'db.port': reg('Port', 5481), 'host.hostname': { source: { file: 'hostname.txt', line: 1 }, value: 'a' } }, v);
    assert.equal(canonicalJson(s), stringify(s));
    assert.equal(fingerprint(s), sha256(stringify(s)));
    assert.ok(!canonicalJson(s).includes('"origins"'));
  }
  // The same settings in format 3 are another document, so another fingerprint.
  const s2 = snap({ 'db.port': reg('Port', 5481) }, 2);
  assert.notEqual(fingerprint({ ...s2, schemaVersion: 3 }), fingerprint(s2));
});

test('origins are numbered by first citation in name order: the same settings give the same bytes however built', () => {
  const a = snap({ 'b.x': reg('X', 1, OTHER), 'a.y': reg('Y', 2, KEY) });
  const b = snap({ 'a.y': reg('Y', 2, KEY), 'b.x': reg('X', 1, OTHER) });
  assert.equal(canonicalJson(a), canonicalJson(b));
  assert.deepEqual(keyedDocument(a).origins, [{ file: 'main.reg', key: KEY }, { file: 'main.reg', key: OTHER }]);
});

// Parsed format 3 JSON mutated by each case; its shape is what the validator checks.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const BAD: { name: string; mutate: (o: Record<string, any>) => void; message: RegExp }[] = [
  { name: 'origins that are no list', mutate: (o) => (o.origins = {}), message: /"origins": expected a list of \{file, key\}, found an object/ },
  { name: 'no origins table, and provenance without its file', mutate: (o) => delete o.origins, message: /"settings.db.port.source.file": expected a string/ },
  { name: 'an origin without file', mutate: (o) => delete o.origins[0].file, message: /"origins\[0\].file": expected a string/ },
  { name: 'an origin with another field', mutate: (o) => (o.origins[0].line = 3), message: /"origins\[0\].line": an origin has only the fields file and key/ },
  { name: 'an origin index out of range', mutate: (o) => (o.settings['db.port'].source.origin = 1), message: /"settings.db.port.source.origin": expected the index of an entry of "origins" \(0 to 0\), found number 1/ },
  { name: 'no origin index', mutate: (o) => delete o.settings['db.port'].source.origin, message: /"settings.db.port.source.origin": expected the index/ },
  { name: 'a key path in the setting', mutate: (o) => (o.settings['db.port'].source.key = KEY), message: /"settings.db.port.source.key": format 3 names the file and key in "origins"/ },
  { name: 'an origins table in format 2', mutate: (o) => (o.schemaVersion = 2), message: /"origins": only formats 3 and 4 have an origins table/ },
  { name: 'a hash without key id', mutate: (o) => (o.settings['db.port'].value = { secret: true, set: true, hmac: 'a'.repeat(64) }), message: /"settings.db.port.value.keyId": a hashed secret names its key/ },
];

for (const c of BAD) {
  test(`validateSnapshot rejects a format 3 snapshot with ${c.name}, naming the field`, () => {
    const o = JSON.parse(canonicalJson(snap({ 'db.port': reg('Port', 5481) })));
    c.mutate(o);
    assert.throws(
      () => validateSnapshot(o, 'pair/main.json'),
      (e: unknown) => e instanceof InputError && e.exitCode === 2 && e.message.startsWith('pair/main.json: ') && c.message.test(e.message) && !e.message.includes('\n'),
    );
  });
}

test('format 3 of a collected snapshot: the sample pair reads back from its canonical JSON as built', async () => {
  for (const role of ['main', 'standby-a']) {
    // collect builds format 4 (snapshot-grouped.test.ts); the same snapshot said to be format 3 is written as format 3.
    const s = withFields(await collectServer(join('fixtures', 'pairs', 'sample', role), { toolVersion: '0.1.0' }), { schemaVersion: 3 });
    assert.equal(s.schemaVersion, 3);
    const text = canonicalJson(s);
    const doc = JSON.parse(text) as KeyedDocument;
    assert.ok(doc.origins.length < Object.keys(s.settings).length / 2, `${role}: ${doc.origins.length} origins for ${Object.keys(s.settings).length} settings`);
    assert.deepEqual(validateSnapshot(doc, 'x.json'), JSON.parse(JSON.stringify(s)));
    assert.equal(fingerprint(s), sha256(text));
  }
});
