// Hashing and canonical JSON for the history store: one serialisation, so every hash is reproducible.
import { createHash } from 'node:crypto';
import stringify from 'fast-json-stable-stringify';

/** Canonical JSON: keys sorted, no whitespace (fast-json-stable-stringify), as the team agreed. */
export function canonical(value: unknown): string {
  return stringify(value);
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The previous-hash of the first journal entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** A fingerprint may be bare hex or `sha256:<hex>`; file names use the hex part. */
export function fingerprintHex(fingerprint: string): string {
  const hex = fingerprint.startsWith('sha256:') ? fingerprint.slice('sha256:'.length) : fingerprint;
  return hex.toLowerCase();
}

export function isSha256Hex(text: string): boolean {
  return /^[0-9a-f]{64}$/.test(text);
}
