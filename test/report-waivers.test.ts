// Waivers in every format: each listed once, with its state in words and the finding it covers; a lapsed one says which value changed, from what to what.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyWaivers } from '../src/engine/waivers.js';
import { renderAudit } from '../src/report/index.js';
import type { AuditResult, Finding } from '../src/types.js';
import { sampleResult } from './report-fixture.js';

const reason = 'Standby port moved for the firewall change CHG-7';

/** The sample result with a waiver of db.port that accepted 5481 on Standby A, which now has 5482. */
function lapsedResult(): AuditResult {
  const result = sampleResult();
  const f = result.findings.find((x) => x.setting === 'db.port')!;
  f.waiver = { reason, approvedBy: 'k.lee', expires: '2027-03-31', state: 'values-changed', changed: [{ role: 'standby-a', accepted: 5481, found: 5482 }] };
  // The engine also reports the lapsed waiver in result.waivers: the reports must not list it twice.
  result.waivers = [...(result.waivers ?? []), { ruleId: f.ruleId, setting: f.setting, state: 'values-changed', reason, approvedBy: 'k.lee', expires: '2027-03-31' }];
  return result;
}

test('applyWaivers: a lapsed waiver records each value that changed, accepted and found', () => {
  const finding: Finding = { ...sampleResult().findings.find((x) => x.setting === 'db.port')!, waiver: undefined, status: 'fail' };
  const { findings, report } = applyWaivers([finding], [{ ruleId: finding.ruleId, setting: 'db.port', reason, approvedBy: 'k.lee', expires: '2027-03-31', values: { main: 5481, 'standby-a': 5481 } }], new Date('2026-11-25T12:00:00Z'));
  assert.equal(findings[0]!.status, 'fail');
  assert.deepEqual(findings[0]!.waiver?.changed, [{ role: 'standby-a', accepted: 5481, found: 5482 }]);
  assert.deepEqual(report.map((w) => w.state), ['values-changed']);
});

// The db.port finding fails with Main 5481 and Standby A 5482; each row: the waivers given, what the finding becomes, the waiver report.
const dbPort = { ruleId: 'db-port-match', setting: 'db.port', reason, approvedBy: 'k.lee', expires: '2027-03-31' };
const stateCases: { name: string; waivers: { values: Record<string, number>; expires?: string; reason?: string }[]; status: Finding['status']; state: string; unpinned?: string[]; report: string[] }[] = [
  { name: 'both values pinned as found: active', waivers: [{ values: { main: 5481, 'standby-a': 5482 } }], status: 'waived', state: 'active', report: [] },
  { name: "only the Main's value pinned: lapsed, the Standby's value could change unseen", waivers: [{ values: { main: 5481 } }], status: 'fail', state: 'values-missing', unpinned: ['standby-a'], report: ['values-missing'] },
  { name: "only the Standby's value pinned: lapsed", waivers: [{ values: { 'standby-a': 5482 } }], status: 'fail', state: 'values-missing', unpinned: ['main'], report: ['values-missing'] },
  { name: 'a value changed and one missing: the change is named first', waivers: [{ values: { main: 5480 } }], status: 'fail', state: 'values-changed', report: ['values-changed'] },
  {
    name: 'an expired waiver beside an active one: the active waives, the expired one is listed as expired (not unused)',
    waivers: [
      { values: { main: 5481, 'standby-a': 5482 }, expires: '2026-11-01', reason: 'old' },
      { values: { main: 5481, 'standby-a': 5482 } },
    ],
    status: 'waived',
    state: 'active',
    report: ['expired'],
  },
];
for (const c of stateCases) {
  test(`applyWaivers: ${c.name}`, () => {
    const finding: Finding = { ...sampleResult().findings.find((x) => x.setting === 'db.port')!, waiver: undefined, status: 'fail' };
    const { findings, report } = applyWaivers([finding], c.waivers.map((w) => ({ ...dbPort, ...w })), new Date('2026-11-25T12:00:00Z'));
    assert.equal(findings[0]!.status, c.status);
    assert.equal(findings[0]!.waiver?.state, c.state);
    assert.deepEqual(findings[0]!.waiver?.unpinned, c.unpinned);
    assert.deepEqual(report.map((w) => w.state), c.report);
  });
}

test('text: a waiver that gives no value for a server of its finding says which, and the value now', async () => {
  const result = sampleResult();
  const f = result.findings.find((x) => x.setting === 'db.port')!;
  f.waiver = { reason, approvedBy: 'k.lee', expires: '2027-03-31', state: 'values-missing', unpinned: ['standby-a'] };
  const text = (await renderAudit(result, 'text', { color: false, width: 200 })) as string;
  assert.match(text, /^! db\.port \(db-port-match\): lapsed: a server's value not given$/m);
  assert.match(text, /Standby A: no accepted value in the waiver, now 5482/);
});

const count = (text: string, needle: string | RegExp): number => (typeof needle === 'string' ? text.split(needle).length - 1 : (text.match(needle) ?? []).length);

// format → how a waiver row of db.port is recognised in its waivers list, and the change in words
const formats: { format: 'text' | 'markdown' | 'html'; row: RegExp; change: string }[] = [
  { format: 'text', row: /^! db\.port \(db-port-match\): lapsed: a value changed$/gm, change: 'Standby A: accepted 5481, now 5482' },
  { format: 'markdown', row: /^\| `db-port-match` \| `db\.port` \| \*\*lapsed: a value changed\*\* \|/gm, change: 'Standby A: accepted 5481, now 5482' },
  { format: 'html', row: /<td class="state-values-changed">lapsed: a value changed<\/td>/g, change: 'Standby A: accepted 5481, now 5482' },
];

for (const { format, row, change } of formats) {
  test(`${format}: a lapsed waiver is listed once, with the finding it covers and what changed`, async () => {
    const text = (await renderAudit(lapsedResult(), format, { color: false })) as string;
    assert.equal(count(text, row), 1, 'one row for the lapsed waiver');
    assert.ok(text.includes(change), `says what changed: ${change}`);
    assert.ok(!/values-changed:|waiver values-changed/i.test(text), 'no internal token as wording');
    // The unused waiver is listed too, once; the count in the heading matches the rows.
    assert.equal(count(text, 'Old exception'), 1);
    if (format !== 'text') assert.match(text, /Waivers (<span class="count">)?\(3\)/);
    else assert.match(text, /^WAIVERS: 3, 2 need attention -+$/m);
  });
}

test('junit: the failure of a lapsed waiver says it lapsed and what changed; a waived finding is skipped naming who and until when', async () => {
  const xml = (await renderAudit(lapsedResult(), 'junit', { color: false })) as string;
  const failure = xml.match(/<testcase classname="[^"]*" name="db\.port \[[a-z]+\]"[^>]*>\s*<failure [^>]*>([\s\S]*?)<\/failure>/)?.[1] ?? '';
  assert.match(failure, /Waiver lapsed: a value changed \(approved by k\.lee until 2027-03-31: Standby port moved for the firewall change CHG-7\)\n {2}Standby A: accepted 5481, now 5482/);
  const waived = sampleResult().findings.find((f) => f.status === 'waived');
  assert.ok(waived?.waiver, 'the sample result has a waived finding');
  assert.ok(xml.includes(`<skipped message="waived by ${waived.waiver.approvedBy} until ${waived.waiver.expires}: `), 'the waived finding names approver and expiry');
});

test('json: the lapsed waiver carries the changed values', async () => {
  const json = JSON.parse((await renderAudit(lapsedResult(), 'json', { color: false })) as string) as AuditResult;
  assert.deepEqual(json.findings.find((f) => f.setting === 'db.port')!.waiver!.changed, [{ role: 'standby-a', accepted: 5481, found: 5482 }]);
});

test('pdf: the waivers table lists the lapsed waiver once, with what changed', async (t) => {
  let text: string;
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-waivers-pdf-'));
  try {
    writeFileSync(join(dir, 'r.pdf'), (await renderAudit(lapsedResult(), 'pdf', { color: false })) as Uint8Array);
    text = execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return t.skip('pdftotext is not installed (apt-get install poppler-utils)');
    throw e;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.match(text, /Waivers \(3\)/);
  // Once in the waivers table, once beside the finding it covers (the PDF findings table annotates each row).
  assert.equal(count(text, /lapsed: a value/g), 2, 'the state in the waivers table and at its finding');
  assert.equal(count(text.replace(/\s+/g, ' '), /accepted 5481, now 5482/g), 1, 'what changed: in the waivers table only');
  assert.match(text.replace(/\s+/g, ' '), /Standby A: accepted 5481, now 5482/);
});
