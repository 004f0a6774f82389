// A setting that steers which rules run and how, given two values by the evidence: a Standby's partners.type
// (Standby or Permanent Standby: collection gives a server without a recorded role its role by it, and the rules'
// role overrides and the links follow the role), the Main's partners.type (rules of `appliesTo.partnerTypes`).
// The rules ran as the value kept said: a Permanent Standby's exception (history may be kept longer, less is a
// warning) judged a server that may be a Standby. Now what another reading judges otherwise is unknown, at the
// severity of the stricter reading (steeredAmbiguous).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuditResult, Role } from '../src/types.js';
import { auditGroup, buildRulePack, caseSnapshot, loadRules, type CaseServer, type Rule } from '../src/engine/index.js';
import { runCli } from './cli-harness.js';
import { tempDir } from './history-fixtures.js';
import { pairWithAmbiguousType } from './ambiguous-type-fixture.js';

/** The healthy pair, its Standby's partners.type ambiguous, keeping 52 weeks of historic data (the Main 156). */
function healthyWithAmbiguousType(dir: string, first: number, later: number): void {
  pairWithAmbiguousType(dir, 'healthy', 'standby-a', first, later, (text) => {
    const edited = text.replace(/(Historic\\HistoricData\]\r\n(?:"[^\r]*\r\n)*?"KeepOnlineWeeks"=dword:)0000009c/, '$100000034');
    assert.match(edited, /HistoricData\]\r\n(?:"[^\r]*\r\n)*?"KeepOnlineWeeks"=dword:00000034/);
    return edited;
  });
}

const ORDERS = [
  { name: 'Standby in ClearSCADA.reg, Permanent Standby in the later Partners.reg (kept)', first: 1, later: 3, role: 'permanent-a', other: 'as a Standby (Standby A)' },
  { name: 'Permanent Standby in ClearSCADA.reg, Standby in the later Partners.reg (kept)', first: 3, later: 1, role: 'standby-a', other: 'as a Permanent Standby (Permanent Standby A)' },
];

for (const o of ORDERS) {
  test(`check, the Standby's partners.type ambiguous (${o.name}): history kept less is unknown at blocker, NO-GO, explained`, async () => {
    const { dir, cleanup } = tempDir('pairaudit-steering-');
    try {
      healthyWithAmbiguousType(dir, o.first, o.later);
      const args = ['check', join(dir, 'main'), join(dir, 'standby-a')];
      const r = await runCli([...args, '-f', 'json'], { cwd: dir, now: '2026-11-20T08:20:00Z' });
      const result = JSON.parse(r.stdout) as AuditResult;
      assert.deepEqual(result.servers.map((s) => s.role), ['main', o.role], r.stderr);
      assert.equal(result.go, false);
      assert.notEqual(r.code, 0);
      const history = result.findings.filter((f) => f.ruleId === 'historic-retention' && f.setting === 'historic.historicData.keepOnlineWeeks');
      assert.deepEqual(
        history.map((f) => `${f.severity} ${f.status} ${f.messageId}`),
        ['blocker unknown steeredAmbiguous'],
      );
      assert.match(history[0]!.message, new RegExp(`^historic\\.historicData\\.keepOnlineWeeks is not judged: ${o.role === 'standby-a' ? 'Standby A' : 'Permanent Standby A'}'s evidence gives partners\\.type more than one value \\(Partners\\.reg line 4: .*\\), and .* would be judged otherwise ${o.other.replace(/[()]/g, '\\$&')}; judged at the severity of the stricter reading$`));
      // The type itself: unknown at blocker, as before.
      assert.deepEqual(
        result.findings.filter((f) => f.setting === 'partners.type' && f.status !== 'pass').map((f) => `${f.ruleId} ${f.severity} ${f.status} ${f.messageId}`),
        ['partners-type-match blocker unknown valueAmbiguous'],
      );
      // No pass or fail of a steered rule on the Standby rests on the kept value where the other reading differs.
      assert.deepEqual(
        result.findings.filter((f) => f.status === 'fail').map((f) => `${f.ruleId} ${f.setting}`),
        [],
      );
      const text = await runCli([...args, '-f', 'text'], { cwd: dir, now: '2026-11-20T08:20:00Z' });
      assert.match(text.stdout, /NO-GO/);
      assert.match(text.stdout.replace(/\s+/g, ' '), /historic\.historicData\.keepOnlineWeeks is not judged: .* gives partners\.type more than one value/);
    } finally {
      cleanup();
    }
  });
}

const pack = await loadRules([join(fileURLToPath(new URL('..', import.meta.url)), 'rules', 'geo-scada')]);

function site(def: Partial<Rule> & Pick<Rule, 'id' | 'select' | 'compare'>): Rule {
  return { title: def.id, severity: 'warning', category: 'site', rationale: 'A site rule.', remediation: 'fix it here', references: [], pack: 'site', file: `${def.id}.json`, ...def };
}

/** The findings other than passes of `rules` on these servers, each server's `ambiguous` settings warned of as collection does. */
function audit(rules: Rule[], servers: Partial<Record<Role, CaseServer>>): string[] {
  const inputs = Object.entries(servers).map(([role, s]) => ({ role: role as Role, snapshot: caseSnapshot(role as Role, s as CaseServer) }));
  const result = auditGroup({ servers: inputs, pack: buildRulePack(rules, ['site']) }, { now: new Date('2026-01-01T00:15:00Z'), toolVersion: '0' });
  return result.findings.filter((f) => f.status !== 'pass').map((f) => `${f.ruleId} ${f.severity} ${f.status} ${f.messageId} ${f.setting}`);
}

// A site rule for a Triple Standby's Main only; the Main's partners.type ambiguous (the setting is the Main's own).
const triple = site({ id: 'site-triple-transfer', select: ['partners.transferInterval'], appliesTo: { partnerTypes: ['TripleStandby'] }, compare: { kind: 'must-equal' } });
const MAIN_TYPE: { name: string; kept: string; standby: number; findings: string[] }[] = [
  { name: 'kept HotStandby: the rule was skipped; as a Triple Standby the values differ', kept: 'HotStandby', standby: 10, findings: ['site-triple-transfer warning unknown steeredAmbiguous partners.transferInterval'] },
  { name: 'kept TripleStandby: the values differ, but the rule may not apply', kept: 'TripleStandby', standby: 10, findings: ['site-triple-transfer warning unknown steeredAmbiguous partners.transferInterval'] },
  { name: 'kept TripleStandby, the values the same: a pass in one reading, not applicable in the other', kept: 'TripleStandby', standby: 5, findings: [] },
  { name: 'kept HotStandby, the values the same: nothing in either reading', kept: 'HotStandby', standby: 5, findings: [] },
];

test("the Main's partners.type ambiguous, a rule of some partner types: unknown where a reading finds a difference, nothing where none does", () => {
  for (const c of MAIN_TYPE) {
    const servers = { main: { settings: { 'partners.type': c.kept, 'partners.transferInterval': 5 }, ambiguous: ['partners.type'] }, 'standby-a': { 'partners.type': c.kept, 'partners.transferInterval': c.standby } };
    assert.deepEqual(audit([triple], servers), c.findings, c.name);
  }
});

test("the Main's partners.type ambiguous: the message says which types the rule is for and what was kept", () => {
  const servers = { main: { settings: { 'partners.type': 'HotStandby', 'partners.transferInterval': 5 }, ambiguous: ['partners.type'] }, 'standby-a': { 'partners.transferInterval': 10 } };
  const inputs = Object.entries(servers).map(([role, s]) => ({ role: role as Role, snapshot: caseSnapshot(role as Role, s as CaseServer) }));
  const result = auditGroup({ servers: inputs, pack: buildRulePack([triple], ['site']) }, { now: new Date('2026-01-01T00:15:00Z'), toolVersion: '0' });
  const f = result.findings.find((x) => x.messageId === 'steeredAmbiguous');
  assert.equal(f?.message, 'partners.transferInterval is not judged: the Main\'s evidence gives partners.type more than one value (main.reg: setting "partners.type" is defined twice; kept the value the case gives), and the rule applies to a Main of some partner types only: the value kept, HotStandby, is not one, the other may be; judged at the severity of the stricter reading');
  assert.deepEqual(f?.servers, ['main', 'standby-a']);
});

// Who reports another ambiguous setting of a server whose partners.type is ambiguous: the catch-all lets a Permanent
// Standby's Global Parameters differ, not a Standby's; the stricter reading reports it.
test("a Permanent Standby's partners.type and a Global Parameter both ambiguous: the catch-all reports the parameter, as for a Standby", () => {
  const catchAll = pack.rules.filter((r) => r.id === 'catch-all');
  const gp = 'reg:GlobalParameters\\Drivers\\DriverRestartDelay';
  const found = audit(catchAll, { main: { 'partners.type': 'PermanentStandby', [gp]: 30 }, 'permanent-a': { settings: { 'partners.type': 'PermanentStandby', [gp]: 30 }, ambiguous: ['partners.type', gp] } });
  assert.deepEqual(found, ['catch-all warning unknown valueAmbiguous partners.type', `catch-all warning unknown valueAmbiguous ${gp}`]);
  // An ambiguous setting that steers nothing (db.port): the Permanent Standby's exception stands, nothing steered.
  const rules = pack.rules.filter((r) => ['historic-retention', 'db-port'].includes(r.id));
  const unsteered = audit(rules, { main: { 'db.port': 5481, 'historic.historicData.keepOnlineWeeks': 156 }, 'permanent-a': { settings: { 'db.port': 5481, 'historic.historicData.keepOnlineWeeks': 52 }, ambiguous: ['db.port'] } });
  assert.deepEqual(unsteered, ['db-port blocker unknown valueAmbiguous db.port', 'historic-retention warning fail less historic.historicData.keepOnlineWeeks']);
});

