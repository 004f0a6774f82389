// A link's comparison reads settings besides the attribute it compares: the Main's partner address (which link is
// the Standby's), the Standby's names. Where one of those is ambiguous every attribute of the link that rule
// compares was an unknown of its own (relatedAmbiguous), each with the same sentence. Now one unknown per rule,
// servers, severity, cause and key names the attributes and keeps each server's values as `name = value` lines
// (relatedAmbiguousGroup), at the severity they had: a blocker stays a blocker, and `check` says NO-GO as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuditResult, Finding, Role } from '../src/types.js';
import type { AuditConfig } from '../src/engine/types.js';
import { auditGroup, buildRulePack, caseSnapshot, loadRules, type CaseServer } from '../src/engine/index.js';
import { groupAmbiguous } from '../src/engine/ambiguous-groups.js';

const pack = await loadRules([join(fileURLToPath(new URL('..', import.meta.url)), 'rules', 'geo-scada')]);

function audit(ids: string[], servers: Partial<Record<Role, CaseServer>>, config: AuditConfig = {}): AuditResult {
  const inputs = Object.entries(servers).map(([role, s]) => ({ role: role as Role, snapshot: caseSnapshot(role as Role, s as CaseServer) }));
  const rules = pack.rules.filter((r) => ids.includes(r.id));
  assert.equal(rules.length, ids.length);
  return auditGroup({ servers: inputs, pack: buildRulePack(rules, ['site']), config, kind: 'check' }, { now: new Date('2026-01-01T00:15:00Z'), toolVersion: '0' });
}

const line = (f: Finding): string => `${f.ruleId} ${f.severity} ${f.status} ${f.messageId} ${f.setting}`;
const notPassed = (r: AuditResult): string[] => r.findings.filter((f) => f.status !== 'pass').map(line);

// The Main links the Standby as Standby A, and the Standby the Main; each link's timeouts set at both ends.
const TIMEOUTS = (link: string) => ({ [`partners.${link}.interleave`]: 4, [`partners.${link}.transferTimeout`]: 60, [`partners.${link}.heartbeatTimeout`]: 10 });
const MAIN = { names: ['sca-main', '10.0.0.1'], settings: { 'partners.standbyA.address': 'sca-stby', ...TIMEOUTS('standbyA'), 'host.names': ['sca-main', '10.0.0.1'] } };
const STANDBY = { names: ['sca-stby', '10.0.0.2'], settings: { 'partners.standbyA.address': '10.0.0.1', ...TIMEOUTS('standbyA'), 'host.names': ['sca-stby', '10.0.0.2'] } };
const MAIN_ADDRESS_AMBIGUOUS = { main: { ...MAIN, ambiguous: ['partners.standbyA.address'] }, 'standby-a': STANDBY };

test("the Main's partner address ambiguous: the link's timeouts are one unknown naming them, each server's values as lines", () => {
  const r = audit(['partners-link-timeouts'], MAIN_ADDRESS_AMBIGUOUS);
  assert.deepEqual(notPassed(r), ['partners-link-timeouts warning unknown relatedAmbiguousGroup partners.standbyA.*']);
  const f = r.findings.find((x) => x.messageId === 'relatedAmbiguousGroup')!;
  assert.deepEqual(f.servers, ['main', 'standby-a']);
  assert.deepEqual(f.data, { setting: 'partners.standbyA.*', count: 3, names: 'heartbeatTimeout, interleave, transferTimeout', related: 'partners.standbyA.address', whose: "the Main's", where: 'main.reg', warning: 'setting "partners.standbyA.address" is defined twice; kept the value the case gives' });
  assert.equal(f.message, 'partners.standbyA.*: 3 settings are not judged (heartbeatTimeout, interleave, transferTimeout): the check reads partners.standbyA.address, which the Main\'s evidence gives more than one value (main.reg: setting "partners.standbyA.address" is defined twice; kept the value the case gives), and the value kept may not be the one in use');
  assert.deepEqual(f.values, { main: ['heartbeatTimeout = 10', 'interleave = 4', 'transferTimeout = 60'], 'standby-a': ['heartbeatTimeout = 10', 'interleave = 4', 'transferTimeout = 60'] });
  assert.deepEqual(f.sources, { main: { file: 'main.reg' }, 'standby-a': { file: 'standby-a.reg' } });
  assert.equal(r.go, true, 'a warning: GO, as with the three unknowns it stands for');
});

const CASES: { name: string; ids: string[]; servers: Partial<Record<Role, CaseServer>>; config?: AuditConfig; findings: string[]; go: boolean }[] = [
  {
    name: 'nothing ambiguous: the timeouts pass',
    ids: ['partners-link-timeouts'],
    servers: { main: MAIN, 'standby-a': STANDBY },
    findings: [],
    go: true,
  },
  {
    name: 'a rule of one attribute of the link (its port): one relatedAmbiguous as before',
    ids: ['partners-port-mirror'],
    servers: { main: { ...MAIN_ADDRESS_AMBIGUOUS.main, settings: { ...MAIN.settings, 'partners.standbyA.port': 5481, 'db.port': 5481 } }, 'standby-a': { ...STANDBY, settings: { ...STANDBY.settings, 'partners.standbyA.port': 5481, 'db.port': 5481 } } },
    findings: ['partners-port-mirror blocker unknown relatedAmbiguous main:partners.standbyA.port'],
    go: false,
  },
  {
    name: 'the rule made a blocker by the config: one unknown, a blocker, NO-GO',
    ids: ['partners-link-timeouts'],
    servers: MAIN_ADDRESS_AMBIGUOUS,
    config: { severity: { 'partners-link-timeouts': 'blocker' } },
    findings: ['partners-link-timeouts blocker unknown relatedAmbiguousGroup partners.standbyA.*'],
    go: false,
  },
  {
    name: 'two rules reading it: one unknown each, never one for both rules',
    ids: ['partners-link-timeouts', 'partners-compression'],
    servers: { main: { ...MAIN_ADDRESS_AMBIGUOUS.main, settings: { ...MAIN.settings, 'partners.standbyA.compress': true } }, 'standby-a': { ...STANDBY, settings: { ...STANDBY.settings, 'partners.standbyA.compress': true } } },
    findings: ['partners-compression warning unknown relatedAmbiguous partners.standbyA.compress', 'partners-link-timeouts warning unknown relatedAmbiguousGroup partners.standbyA.*'],
    go: true,
  },
  {
    name: "two Standbys, the Main's address of Standby A ambiguous: Standby B's link too (it is the Main's B link as A's address does not reach it), one unknown per link",
    ids: ['partners-link-timeouts'],
    servers: {
      main: { ...MAIN_ADDRESS_AMBIGUOUS.main, settings: { ...MAIN.settings, 'partners.standbyB.address': 'sca-stby-b', ...TIMEOUTS('standbyB') } },
      'standby-a': { ...STANDBY, settings: { ...STANDBY.settings, 'partners.standbyB.address': 'sca-stby-b', ...TIMEOUTS('standbyB') } },
      'standby-b': { names: ['sca-stby-b', '10.0.0.3'], settings: { 'partners.standbyA.address': '10.0.0.1', 'partners.standbyB.address': '10.0.0.2', ...TIMEOUTS('standbyA'), ...TIMEOUTS('standbyB'), 'host.names': ['sca-stby-b', '10.0.0.3'] } },
    },
    findings: ['partners-link-timeouts warning unknown relatedAmbiguousGroup partners.standbyA.*', 'partners-link-timeouts warning unknown relatedAmbiguousGroup partners.standbyB.*'],
    go: true,
  },
  {
    name: "the Standby's partner address ambiguous: its end of the link is read by it, one unknown",
    ids: ['partners-link-timeouts'],
    servers: { main: MAIN, 'standby-a': { ...STANDBY, ambiguous: ['partners.standbyA.address'] } },
    findings: ['partners-link-timeouts warning unknown relatedAmbiguousGroup partners.standbyA.*'],
    go: true,
  },
];

for (const c of CASES) {
  test(`related ambiguous, grouped by link: ${c.name}`, () => {
    const r = audit(c.ids, c.servers, c.config);
    assert.deepEqual(notPassed(r), c.findings);
    assert.equal(r.go, c.go);
    for (const f of r.findings.filter((x) => x.messageId === 'relatedAmbiguousGroup')) assert.ok(Array.isArray(f.values.main) && (f.values.main as string[]).every((l) => / = /.test(l)), line(f));
  });
}

// An unknown whose severity only the other reading of partners.type raised says why in its message (data.steeredBy):
// gathered with others its note would be lost, so it stays as it is; the others of its key are gathered.
test('gathering a key: an unknown the other reading raised stays as it is, with its note (both message ids)', () => {
  for (const id of ['relatedAmbiguous', 'steeredAmbiguous'] as const) {
    const cause = { related: 'partners.standbyA.address', whose: "the Main's", where: 'Partners.reg line 4', warning: 'value "Address" replaces another', ...(id === 'steeredAmbiguous' ? { how: 'Standby A would be judged otherwise' } : {}) };
    const member = (leaf: string, raised: boolean): Finding => ({
      ruleId: 'partners-link-timeouts',
      title: 'timeouts',
      severity: 'blocker',
      status: 'unknown',
      category: 'partners',
      setting: `partners.standbyA.${leaf}`,
      servers: ['main', 'standby-a'],
      values: { main: 4, 'standby-a': 4 },
      sources: { main: { file: 'main.reg' }, 'standby-a': { file: 'standby-a.reg' } },
      messageId: id,
      data: { setting: `partners.standbyA.${leaf}`, ...cause, ...(raised ? { steeredBy: 'partners.type', keptSeverity: 'warning' } : {}) },
      message: `partners.standbyA.${leaf} is not judged${raised ? '; reported at blocker, not warning, as the stricter reading' : ''}`,
      rationale: '',
      remediation: '',
    });
    const raised = member('heartbeatTimeout', true);
    const out = groupAmbiguous([raised, member('interleave', false), member('transferTimeout', false)], (_first, groupId, data) => `${groupId}: ${data.count} (${data.names})`);
    assert.deepEqual(out.map((f) => `${f.messageId} ${f.setting} ${f.severity}`), [`${id} partners.standbyA.heartbeatTimeout blocker`, `${id}Group partners.standbyA.* blocker`], id);
    assert.equal(out[0], raised, id);
    assert.equal(out[1]!.message, `${id}Group: 2 (interleave, transferTimeout)`, id);
    assert.deepEqual(out[1]!.data, { setting: 'partners.standbyA.*', count: 2, names: 'interleave, transferTimeout', ...cause }, id);
  }
});
