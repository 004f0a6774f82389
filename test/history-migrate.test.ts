// The chain of store format versions, from the store written by pairaudit 0.1.0 (fixtures/stores/v0.1.0).
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import stringify from 'fast-json-stable-stringify';
import { canonical, sha256Hex } from '../src/history/hash.js';
import { generateSigningKeyPair, loadSigningKey, signHash } from '../src/history/signing.js';
import { blobPath, compress } from '../src/history/store.js';
import { FORMAT_VERSIONS, openStore, STORE_VERSION, verifyStore, type JournalEntry, type StoreMigratedEntry } from '../src/history/index.js';
import { scanJournal } from '../src/history/journal.js';
import type { AuditResult } from '../src/types.js';
import { repoRoot, runCli, tempDir, thisProcess } from './history-fixtures.js';
import { journalEntries } from './history-migrate-checks.js';

const fixture = join(repoRoot, 'fixtures', 'stores', 'v0.1.0', 'store');
const V010_HEAD = '61da22ec0f3e8d958351265cede6d9841f14a250c1b84ca466a19e46e68cd06b';

/** A copy of the 0.1.0 store in a temporary folder: no test writes to the fixture. */
function copyOfV010(): { dir: string; store: string; cleanup: () => void } {
  const t = tempDir('pairaudit-v010-');
  const store = join(t.dir, 'store');
  cpSync(fixture, store, { recursive: true });
  return { dir: t.dir, store, cleanup: t.cleanup };
}

test('the 0.1.0 store verifies (deep) as it lies, and says it needs a migration', () => {
  const report = verifyStore(openStore(fixture, { process: thisProcess }), { deep: true, process: thisProcess });
  assert.deepEqual(report.problems, []);
  assert.deepEqual([report.ok, report.entries, report.head.hash, report.snapshotsChecked, report.auditsChecked], [true, 18, V010_HEAD, 6, 4]);
  assert.deepEqual(report.notices, [`store format version 1: run \`pairaudit migrate\` to bring it to version ${STORE_VERSION} before recording more`]);
  const { entries } = scanJournal(join(fixture, 'journal'), 1);
  assert.deepEqual(
    entries.map((e) => e.type),
    [
      ...['snapshot-recorded', 'snapshot-recorded', 'checked-unchanged', 'checked-unchanged', 'audit-recorded', 'baseline-approved'],
      ...['checked-unchanged', 'snapshot-recorded', 'note-added', 'checked-unchanged', 'snapshot-recorded', 'audit-recorded'],
      ...['checked-unchanged', 'checked-unchanged', 'audit-recorded', 'snapshot-recorded', 'snapshot-recorded', 'audit-recorded'],
    ],
  );
});

test('a 0.1.0 store that does not verify is not advised to migrate (migrate refuses it): restore it first', () => {
  const c = copyOfV010();
  try {
    const first = readdirSync(join(c.store, 'journal')).sort()[0];
    writeFileSync(join(c.store, 'journal', first), readFileSync(join(c.store, 'journal', first), 'utf8').replace(/\n/g, '\r\n'));
    const report = verifyStore(openStore(c.store, { process: thisProcess }), { process: thisProcess });
    assert.equal(report.ok, false);
    assert.deepEqual(report.notices, ['store format version 1: a store that does not verify is not migrated; restore it first']);
  } finally {
    c.cleanup();
  }
});

test('the chain of format versions: numbered 1, 2, … with a migration for every version after the first', () => {
  assert.deepEqual(FORMAT_VERSIONS.map((v) => v.version), FORMAT_VERSIONS.map((_, i) => i + 1));
  assert.equal(FORMAT_VERSIONS[0].migrate, undefined);
  for (const v of FORMAT_VERSIONS.slice(1)) assert.equal(typeof v.migrate, 'function', `version ${v.version}`);
  assert.equal(STORE_VERSION, FORMAT_VERSIONS[FORMAT_VERSIONS.length - 1].version);
  const doc = readFileSync(join(repoRoot, 'src', 'history', 'STORE.md'), 'utf8');
  for (const v of FORMAT_VERSIONS) assert.match(doc, new RegExp(`\\| ${v.version} \\|`), `STORE.md lists version ${v.version}`);
});

test('commands other than verify and migrate stop on a 0.1.0 store with exit 2, and write nothing', async () => {
  const c = copyOfV010();
  try {
    const bundle = join(repoRoot, 'fixtures', 'pairs', 'sample', 'main');
    for (const argv of [['changes'], ['record', bundle, '--pair', 'sample', '--role', 'main'], ['note', '8.2', '--text', 'x'], ['approve', '--pair', 'sample']]) {
      const r = await runCli([...argv, '--store', c.store], { cwd: c.dir });
      assert.equal(r.code, 2, argv.join(' '));
      assert.match(r.stderr, /store format version 1 \(written by an older pairaudit\); this pairaudit uses version \d+: run `pairaudit migrate` first/);
      assert.equal(r.stderr.trim().split('\n').length, 1);
    }
    assert.equal(readdirSync(join(c.store, 'journal')).length, 18);
    assert.equal(existsSync(join(c.store, 'lock')), false);
  } finally {
    c.cleanup();
  }
});

test('migrate: same entries and numbers in a new chain, the old head named, the old journal kept as a whole store', async () => {
  const c = copyOfV010();
  try {
    const env = { PAIRAUDIT_STORE: c.store };
    const r = await runCli(['migrate', '--author', 'A. Lead', '--ticket', 'CHG-200', '--note', 'upgrade to pairaudit 0.2'], { cwd: c.dir, env, now: '2026-11-30T10:00:00Z' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`migrated from format version 1 to ${STORE_VERSION} \\(entry 19; the old head was entry 18 ${V010_HEAD}\\)`));
    assert.match(r.stdout, /entry 16: first snapshot of NORTH-A \(South PS\/scada, host SCADA-S1\); it was journalled as 2 change\(s\) since entry 1 of another server with that label/);
    assert.match(r.stdout, /entry 17: first snapshot of NORTH-B \(South PS\/scada, host SCADA-S2\)/);

    const verify = await runCli(['verify'], { cwd: c.dir, env });
    assert.equal(verify.code, 0, verify.stdout);
    assert.match(verify.stdout, /^intact: 19 entries, 6 snapshot and 4 audit references checked/);

    const old = scanJournal(join(fixture, 'journal'), 1).entries;
    const now = journalEntries(c.store);
    assert.equal(now.length, 19);
    // Every entry keeps its number, type, time and author; only South's two snapshots lost their cross-site "changes".
    for (const [i, e] of old.entries()) {
      const n = now[i];
      assert.deepEqual([n.seq, n.type, n.at, n.author, n.v], [e.seq, e.type, e.at, e.author, STORE_VERSION]);
      if (n.type === 'snapshot-recorded' && e.type === 'snapshot-recorded') assert.equal(n.changes.length, [16, 17].includes(n.seq) ? 0 : e.changes.length, `entry ${n.seq}`);
    }
    const hosts = now.flatMap((e) => (e.type === 'snapshot-recorded' || e.type === 'checked-unchanged' ? [`${e.seq} ${e.pair} ${e.host} ${e.role}`] : []));
    assert.deepEqual(hosts, [
      '1 sample SCADA-N1 main',
      '2 sample SCADA-N2 standby-a',
      '3 sample SCADA-N1 main',
      '4 sample SCADA-N2 standby-a',
      '7 sample SCADA-N1 main',
      '8 sample SCADA-N2 standby-a',
      '10 sample SCADA-N1 main',
      '11 sample SCADA-N2 standby-a',
      '13 North WTP/scada SCADA-N1 main',
      '14 North WTP/scada SCADA-N2 standby-a',
      '16 South PS/scada SCADA-S1 main',
      '17 South PS/scada SCADA-S2 standby-a',
    ]);
    const m = now[18] as StoreMigratedEntry;
    assert.deepEqual(
      [m.type, m.author, m.ticket, m.note, m.from, m.to, m.steps.map((s) => s.version)],
      ['store-migrated', 'A. Lead', 'CHG-200', 'upgrade to pairaudit 0.2', { version: 1, head: { seq: 18, hash: V010_HEAD }, retired: 'retired/v1-61da22ec0f3e' }, STORE_VERSION, FORMAT_VERSIONS.slice(1).map((v) => v.version)],
    );
    // Version 4 replaced what 0.1.0 kept in clear; versions 7 to 12, the same step with today's patterns, find nothing
    // left (a `Password=(hidden)` it quoted is not read as a secret again, and no name holds one).
    assert.deepEqual([7, 8, 9, 10, 11, 12].map((version) => m.steps.find((s) => s.version === version)?.changed), [[], [], [], [], [], []]);

    // The old journal, moved aside, is a whole store that still verifies with its old head.
    const retired = join(c.store, 'retired', 'v1-61da22ec0f3e');
    const aside = verifyStore(openStore(retired, { process: thisProcess }), { deep: true });
    assert.deepEqual([aside.ok, aside.entries, aside.head.hash, aside.snapshotsChecked], [true, 18, V010_HEAD, 6]);

    // The history reads as before for pair sample, and South's servers are their own.
    const changes = await runCli(['changes', '--format', 'json', '--pair', 'sample'], { cwd: c.dir, env });
    assert.equal(changes.code, 0, changes.stderr);
    const view = JSON.parse(changes.stdout) as { changes: { id: string; setting: string; server: string; documented: boolean; who: string; why?: string; from?: unknown; to?: unknown }[] };
    assert.deepEqual(
      view.changes.map((row) => row.id),
      ['8.1', '8.2', '8.3', '8.4', '8.5', '8.6', '8.7', '11.1', '11.2', '11.3', '11.4', '11.5', '11.6', '11.7'],
    );
    const port = view.changes[0];
    assert.deepEqual([port.setting, port.server, port.from, port.to, port.documented, port.who, port.why], ['db.port', 'NORTH-B', 5481, 5482, true, 'K. Jones', 'port moved for the historian migration']);
    const south = await runCli(['changes', '--format', 'json', '--pair', 'South PS/scada'], { cwd: c.dir, env });
    assert.deepEqual((JSON.parse(south.stdout) as { changes: unknown[] }).changes, []);

    // What 0.1.0 could not do: approve a fleet pair whose labels another pair shares.
    for (const pair of ['North WTP/scada', 'South PS/scada']) {
      const approve = await runCli(['approve', '--pair', pair], { cwd: c.dir, env, now: '2026-11-30T11:00:00Z' });
      assert.equal(approve.code, 0, approve.stderr);
      assert.match(approve.stdout, new RegExp(`baseline of ${pair} approved \\(entry \\d+\\):\\n {2}main: NORTH-A .*\\n {2}standby-a: NORTH-B`));
    }

    const again = await runCli(['migrate'], { cwd: c.dir, env });
    assert.equal(again.code, 0);
    assert.match(again.stdout, new RegExp(`already at format version ${STORE_VERSION}; nothing to do`));
  } finally {
    c.cleanup();
  }
});

test('a migration killed after its commit point is finished by the next migrate, with the same result', async () => {
  const c = copyOfV010();
  try {
    const env = { PAIRAUDIT_STORE: c.store };
    const first = await runCli(['migrate'], { cwd: c.dir, env, now: '2026-11-30T10:00:00Z' });
    assert.equal(first.code, 0, first.stderr);
    const done = journalEntries(c.store);
    const retired = join(c.store, 'retired', 'v1-61da22ec0f3e');
    // Put the store back in the state of a run killed right after writing store.json (phase 2).
    renameSync(join(c.store, 'journal'), join(c.store, 'journal.new'));
    renameSync(join(c.store, 'head.json'), join(c.store, 'head.new.json'));
    renameSync(join(retired, 'journal'), join(c.store, 'journal'));
    renameSync(join(retired, 'head.json'), join(c.store, 'head.json'));
    const meta = JSON.parse(readFileSync(join(c.store, 'store.json'), 'utf8')) as Record<string, unknown>;
    const files = (dir: string) => readdirSync(join(c.store, dir)).flatMap((shard) => readdirSync(join(c.store, dir, shard)).map((f) => `${dir}/${shard}/${f}`));
    meta.migration = { retired: 'retired/v1-61da22ec0f3e', moved: [], linked: [...files('snapshots'), ...files('audits')], previous: { format: 'pairaudit-history', version: 1 } };
    writeFileSync(join(c.store, 'store.json'), `${JSON.stringify(meta)}\n`);

    const blocked = await runCli(['changes'], { cwd: c.dir, env });
    assert.equal(blocked.code, 2);
    assert.match(blocked.stderr, /an interrupted `pairaudit migrate` left the store between two journals; run `pairaudit migrate` again to finish it/);
    const second = await runCli(['migrate'], { cwd: c.dir, env });
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /finished an interrupted migration to format version \d+; the old journal is in retired\/v1-61da22ec0f3e/);
    assert.deepEqual(journalEntries(c.store), done as JournalEntry[]);
    assert.equal(verifyStore(openStore(retired, {}), {}).ok, true);
    assert.equal(JSON.parse(readFileSync(join(c.store, 'store.json'), 'utf8')).migration, undefined);
  } finally {
    c.cleanup();
  }
});

test('version 6: after the migration a record stores format 4 beside the kept format 1 and 2 snapshots; verify and --deep pass; an edited format 4 snapshot fails', async () => {
  const c = copyOfV010();
  try {
    const env = { PAIRAUDIT_STORE: c.store };
    assert.equal((await runCli(['migrate'], { cwd: c.dir, env, now: '2026-11-30T10:00:00Z' })).code, 0);
    const before = new Set(storedSnapshots(c.store));
    // The migration kept every stored snapshot's format (and fingerprint).
    assert.deepEqual([...before].map((f) => snapshotText(c.store, f).schemaVersion).sort(), [1, 1, 1, 1, 2, 2]);

    const main = join(repoRoot, 'fixtures', 'pairs', 'sample', 'main');
    const rec = await runCli(['record', main, '--pair', 'sample', '--role', 'main', '--late'], { cwd: c.dir, env, now: '2026-11-30T11:00:00Z' });
    assert.equal(rec.code, 0, rec.stderr);
    const added = storedSnapshots(c.store).filter((f) => !before.has(f));
    assert.equal(added.length, 1);
    const stored = snapshotText(c.store, added[0]);
    assert.equal(stored.schemaVersion, 4);
    assert.ok(Array.isArray(stored.origins) && stored.origins.length > 0 && Array.isArray(stored.groups) && stored.settings === undefined);
    // A recorded snapshot reads back as the one built (names and provenance rebuilt from the groups and origins).
    const snapshot = openStore(c.store, {}).readSnapshot(added[0]);
    assert.equal(snapshot.schemaVersion, 4);
    assert.ok(Object.values(snapshot.settings).every((s) => typeof s.source.file === 'string' && !('origin' in s.source)));
    assert.equal(snapshot.settings['db.port']?.value, 5481);

    for (const argv of [['verify'], ['verify', '--deep']]) {
      const v = await runCli(argv, { cwd: c.dir, env });
      assert.equal(v.code, 0, `${argv.join(' ')}: ${v.stdout}${v.stderr}`);
      assert.match(v.stdout, /^intact: 20 entries, 7 snapshot and 4 audit references checked/);
    }

    // Same settings, other bytes: origins renumbered (still a valid format 4 document), stored under its own hash.
    const text = gunzipSync(readFileSync(blobPath(join(c.store, 'snapshots'), added[0]))).toString('utf8');
    const doc = JSON.parse(text) as { origins: unknown[]; groups: { origin: number }[] };
    const last = doc.origins.length - 1;
    doc.origins.reverse();
    for (const g of doc.groups) g.origin = last - g.origin;
    const renumbered = stringify(doc);
    const hex = sha256Hex(renumbered);
    writeFileSync(join(c.store, 'renumbered.json.gz'), compress(renumbered));
    mkdirSync(join(c.store, 'snapshots', hex.slice(0, 2)), { recursive: true });
    renameSync(join(c.store, 'renumbered.json.gz'), blobPath(join(c.store, 'snapshots'), hex));
    assert.throws(() => openStore(c.store, {}).readSnapshot(hex), /content does not match its fingerprint \(edited\)/);

    // A value edited inside the recorded snapshot: verify names the file.
    const edited = text.replace(/("db\.port",\d+,"REG_DWORD",)5481/, '$15482');
    assert.notEqual(edited, text);
    writeFileSync(blobPath(join(c.store, 'snapshots'), added[0]), compress(edited));
    const v = await runCli(['verify', '--deep'], { cwd: c.dir, env });
    assert.equal(v.code, 1, v.stdout);
    assert.match(v.stdout, new RegExp(`snapshots/${added[0].slice(0, 2)}/${added[0]}\\.json\\.gz`));
  } finally {
    c.cleanup();
  }
});

const v5Fixture = join(repoRoot, 'fixtures', 'stores', 'v5-format3', 'store');

test('a store of version 5 (format 3 snapshots) migrates to 12 and verifies (nothing stored anew); records, baselines and changes compare settings across the format change', async () => {
  const t = tempDir('pairaudit-v5-');
  const store = join(t.dir, 'store');
  cpSync(v5Fixture, store, { recursive: true });
  try {
    const env = { PAIRAUDIT_STORE: store };
    const kept = storedSnapshots(store);
    assert.deepEqual(kept.map((f) => snapshotText(store, f).schemaVersion), [3, 3, 3]);
    const m = await runCli(['migrate', '--author', 'A. Lead'], { cwd: t.dir, env, now: '2026-11-30T09:00:00Z' });
    assert.equal(m.code, 0, m.stderr);
    assert.match(m.stdout, new RegExp(`migrated from format version 5 to ${STORE_VERSION} \\(entry 8; the old head was entry 7 `));
    assert.equal(STORE_VERSION, 12);
    const migrated = journalEntries(store).at(-1) as StoreMigratedEntry;
    assert.deepEqual([migrated.type, migrated.steps.map((s) => [s.version, s.changed])], ['store-migrated', [[6, []], [7, []], [8, []], [9, []], [10, []], [11, []], [12, []]]]);
    // Versions 7 to 12 find no secret in clear here (no token, no command line, no passphrase, no name holding one): nothing stored anew, the recorded audit result's rule text included.
    assert.deepEqual(storedSnapshots(store), kept, 'no stored snapshot rewritten');
    assert.deepEqual(storedFiles(store, 'audits'), storedFiles(v5Fixture, 'audits'), 'no audit result rewritten');
    for (const argv of [['verify'], ['verify', '--deep']]) {
      const v = await runCli(argv, { cwd: t.dir, env });
      assert.equal(v.code, 0, `${argv.join(' ')}: ${v.stdout}${v.stderr}`);
      assert.match(v.stdout, /^intact: 8 entries, 3 snapshot and 1 audit references checked/);
    }

    const pairs = join(repoRoot, 'fixtures', 'pairs');
    // A copy of a fixture bundle collected at `at` (after the store's last snapshots).
    const bundle = (from: string, at: string): string => {
      const dir = join(t.dir, `${from.replace('/', '-')}-${at.slice(0, 10)}`);
      cpSync(join(pairs, from), dir, { recursive: true });
      const manifest = join(dir, 'bundle.json');
      writeFileSync(manifest, readFileSync(manifest, 'utf8').replace(/("collectedAt":\s*")[^"]*"/, `$1${at}"`));
      return dir;
    };
    const record = (dir: string, role: string, now: string) => runCli(['record', bundle(dir, now), '--pair', 'sample', '--role', role], { cwd: t.dir, env, now });
    // The Main unchanged since its format 3 snapshot: checked, not a change (its new fingerprint is another).
    const same = await record('sample/main', 'main', '2026-11-30T10:00:00Z');
    assert.equal(same.code, 0, same.stderr);
    assert.match(same.stdout, /NORTH-A: unchanged/);
    const unchanged = journalEntries(store).at(-1)!;
    assert.equal(unchanged.type, 'checked-unchanged');
    // The Standby back at the baseline's settings: the changes of entry 7 undone, and nothing else.
    const back = await record('sample/standby-a', 'standby-a', '2026-11-30T10:01:00Z');
    assert.equal(back.code, 0, back.stderr);
    const changed = journalEntries(store).at(-1)!;
    assert.equal(changed.type, 'snapshot-recorded');
    assert.deepEqual(
      changed.type === 'snapshot-recorded' ? changed.changes.map((c) => [c.setting, c.from, c.to]) : [],
      [
        ['db.port', 5482, 5481],
        ['drivers.DNP3.version', '6.84.8512.1', '6.83.8301.1'],
        ['historic.historicData.keepOnlineWeeks', 156, 52],
        ['partners.standbyA.compress', false, true],
        ['webx.httpPort', 80, 8080],
      ],
    );
    assert.equal(snapshotText(store, (changed as { fingerprint: string }).fingerprint).schemaVersion, 4);

    // The baseline (format 3 snapshots) against an audit of the same servers (format 4): no server changed since.
    const audit = await runCli(['audit', join(pairs, 'sample/main'), join(pairs, 'sample/standby-a'), '--pair', 'sample', '--format', 'json'], { cwd: t.dir, env, now: '2026-11-30T11:00:00Z' });
    const result = JSON.parse(audit.stdout) as AuditResult;
    assert.ok(result.findings.some((f) => f.status === 'fail'), 'the sample pair drifts (Main against Standby)');
    assert.deepEqual(result.findings.flatMap((f) => f.attribution ?? []), []);
    // … and against the drifted Standby: exactly the Standby's own change since the baseline.
    const drifted = await runCli(['audit', join(pairs, 'sample/main'), join(pairs, 'drift-db-port/standby-a'), '--pair', 'sample', '--format', 'json'], { cwd: t.dir, env, now: '2026-11-30T11:00:00Z' });
    const port = (JSON.parse(drifted.stdout) as AuditResult).findings.find((f) => f.ruleId === 'db-port');
    assert.deepEqual(port?.attribution?.map((a) => [a.role, a.from, a.to]), [['standby-a', 5481, 5482]]);

    // changes: the recorded changes (7.x and their undoing), none from the format change.
    const changes = await runCli(['changes', '--format', 'json', '--pair', 'sample'], { cwd: t.dir, env });
    assert.equal(changes.code, 0, changes.stderr);
    const ids = (JSON.parse(changes.stdout) as { changes: { id: string }[] }).changes.map((row) => row.id);
    assert.deepEqual(ids, ['7.1', '7.2', '7.3', '7.4', '7.5', `${changed.seq}.1`, `${changed.seq}.2`, `${changed.seq}.3`, `${changed.seq}.4`, `${changed.seq}.5`]);
    // A new baseline of format 4 snapshots is approved and verifies.
    const approve = await runCli(['approve', '--pair', 'sample'], { cwd: t.dir, env, now: '2026-11-30T12:00:00Z' });
    assert.equal(approve.code, 0, approve.stderr);
    assert.equal((await runCli(['verify', '--deep'], { cwd: t.dir, env })).code, 0);
  } finally {
    t.cleanup();
  }
});

/** Fingerprints (hex) of the snapshot files in a store. */
function storedSnapshots(store: string): string[] {
  return storedFiles(store, 'snapshots');
}

/** The hashes (hex) named by the files of a store's snapshots/ or audits/ folder. */
function storedFiles(store: string, folder: 'snapshots' | 'audits'): string[] {
  const root = join(store, folder);
  return readdirSync(root).flatMap((shard) => readdirSync(join(root, shard)).map((f) => f.replace(/\.json\.gz$/, '')));
}

function snapshotText(store: string, hex: string): { schemaVersion: number; origins?: unknown[]; groups?: unknown[]; settings?: unknown } {
  return JSON.parse(gunzipSync(readFileSync(blobPath(join(store, 'snapshots'), hex))).toString('utf8')) as { schemaVersion: number; origins?: unknown[]; groups?: unknown[]; settings?: unknown };
}

/** A copy of the version 5 store with every entry signed by a new key, as a store signed before migrating is. */
function signedV5(dir: string): { store: string; key: string; pub: string } {
  const store = join(dir, 'signed');
  cpSync(v5Fixture, store, { recursive: true });
  const pair = generateSigningKeyPair();
  const key = join(dir, 'sign.key');
  const pub = join(dir, 'sign.pub');
  writeFileSync(key, pair.privatePem);
  writeFileSync(pub, pair.publicPem);
  const signing = loadSigningKey(key);
  for (const name of readdirSync(join(store, 'journal'))) {
    const file = join(store, 'journal', name);
    const e = JSON.parse(readFileSync(file, 'utf8')) as JournalEntry;
    writeFileSync(file, `${canonical({ ...e, sig: signHash(signing, e.hash) })}\n`);
  }
  return { store, key, pub };
}

test('migrate of a signed store: refused without its signing key, refused when an unsigned entry was appended, signed again with the key', async () => {
  const t = tempDir('pairaudit-v5-signed-');
  try {
    const { store, key, pub } = signedV5(t.dir);
    const migrate = (env: Record<string, string> = {}) => runCli(['migrate', '--store', store], { cwd: t.dir, env, now: '2026-11-30T09:00:00Z' });
    // Without the key the new chain would drop every signature in silence.
    let r = await migrate();
    assert.equal(r.code, 2);
    assert.match(r.stderr, /the store's entries are signed \(ed25519:[0-9a-f]{32}\); migrate with --sign-key/);
    // A forged append (hashes and head recomputed, unsigned): the key would sign it into the new chain.
    const forged = join(t.dir, 'forged');
    cpSync(store, forged, { recursive: true });
    const last = scanJournal(join(forged, 'journal'), 5).entries.at(-1)!;
    const body = { v: last.v, seq: last.seq + 1, at: '2026-11-29T00:00:00.000Z', author: 'mallory', prevHash: last.hash, type: 'note-added', note: 'all fine', target: { seq: 1 } };
    const hash = sha256Hex(canonical(body));
    writeFileSync(join(forged, 'journal', `${String(body.seq).padStart(10, '0')}.json`), `${canonical({ ...body, hash })}\n`);
    writeFileSync(join(forged, 'head.json'), `${canonical({ hash, seq: body.seq })}\n`);
    r = await runCli(['migrate', '--store', forged], { cwd: t.dir, env: { PAIRAUDIT_SIGN_KEY: key }, now: '2026-11-30T09:00:00Z' });
    assert.equal(r.code, 2, r.stdout);
    assert.match(r.stderr, /fails verification at entry 8 .*not signed, although every entry from entry 1 on is signed .*nothing was migrated: run `pairaudit verify --key`/);
    // With its key: migrated, and every entry of the new chain signed.
    r = await migrate({ PAIRAUDIT_SIGN_KEY: key });
    assert.equal(r.code, 0, r.stderr);
    const v = await runCli(['verify', '--store', store, '--key', pub], { cwd: t.dir });
    assert.equal(v.code, 0, v.stdout);
    assert.match(v.stdout, /^signed: entries 1-8 with ed25519:/m);
  } finally {
    t.cleanup();
  }
});

test('migrate when the retired folder it would use is there already (a journal restored and migrated again): the next free name', async () => {
  const t = tempDir('pairaudit-v5-retired-');
  try {
    const store = join(t.dir, 'store');
    cpSync(v5Fixture, store, { recursive: true });
    const head = (JSON.parse(readFileSync(join(store, 'head.json'), 'utf8')) as { hash: string }).hash;
    mkdirSync(join(store, 'retired', `v5-${head.slice(0, 12)}`, 'journal'), { recursive: true });
    writeFileSync(join(store, 'retired', `v5-${head.slice(0, 12)}`, 'journal', 'old.json'), '{}\n');
    const r = await runCli(['migrate', '--store', store], { cwd: t.dir, now: '2026-11-30T09:00:00Z' });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(join(store, 'retired', `v5-${head.slice(0, 12)}-2`, 'journal')), 'moved aside under the next free name');
    assert.equal(verifyStore(openStore(store, { process: thisProcess })).ok, true);
  } finally {
    t.cleanup();
  }
});

