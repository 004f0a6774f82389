// `audit`/`check` with the history store: --pair attributes drift to the server that changed since the
// approved baseline, and --record journals the result so the check leaves its evidence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditResult } from '../src/types.js';
import { runCli } from './cli-harness.js';
import { bundleCopy } from './history-fixtures.js';

const pairs = join(import.meta.dirname, '..', 'fixtures', 'pairs');

test('after an approved baseline, an audit says which server changed, with the ticket; --record journals it and the chain verifies', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'pairaudit-attr-'));
  const at = (now: string) => ({ cwd, now });
  for (const [dir, role] of [['healthy/main', 'main'], ['healthy/standby-a', 'standby-a']]) {
    const r = await runCli(['record', join(pairs, dir), '--pair', 'north', '--role', role], at('2026-11-20T10:00:00Z'));
    assert.equal(r.code, 0, r.stderr);
  }
  assert.equal((await runCli(['approve', '--pair', 'north', '--author', 'J. Smith'], at('2026-11-20T11:00:00Z'))).code, 0);
  // Before the change is recorded, the audit still names the server that moved away from the baseline.
  const unrecorded = await runCli(['audit', join(pairs, 'healthy/main'), join(pairs, 'drift-db-port/standby-a'), '--pair', 'north', '--format', 'json'], at('2026-11-21T09:00:00Z'));
  const first = (JSON.parse(unrecorded.stdout) as AuditResult).findings.find((f) => f.ruleId === 'db-port');
  assert.deepEqual(first?.attribution?.map((a) => [a.role, a.from, a.to]), [['standby-a', 5481, 5482]]);

  // The drifted Standby collected after the baseline's (the fixture has the healthy one's collection time).
  const drifted = bundleCopy(cwd, 'drifted-b', join(pairs, 'drift-db-port/standby-a'), '2026-11-21T08:00:00Z');
  const changed = await runCli(['record', drifted, '--pair', 'north', '--role', 'standby-a', '--author', 'ops', '--ticket', 'CHG-1'], at('2026-11-21T10:00:00Z'));
  assert.equal(changed.code, 0, changed.stderr);

  const audit = await runCli(['audit', join(pairs, 'healthy/main'), drifted, '--pair', 'north', '--record', '--format', 'json'], at('2026-11-21T11:00:00Z'));
  assert.equal(audit.code, 1, audit.stderr);
  const result = JSON.parse(audit.stdout) as AuditResult;
  const dbPort = result.findings.find((f) => f.ruleId === 'db-port');
  assert.equal(dbPort?.status, 'fail');
  assert.deepEqual(
    dbPort?.attribution?.map((a) => ({ role: a.role, server: a.server, from: a.from, to: a.to, ticket: a.ticket, author: a.author })),
    [{ role: 'standby-a', server: 'NORTH-B', from: 5481, to: 5482, ticket: 'CHG-1', author: 'ops' }],
  );
  assert.match(audit.stderr, /audit recorded as journal entry \d+/);

  // The operator's view of the same audit: the drift names who changed it, when, and that no note explains it.
  const text = await runCli(['audit', join(pairs, 'healthy/main'), drifted, '--pair', 'north', '--format', 'text'], at('2026-11-21T11:00:00Z'));
  assert.match(text.stdout.replace(/\s+/g, ' '), /Changed: NORTH-B \(Standby A\): 5481 → 5482, first seen \S+ by ops \(CHG-1\), no note/);

  const verify = await runCli(['verify', '--format', 'json'], at('2026-11-21T12:00:00Z'));
  assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  const report = JSON.parse(verify.stdout) as { ok: boolean; entries: number; auditsChecked: number };
  assert.deepEqual({ ok: report.ok, entries: report.entries, auditsChecked: report.auditsChecked }, { ok: true, entries: 7, auditsChecked: 1 });
});

test('check --record leaves its GO evidence in the journal', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'pairaudit-check-'));
  const r = await runCli(['check', join(pairs, 'healthy/main'), join(pairs, 'healthy/standby-a'), '--record', '--max-age', '100000', '--format', 'json'], { cwd, now: '2026-11-20T09:20:00Z' });
  assert.equal(r.code, 0, r.stdout.slice(0, 2000) + r.stderr);
  assert.match(r.stderr, /check recorded as journal entry \d+/);
  const changes = await runCli(['verify'], { cwd });
  assert.equal(changes.code, 0);
  assert.match(changes.stdout, /1 audit reference/);
});
