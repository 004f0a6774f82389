// `pairaudit profile check`: per group, mappings found and missing, and the keys no mapping claims, on exports of other layouts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redundancyProfile, runCli } from './cli-harness.js';
import type { ProfileFit } from '../src/snapshot/profile-fit.js';

const ROOT = join(import.meta.dirname, '..');
const run = (args: string[]) => runCli(['profile', 'check', ...args], { cwd: ROOT });
const fits = (stdout: string) => (JSON.parse(stdout) as { inputs: { input: string; fit: ProfileFit }[] }).inputs;

// [name, args, exit code, groups that do not fit]
const CASES: [string, string[], number, string[]][] = [
  ['the healthy pair (bundles)', ['fixtures/pairs/healthy/main', 'fixtures/pairs/healthy/standby-a'], 0, []],
  ['a named instance (ClearSCADA-Site2)', ['fixtures/pairs/named-instance/main'], 0, []],
  ['a bundle with `reg query /s` text instead of a .reg (triple Standby B)', ['fixtures/pairs/triple-standby/standby-b'], 0, []],
  ['partner settings under Redundancy, not Partners', ['fixtures/inputs/other-layout/main.reg'], 1, ['server', 'partners']],
  ['the same export with a corrected profile', ['fixtures/inputs/other-layout/main.reg', '--profile', redundancyProfile(ROOT)], 0, []],
];

for (const [name, args, code, misfits] of CASES) {
  test(`profile check: ${name} → exit ${code}`, async () => {
    const r = await run([...args, '--format', 'json']);
    assert.equal(r.code, code, r.stderr);
    for (const { fit } of fits(r.stdout)) assert.deepEqual(fit.groups.filter((g) => !g.fits).map((g) => g.group), misfits);
  });
}

test('profile check: a misfit names each missing mapping, where it looked, and the largest unclaimed keys', async () => {
  const r = await run(['fixtures/inputs/other-layout/main.reg']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^fixtures\/inputs\/other-layout\/main\.reg: profile "geo-scada" does NOT fit$/m);
  assert.match(r.stdout, /NO {2}partners {3}0 of 16 mappings found \(16 assumed, 0 confirmed\)/);
  assert.match(r.stdout, /missing: partners\.type ← Partners\\Type \(assumed\)/);
  const [{ fit }] = fits((await run(['fixtures/inputs/other-layout/main.reg', '--format', 'json'])).stdout);
  assert.deepEqual(fit.unclaimed.slice(0, 2), [
    { key: 'Redundancy\\StandbyA', values: 11 },
    { key: 'Redundancy', values: 8 },
  ]);
  const partners = fit.groups.find((g) => g.group === 'partners');
  assert.deepEqual([partners?.found, partners?.expected, partners?.assumed], [0, 16, 16]);
});

test('profile check: an export of no ClearSCADA key is an input error (2)', async () => {
  const r = await run(['fixtures/inputs/notepad.reg']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /notepad\.reg: holds no ClearSCADA key/);
});

test('profile check: a profile that renamed a mapping a rule reads lists that rule, exit 1 (its group still fits)', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'pairaudit-profile-check-')), 'renamed.json');
  writeFileSync(file, readFileSync(join(ROOT, 'profiles', 'geo-scada.json'), 'utf8').replace(/keepOnlineWeeks/g, 'keepOnlineWeek'));
  const json = await run(['fixtures/pairs/sample/main', '--profile', file, '--format', 'json']);
  assert.equal(json.code, 1, json.stderr);
  const out = JSON.parse(json.stdout) as { inputs: { fit: ProfileFit }[]; rulesUnnamed: { rule: string; pattern: string; partial: boolean }[] };
  assert.deepEqual(out.rulesUnnamed, [{ rule: 'historic-retention', pattern: 'historic.*.keepOnlineWeeks', partial: false }]);
  assert.ok(out.inputs.every((i) => i.fit.fits), 'the groups fit: only the rule reads nothing');
  const text = await run(['fixtures/pairs/sample/main', '--profile', file]);
  assert.match(text.stdout, /\n {2}historic-retention: historic\.\*\.keepOnlineWeeks\n$/);
  assert.deepEqual((JSON.parse((await run(['fixtures/pairs/sample/main', '--format', 'json'])).stdout) as { rulesUnnamed: unknown[] }).rulesUnnamed, [], 'the bundled profile leaves none');
});

