// A large server (200,000 settings, the size of the biggest exports we benchmark) audits without
// overflowing the stack, and its one drift is found among the passes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { auditGroup, caseSnapshot, loadRules } from '../src/engine/index.js';
import type { SettingValue } from '../src/types.js';

const SIZE = 200_000;

function server(drifted: boolean): Record<string, SettingValue> {
  const settings: Record<string, SettingValue> = { 'db.port': 5481 };
  for (let i = 0; i < SIZE; i++) settings[`reg:Server\\Tuning${Math.floor(i / 100)}\\Value${i % 100}`] = drifted && i === 123_456 ? 2 : 1;
  return settings;
}

test(`a pair of ${SIZE.toLocaleString('en')} settings each audits, and the catch-all finds the one drifted value`, async () => {
  const pack = await loadRules([join(import.meta.dirname, '..', 'rules', 'geo-scada')]);
  const result = auditGroup(
    { servers: [{ role: 'main', snapshot: caseSnapshot('main', server(false)) }, { role: 'standby-a', snapshot: caseSnapshot('standby-a', server(true)) }], pack, kind: 'audit' },
    { now: new Date('2026-11-25T12:00:00Z'), toolVersion: 'test' },
  );
  const failed = result.findings.filter((f) => f.status === 'fail').map((f) => `${f.ruleId} ${f.setting}`);
  assert.deepEqual(failed, ['catch-all reg:Server\\Tuning1234\\Value56']);
});
