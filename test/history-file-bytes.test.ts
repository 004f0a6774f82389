// What editors, copy tools and git do to the store's text files: CRLF line endings, a UTF-8 byte-order mark, blank
// lines at the end, an emptied file. The exact-bytes check still fails them (the stored format is unchanged), but
// verify and every other command say what happened and, when only the bytes changed, that the content is intact.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeSnapshot, runCli, tempDir, writeSnapshotFile } from './history-fixtures.js';

const crlf = (b: Buffer) => Buffer.from(b.toString('utf8').replace(/\n/g, '\r\n'));
const bom = (b: Buffer) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]);
const blankLine = (b: Buffer) => Buffer.concat([b, Buffer.from('\n')]);
const empty = () => Buffer.alloc(0);

const CRLF = /has CRLF line endings \(git's core\.autocrlf without the store's \.gitattributes `\* -text`, or a copy tool\?\); its content is intact: convert the store's journal\/\*\.json and head\.json back to LF/;
const BOM = /starts with a byte-order mark \(saved by an editor\?\); its content is intact: remove the mark/;
const BLANK = /ends with blank lines or spaces \(saved by an editor\?\); its content is intact: remove them/;
const EMPTY = /is empty \(0 bytes\): its write was cut short \(a crash or power loss\) or it was emptied; restore it from a backup/;

const cases: { name: string; files: string[]; edit: (b: Buffer) => Buffer; seq: number; file: string; detail: RegExp; intact: boolean }[] = [
  { name: 'git autocrlf on every entry and head.json', files: ['journal/0000000001.json', 'journal/0000000002.json', 'head.json'], edit: crlf, seq: 1, file: 'journal/0000000001.json', detail: CRLF, intact: true },
  { name: 'CRLF in head.json only', files: ['head.json'], edit: crlf, seq: 2, file: 'head.json', detail: CRLF, intact: true },
  { name: 'a byte-order mark on an entry', files: ['journal/0000000002.json'], edit: bom, seq: 2, file: 'journal/0000000002.json', detail: BOM, intact: true },
  { name: 'a byte-order mark on head.json', files: ['head.json'], edit: bom, seq: 2, file: 'head.json', detail: BOM, intact: true },
  { name: 'a trailing blank line in an entry', files: ['journal/0000000001.json'], edit: blankLine, seq: 1, file: 'journal/0000000001.json', detail: BLANK, intact: true },
  { name: 'an empty entry file', files: ['journal/0000000002.json'], edit: empty, seq: 2, file: 'journal/0000000002.json', detail: EMPTY, intact: false },
  { name: 'an empty head.json', files: ['head.json'], edit: empty, seq: 2, file: 'head.json', detail: EMPTY, intact: false },
];

/** A store in `dir` holding two snapshots of SCADA-A (entries 1 and 2), and a run of the command line on it. */
async function twoSnapshots(dir: string): Promise<{ store: string; run: (argv: string[]) => ReturnType<typeof runCli> }> {
  const store = join(dir, 'store');
  const run = (argv: string[]) => runCli([...argv, '--store', store], { cwd: dir });
  for (const [i, port] of [5481, 5482].entries()) {
    const file = writeSnapshotFile(dir, `a${i}.json`, makeSnapshot('SCADA-A', `2026-11-0${i + 1}T00:00:00Z`, { 'db.port': port }));
    assert.equal((await run(['record', file])).code, 0);
  }
  return { store, run };
}

for (const c of cases) {
  test(`verify and record name what happened to the store's bytes: ${c.name}`, async () => {
    const t = tempDir();
    try {
      const { store, run } = await twoSnapshots(t.dir);
      for (const f of c.files) writeFileSync(join(store, f), c.edit(readFileSync(join(store, f))));

      const verify = await run(['verify']);
      assert.equal(verify.code, 1, verify.stdout + verify.stderr);
      const [first, next] = verify.stdout.split('\n');
      assert.match(first, new RegExp(`^BROKEN at entry ${c.seq}: ${c.file}: ${c.detail.source}`));
      if (c.intact) assert.ok(next.endsWith(`; nothing to restore from a backup: put the bytes of ${c.file} back as said, then verify again`), next);
      else assert.match(next, /restore the rest from a backup/);
      // JSON: the same problem, its older fields as they were, and `intact: true` only when the content is intact.
      const json = JSON.parse((await run(['verify', '-f', 'json'])).stdout) as { firstBrokenSeq: number; problems: Record<string, unknown>[] };
      assert.equal(json.firstBrokenSeq, c.seq);
      assert.deepEqual(Object.keys(json.problems[0]), c.intact ? ['seq', 'file', 'detail', 'intact'] : ['seq', 'file', 'detail']);
      assert.equal(json.problems[0].intact, c.intact ? true : undefined);
      assert.match(String(json.problems[0].detail), c.detail);

      const record = await run(['record', writeSnapshotFile(t.dir, 'a3.json', makeSnapshot('SCADA-A', '2026-11-03T00:00:00Z', { 'db.port': 5483 }))]);
      assert.equal(record.code, 2);
      assert.match(record.stderr, new RegExp(`fails verification at entry ${c.seq} \\(${c.file}: ${c.detail.source}`));
      assert.match(record.stderr, /nothing was written/);
      if (c.edit === crlf && c.seq === 1) {
        // CRLF never hides an edit: with a value changed as well, the entry is edited, not intact.
        const entry = join(store, c.file);
        writeFileSync(entry, readFileSync(entry, 'utf8').replace('"author":"tester"', '"author":"mallory"'));
        const edited = await run(['verify']);
        assert.match(edited.stdout, new RegExp(`^BROKEN at entry 1: ${c.file}: hash does not match the content \\(entry edited\\)\n.*restore the rest from a backup`));
      }
    } finally {
      t.cleanup();
    }
  });
}

// An edited entry is reported with words of its own text (its type, its seq): words that read like "its content is
// intact" must not make verify say there is nothing to restore. Whether the content is intact is the problem's field.
const edits: { name: string; edit: (text: string) => string; detail: RegExp }[] = [
  { name: 'the type edited to words of the intact advice', edit: (t) => t.replace('"type":"snapshot-recorded"', '"type":"x; its content is intact: y"'), detail: /^unknown entry type "x; its content is intact: y"$/ },
  { name: 'the seq edited to words of the intact advice', edit: (t) => t.replace('"seq":2', '"seq":"x; its content is intact: y"'), detail: /^file holds entry "x; its content is intact: y" \(entries moved or swapped\)$/ },
  { name: 'the same words edited in, with CRLF as well', edit: (t) => crlf(Buffer.from(t.replace('"type":"snapshot-recorded"', '"type":"x; its content is intact: y"'))).toString(), detail: /^unknown entry type "x; its content is intact: y"$/ },
];

for (const c of edits) {
  test(`verify tells an edited entry from an intact one by the problem, not its words: ${c.name}`, async () => {
    const t = tempDir();
    try {
      const { store, run } = await twoSnapshots(t.dir);
      const f = join(store, 'journal', '0000000002.json');
      writeFileSync(f, c.edit(readFileSync(f, 'utf8')));
      const verify = await run(['verify']);
      assert.equal(verify.code, 1, verify.stdout + verify.stderr);
      const [first, next] = verify.stdout.split('\n');
      assert.match(first.replace('BROKEN at entry 2: journal/0000000002.json: ', ''), c.detail);
      assert.ok(next.endsWith("; restore the rest from a backup or the store's git history"), next);
      const json = JSON.parse((await run(['verify', '-f', 'json'])).stdout) as { problems: Record<string, unknown>[] };
      assert.deepEqual(Object.keys(json.problems[0]), ['seq', 'file', 'detail']);
    } finally {
      t.cleanup();
    }
  });
}

test('store.json with a byte-order mark (saved by an editor) is read: it is not hashed, and its content is unchanged', async () => {
  const t = tempDir();
  try {
    const store = join(t.dir, 'store');
    const run = (argv: string[]) => runCli([...argv, '--store', store], { cwd: t.dir });
    assert.equal((await run(['record', writeSnapshotFile(t.dir, 'a.json', makeSnapshot('SCADA-A', '2026-11-01T00:00:00Z', { 'db.port': 5481 }))])).code, 0);
    writeFileSync(join(store, 'store.json'), bom(readFileSync(join(store, 'store.json'))));
    const verify = await run(['verify']);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    const record = await run(['record', writeSnapshotFile(t.dir, 'b.json', makeSnapshot('SCADA-A', '2026-11-02T00:00:00Z', { 'db.port': 5482 }))]);
    assert.equal(record.code, 0, record.stderr);
    assert.match((await run(['verify'])).stdout, /^intact: 2 entries/);
  } finally {
    t.cleanup();
  }
});
