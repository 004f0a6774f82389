// `pairaudit demo` (what `npm start` runs): the sample pair's findings, every report written, exit 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../src/cli/main.js';
import type { CliIO } from '../src/cli/io.js';
import type { AuditResult } from '../src/types.js';

function fakeIO(cwd: string): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (t) => void out.push(typeof t === 'string' ? t : Buffer.from(t).toString('utf8')),
    stderr: (t) => void err.push(t),
    isTTY: false,
    env: { NO_COLOR: '1' },
    now: () => new Date('2026-11-25T12:00:00Z'),
    version: '0.0.0-test',
    cwd,
    exitCode: 0,
  };
}

test('demo audits the sample pair: exact failing and waived findings, six reports, exit 0', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'pairaudit-demo-'));
  const io = fakeIO(cwd);
  const code = await run(['demo', '--out', 'reports'], io);
  assert.equal(code, 0, io.err.join(''));
  for (const f of ['audit.txt', 'audit.json', 'audit.junit.xml', 'audit.md', 'audit.html', 'audit.pdf']) {
    const file = join(cwd, 'reports', f);
    assert.ok(existsSync(file) && statSync(file).size > 0, `${f} written`);
  }
  const result = JSON.parse(readFileSync(join(cwd, 'reports', 'audit.json'), 'utf8')) as AuditResult;
  assert.equal(result.verdict, 'drift');
  const notPassing = result.findings.filter((f) => f.status !== 'pass').map((f) => `${f.status} ${f.severity} ${f.ruleId} ${f.setting}`);
  assert.deepEqual(notPassing, [
    'fail blocker historic-retention historic.historicData.keepOnlineWeeks',
    'fail warning driver-version drivers.DNP3.version',
    'fail warning partners-compression partners.standbyA.compress',
    'waived warning webx-ports webx.httpPort',
  ]);
  const stdout = io.out.join('');
  assert.match(stdout, /^DRIFT/);
  assert.match(stdout, /reports[\\/]audit\.pdf/);
});

test('demo with a folder that is not a pair is a usage error (exit 2, one line)', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'pairaudit-demo-'));
  const io = fakeIO(cwd);
  const code = await run(['demo', '--pair', 'nowhere'], io);
  assert.equal(code, 2);
  assert.equal(io.err.join('').trim().split('\n').length, 1);
  assert.match(io.err.join(''), /nowhere: no such pair folder/);
});
