// A site pack's case table can expect the findings the engine reports of any rule: a setting the evidence gives two
// values for (a server's `ambiguous`: valueAmbiguous, relatedAmbiguous), and the profile's fit (a case with
// `profile: true`: profileMisfit, profileUnnamedPart, groupAbsent). The tester rejected those message ids as "not of
// the kind", and a case could not say the evidence was ambiguous or that it is judged against the profile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCaseTable, runRuleCases, type Rule, type RuleCaseTable, type CaseProfiles } from '../src/engine/index.js';
import { defaultProfile } from '../src/collect/profile/load.js';
import type { Profile } from '../src/snapshot/profile.js';
import { runCli } from './cli-harness.js';
import { tempDir } from './history-fixtures.js';

function rule(def: Partial<Rule> & Pick<Rule, 'id' | 'select' | 'compare'>): Rule {
  return { title: def.id, severity: 'warning', category: 'site', rationale: 'A site rule.', remediation: 'fix it here', references: [], pack: 'site', file: `${def.id}.json`, ...def };
}

const portNote = rule({ id: 'site-port-note', select: ['db.port'], compare: { kind: 'must-equal' } });
const portMirror = rule({ id: 'site-port-mirror', severity: 'blocker', select: ['partners.*.port'], compare: { kind: 'must-mirror', attribute: 'port', match: 'db.port' } });
const typeMatch = rule({ id: 'site-type', select: ['partners.type'], compare: { kind: 'must-equal' } });
const historic = rule({ id: 'site-historic', select: ['historic.*.keepOnlineWeeks', 'historic.*.enabled'], compare: { kind: 'must-equal' } });

/** The bundled profile without its keepOnlineWeeks mapping: a site profile that lost a setting a rule reads. */
function siteProfile(): Profile {
  const base = defaultProfile();
  return { ...base, name: 'site', mappings: base.mappings.filter((m) => !m.setting.endsWith('.keepOnlineWeeks')), groups: { ...base.groups, historic: { anchors: ['historic.{HistoricType:camel}.enabled'] } } };
}

const PORTS = (standby: number) => ({
  main: { names: ['sca-main', '10.0.0.1'], settings: { 'partners.standbyA.address': 'sca-stby', 'partners.standbyA.port': 5481, 'db.port': 5481 } },
  'standby-a': { names: ['sca-stby', '10.0.0.2'], settings: { 'partners.standbyA.address': '10.0.0.1', 'partners.standbyA.port': 5481, 'db.port': standby }, ambiguous: ['db.port'] },
});

const CASES: { name: string; rule: Rule; table: RuleCaseTable; profiles?: CaseProfiles; problems: string[] }[] = [
  {
    name: 'a rule on the ambiguous setting itself: unknown, valueAmbiguous',
    rule: portNote,
    table: {
      valid: [{ name: 'same', servers: { main: { 'db.port': 5481 }, 'standby-a': { 'db.port': 5481 } } }],
      invalid: [{ name: 'ambiguous on the Standby', servers: { main: { 'db.port': 5481 }, 'standby-a': { settings: { 'db.port': 5481 }, ambiguous: ['db.port'] } }, errors: [{ status: 'unknown', messageId: 'valueAmbiguous', setting: 'db.port', data: { setting: 'db.port' } }] }],
    },
    problems: [],
  },
  {
    name: 'a rule reading it as a related value: unknown at its severity, relatedAmbiguous',
    rule: portMirror,
    table: {
      valid: [{ name: 'nothing ambiguous', servers: { main: PORTS(5481).main, 'standby-a': { ...PORTS(5481)['standby-a'], ambiguous: [] } } }],
      invalid: [{ name: "the Standby's db.port ambiguous", servers: PORTS(5481), errors: [{ status: 'unknown', messageId: 'relatedAmbiguous', severity: 'blocker', setting: 'main:partners.standbyA.port', data: { related: 'db.port' } }] }],
    },
    problems: [],
  },
  {
    name: 'a case that wrongly expects the pass on the value kept: the tester says what it got',
    rule: portMirror,
    table: {
      valid: [{ name: 'wrongly in parity', servers: PORTS(5481) }],
      invalid: [{ name: 'drifted', servers: { main: PORTS(5481).main, 'standby-a': { settings: { ...PORTS(5481)['standby-a'].settings, 'db.port': 5482 } } }, errors: [{ status: 'fail', messageId: 'portMismatch' }] }],
    },
    problems: ['wrongly in parity: expected no failing or unknown finding, got {"data":{"related":"db.port"'],
  },
  {
    name: 'judged against the profile: an export keeping the partner settings elsewhere is profileMisfit',
    rule: typeMatch,
    table: {
      valid: [{ name: 'same type', profile: true, servers: { main: { 'partners.type': 'HotStandby' }, 'standby-a': { 'partners.type': 'HotStandby' } } }],
      invalid: [{ name: 'kept under Redundancy', profile: true, servers: { main: { 'reg:Redundancy\\Type': 1 }, 'standby-a': { 'reg:Redundancy\\Type': 1 } }, errors: [{ status: 'unknown', messageId: 'profileMisfit', setting: 'partners.type' }] }],
    },
    profiles: { profile: defaultProfile() },
    problems: [],
  },
  {
    name: 'the same case without `profile: true`: not judged against it, so no profileMisfit',
    rule: typeMatch,
    table: {
      valid: [{ name: 'same type', servers: { main: { 'partners.type': 'HotStandby' }, 'standby-a': { 'partners.type': 'HotStandby' } } }],
      invalid: [{ name: 'kept under Redundancy', servers: { main: { 'reg:Redundancy\\Type': 1 }, 'standby-a': { 'reg:Redundancy\\Type': 1 } }, errors: [{ status: 'unknown', messageId: 'profileMisfit' }] }],
    },
    profiles: { profile: defaultProfile() },
    problems: ['kept under Redundancy: expected [{"messageId":"profileMisfit","status":"unknown"}], got no failing finding'],
  },
  {
    name: 'a site profile that lost a setting the rule reads: profileUnnamedPart, the rest compared',
    rule: historic,
    table: {
      valid: [{ name: 'same', servers: { main: { 'historic.historicData.enabled': true }, 'standby-a': { 'historic.historicData.enabled': true } } }],
      invalid: [{ name: 'keepOnlineWeeks lost', profile: true, servers: { main: { 'historic.historicData.enabled': true }, 'standby-a': { 'historic.historicData.enabled': true } }, errors: [{ status: 'unknown', messageId: 'profileUnnamedPart', setting: 'historic.*.keepOnlineWeeks' }] }],
    },
    profiles: { profile: siteProfile(), baseProfile: defaultProfile() },
    problems: [],
  },
  {
    name: 'a case with `profile: true` and no profile given to the tester',
    rule: typeMatch,
    table: {
      valid: [{ name: 'same type', profile: true, servers: { main: { 'partners.type': 'HotStandby' }, 'standby-a': { 'partners.type': 'HotStandby' } } }],
      invalid: [{ name: 'differs', servers: { main: { 'partners.type': 'HotStandby' }, 'standby-a': { 'partners.type': 'Standalone' } }, errors: [{ status: 'fail', messageId: 'differs' }] }],
    },
    problems: ['same type: the case is judged against the profile (`profile: true`), but none was given to the tester'],
  },
];

for (const c of CASES) {
  test(`case tables, engine findings: ${c.name}`, () => {
    const problems = runRuleCases(c.rule, c.table, c.profiles).filter((o) => o.problem !== undefined);
    assert.equal(problems.length, c.problems.length, JSON.stringify(problems));
    c.problems.forEach((p, i) => assert.ok(`${problems[i].name}: ${problems[i].problem}`.startsWith(p), `${problems[i].name}: ${problems[i].problem}`));
  });
}

const BAD_TABLES: { name: string; text: string; error: RegExp }[] = [
  { name: '`ambiguous` not a list', text: '{ "valid": [ { "name": "a", "servers": { "main": { "settings": { "db.port": 1 }, "ambiguous": "db.port" } } } ], "invalid": [] }', error: /line 1: case table: field `valid\[0\]\.servers\.main\.ambiguous`: must be a list of setting names/ },
  { name: 'a misspelt field of a server written in full', text: '{ "valid": [ { "name": "a", "servers": { "main": { "settings": { "db.port": 1 }, "ambigous": ["db.port"] } } } ], "invalid": [] }', error: /line 1: case table: valid\[0\]\.servers\.main: unknown field `ambigous`; did you mean `ambiguous`\?/ },
  { name: '`profile` not a boolean', text: '{ "valid": [ { "name": "a", "profile": "yes", "servers": { "main": {} } } ], "invalid": [] }', error: /line 1: case table: field `valid\[0\]\.profile`: must be true or false/ },
];

for (const c of BAD_TABLES) {
  test(`case tables, engine findings: a table with ${c.name} is refused naming the file, line and field`, () => {
    assert.throws(() => parseCaseTable(c.text, 'site.test.json'), (e: Error) => c.error.test(e.message));
  });
}

test('rules test: a site pack whose cases expect valueAmbiguous and profileMisfit holds (0); with --profile, profileUnnamedPart', async (t) => {
  const { dir, cleanup } = tempDir('pairaudit-case-engine-');
  t.after(cleanup);
  const pack = join(dir, 'site');
  mkdirSync(pack);
  const { pack: _p, file: _f, references: _r, ...note } = portNote;
  writeFileSync(join(pack, 'site-port-note.json'), JSON.stringify(note));
  writeFileSync(join(pack, 'site-port-note.test.json'), JSON.stringify(CASES[0].table));
  const { pack: _p2, file: _f2, references: _r2, ...type } = typeMatch;
  writeFileSync(join(pack, 'site-type.json'), JSON.stringify(type));
  writeFileSync(join(pack, 'site-type.test.json'), JSON.stringify(CASES[3].table));
  const r = await runCli(['rules', 'test', pack], { cwd: dir });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^2 rules, all cases hold$/m);

  const lost = join(dir, 'lost');
  mkdirSync(lost);
  const { pack: _p3, file: _f3, references: _r3, ...hist } = historic;
  writeFileSync(join(lost, 'site-historic.json'), JSON.stringify(hist));
  writeFileSync(join(lost, 'site-historic.test.json'), JSON.stringify(CASES[5].table));
  writeFileSync(join(dir, 'site-profile.json'), JSON.stringify(siteProfile()));
  const without = await runCli(['rules', 'test', lost], { cwd: dir });
  assert.equal(without.code, 1, 'the bundled profile names keepOnlineWeeks: nothing lost');
  assert.match(without.stdout, /FAIL site-historic \(invalid case "keepOnlineWeeks lost"\): expected/);
  const withSite = await runCli(['rules', 'test', lost, '--profile', join(dir, 'site-profile.json')], { cwd: dir });
  assert.equal(withSite.code, 0, withSite.stdout + withSite.stderr);
});
