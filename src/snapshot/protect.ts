// A snapshot's settings with what is secret in them replaced as `collect` replaces it: for a snapshot read from a
// file (written by another tool, by hand, or by an older pairaudit), and for one setting of a stored snapshot that a
// newer pattern finds (a history's previous snapshot, compared with a new one as today would have stored it).
import type { RegData, Setting, Snapshot } from '../types.js';
import { SECRET_BY_NAME, type SecretDetector, type SecretMatch } from './secrets.js';
import { hiddenPartName, isSecretValue, runSecretKey, toSecretValue } from './secret-values.js';
import { hideSecretNames } from './protect-names.js';

/**
 * What is secret in a setting of a snapshot read from a file: by the setting's name, the registry value name it
 * came from or its key (a key named like a secret, or below one: the key the source names, else the path of a
 * `reg:` name), else by content.
 */
export function inspectSetting(detector: SecretDetector, name: string, setting: Setting, data: RegData): SecretMatch {
  const { key, valueName } = setting.source;
  const keyPath = key ?? (name.startsWith('reg:') && name.includes('\\') ? name.slice(4, name.lastIndexOf('\\')) : undefined);
  if (detector.isSecretName(name) || (valueName !== undefined && detector.isSecretValueName(valueName, keyPath)) || (keyPath !== undefined && detector.isSecretKey(keyPath))) return SECRET_BY_NAME;
  return detector.inspectContent(data, setting.regType);
}

/** A setting with its secret replaced; `hidden`: beside a text that keeps a readable part, the hash of what was hidden. */
export interface ProtectedSetting {
  setting: Setting;
  hidden?: Setting;
}

/**
 * Setting `name` with what is secret in it replaced (inspectSetting): a whole secret by its keyed hash under `key`,
 * a text by the text with its secret part hidden and that part's hash as `hidden` (`<name>#hidden`); undefined when
 * it holds no secret in clear.
 */
export function protectSetting(detector: SecretDetector, name: string, setting: Setting, key: string | Uint8Array): ProtectedSetting | undefined {
  const v = setting.value;
  if (v === null || isSecretValue(v)) return undefined;
  const data: RegData = typeof v === 'boolean' ? String(v) : v;
  const found = inspectSetting(detector, name, setting, data);
  if (found.kind === 'none') return undefined;
  if (found.kind === 'whole') return { setting: { ...setting, value: toSecretValue(data, key, found.compare) } };
  return { setting: { ...setting, value: found.masked }, hidden: { source: setting.source, value: toSecretValue(found.parts, key) } };
}

/**
 * A snapshot read from a file (written by another tool, by hand, or by an older pairaudit) with any secret
 * still in clear replaced as `collect` would have done, in its names (hideSecretNames) and its values; the same
 * object when it holds none.
 */
export function protectSnapshot(s: Snapshot, detector: SecretDetector, key: string | Uint8Array = runSecretKey()): Snapshot {
  return protectSnapshotValues(hideSecretNames(s, detector, key).snapshot, detector, key);
}

/** protectSnapshot for the values alone: each setting's secret replaced under its name as it stands. */
export function protectSnapshotValues(s: Snapshot, detector: SecretDetector, key: string | Uint8Array = runSecretKey()): Snapshot {
  let settings: Record<string, Setting> | undefined;
  for (const [name, setting] of Object.entries(s.settings)) {
    const p = protectSetting(detector, name, setting, key);
    if (p === undefined) continue;
    settings ??= { ...s.settings };
    settings[name] = p.setting;
    if (p.hidden !== undefined) settings[hiddenPartName(name)] ??= p.hidden;
  }
  const warnings = s.warnings?.map((w) => ({ ...w, message: detector.maskMessage(w.message) }));
  const warningsChanged = warnings !== undefined && warnings.some((w, i) => w.message !== s.warnings![i].message);
  if (settings === undefined && !warningsChanged) return s;
  // Hashes written here carry a key id, which only version 2 of the snapshot format has. A format 1 hash names
  // no key, so it compares as set / not set only: in version 2 that is a presence-only secret.
  if (settings !== undefined && s.schemaVersion === 1) {
    for (const [name, setting] of Object.entries(settings)) {
      const v = setting.value;
      if (isSecretValue(v) && v.set && v.hmac !== undefined && v.keyId === undefined) settings[name] = { ...setting, value: { presence: true, secret: true, set: true } };
    }
  }
  // A format 1 snapshot becomes format 2, whose canonical form (and so fingerprint) is of the same kind.
  return { ...s, ...(settings !== undefined && s.schemaVersion === 1 ? { schemaVersion: 2 as const } : {}), settings: settings ?? s.settings, ...(warningsChanged ? { warnings } : {}) };
}
