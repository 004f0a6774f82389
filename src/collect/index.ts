// Reading inputs: registry exports, server bundles and snapshot files, into snapshots.
export { collectServer, collectFromBytes, type CollectOptions } from './server.js';
export { readBundle, type BundleContents } from './bundle.js';
export { parseHostname, parseIpconfig, type IpconfigInfo } from './host.js';
export { parseVolumesJson, parseVolumesCsv, type VolumeEntry } from './volumes.js';
export { parseBundleManifest, parseCollectionTime, type BundleManifest } from './manifest.js';
export { decodeText } from './text.js';
export { loadProfile, defaultProfile, defaultProfilePath } from './profile/load.js';
export { resolveCliRoles, resolveInventoryRoles, assertDistinctInputs, recordedRole, type GroupMember, type ResolvedRole, type RoleSource } from './group.js';
