// The canonical form of a snapshot (stable key order, no whitespace) and its sha256 fingerprint.
import { createHash } from 'node:crypto';
import stringify from 'fast-json-stable-stringify';
import type { Snapshot } from '../types.js';

/** Canonical JSON: keys sorted at every level, no whitespace; the same snapshot always gives the same bytes. */
export function canonicalJson(s: Snapshot): string {
  return stringify(s);
}

/** sha256 hex of the canonical JSON (UTF-8): the snapshot's identity in the history store and in reports. */
export function fingerprint(s: Snapshot): string {
  return createHash('sha256').update(canonicalJson(s), 'utf8').digest('hex');
}
