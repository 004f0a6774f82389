// audit and check read a named instance (--instance), as collect does: an export that holds several instances
// names them and asks for --instance, which these commands now take.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditResult } from '../src/types.js';
import type { FleetResult } from '../src/fleet/types.js';
import { runCli, writeFleetInventory } from './cli-harness.js';
import { tempDir } from './history-fixtures.js';

/** A server's export holding its Site2 instance and a copy of it as Site3 (a parent key exported whole). */
function twoInstances(dir: string, server: string): string {
  const text = readFileSync(join('fixtures/pairs/named-instance', server, 'ClearSCADA.reg'), 'utf16le').replace(/^\uFEFF/, '');
  const site3 = text.replace(/^Windows Registry Editor Version 5\.00\r?\n/, '').replaceAll('ClearSCADA-Site2', 'ClearSCADA-Site3');
  const file = join(dir, `${server}.reg`);
  writeFileSync(file, `\uFEFF${text}\r\n${site3}`, 'utf16le');
  return file;
}

for (const command of ['audit', 'check']) {
  test(`${command}: an export of several named instances asks for --instance, and --instance reads the one named`, async () => {
    const { dir, cleanup } = tempDir('pairaudit-instance-');
    try {
      const inputs = [twoInstances(dir, 'main'), twoInstances(dir, 'standby-a'), '--at', '2026-11-22T12:00:00Z'];
      const asked = await runCli([command, ...inputs], { cwd: dir, now: '2026-11-22T12:05:00Z' });
      assert.equal(asked.code, 2);
      assert.match(asked.stderr, /several Geo SCADA instances \(Site2, Site3\); choose one with --instance/);
      const read = await runCli([command, ...inputs, '--instance', 'Site3', '-f', 'json'], { cwd: dir, now: '2026-11-22T12:05:00Z' });
      assert.notEqual(read.code, 2, read.stderr);
      const result = JSON.parse(read.stdout) as AuditResult;
      // Every finding's setting (the catch-all's too: the other instance's values are that instance's, not audited here).
      const keys = result.findings.flatMap((f) => Object.values(f.sources).map((s) => s?.key ?? '')).filter((k) => k.includes('ClearSCADA-'));
      assert.ok(keys.length > 0 && keys.every((k) => k.includes('ClearSCADA-Site3')), `every setting read from the Site3 key: ${keys.filter((k) => !k.includes('ClearSCADA-Site3')).slice(0, 3).join(', ')}`);
      assert.deepEqual(
        result.servers.map((s) => (s.warnings ?? []).map((w) => w.message.replace(/^\d+/, 'N'))),
        [0, 1].map(() => ['N value(s) of Geo SCADA instance Site2 were not audited (this run reads Site3; --instance Site2 reads it)']),
      );
    } finally {
      cleanup();
    }
  });
}

test('fleet: an inventory pair\'s `instance:` reads that instance, as audit --instance does', async () => {
  const { dir, cleanup } = tempDir('pairaudit-instance-');
  try {
    const [main, standby] = [twoInstances(dir, 'main'), twoInstances(dir, 'standby-a')];
    const inventory = writeFleetInventory(dir, [`      - { name: S3, instance: Site3, servers: { main: ${JSON.stringify(main)}, standby-a: ${JSON.stringify(standby)} } }`]);
    const r = await runCli(['fleet', inventory, '-f', 'json', '--jobs', '1'], { cwd: dir, now: '2026-11-22T12:05:00Z' });
    const result = JSON.parse(r.stdout) as FleetResult;
    const pair = result.pairs[0]!;
    assert.notEqual(pair.outcome, 'error', pair.error);
    assert.deepEqual(
      pair.audit?.servers.map((s) => (s.warnings ?? []).map((w) => w.message.replace(/^\d+/, 'N'))),
      [0, 1].map(() => ['N value(s) of Geo SCADA instance Site2 were not audited (this run reads Site3; --instance Site2 reads it)']),
    );
  } finally {
    cleanup();
  }
});
