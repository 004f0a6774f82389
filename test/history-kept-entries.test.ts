// A write that fails after it journalled entries says which entries stay, in a new error of the failure's exit code
// that carries the failure as its `cause`: the error caught is never changed (another holder of it, or a retry that
// reports it again, would see the added words).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ExitCode, PairauditError, StoreError, UsageError } from '../src/errors.js';
import { recordSnapshot } from '../src/history/index.js';
import { bundleCopy, fixtureBundle, makeSnapshot, runCli, tempDir, tempStore } from './history-fixtures.js';

const cases: { name: string; failure: () => PairauditError; appended: number; message: string; exitCode: number }[] = [
  { name: 'a usage error after one entry', failure: () => new UsageError('record: refused'), appended: 1, message: 'record: refused (entry 2 was journalled before it and stays)', exitCode: ExitCode.INPUT },
  { name: 'a store error after two entries', failure: () => new StoreError('x.json.gz: corrupt'), appended: 2, message: 'x.json.gz: corrupt (entries 2-3 were journalled before it and stay)', exitCode: ExitCode.INPUT },
  { name: 'an error of another exit code keeps it', failure: () => new PairauditError('drifted', ExitCode.DRIFT), appended: 1, message: 'drifted (entry 2 was journalled before it and stays)', exitCode: ExitCode.DRIFT },
  { name: 'nothing journalled: the error itself, as it was', failure: () => new UsageError('record: refused; nothing was written'), appended: 0, message: 'record: refused; nothing was written', exitCode: ExitCode.INPUT },
];

for (const c of cases) {
  test(`a write failing after it journalled entries: ${c.name}`, async () => {
    const t = tempStore();
    try {
      await recordSnapshot(t.store, makeSnapshot('A', '2026-11-01T00:00:00Z', { x: 1 }), { at: '2026-11-01T00:00:00Z', author: 'alice' });
      const original = c.failure();
      const before = { message: original.message, exitCode: original.exitCode, cause: original.cause };
      let thrown: unknown;
      try {
        await t.store.write('test', (w) => {
          for (let i = 0; i < c.appended; i++) w.append({ type: 'note-added', at: '2026-11-02T00:00:00Z', author: 'alice', note: `note ${i}`, target: { seq: 1 } });
          throw original;
        });
      } catch (e) {
        thrown = e;
      }
      assert.ok(thrown instanceof PairauditError, String(thrown));
      assert.equal(thrown.message, c.message, 'the line the user sees');
      assert.equal(thrown.exitCode, c.exitCode, 'the exit code');
      assert.deepEqual({ message: original.message, exitCode: original.exitCode, cause: original.cause }, before, 'the error caught is not changed');
      if (c.appended === 0) assert.equal(thrown, original);
      else {
        assert.notEqual(thrown, original);
        assert.ok(thrown instanceof StoreError);
        assert.equal(thrown.cause, original);
      }
      assert.equal(t.store.readJournal().length, 1 + c.appended, 'the journalled entries stay');
    } finally {
      t.cleanup();
    }
  });
}

test("audit --record whose Standby's previous snapshot is corrupt (same size) after the Main's entry: one line saying the entry stays, exit 2", async () => {
  const t = tempDir();
  try {
    const store = join(t.dir, 'store');
    const run = (argv: string[]) => runCli([...argv, '--store', store], { cwd: t.dir });
    const audit = (name: string, pair: string, at: string) => run(['audit', bundleCopy(t.dir, `${name}-a`, fixtureBundle(pair, 'main'), at), bundleCopy(t.dir, `${name}-b`, fixtureBundle(pair, 'standby-a'), at), '--pair', 'P', '--record']);
    assert.equal((await audit('first', 'healthy', '2026-11-20T08:00:00Z')).code, 0);
    const hex = (JSON.parse(readFileSync(join(store, 'journal', '0000000002.json'), 'utf8')) as { fingerprint: string }).fingerprint.replace(/^sha256:/, '');
    const blob = join(store, 'snapshots', hex.slice(0, 2), `${hex}.json.gz`);
    const bytes = readFileSync(blob);
    bytes.fill(0x41, 20, 40);
    writeFileSync(blob, bytes);
    const r = await audit('second', 'drift-db-port', '2026-11-21T08:00:00Z');
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `pairaudit: ${blob}: corrupt (not gzip data); run \`pairaudit verify\` and restore the file from a backup (entry 4 was journalled before it and stays)\n`);
  } finally {
    t.cleanup();
  }
});
