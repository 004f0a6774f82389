// `verify`: recomputes every hash and link of the journal and checks every stored object it names.
import type { KeyObject } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, readlinkSync, type Dirent } from 'node:fs';
import { join, relative } from 'node:path';
import { StoreError } from '../errors.js';
import { readLockInfo, TEMP_NAME, type ProcessInfo } from './files.js';
import { fingerprintHex, GENESIS_HASH, sha256Hex } from './hash.js';
import { headFileDamage, headFileText, readJournalConsistent } from './journal.js';
import { STORE_VERSION } from './formats.js';
import { referenceProblems } from './references.js';
import { unjournalledChangeover } from './changeovers.js';
import { checkSignatures } from './signing.js';
import { backdatedEntries, describeSpan } from './clock.js';
import { checkHeldSignatures, heldPublicKeys } from './store-keys.js';
import { indexJournal, key } from './query.js';
import { SECRET_KEY_FILE, secretKeyProblem } from './secret-key.js';
import { blobPath, type HistoryStore } from './store.js';
import type { BlobRef, JournalEntry, JournalHead } from './types.js';

export type { VerifyProblem } from './references.js';
import type { VerifyProblem } from './references.js';

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
  /** With `key`: its id, and the first entry signed with it (absent when none is). */
  signatures?: { key: string; firstSigned?: number };
  /** Without `key`: the ids of the keys in keys/ whose entries' signatures were checked (absent when none). */
  storeKeys?: string[];
  /** Snapshots decompressed and checked against their fingerprints (every one with --deep). */
  snapshotsInflated: number;
}

export interface VerifyOptions {
  /** Also inflate each snapshot and check it against its fingerprint (slower; the file hash already detects edits). */
  deep?: boolean;
  /** To tell a stale lock (dead writer) from a live one in the notices. */
  process?: ProcessInfo;
  /** Check every entry from the first one signed with this public key on (`verify --key`). */
  key?: { id: string; publicKey: KeyObject };
  /**
   * A head hash kept outside the store (a signed change record's, `verify --head`): the journal must hold that entry.
   * The chain alone cannot show entries deleted from its end with head.json rewritten, nor a store replaced.
   */
  head?: string;
}

/** Verifies the whole store. Throws StoreError only when the folder is not a readable store at all. */
export function verifyStore(store: HistoryStore, opts: VerifyOptions = {}): VerifyReport {
  const version = store.checkFormat({ anyVersion: true });
  const p = store.paths;
  const rel = (f: string) => relative(store.dir, f);
  const problems: VerifyProblem[] = [];
  const notices: string[] = [];
  const { scan, head, state } = readJournalConsistent(p.journal, p.head, version);
  const entries = scan.entries;
  if (scan.problem) problems.push(scan.problem);
  for (const name of scan.strayFiles) notices.push(`journal/${name}: not a journal entry; it is ignored (remove it)`);
  if (!scan.problem) {
    if (state === 'lagging') notices.push(`head.json is one entry behind (a write was interrupted); the next write repairs it`);
    const changeover = version === STORE_VERSION && state !== 'mismatch' ? unjournalledChangeover(entries) : undefined;
    if (changeover?.type === 'changeover-recorded') {
      notices.push(`entry ${entries.length} (a recorded check of ${changeover.pair}) shows the Main moved from ${changeover.main.before.server} to ${changeover.main.after.server}, but the changeover entry after it was not written (the write was interrupted); the next command that writes to the store journals it`);
    }
    if (state === 'mismatch') {
      const headSeq = head === 'corrupt' ? -1 : (head?.seq ?? 0);
      if (head === 'corrupt') problems.push({ seq: Math.max(entries.length, 1), file: 'head.json', ...(headFileDamage(p.head, entries) ?? { detail: 'unreadable or edited' }) });
      else if (headSeq > entries.length) problems.push({ seq: entries.length + 1, file: join('journal', `${String(entries.length + 1).padStart(10, '0')}.json`), detail: `entry ${entries.length + 1} is missing: head.json says the journal ends at ${headSeq} (entries deleted)` });
      else if (headSeq > 0 && entries[headSeq - 1].hash !== head?.hash) problems.push({ seq: headSeq, file: 'head.json', detail: `head hash differs from entry ${headSeq} (entry or head edited)` });
      else if (head === undefined) problems.push({ seq: entries.length + 1, file: 'head.json', detail: missingHead(entries) });
      else problems.push({ seq: headSeq + 2, file: 'head.json', detail: `head.json says ${headSeq} but the journal has ${entries.length} entries (head.json replaced or deleted?)` });
    }
  }

  // An entry dated well before one the journal held already: written with a clock set back (or PAIRAUDIT_NOW in the
  // past). The chain is intact, but a change record of its period may be signed already, and later ones do not show
  // it. record refuses one without a reason (clock.ts); one journalled with a reason is named with it.
  for (const b of backdatedEntries(entries)) {
    const why = b.reason === undefined ? 'written with a clock set back or PAIRAUDIT_NOW in the past' : `journalled as back-dated (--backdated: ${JSON.stringify(b.reason)})`;
    notices.push(`entry ${b.seq} is dated ${b.at}, ${describeSpan(b.behindMs)} before entry ${b.after.seq} (${b.after.at}): ${why}: it falls in a period whose change record may be signed already, and the records of later periods do not show it`);
  }

  // The head kept outside the store: the one check that sees the newest entries deleted and head.json rewritten.
  if (opts.head !== undefined && !scan.problem) {
    const kept = entries.find((e) => e.hash === opts.head);
    const last = entries[entries.length - 1];
    if (kept === undefined) {
      problems.push({ seq: entries.length + 1, file: 'head.json', detail: `the head you kept (${opts.head}) is not in this journal, whose last entry is ${last === undefined ? 'none' : `${last.seq} (${last.hash})`}: entries were deleted from its end and head.json rewritten, the journal was rewritten, or this is another store; restore it from a backup or the store's git history` });
    } else {
      notices.push(`the head you kept is entry ${kept.seq}: the journal holds it${kept.seq < entries.length ? ` and ${entries.length - kept.seq} entr${entries.length - kept.seq === 1 ? 'y' : 'ies'} after it` : ', as its last entry'}`);
    }
  }

  // Stored objects and references between entries. The snapshots the next commands read (each server's latest, which
  // record compares with, and each pair's latest baseline, which attribution reads) are decompressed and checked
  // against their fingerprints even without --deep: a file swapped with its entry's fileSha256 re-hashed to match
  // otherwise verified intact. So is each pair's latest recorded audit result, against its resultSha256 (--deep: every
  // one). Their number grows with the servers and pairs, not with the history.
  const inflateAlways = opts.deep === true || version < 2 ? new Set<string>() : snapshotsReadNext(entries);
  let inflated = 0;
  const checked = new Map<string, string | undefined>();
  const checkBlob = (root: string, hex: string, blob: BlobRef, what: string): string | undefined => {
    const file = blobPath(root, hex);
    const id = `${file}\0${blob.fileSha256}`;
    if (checked.has(id)) return checked.get(id);
    let problem: string | undefined;
    let bytes: Buffer | undefined;
    try {
      bytes = readFileSync(file);
    } catch {
      bytes = undefined;
    }
    if (bytes === undefined) problem = `${what} is missing`;
    else if (sha256Hex(bytes) !== blob.fileSha256) problem = `${what} file was changed (hash differs from the journal)`;
    else if (opts.deep === true || inflateAlways.has(hex)) {
      const snapshot = what.startsWith('snapshot');
      if (snapshot) inflated++;
      try {
        if (snapshot) store.readSnapshot(hex);
        else store.readAudit(hex);
      } catch (e) {
        problem = e instanceof StoreError ? e.message : String(e);
      }
    }
    checked.set(id, problem);
    return problem;
  };
  const refs = referenceProblems(entries, version, (root, hex, blob, what) => {
    const problem = checkBlob(root === 'snapshots' ? p.snapshots : p.audits, hex, blob, what);
    return problem === undefined ? undefined : { file: rel(blobPath(root === 'snapshots' ? p.snapshots : p.audits, hex)), detail: problem };
  });
  for (const pr of refs.problems) problems.push(pr);
  const snapshots = refs.snapshots;
  const audits = refs.audits;

  // A replaced secret.key changes nothing recorded, but every later record would compare secrets under two keys.
  if (problems.length === 0 && !scan.problem && version >= 4) {
    const problem = secretKeyProblem(p.secretKey, entries, (fingerprint) => store.readSnapshot(fingerprint));
    if (problem !== undefined) problems.push({ seq: entries.length + 1, file: SECRET_KEY_FILE, detail: problem });
  }

  // Signatures: every entry from the first signed one on must be signed with the key.
  let signatures: VerifyReport['signatures'];
  let storeKeys: string[] | undefined;
  if (opts.key !== undefined) {
    const check = checkSignatures(entries, opts.key);
    signatures = { key: opts.key.id, ...(check.firstSigned !== undefined ? { firstSigned: check.firstSigned } : {}) };
    for (const pr of check.problems) problems.push({ seq: pr.seq, file: join('journal', `${String(pr.seq).padStart(10, '0')}.json`), detail: pr.detail });
    if (check.firstSigned === undefined && entries.length > 0) problems.push({ seq: entries.length, file: 'journal', detail: `no entry is signed with ${opts.key.id} (signatures stripped, or the wrong key)` });
    else if (check.firstSigned !== undefined && check.firstSigned > 1) {
      // Before the key's first entry: unsigned, or signed with other keys (a key changed): say which, run by run.
      const runs = signedRuns(entries);
      const before = runs.filter((r) => r.from < check.firstSigned!);
      const what = before.every((r) => r.key === undefined)
        ? `entries 1-${check.firstSigned - 1} were written before signing began (unsigned)`
        : before.map((r) => `${span(r)} ${r.to > r.from ? 'are' : 'is'} ${r.key === undefined ? 'unsigned' : `signed with another key (${r.key})`}`).join('; ');
      const own = runs.filter((r) => r.from >= check.firstSigned! && r.key === opts.key!.id).map((r) => `${span(r)} ${r.to > r.from ? 'are' : 'is'} signed with ${opts.key!.id}`);
      notices.push(`${what}; ${own.join('; ')}`);
    }
  } else {
    // Without --key, the signatures made with the keys the store holds (keys/, written by every signed write) are
    // checked: an entry edited and re-hashed, or stripped of its signature, or a forged append, is a problem.
    const held = heldPublicKeys(p.keys);
    for (const n of held.notices) notices.push(n);
    const check = checkHeldSignatures(entries, held.keys);
    for (const pr of check.problems) problems.push({ seq: pr.seq, file: join('journal', `${String(pr.seq).padStart(10, '0')}.json`), detail: pr.detail });
    storeKeys = [...held.keys.keys()].filter((id) => entries.some((e) => e.sig?.key === id));
    if (check.unheld.length > 0) notices.push(`signatures by ${check.unheld.join(', ')} are not checked: the store holds no public key of ${check.unheld.length === 1 ? 'it' : 'them'} (keys/); check them with \`pairaudit verify --key FILE.pub\``);
    // Say which entries carry a signature (and with which key), and which do not.
    const firstSigned = entries.find((e) => e.sig !== undefined);
    const unsignedAfter = firstSigned === undefined ? [] : entries.filter((e) => e.seq > firstSigned.seq && e.sig === undefined).map((e) => e.seq);
    if (firstSigned?.sig !== undefined) {
      const after = unsignedAfter.length === 0 ? 'on are signed' : `on are signed except entr${unsignedAfter.length === 1 ? 'y' : 'ies'} ${unsignedAfter.join(', ')} (unsigned after signed ones: an append without the key?)`;
      const runs = signedRuns(entries).filter((r) => r.key !== undefined);
      const keys = new Set(runs.map((r) => r.key)).size === 1 ? ` (${firstSigned.sig.key})` : `: ${runs.map((r) => `${span(r)} with ${r.key}`).join(', ')}`;
      notices.push(`entries from ${firstSigned.seq} ${after}${keys}; check the signatures with \`pairaudit verify --key pairaudit-signing.pub\``);
    }
  }

  // Leftovers of interrupted writes: harmless, reported so nobody wonders.
  if (!scan.problem && problems.length === 0) {
    const results = new Set(entries.flatMap((e) => (e.type === 'audit-recorded' ? [e.resultSha256] : [])));
    const roots: [string, string, Set<string>, string][] = [[p.snapshots, 'snapshots', refs.fingerprints, 'record'], [p.audits, 'audits', results, '--record']];
    for (const [root, folder, known, writer] of roots) {
      for (const shard of safeList(root)) {
        for (const name of safeList(join(root, shard))) {
          const m = /^([0-9a-f]{64})\.json\.gz$/.exec(name);
          if (!m || !known.has(m[1])) notices.push(`${folder}/${shard}/${name}: not referenced by the journal (left by an interrupted ${writer}; harmless, may be deleted)`);
        }
      }
    }
  }
  for (const link of linksIn(store.dir)) notices.push(`${link}: a symbolic link or junction to ${readLinkSafe(join(store.dir, link))}: what verify read lives outside the store folder, where its backups and git do not keep it and whoever can write there can change it; replace the link with the folder or file itself`);
  const tmp = safeList(p.tmp);
  const ours = tmp.filter((n) => TEMP_NAME.test(n));
  if (ours.length > 0) notices.push(`tmp/: ${ours.length} temporary file(s) from an interrupted write; the next write removes them`);
  for (const n of tmp.filter((name) => !TEMP_NAME.test(name))) notices.push(`tmp/${n}: not written by pairaudit, and kept; move it out of the store`);
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

  // `migrate` refuses a store that does not verify (STORE.md): advise it only for an intact one.
  if (version < STORE_VERSION) {
    notices.unshift(
      problems.length === 0
        ? `store format version ${version}: run \`pairaudit migrate\` to bring it to version ${STORE_VERSION} before recording more`
        : `store format version ${version}: a store that does not verify is not migrated; restore it first`,
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
    ...(signatures !== undefined ? { signatures } : {}),
    ...(storeKeys !== undefined && storeKeys.length > 0 ? { storeKeys } : {}),
    snapshotsInflated: inflated,
  };
}

/** The files of each server's latest stored snapshot, of the snapshots each pair's latest baseline names, and of each pair's latest audit result. */
function snapshotsReadNext(entries: JournalEntry[]): Set<string> {
  const index = indexJournal(entries);
  const fingerprints = [...index.servers.values()].map((s) => s.last.fingerprint);
  for (const b of index.baselines.values()) for (const s of b.servers) fingerprints.push(s.fingerprint);
  const audits = new Map<string, string>();
  for (const e of entries) if (e.type === 'audit-recorded') audits.set(key(e.pair ?? ''), e.resultSha256);
  return new Set([...fingerprints.map(fingerprintHex), ...audits.values()]);
}

/** The journal in runs of consecutive entries signed with one key (`key` undefined: unsigned). */
function signedRuns(entries: JournalEntry[]): { from: number; to: number; key?: string }[] {
  const runs: { from: number; to: number; key?: string }[] = [];
  for (const e of entries) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last.key === e.sig?.key) last.to = e.seq;
    else runs.push({ from: e.seq, to: e.seq, ...(e.sig !== undefined ? { key: e.sig.key } : {}) });
  }
  return runs;
}

const span = (r: { from: number; to: number }): string => (r.to > r.from ? `entries ${r.from}-${r.to}` : `entry ${r.from}`);

/** head.json deleted while every entry is intact: the chain cannot tell whether newer entries went with it. */
function missingHead(entries: JournalEntry[]): string {
  const last = entries[entries.length - 1];
  return `head.json is missing; the journal's ${entries.length} entries are intact: restore head.json from a backup or the store's git history, or, if entry ${last.seq} is the last one recorded (compare the head hash on your latest change record), write it as ${headFileText({ hash: last.hash, seq: last.seq }).trim()}`;
}

/**
 * Symbolic links (and Windows junctions, which Node reports as links) among the store's own files and folders:
 * its top level, journal/, keys/, and the shards and files of snapshots/ and audits/.
 */
function linksIn(dir: string): string[] {
  const links: string[] = [];
  const look = (rel: string, depth: number): void => {
    let items: Dirent[];
    try {
      items = readdirSync(join(dir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const d of items) {
      const path = rel === '' ? d.name : join(rel, d.name);
      if (d.isSymbolicLink()) links.push(path);
      else if (d.isDirectory() && depth > 0 && (rel !== '' || ['journal', 'snapshots', 'audits', 'keys'].includes(d.name))) look(path, rel === '' && (d.name === 'journal' || d.name === 'keys') ? 0 : depth - 1);
    }
  };
  look('', 2);
  return links.sort();
}

function readLinkSafe(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return '(unreadable)';
  }
}

function safeList(dir: string): string[] {
  if (!existsSync(dir)) return [];
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}
