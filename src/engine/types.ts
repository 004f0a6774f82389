// Types of the rule engine: rules as loaded from a pack, waivers, the audit config and the audit input.
import type { DisplayValue, Role, Severity, Snapshot, SettingValue, Source } from '../types.js';
import type { Profile } from '../snapshot/profile.js';

/**
 * How a rule compares the servers of a group (one kind per rule). comparators/index.ts holds one comparator per
 * kind, and the compiler refuses a kind without a comparator or a comparator without a kind.
 */
export type CompareKind = 'must-equal' | 'must-mirror' | 'must-differ' | 'within-tolerance' | 'not-less-than' | 'version-not-older' | 'subset' | 'superset' | 'policy' | 'links-in-group' | 'catch-all';

/** Single-server checks of the `policy` kind. */
export type PolicyTest = 'allowed-values' | 'disallowed-values' | 'min-free-percent' | 'capacity-covers-main-used' | 'volume-exists' | 'max-age' | 'max-skew' | 'client-system-lists-pair';

/** Options of a comparison; which ones apply depends on `kind` (see rules/README.md). */
export interface CompareSpec {
  kind: CompareKind;
  /** Treat string[] values as sets (order-insensitive). */
  unordered?: boolean;
  /** Compare strings ignoring case (Windows paths, host names). */
  caseInsensitive?: boolean;
  /** Vendor defaults, by setting name (case-insensitive), used when a server has no value. */
  defaults?: Record<string, SettingValue>;
  /** must-equal: one `passesSummarised` finding per pair instead of one per passing setting (wide rules). */
  summarizePasses?: boolean;
  /** Only compare when this setting (with `$1`.. from the select pattern) exists on both servers. */
  guard?: string;
  /**
   * subset, superset: a selected flag counts as present on a server only when that server also holds one of these
   * settings (with `$1`.. from the select pattern) with a value: a `Driver<Name>` key holding no registration
   * value registers no driver.
   */
  presentWith?: string[];
  /** within-tolerance: allowed absolute and relative (fraction of the Main's value) difference. */
  absolute?: number;
  relative?: number;
  /** not-less-than: what a larger value on the other server is: `pass`, or a failure of that severity. */
  whenGreater?: 'pass' | Severity;
  /** must-mirror: the link attribute(s) compared, e.g. `address`, and what the Main's value must match on the other server. */
  attribute?: string | string[];
  match?: 'identity' | 'db.port' | 'same' | 'present' | 'configured';
  /** must-mirror: a link attribute configured on one end only fails; neither end is not applicable. */
  bothOrNeither?: boolean;
  /** policy: which check, on which servers. */
  test?: PolicyTest;
  on?: 'each' | 'main' | 'other';
  values?: SettingValue[];
  minFreePercent?: number;
  maxAgeMinutes?: number;
  maxSkewMinutes?: number;
  /** policy max-skew: what a server whose collection time is unknown gives: `unknown` (default, `noTime`) or nothing (`skip`). */
  whenUntimed?: 'unknown' | 'skip';
  /** policy max-skew: what evidence collected within the limit gives: a pass (default, `together`) or nothing (`skip`). */
  whenTogether?: 'pass' | 'skip';
  /** policy: the config `thresholds` key that overrides the number above. */
  threshold?: string;
  /** policy on disks: the volume assumed when no `locations.*` setting is present (the vendor default folder). */
  defaultVolume?: string;
  /** catch-all: settings that may differ between servers (patterns, or patterns with the reason they may). */
  allow?: (string | AllowEntry)[];
  /** must-equal: compare paths below this setting's value (e.g. `product.installLocation`) relative to it, on each server. */
  relativeTo?: string;
}

/** A catch-all allow-list entry: what may differ, and why (shown in the finding that reports the difference at info). */
export interface AllowEntry {
  pattern: string;
  reason: string;
}

/** A per-role variation of a rule: skip it, change its severity, or change compare options. */
export interface RuleOverride {
  /** Roles of the other server (globs such as `permanent-*`). */
  roles: string[];
  skip?: boolean;
  severity?: Severity;
  compare?: Partial<CompareSpec>;
  /** Why, citing the vendor document. */
  note?: string;
}

/** A document a rule cites as `[TAG]`, resolved through its pack's source table (`sources.json`). */
export interface RuleReference extends Source {
  /** Source tag, e.g. `PORTS`. */
  tag: string;
}

/** A pack's source table: tag → title and URL. */
export type SourceTable = Map<string, Source>;

/** A rule as written in `rules/<pack>/<id>.json`. */
export interface RuleDefinition {
  id: string;
  title: string;
  severity: Severity;
  category: string;
  /** Why the rule exists, citing vendor documents by `[TAG]`. */
  rationale: string;
  /** Where to fix it: Server Configuration Tool branch, or on the server. */
  remediation: string;
  references: RuleReference[];
  /** Setting names, globs (`*` one dotted segment, `**` anything) or `/regex/`, matched case-insensitively. */
  select: string[];
  /** `required`: a missing selected setting on a compared server is `unknown`. Default `optional`. */
  evidence?: 'required' | 'optional';
  appliesTo?: {
    /** Roles of the other server (globs). Default: every role. */
    roles?: string[];
    /** The Main's `partners.type` values this rule applies to. Default: any (also when unknown). */
    partnerTypes?: string[];
    /** Commands the rule runs in. Default: both `audit` and `check`. */
    commands?: ('audit' | 'check')[];
    overrides?: RuleOverride[];
  };
  compare: CompareSpec;
  /** Message templates by message id, overriding the kind's defaults; `{{name}}` placeholders come from `data`. */
  messages?: Record<string, string>;
}

/** A loaded rule: its definition plus where it came from. */
export interface Rule extends RuleDefinition {
  pack: string;
  file: string;
}

export interface RulePack {
  /** Pack folder names, in load order (bundled first). */
  packs: string[];
  /** Sorted by id. */
  rules: Rule[];
  /** sha256 of the canonical JSON of every rule definition. */
  hash: string;
}

export interface Waiver {
  ruleId: string;
  setting: string;
  reason: string;
  approvedBy: string;
  /** ISO date (`2027-01-31`) or time; the waiver lapses after it (a date lasts until the end of that day, UTC). */
  expires: string;
  /** The values accepted, by role; when any of them changes, the waiver lapses. */
  values: Partial<Record<Role, DisplayValue>>;
  /**
   * The servers it was written for, by role (server label or host name): it applies only where the server in each
   * role is that one, so that a waiver file shared by pairs (a fleet's defaults) does not waive the same drift on
   * another pair's servers. Optional: a waiver without it applies to whichever servers hold the roles.
   */
  servers?: Partial<Record<Role, string>>;
  /** Where it was written, for messages. */
  file?: string;
  line?: number;
}

export interface AuditThresholds {
  /** Blocker below this free percentage on a database volume (rule `disk-free-space`). */
  diskFreePercent?: number;
  /** Warning below this free percentage (rule `disk-free-space-low`). */
  diskFreeWarnPercent?: number;
  /** `check`: snapshots older than this are unknown evidence. */
  snapshotMaxAgeMinutes?: number;
  /** `check`: snapshots collected further apart than this are unknown evidence. */
  snapshotMaxSkewMinutes?: number;
}

export interface AuditConfig {
  /** Severity per rule id; `off` disables the rule. */
  severity?: Record<string, Severity | 'off'>;
  /** More settings the catch-all lets differ (patterns, as in `select`), each with its reason when given. */
  allow?: (string | AllowEntry)[];
  thresholds?: AuditThresholds;
}

export interface AuditServerInput {
  role: Role;
  snapshot: Snapshot;
  /** The snapshot's fingerprint; computed from its canonical JSON when absent. */
  fingerprint?: string;
  /** The role the evidence records, when `--roles` overrode it with `role`: the report names the override. */
  recordedRole?: Role;
  /** A fleet inventory's role for this server, when it disagrees with the recorded `role` (which wins): an info finding. */
  inventoryRole?: Role;
}

export interface AuditInput {
  servers: AuditServerInput[];
  pack: RulePack;
  waivers?: Waiver[];
  config?: AuditConfig;
  failOn?: Severity;
  kind?: 'audit' | 'check';
  /**
   * The profile that named the snapshots' settings: each server's coverage is reported, and the rules of a
   * group the profile does not find in an export are unknown (see src/engine/profile-fit.ts).
   */
  profile?: Profile;
  /**
   * The profile the rule pack was written for (the bundled one), when `profile` is a site's own: a rule's pattern
   * it names and `profile` does not is reported unknown (`profileUnnamedPart`), as a part of the rule lost.
   */
  baseProfile?: Profile;
}
