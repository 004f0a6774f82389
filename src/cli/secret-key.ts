// Which key secrets are hashed under: a key file or the environment for a run, the history store's own key for
// what is recorded. Shared by every command that collects (collect, audit, check, fleet, record).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError, unreadable } from '../errors.js';
import { keyFromFileBytes } from '../history/secret-key.js';
import type { CliIO } from './io.js';
import { storeDir } from './store-folder.js';

/** The --secret-key-file option of collect, audit, check and fleet. */
export const secretKeyFileOption = [
  '--secret-key-file <file>',
  'key for the keyed hash of secrets (default: $PAIRAUDIT_SECRET_KEY, else a random key for this run: its hashes compare only with those of the same run; what is recorded in a history store is hashed under the store\'s own key)',
] as const;

/**
 * The HMAC key for secrets: --secret-key-file, else PAIRAUDIT_SECRET_KEY; undefined leaves the choice to
 * the library (a random key for the run, runSecretKey), so hashes then compare only within the run.
 */
export function secretKeyFrom(io: CliIO, file?: string): string | Uint8Array | undefined {
  if (file !== undefined) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(resolve(io.cwd, file));
    } catch (e) {
      throw new UsageError(`--secret-key-file ${file}: ${unreadable(e)}`);
    }
    // A key file written by an editor or `echo` ends with a newline that is not part of the key.
    const key = keyFromFileBytes(bytes);
    if (key.length === 0) throw new UsageError(`--secret-key-file ${file}: the file is empty; put a random key in it (e.g. 32 random bytes)`);
    return key;
  }
  const env = io.env.PAIRAUDIT_SECRET_KEY;
  return env !== undefined && env !== '' ? env : undefined;
}

/**
 * The key for a command that writes to the history store (record, audit/check/fleet --record): the store's own
 * key (`secret.key`, made at random with the store), so that its snapshots compare on every run. A key given
 * with --secret-key-file would hash them under another key: refused. PAIRAUDIT_SECRET_KEY is not used.
 */
export async function storeSecretKey(io: CliIO, storeOption: string | undefined, keyFile?: string): Promise<Uint8Array> {
  if (keyFile !== undefined) throw new UsageError("--secret-key-file and --record: what is recorded is hashed under the history store's own key; leave out one of them");
  const { openStore } = await import('../history/index.js');
  return openStore(storeDir(io, storeOption)).secretKey();
}

/**
 * The key of a run's secrets. With --record, the store's own key. A run that compares with the store without
 * recording (`audit`/`check --pair`, `fleet --attribute`) and is given no key uses the store's key too when
 * there is a store, so that a secret that changed since the approved baseline is attributed, not unknown.
 * Otherwise --secret-key-file, else PAIRAUDIT_SECRET_KEY, else undefined (a random key for the run).
 */
export async function runSecretKeyFor(io: CliIO, opts: { record: boolean; comparesWithStore: boolean; store?: string; keyFile?: string }): Promise<string | Uint8Array | undefined> {
  if (opts.record) return storeSecretKey(io, opts.store, opts.keyFile);
  const given = secretKeyFrom(io, opts.keyFile);
  if (given !== undefined || !opts.comparesWithStore) return given;
  const { openStore } = await import('../history/index.js');
  const store = openStore(storeDir(io, opts.store));
  return store.exists() ? store.secretKey() : undefined;
}
