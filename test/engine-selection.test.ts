// Which settings rules select and compare, on names the generated exports do not hold: literal prefixes
// with non-ASCII and mixed-case names, patterns without a literal prefix, names equal but for case across
// servers, guards over drivers named in other cases, and groups of three and five servers. The selection is
// computed once per pattern and server and the captures only where needed: these tables pin what it selects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditGroup, buildRulePack, caseSnapshot, type CaseServer, type Rule, type RuleDefinition } from '../src/engine/index.js';
import type { Role } from '../src/types.js';

const ctx = { now: new Date('2026-01-01T00:15:00Z'), toolVersion: '9.9.9' };

function rule(def: Partial<RuleDefinition> & Pick<RuleDefinition, 'id' | 'select' | 'compare'>): Rule {
  return { title: def.id, severity: 'warning', category: 'test', rationale: 'r [X]', remediation: 'fix it somewhere', references: [], pack: 'test', file: `${def.id}.json`, ...def };
}

function audit(rules: Rule[], servers: Partial<Record<Role, CaseServer>>): string[] {
  const r = auditGroup({ servers: Object.entries(servers).map(([role, s]) => ({ role: role as Role, snapshot: caseSnapshot(role as Role, s as CaseServer) })), pack: buildRulePack(rules, ['test']) }, ctx);
  return r.findings.map((f) => `${f.ruleId} ${f.servers.join(',')} ${f.status} ${f.messageId} ${f.setting}${f.messageId.endsWith('Summarised') || f.messageId === 'othersEqual' ? ` ${f.data?.count}` : ''}`);
}

const eq = (id: string, select: string[], extra: Partial<RuleDefinition['compare']> = {}): Rule => rule({ id, select, compare: { kind: 'must-equal', ...extra } });

test('selection: literal prefixes with non-ASCII and mixed-case names, names equal but for case across servers', () => {
  const cases: { name: string; rules: Rule[]; main: CaseServer; standby: CaseServer; expected: string[] }[] = [
    {
      name: 'a non-ASCII literal prefix finds names in any case; the Main spells the finding',
      rules: [eq('apfel', ['reg:Äpfel\\*'])],
      main: { 'reg:äPFEL\\Farbe': 'rot', 'reg:ÄPFEL\\Größe': 3, 'reg:Äpfelbaum\\x': 1 },
      standby: { 'reg:ÄPFEL\\FARBE': 'grün', 'reg:äpfel\\GRÖSSE': 3 },
      expected: ['apfel main,standby-a fail differs reg:äPFEL\\Farbe', 'apfel main,standby-a fail onlyOnMain reg:ÄPFEL\\Größe', 'apfel main,standby-a fail onlyOnOther reg:äpfel\\GRÖSSE'],
    },
    {
      name: 'a glob whose middle text is mixed case; names that only start alike are not selected',
      rules: [eq('log', ['drivers.*.Log*'])],
      main: { 'drivers.DNP3.LogLevel': 2, 'drivers.dnp3.logging': 1, 'drivers.DNP3.Catalog': 1, 'drivers.DNP3.settings.LogX': 1, 'drivers.Δ.LOGfile': 'a' },
      standby: { 'drivers.dnp3.LOGLEVEL': 3, 'drivers.DNP3.Logging': 1, 'drivers.DNP3.Catalog': 2, 'drivers.δ.logFile': 'a' },
      expected: ['log main,standby-a fail differs drivers.DNP3.LogLevel', 'log main,standby-a pass equal drivers.dnp3.logging', 'log main,standby-a pass equal drivers.Δ.LOGfile'],
    },
    {
      name: 'a regex without a literal prefix looks at every name',
      rules: [eq('timeout', ['/Time[oO]ut$/'])],
      main: { 'drivers.A.settings.ConnectTimeout': 5, 'reg:Server\\TIMEOUT': 1, 'reg:Server\\TimeoutCount': 9, 'partners.standbyA.heartbeatTimeOut': 3 },
      standby: { 'drivers.a.settings.connecttimeout': 5, 'reg:Server\\timeout': 2, 'partners.standbyA.heartbeatTimeOut': 3 },
      expected: ['timeout main,standby-a fail differs reg:Server\\TIMEOUT', 'timeout main,standby-a pass equal drivers.A.settings.ConnectTimeout', 'timeout main,standby-a pass equal partners.standbyA.heartbeatTimeOut'],
    },
    {
      name: 'a regex whose needed texts (Install, then Date or Time at the end) decide most names',
      rules: [eq('install', ['/^reg:(.*\\\\)?Install(Date|Time)$/'])],
      main: { 'reg:A\\InstallDate': 1, 'reg:INSTALLTIME': 2, 'reg:A\\InstallDateX': 3, 'reg:A\\Install\\Date': 4, 'reg:B\\Uninstall\\InstallTime': 5 },
      standby: { 'reg:a\\installdate': 1, 'reg:installtime': 3, 'reg:A\\InstallDateX': 4, 'reg:A\\Install\\Date': 5, 'reg:B\\Uninstall\\InstallTime': 5 },
      expected: ['install main,standby-a fail differs reg:INSTALLTIME', 'install main,standby-a pass equal reg:A\\InstallDate', 'install main,standby-a pass equal reg:B\\Uninstall\\InstallTime'],
    },
    {
      name: 'two patterns of one rule select a name once; the union is in name order',
      rules: [eq('two', ['webx.*', '/^WEBX\\.(Http|Proxy)/'])],
      main: { 'webx.HttpPort': 80, 'WebX.ProxyHost': 'p', 'webx.zeta': 1 },
      standby: { 'WEBX.HTTPPORT': 81, 'webx.proxyhost': 'p', 'webx.Alpha': 2 },
      expected: ['two main,standby-a fail differs webx.HttpPort', 'two main,standby-a fail onlyOnMain webx.zeta', 'two main,standby-a fail onlyOnOther webx.Alpha', 'two main,standby-a pass equal WebX.ProxyHost'],
    },
  ];
  for (const c of cases) assert.deepEqual(audit(c.rules, { main: c.main, 'standby-a': c.standby }).sort(), [...c.expected].sort(), c.name);
});

test('selection: required literal names neither server has are reported in name order among the others', () => {
  const req = rule({ id: 'req', select: ['db.port', 'a.*', 'DB.Zone', 'c.x', 'db.port'], evidence: 'required', compare: { kind: 'must-equal' } });
  const r = auditGroup({ servers: [{ role: 'main', snapshot: caseSnapshot('main', { 'a.x': 1, 'C.X': 1 }) }, { role: 'standby-a', snapshot: caseSnapshot('standby-a', { 'A.X': 2, 'c.x': 1 }) }], pack: buildRulePack([req], ['test']) }, ctx);
  // Each required name once (db.port is listed twice), in any case the rule writes it.
  assert.deepEqual(
    r.findings.map((f) => `${f.status} ${f.messageId} ${f.setting}`),
    ['fail differs a.x', 'unknown missing db.port', 'unknown missing DB.Zone', 'pass equal C.X'],
  );
});

test('guards: drivers named in other cases or non-ASCII share their guard; a driver not installed on one server is skipped', () => {
  const settings = rule({ id: 'drv', select: ['drivers.*.settings.*', 'drivers.*.Log*'], compare: { kind: 'must-equal', guard: 'drivers.$1.installed', summarizePasses: true } });
  const main: CaseServer = {
    'drivers.Modbus.installed': true,
    'drivers.Modbus.settings.A': 1,
    'drivers.Modbus.settings.B': 2,
    'drivers.Modbus.LogLevel': 1,
    'drivers.Σίγμα.installed': true,
    'drivers.Σίγμα.settings.A': 1,
    'drivers.ΣΊΓΜΑ2.settings.A': 1,
    'drivers.Other.installed': true,
    'drivers.Other.settings.A': 1,
    'drivers.Zed.settings.A': 1,
  };
  const standby: CaseServer = {
    'drivers.MODBUS.installed': true,
    'drivers.modbus.settings.a': 1,
    'drivers.MODBUS.SETTINGS.B': 3,
    'drivers.modbus.loglevel': 2,
    'drivers.ΣΊΓΜΑ.installed': true,
    'drivers.σίγμα.settings.a': 2,
    'drivers.σίγμα2.settings.a': 5,
    'drivers.Other.settings.A': 9,
    'drivers.Zed.installed': true,
    'drivers.Zed.settings.A': 2,
  };
  assert.deepEqual(audit([settings], { main, 'standby-a': standby }).sort(), [
    'drv main,standby-a fail differs drivers.Modbus.LogLevel',
    'drv main,standby-a fail differs drivers.Modbus.settings.B',
    'drv main,standby-a fail differs drivers.Σίγμα.settings.A',
    'drv main,standby-a pass passesSummarised * 1',
  ]);
});

test('guards: rules of a pair that share a guard find the same drivers installed as each rule audited alone', () => {
  const guarded = (id: string, select: string[], guard: string): Rule => eq(id, select, { guard, summarizePasses: true });
  const rules = [
    guarded('settings', ['drivers.*.settings.*'], 'drivers.$1.installed'),
    guarded('logs', ['drivers.*.Log*', 'drivers.*.DebugMode'], 'drivers.$1.installed'),
    // The same guard read from another segment of the name, and a guard of its own.
    guarded('files', ['installed.drivers.*.fileVersion'], 'drivers.$1.installed'),
    guarded('versions', ['drivers.*.version'], 'drivers.$1.enabled'),
  ];
  const main: CaseServer = {
    'drivers.A.installed': true, 'drivers.A.enabled': true, 'drivers.A.settings.X': 1, 'drivers.A.LogLevel': 1, 'drivers.A.version': '1',
    'drivers.B.installed': true, 'drivers.B.settings.X': 1, 'drivers.B.DebugMode': 0, 'drivers.B.version': '1',
    'drivers.Ω.installed': true, 'drivers.Ω.settings.X': 1, 'drivers.Ω.LogLevel': 1, 'drivers.D.installed': true, 'drivers.D.settings.X': 1, 'drivers.D.version': '1',
    'drivers.C.settings.X': 1, 'drivers.C.LogLevel': 1,
    'installed.drivers.A.fileVersion': '1.0', 'installed.drivers.B.fileVersion': '1.0', 'installed.drivers.installed.fileVersion': 'x',
  };
  const standby: CaseServer = {
    'drivers.a.INSTALLED': true, 'drivers.A.enabled': true, 'drivers.A.settings.X': 2, 'drivers.A.LogLevel': 2, 'drivers.A.version': '2',
    'drivers.B.settings.X': 2, 'drivers.B.DebugMode': 1, 'drivers.B.enabled': true, 'drivers.B.version': '2',
    'drivers.ω.installed': true, 'drivers.Ω.settings.X': 2, 'drivers.Ω.LogLevel': 1, 'drivers.d.installed': true, 'drivers.D.settings.X': 1, 'drivers.D.version': '2',
    'drivers.C.installed': true, 'drivers.C.settings.X': 2, 'drivers.C.LogLevel': 2,
    'installed.drivers.A.fileVersion': '2.0', 'installed.drivers.B.fileVersion': '2.0', 'installed.drivers.installed.fileVersion': 'y',
  };
  const servers = { main, 'standby-a': standby };
  const together = audit(rules, servers).sort();
  assert.deepEqual(together, rules.flatMap((r) => audit([r], servers)).sort());
  // Only drivers installed (enabled, for versions) on both are compared (A; Ω by its lower-cased name): B, C and D are skipped.
  assert.ok(together.includes('settings main,standby-a fail differs drivers.A.settings.X') && together.includes('settings main,standby-a fail differs drivers.Ω.settings.X'));
  assert.ok(!together.some((f) => f.includes('drivers.B.') || f.includes('drivers.C.') || f.includes('drivers.D.')), together.join('\n'));
});

test('groups of three and five servers: each pair selects and joins its own names; the catch-all leaves claimed names alone', () => {
  const rules = [eq('web', ['webx.*']), rule({ id: 'catch-all', select: [], compare: { kind: 'catch-all', allow: ['host.**'] } })];
  const five: Partial<Record<Role, CaseServer>> = {
    main: { 'webx.Port': 80, 'reg:A\\x': 1, 'host.name': 'm' },
    'standby-a': { 'WEBX.PORT': 80, 'reg:a\\X': 2, 'host.name': 'a' },
    'standby-b': { 'webx.port': 81, 'reg:A\\x': 1, 'reg:A\\y': 1 },
    'permanent-a': { 'webx.Port': 80, 'WebX.Extra': 1, 'REG:A\\X': 1 },
    'permanent-b': {},
  };
  const expected = [
    // host.name is on the allow-list: shown where it differs (also where one server lacks it), never failing.
    'catch-all main,permanent-a pass allowedDiffers host.name',
    'catch-all main,permanent-a pass othersEqual * 1',
    'catch-all main,permanent-b fail onlyOnMain reg:A\\x',
    'catch-all main,permanent-b pass allowedDiffers host.name',
    'catch-all main,standby-a fail differs reg:A\\x',
    'catch-all main,standby-a pass allowedDiffers host.name',
    'catch-all main,standby-b fail onlyOnOther reg:A\\y',
    'catch-all main,standby-b pass allowedDiffers host.name',
    'catch-all main,standby-b pass othersEqual * 1',
    'web main,permanent-a fail onlyOnOther WebX.Extra',
    'web main,permanent-a pass equal webx.Port',
    'web main,permanent-b fail onlyOnMain webx.Port',
    'web main,standby-a pass equal webx.Port',
    'web main,standby-b fail differs webx.Port',
  ];
  assert.deepEqual(audit(rules, five).sort(), expected);
  const three = { main: five.main, 'standby-a': five['standby-a'], 'standby-b': five['standby-b'] };
  assert.deepEqual(audit(rules, three).sort(), expected.filter((f) => !f.includes('permanent')));
});
