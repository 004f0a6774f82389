// Red team of the history: a symbolic link (a junction on Windows) inside the store pointing elsewhere. What verify
// reads is intact, but it lives outside the store folder (out of its backups and git, writable by whoever can write
// there): verify says so in a note, naming the link and its target.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readdirSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { entryFile, readEntry, recordNorthWithChange, runCli, tempDir } from './history-fixtures.js';

/** Moves `rel` (a folder or file of the store) to `outside` and leaves a link to it in its place. */
function moveOut(store: string, rel: string, outside: string, dir: boolean): string {
  cpSync(join(store, rel), outside, { recursive: true });
  if (dir) rmSync(join(store, rel), { recursive: true });
  else unlinkSync(join(store, rel));
  symlinkSync(outside, join(store, rel), dir ? 'junction' : 'file');
  return rel;
}

const cases: { name: string; link: (store: string, outside: string) => string | undefined }[] = [
  { name: 'no link', link: () => undefined },
  { name: 'journal/ is a link', link: (store, outside) => moveOut(store, 'journal', outside, true) },
  { name: 'an entry file is a link', link: (store, outside) => moveOut(store, join('journal', entryFile(store, 2).split(/[\\/]/).pop()!), outside, false) },
  {
    name: 'a snapshot shard is a link',
    link: (store, outside) => moveOut(store, join('snapshots', (readEntry(store, 1).fingerprint as string).slice(0, 2)), outside, true),
  },
  {
    name: 'a snapshot file is a link',
    link: (store, outside) => {
      const hex = readEntry(store, 1).fingerprint as string;
      return moveOut(store, join('snapshots', hex.slice(0, 2), readdirSync(join(store, 'snapshots', hex.slice(0, 2)))[0]), outside, false);
    },
  },
];

for (const c of cases) {
  test(`links red team: ${c.name}`, async () => {
    const t = tempDir();
    try {
      const store = join(t.dir, 'store');
      const opts = { cwd: t.dir, now: '2026-11-25T12:00:00Z' };
      await recordNorthWithChange(t.dir, store, opts);
      const outside = join(t.dir, 'elsewhere');
      const link = c.link(store, outside);
      const r = await runCli(['verify', '--store', store], opts);
      assert.equal(r.code, 0, r.stdout);
      const notes = r.stdout.split('\n').filter((l) => l.includes('symbolic link'));
      if (link === undefined) assert.deepEqual(notes, []);
      else {
        // Windows writes a junction's target with its own prefix (\\?\): the target's name is what counts.
        assert.equal(notes.length, 1, r.stdout);
        assert.ok(notes[0].startsWith(`note: ${link}: a symbolic link or junction to `) && notes[0].includes('elsewhere'), notes[0]);
        assert.ok(notes[0].endsWith(': what verify read lives outside the store folder, where its backups and git do not keep it and whoever can write there can change it; replace the link with the folder or file itself'), notes[0]);
      }
    } finally {
      t.cleanup();
    }
  });
}
