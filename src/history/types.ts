// Types of the history store: journal entries, changes between snapshots, and query results.
import type { AuditResult, DisplayValue, Role, Snapshot } from '../types.js';

export type JournalEntryType = 'snapshot-recorded' | 'checked-unchanged' | 'audit-recorded' | 'note-added' | 'baseline-approved';

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
  v: 1;
  seq: number;
  type: JournalEntryType;
  /** ISO 8601 time the entry was written (the clock passed in). */
  at: string;
  author: string;
  ticket?: string;
  note?: string;
  prevHash: string;
  hash: string;
}

/** A stored object (snapshot or audit result): its content hash and the sha256 of its file's bytes. */
export interface BlobRef {
  /** sha256 hex of the stored file's bytes (compressed), checked by `verify` without inflating. */
  fileSha256: string;
  bytes: number;
}

export interface SnapshotRecordedEntry extends EntryBase {
  type: 'snapshot-recorded';
  server: string;
  pair?: string;
  role?: Role;
  fingerprint: string;
  blob: BlobRef;
  collectedAt: string;
  settingCount: number;
  /** The server's previous snapshot; absent for its first. */
  previous?: { seq: number; fingerprint: string; collectedAt: string };
  /** Changes against `previous`, sorted by setting name; empty for the first snapshot. */
  changes: JournalChange[];
}

export interface CheckedUnchangedEntry extends EntryBase {
  type: 'checked-unchanged';
  server: string;
  pair?: string;
  role?: Role;
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
  servers: { role: Role; server: string; fingerprint: string; seq: number }[];
}

export type JournalEntry = SnapshotRecordedEntry | CheckedUnchangedEntry | AuditRecordedEntry | NoteAddedEntry | BaselineApprovedEntry;

/** An entry before the store numbers and chains it. */
export type NewEntry = DistributiveOmit<JournalEntry, 'v' | 'seq' | 'prevHash' | 'hash'>;
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

/** Who writes and why; `at` comes from the caller's clock. */
export interface EntryMeta {
  at: string;
  author: string;
  ticket?: string;
  note?: string;
}

/** One change as `changes` lists it, with what the journal knows about it. */
export interface ChangeRow {
  /** `<seq>.<n>`: the recording entry and the change's 1-based index in it. */
  id: string;
  seq: number;
  server: string;
  pair?: string;
  role?: Role;
  setting: string;
  kind: JournalChange['kind'];
  from?: DisplayValue;
  to?: DisplayValue;
  /** Collection time of the snapshot where the change was first seen. */
  firstSeen: string;
  /** Collection time of the snapshot before it: the change happened in between. */
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
