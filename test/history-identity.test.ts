// Servers known by pair and host: two sites with the same labels (and computer names) through fleet --record,
// approve and --attribute; record without --pair; forward-only evidence and --late.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openStore } from '../src/history/index.js';
import { bundleCopy, makeSnapshot, repoRoot, runCli, tempDir, tempStore, thisProcess } from './history-fixtures.js';
import { recordSnapshot } from '../src/history/record.js';

const pair = (name: string, role: string) => join(repoRoot, 'fixtures', 'pairs', name, role);

interface FleetJson {
  pairs: { id: string; audit?: { findings: { setting: string; status: string; attribution?: { role: string; server: string; from: unknown; to: unknown }[] }[] } }[];
}

test('two pairs whose servers share labels and computer names: separate histories through fleet --record, approve and --attribute', async () => {
  const t = tempDir();
  try {
    const env = { PAIRAUDIT_STORE: join(t.dir, 'store') };
    const run = (argv: string[], now = '2026-11-20T10:00:00Z') => runCli(argv, { cwd: t.dir, env, now });
    const inventory = join(t.dir, 'fleet.yaml');
    const write = (south: string) =>
      writeFileSync(
        inventory,
        [
          'sites:',
          '  - name: North WTP',
          '    pairs:',
          `      - { name: scada, servers: { main: '${pair('healthy', 'main')}', standby-a: '${pair('healthy', 'standby-a')}' } }`,
          '  - name: South PS',
          '    pairs:',
          `      - { name: scada, servers: { main: '${pair('healthy', 'main')}', standby-a: '${south}' } }`,
          '',
        ].join('\n'),
      );
    write(pair('healthy', 'standby-a'));
    let r = await run(['fleet', inventory, '--record', '-f', 'json', '--jobs', '1']);
    assert.equal(r.code, 0, r.stderr);
    for (const p of ['North WTP/scada', 'South PS/scada']) {
      r = await run(['approve', '--pair', p], '2026-11-20T11:00:00Z');
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`baseline of ${p} approved \\(entry \\d+\\):\\n {2}main: NORTH-A snapshot \\w+ \\(entry \\d\\)\\n {2}standby-a: NORTH-B`));
    }

    // South's Standby drifts (DB port); North's does not. Recorded by the next fleet run.
    write(bundleCopy(t.dir, 'south-b', pair('drift-db-port', 'standby-a'), '2026-11-21T08:00:00Z'));
    r = await run(['fleet', inventory, '--record', '-f', 'json', '--jobs', '1'], '2026-11-21T09:00:00Z');
    assert.equal(r.code, 1, r.stderr);
    const changes = await run(['changes', '-f', 'json']);
    const rows = (JSON.parse(changes.stdout) as { changes: { pair: string; server: string; setting: string }[] }).changes;
    assert.ok(rows.length > 0);
    assert.ok(rows.every((c) => c.pair === 'South PS/scada' && c.server === 'NORTH-B'), JSON.stringify(rows.map((c) => [c.pair, c.server])));
    assert.ok(rows.some((c) => c.setting === 'db.port'));

    // --attribute names South's Standby, and North has nothing to attribute.
    r = await run(['fleet', inventory, '--attribute', '-f', 'json', '--jobs', '1'], '2026-11-21T09:30:00Z');
    const fleet = JSON.parse(r.stdout) as FleetJson;
    const port = fleet.pairs.find((p) => p.id === 'South PS/scada')?.audit?.findings.find((f) => f.setting === 'db.port' && f.status === 'fail');
    assert.deepEqual(port?.attribution?.map((a) => [a.role, a.server, a.from]), [['standby-a', 'NORTH-B', 5481]]);
    const north = fleet.pairs.find((p) => p.id === 'North WTP/scada')?.audit?.findings.filter((f) => f.attribution !== undefined);
    assert.deepEqual(north, []);

    // record without --pair: the label and computer name are in two pairs, so it must be told which.
    r = await run(['record', pair('healthy', 'main')], '2026-11-22T00:00:00Z');
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'pairaudit: record: NORTH-A is recorded in several pairs: North WTP/scada: NORTH-A (SCADA-N1); South PS/scada: NORTH-A (SCADA-N1); say which with --pair\n');
    r = await run(['record', pair('healthy', 'main'), '--pair', 'north wtp/scada'], '2026-11-22T00:00:00Z');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^NORTH-A: unchanged since entry 1; journalled as checked/);
    const verify = await run(['verify']);
    assert.equal(verify.code, 0, verify.stdout);
  } finally {
    t.cleanup();
  }
});

test('a server keeps its history when its role changes', async () => {
  const t = tempDir();
  try {
    const env = { PAIRAUDIT_STORE: join(t.dir, 'store') };
    const run = (argv: string[]) => runCli(argv, { cwd: t.dir, env });
    await run(['record', pair('healthy', 'main'), '--pair', 'P', '--role', 'main']);
    await run(['record', pair('healthy', 'standby-a'), '--pair', 'P', '--role', 'standby-a']);
    // After a changeover: the same servers, roles swapped, one setting changed on the former Standby.
    const b = bundleCopy(t.dir, 'b2', pair('drift-compression', 'standby-a'), '2026-11-21T08:00:00Z');
    const r = await run(['record', b, '--pair', 'P', '--role', 'main']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^NORTH-B: 1 change\(s\) recorded \(entry 3\)\n {2}\[3\.1\] partners\.standbyA\.compress: false → true/);
    const entries = openStore(join(t.dir, 'store'), { process: thisProcess }).readJournal();
    const e3 = entries[2];
    assert.ok(e3.type === 'snapshot-recorded');
    assert.deepEqual([e3.server, e3.host, e3.pair, e3.role, e3.previous?.seq], ['NORTH-B', 'SCADA-N2', 'P', 'main', 2]);
  } finally {
    t.cleanup();
  }
});

test('forward-only evidence: an older snapshot is refused naming both times, and --late keeps it as late evidence', async () => {
  const t = tempDir();
  try {
    const env = { PAIRAUDIT_STORE: join(t.dir, 'store') };
    const run = (argv: string[]) => runCli(argv, { cwd: t.dir, env, now: '2026-11-30T12:00:00Z' });
    const newer = bundleCopy(t.dir, 'b-1129', pair('healthy', 'standby-a'), '2026-11-29T08:00:00Z');
    const older = bundleCopy(t.dir, 'b-1120', pair('drift-db-port', 'standby-a'), '2026-11-20T08:00:00Z');
    assert.equal((await run(['record', newer, '--pair', 'P', '--role', 'standby-a'])).code, 0);
    let r = await run(['record', older, '--pair', 'P']);
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr,
      'pairaudit: record: NORTH-B was collected at 2026-11-20T08:00:00.000Z, before its latest recorded snapshot (collected 2026-11-29T08:00:00.000Z, entry 1); record it with `pairaudit record --late` to journal it as late evidence (no changes)\n',
    );
    r = await run(['record', older, '--pair', 'P', '--late', '--note', 'found on the engineering laptop']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'NORTH-B: late evidence recorded (entry 2, collected 2026-11-20T08:00:00.000Z); compared with nothing\n');
    // The late snapshot is not the server's latest: the 11-29 bundle again is unchanged since entry 1.
    r = await run(['record', newer, '--pair', 'P']);
    assert.match(r.stdout, /^NORTH-B: unchanged since entry 1; journalled as checked \(entry 3\)/);
    const changes = await run(['changes', '-f', 'json']);
    assert.deepEqual((JSON.parse(changes.stdout) as { changes: unknown[] }).changes, []);
    assert.equal((await run(['verify'])).code, 0);
  } finally {
    t.cleanup();
  }
});

test('evidence collected at the same time as the latest recorded snapshot: other settings are refused (or --late), the same settings are unchanged', async () => {
  const t = tempDir();
  try {
    const env = { PAIRAUDIT_STORE: join(t.dir, 'store') };
    const run = (argv: string[]) => runCli(argv, { cwd: t.dir, env });
    const first = bundleCopy(t.dir, 'b-first', pair('healthy', 'standby-a'), '2026-11-21T10:00:00+01:00');
    const other = bundleCopy(t.dir, 'b-other', pair('drift-db-port', 'standby-a'), '2026-11-21T09:00:00Z');
    assert.equal((await run(['record', first, '--pair', 'P', '--role', 'standby-a'])).code, 0);
    const cases: { argv: string[]; code: number; out: RegExp }[] = [
      { argv: [other], code: 2, out: /^pairaudit: record: NORTH-B was collected at 2026-11-21T09:00:00\.000Z with other settings than its latest recorded snapshot, collected at the same time \(entry 1\): one of the two exports is not what the server had then; check which is right, or record it with `pairaudit record --late` to journal it as late evidence \(no changes\)\n$/ },
      { argv: [first], code: 0, out: /^NORTH-B: unchanged since entry 1; journalled as checked \(entry 2\)/ },
      // The contradicting export again, after a check at the same time: still refused, nothing journalled.
      { argv: [other], code: 2, out: /with other settings than its latest recorded snapshot, collected at the same time \(entry 2\)/ },
      { argv: [other, '--late'], code: 0, out: /^NORTH-B: late evidence recorded \(entry 3, collected 2026-11-21T09:00:00\.000Z\); compared with nothing\n$/ },
      { argv: [first], code: 0, out: /^NORTH-B: unchanged since entry 1; journalled as checked \(entry 4\)/ },
    ];
    for (const c of cases) {
      const r = await run(['record', ...c.argv, '--pair', 'P']);
      assert.equal(r.code, c.code, `${c.argv.join(' ')}: ${r.stderr}`);
      assert.match(c.code === 0 ? r.stdout : r.stderr, c.out);
    }
    const changes = await run(['changes', '-f', 'json']);
    assert.deepEqual((JSON.parse(changes.stdout) as { changes: unknown[] }).changes, [], 'no change back and forth is journalled');
    assert.equal((await run(['verify'])).code, 0);
  } finally {
    t.cleanup();
  }
});

test('a computer named by its fully qualified name in one bundle and its short name in another keeps one history', async () => {
  const t = tempDir();
  try {
    const env = { PAIRAUDIT_STORE: join(t.dir, 'store') };
    const run = (argv: string[]) => runCli(argv, { cwd: t.dir, env });
    const named = (name: string, host: string, at: string) => {
      const dir = bundleCopy(t.dir, name, pair('drift-db-port', 'standby-a'), at);
      const manifest = join(dir, 'bundle.json');
      writeFileSync(manifest, readFileSync(manifest, 'utf8').replace(/("computerName":\s*")[^"]*"/, `$1${host}"`));
      writeFileSync(join(dir, 'hostname.txt'), `${host}\r\n`);
      // ipconfig names the same computer (its short name), or the bundle holds two machines' files (host-identity.ts).
      const ipconfig = join(dir, 'ipconfig.txt');
      writeFileSync(ipconfig, readFileSync(ipconfig, 'latin1').replace(/(Host Name[ .]*: )\S+/, `$1${host.split('.')[0].toUpperCase()}`), 'latin1');
      return dir;
    };
    const cases: { host: string; withPair: boolean; out: RegExp }[] = [
      { host: 'scada-n2.plant.local', withPair: true, out: /^NORTH-B: 3 change\(s\) recorded \(entry 2\)\n {2}\[2\.1\] db\.port: 5481 → 5482\n {2}\[2\.2\] host\.hostname: SCADA-N2 → scada-n2\.plant\.local\n/ },
      { host: 'scada-n2.plant.local', withPair: false, out: /^NORTH-B: unchanged since entry 2; journalled as checked \(entry 3\)/ },
      // Another computer whose first label differs, or an FQDN of another domain's short name: not the same history.
      { host: 'scada-n20.plant.local', withPair: true, out: /^NORTH-B: first snapshot recorded \(entry 4,/ },
    ];
    assert.equal((await run(['record', pair('healthy', 'standby-a'), '--pair', 'P'])).code, 0);
    for (const [i, c] of cases.entries()) {
      const r = await run(['record', named(`b${i}`, c.host, `2026-11-2${i + 1}T08:00:00Z`), ...(c.withPair ? ['--pair', 'P'] : [])]);
      assert.equal(r.code, 0, `${c.host}: ${r.stderr}`);
      assert.match(r.stdout, c.out, c.host);
    }
    const entries = openStore(join(t.dir, 'store'), { process: thisProcess }).readJournal();
    assert.deepEqual(entries.map((e) => ('host' in e ? e.host : '')), ['SCADA-N2', 'SCADA-N2', 'SCADA-N2', 'scada-n20.plant.local'], 'the history keeps the host it was first recorded with');
    assert.equal((await run(['verify'])).code, 0);
  } finally {
    t.cleanup();
  }
});

// The same files read again at the same time by a pairaudit that reads more of them (a setting a new version names,
// as clients.*.enabled): not a contradiction of the evidence, as other files with other settings are.
test('the same evidence at the same time with other settings (a newer reader: a setting it names besides) is recorded, not refused; other files still are', async () => {
  const t = tempStore();
  try {
    const at = '2026-11-21T10:00:00Z';
    const opts = { at: '2026-11-21T10:05:00Z', author: 't', pair: 'P', role: 'standby-a' as const };
    const first = makeSnapshot('NORTH-B', at, { 'db.port': 5481 });
    await recordSnapshot(t.store, first, opts);
    const reread = makeSnapshot('NORTH-B', at, { 'db.port': 5481, 'clients.SCADA.enabled': true });
    const out = await recordSnapshot(t.store, reread, opts);
    assert.deepEqual(out.changes.map((c) => `${c.kind} ${c.setting}`), ['added clients.SCADA.enabled']);
    const other = makeSnapshot('NORTH-B', at, { 'db.port': 5482, 'clients.SCADA.enabled': true });
    other.collected.sources = [{ kind: 'registry', file: 'NORTH-B.reg', sha256: 'b'.repeat(64), bytes: 100 }];
    await assert.rejects(recordSnapshot(t.store, other, opts), /with other settings than its latest recorded snapshot, collected at the same time/);
  } finally {
    t.cleanup();
  }
});
