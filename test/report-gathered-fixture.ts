// Shared by the tests of how each format shows a gathered key's values (test/report-*-value-lines.test.ts): a finding
// that gathers the settings of one key, and the other-layout pair with values added under that key.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FleetResult } from '../src/fleet/types.js';
import type { AuditResult, Finding } from '../src/types.js';
import { utf16Export } from './secrets-leak-check.js';

const ROOT = join(import.meta.dirname, '..');

export const GATHERED_RULE = 'partners-gathered-values';
export const GATHERED_SETTING = 'partners.standbyA.*';

/** A failed finding whose values are a key's settings as `name = value` lines (the catch-all's, an ambiguity group's). */
export function gatheredFinding(messageId: string, values: Finding['values'], sources: Finding['sources'] = { main: null, 'standby-a': null }): Finding {
  return {
    ruleId: GATHERED_RULE,
    title: 'Link settings match at both ends',
    severity: 'warning',
    status: 'fail',
    category: 'partners',
    setting: GATHERED_SETTING,
    servers: ['main', 'standby-a'],
    values,
    sources,
    messageId,
    data: { key: 'Partners\\StandbyA', count: 3, names: 'heartbeatTimeout, interleave, transferTimeout' },
    message: 'Partners\\StandbyA: values differ.',
    rationale: 'Both ends of a link agree on when it has failed.',
    remediation: 'Set the same values at both ends.',
  };
}

/** The key of fixtures/inputs/other-layout whose values no profile group reads (gathered by the catch-all). */
const STANDBY_KEY = '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA\\Redundancy\\StandbyA]\r\n';

/** The pair of fixtures/inputs/other-layout written into `dir` (main.reg, standby-a.reg), each with `onMain` / `onStandby` value lines added under Redundancy\StandbyA. */
export function writeOtherLayoutPair(dir: string, onMain: readonly string[], onStandby: readonly string[]): void {
  for (const [role, extra] of [['main', onMain], ['standby-a', onStandby]] as const) {
    const text = readFileSync(join(ROOT, 'fixtures/inputs/other-layout', `${role}.reg`)).subarray(2).toString('utf16le');
    assert.ok(text.includes(STANDBY_KEY));
    writeFileSync(join(dir, `${role}.reg`), utf16Export(text.replace(STANDBY_KEY, STANDBY_KEY + extra.map((l) => `${l}\r\n`).join(''))));
  }
}

/** One pair's audit as a fleet result (the pair drifts). */
export function fleetOf(audit: AuditResult): FleetResult {
  return {
    schemaVersion: 1,
    kind: 'fleet',
    tool: audit.tool,
    generatedAt: audit.generatedAt,
    inventory: 'fleet.yaml',
    exitCode: 1,
    outcomes: { error: 0, drift: 1, incomplete: 0, 'in-parity': 0 },
    counts: audit.counts,
    pairs: [{ id: 'North/pair', site: 'North', name: 'pair', outcome: 'drift', exitCode: 1, servers: audit.servers.map((s) => ({ role: s.role, path: `${s.role}.reg` })), counts: audit.counts, audit }],
  };
}
