// Format version 10: `pairaudit migrate` replaces the secrets a store of version 9 kept in clear (written before
// Redis' passwords, the bare Basic credential, the names that hold a password and the passphrases in capitals or in
// other languages: fixtures/stores/v9-more, by commit c77199c) in its snapshots, changes, recorded audit results and
// the notes and tickets of its entries, also where version 9 hid the word before a passphrase instead of it; every
// entry that names a snapshot stored anew names the new one; a version 9 store without them (fixtures/stores/v9-plain)
// is only re-chained.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { plantIn } from '../fixtures/stores/v7-commands-values.js';
import { MORE, NAMED, PASSPHRASES_MORE, PLANTED_MORE } from '../fixtures/stores/v9-more-values.js';
import { STORE_VERSION, type StoreMigratedEntry } from '../src/history/index.js';
import { maskTypedAgain } from '../src/history/migrations/typed-text.js';
import { defaultSecretDetector, HIDDEN } from '../src/snapshot/secrets.js';
import { bundleCopy, fixtureBundle, repoRoot, runCli } from './history-fixtures.js';
import { assertChangesOneForOne, assertEntriesKept, assertOnlyRechained, assertPlanted, assertRecordedAgain, assertRetiredIntact, assertSecretsOnlyRetired, assertStoredAnew, assertVerifies, copyOfStore, gapStepsFingerprints, hashedSetting, journalOf, oldJournalOf, type PlantedSetting } from './history-migrate-checks.js';
import { CHANGES_FORMATS, assertNoSecret, everyFormat, storeFiles } from './secrets-leak-check.js';

const H = HIDDEN;
const fixture = join(repoRoot, 'fixtures', 'stores', 'v9-more', 'store');
const plainFixture = join(repoRoot, 'fixtures', 'stores', 'v9-plain', 'store');
const V9_HEAD = '44e549fd2131fd00bd3f4353da6456de8b25927f56bcbf3d6f38b206e10fa92f';
const PLAIN_HEAD = '1a8293d4c1139168e9c0296cba4526bef3d6926cf530c8abb959addd42abd08b';
/** What make-v9-more.ts planted in registry values, as it stays whatever the server and day. */
const VALUES = PLANTED_MORE.map((p) => p.leak);
/** And in notes and a ticket: every one looked for in every file. */
const SECRETS = [...VALUES, ...PASSPHRASES_MORE];
const settingOf = (p: { key: string; name: string }): string => `reg:${p.key}\\${p.name}`;
/** Each value planted under a name that is no secret's as today's patterns store it: the readable part kept. */
const MASKED: Record<string, string | string[]> = {
  'reg:Historic\\CacheConfig': ['port 6379', `requirepass ${H}`, `masterauth ${H}`],
  'reg:Historic\\CacheStart': `redis-server C:\\Redis\\redis.conf --masterauth ${H} --port 6380`,
  'reg:Historic\\CacheCheck': `redis-cli -h rtu7 AUTH scada ${H}`,
  'reg:Historic\\CacheTune': `redis-cli -h rtu7 CONFIG SET requirepass ${H}`,
  'reg:Historic\\SentinelLine': `sentinel auth-pass mymaster ${H}`,
  'reg:WebX\\UpstreamProxy': `http://gw:8080 basic ${H}`,
  'reg:WebX\\UrlScript': `url = base + "?auth=Basic ${H}"`,
};
/** Every planted setting: a value of MORE keeps its readable part, one of NAMED is hashed whole. */
const PLANTED: PlantedSetting[] = [...MORE.map((p) => ({ setting: settingOf(p), masked: MASKED[settingOf(p)] })), ...NAMED.map((p) => ({ setting: settingOf(p) }))];
const SETTINGS = PLANTED.map((p) => p.setting);
/** The changes of entry 7: the drift's, and the planted values' in the journal's order (by name, whatever the case). */
const byName = (a: string, b: string): number => (a.toLowerCase() < b.toLowerCase() ? -1 : 1);
const CHANGES = ['db.port', 'drivers.DNP3.version', 'historic.historicData.keepOnlineWeeks', 'partners.standbyA.compress', ...[...SETTINGS].sort(byName), 'webx.httpPort'];
/**
 * The notes of entries 7 (record), 8 (note on 7.5) and 11 (check) as the migration journals them: version 9 hid
 * `lautete` and `ha` instead of the passphrases after them, which are hidden now beside them.
 */
const MASKED_NOTES: Record<number, string> = {
  7: `Standby rebuilt by the vendor; das Kennwort ${H} ${H} new password ${H}`,
  8: `sa account renewed, Kennwort geändert auf ${H} ran redis-cli AUTH scada ${H}`,
  11: `vendor given the mot de passe pour RTU-7 : ${H}; la contraseña ${H} sido cambiada a ${H}`,
};
/** The ticket of the day 2 check, on its entries 9, 10 and 11. */
const MASKED_TICKETS: Record<number, string> = { 9: `CHG-911 pwd ${H}`, 10: `CHG-911 pwd ${H}`, 11: `CHG-911 pwd ${H}` };
/** What verify counts after either migration: sixteen entries, three snapshot and three audit references. */
const AFTER = { entries: 16, snapshots: 3, audits: 3 };

/** A copy of drift-db-port's Standby collected at `at`, with the values of `tag` planted as make-v9-more.ts plants them. */
function standbyWith(dir: string, at: string, tag: string): string {
  return plantIn(bundleCopy(dir, `standby-${tag}`, fixtureBundle('drift-db-port', 'standby-a'), at), tag, PLANTED_MORE);
}

test('migrate from version 9: no Redis password, bare Basic credential, value of a name that holds a password and no passphrase of a note or ticket left in the active store; every entry names the snapshots stored anew, notes and the changeover kept, verify and changes as before', async (t) => {
  const copy = copyOfStore(t, 'pairaudit-v9-more-', fixture);
  const { store, env } = copy;
  // The fixture holds every one in its snapshots, changes and audit results, and the passphrases in its notes, a
  // ticket and the audit results' attribution (the test would catch a migration that left one).
  const before = storeFiles(store);
  const inEntry: Record<string, string> = { 'Nord-Licht': '07', 'SILVER-BIRCH': '07', 'Grau-Stein': '08', RedisNoteLeak: '08', 'Vert-Galant': '11', 'Cielo-Azul': '11', 'OPEN-SESAME': '11' };
  assertPlanted(before, VALUES, Object.fromEntries(PASSPHRASES_MORE.map((s) => [s, inEntry[s]])), ['Nord-Licht', 'Grau-Stein']);

  const r = await runCli(['migrate', '--author', 'A. Lead'], { cwd: copy.dir, env, now: '2026-12-04T10:00:00Z' });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`migrated from format version 9 to ${STORE_VERSION} \\(entry 16; the old head was entry 15 ${V9_HEAD}\\)`));
  assert.match(r.stdout, /version 10: secrets kept in clear by versions before today's default patterns \(Redis' requirepass/);
  for (const seq of [1, 2]) assert.ok(r.stdout.includes(`entry ${seq}: ${SETTINGS.length} secret value(s) kept in clear in its snapshot replaced by keyed hashes\n`), `entry ${seq}`);
  assert.ok(r.stdout.includes(`entry 7: ${SETTINGS.length} secret value(s) kept in clear in its snapshot replaced by keyed hashes, and in its changes (${[...SETTINGS].sort().join(', ')})\n`), 'entry 7');
  for (const [seq, what] of [[7, 'note'], [8, 'note'], [9, 'ticket'], [10, 'ticket'], [11, 'ticket, note']] as const) assert.ok(r.stdout.includes(`entry ${seq}: secrets typed in clear in its ${what} replaced by (hidden)\n`), `entry ${seq}: ${what}`);
  for (const seq of [5, 11, 14]) assert.ok(r.stdout.includes(`entry ${seq}: secrets quoted in clear in its recorded audit result replaced by (hidden)\n`), `entry ${seq}: audit`);
  assertNoSecret(SECRETS, { migrate: r.stdout + r.stderr });

  // Not one secret in any file of the active store; the old journal keeps them, aside, as a whole store of version 9.
  const retired = `v9-${V9_HEAD.slice(0, 12)}`;
  const files = assertSecretsOnlyRetired(store, retired, SECRETS, '0000000007.json', [...VALUES, 'Nord-Licht', 'SILVER-BIRCH']);
  // The recorded audit results quote the planted values and the notes as today's patterns show them.
  const audits = Object.entries(files).filter(([f]) => f.startsWith('audits')).map(([, text]) => text);
  assert.equal(audits.length, 3);
  for (const masked of [`AUTH scada ${H}`, `--masterauth ${H} --port`, `basic ${H}`]) assert.ok(audits.every((text) => text.includes(masked)), masked);
  for (const seq of [7, 8]) assert.equal(audits.filter((text) => text.includes(JSON.stringify(MASKED_NOTES[seq]))).length, 2, `the note of entry ${seq} in the attribution of entries 11 and 14`);
  assertRetiredIntact(store, retired, V9_HEAD, { entries: 15, snapshots: 3, audits: 3 });
  await assertVerifies(copy, AFTER);

  // Every entry keeps its number, type and text (its note and ticket masked); those that name a rewritten snapshot
  // name the new one.
  const old = oldJournalOf(fixture, 9);
  const now = journalOf(store);
  assert.equal(now.length, 17);
  const migrated = now[16] as StoreMigratedEntry;
  assert.deepEqual([migrated.type, migrated.from.version, migrated.steps.map((s) => [s.version, s.changed.length])], ['store-migrated', 9, [[10, 11], [11, 0], [12, 0]]]);
  assertStoredAnew(store, old, now, [1, 2, 7], PLANTED);
  assertEntriesKept(old, now, 15, gapStepsFingerprints(old, now), { version: 9, types: ['note-added', 'changeover-recorded'] }, MASKED_NOTES, MASKED_TICKETS);

  // changes: the same ids; each change of a planted value a change of a secret, the drift's as they were, the note
  // on 7.5 (AuthString's, a secret by name now) where it was, masked; the changeover cites the same checks.
  const argv = await assertChangesOneForOne(copy, old, CHANGES, (setting) => SETTINGS.includes(setting), 4, MASKED_NOTES[8]);
  assertNoSecret(SECRETS, await everyFormat(t, argv, { cwd: copy.dir, env }, CHANGES_FORMATS));

  // The snapshots stored anew hash under the store's key: the same secrets collected again are no change, renewed
  // ones are (a value of MORE by its hidden part, one of NAMED whole). The Standby's computer is Main since the changeover.
  const hashed = PLANTED.map(hashedSetting).sort(byName);
  await assertRecordedAgain(copy, 'main', (at, tag) => standbyWith(copy.dir, at, tag), hashed, SECRETS);
});

test('migrate a version 9 store with nothing to re-protect: no snapshot or audit result stored anew, every entry only re-chained', async (t) => {
  const copy = copyOfStore(t, 'pairaudit-v9-plain-', plainFixture);
  await assertOnlyRechained(copy, plainFixture, { version: 9, head: PLAIN_HEAD, entries: 15, stored: 6, steps: [10, 11, 12] }, '2026-12-04T10:00:00Z', AFTER, { entries: 15, snapshots: 3, audits: 3 });
});

/**
 * Typed text as an older version journalled it → as the migration journals it: where that version hid a word it did
 * not know as a connector instead of the passphrase after it, the passphrase is hidden too; a `(hidden)` that was
 * the value (then prose, a connector leading alone, a flag's argument) leaves what follows as it is.
 */
const TYPED_AGAIN: [string, string][] = [
  [`das Kennwort ${H} Nord-Licht`, `das Kennwort ${H} ${H}`],
  [`le mot de passe ${H} Bleu-Ciel`, `le mot de passe ${H} ${H}`],
  [`a senha ${H} Azul-Céu`, `a senha ${H} ${H}`],
  [`het wachtwoord ${H} Blauw-Lucht.`, `het wachtwoord ${H} ${H}`],
  [`Passwort ${H} Blau-Himmel gesetzt`, `Passwort ${H} ${H} gesetzt`],
  [`la contraseña ${H} sido cambiada a Cielo-Azul`, `la contraseña ${H} sido cambiada a ${H}`],
  // A note with a passphrase of today's patterns beside: both hidden.
  [`Kennwort ${H} Nord-Licht; new password BLUE-SKY`, `Kennwort ${H} ${H} new password ${H}`],
];
const TYPED_KEPT = [
  `the password ${H} was sent`,
  `sa account renewed, password ${H} sent by phone`,
  `vendor given the password ${H} for the archive share`,
  `PIN ${H} given to the vendor`,
  `password ${H} expires Friday`,
  `password ${H} RTU-7`,
  `Kennwort geändert auf ${H} ran the backup`,
  `psexec \\\\rtu7 -u admin -p ${H} cmd`,
  `mysql -u root --password ${H} scada`,
  `schtasks /create /RU admin /RP ${H} /SC daily`,
  `Password=${H}; Server=hist01`,
  `pwd ${H}`,
];

test('typed text masked again: the passphrase after a word an older version hid instead of it is hidden, what follows a hidden value is kept', () => {
  const detector = defaultSecretDetector();
  for (const [text, masked] of TYPED_AGAIN) {
    assert.equal(maskTypedAgain(text, detector), masked, text);
    assert.equal(maskTypedAgain(masked, detector), masked, `again: ${masked}`);
  }
  for (const text of TYPED_KEPT) assert.equal(maskTypedAgain(text, detector), text, text);
});
