// Format version 7: `pairaudit migrate` replaces the secrets a store of version 6 kept in clear (written before the
// token patterns of session 26 and the command-line password and key-kind ones after them: fixtures/stores/v6-tokens,
// by commit 3aad30e) in its snapshots, changes and recorded audit results, and every entry that names a snapshot
// stored anew names the new one.
import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { openStore, STORE_VERSION, verifyStore, type JournalEntry, type StoreMigratedEntry } from '../src/history/index.js';
import { scanJournal } from '../src/history/journal.js';
import { blobPath } from '../src/history/store.js';
import type { MigrationContext, RawEntry } from '../src/history/migrations/context.js';
import { migrateSecrets } from '../src/history/migrations/secrets.js';
import type { AuditResult } from '../src/types.js';
import { bundleCopy, fixtureBundle, repoRoot, runCli, tempDir, thisProcess } from './history-fixtures.js';
import { CHANGES_FORMATS, assertNoSecret, everyFormat, storeFiles } from './secrets-leak-check.js';

const fixture = join(repoRoot, 'fixtures', 'stores', 'v6-tokens', 'store');
const V6_HEAD = '53f1e05284783dd68b28b79c3b376bef6e3c7c16ded180790d2b96c3c392aa58';
/** The parts of what make-v6-tokens.ts planted that differ by server and day (each followed by its tag, `B1`). */
const TAGGED = ['LeakJwtSig', 'LeakBearer', 'LeakFlag', 'LeakList', 'LeakMaster'];
/** What make-v6-tokens.ts planted: the tokens' header and payload, their signatures, the Bearer credentials, the command-line passwords and the master keys. */
const SECRETS = ['eyJhbGciOiJIUzI1NiJ9', 'eyJzdWIiOiJ3ZWJ4In0', ...TAGGED];
/** The WebX values planted, in the order of their changes, as today's patterns store them: the readable part of a text (its hidden part hashed as `<setting>#hidden`), or none for a secret by name (all of it hashed). */
const PLANTED: { setting: string; masked?: string | string[] }[] = [
  { setting: 'reg:WebX\\MasterKey' },
  { setting: 'reg:WebX\\RequestHeader', masked: 'Authorization: Bearer (hidden)' },
  { setting: 'reg:WebX\\SessionData', masked: '(hidden)' },
  { setting: 'reg:WebX\\StartArguments', masked: ['/service', '/pwd:(hidden)'] },
  { setting: 'reg:WebX\\StartCommand', masked: '"C:\\SCADA\\agent.exe" --password (hidden) --port 20000' },
];

/** The entries of a store's journal by number (entries[seq]). */
const journalOf = (store: string): JournalEntry[] => [undefined as unknown as JournalEntry, ...openStore(store, { process: thisProcess }).readJournal()];
const fixtureEntries = (): JournalEntry[] => [undefined as unknown as JournalEntry, ...scanJournal(join(fixture, 'journal'), 6).entries];

/** The fields of an entry that name a stored snapshot (or the snapshot a check found the same). */
function fingerprints(e: JournalEntry): unknown {
  switch (e.type) {
    case 'snapshot-recorded':
      return { fingerprint: e.fingerprint, previous: e.previous?.fingerprint, blob: e.blob };
    case 'checked-unchanged':
      return { fingerprint: e.fingerprint, previous: e.previous.seq };
    case 'audit-recorded':
    case 'baseline-approved':
      return e.servers.map((s) => s.fingerprint);
    default:
      return undefined;
  }
}

/** A copy of the fixture's Standby bundle collected at `at`, its WebX secrets tagged `tag` as make-v6-tokens.ts writes them. */
function standbyWithTokens(dir: string, at: string, tag: string): string {
  const out = bundleCopy(dir, `standby-${tag}`, fixtureBundle('sample', 'standby-a'), at);
  const reg = join(out, 'ClearSCADA.reg');
  const header = '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA\\WebX]\r\n';
  const list = [...Buffer.from(`/service\0/pwd:LeakList${tag}\0\0`, 'utf16le')].map((b) => b.toString(16).padStart(2, '0')).join(',');
  const lines = [
    `"SessionData"="eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ3ZWJ4In0.LeakJwtSig${tag}"`,
    `"RequestHeader"="Authorization: Bearer LeakBearer${tag}abcdefgh"`,
    `"StartCommand"="\\"C:\\\\SCADA\\\\agent.exe\\" --password LeakFlag${tag} --port 20000"`,
    `"StartArguments"=hex(7):${list}`,
    `"MasterKey"="LeakMaster${tag}"`,
  ]
    .map((l) => `${l}\r\n`)
    .join('');
  const text = readFileSync(reg).subarray(2).toString('utf16le');
  assert.ok(text.includes(header));
  writeFileSync(reg, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replace(header, header + lines), 'utf16le')]));
  return out;
}

test('migrate from version 6: no token, command-line password or master key left in the active store, every entry names the snapshots stored anew, the old journal aside, verify and changes as before', async (t) => {
  const tmp = tempDir('pairaudit-v6-tokens-');
  t.after(tmp.cleanup);
  const store = join(tmp.dir, 'store');
  cpSync(fixture, store, { recursive: true });
  const env = { PAIRAUDIT_STORE: store };
  // The fixture holds them in its snapshots, changes and audit results (the test would catch a migration that left them).
  const before = storeFiles(store);
  for (const s of TAGGED) {
    for (const where of ['journal/0000000004.json', 'journal/0000000009.json']) assert.match(before[where], new RegExp(`${s}B\\d.*${s}B\\d`), `${where}: ${s}`);
    for (const root of ['snapshots', 'audits']) assert.ok(Object.entries(before).some(([f, text]) => f.startsWith(root) && text.includes(s)), `${root}: ${s}`);
  }

  const r = await runCli(['migrate', '--author', 'A. Lead'], { cwd: tmp.dir, env, now: '2026-12-03T10:00:00Z' });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`migrated from format version 6 to ${STORE_VERSION} \\(entry 15; the old head was entry 14 ${V6_HEAD}\\)`));
  assert.match(r.stdout, /version 7: secrets kept in clear by versions before today's default patterns/);
  for (const seq of [1, 2, 3]) assert.match(r.stdout, new RegExp(`entry ${seq}: 5 secret value\\(s\\) kept in clear in its snapshot replaced by keyed hashes\\n`));
  for (const seq of [4, 9]) assert.ok(r.stdout.includes(`entry ${seq}: 5 secret value(s) kept in clear in its snapshot replaced by keyed hashes, and in its changes (${PLANTED.map((p) => p.setting).join(', ')})\n`), `entry ${seq}`);
  for (const seq of [7, 13]) assert.match(r.stdout, new RegExp(`entry ${seq}: secrets quoted in clear in its recorded audit result replaced by \\(hidden\\)`));
  assertNoSecret(SECRETS, { migrate: r.stdout + r.stderr });

  // Not one secret in any file of the active store; the old journal keeps them, aside, as a whole store of version 6.
  const retired = readdirSync(join(store, 'retired'));
  assert.deepEqual(retired, [`v6-${V6_HEAD.slice(0, 12)}`]);
  const files = storeFiles(store);
  assertNoSecret(SECRETS, Object.fromEntries(Object.entries(files).filter(([f]) => !f.startsWith('retired'))));
  // The recorded audit results quote the planted values as today's patterns show them: the command and the list readable.
  const audits = Object.entries(files).filter(([f]) => f.startsWith('audits'));
  assert.equal(audits.length, 2);
  for (const [f, text] of audits) for (const masked of ['--password (hidden) --port 20000', '"/pwd:(hidden)"']) assert.ok(text.includes(masked), `${f}: ${masked}`);
  for (const t of TAGGED) assert.ok(files[join('retired', retired[0], 'journal', '0000000009.json')].includes(`${t}B2`), `retired: ${t}`);
  const aside = verifyStore(openStore(join(store, 'retired', retired[0]), { process: thisProcess }), { deep: true, process: thisProcess });
  assert.deepEqual([aside.ok, aside.entries, aside.head.hash, aside.snapshotsChecked, aside.auditsChecked], [true, 14, V6_HEAD, 5, 2]);
  for (const argv of [['verify'], ['verify', '--deep']]) {
    const v = await runCli(argv, { cwd: tmp.dir, env });
    assert.equal(v.code, 0, `${argv.join(' ')}: ${v.stdout}${v.stderr}`);
    assert.match(v.stdout, /^intact: 15 entries, 5 snapshot and 2 audit references checked/);
  }

  // Every entry keeps its number, type and text; those that name a rewritten snapshot name the new one.
  const old = fixtureEntries();
  const now = journalOf(store);
  assert.equal(now.length, 16);
  assert.equal((now[15] as StoreMigratedEntry).type, 'store-migrated');
  const stored = (seq: number): { fingerprint: string; blob: unknown } => {
    const e = now[seq];
    assert.equal(e.type, 'snapshot-recorded');
    return { fingerprint: e.fingerprint, blob: e.blob };
  };
  for (const seq of [1, 2, 3, 4, 9]) {
    const o = old[seq];
    assert.ok(o.type === 'snapshot-recorded');
    assert.notEqual(stored(seq).fingerprint, o.fingerprint, `entry ${seq}: stored anew`);
    // Stored in the format the old one was (4, today's), and it reads back with the secrets hidden.
    const text = gunzipSync(readFileSync(blobPath(join(store, 'snapshots'), stored(seq).fingerprint))).toString('utf8');
    assert.equal((JSON.parse(text) as { schemaVersion: number }).schemaVersion, 4, `entry ${seq}`);
    const settings = openStore(store, { process: thisProcess }).readSnapshot(stored(seq).fingerprint).settings;
    for (const { setting, masked } of PLANTED) {
      if (masked !== undefined) assert.deepEqual(settings[setting].value, masked, `entry ${seq}: ${setting}`);
      const hashed = masked === undefined ? setting : `${setting}#hidden`;
      assert.deepEqual(Object.keys(settings[hashed].value as object).sort(), ['hmac', 'keyId', 'secret', 'set'], `entry ${seq}: ${hashed}`);
    }
  }
  const expected: Record<number, unknown> = {
    // The history without a pair carried into the pair: the same snapshot as the entry it carries.
    3: { ...stored(1), previous: undefined },
    4: { ...stored(4), previous: stored(1).fingerprint },
    9: { ...stored(9), previous: stored(4).fingerprint },
    // A check of the very exports just recorded named their fingerprints: now the snapshots stored anew.
    5: { fingerprint: stored(2).fingerprint, previous: 2 },
    6: { fingerprint: stored(4).fingerprint, previous: 4 },
    // Checks of later exports name snapshots that were never stored: as they were.
    11: fingerprints(old[11]),
    12: fingerprints(old[12]),
    7: [stored(2).fingerprint, stored(4).fingerprint],
    8: [stored(2).fingerprint, stored(4).fingerprint],
    13: [(old[13] as { servers: { fingerprint: string }[] }).servers[0].fingerprint, (old[13] as { servers: { fingerprint: string }[] }).servers[1].fingerprint],
  };
  assert.deepEqual(expected[13], [fingerprints(old[11]) as { fingerprint: string }, fingerprints(old[12]) as { fingerprint: string }].map((x) => x.fingerprint), 'the post-check audited the snapshots of entries 11 and 12');
  for (let seq = 1; seq <= 14; seq++) {
    const [o, n] = [old[seq], now[seq]];
    assert.deepEqual([n.seq, n.type, n.at, n.author, n.ticket, n.note, n.v], [o.seq, o.type, o.at, o.author, o.ticket, o.note, STORE_VERSION], `entry ${seq}`);
    if (seq in expected) assert.deepEqual(fingerprints(n), expected[seq], `entry ${seq}`);
    if (n.type === 'changeover-recorded' || n.type === 'note-added') assert.deepEqual({ ...n, v: 6, hash: '', prevHash: '' }, { ...o, hash: '', prevHash: '' }, `entry ${seq}: only re-chained`);
  }

  // changes: the same ids, each change of a planted value a change of a secret (its readable part, the command or the
  // list, the same on both sides), the note and the changeover where they were.
  const changes = await runCli(['changes', '--format', 'json', '--pair', 'sample'], { cwd: tmp.dir, env });
  assert.equal(changes.code, 0, changes.stderr);
  const view = JSON.parse(changes.stdout) as { changes: { id: string; setting: string; from?: unknown; to?: unknown; documented: boolean }[]; changeovers: { seq: number; changes: { id: string }[] }[] };
  assert.deepEqual(
    view.changes.map((c) => [c.id, c.setting, c.from, c.to, c.documented]),
    [4, 9].flatMap((seq) => PLANTED.map((p, i) => [`${seq}.${i + 1}`, p.setting, { secret: true, set: true }, { secret: true, set: true, same: false }, `${seq}.${i + 1}` === '9.3'])),
  );
  assert.deepEqual(view.changeovers.map((c) => [c.seq, c.changes.map((x) => x.id)]), [[14, PLANTED.map((_, i) => `9.${i + 1}`)]]);
  assertNoSecret(SECRETS, await everyFormat(t, ['changes', '--pair', 'sample'], { cwd: tmp.dir, env }, CHANGES_FORMATS));

  // The snapshots stored anew hash under the store's key: the same secrets collected again are no change, a renewed
  // one is (of its hidden part, or of a secret by name), and nothing of either is journalled.
  const record = (dir: string, now: string) => runCli(['record', dir, '--pair', 'sample', '--role', 'main'], { cwd: tmp.dir, env, now });
  const same = await record(standbyWithTokens(tmp.dir, '2026-12-03T11:00:00Z', 'B2'), '2026-12-03T11:05:00Z');
  assert.equal(same.code, 0, same.stderr);
  assert.match(same.stdout, /NORTH-B: unchanged/);
  const renewed = await record(standbyWithTokens(tmp.dir, '2026-12-03T12:00:00Z', 'B3'), '2026-12-03T12:05:00Z');
  assert.equal(renewed.code, 0, renewed.stderr);
  assert.deepEqual(renewed.stdout.match(/reg:\S+: .*/g), PLANTED.map((p) => `${p.setting}${p.masked === undefined ? '' : '#hidden'}: set → set (different)`));
  assertNoSecret(SECRETS, { record: same.stdout + renewed.stdout, ...Object.fromEntries(Object.entries(storeFiles(store)).filter(([f]) => !f.startsWith('retired'))) });
  assert.equal((await runCli(['verify', '--deep'], { cwd: tmp.dir, env })).code, 0);
});

/** Texts of a recorded audit result (by where they are in it) → what the step leaves of them: the evidence and what people typed read by the patterns, the rules' own text as written. */
const AUDIT_TEXTS: { where: string; text: string; after: string }[] = [
  { where: 'values', text: 'Authorization: Bearer LeakBearerZ9abcdefgh', after: 'Authorization: Bearer (hidden)' },
  { where: 'message', text: 'reg:WebX\\SessionData differs: Main has "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ3ZWJ4In0.LeakJwtSigZ9", Standby A has "x"', after: 'reg:WebX\\SessionData differs: Main has "(hidden)", Standby A has "x"' },
  { where: 'attribution', text: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ3ZWJ4In0.LeakJwtSigZ8', after: '(hidden)' },
  // Hidden by an earlier step: the connection string pattern would take the closing quote as the password's.
  { where: 'message', text: 'reg:DB\\ConnectionString is set on Standby A ("Server=sql01;Password=(hidden)") but not on Main', after: 'reg:DB\\ConnectionString is set on Standby A ("Server=sql01;Password=(hidden)") but not on Main' },
  { where: 'reason', text: 'accepted by ops, PIN: 4711', after: 'accepted by ops, PIN: (hidden)' },
  { where: 'rationale', text: 'A stored proxy password is compared only as set or not set [BREG].', after: 'A stored proxy password is compared only as set or not set [BREG].' },
  { where: 'remediation', text: '`sc config "<service name>" obj= "<account>" password= "<password>"`, then restart', after: '`sc config "<service name>" obj= "<account>" password= "<password>"`, then restart' },
  { where: 'title', text: "'First Pass' Synchronization Process", after: "'First Pass' Synchronization Process" },
];

test('a recorded audit result: what its evidence and its waivers quote in clear is hidden, the rules\' own text and what was hidden before stay as they are', () => {
  const finding = (t: (typeof AUDIT_TEXTS)[number]): Record<string, unknown> => {
    if (t.where === 'values') return { values: { main: t.text } };
    if (t.where === 'attribution') return { attribution: [{ role: 'main', from: t.text, to: 'x' }] };
    if (t.where === 'reason') return { waiver: { reason: t.text } };
    return { [t.where]: t.text };
  };
  const result = { servers: [], findings: AUDIT_TEXTS.map(finding) } as unknown as AuditResult;
  let stored: AuditResult | undefined;
  const entries: RawEntry[] = [{ seq: 1, type: 'audit-recorded', servers: [], resultSha256: 'old' }];
  const ctx: MigrationContext = {
    entries,
    secretKey: Buffer.alloc(32, 7),
    readSnapshot: () => assert.fail('no snapshot'),
    putSnapshot: () => assert.fail('no snapshot'),
    readAudit: () => result,
    putAudit: (r) => {
      stored = r;
      return { resultSha256: 'new', blob: { fileSha256: 'f', bytes: 1 } };
    },
    report: () => undefined,
  };
  migrateSecrets(ctx);
  assert.equal(entries[0].resultSha256, 'new');
  assert.deepEqual(stored?.findings.map((f) => JSON.stringify(f)), AUDIT_TEXTS.map((t) => JSON.stringify(finding({ ...t, text: t.after }))));
});
