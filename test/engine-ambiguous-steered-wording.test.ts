// What an ambiguous partners.type (Standby or Permanent Standby) leaves for the reader. (1) An unknown in both
// readings whose severity only the other reading raised (a Permanent Standby's history that is not a number: a
// warning as a Permanent Standby, a blocker as a Standby) was shown as a blocker with no word of why; its message now
// says so, its own reason kept (messageId, data.steeredBy, data.keptSeverity). (2) A link one reading compares and
// the other does not gave one unknown per attribute (eleven for a Permanent Standby's link); now one unknown per
// link and rule names the attributes and keeps each server's values as lines (steeredAmbiguousGroup), at the
// severity they had: `check` still says NO-GO with the same exit code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuditResult, Finding, Role } from '../src/types.js';
import { auditGroup, buildRulePack, caseSnapshot, loadRules, type CaseServer } from '../src/engine/index.js';
import { runCli } from './cli-harness.js';
import { tempDir } from './history-fixtures.js';
import { pairWithAmbiguousType } from './ambiguous-type-fixture.js';

const pack = await loadRules([join(fileURLToPath(new URL('..', import.meta.url)), 'rules', 'geo-scada')]);

function audit(ids: string[], servers: Partial<Record<Role, CaseServer>>): Finding[] {
  const inputs = Object.entries(servers).map(([role, s]) => ({ role: role as Role, snapshot: caseSnapshot(role as Role, s as CaseServer) }));
  const rules = pack.rules.filter((r) => ids.includes(r.id));
  return auditGroup({ servers: inputs, pack: buildRulePack(rules, ['site']) }, { now: new Date('2026-01-01T00:15:00Z'), toolVersion: '0' }).findings.filter((f) => f.status !== 'pass');
}

const line = (f: Finding): string => `${f.ruleId} ${f.severity} ${f.status} ${f.messageId} ${f.setting}`;

// (1) Both readings unknown, at different severities. Kept Permanent Standby: the Standby reading raises it.
const RAISED = [
  { name: 'kept Permanent Standby: a warning as kept, a blocker as a Standby: raised, and the message says why', role: 'permanent-a', type: 'PermanentStandby', severity: 'blocker', note: /; reported at blocker, not warning, as the stricter reading: Permanent Standby A's evidence gives partners\.type more than one value \(permanent-a\.reg: .*\), and Permanent Standby A, audited as a Permanent Standby, would be judged otherwise as a Standby \(Standby A\)$/, data: { steeredBy: 'partners.type', keptSeverity: 'warning' } },
  { name: 'kept Standby: a blocker as kept, the stricter reading: nothing raised, its own message', role: 'standby-a', type: 'HotStandby', severity: 'blocker', note: /so it cannot be compared$/, data: {} },
] as const;

test('an unknown whose severity only the other reading of partners.type raised says why (both orders)', () => {
  for (const c of RAISED) {
    const found = audit(['historic-retention'], { main: { 'historic.historicData.keepOnlineWeeks': 156 }, [c.role]: { settings: { 'partners.type': c.type, 'historic.historicData.keepOnlineWeeks': 'abc' }, ambiguous: ['partners.type'] } });
    assert.deepEqual(found.map(line), [`historic-retention ${c.severity} unknown notNumber historic.historicData.keepOnlineWeeks`], c.name);
    const f = found[0]!;
    assert.match(f.message, /^historic\.historicData\.keepOnlineWeeks is not a number on .* \("abc"\), so it cannot be compared/, c.name);
    assert.match(f.message, c.note, c.name);
    for (const [k, v] of Object.entries(c.data)) assert.equal(f.data?.[k], v, `${c.name}: data.${k}`);
    if (Object.keys(c.data).length === 0) assert.equal(f.data?.steeredBy, undefined, c.name);
  }
});

// (2) A link's attributes. The Main links Permanent Standby A; the other server is it, or a Standby, by its ambiguous partners.type.
const LINK = { 'partners.permanentA.address': '10.0.0.9', 'partners.permanentA.port': 5481, 'partners.permanentA.compress': false, 'reg:Partners\\PermanentA\\BackupCompress': 0 };
const GROUPED = [
  { name: 'kept Permanent Standby: the link not compared as kept, every attribute only on the Main as a Standby', role: 'permanent-a', type: 'PermanentStandby', how: 'Permanent Standby A, audited as a Permanent Standby, would be judged otherwise as a Standby (Standby A)' },
  { name: 'kept Standby: every attribute only on the Main as kept, the link not compared as a Permanent Standby', role: 'standby-a', type: 'HotStandby', how: 'Standby A, audited as a Standby, would be judged otherwise as a Permanent Standby (Permanent Standby A)' },
] as const;

test('a link one reading of partners.type compares and the other does not: one unknown naming its attributes, values kept (both orders)', () => {
  for (const c of GROUPED) {
    const found = audit(['partners-permanent-links'], { main: LINK, [c.role]: { settings: { 'partners.type': c.type }, ambiguous: ['partners.type'] } });
    assert.deepEqual(found.map(line), ['partners-permanent-links warning unknown steeredAmbiguousGroup partners.permanentA.*'], c.name);
    const f = found[0]!;
    assert.deepEqual(f.servers, ['main', c.role], c.name);
    assert.deepEqual(f.data, { setting: 'partners.permanentA.*', count: 4, names: 'address, compress, port, BackupCompress', related: 'partners.type', whose: `${c.role === 'standby-a' ? 'Standby A' : 'Permanent Standby A'}'s`, where: `${c.role}.reg`, warning: 'setting "partners.type" is defined twice; kept the value the case gives', how: c.how }, c.name);
    assert.match(f.message, /^partners\.permanentA\.\*: 4 settings are not judged \(address, compress, port, BackupCompress\): .* gives partners\.type more than one value/, c.name);
    assert.deepEqual(f.values, { main: ['address = "10.0.0.9"', 'compress = false', 'port = 5481', 'BackupCompress = 0'], [c.role]: null }, c.name);
    assert.deepEqual(f.sources, { main: { file: 'main.reg' }, [c.role]: null }, c.name);
  }
});

test('one attribute of a link, or attributes of two links: one unknown per link, a link of one attribute as before', () => {
  for (const c of GROUPED) {
    const one = audit(['partners-permanent-links'], { main: { 'partners.permanentA.address': '10.0.0.9' }, [c.role]: { settings: { 'partners.type': c.type }, ambiguous: ['partners.type'] } });
    assert.deepEqual(one.map(line), ['partners-permanent-links warning unknown steeredAmbiguous partners.permanentA.address'], c.name);
    const two = audit(['partners-permanent-links'], { main: { ...LINK, 'partners.permanentB.address': '10.0.0.8', 'partners.permanentB.port': 5481 }, [c.role]: { settings: { 'partners.type': c.type }, ambiguous: ['partners.type'] } });
    assert.deepEqual(two.map(line), ['partners-permanent-links warning unknown steeredAmbiguousGroup partners.permanentA.*', 'partners-permanent-links warning unknown steeredAmbiguousGroup partners.permanentB.*'], c.name);
  }
});

test('nothing ambiguous: the attributes of a link differing are one fail each, as before', () => {
  const found = audit(['partners-permanent-links'], { main: LINK, 'standby-a': { 'partners.permanentA.address': '10.0.0.8', 'partners.permanentA.port': 5482 } });
  assert.deepEqual(found.map((f) => `${f.status} ${f.messageId} ${f.setting}`), ['fail differs partners.permanentA.address', 'fail onlyOnMain partners.permanentA.compress', 'fail differs partners.permanentA.port', 'fail onlyOnMain reg:Partners\\PermanentA\\BackupCompress']);
});

// The CLI on the bundled fixture: a Permanent Standby whose bundle records no role, ClearSCADA.reg giving Type
// `first` and a later Partners.reg `later` (the value kept); optionally its history kept as text.
function permanentWithAmbiguousType(dir: string, first: number, later: number, historyAsText: boolean): void {
  pairWithAmbiguousType(dir, 'permanent-standby', 'permanent-a', first, later, (text) => {
    if (!historyAsText) return text;
    const edited = text.replace(/(Historic\\HistoricData\]\r\n(?:"[^\r]*\r\n)*?"KeepOnlineWeeks"=)dword:[0-9a-f]{8}/, '$1"abc"');
    assert.match(edited, /"KeepOnlineWeeks"="abc"/);
    return edited;
  });
}

const ORDERS = [
  { name: 'Standby in ClearSCADA.reg, Permanent Standby in the later Partners.reg (kept)', first: 1, later: 3, role: 'permanent-a' },
  { name: 'Permanent Standby in ClearSCADA.reg, Standby in the later Partners.reg (kept)', first: 3, later: 1, role: 'standby-b' },
];

const NOW = { now: '2026-11-21T07:10:00Z' };

for (const o of ORDERS) {
  test(`check, a Permanent Standby's partners.type ambiguous (${o.name}): its link to the Main one unknown, in every format; NO-GO, exit 3`, async () => {
    const { dir, cleanup } = tempDir('pairaudit-steered-group-');
    try {
      permanentWithAmbiguousType(dir, o.first, o.later, false);
      const args = ['check', join(dir, 'main'), join(dir, 'permanent-a'), join(dir, 'standby-a')];
      const r = await runCli([...args, '-f', 'json'], { cwd: dir, ...NOW });
      const result = JSON.parse(r.stdout) as AuditResult;
      assert.deepEqual(result.servers.map((s) => s.role).sort(), ['main', o.role, 'standby-a'].sort(), r.stderr);
      assert.equal(result.go, false);
      assert.equal(r.code, 3);
      const links = result.findings.filter((f) => f.ruleId === 'partners-permanent-links' && f.status !== 'pass');
      assert.deepEqual(links.map(line), ['partners-permanent-links warning unknown steeredAmbiguousGroup partners.permanentA.*']);
      assert.equal(links[0]!.data?.count, 11);
      assert.match(links[0]!.message, /^partners\.permanentA\.\*: 11 settings are not judged \(address, backupAddress, backupPort, compress, heartbeatTimeout, icmpMonitors, interleave, port, transferTimeout, BackupCompress, BackupICMPMonitors\): .* gives partners\.type more than one value \(Partners\.reg line 4: /);
      assert.equal((links[0]!.values.main as string[]).length, 11);
      for (const format of ['text', 'markdown', 'html']) {
        const out = await runCli([...args, '-f', format], { cwd: dir, ...NOW });
        assert.equal(out.code, 3, format);
        assert.match(out.stdout.replace(/\s+/g, ' '), /11 settings are not judged \(address, backupAddress, backupPort, compress, heartbeatTimeout, icmpMonitors, interleave, port, transferTimeout, BackupCompress, BackupICMPMonitors\)/, format);
        assert.doesNotMatch(out.stdout, /partners\.permanentA\.heartbeatTimeout is not judged/, format);
      }
    } finally {
      cleanup();
    }
  });

  test(`check, a Permanent Standby's partners.type ambiguous (${o.name}), its history kept as text: a blocker that says why, in every format`, async () => {
    const { dir, cleanup } = tempDir('pairaudit-steered-raised-');
    try {
      permanentWithAmbiguousType(dir, o.first, o.later, true);
      const args = ['check', join(dir, 'main'), join(dir, 'permanent-a'), join(dir, 'standby-a')];
      const r = await runCli([...args, '-f', 'json'], { cwd: dir, ...NOW });
      const result = JSON.parse(r.stdout) as AuditResult;
      assert.equal(result.go, false);
      assert.equal(r.code, 3);
      const history = result.findings.filter((f) => f.ruleId === 'historic-retention' && f.setting === 'historic.historicData.keepOnlineWeeks' && f.status !== 'pass');
      assert.deepEqual(history.map(line), ['historic-retention blocker unknown notNumber historic.historicData.keepOnlineWeeks']);
      // Kept Permanent Standby: a warning as kept, raised by the Standby reading; kept Standby: a blocker of its own.
      const raised = o.role === 'permanent-a';
      const why = /reported at blocker, not warning, as the stricter reading: Permanent Standby A's evidence gives partners\.type more than one value/;
      if (raised) assert.match(history[0]!.message, why);
      else assert.doesNotMatch(history[0]!.message, /stricter reading/);
      for (const format of ['text', 'markdown', 'html']) {
        const out = await runCli([...args, '-f', format], { cwd: dir, ...NOW });
        const shown = out.stdout.replace(/\s+/g, ' ').replace(/&#x27;|&#39;/g, "'");
        if (raised) assert.match(shown, why, format);
        else assert.doesNotMatch(shown, /reported at blocker, not warning/, format);
      }
    } finally {
      cleanup();
    }
  });
}
