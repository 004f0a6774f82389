// The settings that differ between two snapshots: added, removed, changed (secrets by keyed hash only).
import type { DisplayValue, Setting, SettingChange, SettingValue, Snapshot } from '../types.js';
import type { ProtectedSetting } from './protect.js';
import { hiddenPartName, HIDDEN_PART_SUFFIX, isSecretValue } from './secret-values.js';
import { settingsByLowerName, toDisplayValue } from './settings.js';

export type { SettingChange } from '../types.js';

/**
 * Exact equality of two setting values; secrets are equal when both are unset or their hashes match
 * (and, not being comparable, when compared by presence only or hashed under different keys).
 */
export function sameValue(a: SettingValue, b: SettingValue): boolean {
  if (isSecretValue(a) || isSecretValue(b)) {
    if (!isSecretValue(a) || !isSecretValue(b)) return false;
    if (a.set !== b.set) return false;
    // Compared as set / not set only (DPAPI blobs), or hashed under different keys: not known to have changed.
    if (a.presence === true || b.presence === true) return true;
    if (a.set && a.keyId !== undefined && b.keyId !== undefined && a.keyId !== b.keyId) return true;
    return a.hmac === b.hmac;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => x === b[i]);
  }
  return a === b;
}

function sameSetting(a: Setting, b: Setting): boolean {
  // A value rewritten with another registry type (REG_SZ → REG_EXPAND_SZ) is a real change too.
  return sameValue(a.value, b.value) && (a.regType ?? null) === (b.regType ?? null);
}

/** A setting of an older snapshot as today's secret patterns store it (HistoryStore.protector); undefined: as it is. */
export type ProtectBefore = (name: string, setting: Setting) => ProtectedSetting | undefined;

/**
 * What changed from `before` to `after`, sorted by lower-cased setting name. Names match
 * case-insensitively, so a name whose case alone differs is not a change.
 *
 * With `protectBefore`, each setting of `before` that differs from `after` (or is gone from it) is taken as today's
 * patterns store it, and so is the hidden part of a text `after` hides part of (`<name>#hidden`): a value an older
 * pairaudit kept in clear that a newer pattern finds is then no change, and no change holds it in clear. Only the
 * settings that differ are looked at.
 */
export function diffSnapshots(before: Snapshot, after: Snapshot, protectBefore?: ProtectBefore): SettingChange[] {
  const a = settingsByLowerName(before);
  const b = settingsByLowerName(after);
  const names = [...new Set([...a.keys(), ...b.keys()])].sort();
  const changes: SettingChange[] = [];
  for (const lower of names) {
    const y = b.get(lower);
    const x = protectBefore === undefined ? a.get(lower) : beforeAsToday(a, lower, y, protectBefore);
    const secret = (x !== undefined && isSecretValue(x.setting.value)) || (y !== undefined && isSecretValue(y.setting.value));
    if (x !== undefined && y !== undefined) {
      if (sameSetting(x.setting, y.setting)) continue;
      changes.push({
        setting: y.name,
        kind: 'changed',
        before: secret ? asSecret(x.setting.value) : toDisplayValue(x.setting.value),
        after: secret ? asSecret(y.setting.value) : toDisplayValue(y.setting.value),
        beforeSource: x.setting.source,
        afterSource: y.setting.source,
        ...(secret ? { secret: true as const } : {}),
      });
    } else if (y !== undefined) {
      changes.push({ setting: y.name, kind: 'added', after: toDisplayValue(y.setting.value), afterSource: y.setting.source, ...(secret ? { secret: true as const } : {}) });
    } else if (x !== undefined) {
      changes.push({ setting: x.name, kind: 'removed', before: toDisplayValue(x.setting.value), beforeSource: x.setting.source, ...(secret ? { secret: true as const } : {}) });
    }
  }
  return changes;
}

type Named = { name: string; setting: Setting };

/** Setting `lower` of `before` (by lower-cased name, `a`) as protectBefore takes it where it differs from `after`'s `y`. */
function beforeAsToday(a: Map<string, Named>, lower: string, y: Named | undefined, protectBefore: ProtectBefore): Named | undefined {
  const x = a.get(lower);
  if (x !== undefined) {
    if (y !== undefined && sameSetting(x.setting, y.setting)) return x;
    const p = protectBefore(x.name, x.setting);
    return p === undefined ? x : { name: x.name, setting: p.setting };
  }
  // Absent before: the hidden part of a text before held in clear (`<name>#hidden`), as today would have stored it.
  if (y === undefined || !lower.endsWith(HIDDEN_PART_SUFFIX)) return undefined;
  const whole = a.get(lower.slice(0, -HIDDEN_PART_SUFFIX.length));
  const hidden = whole === undefined ? undefined : protectBefore(whole.name, whole.setting)?.hidden;
  return hidden === undefined || whole === undefined ? undefined : { name: hiddenPartName(whole.name), setting: hidden };
}

/**
 * One side of a changed secret: set / not set, and not the same. A side still in clear (a snapshot stored before
 * a newer pattern took the setting for a secret, `AdminPIN`) is shown the same way, never as its data.
 */
function asSecret(v: SettingValue): DisplayValue {
  if (isSecretValue(v)) return toDisplayValue(v, false);
  return { secret: true, set: !(v === null || v === '' || (Array.isArray(v) && v.length === 0)), same: false };
}

/**
 * Whether two snapshots were made from the same files' bytes (their sources' SHA-256s, order aside): the same
 * evidence, whatever it was named or whichever pairaudit read it. False for snapshots that name no source.
 */
export function sameSourceBytes(a: Snapshot, b: Snapshot): boolean {
  const hashes = (s: Snapshot): string =>
    s.collected.sources
      .map((f) => f.sha256)
      .sort()
      .join(',');
  return a.collected.sources.length > 0 && hashes(a) === hashes(b);
}
