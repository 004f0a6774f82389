// Which key secrets are hashed under: a key file or the environment, shared by every command that collects.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { DEFAULT_SECRET_KEY } from '../snapshot/secrets.js';
import type { CliIO } from './io.js';

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
      throw new UsageError(`--secret-key-file ${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    // A key file written by an editor or `echo` ends with a newline that is not part of the key.
    const key = bytes.subarray(0, bytes.length - (/[\r\n]+$/.exec(bytes.toString('latin1'))?.[0].length ?? 0));
    if (key.length === 0) throw new UsageError(`--secret-key-file ${file}: the file is empty; put a random key in it (e.g. 32 random bytes)`);
    return key;
  }
  const env = io.env.PAIRAUDIT_SECRET_KEY;
  return env !== undefined && env !== '' ? env : undefined;
}

/**
 * The key for a command that writes to the history store (record, audit --record, fleet --record): the
 * same key on every run, so that its snapshots compare. Until the store has a key of its own, that is
 * PAIRAUDIT_SECRET_KEY, else the public default key (which only hides values from casual reading).
 */
export function storeSecretKey(io: CliIO): string | Uint8Array {
  return secretKeyFrom(io) ?? DEFAULT_SECRET_KEY;
}
