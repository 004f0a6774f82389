// A pair of `size` settings each, one value drifted: audited in-process. The test runs a small one; the bench (limits) 200,000.
import { join } from 'node:path';
import { auditGroup, caseSnapshot, loadRules } from '../../src/engine/index.js';
import type { SettingValue } from '../../src/types.js';

function server(size: number, driftAt: number | undefined): Record<string, SettingValue> {
  const settings: Record<string, SettingValue> = { 'db.port': 5481 };
  for (let i = 0; i < size; i++) settings[`reg:Server\\Tuning${Math.floor(i / 100)}\\Value${i % 100}`] = i === driftAt ? 2 : 1;
  return settings;
}

/** The failed findings (`ruleId setting`) of auditing the pair; one drift at `driftAt` is expected, by the catch-all. */
export async function auditScalePair(size: number, driftAt: number): Promise<string[]> {
  const pack = await loadRules([join(import.meta.dirname, '..', '..', 'rules', 'geo-scada')]);
  const result = auditGroup(
    { servers: [{ role: 'main', snapshot: caseSnapshot('main', server(size, undefined)) }, { role: 'standby-a', snapshot: caseSnapshot('standby-a', server(size, driftAt)) }], pack, kind: 'audit' },
    { now: new Date('2026-11-25T12:00:00Z'), toolVersion: 'test' },
  );
  return result.findings.filter((f) => f.status === 'fail').map((f) => `${f.ruleId} ${f.setting}`);
}

/** What auditScalePair must return for a drift at `driftAt`. */
export function expectedScaleDrift(driftAt: number): string[] {
  return [`catch-all reg:Server\\Tuning${Math.floor(driftAt / 100)}\\Value${driftAt % 100}`];
}
