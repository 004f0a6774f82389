// The store written by pairaudit 0.1.0 (fixtures/stores/v0.1.0): today's code verifies it and reads its history.
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openStore, verifyStore } from '../src/history/index.js';
import { repoRoot, runCli, tempDir, thisProcess } from './history-fixtures.js';

const fixture = join(repoRoot, 'fixtures', 'stores', 'v0.1.0', 'store');

/** A copy of the 0.1.0 store in a temporary folder: no test writes to the fixture. */
function copyOfV010(): { dir: string; store: string; cleanup: () => void } {
  const t = tempDir('pairaudit-v010-');
  const store = join(t.dir, 'store');
  cpSync(fixture, store, { recursive: true });
  return { dir: t.dir, store, cleanup: t.cleanup };
}

test('the 0.1.0 store verifies, deep included, read where it lies (no write needed)', () => {
  const report = verifyStore(openStore(fixture, { process: thisProcess }), { deep: true, process: thisProcess });
  assert.deepEqual(report.problems, []);
  assert.equal(report.ok, true);
  assert.equal(report.entries, 18);
  assert.deepEqual(report.head, { seq: 18, hash: '61da22ec0f3e8d958351265cede6d9841f14a250c1b84ca466a19e46e68cd06b' });
  assert.equal(report.snapshotsChecked, 6);
  assert.equal(report.auditsChecked, 4);
});

test('the 0.1.0 journal: entry types in order, as the fixture README lists them', () => {
  const entries = openStore(fixture, { process: thisProcess }).readJournal();
  assert.deepEqual(
    entries.map((e) => e.type),
    [
      ...['snapshot-recorded', 'snapshot-recorded', 'checked-unchanged', 'checked-unchanged', 'audit-recorded', 'baseline-approved'],
      ...['checked-unchanged', 'snapshot-recorded', 'note-added', 'checked-unchanged', 'snapshot-recorded', 'audit-recorded'],
      ...['checked-unchanged', 'checked-unchanged', 'audit-recorded', 'snapshot-recorded', 'snapshot-recorded', 'audit-recorded'],
    ],
  );
});

test('pairaudit verify and changes on a copy of the 0.1.0 store', async () => {
  const c = copyOfV010();
  try {
    const env = { PAIRAUDIT_STORE: c.store };
    const verify = await runCli(['verify'], { cwd: c.dir, env });
    assert.equal(verify.code, 0, verify.stderr);
    assert.match(verify.stdout, /^intact: 18 entries, 6 snapshot and 4 audit references checked; head 18 61da22ec/);

    const changes = await runCli(['changes', '--format', 'json', '--pair', 'sample'], { cwd: c.dir, env });
    assert.equal(changes.code, 0, changes.stderr);
    const view = JSON.parse(changes.stdout) as { changes: { id: string; setting: string; server: string; documented: boolean; who: string; why?: string; from?: unknown; to?: unknown }[] };
    const ids = view.changes.map((r) => `${r.id} ${r.setting}`);
    assert.deepEqual(ids.slice(0, 7), ['8.1 db.port', '8.2 drivers.DNP3.version', '8.3 historic.historicData.keepOnlineWeeks', '8.4 partners.standbyA.compress', '8.5 reg:DB\\ConnectionString', '8.6 reg:DB\\Pwd', '8.7 webx.httpPort']);
    const port = view.changes[0];
    assert.deepEqual([port.server, port.from, port.to, port.documented, port.who, port.why], ['NORTH-B', 5481, 5482, true, 'K. Jones', 'port moved for the historian migration']);
    assert.ok(view.changes.slice(1).every((r) => !r.documented));
  } finally {
    c.cleanup();
  }
});
