// Secret values as a snapshot keeps them: set / not set and a keyed hash (HMAC-SHA256) under a key named by its
// id, never the data; and the name of the setting that holds the hash of a text's hidden part.
import { createHmac, randomBytes } from 'node:crypto';
import type { RegData, SecretValue, SettingValue } from '../types.js';

let runKey: Uint8Array | undefined;

/** A random key for this run (this process): hashes under it compare only with hashes of the same run. */
export function runSecretKey(): Uint8Array {
  runKey ??= randomBytes(32);
  return runKey;
}

/**
 * The id a snapshot records for the key its secrets were hashed under: 16 hex digits of a keyed hash of a
 * fixed text, so that two snapshots can tell whether their hashes compare, and nothing about the key leaks.
 */
export function secretKeyId(key: string | Uint8Array): string {
  if (typeof key === 'string' ? key === lastKeyText : lastKeyBytes !== undefined && sameBytes(key, lastKeyBytes)) return lastKeyId;
  const id = createHmac('sha256', key).update('pairaudit secret key id', 'utf8').digest('hex').slice(0, 16);
  // The last key's id is kept (every secret of a snapshot is hashed under one key); bytes as copied, so a key changed in place is not mistaken for it.
  lastKeyText = typeof key === 'string' ? key : undefined;
  lastKeyBytes = typeof key === 'string' ? undefined : Uint8Array.from(key);
  lastKeyId = id;
  return id;
}

let lastKeyText: string | undefined;
let lastKeyBytes: Uint8Array | undefined;
let lastKeyId = '';

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Version of the snapshot format written: 2 records the key id of each secret's hash (and presence-only
 * secrets); 3 (the same in memory) names each key once in its canonical form (keyed.ts); 4 (the same in
 * memory) writes each run of settings of one key and name prefix as one group (grouped.ts).
 */
export const SNAPSHOT_SCHEMA_VERSION = 4;

export function isSecretValue(v: SettingValue | undefined): v is SecretValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && (v as SecretValue).secret === true;
}

/** The bytes the hash covers: text as UTF-8, a list joined with NUL, a number in decimal, binary as its hex text. */
function secretText(data: RegData): string {
  if (Array.isArray(data)) return data.join('\u0000');
  return typeof data === 'number' ? String(data) : data;
}

/**
 * Turns registry data into a SecretValue: empty data is "not set" and has no hash; `presence` keeps only
 * "set" (machine-bound data such as DPAPI blobs, different on every server by design); otherwise a keyed
 * hash and the id of its key.
 */
export function toSecretValue(data: RegData, key: string | Uint8Array = runSecretKey(), compare: 'hash' | 'presence' = 'hash'): SecretValue {
  const text = secretText(data);
  if (text === '' || (Array.isArray(data) && data.length === 0)) return { secret: true, set: false };
  // Fields in sorted order, as canonical JSON writes them.
  if (compare === 'presence') return { presence: true, secret: true, set: true };
  return { hmac: createHmac('sha256', key).update(text, 'utf8').digest('hex'), keyId: secretKeyId(key), secret: true, set: true };
}

/**
 * The setting beside a text with a secret inside (`Server=db1;Password=(hidden)`) that holds the keyed hash of
 * what was hidden, so that a differing password is compared (`differs (values hidden)`) while the readable
 * rest is compared as text: `reg:DB\ConnectionString#hidden`.
 */
export function hiddenPartName(name: string): string {
  return `${name}${HIDDEN_PART_SUFFIX}`;
}

export const HIDDEN_PART_SUFFIX = '#hidden';

/**
 * How a message or a gathered value shows a secret (src/engine/values.ts formatValue): whether it is set, and
 * whether two servers' values differ, never the value. Free text that quotes such a form keeps it (secrets.ts KEPT).
 */
export const SECRET_SHOWN = {
  notSet: '(secret, not set)',
  set: '(secret, set)',
  differs: '(secret, set; differs, values hidden)',
} as const;

/** What every form of SECRET_SHOWN starts with. */
export const SECRET_SHOWN_START = '(secret, ';
