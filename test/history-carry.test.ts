// A server recorded without a pair that later joins a pair: its history continues there (a `carriedFrom` entry
// records its last snapshot without a pair again in the pair), so `changes` shows what changed since; verify
// checks the carried entry, and a store with one still verifies as before (the field is additive).
import assert from 'node:assert/strict';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { canonical } from '../src/history/hash.js';
import { openStore, type SnapshotRecordedEntry } from '../src/history/index.js';
import { bundleCopy, entryFile, fixtureBundle, makeSnapshot, readEntry, runCli, tempDir, thisProcess, writeEntry, writeSnapshotFile } from './history-fixtures.js';

interface ChangesJson {
  changes: { id: string; server: string; pair?: string; setting: string; before: string; after: string; since: string }[];
}

test('a server recorded alone, then in a pair: changes for the pair shows what changed on it since; verify checks the carried entry', async () => {
  const d = tempDir();
  try {
    const store = join(d.dir, 'store');
    const run = (argv: string[], now: string) => runCli([...argv, '--store', store], { cwd: d.dir, now });
    const snap = (name: string, label: string, at: string, port: number) => writeSnapshotFile(d.dir, name, makeSnapshot(label, at, { 'db.port': port, 'webx.httpPort': 80 }));
    // A recorded alone, then again with the same settings later (last seen unchanged at 10:30).
    let r = await run(['record', snap('a1.json', 'SCADA-A', '2026-11-24T10:00:00Z', 5481), '--author', 'J. Smith'], '2026-11-24T10:05:00Z');
    assert.equal(r.code, 0, r.stderr);
    r = await run(['record', snap('a2.json', 'SCADA-A', '2026-11-24T10:30:00Z', 5481)], '2026-11-24T10:35:00Z');
    assert.match(r.stdout, /unchanged since entry 1; journalled as checked \(entry 2\)/);
    // Evidence for the pair older than what A last recorded alone is refused, as for any server, naming where it is.
    r = await run(['record', snap('old.json', 'SCADA-A', '2026-11-24T09:00:00Z', 5482), '--pair', 'P', '--role', 'main'], '2026-11-24T11:05:00Z');
    assert.equal(r.code, 2, r.stdout);
    assert.match(r.stderr, /before its latest recorded snapshot, recorded without a pair \(collected 2026-11-24T10:30:00Z, entry 2\); record it with `pairaudit record --late`/);
    // The pair: A with a setting changed since, and B.
    r = await run(['record', snap('a3.json', 'SCADA-A', '2026-11-24T11:00:00Z', 5482), '--pair', 'P', '--role', 'main', '--note', 'port moved'], '2026-11-24T11:05:00Z');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, 'pairaudit: SCADA-A: its history recorded without a pair continues in pair P: entry 3 records its last snapshot without a pair (entry 1) there again, and the new snapshot is compared with it\n');
    assert.match(r.stdout, /^SCADA-A: 1 change\(s\) recorded \(entry 4\)\n {2}\[4\.1\] db\.port: 5481 → 5482\n/);
    r = await run(['record', snap('b3.json', 'SCADA-B', '2026-11-24T11:00:00Z', 5481), '--pair', 'P', '--role', 'standby-a'], '2026-11-24T11:06:00Z');
    assert.match(r.stdout, /^SCADA-B: first snapshot recorded \(entry 5/);
    assert.equal(r.stderr, '');

    const carried = readEntry(store, 3);
    assert.deepEqual([carried.type, carried.pair, carried.host, carried.role, carried.note, carried.carriedFrom, carried.previous, carried.changes, carried.collectedAt], ['snapshot-recorded', 'P', 'SCADA-A', undefined, undefined, { seq: 1 }, undefined, [], '2026-11-24T10:00:00Z']);
    assert.equal(carried.fingerprint, readEntry(store, 1).fingerprint);
    const view = JSON.parse((await run(['changes', '--pair', 'P', '-f', 'json'], '2026-11-24T12:00:00Z')).stdout) as ChangesJson;
    assert.deepEqual(
      view.changes.map((c) => [c.id, c.server, c.pair, c.setting, c.before, c.after, c.since]),
      [['4.1', 'SCADA-A', 'P', 'db.port', '5481', '5482', '2026-11-24T10:30:00Z']],
      'the change since A was last seen alone (its unchanged check at 10:30)',
    );
    let verify = await run(['verify', '--deep'], '2026-11-24T12:00:00Z');
    assert.equal(verify.code, 0, verify.stdout);
    // A is one server now: `record` without --pair finds it in the pair (it was "recorded in several pairs").
    r = await run(['record', snap('a4.json', 'SCADA-A', '2026-11-24T12:00:00Z', 5483)], '2026-11-24T12:05:00Z');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual([readEntry(store, 6).pair, readEntry(store, 6).previous], ['P', { seq: 4, fingerprint: readEntry(store, 4).fingerprint, collectedAt: '2026-11-24T11:00:00Z' }]);
    assert.equal((await run(['verify'], '2026-11-24T12:00:00Z')).code, 0);

    // Tampering with the carried entry (the last entry of a copy, so that the chain itself stays whole).
    const cut = join(d.dir, 'cut');
    cpSync(store, cut, { recursive: true });
    for (const seq of [4, 5, 6]) rmSync(entryFile(cut, seq));
    writeFileSync(join(cut, 'head.json'), `${canonical({ hash: carried.hash, seq: 3 })}\n`);
    verify = await runCli(['verify', '--store', cut], { cwd: d.dir });
    assert.equal(verify.code, 0, `a store whose last entry carries a history verifies: ${verify.stdout}`);
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ collectedAt: '2026-11-24T10:30:00.000Z' }, /carries entry 1 into pair "P", but does not record its snapshot/],
      [{ carriedFrom: { seq: 2 } }, /carries entry 2 into pair "P", which is not a snapshot recorded without a pair before it/],
      [{ carriedFrom: { seq: 3 } }, /carries entry 3 into pair "P", which is not a snapshot recorded without a pair before it/],
      [{ host: 'SCADA-Z' }, /carries entry 1 into pair "P", which is not the last snapshot of SCADA-Z without a pair/],
      [{ changes: [{ setting: 'db.port', kind: 'changed', from: 5480, to: 5481 }] }, /carries entry 1 into pair "P", but is not a first snapshot in a pair without changes/],
      [{ carriedFrom: 'entry 1' }, /a malformed "carriedFrom"/],
    ];
    for (const [edit, message] of cases) {
      writeEntry(cut, { ...carried, ...edit });
      const broken = await runCli(['verify', '--store', cut], { cwd: d.dir });
      assert.equal(broken.code, 1, broken.stdout);
      assert.match(broken.stdout, new RegExp(`^BROKEN at entry 3: journal.0+3\\.json: ${message.source}`), JSON.stringify(edit));
      const changes = await runCli(['changes', '--store', cut], { cwd: d.dir });
      assert.equal(changes.code, 2, 'other commands refuse it too');
    }
  } finally {
    d.cleanup();
  }
});

test('a server recorded alone, then checked in a pair (check --record): carried, and a changeover of the pair still recorded from the right collections', async () => {
  const d = tempDir();
  try {
    const store = join(d.dir, 'store');
    const run = (argv: string[], now: string) => runCli([...argv, '--store', store], { cwd: d.dir, now });
    const check = (inputs: string[], now: string) => run(['check', ...inputs, '--pair', 'T', '--record', '-f', 'json', '-o', join(d.dir, `${now.slice(11, 13)}.json`)], now);
    const at = (role: string, time: string, recorded?: 'main' | 'standby-a' | 'standby-b') => bundleCopy(d.dir, `${role}-${time.slice(11, 13)}`, fixtureBundle('triple-standby', role), time, recorded);
    // Standby B's computer recorded alone first; the pair checked without it.
    let r = await run(['record', at('standby-b', '2026-11-24T09:00:00Z')], '2026-11-24T09:05:00Z');
    assert.equal(r.code, 0, r.stderr);
    r = await check([at('main', '2026-11-24T10:00:00Z'), at('standby-a', '2026-11-24T10:00:00Z')], '2026-11-24T10:05:00Z');
    assert.match(r.stderr, /check recorded as journal entry 4/);
    // Standby A takes over as Main while the computer recorded alone joins the pair as Standby B.
    r = await check([at('standby-a', '2026-11-24T11:00:00Z', 'main'), at('main', '2026-11-24T11:00:30Z', 'standby-a'), at('standby-b', '2026-11-24T11:01:00Z')], '2026-11-24T11:05:00Z');
    assert.match(r.stderr, /changeover of T recorded/);
    assert.match(r.stderr, /TRIPLE-3: its history recorded without a pair continues in pair T: entry \d+ records its last snapshot without a pair \(entry 1\) there again/);
    const entries = openStore(store, { process: thisProcess }).readJournal();
    const carriedEntry = entries.find((e): e is SnapshotRecordedEntry => e.type === 'snapshot-recorded' && e.carriedFrom !== undefined);
    assert.deepEqual([carriedEntry?.carriedFrom, carriedEntry?.pair], [{ seq: 1 }, 'T']);
    const changeover = entries[entries.length - 1];
    assert.equal(changeover.type, 'changeover-recorded');
    if (changeover.type !== 'changeover-recorded') return;
    assert.deepEqual(changeover.between, { before: '2026-11-24T10:00:00.000Z', after: '2026-11-24T11:00:00.000Z' });

    // Killed before the changeover entry: the recovery rebuilds it from the check's own snapshots, not the carried one.
    const killed = join(d.dir, 'killed');
    cpSync(store, killed, { recursive: true });
    const original = readEntry(store, changeover.seq);
    rmSync(entryFile(killed, changeover.seq));
    writeFileSync(join(killed, 'head.json'), `${canonical({ hash: entries[changeover.seq - 2].hash, seq: changeover.seq - 1 })}\n`);
    r = await runCli(['note', '1', '--text', 'recorded alone before it joined', '--store', killed], { cwd: d.dir, now: '2026-11-24T12:00:00Z' });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(readEntry(killed, changeover.seq), original);
  } finally {
    d.cleanup();
  }
});
