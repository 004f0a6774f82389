// Format version 7: `pairaudit migrate` replaces the secrets a store of version 6 kept in clear (written before the
// token patterns of session 26 and the command-line password and key-kind ones after them: fixtures/stores/v6-tokens,
// by commit 3aad30e) in its snapshots, changes and recorded audit results, and every entry that names a snapshot
// stored anew names the new one.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { STORE_VERSION, type StoreMigratedEntry } from '../src/history/index.js';
import type { MigrationContext, RawEntry } from '../src/history/migrations/context.js';
import { migrateSecrets } from '../src/history/migrations/secrets.js';
import type { AuditResult } from '../src/types.js';
import { bundleCopy, fixtureBundle, repoRoot, runCli } from './history-fixtures.js';
import { assertEntriesKept, assertRecordedAgain, assertRetiredIntact, assertSecretsOnlyRetired, assertStoredAnew, assertVerifies, copyOfStore, fingerprints, hashedSetting, journalOf, oldJournalOf, storedBy, type PlantedSetting } from './history-migrate-checks.js';
import { CHANGES_FORMATS, assertNoSecret, everyFormat, storeFiles } from './secrets-leak-check.js';

const fixture = join(repoRoot, 'fixtures', 'stores', 'v6-tokens', 'store');
const V6_HEAD = '53f1e05284783dd68b28b79c3b376bef6e3c7c16ded180790d2b96c3c392aa58';
/** The parts of what make-v6-tokens.ts planted that differ by server and day (each followed by its tag, `B1`). */
const TAGGED = ['LeakJwtSig', 'LeakBearer', 'LeakFlag', 'LeakList', 'LeakMaster'];
/** What make-v6-tokens.ts planted: the tokens' header and payload, their signatures, the Bearer credentials, the command-line passwords and the master keys. */
const SECRETS = ['eyJhbGciOiJIUzI1NiJ9', 'eyJzdWIiOiJ3ZWJ4In0', ...TAGGED];
/** The WebX values planted, in the order of their changes, as today's patterns store them: the readable part of a text (its hidden part hashed as `<setting>#hidden`), or none for a secret by name (all of it hashed). */
const PLANTED: PlantedSetting[] = [
  { setting: 'reg:WebX\\MasterKey' },
  { setting: 'reg:WebX\\RequestHeader', masked: 'Authorization: Bearer (hidden)' },
  { setting: 'reg:WebX\\SessionData', masked: '(hidden)' },
  { setting: 'reg:WebX\\StartArguments', masked: ['/service', '/pwd:(hidden)'] },
  { setting: 'reg:WebX\\StartCommand', masked: '"C:\\SCADA\\agent.exe" --password (hidden) --port 20000' },
];

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
  const copy = copyOfStore(t, 'pairaudit-v6-tokens-', fixture);
  const { store, env } = copy;
  // The fixture holds them in its snapshots, changes and audit results (the test would catch a migration that left them).
  const before = storeFiles(store);
  for (const s of TAGGED) {
    for (const where of ['journal/0000000004.json', 'journal/0000000009.json']) assert.match(before[where], new RegExp(`${s}B\\d.*${s}B\\d`), `${where}: ${s}`);
    for (const root of ['snapshots', 'audits']) assert.ok(Object.entries(before).some(([f, text]) => f.startsWith(root) && text.includes(s)), `${root}: ${s}`);
  }

  const r = await runCli(['migrate', '--author', 'A. Lead'], { cwd: copy.dir, env, now: '2026-12-03T10:00:00Z' });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`migrated from format version 6 to ${STORE_VERSION} \\(entry 15; the old head was entry 14 ${V6_HEAD}\\)`));
  assert.match(r.stdout, /version 7: secrets kept in clear by versions before today's default patterns/);
  for (const seq of [1, 2, 3]) assert.match(r.stdout, new RegExp(`entry ${seq}: 5 secret value\\(s\\) kept in clear in its snapshot replaced by keyed hashes\\n`));
  for (const seq of [4, 9]) assert.ok(r.stdout.includes(`entry ${seq}: 5 secret value(s) kept in clear in its snapshot replaced by keyed hashes, and in its changes (${PLANTED.map((p) => p.setting).join(', ')})\n`), `entry ${seq}`);
  for (const seq of [7, 13]) assert.match(r.stdout, new RegExp(`entry ${seq}: secrets quoted in clear in its recorded audit result replaced by \\(hidden\\)`));
  assertNoSecret(SECRETS, { migrate: r.stdout + r.stderr });

  // Not one secret in any file of the active store; the old journal keeps them, aside, as a whole store of version 6.
  const retired = `v6-${V6_HEAD.slice(0, 12)}`;
  const files = assertSecretsOnlyRetired(store, retired, SECRETS, '0000000009.json', TAGGED.map((s) => `${s}B2`));
  // The recorded audit results quote the planted values as today's patterns show them: the command and the list readable.
  const audits = Object.entries(files).filter(([f]) => f.startsWith('audits'));
  assert.equal(audits.length, 2);
  for (const [f, text] of audits) for (const masked of ['--password (hidden) --port 20000', '"/pwd:(hidden)"']) assert.ok(text.includes(masked), `${f}: ${masked}`);
  assertRetiredIntact(store, retired, V6_HEAD, { entries: 14, snapshots: 5, audits: 2 });
  await assertVerifies(copy, { entries: 15, snapshots: 5, audits: 2 });

  // Every entry keeps its number, type and text; those that name a rewritten snapshot name the new one.
  const old = oldJournalOf(fixture, 6);
  const now = journalOf(store);
  assert.equal(now.length, 16);
  assert.equal((now[15] as StoreMigratedEntry).type, 'store-migrated');
  assertStoredAnew(store, old, now, [1, 2, 3, 4, 9], PLANTED);
  const stored = storedBy(now);
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
  assertEntriesKept(old, now, 14, expected, { version: 6, types: ['changeover-recorded', 'note-added'] });

  // changes: the same ids, each change of a planted value a change of a secret (its readable part, the command or the
  // list, the same on both sides), the note and the changeover where they were.
  const changes = await runCli(['changes', '--format', 'json', '--pair', 'sample'], { cwd: copy.dir, env });
  assert.equal(changes.code, 0, changes.stderr);
  const view = JSON.parse(changes.stdout) as { changes: { id: string; setting: string; from?: unknown; to?: unknown; documented: boolean }[]; changeovers: { seq: number; changes: { id: string }[] }[] };
  assert.deepEqual(
    view.changes.map((c) => [c.id, c.setting, c.from, c.to, c.documented]),
    [4, 9].flatMap((seq) => PLANTED.map((p, i) => [`${seq}.${i + 1}`, p.setting, { secret: true, set: true }, { secret: true, set: true, same: false }, `${seq}.${i + 1}` === '9.3'])),
  );
  assert.deepEqual(view.changeovers.map((c) => [c.seq, c.changes.map((x) => x.id)]), [[14, PLANTED.map((_, i) => `9.${i + 1}`)]]);
  assertNoSecret(SECRETS, await everyFormat(t, ['changes', '--pair', 'sample'], { cwd: copy.dir, env }, CHANGES_FORMATS));

  // The snapshots stored anew hash under the store's key: the same secrets collected again are no change, a renewed
  // one is (of its hidden part, or of a secret by name), and nothing of either is journalled.
  await assertRecordedAgain(copy, 'main', (at, tag) => standbyWithTokens(copy.dir, at, tag), PLANTED.map(hashedSetting), SECRETS);
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
