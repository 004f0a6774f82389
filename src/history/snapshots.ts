// What the history store needs from snapshots (canonical bytes, fingerprint, diff), from src/snapshot/.
import { canonicalJson, diffSnapshots, type ProtectBefore, fingerprint, fromGroupedDocument, fromKeyedDocument, GROUPED_SCHEMA_VERSION, KEYED_SCHEMA_VERSION, type GroupedDocument, type KeyedDocument } from '../snapshot/index.js';
import type { DisplayValue, Snapshot } from '../types.js';
import { keysSorted } from './canonical-check.js';
import type { JournalChange } from './types.js';

export function snapshotCanonical(snapshot: Snapshot): string {
  return canonicalJson(snapshot);
}

/**
 * The snapshot a stored file's JSON holds, once its hash matched: format 4's grouped document and format 3's
 * keyed document with their settings and provenance rebuilt, formats 1 and 2 as they are. Undefined for JSON
 * that is no snapshot object at all (or a format 3 or 4 document without its tables): such a file is not what
 * pairaudit wrote.
 */
export function snapshotFromJson(json: unknown): Snapshot | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const version = (json as { schemaVersion?: unknown }).schemaVersion;
  if (version === GROUPED_SCHEMA_VERSION) {
    const doc = json as Partial<GroupedDocument>;
    if (!Array.isArray(doc.origins) || !Array.isArray(doc.groups)) return undefined;
    return tryRead(() => fromGroupedDocument(doc as GroupedDocument));
  }
  if (version !== KEYED_SCHEMA_VERSION) return json as Snapshot;
  const doc = json as Partial<KeyedDocument>;
  if (!Array.isArray(doc.origins) || typeof doc.settings !== 'object' || doc.settings === null) return undefined;
  return tryRead(() => fromKeyedDocument(doc as KeyedDocument));
}

function tryRead(read: () => Snapshot): Snapshot | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/**
 * Whether `text` is the canonical JSON of `snapshot` (read from it). Formats 1 and 2: with every key already
 * in sorted order the native JSON.stringify writes the same bytes as the canonical serialiser, several times
 * faster; when that quick test says no, the canonical serialiser itself has the last word. Formats 3 and 4:
 * their streamed writer.
 */
export function isCanonicalSnapshotText(text: string, snapshot: Snapshot): boolean {
  const streamed = snapshot.schemaVersion === KEYED_SCHEMA_VERSION || snapshot.schemaVersion === GROUPED_SCHEMA_VERSION;
  if (!streamed && keysSorted(snapshot) && JSON.stringify(snapshot) === text) return true;
  return snapshotCanonical(snapshot) === text;
}

export function snapshotFingerprint(snapshot: Snapshot): string {
  return fingerprint(snapshot);
}

/**
 * The journal's form of the diff: setting, kind, before and after as display values (secrets as set and
 * different only). Provenance is left out: it is in the stored snapshots, and line numbers are not changes.
 * `protectBefore`: `before` as today's secret patterns store it (diffSnapshots), for a stored snapshot.
 */
export function diffForJournal(before: Snapshot, after: Snapshot, protectBefore?: ProtectBefore): JournalChange[] {
  return diffSnapshots(before, after, protectBefore).map((c) => ({
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
