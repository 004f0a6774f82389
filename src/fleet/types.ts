// Public types of fleet audits: the inventory of sites and pairs, and the fleet result every format renders.
import type { AuditResult, Counts, Finding, Role, Severity, Status } from '../types.js';

export interface InventoryServer {
  role: Role;
  /** The path as written in the inventory (relative to the inventory file, or absolute). */
  given: string;
  /** The path resolved against the inventory's folder. */
  path: string;
  /** 1-based line of the server's entry in the inventory, for error messages. */
  line?: number;
  /** --max-input-size of the run: larger input files are refused (this pair is an error). */
  maxInputSize?: number;
}

/** Per-pair options; a pair's own value replaces the inventory's `defaults`. Paths are resolved. */
export interface PairOptions {
  /** Extra rule pack folders, added to the bundled pack. */
  rules: string[];
  /** Config file overriding rule severities. */
  config?: string;
  /** Waiver file. */
  waivers?: string;
  /** Profile file naming the settings of the pair's exports and bundles (default: the bundled Geo SCADA profile). */
  profile?: string;
  /** The Geo SCADA named instance to read on the pair's servers (as `audit --instance`); default: a bundle's own, else the only one, or the default instance. */
  instance?: string;
  failOn: Severity;
  /**
   * The paths above as the inventory writes them, by resolved path: a pair's error names
   * its files so, as it names its servers' inputs, and reads the same wherever the inventory sits.
   */
  written?: Record<string, string>;
}

export interface InventoryPair {
  /** `<site>/<pair>`: unique in the inventory; names the pair in every report and in the history store. */
  id: string;
  site: string;
  name: string;
  servers: InventoryServer[];
  options: PairOptions;
  line?: number;
}

export interface Inventory {
  /** The inventory file as given. */
  file: string;
  pairs: InventoryPair[];
}

/** How a pair came out: an audit verdict, or `error` when its input could not be read or audited. */
export type PairOutcome = 'in-parity' | 'drift' | 'incomplete' | 'error';

export interface FleetPairResult {
  id: string;
  site: string;
  name: string;
  outcome: PairOutcome;
  /** The exit code `pairaudit audit` would give this pair alone (2 for an input error). */
  exitCode: number;
  /** Servers as given in the inventory (role and path as written). */
  servers: { role: Role; path: string }[];
  /** One line: what went wrong, for `error` pairs. */
  error?: string;
  /** Counts per severity and status; zeros for an error pair. */
  counts: Counts;
  /** The most serious failing (or unknown) finding, for the summary table. */
  top?: Pick<Finding, 'ruleId' | 'severity' | 'status' | 'setting' | 'message'>;
  /**
   * The waivers naming no servers that waived this pair's findings, a sentence each naming the waiver (file and
   * line) and the `servers:` to add: such a waiver waives the same drift on any pair its file is given to.
   */
  unscopedWaivers?: string[];
  /**
   * The pair's audit (absent for error pairs), with its failed, unknown and waived findings; passing checks
   * are counted in `counts`/`totals` but not listed (run `pairaudit audit` on the pair for them).
   */
  audit?: AuditResult;
}

export interface FleetResult {
  schemaVersion: 1;
  kind: 'fleet';
  tool: { name: 'pairaudit'; version: string };
  generatedAt: string;
  /** The inventory file as given. */
  inventory: string;
  /** The worst pair's exit code: error 2, drift 1, incomplete 3, in parity 0 (in that order of severity); 0 (or 2) when `reportOnly`. */
  exitCode: number;
  /** `--fail-on none`: the pairs are judged and shown, but the run's exit code is 0 unless an input could not be read. */
  reportOnly?: true;
  /** Pairs per outcome. */
  outcomes: Record<PairOutcome, number>;
  /** Counts summed over every audited pair. */
  counts: Counts;
  /** In inventory order. */
  pairs: FleetPairResult[];
}

export type { Severity, Status };
