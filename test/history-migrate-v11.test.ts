// Format version 12: `pairaudit migrate` masks the registry key and value names that hold a secret (a connection
// string used as a name) which a store of version 11 kept whole (fixtures/stores/v11-names, by commit b56c8fe) in its
// snapshots (names, provenance), changes and recorded audit results; every entry that names a snapshot stored anew
// names the new one; a version 11 store without them (fixtures/stores/v11-plain) is only re-chained.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { NAME_LEAKS, namedSettings, plantNames } from '../fixtures/stores/v11-names-values.js';
import { STORE_VERSION, type StoreMigratedEntry } from '../src/history/index.js';
import { bundleCopy, fixtureBundle, repoRoot, runCli } from './history-fixtures.js';
import { assertOnlyRechained, assertRetiredIntact, assertSecretsOnlyRetired, assertVerifies, copyOfStore, journalOf, oldJournalOf, withoutRetired } from './history-migrate-checks.js';
import { CHANGES_FORMATS, assertNoSecret, everyFormat, storeFiles } from './secrets-leak-check.js';

const fixture = join(repoRoot, 'fixtures', 'stores', 'v11-names', 'store');
const plainFixture = join(repoRoot, 'fixtures', 'stores', 'v11-plain', 'store');
const headOf = (store: string): string => (JSON.parse(readFileSync(join(store, 'head.json'), 'utf8')) as { hash: string }).hash;
/** What verify counts after either migration: sixteen entries, three snapshot and three audit references. */
const AFTER = { entries: 16, snapshots: 3, audits: 3 };
const HIDDEN_NAME = /\(hidden name [0-9a-f]{16}\)/g;

test('migrate from version 11: no key or value name holding a password left in the active store; changes one for one under the hidden names, verify as before, a new record joins', async (t) => {
  const copy = copyOfStore(t, 'pairaudit-v11-names-', fixture);
  const { store, env } = copy;
  const head = headOf(fixture);
  // The fixture holds each name in its snapshots, entry 7's changes (both sides) and audit results.
  const before = storeFiles(store);
  for (const leak of NAME_LEAKS) {
    for (const root of ['snapshots', 'audits']) assert.ok(Object.entries(before).some(([f, text]) => f.startsWith(root) && text.includes(leak)), `${root}: ${leak}`);
    for (const tag of ['B1', 'B2']) assert.ok(before['journal/0000000007.json'].includes(`${leak}${tag}`), `entry 7: ${leak}${tag}`);
  }

  const r = await runCli(['migrate', '--author', 'A. Lead'], { cwd: copy.dir, env, now: '2026-12-05T10:00:00Z' });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`migrated from format version 11 to ${STORE_VERSION} \\(entry 16; the old head was entry 15 ${head}\\)`));
  assert.match(r.stdout, /version 12: registry key and value names holding a secret/);
  const renamedLine = 'setting name(s) holding a secret in its snapshot replaced by (hidden name <keyed hash>)';
  for (const seq of [1, 2]) assert.ok(r.stdout.includes(`entry ${seq}: 4 ${renamedLine}\n`), `entry ${seq}`);
  // Entry 7's changes: B1's four settings removed and B2's added, each under its placeholder.
  const seven = r.stdout.split('\n').find((line) => line.includes(`entry 7: 4 ${renamedLine}, and in its changes (`));
  assert.equal(seven?.match(/reg:[^,)]*\(hidden name [0-9a-f]{16}\)/g)?.length, 8, seven);
  for (const seq of [5, 11, 14]) assert.ok(r.stdout.includes(`entry ${seq}: secrets quoted in clear in its recorded audit result replaced by (hidden)\n`), `entry ${seq}: audit`);
  assertNoSecret(NAME_LEAKS, { migrate: r.stdout + r.stderr });

  // Not one name in any file of the active store; the old journal keeps them, aside, as a whole store of version 11.
  const retired = `v11-${head.slice(0, 12)}`;
  const files = assertSecretsOnlyRetired(store, retired, NAME_LEAKS, '0000000007.json', NAME_LEAKS);
  const audits = Object.entries(files).filter(([f]) => f.startsWith('audits')).map(([, text]) => text);
  assert.equal(audits.length, 3);
  for (const text of audits) assert.match(text, HIDDEN_NAME, 'an audit result names the keys by their placeholders');
  assertRetiredIntact(store, retired, head, { entries: 15, snapshots: 3, audits: 3 });
  await assertVerifies(copy, AFTER);

  // Entry 7 keeps its 13 changes one for one: the drift's as they were, each of a name that held a password under its
  // placeholder (B1's removed, B2's added: two secrets, two names).
  const old = oldJournalOf(fixture, 11);
  const now = journalOf(store);
  assert.equal(now.length, 17);
  const migrated = now[16] as StoreMigratedEntry;
  assert.deepEqual([migrated.type, migrated.from.version, migrated.steps.map((s) => [s.version, s.changed.length])], ['store-migrated', 11, [[12, 6]]]);
  const [was, is] = [old[7], now[7]];
  assert.ok(was.type === 'snapshot-recorded' && is.type === 'snapshot-recorded');
  assert.equal(is.changes.length, was.changes.length);
  const secretNames = new Set([...namedSettings('B1'), ...namedSettings('B2')]);
  const placeholders = new Set<string>();
  is.changes.forEach((c, i) => {
    const o = was.changes[i];
    assert.deepEqual([c.kind, c.from, c.to], [o.kind, o.from, o.to], `7.${i + 1}`);
    if (!secretNames.has(o.setting)) return assert.equal(c.setting, o.setting);
    assert.equal(c.setting.replace(HIDDEN_NAME, 'X'), o.setting.replace(/(Link |Server=web)[^\\]*;/, 'X'), `7.${i + 1}`);
    for (const p of c.setting.match(HIDDEN_NAME) ?? []) placeholders.add(p);
  });
  assert.equal(placeholders.size, 4, 'B1 and B2 give a key and a value name each');

  const changes = await everyFormat(t, ['changes', '--pair', 'sample'], { cwd: copy.dir, env }, CHANGES_FORMATS);
  assertNoSecret(NAME_LEAKS, changes);
  assert.match(changes.text, HIDDEN_NAME);

  // The names stored anew are hashed under the store's key: the Standby (Main since the changeover) collected again
  // with the same names is unchanged; with another password in them, the names differ, and neither is shown. Both
  // recorded after the migration's entry (an entry dated before the journal's latest is refused).
  const standby = (at: string, tag: string): string => plantNames(bundleCopy(copy.dir, `standby-${tag}`, fixtureBundle('drift-db-port', 'standby-a'), at), tag);
  const record = (dir: string, at: string) => runCli(['record', dir, '--pair', 'sample', '--role', 'main'], { cwd: copy.dir, env, now: at });
  const same = await record(standby('2026-12-05T11:00:00Z', 'B2'), '2026-12-05T11:05:00Z');
  assert.equal(same.code, 0, same.stderr);
  assert.match(same.stdout, /NORTH-B: unchanged/);
  const renewed = await record(standby('2026-12-05T12:00:00Z', 'B3'), '2026-12-05T12:05:00Z');
  assert.equal(renewed.code, 0, renewed.stderr);
  assert.equal(renewed.stdout.match(/\(hidden name [0-9a-f]{16}\)[^:]*: (set|\(absent\)) → /g)?.length, 8, renewed.stdout);
  assertNoSecret(NAME_LEAKS, { record: same.stdout + same.stderr + renewed.stdout + renewed.stderr, ...withoutRetired(storeFiles(store)) });
  assert.equal((await runCli(['verify', '--deep'], { cwd: copy.dir, env })).code, 0);
});

test('migrate a version 11 store with no name to mask: no snapshot or audit result stored anew, every entry only re-chained', async (t) => {
  const copy = copyOfStore(t, 'pairaudit-v11-plain-', plainFixture);
  await assertOnlyRechained(copy, plainFixture, { version: 11, head: headOf(plainFixture), entries: 15, stored: 6, steps: [12] }, '2026-12-05T10:00:00Z', AFTER, { entries: 15, snapshots: 3, audits: 3 });
});
