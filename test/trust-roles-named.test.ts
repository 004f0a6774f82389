// Roles named: `--roles` overriding a recorded role is named in every format; in a fleet, an inventory role
// that disagrees with the recorded one (which wins) is an info finding on that pair.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, writeFleetInventory } from './cli-harness.js';
import { formatPdf } from '../src/report/pdf/index.js';
import type { AuditResult } from '../src/types.js';
import type { FleetResult } from '../src/fleet/types.js';
import { missing } from './prerequisites.js';

const ROOT = join(import.meta.dirname, '..');
const now = '2026-11-20T08:20:00Z';
const P = (p: string) => `fixtures/pairs/${p}`;
const swapped = [P('healthy/standby-a'), P('healthy/main'), '--roles', 'main,standby-a'];
const run = (args: string[]) => runCli(args, { cwd: ROOT, now });
const NAMED = 'Roles set with --roles: NORTH-B (its evidence records Standby A) audited as Main; NORTH-A (its evidence records Main) audited as Standby A.';

// [format, how the text reads once flattened]
const FORMATS: [string, (s: string) => string][] = [
  ['text', (s) => s.replace(/\s+/g, ' ')],
  ['markdown', (s) => s.replace(/\\/g, '').replace(/\s+/g, ' ')],
  ['html', (s) => s.replace(/&#x3D;/g, '=').replace(/\s+/g, ' ')],
];

for (const [format, flat] of FORMATS) {
  test(`audit --roles over recorded roles (${format}): every override is named`, async () => {
    const r = await run(['audit', ...swapped, '--format', format]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(flat(r.stdout).includes(NAMED), flat(r.stdout).slice(0, 800));
  });
}

test('audit --roles over recorded roles (json): servers[].recordedRole; check names them too', async () => {
  const r = await run(['audit', ...swapped, '--format', 'json']);
  const result = JSON.parse(r.stdout) as AuditResult;
  assert.deepEqual(
    result.servers.map((s) => [s.label, s.role, s.recordedRole]),
    [
      ['NORTH-B', 'main', 'standby-a'],
      ['NORTH-A', 'standby-a', 'main'],
    ],
  );
  const check = await run(['check', ...swapped, '--format', 'text']);
  assert.ok(check.stdout.replace(/\s+/g, ' ').includes(NAMED));
});

test('audit --roles over recorded roles (pdf): the override reads back with pdftotext', async (t) => {
  const result = JSON.parse((await run(['audit', ...swapped, '--format', 'json'])).stdout) as AuditResult;
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-roles-pdf-'));
  writeFileSync(join(dir, 'a.pdf'), await formatPdf(result, { color: false }));
  const why = missing('pdftotext');
  if (why !== false) return t.skip(why);
  const text = execFileSync('pdftotext', [join(dir, 'a.pdf'), '-'], { encoding: 'utf8' });
  assert.ok(text.replace(/\s+/g, ' ').includes('Roles set with --roles: NORTH-B (its evidence records Standby A) audited as Main'), text.slice(0, 1200));
  // A long headline (the profile does not fit Standby A's export) is cut short in the band: both sentences stay whole below it.
  const combo = ['audit', P('healthy/standby-a'), 'fixtures/inputs/other-layout/main.reg', '--roles', 'main,standby-a', '--at', now, '--format', 'json'];
  writeFileSync(join(dir, 'b.pdf'), await formatPdf(JSON.parse((await run(combo)).stdout) as AuditResult, { color: false }));
  const long = execFileSync('pdftotext', [join(dir, 'b.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  assert.ok(long.includes('Roles set with --roles: NORTH-B (its evidence records Standby A) audited as Main.'), long.slice(0, 1500));
  assert.ok(long.includes('partners: 0 of 16 settings found): Standby A — see `pairaudit profile check`.'), long.slice(0, 1500));
});

// [case, args]: nothing is overridden, so nothing is named
const QUIET: [string, string[]][] = [
  ['--roles agreeing with the recorded roles', [P('healthy/main'), P('healthy/standby-a'), '--roles', 'main,standby-a']],
  ['--roles on bare exports (no recorded role)', ['fixtures/inputs/bare/standby-a.reg', 'fixtures/inputs/bare/main.reg', '--roles', 'standby-a,main', '--at', now]],
  ['no --roles', [P('healthy/main'), P('healthy/standby-a')]],
];

for (const [name, args] of QUIET) {
  test(`audit, ${name}: no override named`, async () => {
    const r = await run(['audit', ...args, '--format', 'json']);
    const result = JSON.parse(r.stdout) as AuditResult;
    assert.ok(result.servers.every((s) => s.recordedRole === undefined));
    assert.ok(!(await run(['audit', ...args, '--format', 'text'])).stdout.includes('Roles set with --roles'));
  });
}

test('fleet: an inventory role that disagrees with the recorded role is an info finding on that pair; the recorded role wins', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-roles-fleet-'));
  const abs = (p: string) => JSON.stringify(join(ROOT, p));
  const inventory = writeFleetInventory(dir, [
    '      - name: changed-over',
    `        servers: { main: ${abs(P('healthy/standby-a'))}, standby-a: ${abs(P('healthy/main'))} }`,
    '      - name: as-recorded',
    `        servers: { main: ${abs(P('healthy/main'))}, standby-a: ${abs(P('healthy/standby-a'))} }`,
  ]);
  const r = await run(['fleet', inventory, '--format', 'json', '--jobs', '1']);
  assert.equal(r.code, 0, r.stderr);
  const f = JSON.parse(r.stdout) as FleetResult;
  assert.deepEqual(
    f.pairs.map((p) => [p.name, p.outcome]),
    [
      ['changed-over', 'in-parity'],
      ['as-recorded', 'in-parity'],
    ],
  );
  const notes = f.pairs[0].audit?.findings.filter((x) => x.ruleId === 'inventory-role') ?? [];
  assert.deepEqual(
    notes.map((x) => [x.severity, x.status, x.servers, x.message]),
    [
      ['info', 'fail', ['main'], 'NORTH-A is Standby A in the inventory, but its evidence records Main: audited as Main; update the inventory if the servers changed over for good'],
      ['info', 'fail', ['standby-a'], 'NORTH-B is Main in the inventory, but its evidence records Standby A: audited as Standby A; update the inventory if the servers changed over for good'],
    ],
  );
  assert.deepEqual(f.pairs[0].audit?.servers.map((s) => [s.label, s.role]), [
    ['NORTH-A', 'main'],
    ['NORTH-B', 'standby-a'],
  ]);
  assert.ok(!f.pairs[1].audit?.findings.some((x) => x.ruleId === 'inventory-role'));
});
