// What the history store needs from snapshots (canonical bytes, fingerprint, diff), from src/snapshot/.
import { canonicalJson, diffSnapshots, fingerprint } from '../snapshot/index.js';
import type { DisplayValue, Snapshot } from '../types.js';
import type { JournalChange } from './types.js';

export function snapshotCanonical(snapshot: Snapshot): string {
  return canonicalJson(snapshot);
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
