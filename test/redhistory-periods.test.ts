// Red team of the history: a change recorded after the change record of the period it was collected in. The period
// filter kept a change by when it was first seen only, so no later record showed it; it now keeps a change first
// seen or recorded in the period (query.ts entryInPeriod).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { bundleCopy, fixtureBundle, runCli, tempDir } from './history-fixtures.js';


const cases: { name: string; period: string[]; now: string }[] = [
  { name: "the next week's review", period: ['--since', '2026-11-23T00:00:00Z', '--until', '2026-11-30T23:59:59Z'], now: '2026-12-01T09:00:00Z' },
  { name: "CI's daily check of undocumented changes", period: ['--since', '24h', '--fail-on-undocumented'], now: '2026-11-25T18:00:00Z' },
];

for (const c of cases) {
  test(`periods red team: a change collected on 21 Nov and recorded on 25 Nov is in ${c.name}`, async () => {
    const t = tempDir();
    try {
      const store = join(t.dir, 'store');
      const rec = (dir: string, now: string) => runCli(['record', dir, '--pair', 'Q', '--role', 'standby-a', '--store', store], { cwd: t.dir, now });
      assert.equal((await rec(bundleCopy(t.dir, 'q1', fixtureBundle('healthy', 'standby-a'), '2026-11-20T12:00:00Z'), '2026-11-20T12:10:00Z')).code, 0);
      // The review of 16-22 Nov, written on 22 Nov: nothing changed yet.
      const review = JSON.parse((await runCli(['changes', '-f', 'json', '--since', '2026-11-16T00:00:00Z', '--until', '2026-11-22T23:59:59Z', '--store', store], { cwd: t.dir, now: '2026-11-22T18:00:00Z' })).stdout) as { changes: unknown[] };
      assert.deepEqual(review.changes, []);
      // On 25 Nov the bundle collected on 21 Nov is recorded: db.port changed, undocumented.
      assert.equal((await rec(bundleCopy(t.dir, 'q2', fixtureBundle('drift-db-port', 'standby-a'), '2026-11-21T12:00:00Z'), '2026-11-25T09:00:00Z')).code, 0);
      const r = await runCli(['changes', '-f', 'json', ...c.period, '--store', store], { cwd: t.dir, now: c.now });
      const ids = (JSON.parse(r.stdout) as { changes: { id: string }[] }).changes.map((x) => x.id);
      assert.deepEqual(ids, ['2.1'], 'the change is in a record written after it was recorded');
      if (c.period.includes('--fail-on-undocumented')) assert.equal(r.code, 1);
      // Each format says when it was recorded, days after it was first seen.
      for (const format of ['text', 'markdown', 'html']) {
        const out = (await runCli(['changes', '-f', format, ...c.period, '--store', store], { cwd: t.dir, now: c.now })).stdout.replace(/\s+/g, ' ');
        assert.match(out, /21 Nov[^()]*\(recorded 2026-11-25 09:00Z\)|2026-11-21 12:00Z \(recorded 2026-11-25 09:00Z\)/, format);
      }
    } finally {
      t.cleanup();
    }
  });
}
