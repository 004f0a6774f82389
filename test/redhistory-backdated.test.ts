// Red team of the history: an entry written with a clock set back (or PAIRAUDIT_NOW in the past) after newer ones.
// The chain holds, so verify said intact without a word; but the entry falls in a period whose change record may be
// signed already, and the records of later periods do not show it. verify notes it (an hour allows for two clocks),
// and a write dated so is refused (exit 2, nothing written): the back-dated entries verify notes here are written by
// hand, as a pairaudit before that refusal wrote them (test/history2-backdated covers record --backdated).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readEntry, recordNorthWithChange, runCli, tempDir, writeEntry } from './history-fixtures.js';

const cases: { name: string; noteAt: string; notice?: RegExp }[] = [
  { name: 'a note written after the records', noteAt: '2026-11-25T13:00:00Z' },
  { name: 'a note written 7 minutes before the last entry (two clocks that differ a little)', noteAt: '2026-11-25T11:53:00Z' },
  {
    name: 'a note dated 5 days back',
    noteAt: '2026-11-20T09:30:00Z',
    notice: /^note: entry 4 is dated 2026-11-20T09:30:00\.000Z, 5 days before entry 3 \(2026-11-25T12:00:00\.000Z\): written with a clock set back or PAIRAUDIT_NOW in the past: it falls in a period whose change record may be signed already, and the records of later periods do not show it$/m,
  },
  { name: 'a note dated 3 hours back', noteAt: '2026-11-25T09:00:00Z', notice: /^note: entry 4 is dated 2026-11-25T09:00:00\.000Z, 3 h before entry 3 /m },
];

for (const c of cases) {
  test(`backdating red team: ${c.name}`, async () => {
    const t = tempDir();
    try {
      const store = join(t.dir, 'store');
      await recordNorthWithChange(t.dir, store, { cwd: t.dir, now: '2026-11-25T12:00:00Z' });
      const note = await runCli(['note', '3.1', '--text', 'approved before the review', '--store', store], { cwd: t.dir, now: c.noteAt });
      if (c.notice === undefined) assert.equal(note.code, 0, note.stderr);
      else {
        // Refused with one line, nothing written; then the same entry as an older pairaudit journalled it.
        assert.equal(note.code, 2, note.stderr);
        assert.match(note.stderr, /^pairaudit: the entry would be dated .* before entry 3 \(2026-11-25T12:00:00\.000Z\), which the journal holds already: .*nothing was written/);
        assert.equal(note.stderr.trim().split('\n').length, 1, note.stderr);
        assert.equal((await runCli(['verify', '--store', store], { cwd: t.dir })).stdout.includes(' is dated '), false);
        const last = readEntry(store, 3);
        writeEntry(store, { v: last.v, seq: 4, type: 'note-added', at: new Date(c.noteAt).toISOString(), author: 'tester', note: 'approved before the review', target: { seq: 3, change: 1 }, server: last.server, prevHash: last.hash });
      }
      const r = await runCli(['verify', '--store', store], { cwd: t.dir });
      assert.equal(r.code, 0, r.stdout);
      const notes = r.stdout.split('\n').filter((l) => l.includes(' is dated '));
      if (c.notice === undefined) assert.deepEqual(notes, []);
      else {
        assert.equal(notes.length, 1, r.stdout);
        assert.match(r.stdout, c.notice);
      }
    } finally {
      t.cleanup();
    }
  });
}
