// The store's own secret key: the HMAC key under which the secrets of every snapshot recorded in the store are
// hashed, so that they compare across runs. Random, made when the store is made, kept in `secret.key` (mode 0600),
// never printed and never journalled; snapshots name it only by its id (`secretKeyId`, a keyed hash of a fixed text).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { StoreError } from '../errors.js';
import { isSecretValue, secretKeyId } from '../snapshot/secrets.js';
import type { Snapshot } from '../types.js';

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
