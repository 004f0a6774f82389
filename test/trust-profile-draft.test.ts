// `pairaudit profile check -o`: a draft profile from the exports, marked "draft": true, which --profile refuses
// on every command until a person removes the mark; once reviewed, it fits the exports it was drafted from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, writeFleetInventory } from './cli-harness.js';
import type { AuditResult } from '../src/types.js';
import type { FleetResult } from '../src/fleet/types.js';
import type { Profile } from '../src/snapshot/profile.js';

const ROOT = join(import.meta.dirname, '..');
const now = '2026-11-20T08:20:00Z';
const O = (f: string) => join(ROOT, 'fixtures/inputs/other-layout', f);
const other = [O('main.reg'), O('standby-a.reg')];
const run = (args: string[]) => runCli(args, { cwd: ROOT, now });

async function draft(): Promise<{ file: string; profile: Profile & { $comment: string } }> {
  const file = join(mkdtempSync(join(tmpdir(), 'pairaudit-draft-')), 'site-profile.json');
  const r = await run(['profile', 'check', ...other, '-o', file]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /does NOT fit/);
  return { file, profile: JSON.parse(readFileSync(file, 'utf8')) };
}

test('profile check -o: a draft moving the missing groups to the key holding their values, marked draft', async () => {
  const { profile } = await draft();
  assert.equal(profile.draft, true);
  assert.match(profile.$comment, /remove "draft": true/);
  const type = profile.mappings.find((m) => m.setting === 'partners.type');
  assert.deepEqual([type?.key, type?.source], ['Redundancy', 'DRAFT']);
  assert.match(type?.note ?? '', /^drafted: was Partners; 16 of the group's values found under Redundancy/);
  assert.equal(profile.mappings.find((m) => m.setting === 'partners.{Link:camel}.address')?.key, 'Redundancy\\{Link}');
  assert.equal(profile.mappings.find((m) => m.setting === 'server.label')?.key, 'Redundancy');
  // Other keys no mapping claims, outside every group's keys, become site.* settings to rename or remove.
  const security = profile.mappings.find((m) => m.setting === 'site.security.{Value}');
  assert.deepEqual([security?.key, security?.value, security?.source], ['Security', '{Value}', 'DRAFT']);
  // Groups the exports hold are left as they were.
  assert.deepEqual(profile.mappings.find((m) => m.setting === 'db.port'), JSON.parse(readFileSync(join(ROOT, 'profiles/geo-scada.json'), 'utf8')).mappings.find((m: { setting: string }) => m.setting === 'db.port'));
});

// [command, args before --profile]
const COMMANDS: [string, string[]][] = [
  ['audit', ['audit', ...other, '--at', now]],
  ['check', ['check', ...other, '--at', now]],
  ['collect', ['collect', O('main.reg')]],
  ['profile check', ['profile', 'check', O('main.reg')]],
];

for (const [name, args] of COMMANDS) {
  test(`${name} --profile <draft>: exit 2, one line naming the file and what to do, nothing written`, async () => {
    const { file } = await draft();
    const r = await run([...args, '--profile', file]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.ok(r.stderr.includes(`${file}: is a draft profile`), r.stderr);
    assert.match(r.stderr, /review its mappings .*then remove "draft": true to use it/);
  });
}

test('fleet: a pair whose inventory names a draft profile is an error row (2); the others are audited', async () => {
  const { file } = await draft();
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-draft-fleet-'));
  const healthy = (r: string) => JSON.stringify(join(ROOT, 'fixtures/pairs/healthy', r));
  const inventory = writeFleetInventory(dir, [
    '      - name: drafted',
    `        profile: ${JSON.stringify(file)}`,
    `        servers: { main: ${JSON.stringify(other[0])}, standby-a: ${JSON.stringify(other[1])} }`,
    '      - name: healthy',
    `        servers: { main: ${healthy('main')}, standby-a: ${healthy('standby-a')} }`,
  ]);
  const r = await run(['fleet', inventory, '--format', 'json', '--jobs', '1']);
  const f = JSON.parse(r.stdout) as FleetResult;
  assert.deepEqual(
    f.pairs.map((p) => [p.name, p.outcome, p.exitCode]),
    [
      ['drafted', 'error', 2],
      ['healthy', 'in-parity', 0],
    ],
  );
  assert.match(f.pairs[0].error ?? '', /is a draft profile/);
});

test('the draft, reviewed (mark removed): the profile fits, the partner rules are judged again', async () => {
  const { file, profile } = await draft();
  writeFileSync(file, JSON.stringify({ ...profile, draft: false }));
  const fit = await run(['profile', 'check', ...other, '--profile', file]);
  assert.equal(fit.code, 0, fit.stdout);
  const r = await run(['audit', ...other, '--at', now, '--profile', file, '--format', 'json']);
  const result = JSON.parse(r.stdout) as AuditResult;
  assert.ok(!result.findings.some((x) => x.messageId === 'profileMisfit'));
  assert.equal(result.findings.find((x) => x.ruleId === 'partners-type-match')?.status, 'pass');
});

test('profile check -o -: usage error (the report is on standard output); -o over an input is refused', async () => {
  const dash = await run(['profile', 'check', O('main.reg'), '-o', '-']);
  assert.equal(dash.code, 2);
  assert.match(dash.stderr, /-o -: the draft profile needs a file name/);
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-draft-over-'));
  const input = join(dir, 'main.reg');
  writeFileSync(input, readFileSync(O('main.reg')));
  const over = await run(['profile', 'check', input, '-o', input]);
  assert.equal(over.code, 2);
  assert.ok(existsSync(input));
  assert.deepEqual(readFileSync(input), readFileSync(O('main.reg')));
});
