// What the history store needs from snapshots (canonical bytes, fingerprint, diff), from src/snapshot/.
import { canonicalJson, diffSnapshots, fingerprint, fromKeyedDocument, KEYED_SCHEMA_VERSION, type KeyedDocument } from '../snapshot/index.js';
import type { DisplayValue, Snapshot } from '../types.js';
import { keysSorted } from './canonical-check.js';
import type { JournalChange } from './types.js';

export function snapshotCanonical(snapshot: Snapshot): string {
  return canonicalJson(snapshot);
}

/**
 * The snapshot a stored file's JSON holds, once its hash matched: format 3's keyed document with its
 * provenance rebuilt, formats 1 and 2 as they are. Undefined for JSON that is no snapshot object at all
 * (or a format 3 document without its tables): such a file is not what pairaudit wrote.
 */
export function snapshotFromJson(json: unknown): Snapshot | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const doc = json as Partial<KeyedDocument>;
  if (doc.schemaVersion !== KEYED_SCHEMA_VERSION) return json as Snapshot;
  if (!Array.isArray(doc.origins) || typeof doc.settings !== 'object' || doc.settings === null) return undefined;
  try {
    return fromKeyedDocument(doc as KeyedDocument);
  } catch {
    return undefined;
  }
}

/**
 * Whether `text` is the canonical JSON of `snapshot` (read from it). Formats 1 and 2: with every key already
 * in sorted order the native JSON.stringify writes the same bytes as the canonical serialiser, several times
 * faster; when that quick test says no, the canonical serialiser itself has the last word.
 */
export function isCanonicalSnapshotText(text: string, snapshot: Snapshot): boolean {
  if (snapshot.schemaVersion !== KEYED_SCHEMA_VERSION && keysSorted(snapshot) && JSON.stringify(snapshot) === text) return true;
  return snapshotCanonical(snapshot) === text;
}

export function snapshotFingerprint(snapshot: Snapshot): string {
  return fingerprint(snapshot);
}

/**
 * The journal's form of the diff: setting, kind, before and after as display values (secrets as set and
 * different only). Provenance is left out: it is in the stored snapshots, and line numbers are not changes.
 */
export function diffForJournal(before: Snapshot, after: Snapshot): JournalChange[] {
  return diffSnapshots(before, after).map((c) => ({
    setting: c.setting,
    kind: c.kind,
    ...(c.before !== undefined ? { from: withoutSame(c.before) } : {}),
    ...(c.after !== undefined ? { to: c.after } : {}),
  }));
}

/** The old side of a secret change is just "set" / "not set"; "different" belongs to the new side. */
function withoutSame(v: DisplayValue): DisplayValue {
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && v.secret === true) return { secret: true, set: v.set };
  return v;
}
