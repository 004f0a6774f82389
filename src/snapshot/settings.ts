// Reading settings the way Windows compares names: case-insensitively, keeping the display case.
import type { DisplayValue, Setting, SettingValue, Snapshot } from '../types.js';
import { isSecretValue } from './secrets.js';

/** Looks a setting up by name, ignoring case (`DB.Port` finds `db.port`). */
export function getSetting(s: Snapshot, name: string): Setting | undefined {
  const exact = s.settings[name];
  if (exact !== undefined) return exact;
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(s.settings)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** Index of a snapshot's settings by lower-cased name. */
export function settingsByLowerName(s: Snapshot): Map<string, { name: string; setting: Setting }> {
  const m = new Map<string, { name: string; setting: Setting }>();
  for (const name of Object.keys(s.settings).sort()) m.set(name.toLowerCase(), { name, setting: s.settings[name] });
  return m;
}

/** How a value may be shown: a secret only as set / not set (and, when compared, same or not). */
export function toDisplayValue(v: SettingValue, same?: boolean): DisplayValue {
  if (isSecretValue(v)) return same === undefined ? { secret: true, set: v.set } : { secret: true, set: v.set, same };
  return Array.isArray(v) ? [...v] : v;
}
