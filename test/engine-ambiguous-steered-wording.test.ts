// What an ambiguous partners.type (Standby or Permanent Standby) leaves for the reader. (1) An unknown in both
// readings whose severity only the other reading raised (a Permanent Standby's history that is not a number: a
// warning as a Permanent Standby, a blocker as a Standby) was shown as a blocker with no word of why; its message now
// says so, its own reason kept (messageId, data.steeredBy, data.keptSeverity).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuditResult, Finding, Role } from '../src/types.js';
import { auditGroup, buildRulePack, caseSnapshot, loadRules, type CaseServer } from '../src/engine/index.js';
import { runCli } from './cli-harness.js';
import { tempDir } from './history-fixtures.js';

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

// The CLI on the bundled fixture: a Permanent Standby whose bundle records no role, ClearSCADA.reg giving Type
// `first` and a later Partners.reg `later` (the value kept); optionally its history kept as text.
const PARTNERS_REG = (type: number): string => `\uFEFFWindows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA\\Partners]\r\n"Type"=dword:0000000${type}\r\n`;

function permanentWithAmbiguousType(dir: string, first: number, later: number, historyAsText: boolean): void {
  cpSync('fixtures/pairs/permanent-standby', dir, { recursive: true });
  const manifest = join(dir, 'permanent-a', 'bundle.json');
  const m = JSON.parse(readFileSync(manifest, 'utf8').replace(/^\uFEFF/, '')) as Record<string, unknown>;
  delete m.role;
  writeFileSync(manifest, JSON.stringify(m));
  const reg = join(dir, 'permanent-a', 'ClearSCADA.reg');
  const text = readFileSync(reg, 'utf16le');
  let edited = text.replace(/(\\Partners\]\r\n(?:"[^\r]*\r\n)*?"Type"=dword:)00000003/, `$10000000${first}`);
  if (historyAsText) edited = edited.replace(/(Historic\\HistoricData\]\r\n(?:"[^\r]*\r\n)*?"KeepOnlineWeeks"=)dword:[0-9a-f]{8}/, '$1"abc"');
  assert.match(edited, new RegExp(`\\\\Partners\\]\r\n(?:"[^\r]*\r\n)*?"Type"=dword:0000000${first}`));
  if (historyAsText) assert.match(edited, /"KeepOnlineWeeks"="abc"/);
  writeFileSync(reg, edited, 'utf16le');
  writeFileSync(join(dir, 'permanent-a', 'Partners.reg'), PARTNERS_REG(later), 'utf16le');
}

const ORDERS = [
  { name: 'Standby in ClearSCADA.reg, Permanent Standby in the later Partners.reg (kept)', first: 1, later: 3, role: 'permanent-a' },
  { name: 'Permanent Standby in ClearSCADA.reg, Standby in the later Partners.reg (kept)', first: 3, later: 1, role: 'standby-b' },
];

const NOW = { now: '2026-11-21T07:10:00Z' };

for (const o of ORDERS) {
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
