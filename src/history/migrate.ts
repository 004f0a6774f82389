// `pairaudit migrate`: brings a store of an older format version up to the current one (src/history/formats.ts).
//
// The steps rewrite the entries one for one; the runner re-chains them (same numbers, new hashes), appends a
// `store-migrated` entry that names the old journal's head hash, and switches journals in two phases:
// 1. the new journal and head are written beside the old ones (journal.new/, head.new.json);
// 2. store.json is replaced by one that says the new version and what is left to move (the commit point);
// 3. the old journal, head, store.json and the stored files only the old journal used move to retired/<id>/
//    (the files both use are hard-linked there, else copied, so that it is a whole store `verify` can check),
//    the new ones into place, and store.json loses its `migration` field.
// A run killed before 2 leaves the store as it was (the next run removes journal.new/); one killed after 2 is
// finished by the next `pairaudit migrate` (other commands stop and say so), because every move in 3 is
// done only when its source still exists.
import { createPublicKey } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { StoreError, UsageError } from '../errors.js';
import { writeFileAtomic } from './files.js';
import { keepPublicKey } from './store-keys.js';
import { pendingVersions, STORE_FORMAT, STORE_VERSION } from './formats.js';
import { canonical, fingerprintHex, GENESIS_HASH } from './hash.js';
import { entryFileName, entryFileText, entryHash, headFileText, readJournalConsistent } from './journal.js';
import type { MigrationContext, RawEntry } from './migrations/context.js';
import { metaFields } from './record.js';
import { newSecretKeyFileText, readStoreSecretKey } from './secret-key.js';
import { signHash } from './signing.js';
import { StoreWriter, type HistoryStore, type PendingMigration } from './store.js';
import type { EntryMeta, JournalEntry, JournalHead, StoreMigratedEntry } from './types.js';
import { verifyStore } from './verify.js';

export type MigrateOutcome =
  | { kind: 'up-to-date'; version: number }
  | { kind: 'finished'; version: number; retired: string }
  | { kind: 'migrated'; entry: StoreMigratedEntry; retired: string };

/** Stored files (relative to the store) that an entry names. */
function filesOf(e: Record<string, unknown>): string[] {
  if (e.type === 'snapshot-recorded' && typeof e.fingerprint === 'string') {
    const hex = fingerprintHex(e.fingerprint);
    return [join('snapshots', hex.slice(0, 2), `${hex}.json.gz`)];
  }
  if (e.type === 'audit-recorded' && typeof e.resultSha256 === 'string') return [join('audits', e.resultSha256.slice(0, 2), `${e.resultSha256}.json.gz`)];
  return [];
}

/** Migrates the store to the current format version, or finishes a migration that was interrupted. */
export async function migrateStore(store: HistoryStore, meta: EntryMeta): Promise<MigrateOutcome> {
  return store.locked('migrate', false, () => {
    const p = store.paths;
    const current = store.readMeta();
    if (current.migration !== undefined) {
      finishMigration(store, current.version, current.migration);
      return { kind: 'finished', version: current.version, retired: current.migration.retired };
    }
    if (current.version === STORE_VERSION) {
      store.readJournal(); // refuses a damaged store, as every command does
      return { kind: 'up-to-date', version: current.version };
    }

    // A signed store is checked against the signing key given (an unsigned or forged append would otherwise be
    // signed by the new chain), and is not migrated without one (its signatures would be dropped in silence).
    const key = store.opts.signKey;
    const { scan } = readJournalConsistent(p.journal, p.head, current.version);
    const signedWith = [...new Set(scan.entries.flatMap((e) => (e.sig !== undefined ? [e.sig.key] : [])))];
    if (signedWith.length > 0 && key === undefined) {
      throw new UsageError(`${store.dir}: the store's entries are signed (${signedWith.join(', ')}); migrate with --sign-key (or PAIRAUDIT_SIGN_KEY) set to that private key, so that the new chain is signed too; nothing was migrated`);
    }
    const report = verifyStore(store, key === undefined || signedWith.length === 0 ? {} : { key: { id: key.id, publicKey: createPublicKey(key.privateKey) } });
    if (!report.ok) {
      const first = report.problems[0];
      throw new StoreError(`${store.dir}: the store fails verification at entry ${first.seq} (${first.file}: ${first.detail}); nothing was migrated: run \`pairaudit verify${signedWith.length > 0 ? ' --key' : ''}\``);
    }
    const old = scan.entries;
    const last = old[old.length - 1];
    const oldHead: JournalHead = last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };

    const entries = old.map((e) => JSON.parse(canonical(e)) as RawEntry);
    // A store written before stores had a key of their own gets one now (left in place if killed before the commit point).
    if (!existsSync(p.secretKey)) writeFileAtomic(p.tmp, p.secretKey, newSecretKeyFileText(), 0o600);
    const secretKey = readStoreSecretKey(p.secretKey, store.dir);
    const blobs = new StoreWriter(store, []);
    const steps: StoreMigratedEntry['steps'] = [];
    for (const version of pendingVersions(current.version)) {
      const changed: string[] = [];
      const ctx: MigrationContext = {
        entries,
        secretKey,
        readSnapshot: (fp) => store.readSnapshot(fp),
        putSnapshot: (s) => blobs.putSnapshot(s),
        readAudit: (sha) => store.readAudit(sha),
        putAudit: (r) => blobs.putAudit(r),
        report: (line) => changed.push(line),
      };
      version.migrate!(ctx);
      if (entries.length !== old.length || entries.some((e, i) => e.seq !== i + 1)) throw new Error(`migration to version ${version.version} added, dropped or renumbered entries`);
      steps.push({ version: version.version, title: version.title, changed });
    }

    // Same numbers, new chain.
    const next: JournalEntry[] = [];
    let prevHash = GENESIS_HASH;
    const chain = (body: Record<string, unknown>): JournalEntry => {
      // Signatures of the old chain sign old hashes: the migrator's key (if any) signs the new chain.
      const { hash: _old, sig: _sig, ...rest } = body;
      const clean = JSON.parse(canonical({ ...rest, v: STORE_VERSION, prevHash })) as Omit<JournalEntry, 'hash'>;
      const hash = entryHash(clean);
      const key = store.opts.signKey;
      const full = { ...clean, hash, ...(key !== undefined ? { sig: signHash(key, hash) } : {}) } as JournalEntry;
      prevHash = full.hash;
      next.push(full);
      return full;
    };
    for (const e of entries) chain(e);
    // A folder of that name may be there already (a journal restored from a backup and migrated again): the next
    // free name, chosen before the commit point, so that moving the old journal aside cannot meet it.
    const base = join('retired', `v${current.version}-${oldHead.hash.slice(0, 12)}`);
    let retired = base;
    for (let n = 2; existsSync(join(store.dir, retired)); n++) retired = `${base}-${n}`;
    const entry = chain({
      type: 'store-migrated',
      ...metaFields(meta),
      seq: old.length + 1,
      from: { version: current.version, head: oldHead, retired: retired.split('\\').join('/') },
      to: STORE_VERSION,
      steps,
    }) as StoreMigratedEntry;

    const keep = new Set(next.flatMap((e) => filesOf(e as unknown as Record<string, unknown>)));
    const oldFiles = [...new Set(old.flatMap((e) => filesOf(e as unknown as Record<string, unknown>)))].sort();

    // The migrator's public key beside the chain it signs, so that plain `verify` checks it (store-keys.ts).
    if (store.opts.signKey !== undefined) keepPublicKey(p.tmp, p.keys, store.opts.signKey);
    // Phase 1: the new journal and head beside the old ones.
    rmSync(p.newJournal, { recursive: true, force: true });
    mkdirSync(p.newJournal, { recursive: true });
    for (const e of next) writeFileAtomic(p.tmp, join(p.newJournal, entryFileName(e.seq)), entryFileText(e));
    writeFileAtomic(p.tmp, p.newHead, headFileText({ seq: entry.seq, hash: entry.hash }));
    // Phase 2: the commit point.
    const pending: PendingMigration = { retired, moved: oldFiles.filter((f) => !keep.has(f)), linked: oldFiles.filter((f) => keep.has(f)), previous: { format: STORE_FORMAT, version: current.version } };
    writeFileAtomic(p.tmp, p.meta, `${canonical({ format: STORE_FORMAT, version: STORE_VERSION, migration: pending })}\n`);
    // Phase 3.
    finishMigration(store, STORE_VERSION, pending);
    return { kind: 'migrated', entry, retired };
  });
}

/** Moves the old journal aside and the new one into place; safe to run again after being killed at any point. */
function finishMigration(store: HistoryStore, version: number, m: PendingMigration): void {
  const p = store.paths;
  const aside = join(store.dir, m.retired);
  mkdirSync(aside, { recursive: true });
  if (existsSync(p.newJournal)) {
    if (existsSync(p.journal)) renameSync(p.journal, join(aside, 'journal'));
    renameSync(p.newJournal, p.journal);
  }
  if (existsSync(p.newHead)) {
    if (existsSync(p.head)) renameSync(p.head, join(aside, 'head.json'));
    renameSync(p.newHead, p.head);
  }
  for (const f of m.moved) {
    const from = join(store.dir, f);
    if (!existsSync(from)) continue;
    mkdirSync(dirname(join(aside, f)), { recursive: true });
    renameSync(from, join(aside, f));
  }
  for (const f of m.linked) {
    const to = join(aside, f);
    if (existsSync(to)) continue;
    mkdirSync(dirname(to), { recursive: true });
    try {
      linkSync(join(store.dir, f), to);
    } catch {
      writeFileAtomic(p.tmp, to, readFileSync(join(store.dir, f)));
    }
  }
  writeFileAtomic(p.tmp, join(aside, 'store.json'), `${canonical(m.previous)}\n`);
  writeFileAtomic(p.tmp, join(aside, '.gitattributes'), '# Journal and snapshot bytes are hashed: never convert line endings.\n* -text\n');
  writeFileAtomic(p.tmp, p.meta, `${canonical({ format: STORE_FORMAT, version })}\n`);
}
