// A secret pattern learned after a snapshot was recorded (a token in a registry value, found by its content since
// session 26; a name a newer pattern takes for a secret's): the next record compares the previous snapshot as today's
// patterns would have stored it. Before, it journalled the old value in clear (`from: "Authorization: Bearer …"`:
// a new write to the store holding a secret) and changes of nothing (`Bearer (hidden)` → `Bearer (hidden)`, `#hidden`
// added, a secret `set → set (different)`), each an undocumented change in the change record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { approveBaseline, attributeFindings, recordSnapshot } from '../src/history/index.js';
import { defaultSecretDetector, protectSnapshot } from '../src/snapshot/index.js';
import type { AuditResult, Finding, SettingValue } from '../src/types.js';
import { entryFile, makeSnapshot, runCli, tempStore } from './history-fixtures.js';

/** Settings an older pairaudit kept in clear, each with the plaintext that must not be journalled again. */
const CASES: { setting: string; value: SettingValue; secret: string; why: string }[] = [
  { setting: 'reg:WebX\\RequestHeader', value: 'Authorization: Bearer abcdefgh12345678LeakOne', secret: 'LeakOne', why: 'a Bearer credential (hidden in part)' },
  { setting: 'reg:WebX\\SessionData', value: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ3ZWJ4In0.LeakTwoSig', secret: 'LeakTwo', why: 'a JSON Web Token' },
  { setting: 'reg:DB\\AdminPIN', value: 'LeakThree', secret: 'LeakThree', why: 'a secret by its name' },
  { setting: 'reg:DB\\ConnectionString', value: 'Server=sql01;Password=LeakFour', secret: 'LeakFour', why: "a connection string's password" },
];

const meta = (at: string) => ({ at, author: 'ops' });

test('a value a newer pattern finds is no change in the next record, and its plaintext is not journalled again', async () => {
  const { store, dir, cleanup } = tempStore();
  try {
    const values = (timeout: number): Record<string, SettingValue> => ({ ...Object.fromEntries(CASES.map((c) => [c.setting, c.value])), 'reg:WebX\\Timeout': timeout });
    // As an older pairaudit recorded it: every value in clear.
    await recordSnapshot(store, makeSnapshot('NORTH-A', '2026-11-20T08:00:00Z', values(30)), meta('2026-11-20T08:00:00Z'));
    // As pairaudit collects it today: the same values hidden and hashed under the store's key, and one real change.
    const today = protectSnapshot(makeSnapshot('NORTH-A', '2026-11-21T08:00:00Z', values(31)), defaultSecretDetector(), store.secretKey());
    for (const c of CASES) assert.ok(!JSON.stringify(today.settings[c.setting]).includes(c.secret), `${c.why}: hidden today`);
    const out = await recordSnapshot(store, today, meta('2026-11-21T08:00:00Z'));
    assert.deepEqual(
      out.changes.map((c) => [c.setting, c.kind]),
      [['reg:WebX\\Timeout', 'changed']],
      'only the real change',
    );
    const entry = readFileSync(entryFile(dir, out.entry.seq), 'utf8');
    for (const c of CASES) assert.ok(!entry.includes(c.secret), `${c.why}: not in the new journal entry`);
    const changes = await runCli(['changes', '--store', dir, '--format', 'json'], { cwd: dir });
    assert.equal(changes.code, 0, changes.stderr);
    assert.equal((JSON.parse(changes.stdout) as { changes: unknown[] }).changes.length, 1, changes.stdout);
  } finally {
    cleanup();
  }
});

test('attribution compares an approved baseline kept in clear as today stores it: no change from a pattern learned, no plaintext', async () => {
  const { store, cleanup } = tempStore();
  try {
    const values = Object.fromEntries(CASES.map((c) => [c.setting, c.value]));
    for (const [label, role] of [['NORTH-A', 'main'], ['NORTH-B', 'standby-a']] as const) {
      await recordSnapshot(store, makeSnapshot(label, '2026-11-20T08:00:00Z', values), { ...meta('2026-11-20T08:00:00Z'), pair: 'North', role });
    }
    await approveBaseline(store, 'North', meta('2026-11-20T09:00:00Z'));
    const now = (label: string) => protectSnapshot(makeSnapshot(label, '2026-11-21T08:00:00Z', values), defaultSecretDetector(), store.secretKey());
    const finding = (setting: string): Finding => ({ ruleId: 'r', title: setting, severity: 'warning', status: 'fail', category: 'webx', setting, servers: ['main', 'standby-a'], values: {}, sources: {}, messageId: 'differs', message: `${setting} differs`, rationale: '', remediation: '' });
    const result = { kind: 'audit', servers: [{ role: 'main', label: 'NORTH-A' }, { role: 'standby-a', label: 'NORTH-B' }], findings: CASES.map((c) => finding(c.setting)) } as unknown as AuditResult;
    const out = attributeFindings(store, 'North', result, [
      { role: 'main', snapshot: now('NORTH-A') },
      { role: 'standby-a', snapshot: now('NORTH-B') },
    ]);
    for (const [i, c] of CASES.entries()) assert.equal(out.findings[i].attribution, undefined, `${c.why}: not changed since the baseline`);
    const text = JSON.stringify(out);
    for (const c of CASES) assert.ok(!text.includes(c.secret), `${c.why}: not in the result`);
  } finally {
    cleanup();
  }
});
