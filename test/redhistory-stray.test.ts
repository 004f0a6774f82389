// Red team of the history: a file added to the store. It changes nothing the journal names, so the store verifies;
// verify names it in a note, in journal/ and snapshots/ as before and now in audits/ too (it said nothing there).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordNorthWithChange, runCli, tempDir } from './history-fixtures.js';

const cases: { name: string; file: string; note?: string }[] = [
  { name: 'nothing added', file: '' },
  { name: 'a file in journal/', file: 'journal/notes.txt', note: 'note: journal/notes.txt: not a journal entry; it is ignored (remove it)' },
  { name: 'a snapshot no entry names', file: `snapshots/ff/${'f'.repeat(64)}.json.gz`, note: `note: snapshots/ff/${'f'.repeat(64)}.json.gz: not referenced by the journal (left by an interrupted record; harmless, may be deleted)` },
  { name: 'an audit result no entry names', file: `audits/ee/${'e'.repeat(64)}.json.gz`, note: `note: audits/ee/${'e'.repeat(64)}.json.gz: not referenced by the journal (left by an interrupted --record; harmless, may be deleted)` },
  { name: 'another file in audits/', file: 'audits/ee/result.json', note: 'note: audits/ee/result.json: not referenced by the journal (left by an interrupted --record; harmless, may be deleted)' },
];

for (const c of cases) {
  test(`stray files red team: ${c.name}`, async () => {
    const t = tempDir();
    try {
      const store = join(t.dir, 'store');
      await recordNorthWithChange(t.dir, store, { cwd: t.dir, now: '2026-11-25T12:00:00Z' });
      if (c.file !== '') {
        mkdirSync(join(store, c.file, '..'), { recursive: true });
        writeFileSync(join(store, c.file), 'x');
      }
      const r = await runCli(['verify', '--store', store], { cwd: t.dir });
      assert.equal(r.code, 0, r.stdout);
      assert.deepEqual(r.stdout.split('\n').filter((l) => /not a journal entry|not referenced/.test(l)), c.note === undefined ? [] : [c.note]);
    } finally {
      t.cleanup();
    }
  });
}
