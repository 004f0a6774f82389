// Setting values as findings show them (secrets as set/not set), and the equality rules used to compare them.
import type { DisplayValue, Role, SecretValue, SettingValue } from '../types.js';
import { SECRET_SHOWN } from '../snapshot/secret-values.js';

export function isSecret(v: SettingValue | undefined): v is SecretValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && (v as SecretValue).secret === true;
}

/**
 * How two secrets that are both set can be compared: by their keyed hashes (`hash`, same key), not at all
 * (`keys-differ`: hashed under different keys, e.g. collected in two runs without a shared key), or only as
 * set / not set (`presence`: DPAPI blobs, which differ per machine by design, and snapshots of format 1,
 * whose hashes name no key).
 */
export function secretComparison(a: SecretValue, b: SecretValue): 'hash' | 'keys-differ' | 'presence' {
  if (a.hmac === undefined || b.hmac === undefined || a.keyId === undefined || b.keyId === undefined) return 'presence';
  return a.keyId === b.keyId ? 'hash' : 'keys-differ';
}

/** True when both values are set secrets hashed under different keys: they cannot be compared (unknown, never a change). */
export function secretKeysDiffer(a: SettingValue | undefined, b: SettingValue | undefined): boolean {
  return isSecret(a) && isSecret(b) && a.set && b.set && secretComparison(a, b) === 'keys-differ';
}

/**
 * What a finding shows for a value: never a secret's hash, only whether it is set and, when both sides
 * are set and hashed under the same key, whether the hashes agree (`same`).
 */
export function displayValue(v: SettingValue | undefined, other?: SettingValue | undefined): DisplayValue {
  if (v === undefined) return null;
  if (isSecret(v)) {
    const shown: DisplayValue = { secret: true, set: v.set };
    if (v.set && isSecret(other) && other.set && secretComparison(v, other) === 'hash') shown.same = v.hmac === other.hmac;
    return shown;
  }
  return Array.isArray(v) ? [...v] : v;
}

export interface EqualityOptions {
  unordered?: boolean;
  caseInsensitive?: boolean;
}

function scalarKey(v: string | number | boolean | null, ci: boolean): string {
  if (typeof v === 'string') return 's:' + (ci ? v.toLowerCase() : v);
  return typeof v + ':' + String(v);
}

/** Whether scalarKey(x, false) equals scalarKey(y, false): the same type and the same text. */
function scalarsEqual(x: string | number | boolean | null, y: string | number | boolean | null): boolean {
  return x === y || (typeof x === typeof y && String(x) === String(y));
}

/**
 * Equality of two present values. Secrets: both unset, or both set and, when hashed under the same key,
 * with the same hash (never by value); set secrets hashed under different keys are not equal (see
 * secretComparison, and secretKeysDiffer, which comparators check first to report them as unknown).
 */
export function valuesEqual(a: SettingValue, b: SettingValue, opts: EqualityOptions = {}): boolean {
  const ci = opts.caseInsensitive === true;
  if (isSecret(a) || isSecret(b)) {
    if (!isSecret(a) || !isSecret(b) || a.set !== b.set) return false;
    if (!a.set) return true;
    const how = secretComparison(a, b);
    // Under different keys they are not known to be equal: the comparators report that as unknown.
    return how === 'presence' || (how === 'hash' && a.hmac === b.hmac);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    // In order and with case: element by element, as their keys compare, without building the keys (the
    // pair's join asks this of every two lists).
    if (opts.unordered !== true && !ci) {
      for (let i = 0; i < a.length; i++) if (!scalarsEqual(a[i], b[i])) return false;
      return true;
    }
    const ka = a.map((x) => scalarKey(x, ci));
    const kb = b.map((x) => scalarKey(x, ci));
    if (opts.unordered === true) {
      ka.sort();
      kb.sort();
    }
    return ka.every((x, i) => x === kb[i]);
  }
  // Same as comparing scalarKey(a, ci) with scalarKey(b, ci), without building the keys (called per setting).
  if (typeof a !== typeof b) return false;
  if (a === b) return true;
  if (typeof a === 'string') return ci && a.toLowerCase() === (b as string).toLowerCase();
  return String(a) === String(b);
}

/**
 * A value as it appears inside a message. A list's items are written as a scalar is (texts as JSON strings), so
 * that two lists that differ read differently: raw, ["C:\\a, D:\\b"] and ["C:\\a", "D:\\b"] would both read
 * `[C:\a, D:\b]`, and an item holding `]` or a line break could make the message read as something it is not.
 */
export function formatValue(v: DisplayValue | SettingValue | undefined): string {
  if (v === undefined || v === null) return '(not set)';
  if (Array.isArray(v)) return `[${(v as unknown[]).map(formatScalar).join(', ')}]`;
  if (typeof v === 'object') {
    if (!v.set) return SECRET_SHOWN.notSet;
    const same = (v as { same?: boolean }).same;
    return same === false ? SECRET_SHOWN.differs : SECRET_SHOWN.set;
  }
  return formatScalar(v);
}

/** A text as a JSON string, anything else as its text: a list's items come from snapshots, whose types are not checked here. */
function formatScalar(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/** Reads a number from a setting value (numbers, or decimal strings such as large QWORDs). */
export function asNumber(v: SettingValue | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return undefined;
}

/** True for values that say "present/enabled": used by subset rules over `...installed` flags. */
export function isTruthy(v: SettingValue | undefined): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return !/^(false|0|no|)$/i.test(v.trim());
  if (isSecret(v)) return v.set;
  return true;
}

// Roles and their labels live in src/vocabulary.ts; re-exported under the names the engine has always used.
export { ROLES, isRole, roleLabel as roleName } from '../vocabulary.js';

/** The Main's partner link that points at a server of this role (`standby-a` → `standbyA`). */
export function linkForRole(role: Role): string | undefined {
  const m = /^(standby|permanent)-([a-d])$/.exec(role);
  return m === null ? undefined : m[1] + m[2].toUpperCase();
}
