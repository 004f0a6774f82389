// Secret values (stored passwords, keys): kept only as set / not set plus a keyed hash, never in clear.
import { createHmac } from 'node:crypto';
import type { RegData, SecretValue, SettingValue } from '../types.js';

/**
 * Used when no key is given (`--secret-key-file`, `PAIRAUDIT_SECRET_KEY`). Anyone can recompute hashes
 * with it, so it only hides values from casual reading; a guessable password can be confirmed by brute force.
 */
export const DEFAULT_SECRET_KEY = 'pairaudit default secret key (hides values from casual reading only)';

/** Default pattern of value names treated as secrets; profiles may replace it (`secretValueNames`). */
export const DEFAULT_SECRET_NAMES = 'password|passwd|secret|credential|privatekey|apikey|key$';

export function isSecretValue(v: SettingValue | undefined): v is SecretValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && (v as SecretValue).secret === true;
}

/** The bytes the hash covers: text as UTF-8, a list joined with NUL, a number in decimal, binary as its hex text. */
function secretText(data: RegData): string {
  if (Array.isArray(data)) return data.join('\u0000');
  return typeof data === 'number' ? String(data) : data;
}

/** Turns registry data into a SecretValue: empty data is "not set" and has no hash. */
export function toSecretValue(data: RegData, key: string | Uint8Array = DEFAULT_SECRET_KEY): SecretValue {
  const text = secretText(data);
  if (text === '' || (Array.isArray(data) && data.length === 0)) return { secret: true, set: false };
  // Fields in sorted order, as canonical JSON writes them.
  return { hmac: createHmac('sha256', key).update(text, 'utf8').digest('hex'), secret: true, set: true };
}
