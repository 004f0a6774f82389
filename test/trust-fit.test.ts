// Profile fit inside audit, check and fleet: coverage per server, the rules of a group the profile does not
// find become unknown naming the mapping, catch-all values outside every group's area are grouped by key at
// info, and the headline says the profile does not fit. Exports: fixtures/inputs/other-layout (Redundancy, not Partners).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redundancyProfile, runCli, writeFleetInventory } from './cli-harness.js';
import { formatPdf } from '../src/report/pdf/index.js';
import type { AuditResult } from '../src/types.js';
import type { FleetResult } from '../src/fleet/types.js';
import { missing } from './prerequisites.js';

const ROOT = join(import.meta.dirname, '..');
const now = '2026-11-20T08:20:00Z';
const at = ['--at', '2026-11-20T08:15:00Z'];
const O = (f: string) => `fixtures/inputs/other-layout/${f}`;
const other = [O('main.reg'), O('standby-a.reg')];
const run = (args: string[]) => runCli(args, { cwd: ROOT, now });
const json = async (args: string[]) => {
  const r = await run([...args, '--format', 'json']);
  return { code: r.code, result: JSON.parse(r.stdout) as AuditResult };
};
const HEADLINE = 'The profile does not fit this export (server: 0 of 1 settings found; partners: 0 of 16 settings found): Main and Standby A — see `pairaudit profile check`.';
const TYPE_MESSAGE = 'partners.type is mapped from Partners\\Type (assumed); no value is there in the exports of Main and Standby A — see `pairaudit profile check`';

test('audit, other layout: coverage per server, partner rules unknown naming the mapping, exit 3', async () => {
  const { code, result } = await json(['audit', ...other, ...at]);
  assert.equal(code, 3);
  for (const s of result.servers) {
    assert.deepEqual(s.coverage?.groups.partners, { found: 0, expected: 16, assumed: 16 });
    assert.deepEqual(s.coverage?.groups.db, { found: 1, expected: 1, assumed: 0 });
    assert.deepEqual(s.coverage?.misfits, ['server', 'partners']);
    assert.deepEqual(s.coverage?.unclaimed[0], { key: 'Redundancy\\StandbyA', values: 11 });
  }
  const type = result.findings.find((f) => f.ruleId === 'partners-type-match');
  assert.deepEqual([type?.status, type?.severity, type?.messageId, type?.message, type?.assumed], ['unknown', 'blocker', 'profileMisfit', TYPE_MESSAGE, true]);
  const address = result.findings.find((f) => f.ruleId === 'partners-address-mirror');
  assert.equal(address?.message, 'partners.{Link:camel}.address is mapped from Partners\\{Link}\\Address (assumed); no value is there in the exports of Main and Standby A — see `pairaudit profile check`');
  // Every rule reading a group the exports lack is unknown once per pair, never failed, never silent.
  const partnerRules = result.findings.filter((f) => /^(partners|server)-/.test(f.ruleId));
  assert.ok(partnerRules.length >= 15);
  assert.ok(partnerRules.every((f) => f.status === 'unknown' && f.messageId === 'profileMisfit'));
  assert.equal(new Set(partnerRules.map((f) => f.ruleId)).size, partnerRules.length);
  // Values outside every group's area: one info finding per key (not per value); nothing else of the catch-all fails.
  const catchAll = result.findings.filter((f) => f.ruleId === 'catch-all' && f.status === 'fail');
  assert.deepEqual(
    catchAll.map((f) => [f.setting, f.severity, f.messageId, f.data?.count]),
    [
      ['reg:Redundancy\\*', 'info', 'unclaimedKeyDiffers', 1],
      ['reg:Redundancy\\StandbyA\\*', 'info', 'unclaimedKeyDiffers', 2],
    ],
  );
  assert.deepEqual(catchAll[1].values, { main: ['Address = "10.20.1.12"', 'BackupAddress = "10.20.2.12"'], 'standby-a': ['Address = "10.20.1.11"', 'BackupAddress = "10.20.2.11"'] });
});

test('audit, other layout: drift elsewhere still exits 1 (db.port), the misfit stays reported', async () => {
  const { code, result } = await json(['audit', O('main.reg'), O('standby-a-port-5482.reg'), ...at]);
  assert.equal(code, 1);
  assert.equal(result.verdict, 'drift');
  assert.ok(result.findings.some((f) => f.ruleId === 'db-port' && f.status === 'fail'));
  assert.ok(result.findings.some((f) => f.ruleId === 'partners-type-match' && f.messageId === 'profileMisfit'));
});

test('check, other layout: NO-GO, exit 3 (blocker rules cannot be judged)', async () => {
  const r = await run(['check', ...other, ...at, '--format', 'text']);
  assert.equal(r.code, 3);
  assert.match(r.stdout, /^NO-GO /);
  assert.ok(r.stdout.replace(/\s+/g, ' ').includes(HEADLINE), r.stdout.slice(0, 600));
});

test('audit, other layout with the corrected profile: the profile fits, partner rules judged, no misfit', async () => {
  const { result } = await json(['audit', ...other, ...at, '--profile', redundancyProfile(ROOT)]);
  for (const s of result.servers) assert.equal(s.coverage?.misfits, undefined);
  assert.equal(result.servers[0].coverage?.groups.partners.found, 16);
  assert.ok(!result.findings.some((f) => f.messageId === 'profileMisfit' || f.messageId === 'unclaimedKeyDiffers'));
  assert.equal(result.findings.find((f) => f.ruleId === 'partners-type-match')?.status, 'pass');
});

test('audit, one server of another layout: only its export is named; the healthy Main fits', async () => {
  const { result } = await json(['audit', 'fixtures/pairs/healthy/main', O('standby-a.reg'), ...at]);
  assert.equal(result.servers[0].coverage?.misfits, undefined);
  assert.deepEqual(result.servers[1].coverage?.misfits, ['server', 'partners']);
  const type = result.findings.find((f) => f.ruleId === 'partners-type-match');
  assert.equal(type?.message, "partners.type is mapped from Partners\\Type (assumed); no value is there in Standby A's export — see `pairaudit profile check`");
});

test('a pair the profile fits: coverage in JSON, nothing said about fit in the report', async () => {
  const healthy = ['fixtures/pairs/healthy/main', 'fixtures/pairs/healthy/standby-a'];
  const { code, result } = await json(['audit', ...healthy]);
  assert.equal(code, 0);
  assert.deepEqual(result.servers[0].coverage?.groups.partners, { found: 16, expected: 16, assumed: 16 });
  assert.equal(result.servers[0].coverage?.misfits, undefined);
  assert.ok(result.servers[0].coverage?.unclaimed.some((u) => u.key === 'DB'));
  for (const format of ['text', 'markdown', 'html']) assert.ok(!(await run(['audit', ...healthy, '--format', format])).stdout.includes('does not fit'), format);
});

// [format, what the headline looks like there]
const FORMATS: [string, (s: string) => string][] = [
  ['text', (s) => s.replace(/\s+/g, ' ')],
  ['markdown', (s) => s.replace(/\\/g, '').replace(/\s+/g, ' ')],
  ['html', (s) => s.replace(/&#x60;/g, '`').replace(/&#x3D;/g, '=').replace(/\s+/g, ' ')],
];

for (const [format, flat] of FORMATS) {
  test(`audit, other layout (${format}): the headline says the profile does not fit, the unknowns name the mapping`, async () => {
    const r = await run(['audit', ...other, ...at, '--format', format]);
    const text = flat(r.stdout);
    assert.ok(text.includes(HEADLINE), text.slice(0, 1500));
    assert.ok(text.includes('partners.type is mapped from Partners'), format);
  });
}

test('audit, other layout (pdf): the headline and the misfit message read back with pdftotext', async (t) => {
  const { result } = await json(['audit', ...other, ...at]);
  const bytes = await formatPdf(result, { color: false });
  const why = missing('pdftotext');
  if (why !== false) return t.skip(why);
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-fit-pdf-'));
  writeFileSync(join(dir, 'a.pdf'), bytes);
  const text = execFileSync('pdftotext', [join(dir, 'a.pdf'), '-'], { encoding: 'utf8' });
  const flat = text.replace(/\s+/g, ' ');
  assert.ok(flat.includes('The profile does not fit this export (server: 0 of 1 settings found; partners: 0 of 16 settings found)'), flat.slice(0, 1200));
  assert.ok(flat.includes('partners.type is mapped from'), flat.slice(0, 3000));
});

test('fleet: a pair whose exports the profile does not fit is incomplete, with coverage; the healthy pair is not', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-fit-fleet-'));
  const abs = (p: string) => JSON.stringify(join(ROOT, p));
  const inventory = writeFleetInventory(dir, [
    '      - name: redundancy',
    `        servers: { main: ${abs('fixtures/pairs/healthy/main')}, standby-a: ${abs(O('standby-a.reg'))} }`,
    '      - name: healthy',
    `        servers: { main: ${abs('fixtures/pairs/healthy/main')}, standby-a: ${abs('fixtures/pairs/healthy/standby-a')} }`,
  ]);
  const r = await run(['fleet', inventory, '--format', 'json', '--jobs', '1']);
  const f = JSON.parse(r.stdout) as FleetResult;
  assert.deepEqual(
    f.pairs.map((p) => [p.name, p.outcome]),
    [
      ['redundancy', 'incomplete'],
      ['healthy', 'in-parity'],
    ],
  );
  assert.deepEqual(f.pairs[0].audit?.servers[1].coverage?.misfits, ['server', 'partners']);
  assert.ok(f.pairs[0].audit?.findings.some((x) => x.messageId === 'profileMisfit'));
});
