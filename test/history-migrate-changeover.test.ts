// A store written by pairaudit 0.1.0 (which journalled no changeovers) whose last entry is a recorded audit that
// moved a pair's Main: once migrated, no write appends a changeover for it, verify notes none and changes lists
// none (the recovery of a changeover an interrupted write left out is for entries of a version that writes them).
import assert from 'node:assert/strict';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openStore } from '../src/history/index.js';
import { unjournalledChangeover } from '../src/history/changeovers.js';
import { entryFile, readEntry, repoRoot, runCli, tempDir, thisProcess, writeEntry } from './history-fixtures.js';

test('a 0.1.0 store ending with an audit that moved the Main: migrated, its next write journals no changeover with that audit\'s time and author', async () => {
  const d = tempDir();
  try {
    const store = join(d.dir, 'store');
    cpSync(join(repoRoot, 'fixtures', 'stores', 'v0.1.0', 'store'), store, { recursive: true });
    // As 0.1.0 would have written them: pair sample checked again (entries 13-15) with NORTH-B as Main; the
    // fleet run's entries (16-18) are not there. Entry 12 was the pair's audit with NORTH-A as Main.
    for (const seq of [16, 17, 18]) rmSync(entryFile(store, seq));
    const roles: Record<string, string> = { 'NORTH-A': 'standby-a', 'NORTH-B': 'main' };
    let prevHash = readEntry(store, 12).hash;
    for (const seq of [13, 14, 15]) {
      const e = readEntry(store, seq);
      const edited: Record<string, unknown> = { ...e, pair: 'sample', prevHash, at: '2026-11-26T07:30:00.000Z', author: 'K. Jones' };
      if (e.type === 'checked-unchanged') edited.role = roles[e.server as string];
      else edited.servers = (e.servers as { label: string; role: string; fingerprint: string }[]).map((s) => ({ ...s, role: roles[s.label] })).reverse();
      writeEntry(store, edited);
      prevHash = readEntry(store, seq).hash;
    }
    const run = (argv: string[], now: string) => runCli([...argv, '--store', store], { cwd: d.dir, now });
    let r = await run(['verify'], '2026-11-30T09:00:00Z');
    assert.equal(r.code, 0, r.stdout);
    r = await run(['migrate'], '2026-11-30T10:00:00Z');
    assert.equal(r.code, 0, r.stderr);
    r = await run(['verify'], '2026-11-30T10:01:00Z');
    assert.equal(r.code, 0, r.stdout);
    assert.doesNotMatch(r.stdout, /changeover/);
    const changes = JSON.parse((await run(['changes', '-f', 'json'], '2026-11-30T10:02:00Z')).stdout) as { counts: { changeovers: number } };
    assert.equal(changes.counts.changeovers, 0);

    r = await run(['note', '15', '--text', 'NORTH-B has been Main since the historian migration'], '2026-11-30T10:05:00Z');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '', 'no changeover appended');
    const entries = openStore(store, { process: thisProcess }).readJournal();
    assert.deepEqual(entries.slice(14).map((e) => e.type), ['audit-recorded', 'store-migrated', 'note-added']);
    // What protects it: migrate ends the journal with its store-migrated entry, so a 0.1.0 check is never the last
    // entry of a store this version writes to. Without that entry the journal would look like an interrupted write.
    const missing = unjournalledChangeover(entries.slice(0, 15));
    assert.deepEqual(missing?.type === 'changeover-recorded' ? [missing.main.before.server, missing.main.after.server, missing.author] : missing, ['NORTH-A', 'NORTH-B', 'K. Jones']);
  } finally {
    d.cleanup();
  }
});
