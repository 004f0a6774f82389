// Tampering: every edit, deletion or reordering of the journal or a stored snapshot is found by `verify`.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { canonical, sha256Hex } from '../src/history/hash.js';
import { addNote, approveBaseline, recordSnapshot } from '../src/history/index.js';
import { makeSnapshot, runCli, tempStore } from './history-fixtures.js';

/** A store of 6 entries: three snapshots of A (two with changes), one of B, a note, a baseline. */
async function buildStore() {
  const t = tempStore();
  const m = (at: string) => ({ at, author: 'alice' });
  await recordSnapshot(t.store, makeSnapshot('A', '2026-11-01T00:00:00Z', { x: 1 }), { ...m('2026-11-01T00:00:00Z'), pair: 'P', role: 'main' });
  await recordSnapshot(t.store, makeSnapshot('B', '2026-11-01T00:00:00Z', { x: 1 }), { ...m('2026-11-01T00:00:00Z'), pair: 'P', role: 'standby-a' });
  await recordSnapshot(t.store, makeSnapshot('A', '2026-11-02T00:00:00Z', { x: 2 }), m('2026-11-02T00:00:00Z'));
  await addNote(t.store, '3.1', { ...m('2026-11-03T00:00:00Z'), note: 'raised x' });
  await recordSnapshot(t.store, makeSnapshot('A', '2026-11-04T00:00:00Z', { x: 3 }), m('2026-11-04T00:00:00Z'));
  await approveBaseline(t.store, 'P', m('2026-11-05T00:00:00Z'));
  return t;
}

const entry = (dir: string, seq: number) => join(dir, 'journal', `${String(seq).padStart(10, '0')}.json`);

const cases: { name: string; tamper: (dir: string) => void; firstBroken: number; message: RegExp }[] = [
  {
    name: 'one byte changed in an entry',
    tamper: (dir) => {
      const f = entry(dir, 3);
      const bytes = readFileSync(f);
      const i = bytes.indexOf('"alice"') + 2;
      bytes[i] = 'A'.charCodeAt(0);
      writeFileSync(f, bytes);
    },
    firstBroken: 3,
    message: /hash does not match/,
  },
  {
    name: 'a value edited and the entry re-hashed (the next link breaks)',
    tamper: (dir) => {
      const f = entry(dir, 3);
      const e = JSON.parse(readFileSync(f, 'utf8')) as Record<string, unknown>;
      e.author = 'mallory';
      delete e.hash;
      e.hash = sha256Hex(canonical(e));
      writeFileSync(f, `${canonical(e)}\n`);
    },
    firstBroken: 4,
    message: /previous-hash does not match/,
  },
  { name: 'whitespace added (same JSON)', tamper: (dir) => writeFileSync(entry(dir, 2), `${readFileSync(entry(dir, 2), 'utf8')} `), firstBroken: 2, message: /ends with blank lines or spaces \(saved by an editor\?\); its content is intact/ },
  { name: 'an entry deleted', tamper: (dir) => rmSync(entry(dir, 4)), firstBroken: 4, message: /entry 4 is missing/ },
  { name: 'the last entry deleted', tamper: (dir) => rmSync(entry(dir, 6)), firstBroken: 6, message: /entry 6 is missing.*head\.json/ },
  {
    name: 'two entries swapped',
    tamper: (dir) => {
      renameSync(entry(dir, 2), join(dir, 'swap'));
      renameSync(entry(dir, 3), entry(dir, 2));
      renameSync(join(dir, 'swap'), entry(dir, 3));
    },
    firstBroken: 2,
    message: /holds entry 3/,
  },
  {
    name: 'a stored snapshot changed',
    tamper: (dir) => {
      const shard = readdirSync(join(dir, 'snapshots')).sort()[0];
      const f = join(dir, 'snapshots', shard, readdirSync(join(dir, 'snapshots', shard))[0]);
      const bytes = readFileSync(f);
      bytes[bytes.length - 5] ^= 1;
      writeFileSync(f, bytes);
    },
    firstBroken: 0,
    message: /file was changed/,
  },
  // Every entry is intact: what is missing is the head, and with it the proof that no newer entry went too.
  { name: 'head.json deleted', tamper: (dir) => rmSync(join(dir, 'head.json')), firstBroken: 7, message: /^head\.json is missing; the journal's 6 entries are intact: restore head\.json from a backup or the store's git history, or, if entry 6 is the last one recorded \(compare the head hash on your latest change record\), write it as \{"hash":"[0-9a-f]{64}","seq":6\}$/ },
  { name: 'an entry emptied', tamper: (dir) => writeFileSync(entry(dir, 5), ''), firstBroken: 5, message: /is empty \(0 bytes\)/ },
];

for (const c of cases) {
  test(`verify finds: ${c.name}`, async () => {
    const { dir, cleanup } = await buildStore();
    try {
      const intact = await runCli(['verify', '--store', dir], { cwd: dir });
      assert.equal(intact.code, 0, intact.stdout + intact.stderr);
      assert.match(intact.stdout, /^intact: 6 entries/);
      c.tamper(dir);
      const r = await runCli(['verify', '--store', dir, '--format', 'json'], { cwd: dir });
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const report = JSON.parse(r.stdout) as { ok: boolean; firstBrokenSeq: number; problems: { detail: string }[] };
      assert.equal(report.ok, false);
      if (c.firstBroken > 0) assert.equal(report.firstBrokenSeq, c.firstBroken);
      assert.match(report.problems[0].detail, c.message);
      const text = await runCli(['verify', '--store', dir], { cwd: dir });
      assert.equal(text.code, 1);
      assert.match(text.stdout, /^BROKEN at entry \d+: /);
      // Readers refuse the store rather than use it.
      const changes = await runCli(['changes', '--store', dir], { cwd: dir });
      if (!/snapshot/.test(c.name)) {
        assert.equal(changes.code, 2, changes.stdout + changes.stderr);
        assert.match(changes.stderr, /pairaudit verify/);
      }
    } finally {
      cleanup();
    }
  });
}

test('verify on a folder that is not a store exits 2 and says what to do', async () => {
  const { dir, cleanup } = tempStore();
  try {
    const r = await runCli(['verify', '--store', dir], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no history store here/);
  } finally {
    cleanup();
  }
});
