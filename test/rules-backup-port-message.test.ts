// partners-backup-port says which connection dials the wrong port: its message was must-mirror's for the main
// connection ("dials port 5481 on its Standby A link"), word for word the finding of partners-port-mirror beside it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import type { AuditResult } from '../src/types.js';
import { runCli } from './cli-harness.js';

test('the backup connection and the main connection dialling the wrong port read differently', async () => {
  const pair = ['main', 'standby-a'].map((r) => resolve('fixtures', 'pairs', 'drift-db-port', r));
  const r = await runCli(['audit', ...pair, '-f', 'json'], { cwd: '.', now: '2026-11-20T08:20:30Z' });
  const result = JSON.parse(r.stdout) as AuditResult;
  const message = (ruleId: string): string | undefined => result.findings.find((f) => f.ruleId === ruleId && f.status === 'fail')?.message;
  const rows: [string, string][] = [
    ['partners-port-mirror', "Main dials port 5481 on its Standby A link, but Standby A's database port is 5482"],
    ['partners-backup-port', "Main dials port 5481 on the backup connection of its Standby A link, but Standby A's database port is 5482"],
  ];
  for (const [ruleId, text] of rows) assert.equal(message(ruleId), text, ruleId);
});
