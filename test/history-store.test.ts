// History store: recording series of snapshots, notes, baselines and attribution, audits, and recovery.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { StoreError, UsageError } from '../src/errors.js';
import { addNote, approveBaseline, attributeFindings, listChanges, recordAudit, recordSnapshot, verifyStore } from '../src/history/index.js';
import type { JournalChange } from '../src/history/index.js';
import type { AuditResult, Finding, SettingValue } from '../src/types.js';
import { makeSnapshot, tempStore, thisProcess } from './history-fixtures.js';
import { openStore } from '../src/history/store.js';

const meta = (at: string, extra: { note?: string; ticket?: string; author?: string } = {}) => ({ at, author: extra.author ?? 'alice', ...extra });

test('a series of snapshots yields exactly the expected changes', async () => {
  const { store, cleanup } = tempStore();
  try {
    const series: { at: string; values: Record<string, SettingValue>; expect: JournalChange[] }[] = [
      { at: '2026-11-01T00:00:00Z', values: { 'db.port': 5481, 'partners.type': 'HotStandby', 'drivers.A.installed': true }, expect: [] },
      { at: '2026-11-02T00:00:00Z', values: { 'db.port': 5481, 'partners.type': 'HotStandby', 'drivers.A.installed': true }, expect: [] },
      { at: '2026-11-03T00:00:00Z', values: { 'db.port': 5482, 'partners.type': 'HotStandby', 'drivers.A.installed': true }, expect: [{ setting: 'db.port', kind: 'changed', from: 5481, to: 5482 }] },
      {
        at: '2026-11-04T00:00:00Z',
        values: { 'DB.Port': 5482, 'partners.type': 'HotStandby', 'drivers.B.installed': true },
        expect: [
          { setting: 'drivers.A.installed', kind: 'removed', from: true },
          { setting: 'drivers.B.installed', kind: 'added', to: true },
        ],
      },
      {
        at: '2026-11-05T00:00:00Z',
        values: { 'DB.Port': 5482, 'partners.type': 'HotStandby', 'drivers.B.installed': true, 'webx.password': { secret: true, set: true, hmac: '1'.repeat(64) } },
        expect: [{ setting: 'webx.password', kind: 'added', to: { secret: true, set: true } }],
      },
      {
        at: '2026-11-06T00:00:00Z',
        values: { 'DB.Port': 5482, 'partners.type': 'HotStandby', 'drivers.B.installed': true, 'webx.password': { secret: true, set: true, hmac: '2'.repeat(64) } },
        expect: [{ setting: 'webx.password', kind: 'changed', from: { secret: true, set: true }, to: { secret: true, set: true, same: false } }],
      },
    ];
    const kinds: string[] = [];
    for (const step of series) {
      const out = await recordSnapshot(store, makeSnapshot('SCADA-A', step.at, step.values), meta(step.at));
      kinds.push(out.entry.type);
      assert.deepEqual(out.changes, step.expect, step.at);
    }
    assert.deepEqual(kinds, ['snapshot-recorded', 'checked-unchanged', 'snapshot-recorded', 'snapshot-recorded', 'snapshot-recorded', 'snapshot-recorded']);
    const rows = listChanges(store.readJournal());
    assert.deepEqual(
      rows.map((r) => [r.id, r.setting, r.kind, r.firstSeen, r.previousCollectedAt]),
      [
        // Checked unchanged on 11-02 (entry 2): the change happened after that, not after the 11-01 snapshot.
        ['3.1', 'db.port', 'changed', '2026-11-03T00:00:00Z', '2026-11-02T00:00:00Z'],
        ['4.1', 'drivers.A.installed', 'removed', '2026-11-04T00:00:00Z', '2026-11-03T00:00:00Z'],
        ['4.2', 'drivers.B.installed', 'added', '2026-11-04T00:00:00Z', '2026-11-03T00:00:00Z'],
        ['5.1', 'webx.password', 'added', '2026-11-05T00:00:00Z', '2026-11-04T00:00:00Z'],
        ['6.1', 'webx.password', 'changed', '2026-11-06T00:00:00Z', '2026-11-05T00:00:00Z'],
      ],
    );
    // No secret material in the journal, only set / different.
    for (const name of readdirSync(store.paths.journal)) assert.doesNotMatch(readFileSync(join(store.paths.journal, name), 'utf8'), /1111111111|2222222222/);
    // Period filters compare the time the change was first seen.
    assert.deepEqual(listChanges(store.readJournal(), { since: '2026-11-04T00:00:00Z', until: '2026-11-05T00:00:00Z' }).map((r) => r.id), ['4.1', '4.2', '5.1']);
    assert.equal(verifyStore(store).ok, true);
  } finally {
    cleanup();
  }
});

test('servers are kept apart, and --server / --pair filter the changes', async () => {
  const { store, cleanup } = tempStore();
  try {
    await recordSnapshot(store, makeSnapshot('A', '2026-11-01T00:00:00Z', { p: 1 }), { ...meta('2026-11-01T00:00:00Z'), pair: 'P', role: 'main' });
    await recordSnapshot(store, makeSnapshot('B', '2026-11-01T00:00:00Z', { p: 1 }), { ...meta('2026-11-01T00:00:00Z'), pair: 'P', role: 'standby-a' });
    await recordSnapshot(store, makeSnapshot('C', '2026-11-01T00:00:00Z', { p: 1 }), meta('2026-11-01T00:00:00Z'));
    await recordSnapshot(store, makeSnapshot('A', '2026-11-02T00:00:00Z', { p: 2 }), meta('2026-11-02T00:00:00Z'));
    await recordSnapshot(store, makeSnapshot('b', '2026-11-02T00:00:00Z', { p: 3 }), meta('2026-11-02T00:00:00Z'));
    await recordSnapshot(store, makeSnapshot('C', '2026-11-02T00:00:00Z', { p: 4 }), meta('2026-11-02T00:00:00Z'));
    const entries = store.readJournal();
    const ids = (f: Parameters<typeof listChanges>[1]) => listChanges(entries, f).map((r) => `${r.server}:${r.from}->${r.to}`);
    assert.deepEqual(ids({}), ['A:1->2', 'b:1->3', 'C:1->4']);
    assert.deepEqual(ids({ server: 'B' }), ['b:1->3']);
    assert.deepEqual(ids({ pair: 'p' }), ['A:1->2', 'b:1->3']);
  } finally {
    cleanup();
  }
});

test('notes and tickets attached later document a change; nothing is rewritten', async () => {
  const { store, cleanup } = tempStore();
  try {
    await recordSnapshot(store, makeSnapshot('A', '2026-11-01T00:00:00Z', { x: 1, y: 1 }), meta('2026-11-01T00:00:00Z'));
    await recordSnapshot(store, makeSnapshot('A', '2026-11-02T00:00:00Z', { x: 2, y: 2 }), meta('2026-11-02T00:00:00Z', { ticket: 'CHG-7' }));
    const before = readFileSync(join(store.paths.journal, '0000000002.json'), 'utf8');
    let rows = listChanges(store.readJournal());
    assert.deepEqual(rows.map((r) => [r.id, r.documented, r.ticket]), [['2.1', false, 'CHG-7'], ['2.2', false, 'CHG-7']]);

    await addNote(store, '2.1', { ...meta('2026-11-03T00:00:00Z', { author: 'bob', ticket: 'CHG-8' }), note: 'x raised for the new RTU' });
    rows = listChanges(store.readJournal());
    assert.deepEqual(rows.map((r) => [r.id, r.documented, r.note, r.author, r.ticket]), [
      ['2.1', true, 'x raised for the new RTU', 'bob', 'CHG-8'],
      ['2.2', false, undefined, 'alice', 'CHG-7'],
    ]);
    await addNote(store, '2', { ...meta('2026-11-04T00:00:00Z', { author: 'carol' }), note: 'vendor upgrade' });
    rows = listChanges(store.readJournal());
    assert.deepEqual(rows.map((r) => [r.id, r.note, r.notes.length]), [['2.1', 'vendor upgrade', 2], ['2.2', 'vendor upgrade', 1]]);
    assert.equal(readFileSync(join(store.paths.journal, '0000000002.json'), 'utf8'), before);

    for (const [target, message] of [
      ['9', /no journal entry 9/],
      ['2.3', /has 2 change/],
      ['1.1', /has 0 change/],
      ['x', /expected an entry number/],
    ] as const) {
      await assert.rejects(addNote(store, target, { ...meta('2026-11-05T00:00:00Z'), note: 'n' }), (e: unknown) => e instanceof UsageError && message.test(e.message));
    }
    assert.equal(verifyStore(store).ok, true);
  } finally {
    cleanup();
  }
});

function finding(setting: string, status: Finding['status']): Finding {
  return {
    ruleId: 'must-equal',
    title: setting,
    severity: 'blocker',
    status,
    category: 'db',
    setting,
    servers: ['main', 'standby-a'],
    values: {},
    sources: {},
    messageId: 'differs',
    message: `${setting} differs`,
    rationale: '',
    remediation: '',
  };
}

function auditResult(findings: Finding[]): AuditResult {
  return {
    schemaVersion: 1,
    tool: { name: 'pairaudit', version: '0' },
    generatedAt: '2026-11-25T00:00:00Z',
    kind: 'audit',
    verdict: 'drift',
    failOn: 'warning',
    servers: [
      { role: 'main', label: 'A', fingerprint: 'f'.repeat(64), collectedAt: '2026-11-25T00:00:00Z', sources: [] },
      { role: 'standby-a', label: 'B', fingerprint: 'e'.repeat(64), collectedAt: '2026-11-25T00:00:00Z', sources: [] },
    ],
    rulePack: { packs: ['geo-scada'], hash: 'h', ruleCount: 1 },
    counts: { blocker: { pass: 0, fail: 1, waived: 0, unknown: 0 }, warning: { pass: 0, fail: 0, waived: 0, unknown: 0 }, info: { pass: 0, fail: 0, waived: 0, unknown: 0 } },
    totals: { pass: 0, fail: 1, waived: 0, unknown: 0 },
    findings,
  };
}

test('after a changeover, drift is attributed to the server that changed, not to the one that now holds its role', async () => {
  const { store, cleanup } = tempStore();
  try {
    await recordSnapshot(store, makeSnapshot('SCADA-A', '2026-11-01T00:00:00Z', { 'db.port': 5481, 'historic.x': 156 }), { ...meta('2026-11-01T00:00:00Z'), pair: 'Plant', role: 'main' });
    await recordSnapshot(store, makeSnapshot('SCADA-B', '2026-11-01T00:00:00Z', { 'db.port': 5482, 'historic.x': 156 }), { ...meta('2026-11-01T00:00:00Z'), pair: 'Plant', role: 'standby-a' });
    await approveBaseline(store, 'Plant', meta('2026-11-02T00:00:00Z', { author: 'lead' }));
    // The servers changed over: SCADA-B is Main now, SCADA-A Standby A; only SCADA-A's historic.x changed.
    const nowMain = makeSnapshot('SCADA-B', '2026-11-10T00:00:00Z', { 'db.port': 5482, 'historic.x': 156 });
    const nowStandby = makeSnapshot('SCADA-A', '2026-11-10T00:00:00Z', { 'db.port': 5481, 'historic.x': 160 });
    const result = auditResult([finding('db.port', 'fail'), finding('historic.x', 'fail')]);
    result.servers = [
      { ...result.servers[0], label: 'SCADA-B' },
      { ...result.servers[1], label: 'SCADA-A' },
    ];
    const out = attributeFindings(store, 'Plant', result, [
      { role: 'main', snapshot: nowMain },
      { role: 'standby-a', snapshot: nowStandby },
    ]);
    assert.equal(out.findings[0].attribution, undefined, 'neither port changed: the servers only swapped roles');
    assert.deepEqual(out.findings[1].attribution, [{ role: 'standby-a', server: 'SCADA-A', from: 156, to: 160, firstSeen: '2026-11-10T00:00:00Z' }]);
  } finally {
    cleanup();
  }
});

test('after an approved baseline, drift is attributed to the server that changed, with when and why', async () => {
  const { store, cleanup } = tempStore();
  try {
    const base = { 'db.port': 5481, 'drivers.Modbus.installed': true, 'drivers.Modbus.version': '1.0', 'historic.x': 52 };
    await recordSnapshot(store, makeSnapshot('SCADA-A', '2026-11-01T00:00:00Z', base), { ...meta('2026-11-01T00:00:00Z'), pair: 'Plant', role: 'main' });
    await recordSnapshot(store, makeSnapshot('SCADA-B', '2026-11-01T00:00:00Z', base), { ...meta('2026-11-01T00:00:00Z'), pair: 'Plant', role: 'standby-a' });
    // Before the baseline: a change that must not be attributed.
    await recordSnapshot(store, makeSnapshot('SCADA-B', '2026-11-02T00:00:00Z', { ...base, 'historic.x': 156 }), meta('2026-11-02T00:00:00Z'));
    const baseline = await approveBaseline(store, 'plant', meta('2026-11-03T00:00:00Z', { author: 'lead' }));
    assert.deepEqual(baseline.servers.map((s) => [s.role, s.server, s.seq]), [['main', 'SCADA-A', 1], ['standby-a', 'SCADA-B', 3]]);
    await recordSnapshot(store, makeSnapshot('SCADA-B', '2026-11-20T08:00:00Z', { ...base, 'historic.x': 156, 'db.port': 5482, 'drivers.Modbus.version': '1.1' }), meta('2026-11-20T09:00:00Z', { author: 'op' }));
    await addNote(store, '5.2', { ...meta('2026-11-21T00:00:00Z', { author: 'op', ticket: 'CHG-9' }), note: 'driver patch' });

    const result = auditResult([finding('db.port', 'fail'), finding('drivers.Modbus', 'fail'), finding('historic.x', 'fail'), finding('db.port', 'pass')]);
    const out = attributeFindings(store, 'Plant', result);
    assert.deepEqual(out.findings[0].attribution, [{ role: 'standby-a', server: 'SCADA-B', from: 5481, to: 5482, firstSeen: '2026-11-20T08:00:00Z', author: 'op' }]);
    assert.deepEqual(out.findings[1].attribution, [{ role: 'standby-a', server: 'SCADA-B', from: '1.0', to: '1.1', firstSeen: '2026-11-20T08:00:00Z', author: 'op', note: 'driver patch', ticket: 'CHG-9' }]);
    assert.equal(out.findings[2].attribution, undefined, 'changed before the baseline');
    assert.equal(out.findings[3].attribution, undefined, 'passing findings are not attributed');
    assert.equal(result.findings[0].attribution, undefined, 'the input is not mutated');
    // With the audited snapshots: compared with the baseline directly, so a change not recorded yet
    // (historic.x 156 → 200) is attributed too, at the audited snapshot's collection time, with no note.
    const auditedB = makeSnapshot('SCADA-B', '2026-11-24T08:00:00Z', { ...base, 'historic.x': 200, 'db.port': 5482, 'drivers.Modbus.version': '1.1' });
    const auditedA = makeSnapshot('SCADA-A', '2026-11-24T08:00:00Z', base);
    const direct = attributeFindings(store, 'Plant', result, [
      { role: 'main', snapshot: auditedA },
      { role: 'standby-a', snapshot: auditedB },
    ]);
    assert.deepEqual(direct.findings[0].attribution, [{ role: 'standby-a', server: 'SCADA-B', from: 5481, to: 5482, firstSeen: '2026-11-20T08:00:00Z', author: 'op' }]);
    assert.deepEqual(direct.findings[1].attribution, [{ role: 'standby-a', server: 'SCADA-B', from: '1.0', to: '1.1', firstSeen: '2026-11-20T08:00:00Z', author: 'op', note: 'driver patch', ticket: 'CHG-9' }]);
    assert.deepEqual(direct.findings[2].attribution, [{ role: 'standby-a', server: 'SCADA-B', from: 156, to: 200, firstSeen: '2026-11-24T08:00:00Z' }]);
    // A change undone since (the Standby's port back to 5481) is no longer attributed.
    const undone = attributeFindings(store, 'Plant', result, [{ role: 'standby-a', snapshot: { ...auditedB, settings: { ...auditedB.settings, 'db.port': auditedA.settings['db.port'] } } }]);
    assert.equal(undone.findings[0].attribution, undefined);
    // No baseline: the result comes back as it was.
    assert.equal(attributeFindings(store, 'Other', result), result);
    await assert.rejects(approveBaseline(store, 'Nobody', meta('2026-11-22T00:00:00Z')), UsageError);
  } finally {
    cleanup();
  }
});

test('an audit is journalled with its result and snapshots', async () => {
  const { store, cleanup } = tempStore();
  try {
    const result = auditResult([finding('db.port', 'fail')]);
    const entry = await recordAudit(store, result, {
      ...meta('2026-11-25T00:00:00Z'),
      pair: 'Plant',
      snapshots: [
        { role: 'main', snapshot: makeSnapshot('A', '2026-11-25T00:00:00Z', { 'db.port': 5481 }) },
        { role: 'standby-a', snapshot: makeSnapshot('B', '2026-11-25T00:00:00Z', { 'db.port': 5482 }) },
      ],
    });
    assert.equal(entry.seq, 3);
    assert.equal(entry.verdict, 'drift');
    assert.deepEqual(store.readAudit(entry.resultSha256), JSON.parse(JSON.stringify(result)));
    const report = verifyStore(store);
    assert.equal(report.ok, true);
    assert.equal(report.auditsChecked, 1);
  } finally {
    cleanup();
  }
});

test('what a killed writer leaves is recovered: temp files, a lagging head, an orphan snapshot, a dead lock', async () => {
  const { store, cleanup } = tempStore();
  try {
    await recordSnapshot(store, makeSnapshot('A', '2026-11-01T00:00:00Z', { x: 1 }), meta('2026-11-01T00:00:00Z'));
    await recordSnapshot(store, makeSnapshot('A', '2026-11-02T00:00:00Z', { x: 2 }), meta('2026-11-02T00:00:00Z'));
    const p = store.paths;
    // Head one entry behind, a temp file, an orphan snapshot, and a lock of a process that is gone.
    writeFileSync(p.head, readFileSync(p.head, 'utf8').replace(/"seq":2/, '"seq":1').replace(/"hash":"[0-9a-f]+"/, `"hash":"${store.readJournal()[0].hash}"`));
    mkdirSync(p.tmp, { recursive: true });
    writeFileSync(join(p.tmp, '0123456789ab.tmp'), 'half');
    mkdirSync(join(p.snapshots, 'ff'), { recursive: true });
    writeFileSync(join(p.snapshots, 'ff', `${'f'.repeat(64)}.json.gz`), 'orphan');
    writeFileSync(p.lock, JSON.stringify({ pid: 2 ** 22 + 12345, host: (await import('node:os')).hostname(), since: '2026-11-02T00:00:00Z', command: 'record' }));
    const report = verifyStore(store, { process: (await import('./history-fixtures.js')).thisProcess });
    assert.equal(report.ok, true, JSON.stringify(report.problems));
    assert.equal(report.notices.length, 4, report.notices.join('\n'));
    await recordSnapshot(store, makeSnapshot('A', '2026-11-03T00:00:00Z', { x: 3 }), meta('2026-11-03T00:00:00Z'));
    assert.equal(existsSync(p.lock), false);
    assert.deepEqual(readdirSync(p.tmp), []);
    const after = verifyStore(store);
    assert.equal(after.ok, true);
    assert.equal(after.head.seq, 3);
    assert.deepEqual(after.notices.map((n) => n.split(':')[0]), [`snapshots/ff/${'f'.repeat(64)}.json.gz`]);
  } finally {
    cleanup();
  }
});

test('a corrupt journal is refused by readers and writers, never silently used', async () => {
  const { store, cleanup } = tempStore();
  try {
    await recordSnapshot(store, makeSnapshot('A', '2026-11-01T00:00:00Z', { x: 1 }), meta('2026-11-01T00:00:00Z'));
    await recordSnapshot(store, makeSnapshot('A', '2026-11-02T00:00:00Z', { x: 2 }), meta('2026-11-02T00:00:00Z'));
    const file = join(store.paths.journal, '0000000001.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"alice"', '"mallory"'));
    assert.throws(() => store.readJournal(), (e: unknown) => e instanceof StoreError && /the store fails verification at entry 1 \(journal\/0000000001.json: hash does not match the content \(entry edited\)\): run `pairaudit verify`/.test(e.message) && /pairaudit verify/.test(e.message));
    await assert.rejects(recordSnapshot(store, makeSnapshot('A', '2026-11-03T00:00:00Z', { x: 3 }), meta('2026-11-03T00:00:00Z')), StoreError);
    assert.equal(existsSync(join(store.paths.journal, '0000000003.json')), false);
  } finally {
    cleanup();
  }
});

test('a lock held elsewhere makes a writer wait, then fail with what to do', async () => {
  const { store, cleanup } = tempStore();
  try {
    await recordSnapshot(store, makeSnapshot('A', '2026-11-01T00:00:00Z', { x: 1 }), meta('2026-11-01T00:00:00Z'));
    writeFileSync(store.paths.lock, JSON.stringify({ pid: 4242, host: 'other-host', since: '2026-11-01T00:00:00Z', command: 'record' }));
    const { openStore } = await import('../src/history/index.js');
    const impatient = openStore(store.dir, { process: (await import('./history-fixtures.js')).thisProcess, lockTimeoutMs: 100 });
    await assert.rejects(
      recordSnapshot(impatient, makeSnapshot('A', '2026-11-02T00:00:00Z', { x: 2 }), meta('2026-11-02T00:00:00Z')),
      (e: unknown) => e instanceof StoreError && /locked by pid 4242 on other-host since 2026-11-01T00:00:00Z \(record\); wait for that command to finish, or, if no pairaudit is running there, delete the lock file/.test(e.message),
    );
    // Readers do not need the lock.
    assert.equal(listChanges(store.readJournal()).length, 0);
    assert.equal(verifyStore(store).ok, true);
  } finally {
    cleanup();
  }
});

/**
 * A folder given as --store may hold a tmp/ of its own: only the temporary files pairaudit writes there (12 hex digits
 * and `.tmp`) are removed, and a folder that is no store is refused before anything in it is touched.
 */
const FOREIGN_TMP: { name: string; files: string[]; store: boolean }[] = [
  { name: 'a folder of other files with a tmp/ of its own', files: ['report.docx', 'tmp/notes.txt', 'tmp/0123456789ab.tmp'], store: false },
  { name: 'a folder holding only a tmp/ of its own', files: ['tmp/notes.txt'], store: false },
  { name: 'a folder holding a subfolder in tmp/', files: ['tmp/work/draft.txt'], store: false },
  { name: 'a store whose tmp/ holds a file of the user beside a leftover of pairaudit', files: ['tmp/notes.txt', 'tmp/0123456789ab.tmp'], store: true },
];

for (const c of FOREIGN_TMP) {
  test(`record --store: ${c.name}: nothing of the user's removed`, async () => {
    const { store, dir, cleanup } = tempStore();
    try {
      if (c.store) await recordSnapshot(store, makeSnapshot('A', '2026-11-01T00:00:00Z', { x: 1 }), meta('2026-11-01T00:00:00Z'));
      for (const f of c.files) {
        mkdirSync(join(dir, f, '..'), { recursive: true });
        writeFileSync(join(dir, f), 'the user\'s');
      }
      const again = openStore(dir, { process: thisProcess, lockTimeoutMs: 60_000 });
      const record = recordSnapshot(again, makeSnapshot('A', '2026-11-02T00:00:00Z', { x: 2 }), meta('2026-11-02T00:00:00Z'));
      if (c.store) {
        await record;
        assert.equal(existsSync(join(dir, 'tmp', '0123456789ab.tmp')), false, "pairaudit's leftover removed");
        assert.ok(verifyStore(again).notices.includes('tmp/notes.txt: not written by pairaudit, and kept; move it out of the store'));
      } else {
        await assert.rejects(record, (e: unknown) => e instanceof StoreError && /not a pairaudit history store \(no store\.json\) and not empty/.test(e.message));
        assert.equal(existsSync(join(dir, 'store.json')), false, 'no store made');
      }
      for (const f of c.files.filter((x) => c.store ? !x.endsWith('.tmp') : true)) assert.equal(readFileSync(join(dir, f), 'utf8'), "the user's", `${f} kept`);
    } finally {
      cleanup();
    }
  });
}
