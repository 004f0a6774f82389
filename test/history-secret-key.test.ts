// The history store's own secret key: made at random with the store, used by every record, never shown; secrets
// hashed under different keys (two stores, a key file, a run's random key) compare as unknown, never as a change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore, recordSnapshot } from '../src/history/index.js';
import { SECRET_KEY_FILE } from '../src/history/secret-key.js';
import { diffSnapshots, parseSnapshotJson, runSecretKey, secretKeyId, toSecretValue } from '../src/snapshot/index.js';
import type { SecretValue, Snapshot } from '../src/types.js';
import { makeSnapshot, runCli, tempDir, thisProcess } from './history-fixtures.js';

const ROOT = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA';

/** A small export with a password by name (DB\Pwd) and one inside a connection string. */
function exportText(label: string, pwd: string, conn = 'Server=sql01;Password=C0nn-1'): string {
  return ['Windows Registry Editor Version 5.00', '', `[${ROOT}\\Server]`, `"Label"="${label}"`, '', `[${ROOT}\\DB]`, '"Port"=dword:00001569', `"Pwd"="${pwd}"`, `"ConnectionString"="${conn}"`, ''].join('\r\n');
}

function writeExport(dir: string, name: string, label: string, pwd: string): string {
  const file = join(dir, name);
  writeFileSync(file, exportText(label, pwd));
  return file;
}

/** Every file under `dir`, as [relative path, bytes]. */
function filesUnder(dir: string, rel = ''): [string, Buffer][] {
  return readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? filesUnder(dir, join(rel, d.name)) : [[join(rel, d.name), readFileSync(join(dir, rel, d.name))] as [string, Buffer]]));
}

function latestSnapshot(storeDir: string, server: string): Snapshot {
  const store = openStore(storeDir);
  const e = store
    .readJournal()
    .filter((x) => x.type === 'snapshot-recorded' && x.server === server)
    .at(-1);
  assert.ok(e !== undefined && e.type === 'snapshot-recorded');
  return store.readSnapshot(e.fingerprint);
}

const pwdOf = (s: Snapshot): SecretValue => s.settings['reg:DB\\Pwd'].value as SecretValue;

test('record makes the store key at random (secret.key, 0600), hashes under it on every run, and never shows it', async () => {
  const t = tempDir();
  try {
    const store = join(t.dir, 'store');
    const at = ['--at', '2026-11-20T08:00:00Z'];
    const first = await runCli(['record', writeExport(t.dir, 'b1.reg', 'NORTH-B', 'Hunter2-Old'), '--server', 'NORTH-B', '--store', store, ...at], { cwd: t.dir });
    assert.equal(first.code, 0, first.stderr);
    const keyText = readFileSync(join(store, SECRET_KEY_FILE), 'latin1');
    assert.match(keyText, /^[0-9a-f]{64}\n$/);
    if (process.platform !== 'win32') assert.equal(statSync(join(store, SECRET_KEY_FILE)).mode & 0o777, 0o600);
    const key = keyText.trim();
    const storeKeyId = secretKeyId(Buffer.from(key, 'latin1'));
    assert.equal(pwdOf(latestSnapshot(store, 'NORTH-B')).keyId, storeKeyId);
    assert.notEqual(storeKeyId, secretKeyId(runSecretKey()), "not this run's random key");

    // A second run: a rotated password is a change (same: false); the same password again is no change.
    const second = await runCli(['record', writeExport(t.dir, 'b2.reg', 'NORTH-B', 'Hunter2-New'), '--server', 'NORTH-B', '--store', store, '--at', '2026-11-21T08:00:00Z'], { cwd: t.dir });
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /\[2\.1\] reg:DB\\Pwd: set → set \(different\)/);
    const third = await runCli(['record', writeExport(t.dir, 'b3.reg', 'NORTH-B', 'Hunter2-New'), '--server', 'NORTH-B', '--store', store, '--at', '2026-11-22T08:00:00Z'], { cwd: t.dir });
    assert.equal(third.code, 0, third.stderr);
    assert.match(third.stdout, /unchanged since entry 2/);
    // PAIRAUDIT_SECRET_KEY does not replace the store's key for what is recorded.
    const env = await runCli(['record', writeExport(t.dir, 'b4.reg', 'NORTH-B', 'Hunter2-Newer'), '--server', 'NORTH-B', '--store', store, '--at', '2026-11-23T08:00:00Z'], { cwd: t.dir, env: { PAIRAUDIT_SECRET_KEY: 'some other key' } });
    assert.equal(env.code, 0, env.stderr);
    assert.equal(pwdOf(latestSnapshot(store, 'NORTH-B')).keyId, storeKeyId);

    for (const [rel, bytes] of filesUnder(store)) {
      if (rel === SECRET_KEY_FILE) continue;
      const text = rel.endsWith('.gz') ? (await import('node:zlib')).gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
      for (const s of [key, 'Hunter2-Old', 'Hunter2-New', 'C0nn-1']) assert.ok(!text.includes(s), `${rel} holds ${s}`);
    }
    for (const out of [first, second, third, env]) assert.ok(!(out.stdout + out.stderr).includes(key));
    const changes = await runCli(['changes', '--store', store, '-f', 'json'], { cwd: t.dir });
    assert.ok(!changes.stdout.includes(key) && !changes.stdout.includes(storeKeyId), 'the journal and changes name neither the key nor its id');
  } finally {
    t.cleanup();
  }
});

test('two stores have two keys: the same password recorded in each compares as unknown, never as a change', async () => {
  const t = tempDir();
  try {
    const input = writeExport(t.dir, 'b.reg', 'NORTH-B', 'Hunter2');
    const main = writeExport(t.dir, 'a.reg', 'NORTH-A', 'Hunter2');
    for (const [store, file, server] of [['s1', main, 'NORTH-A'], ['s2', input, 'NORTH-B']]) {
      const r = await runCli(['record', file, '--server', server, '--store', join(t.dir, store), '--at', '2026-11-20T08:00:00Z'], { cwd: t.dir });
      assert.equal(r.code, 0, r.stderr);
    }
    assert.notEqual(readFileSync(join(t.dir, 's1', SECRET_KEY_FILE), 'latin1'), readFileSync(join(t.dir, 's2', SECRET_KEY_FILE), 'latin1'));
    const a = latestSnapshot(join(t.dir, 's1'), 'NORTH-A');
    const b = latestSnapshot(join(t.dir, 's2'), 'NORTH-B');
    assert.notEqual(pwdOf(a).keyId, pwdOf(b).keyId);
    assert.ok(!diffSnapshots(a, b).some((c) => c.setting === 'reg:DB\\Pwd'), 'not a change');
    writeFileSync(join(t.dir, 'a.json'), JSON.stringify(a));
    writeFileSync(join(t.dir, 'b.json'), JSON.stringify(b));
    const r = await runCli(['audit', join(t.dir, 'a.json'), join(t.dir, 'b.json'), '-f', 'json'], { cwd: t.dir });
    const findings = (JSON.parse(r.stdout) as { findings: { setting: string; status: string; messageId: string; message: string }[] }).findings.filter((f) => f.setting === 'reg:DB\\Pwd');
    assert.equal(findings.length, 1, r.stdout);
    assert.equal(findings[0].status, 'unknown');
    assert.match(findings[0].message, /compared under different keys/);
  } finally {
    t.cleanup();
  }
});

test('--secret-key-file on audit, check, collect and fleet; the store key file gives a run the store key; refused with --record', async () => {
  const t = tempDir();
  try {
    const store = join(t.dir, 'store');
    const main = writeExport(t.dir, 'a.reg', 'NORTH-A', 'Same-Pw');
    const standby = writeExport(t.dir, 'b.reg', 'NORTH-B', 'Other-Pw');
    const rec = await runCli(['record', main, '--server', 'NORTH-A', '--store', store, '--at', '2026-11-20T08:00:00Z'], { cwd: t.dir });
    assert.equal(rec.code, 0, rec.stderr);
    const keyFile = join(store, SECRET_KEY_FILE);
    const collected = await runCli(['collect', main, '--secret-key-file', keyFile], { cwd: t.dir });
    assert.equal(pwdOf(parseSnapshotJson(collected.stdout, 'stdout')).keyId, pwdOf(latestSnapshot(store, 'NORTH-A')).keyId);
    for (const cmd of ['audit', 'check']) {
      const r = await runCli([cmd, main, standby, '--secret-key-file', keyFile, '--at', '2026-11-25T11:59:00Z', '-f', 'json'], { cwd: t.dir });
      assert.ok(r.code === 1 || r.code === 3, r.stderr);
      const f = (JSON.parse(r.stdout) as { findings: { setting: string; messageId: string }[] }).findings.find((x) => x.setting === 'reg:DB\\Pwd');
      assert.equal(f?.messageId, 'secretDiffers', cmd);
      const refused = await runCli([cmd, main, standby, '--secret-key-file', keyFile, '--record', '--store', store, '--at', '2026-11-25T11:59:00Z'], { cwd: t.dir });
      assert.equal(refused.code, 2, cmd);
      assert.match(refused.stderr, /--secret-key-file and --record/);
    }
    const inventory = join(t.dir, 'fleet.yaml');
    writeFileSync(inventory, `sites:\n  - name: North\n    pairs:\n      - name: scada\n        servers: { main: a.reg, standby-a: b.reg }\n`);
    const fleet = await runCli(['fleet', inventory, '--secret-key-file', keyFile, '--record', '--store', store], { cwd: t.dir });
    assert.equal(fleet.code, 2, fleet.stderr);
    assert.match(fleet.stderr, /--secret-key-file and --record/);
    const missing = await runCli(['fleet', inventory, '--secret-key-file', join(t.dir, 'nope.key'), '-f', 'json'], { cwd: t.dir });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--secret-key-file .*nope\.key: cannot be read/);
  } finally {
    t.cleanup();
  }
});

test('a store created by another command after this one hashed its input under the key it was to make: refused, nothing written', async () => {
  const t = tempDir();
  try {
    const dir = join(t.dir, 'store');
    const store = openStore(dir, { process: thisProcess });
    const pending = store.secretKey();
    const snapshot = makeSnapshot('NORTH-B', '2026-11-20T08:00:00Z', { 'reg:DB\\Pwd': toSecretValue('Hunter2', pending) });
    // Another process creates the store meanwhile, with its own key.
    // Recorded before this one's time, as the race goes (record refuses an entry dated before the journal's latest).
    const other = await runCli(['record', writeExport(t.dir, 'a.reg', 'NORTH-A', 'x'), '--store', dir, '--at', '2026-11-20T07:00:00Z'], { cwd: t.dir, now: '2026-11-20T07:30:00Z' });
    assert.equal(other.code, 0, other.stderr);
    writeFileSync(join(dir, SECRET_KEY_FILE), `${'ab'.repeat(32)}\n`);
    await assert.rejects(recordSnapshot(store, snapshot, { at: '2026-11-20T08:00:00Z', author: 't' }), /another command created the store while this one read its input/);
    assert.equal(store.readJournal().length, 1);
    // A snapshot without secrets under that key is recorded as usual.
    await recordSnapshot(store, makeSnapshot('NORTH-C', '2026-11-20T08:00:00Z', { 'db.port': 1 }), { at: '2026-11-20T08:00:00Z', author: 't' });
  } finally {
    t.cleanup();
  }
});

test('audit --pair without a key file hashes under the store key, so a secret changed since the baseline is attributed', async () => {
  const t = tempDir();
  try {
    const store = join(t.dir, 'store');
    const at = '2026-11-20T08:00:00Z';
    const main = writeExport(t.dir, 'a.reg', 'NORTH-A', 'Same-Pw');
    for (const [file, server, role] of [[main, 'NORTH-A', 'main'], [writeExport(t.dir, 'b.reg', 'NORTH-B', 'Same-Pw'), 'NORTH-B', 'standby-a']]) {
      const r = await runCli(['record', file, '--server', server, '--pair', 'P', '--role', role, '--store', store, '--at', at], { cwd: t.dir });
      assert.equal(r.code, 0, r.stderr);
    }
    assert.equal((await runCli(['approve', '--pair', 'P', '--store', store], { cwd: t.dir })).code, 0);
    const changed = writeExport(t.dir, 'b2.reg', 'NORTH-B', 'Changed-Pw');
    const r = await runCli(['audit', main, changed, '--pair', 'P', '--store', store, '--at', '2026-11-25T11:59:00Z', '-f', 'json'], { cwd: t.dir });
    assert.notEqual(r.code, 2, r.stderr);
    const f = (JSON.parse(r.stdout) as { findings: { setting: string; messageId: string; attribution?: { role: string }[] }[] }).findings.find((x) => x.setting === 'reg:DB\\Pwd');
    assert.equal(f?.messageId, 'secretDiffers');
    assert.deepEqual(f.attribution?.map((a) => a.role), ['standby-a']);
    assert.ok(!r.stdout.includes('Changed-Pw') && !r.stdout.includes('Same-Pw'));
  } finally {
    t.cleanup();
  }
});
