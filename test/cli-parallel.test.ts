// `audit` with the servers collected on worker threads (src/collect/parallel.ts, --jobs): the servers'
// fingerprints as one after the other, --roles written into them, and a bad input in a worker's server still
// one line naming the file and line with exit 2 — in-process (the TypeScript worker under tsx) and from dist/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectServer } from '../src/collect/server.js';
import { fingerprint } from '../src/snapshot/canonical.js';
import { writePair } from './bench/generate.js';
import { runCli } from './cli-harness.js';
import { missing } from './prerequisites.js';

const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'pairaudit-cli-parallel-'));
const main = join(dir, 'main.reg');
const standby = join(dir, 'standby.reg');
await writePair(main, standby, { settings: 3000, seed: 5 });
const damaged = join(dir, 'damaged.reg');
const lines = readFileSync(standby).toString('utf16le').split('\r\n');
lines[1003] = '"Broken"=dword:zz';
writeFileSync(damaged, Buffer.from(lines.join('\r\n'), 'utf16le'));
const env = { PAIRAUDIT_SECRET_KEY: 'cli-parallel-key' };
// An error names a bare export as given (here its full path), as collectServer does since errors name inputs as typed.
const damagedLine = `pairaudit: ${damaged}: line 1004: invalid dword "zz" in the data of "Broken"; expected dword: and 1 to 8 hex digits, e.g. dword:00001569\n`;

/** Fingerprints collected one after the other, by the role the audit gives each server; `--roles` writes it into the snapshot. */
async function expectedPrints(inputs: string[], roles: string[], given: boolean, toolVersion = '0.0.0-test'): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [i, input] of inputs.entries()) {
    const s = await collectServer(input, { toolVersion, secretKey: env.PAIRAUDIT_SECRET_KEY });
    out[roles[i]] = fingerprint(!given || s.server.role === roles[i] ? s : { ...s, server: { ...s.server, role: roles[i] as 'main' } });
  }
  return out;
}

const printsOf = (json: string): Record<string, string> => Object.fromEntries((JSON.parse(json) as { servers: { role: string; fingerprint: string }[] }).servers.map((s) => [s.role, s.fingerprint]));

const cases = [
  { name: 'main, standby --jobs 2 (a worker collects the standby)', args: [main, standby, '--jobs', '2'], roles: ['main', 'standby-a'] },
  { name: 'the standby first, with --roles (written into the snapshots collected on both threads)', args: [standby, main, '--roles', 'standby-a,main', '-j', '2'], roles: ['standby-a', 'main'] },
  { name: 'main, standby (small inputs: one after the other)', args: [main, standby], roles: ['main', 'standby-a'] },
];
for (const c of cases) {
  test(`audit ${c.name}: each server's fingerprint as collected one after the other`, async () => {
    const r = await runCli(['audit', ...c.args, '-f', 'json'], { cwd: dir, env });
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    assert.deepEqual(printsOf(r.stdout), await expectedPrints(c.args.slice(0, 2), c.roles, c.args.includes('--roles')));
  });
}

test('audit --jobs 2 without a secret key: the worker hashes secrets under this run\'s key, so they compare as without --jobs', async () => {
  const secrets = Object.values((await collectServer(standby, { toolVersion: '0.0.0-test' })).settings).filter((s) => (s.value as { secret?: boolean } | null)?.secret === true);
  assert.ok(secrets.length > 0, 'the standby (collected on the worker) has secrets set');
  const unkeyed = { PAIRAUDIT_SECRET_KEY: '' };
  const one = await runCli(['audit', main, standby, '-f', 'json'], { cwd: dir, env: unkeyed });
  const two = await runCli(['audit', main, standby, '-f', 'json', '--jobs', '2'], { cwd: dir, env: unkeyed });
  assert.doesNotMatch(two.stdout, /"keysDiffer"/);
  assert.equal(two.stdout, one.stdout);
});

test('audit with a damaged line in the worker\'s server: one line naming the file and line, exit 2, nothing on stdout', async () => {
  const r = await runCli(['audit', main, damaged, '--jobs', '2'], { cwd: dir, env });
  assert.deepEqual(r, { code: 2, stdout: '', stderr: damagedLine });
});

test('audit --jobs 0 is a usage error before any input is read', async () => {
  const r = await runCli(['audit', main, damaged, '--jobs', '0'], { cwd: dir, env });
  assert.deepEqual(r, { code: 2, stdout: '', stderr: 'pairaudit: --jobs 0: expected a whole number of 1 or more\n' });
});

const skip = missing('dist');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const bin = join(root, 'dist', 'cli', 'main.js');
const pairaudit = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 120_000 });

test('dist: the built worker runs, its bad input is the same one line with exit 2, and the process ends', { skip }, async () => {
  const ok = pairaudit(['audit', main, standby, '-f', 'json', '--jobs', '2']);
  assert.ok(ok.status === 0 || ok.status === 1, ok.stderr);
  assert.deepEqual(printsOf(ok.stdout), await expectedPrints([main, standby], ['main', 'standby-a'], false, version));
  const bad = pairaudit(['audit', main, damaged, '--jobs', '2']);
  assert.deepEqual([bad.status, bad.stdout, bad.stderr], [2, '', damagedLine]);
});
