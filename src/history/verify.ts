// `verify`: recomputes every hash and link of the journal and checks every stored object it names.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { StoreError } from '../errors.js';
import { readLockInfo, type ProcessInfo } from './files.js';
import { fingerprintHex, GENESIS_HASH, sha256Hex } from './hash.js';
import { readJournalConsistent } from './journal.js';
import { STORE_VERSION } from './formats.js';
import { serverKey } from './identity.js';
import { key } from './query.js';
import { blobPath, type HistoryStore } from './store.js';
import type { BlobRef, JournalEntry, JournalHead } from './types.js';

export interface VerifyProblem {
  seq: number;
  /** Path relative to the store folder. */
  file: string;
  detail: string;
}

export interface VerifyReport {
  ok: boolean;
  /** Entries read before the first problem (all of them when ok). */
  entries: number;
  /** Hash of the last intact entry: what a signed change record cites. */
  head: JournalHead;
  firstBrokenSeq?: number;
  /** Sorted by sequence number; the first is the first broken entry. */
  problems: VerifyProblem[];
  /** Harmless leftovers of an interrupted write, and what the next write does about them. */
  notices: string[];
  snapshotsChecked: number;
  auditsChecked: number;
}

export interface VerifyOptions {
  /** Also inflate each snapshot and check it against its fingerprint (slower; the file hash already detects edits). */
  deep?: boolean;
  /** To tell a stale lock (dead writer) from a live one in the notices. */
  process?: ProcessInfo;
}

/** Verifies the whole store. Throws StoreError only when the folder is not a readable store at all. */
export function verifyStore(store: HistoryStore, opts: VerifyOptions = {}): VerifyReport {
  const version = store.checkFormat({ anyVersion: true });
  const p = store.paths;
  const rel = (f: string) => relative(store.dir, f);
  const problems: VerifyProblem[] = [];
  const notices: string[] = [];
  if (version < STORE_VERSION) notices.push(`store format version ${version}: run \`pairaudit migrate\` to bring it to version ${STORE_VERSION} before recording more`);
  const { scan, head, state } = readJournalConsistent(p.journal, p.head, version);
  // Version 1 knew a server by its label across the whole store; later versions by pair and host.
  const idOf = (e: { server: string; host?: string; pair?: string }) => (version < 2 ? key(e.server) : serverKey({ pair: e.pair, host: e.host ?? e.server }));
  const entries = scan.entries;
  if (scan.problem) problems.push(scan.problem);
  for (const name of scan.strayFiles) notices.push(`journal/${name}: not a journal entry; it is ignored (remove it)`);
  if (!scan.problem) {
    if (state === 'lagging') notices.push(`head.json is one entry behind (a write was interrupted); the next write repairs it`);
    if (state === 'mismatch') {
      const headSeq = head === 'corrupt' ? -1 : (head?.seq ?? 0);
      if (head === 'corrupt') problems.push({ seq: Math.max(entries.length, 1), file: 'head.json', detail: 'unreadable or edited' });
      else if (headSeq > entries.length) problems.push({ seq: entries.length + 1, file: join('journal', `${String(entries.length + 1).padStart(10, '0')}.json`), detail: `entry ${entries.length + 1} is missing: head.json says the journal ends at ${headSeq} (entries deleted)` });
      else if (headSeq > 0 && entries[headSeq - 1].hash !== head?.hash) problems.push({ seq: headSeq, file: 'head.json', detail: `head hash differs from entry ${headSeq} (entry or head edited)` });
      else problems.push({ seq: headSeq + 2, file: 'head.json', detail: `head.json says ${headSeq} but the journal has ${entries.length} entries (head.json replaced or deleted?)` });
    }
  }

  // Stored objects and references between entries.
  const checked = new Map<string, string | undefined>();
  const checkBlob = (seq: number, root: string, hex: string, blob: BlobRef, what: string): void => {
    const file = blobPath(root, hex);
    const id = `${file}\0${blob.fileSha256}`;
    let problem = checked.get(id);
    if (!checked.has(id)) {
      let bytes: Buffer | undefined;
      try {
        bytes = readFileSync(file);
      } catch {
        bytes = undefined;
      }
      if (bytes === undefined) problem = `${what} is missing`;
      else if (sha256Hex(bytes) !== blob.fileSha256) problem = `${what} file was changed (hash differs from the journal)`;
      else if (opts.deep && what.startsWith('snapshot')) {
        try {
          store.readSnapshot(hex);
        } catch (e) {
          problem = e instanceof StoreError ? e.message : String(e);
        }
      }
      checked.set(id, problem);
    }
    if (problem !== undefined) problems.push({ seq, file: rel(file), detail: problem });
  };
  const lastSnapshotOf = new Map<string, { seq: number; fingerprint: string }>();
  const refs = new Set<string>();
  let snapshots = 0;
  let audits = 0;
  const bad = (e: JournalEntry, detail: string) => problems.push({ seq: e.seq, file: join('journal', `${String(e.seq).padStart(10, '0')}.json`), detail });
  for (const e of entries) {
    switch (e.type) {
      case 'snapshot-recorded': {
        const hex = fingerprintHex(e.fingerprint);
        refs.add(hex);
        checkBlob(e.seq, p.snapshots, hex, e.blob, `snapshot ${e.fingerprint}`);
        snapshots++;
        if (e.late === true) {
          if (e.previous !== undefined || e.changes.length > 0) bad(e, 'late evidence with a "previous" snapshot or changes');
          break;
        }
        const prev = lastSnapshotOf.get(idOf(e));
        if ((prev?.seq ?? 0) !== (e.previous?.seq ?? 0) || (prev && prev.fingerprint !== e.previous?.fingerprint)) {
          bad(e, `its "previous" snapshot is not the server's previous one (entry ${prev?.seq ?? 'none'})`);
        }
        lastSnapshotOf.set(idOf(e), { seq: e.seq, fingerprint: e.fingerprint });
        break;
      }
      case 'checked-unchanged': {
        const prev = entries[e.previous.seq - 1];
        if (!prev || prev.type !== 'snapshot-recorded' || e.previous.seq >= e.seq) bad(e, `refers to entry ${e.previous.seq}, which is not a recorded snapshot before it`);
        break;
      }
      case 'audit-recorded':
        checkBlob(e.seq, p.audits, e.resultSha256, e.blob, `audit result ${e.resultSha256.slice(0, 12)}`);
        audits++;
        break;
      case 'note-added':
        if (e.target.seq < 1 || e.target.seq >= e.seq) bad(e, `notes entry ${e.target.seq}, which does not come before it`);
        break;
      case 'store-migrated':
        if (e.to !== version || e.from.version >= e.to || e.from.head.seq !== e.seq - 1) bad(e, `migration from version ${e.from.version} (head ${e.from.head.seq}) to ${e.to} does not fit its place in a store of version ${version}`);
        break;
      case 'baseline-approved':
        for (const s of e.servers) {
          const target = entries[s.seq - 1];
          if (!target || target.type !== 'snapshot-recorded' || target.fingerprint !== s.fingerprint) bad(e, `baseline of ${s.role} refers to entry ${s.seq}, which did not record snapshot ${s.fingerprint}`);
        }
        break;
    }
  }

  // Leftovers of interrupted writes: harmless, reported so nobody wonders.
  if (!scan.problem && problems.length === 0) {
    for (const shard of safeList(p.snapshots)) {
      for (const name of safeList(join(p.snapshots, shard))) {
        const m = /^([0-9a-f]{64})\.json\.gz$/.exec(name);
        if (!m || !refs.has(m[1])) notices.push(`snapshots/${shard}/${name}: not referenced by the journal (left by an interrupted record; harmless, may be deleted)`);
      }
    }
  }
  const tmp = safeList(p.tmp);
  if (tmp.length > 0) notices.push(`tmp/: ${tmp.length} temporary file(s) from an interrupted write; the next write removes them`);
  const lock = readLockInfo(p.lock);
  if (lock !== 'absent') {
    const dead = lock !== 'unreadable' && opts.process !== undefined && lock.host === opts.process.host && !opts.process.isAlive(lock.pid);
    notices.push(
      lock === 'unreadable'
        ? 'lock: an unreadable lock file; the next write removes it once it is 5 s old'
        : dead
          ? `lock: left by pid ${lock.pid} (no longer running); the next write removes it`
          : `lock: held by pid ${lock.pid} on ${lock.host} since ${lock.since} (${lock.command})`,
    );
  }

  problems.sort((a, b) => a.seq - b.seq);
  const firstBrokenSeq = problems[0]?.seq;
  const intact = firstBrokenSeq === undefined ? entries : entries.slice(0, Math.max(0, firstBrokenSeq - 1));
  const last = intact[intact.length - 1];
  return {
    ok: problems.length === 0,
    entries: intact.length,
    head: last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH },
    ...(firstBrokenSeq !== undefined ? { firstBrokenSeq } : {}),
    problems,
    notices,
    snapshotsChecked: snapshots,
    auditsChecked: audits,
  };
}

function safeList(dir: string): string[] {
  if (!existsSync(dir)) return [];
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}
