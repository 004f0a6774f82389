// The store's own secret key: the HMAC key under which the secrets of every snapshot recorded in the store are
// hashed, so that they compare across runs. Random, made when the store is made, kept in `secret.key` (mode 0600),
// never printed and never journalled; snapshots name it only by its id (`secretKeyId`, a keyed hash of a fixed text).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { StoreError } from '../errors.js';
import { isSecretValue, secretKeyId } from '../snapshot/secrets.js';
import type { Snapshot } from '../types.js';
import type { JournalEntry } from './types.js';

/** The key file's name inside the store folder. */
export const SECRET_KEY_FILE = 'secret.key';

/**
 * The key a file holds: its bytes without a trailing line break (as `--secret-key-file` reads a file, so that
 * `--secret-key-file .pairaudit/secret.key` gives the store's key to a run without the store).
 */
export function keyFromFileBytes(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d)) end--;
  return bytes.subarray(0, end);
}

/** A new random key as the key file holds it: 32 random bytes as 64 hex digits (the key is that text) and a line break. */
export function newSecretKeyFileText(): string {
  return `${randomBytes(32).toString('hex')}\n`;
}

/** Reads a store's key file; StoreError (exit 2) when it is missing or empty. */
export function readStoreSecretKey(file: string, storeDir: string): Uint8Array {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new StoreError(
      code === 'ENOENT'
        ? `${storeDir}: the store's secret key (${SECRET_KEY_FILE}) is missing; restore it from the store's backup (secrets recorded so far compare only under it)`
        : `${file}: cannot read the store's secret key (${code}); check the store folder's permissions`,
    );
  }
  const key = keyFromFileBytes(bytes);
  if (key.length === 0) throw new StoreError(`${file}: the store's secret key is empty; restore it from the store's backup`);
  return key;
}

/**
 * Keys made for stores that do not exist yet, by folder: a command hashes the secrets of its input under the key
 * before it takes the writer lock, and the write that creates the store then writes that same key.
 */
const pendingKeys = new Map<string, Uint8Array>();

/** The key a store about to be created in `dir` will have (one per folder and process). */
export function pendingSecretKey(dir: string): Uint8Array {
  let key = pendingKeys.get(resolve(dir));
  if (key === undefined) {
    key = keyFromFileBytes(Buffer.from(newSecretKeyFileText(), 'latin1'));
    pendingKeys.set(resolve(dir), key);
  }
  return key;
}

/**
 * Refuses a snapshot whose secrets were hashed under the key made for a store that did not exist yet, when
 * another command created the store (with its own key) meanwhile: recorded, they would never compare.
 */
export function refuseSupersededKey(storeDir: string, keyFile: string, snapshot: Snapshot): void {
  const pending = pendingKeys.get(resolve(storeDir));
  if (pending === undefined) return;
  const id = secretKeyId(pending);
  if (!Object.values(snapshot.settings).some((s) => isSecretValue(s.value) && s.value.keyId === id)) return;
  if (Buffer.compare(Buffer.from(readStoreSecretKey(keyFile, storeDir)), Buffer.from(pending)) === 0) return;
  throw new StoreError(`${storeDir}: another command created the store while this one read its input, so its secrets were hashed under another key; nothing was written: run the command again`);
}

/** The pending key as a key file's text. */
export function pendingSecretKeyFileText(dir: string): string {
  return `${Buffer.from(pendingSecretKey(dir)).toString('latin1')}\n`;
}

/** The ids of the keys a snapshot's secrets were hashed under (none for a snapshot of 0.1.0, which named no key). */
function hashKeysOf(snapshot: Snapshot): Set<string> {
  const ids = new Set<string>();
  for (const s of Object.values(snapshot.settings)) if (isSecretValue(s.value) && s.value.keyId !== undefined) ids.add(s.value.keyId);
  return ids;
}

/**
 * Refuses a snapshot whose secrets were hashed under another key than its server's previous snapshot: the store's
 * key never changes, so secret.key was replaced (or restored from another store), or the input was hashed by a run
 * under another key. Secrets under two keys compare as unknown, never as a change: journalled, a rotated password
 * would read "unchanged" and no change record would show it.
 */
export function refuseOtherKey(server: string, previous: { seq: number; snapshot: Snapshot }, snapshot: Snapshot): void {
  const before = hashKeysOf(previous.snapshot);
  if (before.size === 0) return;
  const other = [...hashKeysOf(snapshot)].find((id) => !before.has(id));
  if (other === undefined) return;
  throw new StoreError(
    `record: ${server}'s secrets are hashed under key ${other}, but its previous snapshot's (entry ${previous.seq}) under ${[...before].sort().join(', ')}: the store's ${SECRET_KEY_FILE} was replaced, or the input was hashed under another key; a changed password would not show as a change. Restore ${SECRET_KEY_FILE} from the store's backup (or collect with --secret-key-file <store>/${SECRET_KEY_FILE}); nothing was written`,
  );
}

/**
 * What is wrong with the store's key file, for `verify`: a key other than the one the journal's latest stored
 * snapshot was hashed under (replaced, or restored from another store), which `record` then refuses
 * (refuseOtherKey). Undefined when it fits, when there is no key file (kept out of git beside the store) or when
 * that snapshot hashed no secret.
 */
export function secretKeyProblem(keyFile: string, entries: JournalEntry[], read: (fingerprint: string) => Snapshot): string | undefined {
  if (!existsSync(keyFile)) return undefined;
  let key: Uint8Array;
  let before: Set<string>;
  let last: JournalEntry | undefined;
  for (let i = entries.length - 1; i >= 0 && last === undefined; i--) if (entries[i].type === 'snapshot-recorded') last = entries[i];
  if (last?.type !== 'snapshot-recorded') return undefined;
  try {
    key = keyFromFileBytes(readFileSync(keyFile));
    before = hashKeysOf(read(last.fingerprint));
  } catch {
    return undefined;
  }
  const id = secretKeyId(key);
  if (before.size === 0 || before.has(id)) return undefined;
  return `holds key ${id}, but the latest stored snapshot (entry ${last.seq}) was hashed under ${[...before].sort().join(', ')}: ${SECRET_KEY_FILE} was replaced or restored from another store, and \`record\` refuses to compare secrets under it; restore it from the store's backup`;
}
