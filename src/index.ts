// pairaudit's public API: types, errors, and the functions of each stage of the data flow.
export type * from './types.js';
export { ExitCode, PairauditError, UsageError, InputError, ConfigError, StoreError, isPairauditError } from './errors.js';

// Snapshots (owner: snapshot): building, canonical form, fingerprint, diff, validation, secrets, profiles.
export {
  buildSnapshot,
  canonicalJson,
  fingerprint,
  diffSnapshots,
  sameValue,
  validateSnapshot,
  parseSnapshotJson,
  getSetting,
  settingsByLowerName,
  toDisplayValue,
  isSecretValue,
  toSecretValue,
  DEFAULT_SECRET_KEY,
  DEFAULT_SECRET_NAMES,
  validateProfile,
  type BuildSnapshotInput,
  type HostFacts,
  type VolumeFact,
  type Profile,
  type ProfileMapping,
} from './snapshot/index.js';
// Collecting inputs (owner: snapshot): exports, bundle folders and snapshot files into snapshots.
export {
  collectServer,
  collectFromBytes,
  readBundle,
  parseIpconfig,
  parseHostname,
  parseVolumesJson,
  parseVolumesCsv,
  parseBundleManifest,
  loadProfile,
  defaultProfile,
  type CollectOptions,
  type BundleContents,
  type IpconfigInfo,
  type VolumeEntry,
  type BundleManifest,
} from './collect/index.js';
