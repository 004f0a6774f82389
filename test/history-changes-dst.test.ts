// `changes --since/--until` with a local time (no zone) around a daylight-saving change: the period keeps every moment
// the wall clock showed that time. A time the clocks went back over happened twice (--since the first, --until the
// second); one they jumped over never happened (both: the moment of the jump, so nothing after it on the wall is lost).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeSnapshot, repoRoot, tempDir, writeSnapshotFile } from './history-fixtures.js';

/** [TZ, local text, --since, --until] */
const cases: [string, string, string, string][] = [
  // Clocks back, 03:00 CEST -> 02:00 CET: 02:30 happened at 00:30Z and again at 01:30Z.
  ['Europe/Berlin', '2026-10-25T02:30', '2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z'],
  ['Europe/Berlin', '2026-10-25 02:00:00', '2026-10-25T00:00:00.000Z', '2026-10-25T01:00:00.000Z'],
  // Clocks forward, 02:00 CET -> 03:00 CEST at 01:00Z: 02:30 never happened.
  ['Europe/Berlin', '2026-03-29T02:30', '2026-03-29T01:00:00.000Z', '2026-03-29T01:00:00.000Z'],
  // Around the change but not in it: one moment, as before.
  ['Europe/Berlin', '2026-10-25T03:00', '2026-10-25T02:00:00.000Z', '2026-10-25T02:00:00.000Z'],
  ['Europe/Berlin', '2026-03-29T01:59', '2026-03-29T00:59:00.000Z', '2026-03-29T00:59:00.000Z'],
  ['America/New_York', '2026-11-01T01:30', '2026-11-01T05:30:00.000Z', '2026-11-01T06:30:00.000Z'],
  ['America/New_York', '2026-03-08T02:30', '2026-03-08T07:00:00.000Z', '2026-03-08T07:00:00.000Z'],
  // Half-hour daylight saving: 02:00 -> 02:30 (+10:30 -> +11) at 15:30Z.
  ['Australia/Lord_Howe', '2026-10-04T02:15', '2026-10-03T15:30:00.000Z', '2026-10-03T15:30:00.000Z'],
  // A date is the whole day on the local calendar (it was the UTC day: in Sydney --since 2026-11-20 lost the
  // changes of that morning, in Berlin --until kept an hour of the next day).
  ['UTC', '2026-11-20', '2026-11-20T00:00:00.000Z', '2026-11-20T23:59:59.999Z'],
  ['Europe/Berlin', '2026-11-20', '2026-11-19T23:00:00.000Z', '2026-11-20T22:59:59.999Z'],
  ['Australia/Sydney', '2026-11-20', '2026-11-19T13:00:00.000Z', '2026-11-20T12:59:59.999Z'],
  ['America/Los_Angeles', '2026-12-31', '2026-12-31T08:00:00.000Z', '2027-01-01T07:59:59.999Z'],
  // Days of 23 and 25 hours: the clocks go forward, then back.
  ['Europe/Berlin', '2026-03-29', '2026-03-28T23:00:00.000Z', '2026-03-29T21:59:59.999Z'],
  ['Europe/Berlin', '2026-10-25', '2026-10-24T22:00:00.000Z', '2026-10-25T22:59:59.999Z'],
  // Chile's summer time starts at midnight: 2026-09-06 00:00 never happened, the day starts at 01:00 (-03:00).
  ['America/Santiago', '2026-09-06', '2026-09-06T04:00:00.000Z', '2026-09-07T02:59:59.999Z'],
  ['Pacific/Kiritimati', '2026-02-28', '2026-02-27T10:00:00.000Z', '2026-02-28T09:59:59.999Z'],
];

const SCRIPT = `
import { parsePeriodBound } from './src/cli/period.ts';
const now = new Date('2026-11-25T12:00:00Z');
const out = JSON.parse(process.env.CASES).map((t) => [parsePeriodBound('--since', t, now, false), parsePeriodBound('--until', t, now, true)]);
process.stdout.write(JSON.stringify(out));
`;

test('a local --since/--until in the hour a daylight-saving change skips or repeats keeps every moment the wall clock showed it', () => {
  for (const tz of [...new Set(cases.map((c) => c[0]))]) {
    const mine = cases.filter((c) => c[0] === tz);
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, TZ: tz, CASES: JSON.stringify(mine.map((c) => c[1])) } });
    assert.equal(r.status, 0, r.stderr);
    const got = JSON.parse(r.stdout) as [string, string][];
    mine.forEach(([, text, since, until], i) => assert.deepEqual(got[i], [since, until], `${tz} ${text}`));
  }
});

test('changes in Berlin: --since a skipped local time keeps the changes just after the jump; --until a repeated one keeps the second pass', () => {
  const t = tempDir();
  try {
    const store = join(t.dir, 'store');
    const bin = join(repoRoot, 'src', 'cli', 'main.ts');
    const run = (args: string[], tz = 'Europe/Berlin') =>
      spawnSync(process.execPath, ['--import', 'tsx', bin, ...args, '--store', store], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, TZ: tz, PAIRAUDIT_NOW: '2026-11-25T12:00:00Z', USER: 'tester' } });
    // Collected at 03:15 CEST on the night the clocks went forward, and at 02:15 CET (second pass) on the night they went back.
    const times = ['2026-03-28T12:00:00Z', '2026-03-29T01:15:00Z', '2026-10-25T01:15:00Z'];
    times.forEach((at, i) => {
      const r = run(['record', writeSnapshotFile(t.dir, `a${i}.json`, makeSnapshot('SCADA-A', at, { 'db.port': 5480 + i }))], 'UTC');
      assert.equal(r.status, 0, r.stderr);
    });
    const ids = (args: string[]) => {
      const r = run(['changes', '-f', 'json', ...args]);
      assert.equal(r.status, 0, r.stderr);
      return (JSON.parse(r.stdout) as { changes: { id: string }[] }).changes.map((c) => c.id);
    };
    assert.deepEqual(ids(['--since', '2026-03-29T02:30', '--until', '2026-03-29T04:00']), ['2.1']);
    assert.deepEqual(ids(['--since', '2026-10-25T02:00', '--until', '2026-10-25T02:30']), ['3.1']);
  } finally {
    t.cleanup();
  }
});
