// Public types of pairaudit, in one place: the parse tree, snapshots, rules, audit results, history.

// ─── Registry parse tree (the exact shape `pairaudit parse` prints) ──────────────────────────────

export type RegFormat = 'regedit5' | 'regedit4' | 'reg-query';

export type RegTypeName =
  | 'REG_NONE'
  | 'REG_SZ'
  | 'REG_EXPAND_SZ'
  | 'REG_BINARY'
  | 'REG_DWORD'
  | 'REG_DWORD_BIG_ENDIAN'
  | 'REG_LINK'
  | 'REG_MULTI_SZ'
  | 'REG_RESOURCE_LIST'
  | 'REG_FULL_RESOURCE_DESCRIPTOR'
  | 'REG_RESOURCE_REQUIREMENTS_LIST'
  | 'REG_QWORD'
  | `REG_TYPE_${number}`;

/**
 * `data` is: a string for SZ, EXPAND_SZ and LINK; a list of strings for MULTI_SZ; a number for DWORD and
 * DWORD_BIG_ENDIAN; a decimal string for QWORD (exact); lowercase hex without separators for BINARY, NONE,
 * the resource lists and unknown types. A deleted value (`"name"=-`) has type REG_NONE, data "" and deleted.
 */
export type RegData = string | string[] | number;

export interface RegValue {
  /** "" for the default value (`@`). */
  name: string;
  type: RegTypeName;
  data: RegData;
  deleted?: true;
  /** 1-based line in the source file where the value starts. Not part of the `parse` JSON. */
  line: number;
}

export interface RegKey {
  /** Full path as written, e.g. `HKEY_LOCAL_MACHINE\SOFTWARE\Schneider Electric\ClearSCADA\DB`. */
  path: string;
  deleted?: true;
  values: RegValue[];
  /** 1-based line of the `[key]` header. Not part of the `parse` JSON. */
  line: number;
}

export interface ParseWarning {
  line: number;
  message: string;
}

export interface RegTree {
  format: RegFormat;
  /** One entry per section, in file order, as written. */
  keys: RegKey[];
  warnings?: ParseWarning[];
}

// ─── Snapshots ───────────────────────────────────────────────────────────────────────────────────

/** Where a setting's value came from, so that every finding can say where to fix it. */
export interface Provenance {
  /** Source file name as given to the collector (relative or base name; never read again). */
  file: string;
  /** Full registry key path, for values that came from a registry export. */
  key?: string;
  /** Registry value name ("" for the default value). */
  valueName?: string;
  /** 1-based line in the source file. */
  line?: number;
}

/**
 * A secret (stored password, key) is never kept in clear: only whether it is set, and a keyed hash
 * (HMAC-SHA256 with a key that is not stored with the snapshot) that lets two servers be compared.
 */
export interface SecretValue {
  secret: true;
  set: boolean;
  /** HMAC-SHA256 hex of the value under the comparison key; absent when not set or compared by presence only. */
  hmac?: string;
  /** Id of the key `hmac` was made with (snapshot format 2): hashes compare only under the same key. */
  keyId?: string;
  /** Compared as set / not set only, with no hash (machine-bound data such as DPAPI blobs). */
  presence?: true;
}

export type SettingValue = string | number | boolean | string[] | SecretValue | null;

export interface Setting {
  value: SettingValue;
  /** Registry type of the underlying value, when it came from the registry. */
  regType?: RegTypeName;
  source: Provenance;
  /** True when the profile mapped this setting from a registry layout that public documentation does not confirm. */
  assumed?: boolean;
}

export type Role =
  | 'main'
  | 'standby-a'
  | 'standby-b'
  | 'permanent-a'
  | 'permanent-b'
  | 'permanent-c'
  | 'permanent-d';

export interface SourceFile {
  /** What the collector read the file as. */
  kind: 'registry' | 'reg-query' | 'volumes' | 'hostname' | 'ipconfig' | 'snapshot' | 'other';
  /** Name as given (for a bundle, the path relative to the bundle folder). */
  file: string;
  sha256: string;
  bytes: number;
}

export interface ServerIdentity {
  /** A human label: the server label if the export has one, else the host name, else the file name. */
  label: string;
  hostname?: string;
  /** Host names (short and FQDN) and IP addresses this server answers to, lower-cased, sorted. */
  names: string[];
  role?: Role;
  /** Geo SCADA named instance (`ClearSCADA-<instance>`), when not the default instance. */
  instance?: string;
}

export interface Snapshot {
  /**
   * 1: secrets without key ids (pairaudit 0.1.0); 2: each secret's hash names its key (keyId); 3: as 2, and
   * the canonical JSON (file and fingerprint) names each source file and registry key once, in an `origins`
   * table the settings' provenance refers to by index (src/snapshot/keyed.ts); 4: as 3, and the canonical JSON
   * writes settings of one key and name prefix as one group, the prefix once and per setting only its value
   * name (src/snapshot/grouped.ts). In memory all four have this shape: every setting's `source` is a whole
   * Provenance.
   */
  schemaVersion: 1 | 2 | 3 | 4;
  server: ServerIdentity;
  collected: {
    /**
     * ISO 8601 time of collection (from the bundle manifest, or passed in with --at). Absent when the input
     * records none (a bare export, a bundle with an empty collectedAt): its age is unknown, never "now".
     */
    at?: string;
    collector: { name: string; version: string };
    /** Profile that named the settings, e.g. `geo-scada`. */
    profile: string;
    sources: SourceFile[];
  };
  /** Flat map: setting name → value with provenance. Names compare case-insensitively. */
  settings: Record<string, Setting>;
  /**
   * What collection warned of. `setting`: the setting whose evidence gave it another value too (two values that
   * meet in one name, a later export replacing an earlier one's): an audit reports it unknown (src/engine/ambiguous.ts).
   */
  warnings?: { file: string; line?: number; message: string; setting?: string }[];
}

/**
 * One difference between two snapshots (`diffSnapshots(before, after)`), sorted by setting name.
 * Secrets appear only as `{secret, set, same}`: compared by their keyed hash, never shown.
 */
export interface SettingChange {
  /** Setting name in its display case (the `after` side's when both exist). */
  setting: string;
  kind: 'added' | 'removed' | 'changed';
  /** Absent for `added`. */
  before?: DisplayValue;
  /** Absent for `removed`. */
  after?: DisplayValue;
  beforeSource?: Provenance;
  afterSource?: Provenance;
  /** True when either side is a secret. */
  secret?: true;
}

// ─── Rules ───────────────────────────────────────────────────────────────────────────────────────

export type Severity = 'blocker' | 'warning' | 'info';
export type Status = 'pass' | 'fail' | 'waived' | 'unknown';
export type Verdict = 'in-parity' | 'drift' | 'incomplete';

// ─── Audit results ───────────────────────────────────────────────────────────────────────────────

/** How a value appears in a finding: secrets only as set / not set, and same / different. */
export type DisplayValue = string | number | boolean | string[] | null | { secret: true; set: boolean; same?: boolean };

export interface FindingWaiver {
  reason: string;
  approvedBy: string;
  expires: string;
  /**
   * `active` applied; `expired`, `values-changed` or `values-missing` (the waiver gives no accepted value for a
   * server of the finding, so a change there could not be seen) lapsed: the finding stays failed.
   */
  state: 'active' | 'expired' | 'values-changed' | 'values-missing';
  /** For `values-changed`: each value that is no longer the one the waiver accepted, by role. */
  changed?: { role: Role; accepted: DisplayValue; found: DisplayValue }[];
  /** For `values-missing`: the finding's roles the waiver gives no value for. */
  unpinned?: Role[];
}

/** A document cited by rules: its title and where to read it. */
export interface Source {
  title: string;
  url: string;
}

export interface Finding {
  ruleId: string;
  title: string;
  severity: Severity;
  status: Status;
  category: string;
  /** The setting compared (a setting name, or a rule-specific subject such as a driver name). */
  setting: string;
  /** Roles compared by this finding, Main first, e.g. ['main', 'standby-a']. */
  servers: Role[];
  /** Each compared server's value, by role; null where the setting is absent. */
  values: Partial<Record<Role, DisplayValue>>;
  /** Provenance of each value, by role; null where absent. */
  sources: Partial<Record<Role, Provenance | null>>;
  /** Message id (ESLint style) and its data; `message` is the rendered text. */
  messageId: string;
  data?: Record<string, string | number>;
  message: string;
  rationale: string;
  remediation: string;
  /** Tags of the documents the rule cites (`[TAG]` in the rationale); titles and URLs in the result's `sources`. */
  references?: string[];
  waiver?: FindingWaiver;
  /**
   * True when a compared setting was named through a profile mapping that public documentation does not
   * confirm (`"assumed": true` in profiles/geo-scada.json): the finding rests on an assumed registry layout.
   */
  assumed?: true;
  /** Filled in from the history store after an approved baseline: who changed since then. */
  attribution?: { role: Role; server: string; from: DisplayValue; to: DisplayValue; firstSeen: string; note?: string; author?: string; ticket?: string }[];
}

export type Counts = Record<Severity, Record<Status, number>>;

export interface AuditServer {
  role: Role;
  label: string;
  hostname?: string;
  fingerprint: string;
  /** Absent when the evidence records no collection time (its age is unknown). */
  collectedAt?: string;
  sources: SourceFile[];
  /** The role this server's evidence records, when `--roles` set another (`role`): reports name the override. */
  recordedRole?: Role;
  /** What collecting this server's evidence warned of (its snapshot's warnings): every format lists them. */
  warnings?: NonNullable<Snapshot['warnings']>;
  /**
   * How well the profile fits this server's export (present when the audit was given the profile): per
   * group of settings the mappings that named a value (`found`) of those the profile has (`expected`), how
   * many of them are `assumed`; the keys under the root no mapping claims, most values first; and the
   * groups whose anchors are absent while such keys exist (`misfits`), whose rules are then unknown.
   */
  coverage?: {
    profile: string;
    groups: Record<string, { found: number; expected: number; assumed: number }>;
    unclaimed: { key: string; values: number }[];
    misfits?: string[];
  };
}

export interface AuditResult {
  schemaVersion: 1;
  tool: { name: 'pairaudit'; version: string };
  /** Time of the audit, passed in so results are reproducible. */
  generatedAt: string;
  kind: 'audit' | 'check';
  verdict: Verdict;
  /** For `check`: GO when no blocker failed and no blocker evidence is unknown. */
  go?: boolean;
  failOn: Severity;
  /** `audit --fail-on none`: judged at `failOn` (warning) and reported, but the run's exit code is 0 whatever the verdict. */
  reportOnly?: true;
  servers: AuditServer[];
  rulePack: { packs: string[]; hash: string; ruleCount: number };
  counts: Counts;
  totals: Record<Status, number>;
  /** Sorted: severity (blocker first), status (fail, unknown, waived, pass), rule id, setting. */
  findings: Finding[];
  /** The documents the findings cite, by tag (from the rule pack's source table). */
  sources?: Record<string, Source>;
  /** Waivers in the waiver file that matched nothing, or lapsed. */
  waivers?: { ruleId: string; setting: string; state: 'unused' | 'expired' | 'values-changed' | 'values-missing'; reason: string; approvedBy: string; expires: string }[];
  /**
   * Rules of this command whose severity the config file set to another than the rule's own (`off`: not run), by
   * rule id: a blocker set lower no longer decides a check, and the verdict must say that it rests on the config.
   */
  severityOverrides?: { ruleId: string; severity: Severity; configured: Severity | 'off' }[];
  /**
   * What the run says of each waiver naming no servers that waived a finding of it (engine/waivers.ts
   * unscopedWaiverNote): such a waiver waives the same drift on any pair its file is given to.
   */
  unscopedWaivers?: string[];
}

/** Context passed in from the edge so that core functions stay pure and reproducible. */
export interface RunContext {
  now: Date;
  toolVersion: string;
}
