// pairaudit's public API: types, errors, and the functions of each stage of the data flow.
export type * from './types.js';
export { ExitCode, PairauditError, UsageError, InputError, ConfigError, StoreError, isPairauditError } from './errors.js';
// The vocabulary: roles and their labels, severities, statuses, verdicts, thresholds, report formats, the bundled pack.
export {
  ROLES,
  roleLabels,
  roleLabel,
  isRole,
  SEVERITIES,
  severityLabels,
  isSeverity,
  atOrAbove,
  STATUSES,
  statusLabels,
  VERDICTS,
  verdictLabels,
  THRESHOLDS,
  FORMATS,
  FLEET_FORMATS,
  CHANGE_FORMATS,
  formatExtensions,
  formatFromName,
  formatFromExtension,
  bundledPackDir,
  type ThresholdName,
} from './vocabulary.js';

// Registry export parser (owner: parser): .reg (version 5, REGEDIT4) and `reg query /s` text into a RegTree.
export { parseRegistry, readRegistryFile, toParseJson, type ParseRegistryOptions, type ReadRegistryOptions, type ParseJson } from './collect/registry/index.js';
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
  runSecretKey,
  secretKeyId,
  SNAPSHOT_SCHEMA_VERSION,
  DEFAULT_SECRET_NAMES,
  DEFAULT_SECRET_CONTENT,
  HIDDEN,
  SecretDetector,
  defaultSecretDetector,
  protectValue,
  protectSnapshot,
  hideTreeSecrets,
  type SecretContentPattern,
  type SecretMatch,
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
// Rule engine (owner: engine): rule packs, config and waiver files, evaluation of a group of servers, rule tables.
export {
  loadRules,
  loadWaivers,
  loadConfig,
  buildRulePack,
  parseRuleText,
  parseSourceTable,
  parseWaivers,
  applyWaivers,
  suggestWaivers,
  parseConfig,
  auditGroup,
  summarise,
  runRuleCases,
  caseSnapshot,
  formatRuleList,
  formatRule,
  formatRuleCatalogMarkdown,
  KIND_MESSAGES,
  type Rule,
  type RuleDefinition,
  type RulePack,
  type RuleOverride,
  type RuleReference,
  type SourceTable,
  type CompareSpec,
  type CompareKind,
  type PolicyTest,
  type Waiver,
  type AuditConfig,
  type AuditThresholds,
  type AuditInput,
  type AuditServerInput,
  type RuleCase,
  type RuleCaseTable,
  type CaseProfiles,
  type ExpectedFinding,
} from './engine/index.js';
// Fleet audits (owner: fleet): inventories of sites and pairs, the parallel runner, fleet reports.
export { parseInventory } from './fleet/inventory.js';
export { auditFleet, type FleetRunOptions } from './fleet/run.js';
export { worstExitCode } from './fleet/summary.js';
export type { Inventory, InventoryPair, InventoryServer, PairOptions, PairOutcome, FleetPairResult, FleetResult } from './fleet/types.js';
export { renderFleet, fleetFormatNames, isFleetFormatName, type FleetFormatName, type FleetFormatter } from './report/fleet/index.js';
// History (owner: history): the store, its journal, change listings, notes, baselines, verify, attribution, change records.
export {
  openStore,
  HistoryStore,
  recordSnapshot,
  recordAudit,
  addNote,
  approveBaseline,
  listChanges,
  verifyStore,
  attributeFindings,
  attributeFromJournal,
  latestBaseline,
  describeAttribution,
  type OpenStoreOptions,
  type ProcessInfo,
  type RecordSnapshotOptions,
  type RecordAuditOptions,
  type RecordOutcome,
  type NoteOptions,
  type ChangeFilter,
  type VerifyReport,
  type VerifyProblem,
  type JournalEntry,
  type JournalChange,
  type ChangeRow,
  type JournalHead,
} from './history/index.js';
export { renderChanges, buildChangeRecordView, changeFormatNames, isChangeFormatName, type ChangeFormatName, type ChangeRecordView } from './report/changes/index.js';
// Reports (owner: report): audit and check results as text, JSON, JUnit, Markdown, HTML and PDF; saved results read back.
export { renderAudit, loadFormatter, formatNames, isFormatName, binaryFormats, type FormatName, type FormatContext, type AuditFormatter } from './report/index.js';
export { buildAuditView, displayText, provenanceText, type AuditView, type FindingView, type ValueView, type ServerView } from './report/view.js';
export { parseAuditResult } from './report/load.js';
export { jsonSchemaVersion } from './report/json.js';
