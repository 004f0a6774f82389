// Format version 11: `pairaudit migrate` replaces the secrets a store of version 10 kept in clear (written before
// Redis' passwords not at a line's start and its ACL's, the short bare Basic credential of an empty user, an MQTT
// client's `-P 12345` and isql in a sentence: fixtures/stores/v10-more, by commit b278237) in its snapshots, changes,
// recorded audit results and the notes and tickets of its entries; every entry that names a snapshot stored anew names
// the new one; a version 10 store without them (fixtures/stores/v10-plain) is only re-chained.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { plantIn } from '../fixtures/stores/v7-commands-values.js';
import { ACL_HASH, MORE_V10, TYPED_LEAKS_V10 } from '../fixtures/stores/v10-more-values.js';
import { STORE_VERSION, type StoreMigratedEntry } from '../src/history/index.js';
import { HIDDEN } from '../src/snapshot/secrets.js';
import { bundleCopy, fixtureBundle, repoRoot, runCli } from './history-fixtures.js';
import { assertChangesOneForOne, assertEntriesKept, assertOnlyRechained, assertPlanted, assertRecordedAgain, assertRetiredIntact, assertSecretsOnlyRetired, assertStoredAnew, assertVerifies, copyOfStore, gapStepsFingerprints, hashedSetting, journalOf, oldJournalOf, type PlantedSetting } from './history-migrate-checks.js';
import { CHANGES_FORMATS, assertNoSecret, everyFormat, storeFiles } from './secrets-leak-check.js';

const H = HIDDEN;
const fixture = join(repoRoot, 'fixtures', 'stores', 'v10-more', 'store');
const plainFixture = join(repoRoot, 'fixtures', 'stores', 'v10-plain', 'store');
const V10_HEAD = '2ee90148c00760365d3af6b95e326fb32d8721114bf28546ee1a609f72e67c20';
const PLAIN_HEAD = '31ad1bf647964d99e76aab3e73226616f99aa3afa9e439c80b75c8461723ff01';
/** What make-v10-more.ts planted in registry values, as it stays whatever the server and day; the ACL's hash too. */
const VALUES = [...MORE_V10.map((p) => p.leak), ACL_HASH];
/** And in notes and a ticket: every one looked for in every file. */
const SECRETS = [...VALUES, ...TYPED_LEAKS_V10];
const settingOf = (p: { key: string; name: string }): string => `reg:${p.key}\\${p.name}`;
/** Each planted value as today's patterns store it: the readable part kept. */
const MASKED: Record<string, string | string[]> = {
  'reg:Historic\\CacheAcl': ['user default off', `user scada on >${H} ~* +@all`, `user ops on #${H} ~* +@read`],
  'reg:Historic\\CacheConfig': `port 6379 requirepass ${H} appendonly yes`,
  'reg:Historic\\CacheInstall': `cmd /c "echo masterauth ${H}`,
  'reg:Historic\\CacheStart': `redis-server C:\\Redis\\redis.conf --requirepass=${H} --port 6380`,
  'reg:Historic\\OdbcCheck': `run isql SCADA_DSN admin ${H} to test the link`,
  'reg:WebX\\AlarmPublish': `mosquitto_pub -h rtu7 -t alarms -m 1 -P ${H}`,
  'reg:WebX\\AuthScript': `url = base + "?auth=Basic ${H}"`,
};
const PLANTED: PlantedSetting[] = MORE_V10.map((p) => ({ setting: settingOf(p), masked: MASKED[settingOf(p)] }));
const SETTINGS = PLANTED.map((p) => p.setting);
/** The changes of entry 7: the drift's, and the planted values' in the journal's order (by name, whatever the case). */
const byName = (a: string, b: string): number => (a.toLowerCase() < b.toLowerCase() ? -1 : 1);
const CHANGES = ['db.port', 'drivers.DNP3.version', 'historic.historicData.keepOnlineWeeks', 'partners.standbyA.compress', ...[...SETTINGS].sort(byName), 'webx.httpPort'];
/** The notes of entries 7 (record), 8 (note on 7.5) and 11 (check) as the migration journals them. */
const MASKED_NOTES: Record<number, string> = {
  7: `Standby rebuilt by the vendor; set requirepass ${H} on both`,
  8: `alarm feed tested with mosquitto_pub -h rtu7 -t alarms -P ${H}`,
  11: `run isql SCADA_DSN admin ${H} to test; proxy header Basic ${H}`,
};
/** The ticket of the day 2 check, on its entries 9, 10 and 11. */
const TICKET = `CHG-1011 redis-server --masterauth=${H}`;
const MASKED_TICKETS: Record<number, string> = { 9: TICKET, 10: TICKET, 11: TICKET };
/** What verify counts after either migration: sixteen entries, three snapshot and three audit references. */
const AFTER = { entries: 16, snapshots: 3, audits: 3 };

/** A copy of drift-db-port's Standby collected at `at`, with the values of `tag` planted as make-v10-more.ts plants them. */
function standbyWith(dir: string, at: string, tag: string): string {
  return plantIn(bundleCopy(dir, `standby-${tag}`, fixtureBundle('drift-db-port', 'standby-a'), at), tag, MORE_V10);
}

test('migrate from version 10: no Redis password after ; or echo or in an ACL, short Basic of an empty user, MQTT -P number or isql password in a sentence left in the active store; entries name the snapshots stored anew, verify and changes as before', async (t) => {
  const copy = copyOfStore(t, 'pairaudit-v10-more-', fixture);
  const { store, env } = copy;
  // The fixture holds every one in its snapshots, changes and audit results, and the typed ones in its notes, a ticket
  // and the audit results' attribution (the test would catch a migration that left one).
  const before = storeFiles(store);
  const inEntry: Record<string, string> = { NoteRedisLeak7: '07', '-P 70417': '08', IsqlNoteLeak9: '11', 'Basic OnB3': '11', TicketLeak11: '11' };
  assertPlanted(before, VALUES, Object.fromEntries(TYPED_LEAKS_V10.map((s) => [s, inEntry[s]])), ['NoteRedisLeak7', '-P 70417']);

  const r = await runCli(['migrate', '--author', 'A. Lead'], { cwd: copy.dir, env, now: '2026-12-05T10:00:00Z' });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`migrated from format version 10 to ${STORE_VERSION} \\(entry 16; the old head was entry 15 ${V10_HEAD}\\)`));
  assert.match(r.stdout, /version 11: secrets kept in clear by versions before today's default patterns \(Redis' requirepass and masterauth after ;/);
  for (const seq of [1, 2]) assert.ok(r.stdout.includes(`entry ${seq}: ${SETTINGS.length} secret value(s) kept in clear in its snapshot replaced by keyed hashes\n`), `entry ${seq}`);
  assert.ok(r.stdout.includes(`entry 7: ${SETTINGS.length} secret value(s) kept in clear in its snapshot replaced by keyed hashes, and in its changes (${[...SETTINGS].sort().join(', ')})\n`), 'entry 7');
  for (const [seq, what] of [[7, 'note'], [8, 'note'], [9, 'ticket'], [10, 'ticket'], [11, 'ticket, note']] as const) assert.ok(r.stdout.includes(`entry ${seq}: secrets typed in clear in its ${what} replaced by (hidden)\n`), `entry ${seq}: ${what}`);
  for (const seq of [5, 11, 14]) assert.ok(r.stdout.includes(`entry ${seq}: secrets quoted in clear in its recorded audit result replaced by (hidden)\n`), `entry ${seq}: audit`);
  assertNoSecret(SECRETS, { migrate: r.stdout + r.stderr });

  // Not one secret in any file of the active store; the old journal keeps them, aside, as a whole store of version 10.
  const retired = `v10-${V10_HEAD.slice(0, 12)}`;
  const files = assertSecretsOnlyRetired(store, retired, SECRETS, '0000000007.json', [...VALUES, 'NoteRedisLeak7']);
  // The recorded audit results quote the planted values and the notes as today's patterns show them.
  const audits = Object.entries(files).filter(([f]) => f.startsWith('audits')).map(([, text]) => text);
  assert.equal(audits.length, 3);
  for (const masked of [`requirepass ${H} appendonly yes`, `--requirepass=${H} --port`, `-m 1 -P ${H}`, `on >${H} ~*`, `admin ${H} to test`]) assert.ok(audits.every((text) => text.includes(masked)), masked);
  for (const seq of [7, 8]) assert.equal(audits.filter((text) => text.includes(JSON.stringify(MASKED_NOTES[seq]))).length, 2, `the note of entry ${seq} in the attribution of entries 11 and 14`);
  assertRetiredIntact(store, retired, V10_HEAD, { entries: 15, snapshots: 3, audits: 3 });
  await assertVerifies(copy, AFTER);

  // Every entry keeps its number, type and text (its note and ticket masked); those that name a rewritten snapshot
  // name the new one.
  const old = oldJournalOf(fixture, 10);
  const now = journalOf(store);
  assert.equal(now.length, 17);
  const migrated = now[16] as StoreMigratedEntry;
  assert.deepEqual([migrated.type, migrated.from.version, migrated.steps.map((s) => [s.version, s.changed.length])], ['store-migrated', 10, [[11, 11], [12, 0]]]);
  assertStoredAnew(store, old, now, [1, 2, 7], PLANTED);
  assertEntriesKept(old, now, 15, gapStepsFingerprints(old, now), { version: 10, types: ['note-added', 'changeover-recorded'] }, MASKED_NOTES, MASKED_TICKETS);

  // changes: the same ids; each change of a planted value a change of a secret, the drift's as they were, the note
  // on 7.5 (CacheAcl's) where it was, masked; the changeover cites the same checks.
  const argv = await assertChangesOneForOne(copy, old, CHANGES, (setting) => SETTINGS.includes(setting), 4, MASKED_NOTES[8]);
  assertNoSecret(SECRETS, await everyFormat(t, argv, { cwd: copy.dir, env }, CHANGES_FORMATS));

  // The snapshots stored anew hash under the store's key: the same secrets collected again are no change, renewed
  // ones are (each by its hidden part). The Standby's computer is Main since the changeover.
  await assertRecordedAgain(copy, 'main', (at, tag) => standbyWith(copy.dir, at, tag), PLANTED.map(hashedSetting).sort(byName), SECRETS);
});

test('migrate a version 10 store with nothing to re-protect: no snapshot or audit result stored anew, every entry only re-chained', async (t) => {
  const copy = copyOfStore(t, 'pairaudit-v10-plain-', plainFixture);
  await assertOnlyRechained(copy, plainFixture, { version: 10, head: PLAIN_HEAD, entries: 15, stored: 6, steps: [11, 12] }, '2026-12-05T10:00:00Z', AFTER, { entries: 15, snapshots: 3, audits: 3 });
});
