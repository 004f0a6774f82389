// `check` GO rests on configuration only: the headline says so, and the sign-off lists what is confirmed by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli-harness.js';
import { formatPdf } from '../src/report/pdf/index.js';
import type { AuditResult } from '../src/types.js';

const ROOT = join(import.meta.dirname, '..');
// Three minutes after the healthy pair's bundles were collected.
const now = '2026-11-20T08:20:00Z';
const healthy = ['fixtures/pairs/healthy/main', 'fixtures/pairs/healthy/standby-a'];
const SYNC = 'On the Main, Server Status › Standby › Links shows Sync = Full for every Standby';
const PROBLEMS = 'Server Status shows no configuration problem on any server';

const FORMATS: [format: string, go: RegExp, line: (s: string) => string][] = [
  ['text', /^GO {5}GO on configuration only: no blocker failed/, (s) => `[ ] ${s}`],
  ['markdown', /\*\*GO\*\*: GO on configuration only/, (s) => `- [ ] ${s}`],
  ['html', /GO on configuration only/, (s) => `<li>☐ ${s}`],
];

for (const [format, go, line] of FORMATS) {
  test(`check GO (${format}): "configuration only", and each by-hand confirmation is a sign-off line`, async () => {
    const r = await runCli(['check', ...healthy, '--format', format], { cwd: ROOT, now });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, go);
    // Text wraps at 80 columns; HTML escapes "=" and quotes.
    const flat = r.stdout.replace(/&#x3D;/g, '=').replace(/&quot;/g, '"').replace(/\s+/g, ' ');
    assert.ok(flat.includes(line(SYNC)), `no sign-off line for Sync = Full in ${format}`);
    assert.ok(flat.includes(line(PROBLEMS)), `no sign-off line for configuration problems in ${format}`);
  });
}

test('check NO-GO and audit: no by-hand confirmations (nothing to change over on)', async () => {
  for (const args of [['check', 'fixtures/pairs/drift-db-port/main', 'fixtures/pairs/drift-db-port/standby-a'], ['audit', ...healthy]]) {
    const r = await runCli([...args, '--format', 'markdown'], { cwd: ROOT, now });
    assert.ok(!r.stdout.includes(SYNC), args.join(' '));
  }
});

test('check GO (pdf): the sign-off block lists the confirmations', async (t) => {
  const r = await runCli(['check', ...healthy, '--format', 'json'], { cwd: ROOT, now });
  const bytes = await formatPdf(JSON.parse(r.stdout) as AuditResult, { color: false });
  let text: string;
  try {
    const dir = mkdtempSync(join(tmpdir(), 'pairaudit-check-pdf-'));
    writeFileSync(join(dir, 'c.pdf'), bytes);
    text = execFileSync('pdftotext', ['-layout', join(dir, 'c.pdf'), '-'], { encoding: 'utf8' });
  } catch {
    t.skip('pdftotext (poppler) is not installed');
    return;
  }
  const flat = text.replace(/\s+/g, ' ');
  assert.ok(flat.includes('GO on configuration only'));
  assert.ok(flat.includes(`[ ] ${SYNC}`.replace(/\s+/g, ' ')) || flat.includes(SYNC), flat.slice(-800));
  assert.ok(flat.includes(PROBLEMS));
});

// A group checked in part: a partner link to a server not given leaves that server unaudited, so NO-GO (unknown), never GO.
const T = 'fixtures/pairs/drift-triple-b-link';
const F = 'fixtures/pairs/five-servers';
const GROUPS: { name: string; servers: string[]; now: string; go: boolean; outside: string[] }[] = [
  { name: 'a Triple Standby given as Main and Standby B', servers: [`${T}/main`, `${T}/standby-b`], now: '2026-11-20T09:06:00Z', go: false, outside: ['main:partners.standbyA.address', 'standby-b:partners.standbyB.address'] },
  {
    name: 'five servers given as Main and Permanent B',
    servers: [`${F}/main`, `${F}/permanent-b`],
    now: '2026-11-23T09:06:00Z',
    go: false,
    outside: ['main:partners.permanentA.address', 'main:partners.permanentC.address', 'main:partners.standbyA.address', 'permanent-b:partners.standbyB.address'],
  },
  { name: 'the five servers together', servers: ['main', 'permanent-a', 'permanent-b', 'permanent-c', 'standby-a'].map((r) => `${F}/${r}`), now: '2026-11-23T09:06:00Z', go: true, outside: [] },
];
for (const g of GROUPS) {
  test(`check ${g.name}: ${g.outside.length > 0 ? 'the links to servers not given are unknown blockers (NO-GO)' : 'every link reaches a server given'}`, async () => {
    const r = await runCli(['check', ...g.servers, '--format', 'json'], { cwd: ROOT, now: g.now });
    const result = JSON.parse(r.stdout) as AuditResult;
    assert.equal(result.go, g.go, r.stderr);
    if (!g.go) assert.equal(r.code, 3);
    const outside = result.findings.filter((f) => f.ruleId === 'partners-group-audited' && f.status === 'unknown');
    assert.deepEqual(outside.map((f) => f.setting), g.outside);
    for (const f of outside) assert.equal(f.severity, 'blocker');
  });
}

