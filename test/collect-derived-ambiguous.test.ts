// A setting worked out from another one (the firewall rule looked up for the database port, the anti-virus
// exclusions checked against the database folders) is as ambiguous as what it was worked out from: when the
// evidence gives db.port two values, firewall.dbPort is unknown too, never passed or failed on the value kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectServer } from '../src/collect/index.js';
import { runCli } from './cli-harness.js';
import { tempDir } from './history-fixtures.js';

const root = join(import.meta.dirname, '..');
const PAIR = join(root, 'fixtures', 'pairs', 'healthy-evidence');
const DB = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA\\DB';

/** An export of the DB key alone, as regedit writes it (UTF-16LE, BOM, CRLF). */
const dbExport = (port: number): Buffer =>
  Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(['Windows Registry Editor Version 5.00', '', `[${DB}]`, `"Port"=dword:${port.toString(16).padStart(8, '0')}`, '', ''].join('\r\n'), 'utf16le')]);

const CASES: { name: string; port?: number; ambiguous: string[] }[] = [
  { name: 'no second export', ambiguous: [] },
  { name: 'a DB.reg giving the same port', port: 5481, ambiguous: [] },
  { name: 'a stale DB.reg giving another port', port: 5488, ambiguous: ['db.port', 'firewall.dbPort'] },
];

for (const c of CASES) {
  test(`derived settings: ${c.name} → ambiguous ${JSON.stringify(c.ambiguous)}`, async () => {
    const t = tempDir('pairaudit-derived-');
    try {
      const bundle = join(t.dir, 'standby-a');
      cpSync(join(PAIR, 'standby-a'), bundle, { recursive: true });
      if (c.port !== undefined) writeFileSync(join(bundle, 'DB.reg'), dbExport(c.port));
      const s = await collectServer(bundle, { toolVersion: 'test' });
      const named = (s.warnings ?? []).flatMap((w) => (w.setting === undefined ? [] : [w.setting])).sort();
      assert.deepEqual(named, c.ambiguous);
    } finally {
      t.cleanup();
    }
  });
}

test('check: the firewall rule for a database port the evidence gives two values is unknown at blocker, not failed on the stale one', async () => {
  const t = tempDir('pairaudit-derived-');
  try {
    cpSync(PAIR, t.dir, { recursive: true });
    writeFileSync(join(t.dir, 'standby-a', 'DB.reg'), dbExport(5488));
    const r = await runCli(['check', 'main', 'standby-a', '--max-age', '100000', '-f', 'json'], { cwd: t.dir, now: '2026-11-20T08:20:00Z' });
    assert.equal(r.code, 3, r.stderr);
    const result = JSON.parse(r.stdout) as { findings: { ruleId: string; status: string; severity: string }[] };
    const firewall = result.findings.filter((f) => f.ruleId === 'firewall-db-port' && f.status !== 'pass');
    assert.deepEqual(firewall.map((f) => [f.status, f.severity]), [['unknown', 'blocker']]);
    assert.match(r.stderr, /firewall\.dbPort" was worked out from "db\.port"/);
  } finally {
    t.cleanup();
  }
});
