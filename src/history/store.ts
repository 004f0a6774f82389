// The history store: a folder with content-addressed snapshots and a hash-chained, append-only journal.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { PairauditError, StoreError, type ExitCodeValue } from '../errors.js';
import type { AuditResult, Setting, Snapshot } from '../types.js';
import { acquireLock, clearTmp, createStoreFolder, foreignTmp, storeIoError, writeFileAtomic, type ProcessInfo } from './files.js';
import { canonical, fingerprintHex, GENESIS_HASH, isSha256Hex, sha256Hex } from './hash.js';
import { entryFileName, entryFileText, entryHash, headFileDamage, headFileText, headState, readHeadFile, readJournalConsistent, scanJournal } from './journal.js';
import { isCanonicalSnapshotText, snapshotCanonical, snapshotFromJson } from './snapshots.js';
import type { BlobRef, JournalEntry, JournalHead, NewEntry } from './types.js';
import { isKnownVersion, STORE_FORMAT, STORE_VERSION } from './formats.js';
import { referenceProblems } from './references.js';
import { unjournalledChangeover } from './changeovers.js';
import { signHash, type SigningKey } from './signing.js';
import { laterOf, latestDated, refuseBackdated, type LatestDated } from './clock.js';
import { keepPublicKey } from './store-keys.js';
import { pendingSecretKey, pendingSecretKeyFileText, readStoreSecretKey, SECRET_KEY_FILE } from './secret-key.js';
import { defaultSecretDetector, type SecretDetector } from '../snapshot/secrets.js';
import { protectSetting, type ProtectedSetting } from '../snapshot/protect.js';

export { STORE_FORMAT, STORE_VERSION };

/** store.json: the format and its version; `migration` only while `pairaudit migrate` switches journals. */
export interface StoreMeta {
  format: string;
  version: number;
  migration?: PendingMigration;
}

/** What a migration still has to move once its new journal is written (see migrate.ts). */
export interface PendingMigration {
  /** Folder (relative to the store) that receives the old journal, head and the files only it used. */
  retired: string;
  /** Stored files (relative paths) that only the old journal used: moved to `retired`. */
  moved: string[];
  /** Stored files both journals use: hard-linked (else copied) into `retired`, so that it is a whole store. */
  linked: string[];
  /** The old store.json, kept with the old journal. */
  previous: { format: string; version: number };
}

export interface OpenStoreOptions {
  /** This process, for the writer lock; required to write. */
  process?: ProcessInfo;
  /** How long a writer waits for another writer's lock; default 30 s. */
  lockTimeoutMs?: number;
  /** Signs every entry this store object appends (`--sign-key`, `PAIRAUDIT_SIGN_KEY`). */
  signKey?: SigningKey;
  /** Told, in one line, what a write recovered that an interrupted one left out (a changeover's entry). */
  notice?: (message: string) => void;
}

/** Paths inside a store folder (documented in STORE.md). */
export function storePaths(dir: string) {
  return {
    dir,
    meta: join(dir, 'store.json'),
    gitattributes: join(dir, '.gitattributes'),
    journal: join(dir, 'journal'),
    head: join(dir, 'head.json'),
    newJournal: join(dir, 'journal.new'),
    newHead: join(dir, 'head.new.json'),
    retired: join(dir, 'retired'),
    snapshots: join(dir, 'snapshots'),
    audits: join(dir, 'audits'),
    tmp: join(dir, 'tmp'),
    lock: join(dir, 'lock'),
    secretKey: join(dir, SECRET_KEY_FILE),
    keys: join(dir, 'keys'),
  };
}

export function blobPath(root: string, hex: string): string {
  return join(root, hex.slice(0, 2), `${hex}.json.gz`);
}

/** gzip with the OS byte fixed, so the same content gives the same bytes on Windows and Linux. */
export function compress(text: string): Buffer {
  const gz = gzipSync(Buffer.from(text, 'utf8'), { level: 6 });
  gz[9] = 0xff;
  return gz;
}

function inflate(file: string, bytes: Buffer): string {
  try {
    return gunzipSync(bytes).toString('utf8');
  } catch {
    throw new StoreError(`${file}: corrupt (not gzip data); run \`pairaudit verify\` and restore the file from a backup`);
  }
}

export class HistoryStore {
  readonly dir: string;
  readonly paths: ReturnType<typeof storePaths>;
  readonly opts: OpenStoreOptions;

  constructor(dir: string, opts: OpenStoreOptions = {}) {
    this.dir = dir;
    this.paths = storePaths(dir);
    this.opts = opts;
  }

  /** True when the folder holds a store (or nothing yet: a store is created by its first write). */
  exists(): boolean {
    return existsSync(this.paths.meta);
  }

  /** store.json, checked to be a pairaudit store of a known version; throws StoreError otherwise. */
  readMeta(): StoreMeta {
    if (!existsSync(this.dir)) throw new StoreError(`${this.dir}: no history store here; record a snapshot first (\`pairaudit record FILE\`) or pass --store DIR`);
    let meta: Partial<StoreMeta>;
    try {
      // A byte-order mark an editor added changes nothing (store.json is not hashed, and any whitespace is read).
      meta = JSON.parse(readFileSync(this.paths.meta, 'utf8').replace(/^\uFEFF/, '')) as Partial<StoreMeta>;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new StoreError(`${this.dir}: not a pairaudit history store (no store.json); check --store or PAIRAUDIT_STORE`);
      if (code === 'ENOTDIR') throw new StoreError(`${this.dir}: is a file, not a store folder; check --store or PAIRAUDIT_STORE`);
      if (code !== undefined) throw new StoreError(`${this.paths.meta}: cannot read (${code}); check the store folder's permissions`);
      throw new StoreError(`${this.paths.meta}: unreadable store description; restore it from a backup or the store's git history`);
    }
    if (typeof meta !== 'object' || meta === null || meta.format !== STORE_FORMAT) throw new StoreError(`${this.paths.meta}: not a pairaudit history store; check --store or PAIRAUDIT_STORE`);
    if (typeof meta.version === 'number' && meta.version > STORE_VERSION) throw new StoreError(`${this.paths.meta}: store format version ${meta.version} is newer than this pairaudit reads (${STORE_VERSION}); upgrade pairaudit`);
    if (!isKnownVersion(meta.version)) throw new StoreError(`${this.paths.meta}: unknown store format version ${JSON.stringify(meta.version)}; restore store.json from a backup`);
    return meta as StoreMeta;
  }

  /**
   * The store's own secret key (`secret.key`): secrets of the snapshots recorded here are hashed under it.
   * For a folder without a store yet, the key the write that creates the store will write (so that a
   * command can hash its input's secrets before it takes the lock). An older store asks for `pairaudit migrate`.
   */
  secretKey(): Uint8Array {
    if (!this.exists()) return pendingSecretKey(this.dir);
    this.checkFormat();
    return readStoreSecretKey(this.paths.secretKey, this.dir);
  }

  /**
   * Throws unless the folder is a store this version can use; returns its format version. Only `verify`
   * and `migrate` accept an older version (`anyVersion`): other commands ask for `pairaudit migrate`.
   */
  checkFormat(opts: { anyVersion?: boolean } = {}): number {
    const meta = this.readMeta();
    if (meta.migration !== undefined) throw new StoreError(`${this.dir}: an interrupted \`pairaudit migrate\` left the store between two journals; run \`pairaudit migrate\` again to finish it`);
    if (meta.version < STORE_VERSION && opts.anyVersion !== true) {
      throw new StoreError(`${this.dir}: store format version ${meta.version} (written by an older pairaudit); this pairaudit uses version ${STORE_VERSION}: run \`pairaudit migrate\` first (the old journal is kept)`);
    }
    return meta.version;
  }

  /**
   * Every entry, checked as a command relies on it: the chain, the head, the references between entries and
   * the presence and size of every stored file they name (`verify` also hashes the files). Throws StoreError
   * (exit 2) at the first entry that cannot be trusted.
   */
  readJournal(): JournalEntry[] {
    try {
      return this.readJournalRaw();
    } catch (e) {
      throw storeIoError(e, this.dir);
    }
  }

  private readJournalRaw(): JournalEntry[] {
    const version = this.checkFormat();
    const { scan, state } = readJournalConsistent(this.paths.journal, this.paths.head, version);
    this.refuseDamage(scan, state, version, '');
    return scan.entries;
  }

  /** Stops with exit 2 when the journal read (or the files it names) fails the checks `verify` makes. */
  refuseDamage(scan: ReturnType<typeof scanJournal>, state: 'ok' | 'lagging' | 'mismatch', version: number, nothingWritten: string): void {
    const fail = (seq: number, file: string, detail: string): never => {
      throw new StoreError(`${this.dir}: the store fails verification at entry ${seq} (${file}: ${detail})${nothingWritten}: run \`pairaudit verify\``);
    };
    if (scan.problem) fail(scan.problem.seq, scan.problem.file, scan.problem.detail);
    if (state === 'mismatch' && !existsSync(this.paths.head)) fail(scan.entries.length, 'head.json', `is missing, and the ${scan.entries.length} entries of the journal cannot tell whether newer ones went with it`);
    if (state === 'mismatch') fail(scan.entries.length, 'head.json', headFileDamage(this.paths.head, scan.entries)?.detail ?? "does not match the journal's last entry (entries deleted, or head.json edited)");
    const { problems } = referenceProblems(scan.entries, version, (root, hex, blob, what) => {
      const file = blobPath(root === 'snapshots' ? this.paths.snapshots : this.paths.audits, hex);
      let size: number | undefined;
      try {
        size = statSync(file).size;
      } catch {
        size = undefined;
      }
      const rel = join(root, hex.slice(0, 2), `${hex}.json.gz`);
      if (size === undefined) return { file: rel, detail: `${what} is missing` };
      if (size !== blob.bytes) return { file: rel, detail: `${what} file was changed (its size differs from the journal)` };
      return undefined;
    });
    if (problems.length > 0) {
      const first = problems.reduce((a, b) => (b.seq < a.seq ? b : a));
      fail(first.seq, first.file, first.detail);
    }
  }

  /**
   * A stored snapshot's setting as today's patterns store one (`detector`: a site profile's, else the bundled ones;
   * protectSetting under the store's key), for a diff against a new snapshot (diffSnapshots' `protectBefore`): a value
   * an older pairaudit kept in clear that a newer pattern finds (a token in a registry value, a name) is then no
   * change, and no new entry or report holds it in clear.
   */
  protector(detector: SecretDetector = defaultSecretDetector()): (name: string, setting: Setting) => ProtectedSetting | undefined {
    const key = this.secretKey();
    return (name, setting) => protectSetting(detector, name, setting, key);
  }

  /** The stored snapshot with this fingerprint, checked against it. */
  readSnapshot(fingerprint: string): Snapshot {
    const hex = fingerprintHex(fingerprint);
    const file = blobPath(this.paths.snapshots, hex);
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw storeIoError(e, file);
      throw new StoreError(`${file}: snapshot ${fingerprint} is missing from the store; run \`pairaudit verify\` and restore it from a backup`);
    }
    const text = inflate(file, bytes);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new StoreError(`${file}: corrupt snapshot (not JSON); restore it from a backup`);
    }
    // The stored text must be the snapshot's canonical form (of its own format), and its hash the fingerprint.
    const edited = () => new StoreError(`${file}: content does not match its fingerprint (edited); restore it from a backup`);
    if (sha256Hex(text) !== hex) throw edited();
    const snapshot = snapshotFromJson(json);
    if (snapshot === undefined || !isCanonicalSnapshotText(text, snapshot)) throw edited();
    return snapshot;
  }

  /** A recorded audit result, checked against its hash. */
  readAudit(resultSha256: string): AuditResult {
    const file = blobPath(this.paths.audits, resultSha256);
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      throw new StoreError(`${file}: audit result is missing from the store; restore it from a backup`);
    }
    const text = inflate(file, bytes);
    if (sha256Hex(text) !== resultSha256) throw new StoreError(`${file}: content does not match its hash (edited); restore it from a backup`);
    return JSON.parse(text) as AuditResult;
  }

  /**
   * Runs `fn` holding the writer lock, after removing what a killed writer left in tmp/. `create` lets the
   * first write make the store (only `record` and `--record` may); without it a missing store is an error
   * and nothing is created.
   */
  async locked<T>(command: string, create: boolean, fn: () => T | Promise<T>): Promise<T> {
    try {
      return await this.lockedRaw(command, create, fn);
    } catch (e) {
      throw storeIoError(e, this.dir);
    }
  }

  private async lockedRaw<T>(command: string, create: boolean, fn: () => T | Promise<T>): Promise<T> {
    const proc = this.opts.process;
    if (proc === undefined) throw new Error('HistoryStore.write needs OpenStoreOptions.process');
    if (existsSync(this.dir) && !statSync(this.dir).isDirectory()) throw new StoreError(`${this.dir}: is a file, not a store folder; check --store`);
    if (!create) this.readMeta();
    else createStoreFolder(this.dir);
    const release = await acquireLock(this.paths.lock, { process: proc, command, timeoutMs: this.opts.lockTimeoutMs ?? 30_000 });
    try {
      const creating = create && !existsSync(this.paths.meta);
      if (creating) {
        // Create a store only in a new folder, or one that a first write killed early left behind; checked before
        // anything is removed, so that a folder of other files given as --store loses nothing (its tmp/ neither).
        const others = readdirSync(this.dir).filter((n) => !['lock', 'lock.break', 'tmp', '.gitattributes', SECRET_KEY_FILE].includes(n));
        others.push(...foreignTmp(this.paths.tmp).map((n) => `tmp/${n}`));
        if (others.length > 0) {
          throw new StoreError(`${this.dir}: not a pairaudit history store (no store.json) and not empty (${others.slice(0, 3).join(', ')}); choose a new folder with --store, or restore store.json`);
        }
      }
      clearTmp(this.paths.tmp);
      if (creating) {
        writeFileAtomic(this.paths.tmp, this.paths.gitattributes, '# Journal and snapshot bytes are hashed: never convert line endings.\n* -text\n');
        // The key first: a store.json without it would be a store whose secrets cannot be hashed.
        writeFileAtomic(this.paths.tmp, this.paths.secretKey, pendingSecretKeyFileText(this.dir), 0o600);
        writeFileAtomic(this.paths.tmp, this.paths.meta, `${canonical({ format: STORE_FORMAT, version: STORE_VERSION })}\n`);
      }
      return await fn();
    } finally {
      release();
    }
  }

  /**
   * Runs `fn` as the only writer: takes the lock, recovers what a killed writer left (temporary files,
   * a head one entry behind), and refuses to append to a journal that does not verify.
   */
  async write<T>(command: string, fn: (w: StoreWriter) => T | Promise<T>, opts: { create?: boolean } = {}): Promise<T> {
    return this.locked(command, opts.create === true, async () => {
      const version = this.checkFormat();
      const scan = scanJournal(this.paths.journal, version);
      const state = scan.problem ? 'ok' : headState(scan.entries, readHeadFile(this.paths.head));
      this.refuseDamage(scan, state, version, '; nothing was written');
      const had = scan.entries.length;
      const writer = new StoreWriter(this, scan.entries);
      try {
        if (state === 'lagging') writer.writeHead();
        // A write killed between a recorded check and its changeover entry: append the changeover it showed.
        const changeover = unjournalledChangeover(writer.entries);
        if (changeover !== undefined) {
          const entry = writer.append(changeover);
          this.opts.notice?.(`appended the changeover entry ${entry.seq} that an interrupted check --record left out (after entry ${entry.seq - 1})`);
        }
        return await fn(writer);
      } catch (e) {
        throw keptEntries(e, this.dir, had, writer.entries.length);
      }
    });
  }
}

/**
 * The error of a write that failed after it journalled entries: the failure's own line and exit code, followed by
 * which entries stay; the failure itself is its `cause`, unchanged.
 */
export class KeptEntriesError extends StoreError {
  constructor(message: string, exitCode: ExitCodeValue, cause: PairauditError) {
    super(message, exitCode);
    this.cause = cause;
  }
}

/**
 * A write that failed after it appended entries: they are in the journal and stay (a head.json left one entry behind
 * is what the next write brings up to date), so the error says so instead of "the store keeps what it had". The
 * error caught is not changed: a new one says it (a file-system failure as storeIoError, else KeptEntriesError).
 */
function keptEntries(e: unknown, dir: string, had: number, has: number): unknown {
  if (has <= had) return e;
  const which = has === had + 1 ? `entry ${has} was` : `entries ${had + 1}-${has} were`;
  const kept = `${which} journalled before this failure and stay${has === had + 1 ? 's' : ''} in the store; the next write brings head.json up to date`;
  const io = storeIoError(e, dir, kept);
  if (io !== e) return io;
  if (!(e instanceof PairauditError)) return e;
  return new KeptEntriesError(`${e.message} (${which} journalled before it and stay${has === had + 1 ? 's' : ''})`, e.exitCode, e);
}

/** Appends entries and stores objects; exists only inside `HistoryStore.write`. */
export class StoreWriter {
  readonly store: HistoryStore;
  readonly entries: JournalEntry[];
  /** The journal's latest-dated entry: a new entry dated well before it is back-dated (clock.ts). */
  private latest: LatestDated | undefined;

  constructor(store: HistoryStore, entries: JournalEntry[]) {
    this.store = store;
    this.entries = entries;
    this.latest = latestDated(entries);
  }

  /** Refuses an entry dated well before the journal's latest without a reason (clock.ts); call before storing anything. */
  refuseBackdated(meta: { at: string; backdated?: string }): void {
    refuseBackdated(this.latest, meta);
  }

  head(): JournalHead {
    const last = this.entries[this.entries.length - 1];
    return last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
  }

  writeHead(): void {
    const p = this.store.paths;
    writeFileAtomic(p.tmp, p.head, headFileText(this.head()));
  }

  /** Numbers, chains and writes one entry (entry file first, then head.json). */
  append(entry: NewEntry): JournalEntry {
    const p = this.store.paths;
    const prev = this.head();
    // Every entry, also one a caller did not check first: the journal never takes a back-dated entry without a reason.
    this.refuseBackdated(entry);
    const body = { ...entry, v: STORE_VERSION, seq: prev.seq + 1, prevHash: prev.hash } as Omit<JournalEntry, 'hash'>;
    // Drop undefined fields so the object hashed is exactly the object written.
    const clean = JSON.parse(canonical(body)) as Omit<JournalEntry, 'hash'>;
    const hash = entryHash(clean);
    const key = this.store.opts.signKey;
    const full = { ...clean, hash, ...(key !== undefined ? { sig: signHash(key, hash) } : {}) } as JournalEntry;
    const file = join(p.journal, entryFileName(full.seq));
    // The previous entry must still be there: a store deleted or moved during a write is not recreated.
    if (prev.seq > 0 && !existsSync(join(p.journal, entryFileName(prev.seq)))) {
      throw new StoreError(`${join(p.journal, entryFileName(prev.seq))}: vanished while writing (was the store deleted or moved?); run \`pairaudit verify\``);
    }
    if (existsSync(file)) throw new StoreError(`${file}: already exists although head.json says ${prev.seq}; run \`pairaudit verify\``);
    // The public key beside the entries it signs, so that plain `verify` checks them (store-keys.ts).
    if (key !== undefined) keepPublicKey(p.tmp, p.keys, key);
    writeFileAtomic(p.tmp, file, entryFileText(full));
    this.entries.push(full);
    this.latest = laterOf(this.latest, full);
    this.writeHead();
    return full;
  }

  /** Stores a blob once; when it exists, checks it is intact and returns its reference. */
  private putBlob(root: string, hex: string, text: string, readBack: () => void): BlobRef {
    const file = blobPath(root, hex);
    if (existsSync(file)) {
      readBack();
      const bytes = readFileSync(file);
      return { fileSha256: sha256Hex(bytes), bytes: bytes.length };
    }
    const bytes = compress(text);
    writeFileAtomic(this.store.paths.tmp, file, bytes);
    return { fileSha256: sha256Hex(bytes), bytes: bytes.length };
  }

  putSnapshot(snapshot: Snapshot): { fingerprint: string; blob: BlobRef } {
    const text = snapshotCanonical(snapshot);
    // The fingerprint is the sha256 of the canonical JSON (src/snapshot/canonical.ts): hash the text once.
    const fingerprint = sha256Hex(text);
    const hex = fingerprintHex(fingerprint);
    if (!isSha256Hex(hex)) throw new Error(`unexpected fingerprint ${fingerprint}`);
    const blob = this.putBlob(this.store.paths.snapshots, hex, text, () => this.store.readSnapshot(fingerprint));
    return { fingerprint, blob };
  }

  putAudit(result: AuditResult): { resultSha256: string; blob: BlobRef } {
    const text = canonical(result);
    const resultSha256 = sha256Hex(text);
    const blob = this.putBlob(this.store.paths.audits, resultSha256, text, () => this.store.readAudit(resultSha256));
    return { resultSha256, blob };
  }
}

export function openStore(dir: string, opts: OpenStoreOptions = {}): HistoryStore {
  return new HistoryStore(dir, opts);
}
