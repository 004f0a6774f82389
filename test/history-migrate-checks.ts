// Shared by the tests of the migrations that re-protect secrets (store versions 6 → 7, 7 → 8, 8 → 9, 9 → 10): the journal by
// entry number, the old journal set aside and verified, the snapshots stored anew, the entries kept, and the record
// that follows a migration. Each test keeps what its own fixture plants; the way of checking it is here, once.
import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { openStore, STORE_VERSION, verifyStore, type JournalEntry, type StoreMigratedEntry } from '../src/history/index.js';
import { scanJournal } from '../src/history/journal.js';
import { blobPath } from '../src/history/store.js';
import { runCli, tempDir, thisProcess } from './history-fixtures.js';
import { assertNoSecret, storeFiles } from './secrets-leak-check.js';

/** Where a test migrates: a copy of a fixture's store in a temporary folder (no test writes to a fixture). */
export interface MigrationCopy {
  dir: string;
  store: string;
  env: Record<string, string>;
}

/** A copy of the store `fixture` in a temporary folder named after `prefix`, removed when the test ends. */
export function copyOfStore(t: TestContext, prefix: string, fixture: string): MigrationCopy {
  const tmp = tempDir(prefix);
  t.after(tmp.cleanup);
  const store = join(tmp.dir, 'store');
  cpSync(fixture, store, { recursive: true });
  return { dir: tmp.dir, store, env: { PAIRAUDIT_STORE: store } };
}

/** The entries of a store's journal in order, as today's code reads them. */
export const journalEntries = (store: string): JournalEntry[] => openStore(store, { process: thisProcess }).readJournal();

/** The entries of a store's journal by number (entries[seq]). */
export const journalOf = (store: string): JournalEntry[] => [undefined as unknown as JournalEntry, ...journalEntries(store)];

/** The entries of a store of format `version` as they lie, not migrated, by number (entries[seq]). */
export const oldJournalOf = (store: string, version: number): JournalEntry[] => [undefined as unknown as JournalEntry, ...scanJournal(join(store, 'journal'), version).entries];

/** The fields of an entry that name a stored snapshot (or the snapshot a check found the same). */
export function fingerprints(e: JournalEntry): unknown {
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

/** What a journal (by number) says entry `seq` stored: it must be a snapshot-recorded entry. */
export function storedBy(now: JournalEntry[]): (seq: number) => { fingerprint: string; blob: unknown } {
  return (seq) => {
    const e = now[seq];
    assert.equal(e.type, 'snapshot-recorded');
    return { fingerprint: e.fingerprint, blob: e.blob };
  };
}

/** What a verification counts: entries, and the snapshot and audit references checked. */
export interface VerifyCounts {
  entries: number;
  snapshots: number;
  audits: number;
}

/** The files (storeFiles') of the active store: those of the journals set aside (retired/…) left out. */
export const withoutRetired = (files: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(files).filter(([f]) => !f.startsWith('retired')));

/**
 * The fixture store holds what its migration must re-protect, before it runs (a store that held nothing would pass
 * whatever the migration did): each of `values` on both sides of entry 7's change and in the snapshots and the audit
 * results, each typed text of `typed` in the entry it names (text → entry, `07`), and `attributed` in the audit
 * results' attribution. Case is ignored, as the patterns ignore it.
 */
export function assertPlanted(before: Record<string, string>, values: readonly string[], typed: Record<string, string>, attributed: readonly string[]): void {
  const has = (file: string, s: string): boolean => file.toLowerCase().includes(s.toLowerCase());
  const inRoot = (root: string, s: string): boolean => Object.entries(before).some(([f, text]) => f.startsWith(root) && has(text, s));
  for (const s of values) {
    assert.ok(before['journal/0000000007.json'].toLowerCase().split(s.toLowerCase()).length >= 3, `entry 7's change: ${s} on both sides`);
    for (const root of ['snapshots', 'audits']) assert.ok(inRoot(root, s), `${root}: ${s}`);
  }
  for (const [s, entry] of Object.entries(typed)) assert.ok(has(before[`journal/00000000${entry}.json`], s), `entry ${entry}: ${s}`);
  for (const s of attributed) assert.ok(inRoot('audits', s), `attribution: ${s}`);
}

/**
 * Asserts that a migration set the old journal aside as `retired/<name>`, alone, that no secret is in any live file
 * and that the retired entry `journalFile` still holds each of `kept` (the proof that the migration, not the fixture,
 * took them out). Gives every file of the store, for what a caller checks beside.
 */
export function assertSecretsOnlyRetired(store: string, name: string, secrets: readonly string[], journalFile: string, kept: readonly string[]): Record<string, string> {
  const retired = readdirSync(join(store, 'retired'));
  assert.deepEqual(retired, [name]);
  const files = storeFiles(store);
  assertNoSecret(secrets, withoutRetired(files));
  for (const s of kept) assert.ok(files[join('retired', name, 'journal', journalFile)].includes(s), `retired: ${s}`);
  return files;
}

/** Asserts that the old journal set aside as `retired/<name>` verifies deep as a whole store, its head `head`. */
export function assertRetiredIntact(store: string, name: string, head: string, counts: VerifyCounts): void {
  const aside = verifyStore(openStore(join(store, 'retired', name), { process: thisProcess }), { deep: true, process: thisProcess });
  assert.deepEqual([aside.ok, aside.entries, aside.head.hash, aside.snapshotsChecked, aside.auditsChecked], [true, counts.entries, head, counts.snapshots, counts.audits]);
}

/** Asserts that `verify` and `verify --deep` find the active store intact with these counts. */
export async function assertVerifies(copy: MigrationCopy, counts: VerifyCounts): Promise<void> {
  const intact = new RegExp(`^intact: ${counts.entries} entries, ${counts.snapshots} snapshot and ${counts.audits} audit references checked`);
  for (const argv of [['verify'], ['verify', '--deep']]) {
    const v = await runCli(argv, { cwd: copy.dir, env: copy.env });
    assert.equal(v.code, 0, `${argv.join(' ')}: ${v.stdout}${v.stderr}`);
    assert.match(v.stdout, intact);
  }
}

/** A store written with nothing to re-protect: its format version, head, entries, stored snapshots and audits, and the steps `migrate` runs on it. */
export interface PlainStore {
  version: number;
  head: string;
  entries: number;
  stored: number;
  steps: readonly number[];
}

/**
 * Migrates `copy` (of a store holding nothing to re-protect, `fixture`) at `now` and asserts that nothing is stored
 * anew, that every entry is only re-chained, that the store verifies with `after`'s counts and that the old chain set
 * aside verifies with `retired`'s; returns the journal after, by entry number.
 */
export async function assertOnlyRechained(copy: MigrationCopy, fixture: string, p: PlainStore, now: string, after: VerifyCounts, retired: VerifyCounts): Promise<JournalEntry[]> {
  const stored = (dir: string): Record<string, string> => Object.fromEntries(Object.entries(storeFiles(dir)).filter(([f]) => /^(snapshots|audits)\//.test(f)));
  const kept = stored(copy.store);
  assert.equal(Object.keys(kept).length, p.stored);
  const r = await runCli(['migrate', '--author', 'A. Lead'], { cwd: copy.dir, env: copy.env, now });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`migrated from format version ${p.version} to ${STORE_VERSION} \\(entry ${p.entries + 1}; the old head was entry ${p.entries} ${p.head}\\)`));
  assert.doesNotMatch(r.stdout, /entry \d+: /);
  const old = oldJournalOf(fixture, p.version);
  const journal = journalOf(copy.store);
  assert.equal(journal.length, p.entries + 2);
  const migrated = journal[p.entries + 1] as StoreMigratedEntry;
  const from = { version: p.version, head: { seq: p.entries, hash: p.head }, retired: `retired/v${p.version}-${p.head.slice(0, 12)}` };
  assert.deepEqual([migrated.type, migrated.from, migrated.steps.map((s) => [s.version, s.changed])], ['store-migrated', from, p.steps.map((v) => [v, []])]);
  for (let seq = 1; seq <= p.entries; seq++) assert.deepEqual({ ...journal[seq], v: p.version, hash: '', prevHash: '' }, { ...old[seq], hash: '', prevHash: '' }, `entry ${seq}: only re-chained`);
  assert.deepEqual(stored(copy.store), kept, 'no snapshot or audit result stored anew');
  await assertVerifies(copy, after);
  assertRetiredIntact(copy.store, `v${p.version}-${p.head.slice(0, 12)}`, p.head, retired);
  return journal;
}

/** A setting planted with a secret, and the readable part of it stored (none for a secret by name: all of it hashed). */
export interface PlantedSetting {
  setting: string;
  masked?: string | string[];
}

/** The setting that holds a planted one's keyed hash: itself for a secret by name, else `<setting>#hidden`. */
export const hashedSetting = (p: PlantedSetting): string => (p.masked === undefined ? p.setting : `${p.setting}#hidden`);

/**
 * Asserts that each entry of `seqs` names a snapshot stored anew (not the fingerprint it had in `old`), in the
 * format the old one was (4, today's), and that it reads back with each planted value masked and hashed.
 */
export function assertStoredAnew(store: string, old: JournalEntry[], now: JournalEntry[], seqs: readonly number[], planted: readonly PlantedSetting[]): void {
  const stored = storedBy(now);
  for (const seq of seqs) {
    const o = old[seq];
    assert.ok(o.type === 'snapshot-recorded');
    assert.notEqual(stored(seq).fingerprint, o.fingerprint, `entry ${seq}: stored anew`);
    const text = gunzipSync(readFileSync(blobPath(join(store, 'snapshots'), stored(seq).fingerprint))).toString('utf8');
    assert.equal((JSON.parse(text) as { schemaVersion: number }).schemaVersion, 4, `entry ${seq}`);
    const settings = openStore(store, { process: thisProcess }).readSnapshot(stored(seq).fingerprint).settings;
    for (const p of planted) {
      if (p.masked !== undefined) assert.deepEqual(settings[p.setting].value, p.masked, `entry ${seq}: ${p.setting}`);
      const hashed = hashedSetting(p);
      assert.deepEqual(Object.keys(settings[hashed].value as object).sort(), ['hmac', 'keyId', 'secret', 'set'], `entry ${seq}: ${hashed}`);
    }
  }
}

/**
 * Asserts that entries 1 to `count` keep their number, type, time, author, ticket and note at today's version (the
 * note of those in `notes` and the ticket of those in `tickets` as they give them: masked); that those in `expected`
 * name the snapshots it gives (fingerprints' fields); and that those of the `rechained` types are, but for their
 * version, chain and masked texts, as they were at `version`.
 */
export function assertEntriesKept(old: JournalEntry[], now: JournalEntry[], count: number, expected: Record<number, unknown>, rechained: { version: number; types: readonly JournalEntry['type'][] }, notes: Record<number, string> = {}, tickets: Record<number, string> = {}): void {
  for (let seq = 1; seq <= count; seq++) {
    const [o, n] = [old[seq], now[seq]];
    const note = notes[seq] ?? o.note;
    const ticket = tickets[seq] ?? o.ticket;
    assert.deepEqual([n.seq, n.type, n.at, n.author, n.ticket, n.note, n.v], [o.seq, o.type, o.at, o.author, ticket, note, STORE_VERSION], `entry ${seq}`);
    if (seq in expected) assert.deepEqual(fingerprints(n), expected[seq], `entry ${seq}`);
    const typed = { ...(note !== undefined ? { note } : {}), ...(ticket !== undefined ? { ticket } : {}) };
    if (rechained.types.includes(n.type)) assert.deepEqual({ ...n, v: rechained.version, hash: '', prevHash: '' }, { ...o, ...typed, hash: '', prevHash: '' }, `entry ${seq}: only re-chained`);
  }
}

/**
 * What the entries of a store written by the steps of fixtures/stores/gap-steps.ts name once the migration stored
 * the snapshots of entries 1, 2 and 7 anew (`now`), by entry (fingerprints' fields): the checks of the very exports
 * just recorded (3, 4, 9, 10), the baseline and the audits name the new snapshots; the changeover's check read
 * exports collected again, never stored, whose fingerprints (in `old`) stay.
 */
export function gapStepsFingerprints(old: JournalEntry[], now: JournalEntry[]): Record<number, unknown> {
  const stored = storedBy(now);
  const [s1, s2, s7] = [1, 2, 7].map((seq) => stored(seq).fingerprint);
  return {
    7: { ...stored(7), previous: s2 },
    3: { fingerprint: s1, previous: 1 },
    4: { fingerprint: s2, previous: 2 },
    5: [s1, s2],
    6: [s1, s2],
    9: { fingerprint: s1, previous: 1 },
    10: { fingerprint: s7, previous: 7 },
    11: [s1, s7],
    12: fingerprints(old[12]),
    13: fingerprints(old[13]),
    14: fingerprints(old[14]),
  };
}

/**
 * Asserts that `changes` shows the changes of entry 7 with their ids, one for one (`settings`, in order): each
 * setting `secret` gives a change of a secret, the others as they were journalled (`old`); the one at index `noted`
 * with the note of entry 8, `note`; and one changeover. Returns the argv of the command, for the formats to check.
 */
export async function assertChangesOneForOne(copy: MigrationCopy, old: JournalEntry[], settings: readonly string[], secret: (setting: string) => boolean, noted: number, note: string): Promise<string[]> {
  const argv = ['changes', '--pair', 'sample'];
  const changes = await runCli([...argv, '--format', 'json'], { cwd: copy.dir, env: copy.env });
  assert.equal(changes.code, 0, changes.stderr);
  const view = JSON.parse(changes.stdout) as {
    changes: { id: string; setting: string; from?: unknown; to?: unknown; notes: { seq: number; text: string }[] }[];
    changeovers: unknown[];
  };
  const oldChanges = old[7].type === 'snapshot-recorded' ? old[7].changes : [];
  assert.deepEqual(
    view.changes.map((c) => [c.id, c.setting, c.from, c.to, c.notes.map((n) => [n.seq, n.text])]),
    settings.map((setting, i) => {
      const was = oldChanges[i];
      const [from, to] = secret(setting) ? [{ secret: true, set: true }, { secret: true, set: true, same: false }] : [was.from, was.to];
      return [`7.${i + 1}`, setting, from, to, i === noted ? [[8, note]] : []];
    }),
  );
  assert.equal(view.changeovers.length, 1);
  return argv;
}

/**
 * Asserts that the snapshots stored anew hash under the store's key: the Standby (`standbyWith(at, tag)`, a bundle
 * collected at `at` with the planted values of `tag`) recorded as `role` with the secrets of B2 is unchanged, with
 * renewed ones (B3) it shows just the `changed` lines (`<setting>: set → set (different)`), and nothing of either is
 * in the output or the active store, which still verifies deep.
 */
export async function assertRecordedAgain(copy: MigrationCopy, role: string, standbyWith: (at: string, tag: string) => string, changed: readonly string[], secrets: readonly string[]): Promise<void> {
  const record = (dir: string, now: string) => runCli(['record', dir, '--pair', 'sample', '--role', role], { cwd: copy.dir, env: copy.env, now });
  // After every test's migration (the latest is dated 2026-12-04T10:00): record refuses an entry dated before it.
  const same = await record(standbyWith('2026-12-05T11:00:00Z', 'B2'), '2026-12-05T11:05:00Z');
  assert.equal(same.code, 0, same.stderr);
  assert.match(same.stdout, /NORTH-B: unchanged/);
  const renewed = await record(standbyWith('2026-12-05T12:00:00Z', 'B3'), '2026-12-05T12:05:00Z');
  assert.equal(renewed.code, 0, renewed.stderr);
  assert.deepEqual(renewed.stdout.match(/reg:\S+: .*/g), changed.map((s) => `${s}: set → set (different)`));
  assertNoSecret(secrets, { record: same.stdout + renewed.stdout, ...withoutRetired(storeFiles(copy.store)) });
  assert.equal((await runCli(['verify', '--deep'], { cwd: copy.dir, env: copy.env })).code, 0);
}
