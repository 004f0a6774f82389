// A write that fails part-way (disk full, I/O error on one rename): the store verifies afterwards, the next write
// succeeds, and the error says truthfully what the failed command left in the journal.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { makeSnapshot, repoRoot, runCli, tempDir, writeSnapshotFile } from './history-fixtures.js';

/** Runs `fn` with every rename onto a file named `target` failing as a full disk would. */
async function withFailingRename<T>(target: (to: string) => boolean, fn: () => Promise<T>): Promise<T> {
  const original = fs.renameSync;
  fs.renameSync = (from: fs.PathLike, to: fs.PathLike) => {
    if (target(String(to))) throw Object.assign(new Error(`ENOSPC: no space left on device, rename '${String(from)}' -> '${String(to)}'`), { code: 'ENOSPC', path: String(to) });
    original(from, to);
  };
  syncBuiltinESMExports();
  try {
    return await fn();
  } finally {
    fs.renameSync = original;
    syncBuiltinESMExports();
  }
}

const cases: { name: string; failing: (to: string) => boolean; argv: (file: string) => string[]; stderr: RegExp; entries: number }[] = [
  {
    name: 'record: the entry landed, head.json failed',
    failing: (to) => basename(to) === 'head.json',
    argv: (file) => ['record', file],
    stderr: /head\.json: no space left on the device \(ENOSPC\); entry 2 was journalled before this failure and stays in the store; the next write brings head\.json up to date/,
    entries: 2,
  },
  {
    name: 'note: the entry landed, head.json failed',
    failing: (to) => basename(to) === 'head.json',
    argv: () => ['note', '1', '--text', 'port moved for the new firewall'],
    stderr: /entry 2 was journalled before this failure and stays in the store/,
    entries: 2,
  },
];

for (const c of cases) {
  test(`a write failing part-way says what it left, the store verifies, the next write succeeds: ${c.name}`, async () => {
    const t = tempDir();
    try {
      const store = join(t.dir, 'store');
      const first = writeSnapshotFile(t.dir, 'a1.json', makeSnapshot('SCADA-A', '2026-11-01T00:00:00Z', { 'db.port': 5481 }));
      const second = writeSnapshotFile(t.dir, 'a2.json', makeSnapshot('SCADA-A', '2026-11-02T00:00:00Z', { 'db.port': 5482 }));
      const third = writeSnapshotFile(t.dir, 'a3.json', makeSnapshot('SCADA-A', '2026-11-03T00:00:00Z', { 'db.port': 5483 }));
      assert.equal((await runCli(['record', first, '--store', store], { cwd: t.dir })).code, 0);

      const failed = await withFailingRename(c.failing, () => runCli([...c.argv(second), '--store', store], { cwd: t.dir }));
      assert.equal(failed.code, 2, failed.stdout + failed.stderr);
      assert.equal(failed.stderr.trim().split('\n').length, 1, failed.stderr);
      assert.match(failed.stderr, c.stderr);

      const verify = await runCli(['verify', '--store', store], { cwd: t.dir });
      assert.equal(verify.code, 0, verify.stdout);
      assert.match(verify.stdout, new RegExp(`^intact: ${c.entries} entries`));
      const next = await runCli(['record', third, '--store', store], { cwd: t.dir });
      assert.equal(next.code, 0, next.stderr);
      assert.match(next.stdout, new RegExp(`entry ${c.entries + 1}\\)`));
      const after = await runCli(['verify', '--store', store], { cwd: t.dir });
      assert.match(after.stdout, new RegExp(`^intact: ${c.entries + 1} entries`), after.stdout);
    } finally {
      t.cleanup();
    }
  });
}

test('audit --record whose second snapshot is refused (other settings at the same collection time) writes nothing, not half an audit', async () => {
  const t = tempDir();
  try {
    const store = join(t.dir, 'store');
    const pair = (name: string, role: string) => join(repoRoot, 'fixtures', 'pairs', name, role);
    const audit = (name: string) => runCli(['audit', pair(name, 'main'), pair(name, 'standby-a'), '--pair', 'P', '--record', '--store', store, '-f', 'json', '-o', join(t.dir, `${name}.json`)], { cwd: t.dir });
    assert.equal((await audit('healthy')).code, 0);
    // The drift fixture's Main is the healthy one again (checked, unchanged); its Standby, collected at the same time as
    // the healthy Standby, has another DB port: refused, and so is the whole audit.
    const r = await audit('drift-db-port');
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /record: NORTH-B was collected at .* with other settings than its latest recorded snapshot, collected at the same time \(entry 2\).*; nothing was written\n$/);
    const verify = await runCli(['verify', '--store', store], { cwd: t.dir });
    assert.match(verify.stdout, /^intact: 3 entries/);
  } finally {
    t.cleanup();
  }
});
