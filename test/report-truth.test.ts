// What the reports say agrees with the result they render: the in-parity headline counts what the verdict judged
// and says what failed or was not evaluated below it; column and section headings name roles and reasons as the
// other formats do; a waiver's unpinned server is named in the HTML detail too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pdfText } from './history-fixtures.js';
import { runCli } from './cli-harness.js';
import type { AuditResult } from '../src/types.js';
import { renderAudit } from '../src/report/index.js';
import { sampleResult } from './report-fixture.js';

const ROOT = join(import.meta.dirname, '..');
const P = (pair: string, ...roles: string[]) => roles.map((r) => join('fixtures', 'pairs', pair, r));
const run = (args: string[], now = '2026-11-20T08:20:00Z') => runCli(args, { cwd: ROOT, now, env: { PAIRAUDIT_SECRET_KEY: 'k' } });

test('the in-parity headline counts the checks at or above the threshold, and names what failed or was unknown below it', async () => {
  const cases: { args: string[]; headline: RegExp }[] = [
    { args: [...P('drift-antivirus-exclusion', 'main', 'standby-a'), '--fail-on', 'blocker'], headline: /All (\d+) checks at or above blocker passed or were waived\. Below blocker: 1 failed\./ },
    { args: [...P('healthy', 'main', 'standby-a'), '--fail-on', 'info'], headline: /All (\d+) checks at or above info passed or were waived\. (\d+) not evaluated \(listed under Unknown\)\./ },
  ];
  for (const c of cases) {
    const json = JSON.parse((await run(['audit', ...c.args, '-f', 'json'])).stdout) as AuditResult;
    assert.equal(json.verdict, 'in-parity');
    const text = (await run(['audit', ...c.args])).stdout;
    // The headline is the paragraph under the verdict (wrapped at 80 columns).
    const line = text.split('\n').slice(1).join('\n').split('\n\n')[0]!.replace(/\s+/g, ' ');
    const m = c.headline.exec(line);
    assert.ok(m, line);
    const order = ['blocker', 'warning', 'info'];
    const judged = json.findings.filter((f) => order.indexOf(f.severity) <= order.indexOf(json.failOn) && (f.status === 'pass' || f.status === 'waived')).length;
    assert.equal(Number(m[1]), judged, 'the count is of the checks the verdict judged');
    if (m[2] !== undefined) assert.equal(Number(m[2]), json.findings.filter((f) => f.status === 'unknown').length);
  }
});

test('markdown: a server column is headed by its role label even when no failing finding has its value', async () => {
  const md = (await run(['audit', ...P('drift-triple-b-link', 'main', 'standby-a', 'standby-b'), '-f', 'markdown'], '2026-11-20T09:06:00Z')).stdout;
  const header = md.split('\n').find((l) => l.startsWith('| Severity | Setting | Rule |'));
  assert.ok(header !== undefined);
  assert.doesNotMatch(header, /\| main \|/);
  assert.match(header, /\| Main \| Standby A \| Standby B \|/);
});

test('html: the unknowns heading gives the reason the other formats give (stale evidence here)', async () => {
  const html = (await run(['check', ...P('healthy', 'main', 'standby-a'), '-f', 'html'], '2026-11-20T12:00:00Z')).stdout;
  assert.match(html, /<h2 id="unknowns-title">Unknowns: evidence missing or stale <span class="count">/);
});

test('html: a waiver that gives no value for a server names that server in the finding\'s detail', async () => {
  const result = sampleResult();
  const f = result.findings.find((x) => x.setting === 'db.port')!;
  f.waiver = { reason: 'r', approvedBy: 'a', expires: '2027-01-01', state: 'values-missing', unpinned: ['standby-a'] };
  const html = (await renderAudit(result, 'html', { color: false })) as string;
  // The finding's detail (beside the waivers table, which named it already).
  assert.match(html, /expires 2027-01-01\); Standby A: no accepted value in the waiver/);
});

test('audit --fail-on none: exit 0, and the result and every report say it was reported only, not "fail on warning"', async () => {
  const args = ['audit', ...P('sample', 'main', 'standby-a'), '--fail-on', 'none'];
  const json = await run([...args, '-f', 'json']);
  assert.equal(json.code, 0);
  assert.equal((JSON.parse(json.stdout) as AuditResult).reportOnly, true);
  for (const [format, said] of [['text', /fail on none \(reported only; judged at warning\)/], ['markdown', /fail on none \(reported only; judged at warning\)/], ['html', /fail on <strong>none \(reported only; judged at warning\)<\/strong>/]] as const) {
    const r = await run([...args, '-f', format]);
    assert.equal(r.code, 0);
    assert.match(r.stdout.replace(/\s+/g, ' '), said, format);
  }
});

test('pdf: every server of a five-server group is in every page footer (a pair keeps its fingerprints whole)', async (t) => {
  const F = (r: string) => join('fixtures', 'pairs', 'five-servers', r);
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-footer-'));
  const pdf = join(dir, 'five.pdf');
  const r = await run(['check', ...['main', 'standby-a', 'permanent-a', 'permanent-b', 'permanent-c'].map(F), '-o', pdf], '2026-11-23T09:06:00Z');
  assert.ok(r.code === 0 || r.code === 3, r.stderr);
  const text = pdfText(t, pdf);
  if (text === undefined) return;
  const json = JSON.parse((await run(['check', ...['main', 'standby-a', 'permanent-a', 'permanent-b', 'permanent-c'].map(F), '-f', 'json'], '2026-11-23T09:06:00Z')).stdout) as AuditResult;
  const page2 = text.split('\f')[1]!.replace(/\s+/g, ' ');
  for (const s of json.servers) assert.ok(page2.includes(`${s.label}: ${s.fingerprint.slice(0, 16)}…`), `${s.label} in the footer`);
});

