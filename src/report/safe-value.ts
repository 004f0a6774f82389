// A display value reduced to what a report may show (secrets as set / same), without the view model: the JSON
// format needs only this, and so loads neither the view nor the line diff.
import { defaultSecretDetector } from '../snapshot/secrets.js';
import type { DisplayValue } from '../types.js';

export function isSecretDisplay(value: DisplayValue | undefined): value is { secret: true; set: boolean; same?: boolean } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && (value as { secret?: unknown }).secret === true;
}

/**
 * A value reduced to what may be shown: secrets keep only set / not set and same / different, whatever
 * else the object carries (a stray hmac or plaintext never reaches a report).
 */
export function safeDisplayValue(value: DisplayValue | undefined): DisplayValue {
  if (value === undefined || value === null) return null;
  if (isSecretDisplay(value)) return value.same === undefined ? { secret: true, set: value.set === true } : { secret: true, set: value.set === true, same: value.same === true };
  if (typeof value === 'object' && !Array.isArray(value)) return '[object]';
  // Snapshots hide content secrets when collected; this catches a result file that was not made so.
  if (typeof value !== 'string' && !Array.isArray(value)) return value;
  const found = defaultSecretDetector().inspectContent(value);
  if (found.kind === 'whole') return { secret: true, set: true };
  return found.kind === 'partial' ? found.masked : value;
}

