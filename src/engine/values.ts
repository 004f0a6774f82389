// Setting values as findings show them (secrets as set/not set), and the equality rules used to compare them.
import type { DisplayValue, Role, SecretValue, SettingValue } from '../types.js';

export function isSecret(v: SettingValue | undefined): v is SecretValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && (v as SecretValue).secret === true;
}

/**
 * What a finding shows for a value: never a secret's hash, only whether it is set and, when both sides
 * are set, whether their keyed hashes agree (`same`; Geo SCADA encrypts per machine, so it may well differ).
 */
export function displayValue(v: SettingValue | undefined, other?: SettingValue | undefined): DisplayValue {
  if (v === undefined) return null;
  if (isSecret(v)) {
    const shown: DisplayValue = { secret: true, set: v.set };
    if (v.set && isSecret(other) && other.set && v.hmac !== undefined && other.hmac !== undefined) shown.same = v.hmac === other.hmac;
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

/** Equality of two present values. Secrets are equal when both are set or both unset (never by value). */
export function valuesEqual(a: SettingValue, b: SettingValue, opts: EqualityOptions = {}): boolean {
  const ci = opts.caseInsensitive === true;
  if (isSecret(a) || isSecret(b)) return isSecret(a) && isSecret(b) && a.set === b.set;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
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

/** A value as it appears inside a message. */
export function formatValue(v: DisplayValue | SettingValue | undefined): string {
  if (v === undefined || v === null) return '(not set)';
  if (typeof v === 'object' && !Array.isArray(v)) return v.set ? '(secret, set)' : '(secret, not set)';
  if (Array.isArray(v)) return v.length === 0 ? '[]' : `[${v.join(', ')}]`;
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
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

const ROLE_NAMES: Record<Role, string> = {
  main: 'Main',
  'standby-a': 'Standby A',
  'standby-b': 'Standby B',
  'permanent-a': 'Permanent Standby A',
  'permanent-b': 'Permanent Standby B',
  'permanent-c': 'Permanent Standby C',
  'permanent-d': 'Permanent Standby D',
};

export const ROLES = Object.keys(ROLE_NAMES) as Role[];

export function roleName(role: Role): string {
  return ROLE_NAMES[role];
}

export function isRole(text: string): text is Role {
  return Object.prototype.hasOwnProperty.call(ROLE_NAMES, text);
}

/** The Main's partner link that points at a server of this role (`standby-a` → `standbyA`). */
export function linkForRole(role: Role): string | undefined {
  const m = /^(standby|permanent)-([a-d])$/.exec(role);
  return m === null ? undefined : m[1] + m[2].toUpperCase();
}
