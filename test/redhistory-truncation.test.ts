// Red team of the history: the newest entries deleted with head.json rewritten to match (and the files only they
// named), or the whole store replaced. The chain cannot show it; a head hash kept outside the store can:
// `verify --head <hash>` (the hash a signed change record prints) fails when the journal no longer holds it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { headFileText } from '../src/history/journal.js';
import { entryFile, readEntry, recordNorthWithChange, runCli, tempDir } from './history-fixtures.js';

/** Deletes the journal's entries after `keep` and points head.json at entry `keep`, as an insider would. */
function truncate(store: string, keep: number, last: number): void {
  for (let seq = keep + 1; seq <= last; seq++) unlinkSync(entryFile(store, seq));
  writeFileSync(join(store, 'head.json'), headFileText({ hash: readEntry(store, keep).hash as string, seq: keep }));
}

interface Case {
  name: string;
  /** Tampering after the record was signed at entry 4 (the head kept), and entry 5 added. */
  tamper: (store: string, dir: string) => Promise<void> | void;
  /** Which head is given to --head: the one kept (entry 4's), or entry `n`'s as the store now has it. */
  head: 'kept' | { entry: number };
  code: number;
  stdout: RegExp;
}

const cases: Case[] = [
  { name: 'untouched: the kept head is in the journal, one entry after it', tamper: () => {}, head: 'kept', code: 0, stdout: /^intact: 5 entries[^]*note: the head you kept is entry 4: the journal holds it and 1 entry after it\n/ },
  { name: 'the head of today: the last entry', tamper: () => {}, head: { entry: 5 }, code: 0, stdout: /note: the head you kept is entry 5: the journal holds it, as its last entry\n/ },
  {
    name: 'entries 4 and 5 deleted, head.json rewritten: the kept head is missing',
    tamper: (store) => truncate(store, 3, 5),
    head: 'kept',
    code: 1,
    stdout: /^BROKEN at entry 4: head\.json: the head you kept \([0-9a-f]{64}\) is not in this journal, whose last entry is 3 \([0-9a-f]{64}\): entries were deleted from its end and head\.json rewritten, the journal was rewritten, or this is another store; restore it/,
  },
  {
    name: 'only entry 5 deleted (after the record was signed): the kept head is still there',
    tamper: (store) => truncate(store, 4, 5),
    head: 'kept',
    code: 0,
    stdout: /note: the head you kept is entry 4: the journal holds it, as its last entry\n/,
  },
  {
    name: 'the store replaced by another one recorded from the same exports',
    tamper: async (store, dir) => {
      rmSync(store, { recursive: true });
      await recordNorthWithChange(join(dir, 'again'), store, { cwd: dir, now: '2026-11-25T12:30:00Z' });
    },
    head: 'kept',
    code: 1,
    stdout: /^BROKEN at entry 4: head\.json: the head you kept .* is not in this journal, whose last entry is 3 /,
  },
];

for (const c of cases) {
  test(`truncation red team: ${c.name}`, async () => {
    const t = tempDir();
    try {
      const store = join(t.dir, 'store');
      const opts = { cwd: t.dir, now: '2026-11-25T12:00:00Z' };
      await recordNorthWithChange(t.dir, store, opts);
      assert.equal((await runCli(['note', '3.1', '--text', 'port moved', '--store', store], opts)).code, 0);
      // The auditor signs the change record; its head hash is what they keep.
      const record = JSON.parse((await runCli(['changes', '-f', 'json', '--store', store], opts)).stdout) as { journal: { head: { seq: number; hash: string } } };
      assert.equal(record.journal.head.seq, 4);
      const kept = record.journal.head.hash;
      assert.equal((await runCli(['note', '3', '--text', 'later explanation', '--store', store], { ...opts, now: '2026-11-26T12:00:00Z' })).code, 0);
      await c.tamper(store, t.dir);
      // Without the kept head, a truncation is out of the chain's reach (STORE.md "Limits").
      if (c.code === 1 && c.name.startsWith('entries')) assert.equal((await runCli(['verify', '--store', store], opts)).code, 0);
      const head = c.head === 'kept' ? kept : (readEntry(store, c.head.entry).hash as string);
      const r = await runCli(['verify', '--store', store, '--head', head.toUpperCase()], opts);
      assert.equal(r.code, c.code, r.stdout + r.stderr);
      assert.match(r.stdout, c.stdout);
    } finally {
      t.cleanup();
    }
  });
}

test('verify --head takes only a head hash: anything else is exit 2 before the store is read', async () => {
  const t = tempDir();
  try {
    for (const bad of ['12', 'entry 4', 'z'.repeat(64)]) {
      const r = await runCli(['verify', '--store', join(t.dir, 'none'), '--head', bad], { cwd: t.dir });
      assert.equal(r.code, 2, bad);
      assert.match(r.stderr, /--head .*: expected the 64 hex digits of a journal head hash/);
    }
    // A copy of the store elsewhere (another machine, another path) verifies against the same kept head.
    const store = join(t.dir, 'store');
    await recordNorthWithChange(t.dir, store, { cwd: t.dir, now: '2026-11-25T12:00:00Z' });
    const copy = join(t.dir, 'elsewhere', 'copy');
    cpSync(store, copy, { recursive: true });
    const r = await runCli(['verify', '--store', copy, '--head', readEntry(store, 3).hash as string], { cwd: join(t.dir, 'elsewhere') });
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /the head you kept is entry 3: the journal holds it, as its last entry/);
  } finally {
    t.cleanup();
  }
});
