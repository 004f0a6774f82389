// Format version 8: `pairaudit migrate` replaces the secrets a store of version 7 kept in clear (written before the
// content patterns of command lines' passwords, Basic credentials, Azure keys, SAS signatures and session cookies:
// fixtures/stores/v7-commands, by commit af6d20d) in its snapshots, changes and recorded audit results, and every
// entry that names a snapshot stored anew names the new one; a version 7 store without them (fixtures/stores/v7-plain)
// is only re-chained.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { PLANTED, plantIn } from '../fixtures/stores/v7-commands-values.js';
import { STORE_VERSION, type StoreMigratedEntry } from '../src/history/index.js';
import { bundleCopy, fixtureBundle, repoRoot, runCli } from './history-fixtures.js';
import { assertEntriesKept, assertOnlyRechained, assertRecordedAgain, assertRetiredIntact, assertSecretsOnlyRetired, assertStoredAnew, assertVerifies, copyOfStore, journalOf, oldJournalOf, storedBy } from './history-migrate-checks.js';
import { CHANGES_FORMATS, assertNoSecret, everyFormat, storeFiles } from './secrets-leak-check.js';

const fixture = join(repoRoot, 'fixtures', 'stores', 'v7-commands', 'store');
const plainFixture = join(repoRoot, 'fixtures', 'stores', 'v7-plain', 'store');
const V7_HEAD = '291ef7fa1c8842fab913157c797cbee4229900c2dee365b9d0b377e27087d4d0';
const PLAIN_HEAD = '571a5cb7d558bee66b0f7b6e50673ffa5b4b6516f45b9b1ca051764485cea0c7';
/** What make-v7-commands.ts planted, as it stays whatever the server and day: looked for in every file. */
const SECRETS = PLANTED.map((p) => p.leak);
/**
 * Each planted value (by value name) as today's patterns store it: the readable part of the text, what was hidden
 * hashed as `<setting>#hidden`. Sorted by setting name, as the changes are.
 */
const MASKED: Record<string, string | string[]> = {
  'reg:Historic\\ArchiveCommand': 'sqlcmd -S sql01 -U sa -P (hidden) -Q "BACKUP DATABASE Historian TO DISK=\'D:\\bak\\historian.bak\'"',
  'reg:Historic\\BackupCheck': 'schtasks /query /s hist01 /u admin /p (hidden) /tn "Historian backup"',
  'reg:Historic\\BackupTask': 'schtasks /create /tn "Historian backup" /tr C:\\SCADA\\backup.cmd /sc daily /st 02:00 /ru scada /rp (hidden)',
  'reg:Historic\\ExportCommand': 'mysql -uroot -p(hidden) -h hist02 historian',
  'reg:Historic\\ProvisionSteps': ['net user scada (hidden) /add', 'net localgroup Administrators scada /add'],
  'reg:Historic\\PushCommand': 'curl -u admin:(hidden) http://hist01/api/push',
  'reg:Historic\\RemoteRestart': 'psexec \\\\hist01 -u admin -p (hidden) C:\\SCADA\\restart.cmd',
  'reg:Historic\\SyncCommand': 'sshpass -p (hidden) ssh scada@hist01 /opt/sync.sh',
  'reg:WebX\\ArchiveStorage': 'DefaultEndpointsProtocol=https;AccountName=scadahist;AccountKey=(hidden);EndpointSuffix=core.windows.net',
  'reg:WebX\\BackupUrl': 'https://scadahist.blob.core.windows.net/backup?sv=2022-11-02&ss=b&srt=co&sp=rwdlac&se=2027-01-01T00:00:00Z&spr=https&sig=(hidden)',
  'reg:WebX\\EventStream': 'Endpoint=sb://scadaevents.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=(hidden)',
  'reg:WebX\\ProxyHeader': 'Authorization: Basic (hidden)',
  'reg:WebX\\SessionCookie': 'ASP.NET_SessionId=(hidden); path=/; HttpOnly',
};
const SETTINGS = Object.keys(MASKED);
/** What verify counts after either migration: nine entries, three snapshot and one audit reference. */
const AFTER = { entries: 9, snapshots: 3, audits: 1 };
/** The changes of entry 7 (the Standby of drift-db-port, its secrets renewed): the planted values' among the drift's. */
const CHANGES = ['db.port', 'drivers.DNP3.version', 'historic.historicData.keepOnlineWeeks', 'partners.standbyA.compress', ...SETTINGS, 'webx.httpPort'];

/** A copy of drift-db-port's Standby collected at `at`, with the values of `tag` planted as make-v7-commands.ts plants them. */
function standbyWith(dir: string, at: string, tag: string): string {
  return plantIn(bundleCopy(dir, `standby-${tag}`, fixtureBundle('drift-db-port', 'standby-a'), at), tag);
}

test('migrate from version 7: no command line\'s password, Basic credential, Azure key, SAS signature or session cookie left in the active store, every entry names the snapshots stored anew, the old journal aside, verify and changes as before', async (t) => {
  const copy = copyOfStore(t, 'pairaudit-v7-commands-', fixture);
  const { store, env } = copy;
  // The fixture holds every one in its snapshots, changes and audit result (the test would catch a migration that left one).
  const before = storeFiles(store);
  for (const s of SECRETS) {
    assert.ok(before['journal/0000000007.json'].toLowerCase().split(s.toLowerCase()).length >= 3, `entry 7's change: ${s} on both sides`);
    for (const root of ['snapshots', 'audits']) assert.ok(Object.entries(before).some(([f, text]) => f.startsWith(root) && text.toLowerCase().includes(s.toLowerCase())), `${root}: ${s}`);
  }

  const r = await runCli(['migrate', '--author', 'A. Lead'], { cwd: copy.dir, env, now: '2026-12-03T10:00:00Z' });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`migrated from format version 7 to ${STORE_VERSION} \\(entry 9; the old head was entry 8 ${V7_HEAD}\\)`));
  assert.match(r.stdout, /version 8: secrets kept in clear by versions before today's default patterns \(a password on a command line/);
  for (const seq of [1, 2]) assert.ok(r.stdout.includes(`entry ${seq}: ${SETTINGS.length} secret value(s) kept in clear in its snapshot replaced by keyed hashes\n`), `entry ${seq}`);
  assert.ok(r.stdout.includes(`entry 7: ${SETTINGS.length} secret value(s) kept in clear in its snapshot replaced by keyed hashes, and in its changes (${SETTINGS.join(', ')})\n`), 'entry 7');
  assert.match(r.stdout, /entry 5: secrets quoted in clear in its recorded audit result replaced by \(hidden\)/);
  assertNoSecret(SECRETS, { migrate: r.stdout + r.stderr });

  // Not one secret in any file of the active store; the old journal keeps them, aside, as a whole store of version 7.
  const retired = `v7-${V7_HEAD.slice(0, 12)}`;
  const files = assertSecretsOnlyRetired(store, retired, SECRETS, '0000000007.json', SECRETS);
  // The recorded audit result quotes the planted values as today's patterns show them: the rest of each text readable.
  const audits = Object.entries(files).filter(([f]) => f.startsWith('audits'));
  assert.equal(audits.length, 1);
  for (const masked of ['-P (hidden) -Q', '/rp (hidden)', 'AccountKey=(hidden);EndpointSuffix']) assert.ok(audits[0][1].includes(masked), masked);
  assertRetiredIntact(store, retired, V7_HEAD, { entries: 8, snapshots: 3, audits: 1 });
  await assertVerifies(copy, AFTER);

  // Every entry keeps its number, type and text; those that name a rewritten snapshot name the new one.
  const old = oldJournalOf(fixture, 7);
  const now = journalOf(store);
  assert.equal(now.length, 10);
  const migrated = now[9] as StoreMigratedEntry;
  assert.deepEqual([migrated.type, migrated.from.version, migrated.steps.map((s) => [s.version, s.changed.length])], ['store-migrated', 7, [[8, 4], [9, 0], [10, 0], [11, 0], [12, 0]]]);
  assertStoredAnew(store, old, now, [1, 2, 7], Object.entries(MASKED).map(([setting, masked]) => ({ setting, masked })));
  const stored = storedBy(now);
  const expected: Record<number, unknown> = {
    7: { ...stored(7), previous: stored(2).fingerprint },
    // The checks of the very exports just recorded named their fingerprints: now the snapshots stored anew.
    3: { fingerprint: stored(1).fingerprint, previous: 1 },
    4: { fingerprint: stored(2).fingerprint, previous: 2 },
    5: [stored(1).fingerprint, stored(2).fingerprint],
    6: [stored(1).fingerprint, stored(2).fingerprint],
  };
  assertEntriesKept(old, now, 8, expected, { version: 7, types: ['note-added'] });

  // changes: the same ids; each change of a planted value a change of a secret (its readable part the same on both
  // sides), the drift's changes as they were, the note on 7.5 (the sqlcmd line's) where it was.
  const changes = await runCli(['changes', '--format', 'json', '--pair', 'sample'], { cwd: copy.dir, env });
  assert.equal(changes.code, 0, changes.stderr);
  const view = JSON.parse(changes.stdout) as { changes: { id: string; setting: string; from?: unknown; to?: unknown; documented: boolean }[] };
  const oldChanges = old[7].type === 'snapshot-recorded' ? old[7].changes : [];
  assert.deepEqual(
    view.changes.map((c) => [c.id, c.setting, c.from, c.to, c.documented]),
    CHANGES.map((setting, i) => {
      const secret = setting in MASKED;
      const was = oldChanges[i];
      return [`7.${i + 1}`, setting, secret ? { secret: true, set: true } : was.from, secret ? { secret: true, set: true, same: false } : was.to, i === 4];
    }),
  );
  assertNoSecret(SECRETS, await everyFormat(t, ['changes', '--pair', 'sample'], { cwd: copy.dir, env }, CHANGES_FORMATS));

  // The snapshots stored anew hash under the store's key: the same secrets collected again are no change, renewed
  // ones are (of their hidden parts), and nothing of either is journalled.
  await assertRecordedAgain(copy, 'standby-a', (at, tag) => standbyWith(copy.dir, at, tag), SETTINGS.map((s) => `${s}#hidden`), SECRETS);
});

test('migrate a version 7 store with nothing to re-protect: no snapshot or audit result stored anew, every entry only re-chained', async (t) => {
  const copy = copyOfStore(t, 'pairaudit-v7-plain-', plainFixture);
  await assertOnlyRechained(copy, plainFixture, { version: 7, head: PLAIN_HEAD, entries: 8, stored: 4, steps: [8, 9, 10, 11, 12] }, '2026-12-03T10:00:00Z', AFTER, { entries: 8, snapshots: 3, audits: 1 });
});
