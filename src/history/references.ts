// The checks between journal entries and of the stored files they name: shared by `verify` and by every
// command that reads or appends (they stop at the first problem instead of building on it).
import { join } from 'node:path';
import { fingerprintHex } from './hash.js';
import { key, serverKey } from './identity.js';
import type { BlobRef, JournalEntry, SnapshotRecordedEntry } from './types.js';

export interface VerifyProblem {
  seq: number;
  /** Path relative to the store folder. */
  file: string;
  detail: string;
  /** Only the file's bytes changed (CRLF, a byte-order mark, blank lines at the end): its content is intact. */
  intact?: true;
}

/** How a reference check looks at a stored file: undefined when it is fine. */
export type BlobCheck = (root: 'snapshots' | 'audits', hex: string, blob: BlobRef, what: string) => { file: string; detail: string } | undefined;

/**
 * The checks between entries and of the stored files they name (pure but for `checkBlob`): a snapshot's
 * `previous` is the same server's previous snapshot, a check names a snapshot before it, a note an earlier
 * entry, a baseline the entries that recorded its fingerprints, a migration entry the head before it.
 * `verify` passes a check that hashes each file; other commands one that only looks at its size.
 */
export function referenceProblems(entries: JournalEntry[], version: number, checkBlob: BlobCheck): { problems: VerifyProblem[]; snapshots: number; audits: number; fingerprints: Set<string> } {
  // Version 1 knew a server by its label across the whole store; later versions by pair and host.
  const idOf = (e: { server: string; host?: string; pair?: string }) => (version < 2 ? key(e.server) : serverKey({ pair: e.pair, host: e.host ?? e.server }));
  const problems: VerifyProblem[] = [];
  const lastSnapshotOf = new Map<string, { seq: number; fingerprint: string }>();
  const carried = new Set<number>();
  const fingerprints = new Set<string>();
  let snapshots = 0;
  let audits = 0;
  const bad = (e: JournalEntry, detail: string) => problems.push({ seq: e.seq, file: join('journal', `${String(e.seq).padStart(10, '0')}.json`), detail });
  const blob = (e: JournalEntry, root: 'snapshots' | 'audits', hex: string, ref: BlobRef, what: string) => {
    const problem = checkBlob(root, hex, ref, what);
    if (problem !== undefined) problems.push({ seq: e.seq, ...problem });
  };
  for (const e of entries) {
    switch (e.type) {
      case 'snapshot-recorded': {
        const hex = fingerprintHex(e.fingerprint);
        fingerprints.add(hex);
        blob(e, 'snapshots', hex, e.blob, `snapshot ${e.fingerprint}`);
        snapshots++;
        if (e.late === true) {
          if (e.previous !== undefined || e.changes.length > 0) bad(e, 'late evidence with a "previous" snapshot or changes');
          else if (e.carriedFrom !== undefined) bad(e, `late evidence that carries entry ${e.carriedFrom.seq} into a pair`);
          break;
        }
        const prev = lastSnapshotOf.get(idOf(e));
        if ((prev?.seq ?? 0) !== (e.previous?.seq ?? 0) || (prev && prev.fingerprint !== e.previous?.fingerprint)) {
          bad(e, `its "previous" snapshot is not the server's previous one (entry ${prev?.seq ?? 'none'})`);
        }
        if (e.carriedFrom !== undefined) {
          const problem = carryProblem(e, entries[e.carriedFrom.seq - 1], (s) => lastSnapshotOf.get(idOf(s))?.seq, carried);
          if (problem !== undefined) bad(e, problem);
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
        blob(e, 'audits', e.resultSha256, e.blob, `audit result ${e.resultSha256.slice(0, 12)}`);
        audits++;
        break;
      case 'changeover-recorded': {
        const isCheck = (seq: number) => seq >= 1 && seq < e.seq && entries[seq - 1]?.type === 'audit-recorded';
        if (!isCheck(e.preCheck.seq) || !isCheck(e.postCheck.seq) || e.preCheck.seq >= e.postCheck.seq) bad(e, `its checks (entries ${e.preCheck.seq} and ${e.postCheck.seq}) are not two recorded checks before it, in order`);
        for (const id of e.settingChanges) {
          const [seq, n] = id.split('.').map(Number);
          const target = entries[seq - 1];
          if (!(seq < e.seq) || target?.type !== 'snapshot-recorded' || !(n >= 1 && n <= target.changes.length)) bad(e, `names change ${id}, which no snapshot entry before it recorded`);
        }
        break;
      }
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
  return { problems, snapshots, audits, fingerprints };
}


/**
 * What is wrong with a snapshot entry that says it carries a server's history without a pair into a pair
 * (`carriedFrom`), if anything: it must record again, as the server's first snapshot in the pair and with no
 * changes, exactly the snapshot of the server's last entry without a pair (same computer), carried once.
 * `lastOf` gives a server's last snapshot entry so far; `carried` the entries carried so far (added to).
 */
function carryProblem(e: SnapshotRecordedEntry, source: JournalEntry | undefined, lastOf: (s: SnapshotRecordedEntry) => number | undefined, carried: Set<number>): string | undefined {
  const from = e.carriedFrom!.seq;
  const what = `carries entry ${from} into pair ${JSON.stringify(e.pair ?? '')}`;
  if (e.pair === undefined || e.previous !== undefined || e.changes.length > 0) return `${what}, but is not a first snapshot in a pair without changes`;
  if (source?.type !== 'snapshot-recorded' || !(from < e.seq) || source.late === true || source.pair !== undefined) return `${what}, which is not a snapshot recorded without a pair before it`;
  if (key(source.host ?? source.server) !== key(e.host ?? e.server) || lastOf(source) !== from) return `${what}, which is not the last snapshot of ${e.host ?? e.server} without a pair`;
  if (source.fingerprint !== e.fingerprint || source.collectedAt !== e.collectedAt || source.settingCount !== e.settingCount || source.blob.fileSha256 !== e.blob.fileSha256 || source.blob.bytes !== e.blob.bytes) return `${what}, but does not record its snapshot`;
  if (carried.has(from)) return `${what}, which an earlier entry carried already`;
  carried.add(from);
  return undefined;
}
