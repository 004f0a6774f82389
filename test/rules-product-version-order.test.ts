// A Standby on an older Geo SCADA build than the Main cannot load the Main's database when it takes over
// (Invalid Database, unsupported build): check says NO-GO (product-version-not-older, blocker). A Standby upgraded
// first, the documented order of an upgrade, stays GO with product-version's warning.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuditResult } from '../src/types.js';
import { runCli } from './cli-harness.js';
import { tempDir } from './history-fixtures.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

test('check: a Standby on an older build is NO-GO, one upgraded first is GO with a warning', async (t) => {
  const rows: { name: string; main: string; standby: string; go: boolean; findings: string[] }[] = [
    { name: 'Standby older', main: '6.85.8612.1', standby: '6.84.8512.1', go: false, findings: ['product-version warning fail', 'product-version-not-older blocker fail'] },
    { name: 'Standby upgraded first', main: '6.84.8512.1', standby: '6.85.8612.1', go: true, findings: ['product-version warning fail'] },
    { name: 'build numbers compared as numbers', main: '6.84.10004.1', standby: '6.84.8512.1', go: false, findings: ['product-version warning fail', 'product-version-not-older blocker fail'] },
  ];
  for (const row of rows) {
    const { dir, cleanup } = tempDir('pairaudit-version-order-');
    t.after(cleanup);
    cpSync(join(ROOT, 'fixtures', 'pairs', 'healthy'), dir, { recursive: true });
    for (const [server, version] of [['main', row.main], ['standby-a', row.standby]] as const) {
      const file = join(dir, server, 'ClearSCADA.reg');
      writeFileSync(file, readFileSync(file, 'utf16le').replaceAll('"Version"="6.84.8512.1"', `"Version"="${version}"`), 'utf16le');
    }
    const r = await runCli(['check', join(dir, 'main'), join(dir, 'standby-a'), '-f', 'json'], { cwd: dir, now: '2026-11-20T08:20:30Z' });
    const result = JSON.parse(r.stdout) as AuditResult;
    const found = result.findings.filter((f) => f.ruleId.startsWith('product-version') && f.status !== 'pass').map((f) => `${f.ruleId} ${f.severity} ${f.status}`);
    assert.deepEqual(found.sort(), row.findings, row.name);
    assert.equal(result.go, row.go, row.name);
  }
});
