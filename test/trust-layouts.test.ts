// Real sites' layouts: a named instance whose driver registrations live in the machine-wide ClearSCADA key
// (2.0 collectors export it beside, as ClearSCADA-machine.reg), a 32-bit install under WOW6432Node, and a
// group of five servers (a pair and three Permanent Standbys) audited end to end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli-harness.js';
import { collectServer } from '../src/collect/index.js';
import type { AuditResult } from '../src/types.js';

const ROOT = join(import.meta.dirname, '..');
const P = (p: string) => join(ROOT, 'fixtures/pairs', p);
const OPTS = { toolVersion: '0.0.0-test' };
const run = (args: string[], now: string) => runCli(args, { cwd: ROOT, now });

test('named instance: the instance key is read, and the drivers from the machine-wide key beside it', async () => {
  const s = await collectServer(P('named-instance/main'), OPTS);
  assert.equal(s.server.instance, 'Site2');
  assert.match(s.settings['db.port'].source.key ?? '', /\\ClearSCADA-Site2\\DB$/);
  const dnp3 = s.settings['drivers.DNP3.installed'];
  assert.equal(dnp3?.value, true);
  assert.equal(dnp3.source.file, 'ClearSCADA-machine.reg');
  assert.equal(dnp3.source.key, 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA\\DriverDNP3');
  assert.equal(Object.keys(s.settings).filter((k) => /^drivers\.[^.]+\.installed$/.test(k)).length, 10);
  // The machine-wide key's own values stay as they are (outside the instance's key), never as the instance's.
  assert.deepEqual(
    Object.keys(s.settings).filter((k) => k.startsWith('reg:HKEY')),
    ['InstallLocation', 'InstallLocationx86', 'Version'].map((v) => `reg:HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA\\${v}`),
  );
});

test('named instance: audited in parity with its drivers compared; without the machine-wide file the drivers are unknown (3)', async () => {
  const now = '2026-11-22T12:05:00Z';
  const full = await run(['audit', P('named-instance/main'), P('named-instance/standby-a'), '--format', 'json'], now);
  assert.equal(full.code, 0, full.stdout.slice(0, 400));
  const result = JSON.parse(full.stdout) as AuditResult;
  assert.ok(result.findings.some((f) => f.ruleId === 'drivers-installed' && f.status === 'pass'));
  // The same bundles as a 1.0 collector (or a hand export) left them: the instance's key alone (and no files.json,
  // whose driver executables would otherwise be found without their registrations).
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-instance-'));
  for (const role of ['main', 'standby-a']) {
    mkdirSync(join(dir, role));
    for (const f of readdirSync(P(`named-instance/${role}`))) if (f !== 'ClearSCADA-machine.reg' && f !== 'files.json') copyFileSync(join(P(`named-instance/${role}`), f), join(dir, role, f));
  }
  const bare = await run(['audit', join(dir, 'main'), join(dir, 'standby-a'), '--format', 'json'], now);
  assert.equal(bare.code, 3);
  const drivers = (JSON.parse(bare.stdout) as AuditResult).findings.find((f) => f.ruleId === 'drivers-installed');
  assert.deepEqual([drivers?.status, drivers?.messageId], ['unknown', 'noneOn']);
});

test('WOW6432Node: a 32-bit install is read under the same setting names as a 64-bit one, and audited in parity', async () => {
  const [wow, healthy] = await Promise.all([collectServer(P('healthy-wow6432/main'), OPTS), collectServer(P('healthy/main'), OPTS)]);
  assert.match(wow.settings['db.port'].source.key ?? '', /^HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Schneider Electric\\ClearSCADA\\DB$/);
  assert.deepEqual(Object.keys(wow.settings), Object.keys(healthy.settings));
  const r = await run(['audit', P('healthy-wow6432/main'), P('healthy-wow6432/standby-a')], '2026-11-20T08:20:00Z');
  assert.equal(r.code, 0, r.stdout.slice(0, 400));
});

test('five servers (Main, Standby, Permanent Standbys A, B, C): roles from the bundles, every link compared, in parity', async () => {
  // The Main first (as recorded); the others in any order.
  const inputs = ['main', 'permanent-c', 'standby-a', 'permanent-a', 'permanent-b'].map((r) => P(`five-servers/${r}`));
  const r = await run(['audit', ...inputs, '--format', 'json'], '2026-11-23T09:10:00Z');
  assert.equal(r.code, 0, r.stdout.slice(0, 600));
  const result = JSON.parse(r.stdout) as AuditResult;
  assert.deepEqual(
    result.servers.map((s) => [s.role, s.label]),
    [
      ['main', 'FIVE-A'],
      ['permanent-a', 'FIVE-P1'],
      ['permanent-b', 'FIVE-P2'],
      ['permanent-c', 'FIVE-P3'],
      ['standby-a', 'FIVE-B'],
    ],
  );
  // Each Permanent Standby's links to the Main and to the Standby are configured at both ends.
  const links = result.findings.filter((f) => f.ruleId === 'partners-link-configured' && f.status === 'pass').map((f) => f.servers.join('↔'));
  for (const p of ['permanent-a', 'permanent-b', 'permanent-c']) {
    assert.ok(links.includes(`main↔${p}`), `${p}: ${links.join(', ')}`);
    assert.ok(links.includes(`standby-a↔${p}`), `${p}: ${links.join(', ')}`);
  }
  // Every other server is compared with the Main.
  for (const role of ['standby-a', 'permanent-a', 'permanent-b', 'permanent-c']) assert.ok(result.findings.some((f) => f.ruleId === 'db-port' && f.servers.join() === `main,${role}`), role);
});
