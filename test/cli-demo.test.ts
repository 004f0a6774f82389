// `pairaudit demo` (what `npm start` runs): the sample pair's findings, every report written, exit 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditResult } from '../src/types.js';
import { runCli } from './cli-harness.js';

test('demo audits the sample pair: exact failing and waived findings, six reports, exit 0', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'pairaudit-demo-'));
  const r = await runCli(['demo', '--out', 'reports'], { cwd });
  assert.equal(r.code, 0, r.stderr);
  for (const f of ['audit.txt', 'audit.json', 'audit.junit.xml', 'audit.md', 'audit.html', 'audit.pdf']) {
    const file = join(cwd, 'reports', f);
    assert.ok(existsSync(file) && statSync(file).size > 0, `${f} written`);
  }
  const result = JSON.parse(readFileSync(join(cwd, 'reports', 'audit.json'), 'utf8')) as AuditResult;
  assert.equal(result.verdict, 'drift');
  const notPassing = result.findings.filter((f) => f.status !== 'pass' && f.messageId !== 'notCollected').map((f) => `${f.status} ${f.severity} ${f.ruleId} ${f.setting}`);
  assert.deepEqual(notPassing, [
    'fail blocker historic-retention historic.historicData.keepOnlineWeeks',
    'fail warning driver-version drivers.DNP3.version',
    'fail warning partners-compression partners.standbyA.compress',
    'waived warning webx-ports webx.httpPort',
  ]);
  // The sample bundles come from the 1.0 collector: what it could not collect is said at info, verdict unchanged.
  assert.ok(result.findings.some((f) => f.messageId === 'notCollected' && f.ruleId === 'disk-standby-capacity' && f.severity === 'info'));
  assert.match(r.stdout, /^DRIFT/);
  assert.match(r.stdout, /reports[\\/]audit\.pdf/);
});

test('demo with a folder that is not a pair is a usage error (exit 2, one line)', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'pairaudit-demo-'));
  const r = await runCli(['demo', '--pair', 'nowhere'], { cwd });
  assert.equal(r.code, 2);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /nowhere: no such pair folder/);
});

test('demo works from an installed package: the sample pair is in package.json `files`', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { files: string[] };
  const shipped = (path: string): boolean => pkg.files.some((f) => path === f || path.startsWith(`${f.replace(/\/$/, '')}/`));
  for (const f of ['fixtures/pairs/sample/main/ClearSCADA.reg', 'fixtures/pairs/sample/standby-a/ClearSCADA.reg', 'fixtures/pairs/sample/waivers.yaml', 'rules/geo-scada', 'templates/audit.html.hbs', 'profiles/geo-scada.json']) {
    assert.ok(existsSync(f), `${f} exists`);
    assert.ok(shipped(f), `${f} is not in the package's files`);
  }
});
