// Human units wherever a person reads: ages in min, h and d; sizes in GiB (JSON keeps the exact numbers); stale evidence is not called missing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { humanBytes, humanMinutes } from '../src/units.js';
import { renderAudit } from '../src/report/index.js';
import type { AuditResult } from '../src/types.js';
import { runCli } from './cli-harness.js';
import { pdfText, sampleResult } from './report-fixture.js';

test('humanMinutes and humanBytes', () => {
  const minutes: [number, string][] = [[0, '0 min'], [12.34, '12.3 min'], [89, '89 min'], [90, '1.5 h'], [1445, '24.1 h'], [2880, '2 d'], [788142.8, '547 d'], [13_000, '9 d 1 h'], [91 * 1440 + 23 * 60 + 58, '92 d'], [2 * 1440 + 23 * 60 + 40, '3 d'], [2 * 1440 + 29, '2 d'], [2 * 1440 + 31, '2 d 1 h'], [91 * 1440 + 22 * 60 + 50, '91 d 23 h']];
  for (const [m, text] of minutes) assert.equal(humanMinutes(m), text, String(m));
  const bytes: [number, string][] = [[900, '900 bytes'], [5 * 1024 ** 2, '5 MiB'], [500_000_000_000, '465.7 GiB'], [1024 ** 4, '1024 GiB']];
  for (const [b, text] of bytes) assert.equal(humanBytes(b), text, String(b));
});

test('check a day later: the age in hours, the evidence called stale (not missing); JSON keeps the minutes', async () => {
  const pair = ['main', 'standby-a'].map((r) => resolve('fixtures', 'pairs', 'healthy', r));
  const text = await runCli(['check', ...pair], { cwd: '.', now: '2026-11-21T08:20:00Z' });
  assert.equal(text.code, 3, text.stderr);
  assert.match(text.stdout.replace(/\s+/g, ' '), /snapshot was collected 24\.\d h before this check, more than the 15 min limit/);
  assert.match(text.stdout, /^UNKNOWN: \d+ not evaluated \(evidence (stale|missing or stale)\)/m, 'stale evidence is not called missing');
  assert.doesNotMatch(text.stdout.replace(/\s+/g, ' '), /\d min before this check/);
  const json = JSON.parse((await runCli(['check', ...pair, '-f', 'json'], { cwd: '.', now: '2026-11-21T08:20:00Z' })).stdout) as AuditResult;
  const stale = json.findings.find((f) => f.messageId === 'stale')!;
  assert.equal(typeof stale.data?.ageMinutes, 'number');
});

test('sizes: a disk value in GiB in text, HTML, Markdown and PDF; the exact bytes in JSON', async () => {
  const result = sampleResult();
  const f = result.findings[0]!;
  result.findings[0] = { ...f, setting: 'disk.D:.freeBytes', values: { main: 500_000_000_000, 'standby-a': 1_000_000_000 } };
  for (const format of ['text', 'markdown', 'html'] as const) {
    const out = (await renderAudit(result, format, { color: false })) as string;
    assert.ok(out.includes('465.7 GiB') && out.includes('953.7 MiB'), format);
    assert.ok(!out.includes('500000000000'), `${format}: no raw bytes`);
  }
  const pdf = pdfText((await renderAudit(result, 'pdf', { color: false })) as Uint8Array);
  if (pdf !== undefined) assert.match(pdf, /disk\.D:\.freeBytes +465\.7 GiB +953\.7 MiB/, 'pdf');
  const json = (await renderAudit(result, 'json', { color: false })) as string;
  assert.ok(json.includes('500000000000'));
});
