// Every write that journals an entry takes `--backdated REASON`, not only `record`: after one entry written with a
// clock set forward, a note, an approval or a periodic `audit --record` would otherwise be refused until that time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { bundleCopy, readEntry, recordNorthWithChange, repoRoot, runCli, tempDir } from './history-fixtures.js';

const entriesOf = (store: string) => readdirSync(join(store, 'journal')).length;
const bundle = (dir: string, name: string, role: 'main' | 'standby-a', at: string) => bundleCopy(dir, name, join(repoRoot, 'fixtures', 'pairs', 'drift-db-port', role), at);

// The journal: entries 1-3 recorded at 2026-11-25T12:00Z; each case writes three hours earlier, with a reason.
const NOW = '2026-11-25T09:00:00Z';
const REASON = 'clock of the audit PC was 3 h fast; fixed';
const CASES: { name: string; argv: (dir: string) => string[]; entries: number }[] = [
  { name: 'note', argv: () => ['note', '3.1', '--text', 'port moved for CHG-77'], entries: 1 },
  { name: 'approve', argv: () => ['approve', '--pair', 'NORTH'], entries: 1 },
  { name: 'audit --record (its snapshots and its result)', argv: (dir) => ['audit', bundle(dir, 'a', 'main', '2026-11-25T08:50:00Z'), bundle(dir, 'b', 'standby-a', '2026-11-25T08:50:00Z'), '--pair', 'NORTH', '--record', '-f', 'json', '-o', join(dir, 'a.json')], entries: 3 },
];

for (const c of CASES)
  test(`${c.name} dated 3 hours back: refused without --backdated, journalled with its reason with it`, async () => {
    const t = tempDir();
    try {
      const store = join(t.dir, 'store');
      await recordNorthWithChange(t.dir, store, { cwd: t.dir, now: '2026-11-25T12:00:00Z' });
      const refused = await runCli([...c.argv(t.dir), '--store', store], { cwd: t.dir, now: NOW });
      assert.equal(refused.code, 2, refused.stderr);
      assert.match(refused.stderr, /3 h before entry 3 .*nothing was written/);
      assert.equal(entriesOf(store), 3);
      const written = await runCli([...c.argv(t.dir), '--backdated', REASON, '--store', store], { cwd: t.dir, now: NOW });
      assert.ok(written.code <= 1, written.stderr);
      assert.equal(entriesOf(store), 3 + c.entries);
      for (let seq = 4; seq <= 3 + c.entries; seq++) assert.equal(readEntry(store, seq).backdated, REASON, `entry ${seq}`);
      const verify = await runCli(['verify', '--store', store], { cwd: t.dir });
      assert.equal(verify.code, 0, verify.stdout);
      assert.match(verify.stdout, /journalled as back-dated/);
    } finally {
      t.cleanup();
    }
  });

test('audit --backdated without --record: refused (there is no entry to give the reason to)', async () => {
  const t = tempDir();
  try {
    const r = await runCli(['audit', bundle(t.dir, 'a', 'main', '2026-11-25T08:50:00Z'), bundle(t.dir, 'b', 'standby-a', '2026-11-25T08:50:00Z'), '--backdated', 'x', '-f', 'json', '-o', join(t.dir, 'a.json')], { cwd: t.dir, now: NOW });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^pairaudit: --backdated gives the reason .*: give it with --record\n$/);
  } finally {
    t.cleanup();
  }
});
