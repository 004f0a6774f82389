// Format version 9: `pairaudit migrate` replaces the secrets a store of version 8 kept in clear (written before the
// command-line gaps of Windows and OT tools, the short Basic credential and the passphrases of free text:
// fixtures/stores/v8-gaps, by commit 2b0377f) in its snapshots, changes, recorded audit results and the notes of its
// entries, and every entry that names a snapshot stored anew names the new one; a version 8 store without them
// (fixtures/stores/v8-plain) is only re-chained, and the PostgreSQL port that version 8 hid stays as it was stored.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { plantIn } from '../fixtures/stores/v7-commands-values.js';
import { GAPS, PASSPHRASES, PORT_LINE } from '../fixtures/stores/v8-gaps-values.js';
import { openStore, STORE_VERSION, type StoreMigratedEntry } from '../src/history/index.js';
import { isSecretValue } from '../src/snapshot/secrets.js';
import { bundleCopy, fixtureBundle, repoRoot, runCli, thisProcess } from './history-fixtures.js';
import { assertChangesOneForOne, assertEntriesKept, assertOnlyRechained, assertPlanted, assertRecordedAgain, assertRetiredIntact, assertSecretsOnlyRetired, assertStoredAnew, assertVerifies, copyOfStore, gapStepsFingerprints, journalOf, oldJournalOf } from './history-migrate-checks.js';
import { CHANGES_FORMATS, assertNoSecret, everyFormat, storeFiles } from './secrets-leak-check.js';

const fixture = join(repoRoot, 'fixtures', 'stores', 'v8-gaps', 'store');
const plainFixture = join(repoRoot, 'fixtures', 'stores', 'v8-plain', 'store');
const V8_HEAD = '1746e71e27a0e0300f65c1d0dab815ae5c8e5339c977f046f732372290817d65';
const PLAIN_HEAD = '8afed34f77d5818798ce0ec17e647e08844ab69ad9a4e2f799b2a490f2c3fc09';
/** What make-v8-gaps.ts planted in registry values, as it stays whatever the server and day. */
const VALUES = GAPS.map((p) => p.leak);
/** And in notes: every one looked for in every file. */
const SECRETS = [...VALUES, ...PASSPHRASES];
/** Each planted value (by value name) as today's patterns store it: the readable part, what was hidden hashed as `<setting>#hidden`. */
const MASKED: Record<string, string | string[]> = {
  'reg:Historic\\ArchiveCommand': 'sqlcmd -S tcp:sql01,1433 -P (hidden) -Q "BACKUP DATABASE Historian TO DISK=\'D:\\bak\\historian.bak\'"',
  'reg:Historic\\BackupTask': 'schtasks /create /tn "Historian backup" /tr C:\\SCADA\\backup.cmd /sc daily /rp (hidden) /ru scada',
  'reg:Historic\\FetchCommand': 'wget --http-user scada --http-password (hidden) http://hist01/export.csv',
  'reg:Historic\\JoinCommand': 'netdom join hist01 /domain:ot /UserD:ot\\admin /PasswordD:(hidden) /UserO:admin /PasswordO:(hidden)',
  'reg:Historic\\LoadCommand': 'sqlldr control=C:\\SCADA\\load.ctl userid=scada/(hidden)',
  'reg:Historic\\PollCommands': ['snmpwalk -v2c -c (hidden) rtu7 1.3.6.1.2.1.1', 'snmpget -v3 -l authPriv -u scada -a SHA -A (hidden) -x AES -X (hidden) rtu7 sysUpTime.0'],
  'reg:Historic\\ProxyCommand': 'curl --proxy-user admin:(hidden) http://hist01/api/push',
  'reg:Historic\\PurgeCommand': 'sqlplus -s scada/(hidden)@//hist01:1521/orcl @C:\\SCADA\\purge.sql',
  'reg:Historic\\RemoteRestart': 'psexec \\\\hist01 -p (hidden) -u admin C:\\SCADA\\restart.cmd',
  'reg:Historic\\UploadCommand': 'winscp.com /command "open scada:(hidden)@hist01" "put D:\\bak\\historian.bak /backup/" "exit"',
  'reg:WebX\\ProxyHeader': 'Authorization: Basic (hidden)',
};
const SETTINGS = Object.keys(MASKED);
/** The notes of entries 7 (record), 8 (note on 7.5) and 11 (check) as today's free-text patterns journal them. */
const MASKED_NOTES: Record<number, string> = {
  7: 'Standby rebuilt by the vendor; service account pwd (hidden)',
  8: 'sa account renewed, password (hidden) sent by phone',
  11: 'vendor given the password (hidden) for the archive share',
};
/** What verify counts after either migration: sixteen entries, three snapshot and three audit references. */
const AFTER = { entries: 16, snapshots: 3, audits: 3 };
/** The changes of entry 7 (the Standby of drift-db-port, its secrets renewed): the planted values' among the drift's. */
const CHANGES = ['db.port', 'drivers.DNP3.version', 'historic.historicData.keepOnlineWeeks', 'partners.standbyA.compress', ...SETTINGS, 'webx.httpPort'];
/** The value PORT_LINE plants, as version 8 stored it and as today's patterns show it. */
const PORT = { stored: 'psql -U scada -h hist01 -p (hidden) -f C:\\SCADA\\vacuum.sql', shown: PORT_LINE.data('') as string };
const PORT_SETTING = `reg:${PORT_LINE.key}\\${PORT_LINE.name}`;

/** A copy of drift-db-port's Standby collected at `at`, with the values of `tag` planted as make-v8-gaps.ts plants them. */
function standbyWith(dir: string, at: string, tag: string): string {
  return plantIn(bundleCopy(dir, `standby-${tag}`, fixtureBundle('drift-db-port', 'standby-a'), at), tag, GAPS);
}

test('migrate from version 8: no password of psexec, sqlcmd, schtasks, netdom, WinSCP, Net-SNMP, Oracle, wget or curl --proxy-user, no short Basic credential and no passphrase of a note left in the active store; every entry names the snapshots stored anew, notes and the changeover kept, verify and changes as before', async (t) => {
  const copy = copyOfStore(t, 'pairaudit-v8-gaps-', fixture);
  const { store, env } = copy;
  // The fixture holds every one in its snapshots, changes and audit results, and the passphrases in its notes and
  // the audit results' attribution (the test would catch a migration that left one).
  const before = storeFiles(store);
  assertPlanted(before, VALUES, Object.fromEntries(PASSPHRASES.map((s, i) => [s, ['07', '08', '11'][i]])), PASSPHRASES.slice(0, 2));

  const r = await runCli(['migrate', '--author', 'A. Lead'], { cwd: copy.dir, env, now: '2026-12-04T10:00:00Z' });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`migrated from format version 8 to ${STORE_VERSION} \\(entry 16; the old head was entry 15 ${V8_HEAD}\\)`));
  assert.match(r.stdout, /version 9: secrets kept in clear by versions before today's default patterns \(a password on a command line: psexec/);
  for (const seq of [1, 2]) assert.ok(r.stdout.includes(`entry ${seq}: ${SETTINGS.length} secret value(s) kept in clear in its snapshot replaced by keyed hashes\n`), `entry ${seq}`);
  assert.ok(r.stdout.includes(`entry 7: ${SETTINGS.length} secret value(s) kept in clear in its snapshot replaced by keyed hashes, and in its changes (${SETTINGS.join(', ')})\n`), 'entry 7');
  for (const seq of [7, 8, 11]) assert.ok(r.stdout.includes(`entry ${seq}: secrets typed in clear in its note replaced by (hidden)\n`), `entry ${seq}: note`);
  for (const seq of [5, 11, 14]) assert.ok(r.stdout.includes(`entry ${seq}: secrets quoted in clear in its recorded audit result replaced by (hidden)\n`), `entry ${seq}: audit`);
  assertNoSecret(SECRETS, { migrate: r.stdout + r.stderr });

  // Not one secret in any file of the active store; the old journal keeps them, aside, as a whole store of version 8.
  const retired = `v8-${V8_HEAD.slice(0, 12)}`;
  const files = assertSecretsOnlyRetired(store, retired, SECRETS, '0000000007.json', [...VALUES, PASSPHRASES[0]]);
  // The recorded audit results quote the planted values and the notes as today's patterns show them.
  const audits = Object.entries(files).filter(([f]) => f.startsWith('audits')).map(([, text]) => text);
  assert.equal(audits.length, 3);
  for (const masked of ['-P (hidden) -Q', '/PasswordD:(hidden)', 'Authorization: Basic (hidden)']) assert.ok(audits.every((text) => text.includes(masked)), masked);
  for (const seq of [7, 8]) assert.equal(audits.filter((text) => text.includes(JSON.stringify(MASKED_NOTES[seq]))).length, 2, `the note of entry ${seq} in the attribution of entries 11 and 14`);
  assertRetiredIntact(store, retired, V8_HEAD, { entries: 15, snapshots: 3, audits: 3 });
  await assertVerifies(copy, AFTER);

  // Every entry keeps its number, type and text (its note masked); those that name a rewritten snapshot name the new one.
  const old = oldJournalOf(fixture, 8);
  const now = journalOf(store);
  assert.equal(now.length, 17);
  const migrated = now[16] as StoreMigratedEntry;
  assert.deepEqual([migrated.type, migrated.from.version, migrated.steps.map((s) => [s.version, s.changed.length])], ['store-migrated', 8, [[9, 9], [10, 0], [11, 0], [12, 0]]]);
  assertStoredAnew(store, old, now, [1, 2, 7], Object.entries(MASKED).map(([setting, masked]) => ({ setting, masked })));
  assertEntriesKept(old, now, 15, gapStepsFingerprints(old, now), { version: 8, types: ['note-added', 'changeover-recorded'] }, MASKED_NOTES);

  // changes: the same ids; each change of a planted value a change of a secret, the drift's as they were, the note
  // on 7.5 (the sqlcmd line's) where it was, masked; the changeover cites the same checks.
  const argv = await assertChangesOneForOne(copy, old, CHANGES, (setting) => setting in MASKED, 4, MASKED_NOTES[8]);
  assertNoSecret(SECRETS, await everyFormat(t, argv, { cwd: copy.dir, env }, CHANGES_FORMATS));

  // The snapshots stored anew hash under the store's key: the same secrets collected again are no change, renewed
  // ones are (of their hidden parts). The Standby's computer is Main since the changeover.
  await assertRecordedAgain(copy, 'main', (at, tag) => standbyWith(copy.dir, at, tag), SETTINGS.map((s) => `${s}#hidden`), SECRETS);
});

test('migrate a version 8 store with nothing to re-protect: no snapshot or audit result stored anew, every entry only re-chained, the port version 8 hid kept as it was stored', async (t) => {
  const copy = copyOfStore(t, 'pairaudit-v8-plain-', plainFixture);
  const { store, env } = copy;
  const now = await assertOnlyRechained(copy, plainFixture, { version: 8, head: PLAIN_HEAD, entries: 15, stored: 6, steps: [9, 10, 11, 12] }, '2026-12-04T10:00:00Z', AFTER, { entries: 15, snapshots: 3, audits: 3 });

  // The Main's psql line keeps its hidden port and the keyed hash of it: no secret, but nothing gives the port back.
  const first = now[1];
  assert.ok(first.type === 'snapshot-recorded');
  const settings = openStore(store, { process: thisProcess }).readSnapshot(first.fingerprint).settings;
  assert.equal(settings[PORT_SETTING].value, PORT.stored);
  assert.equal(isSecretValue(settings[`${PORT_SETTING}#hidden`].value), true);
  // The first record of that computer after the migration journals the port once, shown, and its hash as removed;
  // nothing else of the export changed.
  const again = bundleCopy(copy.dir, 'main-again', fixtureBundle('sample', 'main'), '2026-12-04T11:00:00Z');
  plantIn(again, 'A1', [PORT_LINE]);
  const rec = await runCli(['record', again, '--pair', 'sample', '--role', 'standby-a'], { cwd: copy.dir, env, now: '2026-12-04T11:05:00Z' });
  assert.equal(rec.code, 0, rec.stderr);
  assert.deepEqual(rec.stdout.match(/\[17\.\d+\] .*/g), [`[17.1] ${PORT_SETTING}: ${PORT.stored} → ${PORT.shown}`, `[17.2] ${PORT_SETTING}#hidden: set → (absent)`]);
  const recordAgain = await runCli(['record', bundleCopy(copy.dir, 'main-later', again, '2026-12-04T12:00:00Z'), '--pair', 'sample', '--role', 'standby-a'], { cwd: copy.dir, env, now: '2026-12-04T12:05:00Z' });
  assert.equal(recordAgain.code, 0, recordAgain.stderr);
  assert.match(recordAgain.stdout, /NORTH-A: unchanged/);
});
