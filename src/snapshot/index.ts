// Snapshots: building them from exports through a profile, their canonical form, fingerprint and diff.
export { canonicalJson, fingerprint } from './canonical.js';
export { GROUPED_SCHEMA_VERSION, fromGroupedDocument, groupedDocument, type GroupedDocument, type GroupedRow, type SettingGroup } from './grouped.js';
export { KEYED_SCHEMA_VERSION, fromKeyedDocument, keyedDocument, type KeyedDocument, type Origin } from './keyed.js';
export { diffSnapshots, sameValue, type ProtectBefore, type SettingChange } from './diff.js';
export { validateSnapshot, parseSnapshotJson } from './validate.js';
export { buildSnapshot, type BuildSnapshotInput, type HostFacts, type VolumeFact } from './build.js';
export {
  DEFAULT_SECRET_NAMES,
  DEFAULT_SECRET_CONTENT,
  HIDDEN,
  SecretDetector,
  defaultSecretDetector,
  isSecretValue,
  toSecretValue,
  runSecretKey,
  secretKeyId,
  SNAPSHOT_SCHEMA_VERSION,
  protectValue,
  hiddenPartName,
  HIDDEN_PART_SUFFIX,
  hideTreeSecrets,
  safeTreeWarnings,
  type SecretContentPattern,
  type SecretMatch,
} from './secrets.js';
export { inspectSetting, protectSetting, protectSnapshot, type ProtectedSetting } from './protect.js';
export { getSetting, settingCount, settingsByLowerName, sortedSettings, toDisplayValue, type SortedSettings } from './settings.js';
export { validateProfile, type Profile, type ProfileMapping, type MappingType } from './profile.js';
export { compileProfile } from './profile-match.js';
export { RegistryView, normaliseKeyPath } from './registry-view.js';
export { withFields, type SnapshotFields } from './table.js';
