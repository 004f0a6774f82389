// Types of the history store: journal entries, changes between snapshots, and query results.
import type { AuditResult, DisplayValue, Role, Snapshot } from '../types.js';

export type JournalEntryType = 'snapshot-recorded' | 'checked-unchanged' | 'audit-recorded' | 'changeover-recorded' | 'note-added' | 'baseline-approved' | 'store-migrated';

/** One setting that differs between a server's consecutive snapshots. Secrets appear as set/changed only. */
export interface JournalChange {
  setting: string;
  kind: 'added' | 'removed' | 'changed';
  /** Absent when added. */
  from?: DisplayValue;
  /** Absent when removed. */
  to?: DisplayValue;
}

/** Fields every entry has. `hash` is sha256 over the canonical JSON of the entry without `hash`. */
interface EntryBase {
  /** The store format version the entry is written in (src/history/formats.ts). */
  v: number;
  seq: number;
  type: JournalEntryType;
  /** ISO 8601 time the entry was written (the clock passed in). */
  at: string;
  author: string;
  ticket?: string;
  note?: string;
  /**
   * Why the entry is dated more than an hour before an entry the journal held already (`record --backdated`): a
   * write dated so is refused without one (clock.ts). Optional and additive: absent from every other entry.
   */
  backdated?: string;
  prevHash: string;
  hash: string;
  /** Ed25519 signature of `hash` (--sign-key); outside the hash, checked by `verify --key`. */
  sig?: { key: string; value: string };
}

/** A stored object (snapshot or audit result): its content hash and the sha256 of its file's bytes. */
export interface BlobRef {
  /** sha256 hex of the stored file's bytes (compressed), checked by `verify` without inflating. */
  fileSha256: string;
  bytes: number;
}

/** Who the server is: its history is keyed by pair and host (src/history/identity.ts). */
export interface ServerRef {
  /** Display name: --server, else the snapshot's label. */
  server: string;
  /** Host identity: the computer name (with `\\instance` for a named instance), else the display name. */
  host: string;
  /** The pair (inventory `site/pair`, or --pair); absent for a server recorded without one. */
  pair?: string;
  /** The server's role in this snapshot (a server keeps its history when its role changes). */
  role?: Role;
}

export interface SnapshotRecordedEntry extends EntryBase, ServerRef {
  type: 'snapshot-recorded';
  fingerprint: string;
  blob: BlobRef;
  collectedAt: string;
  settingCount: number;
  /** The server's previous snapshot; absent for its first. */
  previous?: { seq: number; fingerprint: string; collectedAt: string };
  /** Changes against `previous`, sorted by setting name; empty for the first snapshot and for late evidence. */
  changes: JournalChange[];
  /** Collected before the server's latest recorded snapshot (`record --late`): kept as evidence, compared with nothing. */
  late?: true;
  /**
   * The server's first snapshot in a pair, carried from its history without a pair: the snapshot that entry
   * `seq` recorded (the server's last one without a pair) again, with no `previous` and no changes, so that the
   * snapshot recorded after it in the pair shows what changed since (see STORE.md, "Servers: pair and host").
   */
  carriedFrom?: { seq: number };
}

export interface CheckedUnchangedEntry extends EntryBase, ServerRef {
  type: 'checked-unchanged';
  fingerprint: string;
  collectedAt: string;
  /** The entry that recorded a snapshot with these same settings. */
  previous: { seq: number };
  /** The checked snapshot is not stored (only its collection details differ): its sources are evidence. */
  sources: { file: string; sha256: string }[];
}

export interface AuditRecordedEntry extends EntryBase {
  type: 'audit-recorded';
  pair?: string;
  kind: AuditResult['kind'];
  verdict: AuditResult['verdict'];
  go?: boolean;
  generatedAt: string;
  servers: { role: Role; label: string; fingerprint: string }[];
  totals: AuditResult['totals'];
  resultSha256: string;
  blob: BlobRef;
}

export interface NoteAddedEntry extends EntryBase {
  type: 'note-added';
  note: string;
  /** The entry explained, and optionally one change of it (1-based index into its `changes`). */
  target: { seq: number; change?: number };
  server?: string;
}

export interface BaselineApprovedEntry extends EntryBase {
  type: 'baseline-approved';
  pair: string;
  servers: { role: Role; server: string; host: string; fingerprint: string; seq: number }[];
}

/** Written by `pairaudit migrate` after the rewritten entries of an older store. */
export interface StoreMigratedEntry extends EntryBase {
  type: 'store-migrated';
  /** The store before: its format version, the head of its journal, and where that journal was moved. */
  from: { version: number; head: JournalHead; retired: string };
  to: number;
  /** Each format version applied, with what it changed in this store's entries. */
  steps: { version: number; title: string; changed: string[] }[];
}

/** A recorded check or audit of a pair, as a changeover entry cites it. */
export interface CheckRef {
  /** The audit-recorded entry. */
  seq: number;
  kind: AuditResult['kind'];
  verdict: AuditResult['verdict'];
  /** A check's GO (true) or NO-GO (false). */
  go?: boolean;
  generatedAt: string;
}

/** A server of a pair with its role at one side of a changeover. */
export interface RoleHolder {
  role: Role;
  server: string;
  host: string;
}

/**
 * Written after an audit-recorded entry whose pair has the Main role on another of its servers than the pair's
 * previous recorded check or audit had (Main and Standby swapped; in a triple, Main moved to a Standby).
 */
export interface ChangeoverRecordedEntry extends EntryBase {
  type: 'changeover-recorded';
  pair: string;
  /** The changeover happened after `before` (the latest collection the pre-check saw) and before `after` (the first collection of the post-check). */
  between: { before: string; after: string };
  /** The server that was Main before and the one that is Main after. */
  main: { before: { server: string; host: string }; after: { server: string; host: string } };
  /** Every server of the pair with its role, before and after, Main first. */
  roles: { before: RoleHolder[]; after: RoleHolder[] };
  /** The pair's last recorded check (or audit) before, and the one that showed the new roles. */
  preCheck: CheckRef;
  postCheck: CheckRef;
  /** Ids (`<seq>.<n>`) of the setting changes journalled for the pair's servers across the changeover. */
  settingChanges: string[];
}

export type JournalEntry = SnapshotRecordedEntry | CheckedUnchangedEntry | AuditRecordedEntry | ChangeoverRecordedEntry | NoteAddedEntry | BaselineApprovedEntry | StoreMigratedEntry;

/** An entry before the store numbers and chains it. */
export type NewEntry = DistributiveOmit<JournalEntry, 'v' | 'seq' | 'prevHash' | 'hash'>;
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

/** Who writes and why; `at` comes from the caller's clock. */
export interface EntryMeta {
  at: string;
  author: string;
  ticket?: string;
  note?: string;
  /** The reason an entry dated before the journal's latest is written all the same (clock.ts). */
  backdated?: string;
}

/** One change as `changes` lists it, with what the journal knows about it. */
export interface ChangeRow {
  /** `<seq>.<n>`: the recording entry and the change's 1-based index in it. */
  id: string;
  seq: number;
  server: string;
  host: string;
  pair?: string;
  role?: Role;
  setting: string;
  kind: JournalChange['kind'];
  from?: DisplayValue;
  to?: DisplayValue;
  /** Collection time of the snapshot where the change was first seen. */
  firstSeen: string;
  /**
   * When the server was last seen before it (its previous snapshot, or a later check that found that snapshot
   * unchanged): the change happened in between.
   */
  previousCollectedAt: string;
  recordedAt: string;
  /** Who recorded the snapshot. */
  recordedBy: string;
  /** Latest explanation: the recording note, or a later note on the entry or on this change. */
  note?: string;
  author?: string;
  ticket?: string;
  notes: { seq: number; at: string; author: string; ticket?: string; text: string }[];
  /** False when no note explains the change. */
  documented: boolean;
}

/** One changeover as `changes` lists it: the entry, and the setting changes across it resolved to rows. */
export interface ChangeoverRow {
  seq: number;
  /**
   * Not journalled yet: an interrupted `check --record` left its entry out, and the next command that writes to
   * the store appends it (as entry `seq`). `changes` shows it, marked, and writes nothing.
   */
  pending?: true;
  pair: string;
  recordedAt: string;
  author: string;
  ticket?: string;
  /** The latest note: the entry's own, or a later note on the entry. */
  note?: string;
  between: ChangeoverRecordedEntry['between'];
  main: ChangeoverRecordedEntry['main'];
  roles: ChangeoverRecordedEntry['roles'];
  preCheck: CheckRef;
  postCheck: CheckRef;
  /** The setting changes across it, as `changes` lists them. */
  changes: ChangeRow[];
}

/** A signing key seen in the journal: the key id as entries (and `verify --key`) name it, and the entries it signed. */
export interface SignerSummary {
  key: string;
  first: number;
  last: number;
  entries: number;
}

/** Journal head: the last entry's sequence number and hash (what a signed change record cites). */
export interface JournalHead {
  seq: number;
  hash: string;
}

/** Snapshot as the store gives it back, with the entry that recorded it. */
export interface StoredSnapshot {
  seq: number;
  fingerprint: string;
  snapshot: Snapshot;
}
