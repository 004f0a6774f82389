// The profile is an input: `--profile FILE` on audit, check and fleet (and `profile:` in an inventory) names the settings the rules see.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, writeFleetInventory } from './cli-harness.js';
import type { AuditResult } from '../src/types.js';
import type { FleetResult } from '../src/fleet/types.js';

const ROOT = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'pairaudit-trust-profile-'));
const now = '2026-11-25T12:00:00Z';

/** The bundled profile with `db.port` read from a value name the exports do not hold (as a site whose layout differs would need). */
function siteProfile(): string {
  const p = JSON.parse(readFileSync(join(ROOT, 'profiles', 'geo-scada.json'), 'utf8'));
  p.name = 'site-geo-scada';
  const m = p.mappings.find((x: { setting: string }) => x.setting === 'db.port');
  m.value = 'ListenPort';
  const file = join(dir, 'site-profile.json');
  writeFileSync(file, JSON.stringify(p));
  return file;
}
const profile = siteProfile();
const pair = ['fixtures/pairs/drift-db-port/main', 'fixtures/pairs/drift-db-port/standby-a'];

const dbPort = (r: AuditResult) => r.findings.filter((f) => f.ruleId === 'db-port').map((f) => f.status);

const CASES: [name: string, args: string[], expected: string[]][] = [
  ['audit, bundled profile', ['audit', ...pair, '--format', 'json'], ['fail']],
  ['audit --profile', ['audit', ...pair, '--format', 'json', '--profile', profile], ['unknown']],
  ['check --profile', ['check', ...pair, '--format', 'json', '--profile', profile, '--max-age', '99999999'], ['unknown']],
];

for (const [name, args, expected] of CASES) {
  test(`${name}: the db-port finding is ${expected.join(', ')}`, async () => {
    const r = await runCli(args, { cwd: ROOT, now });
    assert.equal(r.stderr, '');
    assert.deepEqual(dbPort(JSON.parse(r.stdout) as AuditResult), expected);
  });
}

test('audit --profile with a broken profile: exit 2 naming the file and field, before any export is read', async () => {
  const p = JSON.parse(readFileSync(profile, 'utf8'));
  p.mappings[0].type = 'integer';
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify(p));
  const r = await runCli(['audit', 'no-such-main.reg', 'no-such-standby.reg', '--profile', bad], { cwd: ROOT, now });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^pairaudit: .*bad\.json: profile field "mappings\[0\]\.type": expected one of/);
});

test('fleet: --profile for pairs that name none; an inventory `profile:` wins for its pair', async () => {
  const abs = (p: string) => JSON.stringify(join(ROOT, p));
  const inventory = writeFleetInventory(dir, [
    '      - name: default',
    `        servers: { main: ${abs(pair[0])}, standby-a: ${abs(pair[1])} }`,
    '      - name: bundled',
    `        profile: ${abs('profiles/geo-scada.json')}`,
    `        servers: { main: ${abs(pair[0])}, standby-a: ${abs(pair[1])} }`,
  ]);
  const plain = await runCli(['fleet', inventory, '--format', 'json', '--jobs', '1'], { cwd: ROOT, now });
  const withProfile = await runCli(['fleet', inventory, '--format', 'json', '--jobs', '1', '--profile', profile], { cwd: ROOT, now });
  const statuses = (r: { stdout: string }) => (JSON.parse(r.stdout) as FleetResult).pairs.map((p) => dbPort(p.audit as AuditResult));
  assert.deepEqual(statuses(plain), [['fail'], ['fail']]);
  assert.deepEqual(statuses(withProfile), [['unknown'], ['fail']]);
  const broken = await runCli(['fleet', inventory, '--profile', join(dir, 'missing.json')], { cwd: ROOT, now });
  assert.equal(broken.code, 2);
  assert.match(broken.stderr, /missing\.json: cannot read the profile/);
});

// A site profile that renames the mapping a blocker rule reads (keepOnlineWeeks → keepOnlineWeek, its group
// anchor too) left the rule selecting nothing: check said GO on a pair whose retention differs. Now unknown.
// One that renames a mapping among several a rule reads left that part of the rule silent: unknown too (`part`),
// the rule's other settings compared as before.
const RENAMES: { name: string; edit: (text: string) => string; unknown: string[]; part: string[] }[] = [
  { name: 'the bundled profile', edit: (t) => t, unknown: [], part: [] },
  { name: 'keepOnlineWeeks renamed', edit: (t) => t.replace(/keepOnlineWeeks/g, 'keepOnlineWeek'), unknown: ['historic-retention'], part: [] },
  { name: 'one of the settings a rule reads renamed', edit: (t) => t.replace(/archiveAfterWeeks/g, 'archiveWeeks'), unknown: [], part: ['historic-storage historic.*.archiveAfterWeeks'] },
];
for (const c of RENAMES) {
  test(`check --profile, ${c.name}: a rule whose settings the profile names nothing as is unknown, never silent`, async () => {
    const file = join(dir, `renamed-${RENAMES.indexOf(c)}.json`);
    writeFileSync(file, c.edit(readFileSync(join(ROOT, 'profiles', 'geo-scada.json'), 'utf8')));
    const r = await runCli(['check', 'fixtures/pairs/sample/main', 'fixtures/pairs/sample/standby-a', '--profile', file, '-f', 'json'], { cwd: ROOT, now: '2026-11-20T08:20:00Z' });
    const result = JSON.parse(r.stdout) as AuditResult;
    const unnamed = result.findings.filter((f) => f.messageId === 'profileUnnamed');
    assert.deepEqual(unnamed.map((f) => f.ruleId), c.unknown);
    for (const f of unnamed) {
      assert.equal(f.status, 'unknown');
      assert.match(f.message, /^historic-retention reads historic\.\*\.keepOnlineWeeks, which the profile "geo-scada" names no setting as \(a mapping renamed or removed\?\), so it compared nothing/);
    }
    const part = result.findings.filter((f) => f.messageId === 'profileUnnamedPart');
    assert.deepEqual(part.map((f) => `${f.ruleId} ${f.setting}`), c.part);
    for (const f of part) {
      assert.equal(f.status, 'unknown');
      assert.match(f.message, /which the bundled profile names and the site profile \(--profile, "geo-scada"\) does not \(a mapping renamed or removed\?\), so that part of the rule compared nothing/);
      // The rule's other settings are still compared: its findings beside the unknown.
      assert.ok(result.findings.some((g) => g.ruleId === f.ruleId && g.messageId !== 'profileUnnamedPart'), 'the rest of the rule compared');
    }
    const checked = await runCli(['profile', 'check', 'fixtures/pairs/sample/main', '--profile', file, '-f', 'json'], { cwd: ROOT });
    const listed = (JSON.parse(checked.stdout) as { rulesUnnamed: { rule: string; pattern: string; partial: boolean }[] }).rulesUnnamed;
    assert.deepEqual(listed.map((u) => `${u.rule} ${u.pattern}`), [...c.unknown.map((u) => `${u} historic.*.keepOnlineWeeks`), ...c.part]);
    assert.equal(checked.code, listed.length === 0 ? 0 : 1);
    assert.equal(result.go, false, 'the sample pair drifts in its retention: NO-GO either way');
  });
}


// A rule that applies to no server given (a Permanent Standby's, in an audit of a pair) said its setting was unnamed
// by the site profile: an unknown blocker on a pair it never judges.
test('check --profile: a rule for Permanent Standbys only, in a check of a pair, reports nothing of the settings the profile cannot name', async () => {
  const site = join(dir, 'perm-pack');
  mkdirSync(site, { recursive: true });
  writeFileSync(join(site, 'perm-port.json'), JSON.stringify({ id: 'perm-port', title: 'Permanent port', severity: 'blocker', category: 'site', rationale: 'A site rule.', remediation: 'none', select: ['db.port'], compare: { kind: 'must-equal' }, appliesTo: { roles: ['permanent-*'] } }));
  const profile = join(dir, 'renamed-port.json');
  writeFileSync(profile, readFileSync(join(ROOT, 'profiles', 'geo-scada.json'), 'utf8').replaceAll('"db.port"', '"db.portNumber"'));
  const r = await runCli(['check', 'fixtures/pairs/sample/main', 'fixtures/pairs/sample/standby-a', '--profile', profile, '--rules', site, '-f', 'json'], { cwd: ROOT, now: '2026-11-20T08:20:00Z' });
  const result = JSON.parse(r.stdout) as AuditResult;
  assert.deepEqual(result.findings.filter((f) => f.ruleId === 'perm-port'), [], r.stderr);
  assert.ok(result.findings.some((f) => f.ruleId === 'db-port' && f.messageId === 'profileUnnamed'), 'the bundled db-port rule, which applies, says so');
});
