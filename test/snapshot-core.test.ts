// Snapshot core: canonical JSON, fingerprint, diff (secrets by hash only), validation of snapshot files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson, fingerprint, diffSnapshots, validateSnapshot, parseSnapshotJson, toSecretValue, getSetting, runSecretKey, secretKeyId } from '../src/snapshot/index.js';
import { createHash } from 'node:crypto';
import stringify from 'fast-json-stable-stringify';
import { InputError } from '../src/errors.js';
import type { Setting, SettingValue, Snapshot } from '../src/types.js';

function snap(settings: Record<string, SettingValue | Setting>, schemaVersion: 1 | 2 = 1): Snapshot {
  const out: Record<string, Setting> = {};
  for (const [k, v] of Object.entries(settings)) {
    out[k] = typeof v === 'object' && v !== null && !Array.isArray(v) && 'source' in v ? (v as Setting) : { value: v as SettingValue, source: { file: 'a.reg', line: 1 } };
  }
  return {
    schemaVersion,
    server: { label: 'A', names: ['a'] },
    collected: { at: '2026-11-25T12:00:00.000Z', collector: { name: 'pairaudit', version: '0.1.0' }, profile: 'geo-scada', sources: [{ kind: 'registry', file: 'a.reg', sha256: 'a'.repeat(64), bytes: 10 }] },
    settings: out,
  };
}

test('canonical JSON sorts keys at every level, so insertion order does not matter', () => {
  const a = snap({ 'b.x': 1, 'a.y': 'two' });
  const b = snap({ 'a.y': 'two', 'b.x': 1 });
  assert.equal(canonicalJson(a), canonicalJson(b));
  assert.equal(fingerprint(a), fingerprint(b));
  assert.match(fingerprint(a), /^[0-9a-f]{64}$/);
  assert.ok(canonicalJson(a).startsWith('{"collected":'));
  assert.ok(!canonicalJson(a).includes('\n'));
});

test('fingerprint is stable across runs and changes with any setting', () => {
  const s = snap({ 'db.port': 5481 });
  assert.equal(fingerprint(s), fingerprint(structuredClone(s)));
  assert.notEqual(fingerprint(s), fingerprint(snap({ 'db.port': 5482 })));
  // Pinned: a change here means every stored fingerprint changes; bump schemaVersion if it is intended.
  assert.equal(fingerprint(s), fingerprint(JSON.parse(canonicalJson(s)) as Snapshot));
});

test('canonical JSON is exactly fast-json-stable-stringify, whatever the shape (it takes a faster path when keys are in order)', () => {
  const base = snap({ 'db.port': 5481, 'reg:Server\\X': { value: ['a', 'b'], regType: 'REG_MULTI_SZ', source: { valueName: 'X', line: 3, key: 'K', file: 'a.reg' }, assumed: true } });
  const odd = JSON.parse('{"__proto__": {"b": 1, "a": 2}, "a": 1}') as unknown;
  const cases: [string, unknown][] = [
    ['a built-like snapshot', base],
    ['keys out of order at the top', { zz: 1, ...base }],
    ['settings in reverse order', { ...base, settings: Object.fromEntries(Object.entries(base.settings).reverse()) }],
    ['integer-like keys (JSON.stringify writes them first)', { ...base, settings: { '10': base.settings['db.port'], '9': base.settings['db.port'], a: base.settings['db.port'] } }],
    ['in-order integer-like keys', { '1': 1, '2': { '3': 3 } }],
    ['a "__proto__" key', { b: odd, a: [odd] }],
    ['undefined, functions, non-finite numbers, -0', { b: undefined, a: [undefined, () => 1, NaN, Infinity, -0], c: () => 1, d: -0 }],
    ['empty objects and left-out values one and two levels down', { a: {}, b: { y: () => 1, x: undefined }, c: { z: { w: undefined }, s: Symbol('s') } }],
    ['a toJSON value', { b: new Date(0), a: 1 }],
    ['a null-prototype object', Object.assign(Object.create(null) as object, { b: 1, a: 2 })],
    ['strings that need escaping', { 'é"\u2028': 'x\ud800\n', '\u0000': '\t' }],
    ['deep arrays of unsorted objects', [[[{ b: [{ d: 1, c: 2 }], a: 1 }]]]],
  ];
  for (const [what, value] of cases) {
    assert.equal(canonicalJson(value as Snapshot), stringify(value), what);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      assert.equal(fingerprint(value as Snapshot), createHash('sha256').update(stringify(value), 'utf8').digest('hex'), what);
    }
  }
});

test('secrets: HMAC under the key, unset when empty, never the plaintext', () => {
  const v = toSecretValue('Pl@ntSecret-42', 'k1');
  assert.equal(v.set, true);
  assert.match(v.hmac ?? '', /^[0-9a-f]{64}$/);
  assert.notEqual(v.hmac, toSecretValue('Pl@ntSecret-42', 'k2').hmac);
  // Without a key: this run's random key, and the id of that key.
  assert.equal(toSecretValue('Pl@ntSecret-42').hmac, toSecretValue('Pl@ntSecret-42', runSecretKey()).hmac);
  assert.equal(toSecretValue('Pl@ntSecret-42').keyId, secretKeyId(runSecretKey()));
  assert.equal(v.keyId, secretKeyId('k1'));
  assert.match(v.keyId ?? '', /^[0-9a-f]{16}$/);
  assert.notEqual(v.keyId, toSecretValue('x', 'k2').keyId);
  assert.deepEqual(toSecretValue('0100', 'k1', 'presence'), { presence: true, secret: true, set: true });
  assert.deepEqual(toSecretValue(''), { secret: true, set: false });
  assert.deepEqual(toSecretValue([]), { secret: true, set: false });
  assert.ok(!JSON.stringify(v).includes('Pl@nt'));
});

const secret = (text: string): SettingValue => toSecretValue(text, 'key');

const DIFF_CASES: { name: string; before: Record<string, SettingValue>; after: Record<string, SettingValue>; expect: { setting: string; kind: string; before?: unknown; after?: unknown; secret?: true }[] }[] = [
  { name: 'identical', before: { 'db.port': 5481 }, after: { 'db.port': 5481 }, expect: [] },
  { name: 'changed number', before: { 'db.port': 5481 }, after: { 'db.port': 5482 }, expect: [{ setting: 'db.port', kind: 'changed', before: 5481, after: 5482 }] },
  { name: 'added and removed, sorted by name', before: { 'z.gone': 'x' }, after: { 'a.new': true }, expect: [{ setting: 'a.new', kind: 'added', after: true }, { setting: 'z.gone', kind: 'removed', before: 'x' }] },
  { name: 'names compare case-insensitively; display case of the after side', before: { 'DB.Port': 5481 }, after: { 'db.port': 5482 }, expect: [{ setting: 'db.port', kind: 'changed', before: 5481, after: 5482 }] },
  { name: 'case of the name alone is no change', before: { 'DB.PORT': 5481 }, after: { 'db.port': 5481 }, expect: [] },
  { name: 'lists compare element by element', before: { l: ['a', 'b'] }, after: { l: ['b', 'a'] }, expect: [{ setting: 'l', kind: 'changed', before: ['a', 'b'], after: ['b', 'a'] }] },
  { name: 'string "5481" is not number 5481', before: { p: '5481' }, after: { p: 5481 }, expect: [{ setting: 'p', kind: 'changed', before: '5481', after: 5481 }] },
  { name: 'same secret: no change', before: { pw: secret('a') }, after: { pw: secret('a') }, expect: [] },
  { name: 'changed secret: shown only as set and not same', before: { pw: secret('a') }, after: { pw: secret('b') }, expect: [{ setting: 'pw', kind: 'changed', before: { secret: true, set: true, same: false }, after: { secret: true, set: true, same: false }, secret: true }] },
  { name: 'secret cleared', before: { pw: secret('a') }, after: { pw: secret('') }, expect: [{ setting: 'pw', kind: 'changed', before: { secret: true, set: true, same: false }, after: { secret: true, set: false, same: false }, secret: true }] },
  { name: 'secret added', before: {}, after: { pw: secret('a') }, expect: [{ setting: 'pw', kind: 'added', after: { secret: true, set: true }, secret: true }] },
];

for (const c of DIFF_CASES) {
  test(`diffSnapshots: ${c.name}`, () => {
    const got = diffSnapshots(snap(c.before), snap(c.after)).map(({ beforeSource: _b, afterSource: _a, ...rest }) => rest);
    assert.deepEqual(got, c.expect);
    assert.ok(!JSON.stringify(got).includes('hmac'));
  });
}

test('diffSnapshots: a registry type change with the same value is a change; provenance is carried', () => {
  const a = snap({ x: { value: 'C:\\x', regType: 'REG_SZ', source: { file: 'a.reg', line: 3 } } });
  const b = snap({ x: { value: 'C:\\x', regType: 'REG_EXPAND_SZ', source: { file: 'b.reg', line: 9 } } });
  const [c] = diffSnapshots(a, b);
  assert.equal(c.kind, 'changed');
  assert.deepEqual(c.beforeSource, { file: 'a.reg', line: 3 });
  assert.deepEqual(c.afterSource, { file: 'b.reg', line: 9 });
});

test('getSetting finds names case-insensitively', () => {
  const s = snap({ 'drivers.DNP3.installed': true });
  assert.equal(getSetting(s, 'DRIVERS.dnp3.INSTALLED')?.value, true);
  assert.equal(getSetting(s, 'drivers.x.installed'), undefined);
});

test('validateSnapshot accepts what canonicalJson wrote', () => {
  const s = snap({ 'db.port': 5481, pw: secret('x'), dpapi: toSecretValue('01', 'k', 'presence'), l: ['a'], n: null, b: false }, 2);
  s.warnings = [{ file: 'a.reg', line: 2, message: 'm' }];
  s.server.role = 'main';
  assert.deepEqual(validateSnapshot(JSON.parse(canonicalJson(s)), 's.json'), s);
  assert.deepEqual(parseSnapshotJson('\uFEFF' + canonicalJson(s), 's.json'), s);
});

// Parsed JSON mutated by each case; its shape is what the validator checks.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const BAD: { name: string; mutate: (o: Record<string, any>) => void; message: RegExp }[] = [
  { name: 'schema version', mutate: (o) => (o.schemaVersion = 5), message: /"schemaVersion": version 5 is not supported by this pairaudit \(it reads versions 1 to 4\)/ },
  { name: 'key id in a version 1 snapshot', mutate: (o) => (o.settings['db.port'].value = { secret: true, set: true, hmac: 'a'.repeat(64), keyId: 'b'.repeat(16) }), message: /"settings.db.port.value.keyId": a secret may only have the fields secret, set, hmac/ },
  { name: 'version 2 hash without its key id', mutate: (o) => ((o.schemaVersion = 2), (o.settings['db.port'].value = { secret: true, set: true, hmac: 'a'.repeat(64) })), message: /"settings.db.port.value.keyId": a hashed secret names its key/ },
  { name: 'presence secret with a hash', mutate: (o) => ((o.schemaVersion = 2), (o.settings['db.port'].value = { presence: true, secret: true, set: true, hmac: 'a'.repeat(64), keyId: 'b'.repeat(16) })), message: /compared by presence only carries no hmac or keyId/ },
  { name: 'missing label', mutate: (o) => delete o.server.label, message: /"server.label": expected a string, found nothing/ },
  { name: 'bad role', mutate: (o) => (o.server.role = 'primary'), message: /"server.role": expected one of main, standby-a/ },
  { name: 'bad time', mutate: (o) => (o.collected.at = 'yesterday'), message: /"collected.at": expected an ISO 8601 time/ },
  { name: 'bad sha256', mutate: (o) => (o.collected.sources[0].sha256 = 'xyz'), message: /"collected.sources\[0\].sha256"/ },
  { name: 'bad setting value', mutate: (o) => (o.settings['db.port'].value = { port: 1 }), message: /"settings.db.port.value": expected a string, number/ },
  { name: 'secret with extra field', mutate: (o) => (o.settings['db.port'].value = { secret: true, set: true, hmac: 'a'.repeat(64), plain: 'pw' }), message: /"settings.db.port.value.plain": a secret may only have/ },
  { name: 'secret without hmac', mutate: (o) => (o.settings['db.port'].value = { secret: true, set: true }), message: /must carry its hmac/ },
  { name: 'missing provenance', mutate: (o) => delete o.settings['db.port'].source, message: /"settings.db.port.source": expected an object/ },
  { name: 'duplicate names by case', mutate: (o) => (o.settings['DB.PORT'] = o.settings['db.port']), message: /the same name as "db.port"/ },
  { name: 'bad line', mutate: (o) => (o.settings['db.port'].source.line = 0), message: /"settings.db.port.source.line": expected a line number/ },
];

for (const c of BAD) {
  test(`validateSnapshot rejects ${c.name} with a message naming the field`, () => {
    const o = JSON.parse(canonicalJson(snap({ 'db.port': 5481 })));
    c.mutate(o);
    assert.throws(
      () => validateSnapshot(o, 'pair/main.json'),
      (e: unknown) => e instanceof InputError && e.exitCode === 2 && e.message.startsWith('pair/main.json: ') && c.message.test(e.message) && !e.message.includes('\n'),
    );
  });
}

test('parseSnapshotJson: not JSON is an InputError', () => {
  assert.throws(() => parseSnapshotJson('{oops', 'x.json'), (e: unknown) => e instanceof InputError && /x\.json: line 1: not valid JSON/.test(e.message));
});
