// Clocks that are wrong: a snapshot whose collection time is ahead of the recording computer's clock (a server with
// its clock set wrong, or local time written as UTC) is refused, so that it cannot block the server's later snapshots.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeSnapshot, runCli, tempDir, writeSnapshotFile } from './history-fixtures.js';

const NOW = '2026-11-25T12:00:00Z';

const cases: { name: string; collected: string; message: RegExp }[] = [
  { name: 'a server clock months ahead', collected: '2027-06-01T10:00:00Z', message: /collected at 2027-06-01T10:00:00Z, 188 days after this computer's time \(2026-11-25T12:00:00\.000Z\): the server's clock \(or this computer's\) is wrong/ },
  { name: 'local time (UTC+10) written as UTC', collected: '2026-11-25T21:30:00Z', message: /collected at 2026-11-25T21:30:00Z, 10 hours after this computer's time/ },
];

for (const c of cases) {
  test(`a collection time ahead of the clock is refused, and the server's next snapshot still records its changes: ${c.name}`, async () => {
    const t = tempDir();
    try {
      const env = { PAIRAUDIT_STORE: join(t.dir, 'store') };
      const run = (file: string, extra: string[] = []) => runCli(['record', file, ...extra], { cwd: t.dir, env, now: NOW });
      const snap = (name: string, at: string, port: number) => writeSnapshotFile(t.dir, name, makeSnapshot('SCADA-A', at, { 'db.port': port }));
      assert.equal((await run(snap('first.json', '2026-11-20T10:00:00Z', 5481))).code, 0);

      for (const extra of [[], ['--late']]) {
        const r = await run(snap('ahead.json', c.collected, 5490), extra);
        assert.equal(r.code, 2, r.stdout);
        assert.match(r.stderr, c.message);
        assert.equal(r.stderr.trim().split('\n').length, 1);
      }
      // Half an hour ahead is two clocks that differ a little: recorded as usual.
      const skewed = await run(snap('skewed.json', '2026-11-25T12:30:00Z', 5482));
      assert.equal(skewed.code, 0, skewed.stderr);
      assert.match(skewed.stdout, /1 change\(s\) recorded \(entry 2\)/);
      const verify = await runCli(['verify'], { cwd: t.dir, env, now: NOW });
      assert.match(verify.stdout, /^intact: 2 entries/);
    } finally {
      t.cleanup();
    }
  });
}
