// Runs a rule's table of valid (in-parity) and invalid (drifted) cases, the way ESLint's RuleTester does.
import stringify from 'fast-json-stable-stringify';
import type { Finding, Role, Setting, SettingValue, Snapshot } from '../types.js';
import type { Rule } from './types.js';
import type { Profile } from '../snapshot/profile.js';
import { auditGroup } from './audit.js';
import { buildRulePack } from './load.js';
import { KIND_MESSAGES } from './comparators/index.js';
import { ENGINE_MESSAGES } from './findings.js';
import { isRole } from '../vocabulary.js';

/**
 * A server in a case: a settings map, or `{ settings, names, label, collectedAt, ambiguous }`. `ambiguous`: settings
 * the server's evidence gives another value too (collection kept the one in `settings` and warned, naming it).
 */
export type CaseServer = Record<string, SettingValue> | FullCaseServer;

export interface FullCaseServer {
  settings: Record<string, SettingValue>;
  names?: string[];
  label?: string;
  collectedAt?: string;
  ambiguous?: string[];
}

/** The fields of a server written in full (case-table.ts checks them). */
export const FULL_SERVER_FIELDS = ['settings', 'names', 'label', 'collectedAt', 'ambiguous'] as const satisfies readonly (keyof FullCaseServer)[];

export interface ExpectedFinding {
  status: Finding['status'];
  messageId: string;
  setting?: string;
  severity?: Finding['severity'];
  servers?: Role[];
  /** Compared key by key: only the keys given must match. */
  data?: Record<string, string | number>;
}

export interface RuleCase {
  name: string;
  servers: Partial<Record<Role, CaseServer>>;
  /** Audit time (default 2026-01-01T00:15:00Z) and command (default audit). */
  now?: string;
  kind?: 'audit' | 'check';
  /** Judge the servers against the profile as an audit does (profile fit: `profileMisfit`, `groupAbsent`…). */
  profile?: boolean;
  errors?: ExpectedFinding[];
}

/** The profile a case with `profile: true` runs with, and the bundled one when that is a site's own (as `audit --profile`). */
export interface CaseProfiles {
  profile?: Profile;
  baseProfile?: Profile;
}

export interface RuleCaseTable {
  valid: RuleCase[];
  invalid: RuleCase[];
}

export const CASE_COLLECTED_AT = '2026-01-01T00:10:00.000Z';
const CASE_NOW = '2026-01-01T00:15:00.000Z';

/** Builds a snapshot from a case's settings map (provenance points at a made-up export of that role). */
export function caseSnapshot(role: Role, server: CaseServer): Snapshot {
  const full = 'settings' in server && typeof server.settings === 'object' && server.settings !== null && !Array.isArray(server.settings);
  const spec: FullCaseServer = full ? (server as FullCaseServer) : { settings: server as Record<string, SettingValue> };
  const settings: Record<string, Setting> = {};
  for (const [name, value] of Object.entries(spec.settings)) settings[name] = { value, source: { file: `${role}.reg`, valueName: name } };
  // As collection warns of a setting given twice with different values (snapshot/settings-builder.ts).
  const warnings = (spec.ambiguous ?? []).map((name) => ({ file: `${role}.reg`, message: `setting "${name}" is defined twice; kept the value the case gives`, setting: name }));
  return {
    schemaVersion: 1,
    // The first host name listed stands for the bundle's hostname.txt, as collectServer records it.
    server: { label: spec.label ?? role, names: (spec.names ?? []).map((n) => n.toLowerCase()).sort(), role, ...hostnameOf(spec.names) },
    collected: { at: spec.collectedAt ?? CASE_COLLECTED_AT, collector: { name: 'rule-tester', version: '0' }, profile: 'geo-scada', sources: [] },
    settings,
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}

function hostnameOf(names: string[] | undefined): { hostname?: string } {
  const name = names?.find((n) => !/^\d{1,3}(\.\d{1,3}){3}$/.test(n) && !n.includes(':'));
  return name === undefined ? {} : { hostname: name };
}

export interface CaseOutcome {
  name: string;
  valid: boolean;
  /** Undefined when the case holds. */
  problem?: string;
}

function matches(f: Finding, e: ExpectedFinding): boolean {
  if (f.status !== e.status || f.messageId !== e.messageId) return false;
  if (e.setting !== undefined && f.setting.toLowerCase() !== e.setting.toLowerCase()) return false;
  if (e.severity !== undefined && f.severity !== e.severity) return false;
  if (e.servers !== undefined && f.servers.join(',') !== e.servers.join(',')) return false;
  for (const [k, v] of Object.entries(e.data ?? {})) if (f.data?.[k] !== v) return false;
  return true;
}

function describe(f: Finding): string {
  return stringify({ status: f.status, messageId: f.messageId, setting: f.setting, severity: f.severity, servers: f.servers, data: f.data });
}

/**
 * Runs every case of a table against one rule (alone in its pack). Checks that valid cases give no failed or
 * unknown finding, that invalid cases give exactly the expected non-passing findings (in result order),
 * that message ids exist, that each kind of case is present, and that no case is duplicated.
 */
export function runRuleCases(rule: Rule, table: RuleCaseTable, profiles: CaseProfiles = {}): CaseOutcome[] {
  const pack = buildRulePack([rule], [rule.pack]);
  const out: CaseOutcome[] = [];
  const seen = new Set<string>();
  // The kind's messages, and those the engine reports of any rule (ambiguous evidence, profile fit).
  const knownIds = new Set([...Object.keys(KIND_MESSAGES[rule.compare.kind]), ...(rule.appliesTo?.overrides ?? []).flatMap((o) => Object.keys(KIND_MESSAGES[o.compare?.kind ?? rule.compare.kind])), ...Object.keys(ENGINE_MESSAGES)]);
  if (table.valid.length === 0) out.push({ name: '(table)', valid: true, problem: 'has no valid (in-parity) case' });
  if (table.invalid.length === 0) out.push({ name: '(table)', valid: false, problem: 'has no invalid (drifted) case' });
  const cases = [...table.valid.map((c) => ({ c, valid: true })), ...table.invalid.map((c) => ({ c, valid: false }))];
  for (const { c, valid } of cases) {
    const key = stringify({ servers: c.servers, now: c.now, kind: c.kind, profile: c.profile === true });
    if (seen.has(key)) {
      out.push({ name: c.name, valid, problem: 'duplicates another case' });
      continue;
    }
    seen.add(key);
    if (c.profile === true && profiles.profile === undefined) {
      out.push({ name: c.name, valid, problem: 'the case is judged against the profile (`profile: true`), but none was given to the tester' });
      continue;
    }
    const servers = Object.entries(c.servers).map(([role, server]) => {
      if (!isRole(role)) throw new Error(`case "${c.name}": unknown role ${role}`);
      return { role, snapshot: caseSnapshot(role, server as CaseServer) };
    });
    const fit = c.profile === true ? { profile: profiles.profile, ...(profiles.baseProfile !== undefined ? { baseProfile: profiles.baseProfile } : {}) } : {};
    const result = auditGroup({ servers, pack, kind: c.kind ?? 'audit', ...fit }, { now: new Date(c.now ?? CASE_NOW), toolVersion: '0.0.0' });
    const notPassing = result.findings.filter((f) => f.status !== 'pass');
    const unrendered = result.findings.find((f) => /\{\{\s*\w+\s*\}\}/.test(f.message));
    let problem: string | undefined;
    if (unrendered !== undefined) problem = `message "${unrendered.message}" (${unrendered.messageId}) has a placeholder its data does not fill`;
    else if (valid) {
      if (c.errors !== undefined) problem = 'a valid case must not list errors';
      else if (notPassing.length > 0) problem = `expected no failing or unknown finding, got ${notPassing.map(describe).join('; ')}`;
    } else {
      const expected = c.errors ?? [];
      const unknownId = expected.find((e) => !knownIds.has(e.messageId));
      if (expected.length === 0) problem = 'an invalid case must list its expected errors';
      else if (unknownId !== undefined) problem = `message id \`${unknownId.messageId}\` does not exist for kind ${rule.compare.kind}, nor among the engine's own (${Object.keys(ENGINE_MESSAGES).join(', ')})`;
      else if (notPassing.length !== expected.length || !expected.every((e, i) => matches(notPassing[i], e))) {
        problem = `expected ${stringify(expected)}, got ${notPassing.length === 0 ? 'no failing finding' : notPassing.map(describe).join('; ')}`;
      }
    }
    out.push({ name: c.name, valid, ...(problem !== undefined ? { problem } : {}) });
  }
  return out;
}
