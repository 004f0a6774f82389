// The canonical form of a snapshot (stable key order, no whitespace) and its sha256 fingerprint.
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import stringify from 'fast-json-stable-stringify';
import type { Snapshot } from '../types.js';
import { JsonBytes } from './json-bytes.js';
import { GROUPED_SCHEMA_VERSION, writeGrouped } from './grouped.js';
import { KEYED_SCHEMA_VERSION, writeKeyed } from './keyed.js';

/** Marks a value whose keys JSON.stringify cannot be made to write in sorted order. */
const UNORDERABLE = Symbol('unorderable');

/**
 * `node` with the keys of every object in sorted order: `node` itself when they already are (a snapshot
 * built here or read from canonical JSON), else a copy of the parts that are not. UNORDERABLE where
 * JSON.stringify would not keep that order (integer-like keys come first) or would not write what
 * fast-json-stable-stringify writes (toJSON, class instances).
 */
function inSortedOrder(node: unknown): unknown {
  if (typeof node !== 'object' || node === null) return node;
  if (typeof (node as { toJSON?: unknown }).toJSON === 'function') return UNORDERABLE;
  if (Array.isArray(node)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < node.length; i++) {
      const item = inSortedOrder(node[i]);
      if (item === UNORDERABLE) return UNORDERABLE;
      if (item !== node[i]) (copy ??= [...node])[i] = item;
    }
    return copy ?? node;
  }
  const proto: unknown = Object.getPrototypeOf(node);
  if (proto !== Object.prototype && proto !== null) return UNORDERABLE;
  const obj = node as Record<string, unknown>;
  // Check first (no copy in the usual case); stop at the first key out of order or value that changed.
  let inOrder = true;
  let previous: string | undefined;
  let changedKey: string | undefined;
  let changedValue: unknown;
  for (const k in obj) {
    if (previous !== undefined && !(previous < k)) {
      inOrder = false;
      break;
    }
    previous = k;
    const v = inSortedOrder(obj[k]);
    if (v === UNORDERABLE) return UNORDERABLE;
    if (v !== obj[k]) {
      inOrder = false;
      changedKey = k;
      changedValue = v;
      break;
    }
  }
  if (inOrder) return node;
  // A null prototype, so that a "__proto__" key stays a plain key.
  const copy = Object.create(null) as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  for (const k of keys) {
    const v = k === changedKey ? changedValue : inSortedOrder(obj[k]);
    if (v === UNORDERABLE) return UNORDERABLE;
    copy[k] = v;
  }
  let i = 0;
  for (const k in copy) if (k !== keys[i++]) return UNORDERABLE;
  return copy;
}

/**
 * Canonical JSON: keys sorted at every level, no whitespace; the same snapshot always gives the same bytes.
 * The bytes are fast-json-stable-stringify's; native JSON.stringify writes them much faster once every
 * object's keys are in sorted order, so that is the usual path for formats 1 and 2. Formats 3 and 4 are
 * written by their own streamed writers.
 */
export function canonicalJson(s: Snapshot): string {
  const write = streamedWriter(s);
  if (write !== undefined) {
    const pieces: Buffer[] = [];
    const out = new JsonBytes((bytes) => pieces.push(Buffer.from(bytes)));
    write(s, out);
    out.flush();
    return Buffer.concat(pieces).toString('utf8');
  }
  const ordered = inSortedOrder(s);
  return ordered === UNORDERABLE ? stringify(s) : JSON.stringify(ordered);
}

/**
 * Writes the JSON text of `node` (keys already in sorted order, see inSortedOrder) to `out`: the top
 * level and the objects directly in it (the settings) key by key, deeper values whole through
 * JSON.stringify, so that no string the size of the snapshot is built.
 */
function writeJson(node: unknown, out: JsonBytes, depth: number): void {
  if (depth >= 2 || typeof node !== 'object' || node === null || Array.isArray(node)) {
    out.raw(JSON.stringify(node));
    return;
  }
  const obj = node as Record<string, unknown>;
  let separator = '{';
  for (const k in obj) {
    const v = obj[k];
    // What JSON.stringify leaves out of an object.
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    out.raw(`${separator}${JSON.stringify(k)}:`);
    separator = ',';
    writeJson(v, out, depth + 1);
  }
  out.raw(separator === '{' ? '{}' : '}');
}

/**
 * The writer of the snapshot's canonical form by its format: format 4's grouped document (grouped.ts), format
 * 3's keyed document (keyed.ts). Undefined for formats 1 and 2, which keep theirs (the snapshot itself as
 * canonical JSON), so that their stored fingerprints still verify.
 */
function streamedWriter(s: Snapshot): ((s: Snapshot, out: JsonBytes) => void) | undefined {
  const version = typeof s === 'object' && s !== null ? (s as { schemaVersion?: unknown }).schemaVersion : undefined;
  return version === GROUPED_SCHEMA_VERSION ? writeGrouped : version === KEYED_SCHEMA_VERSION ? writeKeyed : undefined;
}

/** sha256 hex of the canonical JSON (UTF-8): the snapshot's identity in the history store and in reports. */
export function fingerprint(s: Snapshot): string {
  const hash = createHash('sha256');
  // The text is written as UTF-8 into one reused buffer and hashed piece by piece: no string per setting,
  // no string the size of the snapshot.
  const out = new JsonBytes(hash);
  const write = streamedWriter(s);
  if (write !== undefined) write(s, out);
  else {
    const ordered = inSortedOrder(s);
    if (ordered === UNORDERABLE) return hash.update(Buffer.from(stringify(s), 'utf8')).digest('hex');
    writeJson(ordered, out, 0);
  }
  out.flush();
  return hash.digest('hex');
}
