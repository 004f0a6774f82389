// What a migration step gets: the journal's entries as plain objects, and the store's objects to read and rewrite.
import type { AuditResult, Snapshot } from '../../types.js';
import type { BlobRef } from '../types.js';

/** A journal entry as stored, in the shape of the version being migrated from. */
export type RawEntry = Record<string, unknown> & { seq: number; type: string };

export interface MigrationContext {
  /**
   * Every entry in order. A step rewrites them in place, entry for entry: it never adds, drops or reorders
   * one (so numbers and change ids stay valid); `v`, `prevHash` and `hash` are set by the runner afterwards.
   */
  entries: RawEntry[];
  /** The store's own secret key (made by the migration for a store that had none): hashes secrets found in clear. */
  secretKey: Uint8Array;
  /** A stored snapshot (of the old store, or one an earlier step stored). */
  readSnapshot(fingerprint: string): Snapshot;
  /** Stores a (rewritten) snapshot; the step puts the new fingerprint and blob in the entries that name it. */
  putSnapshot(snapshot: Snapshot): { fingerprint: string; blob: BlobRef };
  readAudit(resultSha256: string): AuditResult;
  putAudit(result: AuditResult): { resultSha256: string; blob: BlobRef };
  /** One line per entry the step changed in a way a reader of the journal should know about. */
  report(line: string): void;
}

export type MigrationStep = (ctx: MigrationContext) => void;
