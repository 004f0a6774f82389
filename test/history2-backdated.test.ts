// A write dated more than an hour before the journal's latest entry (a clock set back, PAIRAUDIT_NOW in the past) would
// put an entry into a period whose change record may be signed already: record, note and audit --record refuse it
// (exit 2, one line, nothing written); `record --backdated REASON` journals it with the reason, verify names it, and
// `changes` for a period it is dated in says that an earlier record of the period lacks it. All fail on the old code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { bundleCopy, readEntry, recordNorthWithChange, repoRoot, runCli, tempDir } from './history-fixtures.js';

const standby = (dir: string, name: string, at: string) => bundleCopy(dir, name, join(repoRoot, 'fixtures', 'pairs', 'drift-db-port', 'standby-a'), at);
const entriesOf = (store: string) => readdirSync(join(store, 'journal')).length;

// The journal: entries 1-3 recorded at 2026-11-25T12:00Z (collected 20 Nov). Each case writes at `now`.
const cases: { name: string; argv: (dir: string) => string[]; now: string; code: number; stderr?: RegExp; backdated?: string }[] = [
  {
    name: 'record dated 4 days back: refused',
    argv: (dir) => ['record', standby(dir, 'b', '2026-11-21T08:00:00Z'), '--pair', 'NORTH'],
    now: '2026-11-21T09:00:00Z',
    code: 2,
    stderr: /^pairaudit: the entry would be dated 2026-11-21T09:00:00\.000Z, 4 days before entry 3 \(2026-11-25T12:00:00\.000Z\), which the journal holds already: .*nothing was written: correct the clock, or journal it all the same with its reason \(`--backdated REASON`\)\n$/,
  },
  {
    name: 'audit --record dated 4 days back: refused before any of its entries',
    argv: (dir) => ['audit', bundleCopy(dir, 'a', join(repoRoot, 'fixtures', 'pairs', 'drift-db-port', 'main'), '2026-11-21T08:00:00Z'), standby(dir, 'b', '2026-11-21T08:00:00Z'), '--pair', 'NORTH', '--record', '-f', 'json', '-o', join(dir, 'a.json')],
    now: '2026-11-21T09:00:00Z',
    code: 2,
    stderr: /^pairaudit: the entry would be dated 2026-11-21T09:00:00\.000Z, 4 days before entry 3 /m,
  },
  { name: 'note dated 3 hours back: refused', argv: () => ['note', '3.1', '--text', 'approved'], now: '2026-11-25T09:00:00Z', code: 2, stderr: /3 h before entry 3 / },
  {
    name: 'record --backdated with its reason: journalled with it (a secret in it hidden)',
    argv: (dir) => ['record', standby(dir, 'b', '2026-11-21T08:00:00Z'), '--pair', 'NORTH', '--backdated', 'USB stick of 21 Nov found in the cabinet; Pwd=Hunter2'],
    now: '2026-11-21T09:00:00Z',
    code: 0,
    backdated: 'USB stick of 21 Nov found in the cabinet; Pwd=(hidden)',
  },
  { name: 'record --backdated of an entry that is not back-dated: refused', argv: (dir) => ['record', standby(dir, 'b', '2026-11-25T12:30:00Z'), '--pair', 'NORTH', '--backdated', 'late'], now: '2026-11-25T12:40:00Z', code: 2, stderr: /^pairaudit: --backdated: the entry would be dated 2026-11-25T12:40:00\.000Z, not before the journal's latest entry \(entry 3, 2026-11-25T12:00:00\.000Z\); nothing was written: drop --backdated\n$/ },
  { name: 'record --backdated with an empty reason: refused', argv: (dir) => ['record', standby(dir, 'b', '2026-11-21T08:00:00Z'), '--pair', 'NORTH', '--backdated', ' '], now: '2026-11-21T09:00:00Z', code: 2, stderr: /--backdated: give the reason/ },
  { name: 'record 50 minutes before the last entry (two clocks): journalled', argv: (dir) => ['record', standby(dir, 'b', '2026-11-25T11:00:00Z'), '--pair', 'NORTH'], now: '2026-11-25T11:10:00Z', code: 0 },
];

for (const c of cases) {
  test(`back-dated write: ${c.name}`, async () => {
    const t = tempDir();
    try {
      const store = join(t.dir, 'store');
      await recordNorthWithChange(t.dir, store, { cwd: t.dir, now: '2026-11-25T12:00:00Z' });
      const r = await runCli([...c.argv(t.dir), '--store', store], { cwd: t.dir, now: c.now });
      assert.equal(r.code, c.code, r.stderr);
      if (c.stderr !== undefined) assert.match(r.stderr, c.stderr);
      const verify = await runCli(['verify', '--store', store], { cwd: t.dir });
      assert.equal(verify.code, 0, verify.stdout);
      if (c.code !== 0) {
        // Nothing written: no entry, and no snapshot or audit file that no entry names.
        assert.equal(entriesOf(store), 3);
        assert.doesNotMatch(verify.stdout, /not referenced/);
        return;
      }
      assert.equal(entriesOf(store), 4);
      assert.equal(readEntry(store, 4).backdated, c.backdated);
      const named = verify.stdout.split('\n').filter((l) => l.includes(' is dated '));
      assert.deepEqual(named, c.backdated === undefined ? [] : [`note: entry 4 is dated 2026-11-21T09:00:00.000Z, 4 days before entry 3 (2026-11-25T12:00:00.000Z): journalled as back-dated (--backdated: ${JSON.stringify(c.backdated)}): it falls in a period whose change record may be signed already, and the records of later periods do not show it`]);
      assert.doesNotMatch(JSON.stringify(readEntry(store, 4)) + verify.stdout, /Hunter2/);
    } finally {
      t.cleanup();
    }
  });
}

test('changes for a period a back-dated entry is dated in says so, even with --quiet; other periods do not', async () => {
  const t = tempDir();
  try {
    const store = join(t.dir, 'store');
    await recordNorthWithChange(t.dir, store, { cwd: t.dir, now: '2026-11-25T12:00:00Z' });
    const r = await runCli(['note', '3.1', '--text', 'port moved', '--store', store], { cwd: t.dir, now: '2026-11-21T09:00:00Z' });
    assert.equal(r.code, 2, 'a note dated 4 days back is refused without --backdated');
    // Another pair, recorded in order: a record of it is not told of NORTH's back-dated entry.
    const south = await runCli(['record', bundleCopy(t.dir, 's', join(repoRoot, 'fixtures', 'pairs', 'healthy', 'main'), '2026-11-25T12:30:00Z'), '--pair', 'SOUTH', '--role', 'main', '--store', store], { cwd: t.dir, now: '2026-11-25T12:40:00Z' });
    assert.equal(south.code, 0, south.stderr);
    const rec = await runCli(['record', standby(t.dir, 'b', '2026-11-21T08:00:00Z'), '--pair', 'NORTH', '--backdated', 'bundle found late', '--store', store], { cwd: t.dir, now: '2026-11-21T09:00:00Z' });
    assert.equal(rec.code, 0, rec.stderr);
    const periods: { argv: string[]; warned: boolean }[] = [
      { argv: ['--since', '2026-11-21T00:00:00Z', '--until', '2026-11-22T00:00:00Z'], warned: true },
      { argv: ['--since', '2026-11-21T00:00:00Z', '--until', '2026-11-22T00:00:00Z', '--quiet', '-o', join(t.dir, 'c.md')], warned: true },
      { argv: [], warned: true },
      { argv: ['--pair', 'NORTH'], warned: true },
      { argv: ['--pair', 'SOUTH'], warned: false },
      { argv: ['--since', '2026-11-24T00:00:00Z'], warned: false },
      { argv: ['--until', '2026-11-20T23:00:00Z'], warned: false },
    ];
    for (const p of periods) {
      const c = await runCli(['changes', ...p.argv, '--store', store], { cwd: t.dir, now: '2026-11-26T12:00:00Z' });
      assert.equal(c.code, 0, c.stderr);
      const warnings = c.stderr.split('\n').filter((l) => l.startsWith('pairaudit: warning: '));
      assert.deepEqual(warnings, p.warned ? ['pairaudit: warning: entry 5 is dated 2026-11-21T09:00:00.000Z, in this period, but was written after entry 4 (2026-11-25T12:40:00.000Z), back-dated with the reason "bundle found late": a change record of this period made before it (whose head is entry 4 or earlier) does not show it; this one does'] : [], p.argv.join(' '));
    }
  } finally {
    t.cleanup();
  }
});

test('after an entry written with a clock set forward, a write at the right time is refused naming that entry; record --backdated journals it', async () => {
  const t = tempDir();
  try {
    const store = join(t.dir, 'store');
    await recordNorthWithChange(t.dir, store, { cwd: t.dir, now: '2026-11-25T12:00:00Z' });
    const ahead = await runCli(['record', standby(t.dir, 'b', '2026-11-25T12:30:00Z'), '--pair', 'NORTH', '--store', store], { cwd: t.dir, now: '2027-01-01T00:00:00Z' });
    assert.equal(ahead.code, 0, ahead.stderr);
    const note = await runCli(['note', '3.1', '--text', 'port moved', '--store', store], { cwd: t.dir, now: '2026-11-25T13:00:00Z' });
    assert.equal(note.code, 2);
    assert.match(note.stderr, /^pairaudit: the entry would be dated 2026-11-25T13:00:00\.000Z, 36 days before entry 4 \(2027-01-01T00:00:00\.000Z\), which the journal holds already: the clock \(or PAIRAUDIT_NOW\) is set back \(or entry 4 was written with one set forward\)/);
    const rec = await runCli(['record', standby(t.dir, 'c', '2026-11-25T12:50:00Z'), '--pair', 'NORTH', '--backdated', 'entry 4 was dated 2027 by a wrong PAIRAUDIT_NOW', '--store', store], { cwd: t.dir, now: '2026-11-25T13:00:00Z' });
    assert.equal(rec.code, 0, rec.stderr);
    assert.equal(readEntry(store, 5).backdated, 'entry 4 was dated 2027 by a wrong PAIRAUDIT_NOW');
  } finally {
    t.cleanup();
  }
});
