// Format version 4: `pairaudit migrate` replaces the secrets pairaudit 0.1.0 journalled and stored in clear
// (fixtures/stores/v0.1.0, entries 8, 11 and 17) by keyed hashes under the store's own key.
import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { openStore, type SnapshotRecordedEntry } from '../src/history/index.js';
import { SECRET_KEY_FILE } from '../src/history/secret-key.js';
import { secretKeyId } from '../src/snapshot/index.js';
import type { SecretValue } from '../src/types.js';
import { repoRoot, runCli, tempDir } from './history-fixtures.js';

const fixture = join(repoRoot, 'fixtures', 'stores', 'v0.1.0', 'store');
const SECRETS = ['Hunter2-Old', 'Hunter2-New', 'C0nn-Secret-1', 'C0nn-Secret-2'];
const ROOT = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA';

/** Every file under `dir` (but not under `skip`) as text, gzip unpacked. */
function textsUnder(dir: string, skip?: string, rel = ''): [string, string][] {
  return readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((d): [string, string][] => {
    const path = join(rel, d.name);
    if (path === skip) return [];
    if (d.isDirectory()) return textsUnder(dir, skip, path);
    const bytes = readFileSync(join(dir, path));
    return [[path, (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8')]];
  });
}

const secretsIn = (texts: [string, string][]): string[] => texts.flatMap(([path, text]) => SECRETS.filter((s) => text.includes(s)).map((s) => `${path}: ${s}`));

/** The fixture's Standby bundle (UTF-16 export) collected at `at`, with DB\Pwd and DB\ConnectionString added. */
function standbyBundle(dir: string, at: string, pwd: string, connPassword: string): string {
  const out = join(dir, `standby-${at.slice(0, 10)}-${pwd}`);
  cpSync(join(repoRoot, 'fixtures', 'pairs', 'sample', 'standby-a'), out, { recursive: true });
  const manifest = join(out, 'bundle.json');
  writeFileSync(manifest, readFileSync(manifest, 'utf8').replace(/("collectedAt":\s*")[^"]*"/, `$1${at}"`));
  const reg = join(out, 'ClearSCADA.reg');
  const header = `[${ROOT}\\DB]\r\n`;
  const text = readFileSync(reg).subarray(2).toString('utf16le');
  assert.ok(text.includes(header));
  const lines = `"Pwd"="${pwd}"\r\n"ConnectionString"="Server=sql01;Database=Historian;User Id=scada;Password=${connPassword}"\r\n`;
  writeFileSync(reg, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replace(header, header + lines), 'utf16le')]));
  return out;
}

test('migrate from 0.1.0: no secret left in the active store, the old journal moved aside, verify (--deep, --key) passes, changes reads as before', async () => {
  const t = tempDir('pairaudit-v010-secrets-');
  try {
    const store = join(t.dir, 'store');
    cpSync(fixture, store, { recursive: true });
    const env = { PAIRAUDIT_STORE: store };
    // The fixture holds them (the test would catch a migration that left them).
    assert.deepEqual(secretsIn(textsUnder(store)).filter((s) => s.startsWith('journal')).sort(), [
      'journal/0000000008.json: C0nn-Secret-1',
      'journal/0000000008.json: Hunter2-Old',
      'journal/0000000011.json: C0nn-Secret-1',
      'journal/0000000011.json: C0nn-Secret-2',
      'journal/0000000011.json: Hunter2-New',
      'journal/0000000011.json: Hunter2-Old',
      'journal/0000000017.json: C0nn-Secret-2',
      'journal/0000000017.json: Hunter2-New',
    ]);

    const keys = join(t.dir, 'keys');
    assert.equal((await runCli(['keygen', '--out', keys], { cwd: t.dir })).code, 0);
    const r = await runCli(['migrate', '--sign-key', join(keys, 'pairaudit-signing.key'), '--author', 'A. Lead'], { cwd: t.dir, env, now: '2026-11-30T10:00:00Z' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /version 4: secrets hashed under the store's own key/);
    assert.match(r.stdout, /entry 8: 2 secret value\(s\) kept in clear in its snapshot replaced by keyed hashes, and in its changes \(reg:DB\\ConnectionString, reg:DB\\Pwd\)/);
    assert.match(r.stdout, /entry 11: 2 secret value\(s\)/);
    assert.match(r.stdout, /entry 12: secrets quoted in clear in its recorded audit result replaced by \(hidden\)/);
    assert.ok(!SECRETS.some((s) => r.stdout.includes(s)));

    // Not one secret byte in any file of the active store; the old journal keeps them, aside, for disposal.
    const retired = readdirSync(join(store, 'retired'));
    assert.equal(retired.length, 1);
    assert.deepEqual(secretsIn(textsUnder(store, join('retired', retired[0]))), []);
    assert.ok(secretsIn(textsUnder(join(store, 'retired', retired[0]))).includes('journal/0000000008.json: Hunter2-Old'));
    const keyFile = join(store, SECRET_KEY_FILE);
    if (process.platform !== 'win32') assert.equal(statSync(keyFile).mode & 0o777, 0o600);

    for (const args of [['verify'], ['verify', '--deep'], ['verify', '--key', join(keys, 'pairaudit-signing.pub')]]) {
      const v = await runCli(args, { cwd: t.dir, env });
      assert.equal(v.code, 0, `${args.join(' ')}: ${v.stdout}${v.stderr}`);
    }

    // Change ids stay; the secrets' changes say set / different, the connection string keeps its readable part.
    const changes = await runCli(['changes', '--format', 'json', '--pair', 'sample'], { cwd: t.dir, env });
    assert.equal(changes.code, 0, changes.stderr);
    const rows = (JSON.parse(changes.stdout) as { changes: { id: string; setting: string; from?: unknown; to?: unknown }[] }).changes;
    assert.deepEqual(rows.map((c) => c.id), ['8.1', '8.2', '8.3', '8.4', '8.5', '8.6', '8.7', '11.1', '11.2', '11.3', '11.4', '11.5', '11.6', '11.7']);
    const byId = new Map(rows.map((c) => [c.id, c]));
    assert.deepEqual([byId.get('8.5')?.setting, byId.get('8.5')?.to], ['reg:DB\\ConnectionString', 'Server=sql01;Database=Historian;User Id=scada;Password=(hidden)']);
    assert.deepEqual([byId.get('8.6')?.setting, byId.get('8.6')?.to], ['reg:DB\\Pwd', { secret: true, set: true }]);
    for (const id of ['11.5', '11.6']) assert.deepEqual([byId.get(id)?.from, byId.get(id)?.to], [{ secret: true, set: true }, { secret: true, set: true, same: false }], id);
    const text = await runCli(['changes', '--pair', 'sample'], { cwd: t.dir, env });
    assert.match(text.stdout, /reg:DB\\Pwd/);
    assert.match(text.stdout, /set \(different\)/);
    assert.ok(!SECRETS.some((s) => changes.stdout.includes(s) || text.stdout.includes(s)));

    // The rewritten snapshots hash under the store's key: a new record of the same secrets is no change of them,
    // a rotated password is one.
    const key = readFileSync(keyFile, 'latin1').trim();
    const e11 = openStore(store).readJournal()[10] as SnapshotRecordedEntry;
    const snap11 = openStore(store).readSnapshot(e11.fingerprint);
    assert.equal((snap11.settings['reg:DB\\Pwd'].value as SecretValue).keyId, secretKeyId(Buffer.from(key, 'latin1')));
    assert.equal((snap11.settings['reg:DB\\ConnectionString#hidden'].value as SecretValue).set, true);
    // Two migrated snapshots compare under the store's key: the rotated secrets differ (values hidden).
    const snap8 = openStore(store).readSnapshot((openStore(store).readJournal()[7] as SnapshotRecordedEntry).fingerprint);
    writeFileSync(join(t.dir, 'day2.json'), JSON.stringify({ ...snap8, server: { ...snap8.server, role: 'main' } }));
    writeFileSync(join(t.dir, 'day3.json'), JSON.stringify({ ...snap11, server: { ...snap11.server, role: 'standby-a' } }));
    const audit = await runCli(['audit', join(t.dir, 'day2.json'), join(t.dir, 'day3.json'), '-f', 'json'], { cwd: t.dir });
    assert.notEqual(audit.code, 2, audit.stderr);
    const findings = (JSON.parse(audit.stdout) as { findings: { setting: string; messageId: string; message: string }[] }).findings;
    for (const setting of ['reg:DB\\Pwd', 'reg:DB\\ConnectionString#hidden']) {
      const f = findings.find((x) => x.setting === setting);
      assert.equal(f?.messageId, 'secretDiffers', setting);
      assert.match(f.message, /differs \(values hidden\)/);
    }
    assert.ok(!findings.some((x) => x.setting === 'reg:DB\\ConnectionString'), 'the readable part is the same');
    const same = await runCli(['record', standbyBundle(t.dir, '2026-11-28T08:00:00Z', 'Hunter2-New', 'C0nn-Secret-2'), '--pair', 'sample', '--role', 'standby-a'], { cwd: t.dir, env, now: '2026-11-30T11:00:00Z' });
    assert.equal(same.code, 0, same.stderr);
    assert.doesNotMatch(same.stdout, /reg:DB\\(Pwd|ConnectionString)/);
    const rotated = await runCli(['record', standbyBundle(t.dir, '2026-11-29T08:00:00Z', 'Hunter2-Newest', 'C0nn-Secret-3'), '--pair', 'sample', '--role', 'standby-a'], { cwd: t.dir, env, now: '2026-11-30T11:00:00Z' });
    assert.equal(rotated.code, 0, rotated.stderr);
    assert.match(rotated.stdout, /reg:DB\\ConnectionString#hidden: set → set \(different\)/);
    assert.match(rotated.stdout, /reg:DB\\Pwd: set → set \(different\)/);
    assert.equal((await runCli(['verify', '--key', join(keys, 'pairaudit-signing.pub')], { cwd: t.dir, env })).code, 1, 'records without --sign-key after a signed migration are caught');
  } finally {
    t.cleanup();
  }
});
