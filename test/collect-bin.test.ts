// The built bin (`npm run build`, then dist/cli/main.js) collects the fixtures; skipped when dist/ is absent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateSnapshot } from '../src/snapshot/index.js';
import { missing } from './prerequisites.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'dist', 'cli', 'main.js');
const skip = missing('dist');

function pairaudit(args: string[], input?: Buffer, key = ''): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, input, env: { ...process.env, PAIRAUDIT_NOW: '2026-11-25T12:00:00Z', PAIRAUDIT_SECRET_KEY: key }, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('bin: collect a pair of bundles → exit 0 and a JSON array; the same bytes twice under one key, other hashes without one', { skip }, () => {
  const args = ['collect', 'fixtures/pairs/drift-db-port/main', 'fixtures/pairs/drift-db-port/standby-a'];
  const a = pairaudit(args, undefined, 'site key');
  assert.equal(a.status, 0, a.stderr);
  const snaps = (JSON.parse(a.stdout) as unknown[]).map((s, i) => validateSnapshot(s, `snapshot ${i}`));
  assert.deepEqual(snaps.map((s) => s.settings['db.port'].value), [5481, 5482]);
  assert.equal(pairaudit(args, undefined, 'site key').stdout, a.stdout);
  assert.ok(!a.stdout.includes('Pl@ntSecret-42'));
  // Without a key, each run hashes under its own random key: the hashes (and key ids) differ between runs.
  const pw = (out: string) => validateSnapshot((JSON.parse(out) as unknown[])[0], 'snapshot 0').settings['drivers.PerfMon.settings.Password'].value as { hmac: string; keyId: string };
  const [r1, r2] = [pairaudit(args).stdout, pairaudit(args).stdout];
  assert.notEqual(pw(r1).hmac, pw(r2).hmac);
  assert.notEqual(pw(r1).keyId, pw(r2).keyId);
});

test('bin: stdin; a bare export records no collection time (PAIRAUDIT_NOW is not one), --at gives it', { skip }, () => {
  const reg = readFileSync(join(ROOT, 'fixtures/pairs/healthy/main/ClearSCADA.reg'));
  const r = pairaudit(['collect', '-'], reg);
  assert.equal(r.status, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout) as { collected: { at?: string } }).collected.at, undefined);
  const at = pairaudit(['collect', '-', '--at', '2026-11-25T11:58:00+01:00'], reg);
  assert.equal((JSON.parse(at.stdout) as { collected: { at?: string } }).collected.at, '2026-11-25T10:58:00.000Z');
});

test('bin: a malformed export → exit 2 with one line on stderr', { skip }, () => {
  const r = pairaudit(['collect', 'fixtures/malformed/binary.reg']);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^pairaudit: fixtures\/malformed\/binary\.reg: .+\n$/);
});
