// `pairaudit demo` (what `npm start` runs): the sample pair's findings, every report written, exit 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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

test('demo --pair with folders named in another case (Main/, Standby-A/, as on Windows) reads them', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'pairaudit-demo-'));
  const sample = resolve(import.meta.dirname, '..', 'fixtures', 'pairs', 'sample');
  cpSync(join(sample, 'main'), join(cwd, 'Pair', 'Main'), { recursive: true });
  cpSync(join(sample, 'standby-a'), join(cwd, 'Pair', 'Standby-A'), { recursive: true });
  const r = await runCli(['demo', '--pair', 'Pair', '--out', 'reports'], { cwd });
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  assert.ok(existsSync(join(cwd, 'reports', 'audit.json')));
});

test('demo with a folder that is not a pair is a usage error (exit 2, one line)', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'pairaudit-demo-'));
  const r = await runCli(['demo', '--pair', 'nowhere'], { cwd });
  assert.equal(r.code, 2);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /nowhere: no such pair folder/);
});

test('demo works from the package npm publishes: the packed files alone (sample pair, rules, templates, profiles) run it', () => {
  // `npm pack` honours package.json `files`; the tarball unpacked, with the dependencies beside it, is what `npm install` gives.
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-pack-'));
  try {
    const npm = (args: string[], cwd: string): string => execFileSync('npm', args, { cwd, encoding: 'utf8', shell: process.platform === 'win32', stdio: ['ignore', 'pipe', 'pipe'] });
    const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', dir], process.cwd())) as { filename: string; files: { path: string }[] }[];
    const files = packed!.files.map((f) => f.path);
    for (const f of ['dist/cli/main.js', 'fixtures/pairs/sample/main/ClearSCADA.reg', 'fixtures/pairs/sample/waivers.yaml', 'rules/geo-scada/sources.json', 'templates/audit.html.hbs', 'profiles/geo-scada.json', 'collectors/collect-pairaudit.cmd']) assert.ok(files.includes(f), `${f} is not in the package`);
    assert.ok(!files.some((f) => f.startsWith('test/') || f.startsWith('src/') || f.endsWith('.tsbuildinfo')), 'tests, sources and build state stay out');
    execFileSync('tar', ['-xzf', packed!.filename], { cwd: dir });
    symlinkSync(resolve('node_modules'), join(dir, 'package', 'node_modules'), 'junction');
    mkdirSync(join(dir, 'work'));
    const out = execFileSync(process.execPath, [join(dir, 'package', 'dist', 'cli', 'main.js'), 'demo', '--out', 'reports'], { cwd: join(dir, 'work'), encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    assert.match(out, /^DRIFT/);
    for (const f of ['audit.txt', 'audit.html', 'audit.pdf']) assert.ok(statSync(join(dir, 'work', 'reports', f)).size > 0, f);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
