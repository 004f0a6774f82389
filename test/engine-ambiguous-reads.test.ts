// A setting the evidence gives two values for, read by a rule as a related value (a partner's db.port, the folder
// paths are relative to, the names a partner answers to): that rule judged on the value kept, and passed (or
// failed) where the evidence contradicts itself. Its result there is unknown now, at its severity, naming the
// setting; its own setting ambiguous stays one unknown (valueAmbiguous), without a pass beside it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { auditGroup, buildRulePack, caseSnapshot, loadRules, type CaseServer } from '../src/engine/index.js';
import type { Role } from '../src/types.js';

const pack = await loadRules([join(fileURLToPath(new URL('..', import.meta.url)), 'rules', 'geo-scada')]);

/** The findings of the rules `ids` alone on these servers, each server's `ambiguous` settings warned of as collection does. */
function audit(ids: string[], servers: Partial<Record<Role, CaseServer>>, ambiguous: Partial<Record<Role, string[]>>): string[] {
  const rules = pack.rules.filter((r) => ids.includes(r.id));
  assert.equal(rules.length, ids.length);
  const inputs = Object.entries(servers).map(([role, s]) => {
    const snapshot = caseSnapshot(role as Role, s as CaseServer);
    const warned = ambiguous[role as Role] ?? [];
    if (warned.length > 0) snapshot.warnings = warned.map((setting) => ({ file: 'DB.reg', line: 4, message: `setting "${setting}" is defined twice`, setting }));
    return { role: role as Role, snapshot };
  });
  const result = auditGroup({ servers: inputs, pack: buildRulePack(rules, ['geo-scada']) }, { now: new Date('2026-01-01T00:15:00Z'), toolVersion: '0' });
  return result.findings.filter((f) => f.messageId !== 'notCollected').map((f) => `${f.ruleId} ${f.severity} ${f.status} ${f.messageId} ${f.setting}`);
}

const PARTNERS = {
  main: { names: ['sca-main', '10.0.0.1'], settings: { 'partners.standbyA.address': 'sca-stby', 'partners.standbyA.port': 5481, 'db.port': 5481, 'host.names': ['sca-main', '10.0.0.1'] } },
  'standby-a': { names: ['sca-stby', '10.0.0.2'], settings: { 'partners.standbyA.address': '10.0.0.1', 'partners.standbyA.port': 5481, 'db.port': 5481, 'host.names': ['sca-stby', '10.0.0.2'] } },
};
const CLIENTS = {
  main: { names: ['scada-a', '10.0.0.1'], settings: { 'clients.systems': ['MAIN'], 'clients.MAIN.servers': ['scada-a:5481', 'scada-b:5481'], 'db.port': 5481 } },
  'standby-a': { names: ['scada-b', '10.0.0.2'], settings: { 'clients.systems': ['MAIN'], 'clients.MAIN.servers': ['scada-a:5481', 'scada-b:5481'], 'db.port': 5481 } },
};
const DRIVER = (install: string) => ({ 'product.installLocation': install, 'drivers.AddIn.installed': true, 'drivers.AddIn.assembly': `${install}\\AddIn.dll`, 'drivers.AddIn.task': 'DriverAddIn.exe' });
const DISK = { 'locations.data': 'D:\\ClearSCADA\\Database', 'disk.D.totalBytes': 100000000000, 'disk.D.freeBytes': 50000000000 };

const CASES: { name: string; rules: string[]; servers: Partial<Record<Role, CaseServer>>; ambiguous: Partial<Record<Role, string[]>>; findings: string[] }[] = [
  {
    name: "partners-port-mirror, the Standby's db.port ambiguous: the Main's dialled port is unknown at blocker, the other direction passes",
    rules: ['partners-port-mirror'],
    servers: PARTNERS,
    ambiguous: { 'standby-a': ['db.port'] },
    findings: ['partners-port-mirror blocker unknown relatedAmbiguous main:partners.standbyA.port', 'partners-port-mirror blocker pass portMatches standby-a:partners.standbyA.port'],
  },
  {
    name: 'with db-port beside it: db-port reports db.port itself (valueAmbiguous), partners-port-mirror its own unknown',
    rules: ['db-port', 'partners-port-mirror'],
    servers: PARTNERS,
    ambiguous: { 'standby-a': ['db.port'] },
    findings: ['db-port blocker unknown valueAmbiguous db.port', 'partners-port-mirror blocker unknown relatedAmbiguous main:partners.standbyA.port', 'partners-port-mirror blocker pass portMatches standby-a:partners.standbyA.port'],
  },
  {
    name: "the Main's own partner port ambiguous: one unknown (valueAmbiguous), no pass on the value kept",
    rules: ['partners-port-mirror'],
    servers: PARTNERS,
    ambiguous: { main: ['partners.standbyA.port'] },
    findings: ['partners-port-mirror blocker unknown valueAmbiguous partners.standbyA.port', 'partners-port-mirror blocker pass portMatches standby-a:partners.standbyA.port'],
  },
  {
    name: 'a setting no finding read ambiguous: the passes stand',
    rules: ['partners-port-mirror'],
    servers: { main: { ...PARTNERS.main, settings: { ...PARTNERS.main.settings, 'webx.httpPort': 80 } }, 'standby-a': PARTNERS['standby-a'] },
    ambiguous: { main: ['webx.httpPort'] },
    findings: ['partners-port-mirror blocker pass portMatches main:partners.standbyA.port', 'partners-port-mirror blocker pass portMatches standby-a:partners.standbyA.port'],
  },
  {
    name: "partners-port-mirror, the Main's partner address ambiguous: which link is the Standby's is unknown, so is its port",
    rules: ['partners-port-mirror'],
    servers: PARTNERS,
    ambiguous: { main: ['partners.standbyA.address'] },
    findings: ['partners-port-mirror blocker unknown relatedAmbiguous main:partners.standbyA.port', 'partners-port-mirror blocker pass portMatches standby-a:partners.standbyA.port'],
  },
  {
    name: "partners-address-mirror, the Standby's host names ambiguous: whether the Main's address reaches it is unknown",
    rules: ['partners-address-mirror'],
    servers: PARTNERS,
    ambiguous: { 'standby-a': ['host.names'] },
    findings: ['partners-address-mirror blocker unknown relatedAmbiguous main:partners.standbyA.address', 'partners-address-mirror blocker pass pointsBack standby-a:partners.standbyA.address'],
  },
  {
    name: "clients-pair-system, the Standby's db.port ambiguous: each reader's system is unknown at warning",
    rules: ['clients-pair-system'],
    servers: CLIENTS,
    ambiguous: { 'standby-a': ['db.port'] },
    findings: ['clients-pair-system warning unknown relatedAmbiguous clients.MAIN.servers', 'clients-pair-system warning unknown relatedAmbiguous clients.MAIN.servers'],
  },
  {
    name: 'driver-registration, the folder its paths are relative to ambiguous on the Standby: its passes are unknown',
    rules: ['driver-registration'],
    servers: { main: DRIVER('C:\\Program Files\\Schneider Electric\\ClearSCADA'), 'standby-a': DRIVER('D:\\ClearSCADA') },
    ambiguous: { 'standby-a': ['product.installLocation'] },
    findings: ['driver-registration warning unknown relatedAmbiguous *'],
  },
  {
    name: 'driver-registration, nothing ambiguous: the paths below each folder pass',
    rules: ['driver-registration'],
    servers: { main: DRIVER('C:\\Program Files\\Schneider Electric\\ClearSCADA'), 'standby-a': DRIVER('D:\\ClearSCADA') },
    ambiguous: {},
    findings: ['driver-registration warning pass passesSummarised *'],
  },
  {
    name: "disk rules, the Standby's data folder ambiguous: the blocker reports it, the warning rule's volume check is unknown",
    rules: ['disk-free-space', 'disk-free-space-low'],
    servers: { main: DISK, 'standby-a': DISK },
    ambiguous: { 'standby-a': ['locations.data'] },
    findings: ['disk-free-space blocker unknown valueAmbiguous locations.data', 'disk-free-space blocker pass enoughFree disk.D.freeBytes', 'disk-free-space-low warning unknown relatedAmbiguous disk.D.freeBytes', 'disk-free-space-low warning pass enoughFree disk.D.freeBytes'],
  },
];

for (const c of CASES) {
  test(`ambiguous related value: ${c.name}`, () => {
    assert.deepEqual(audit(c.rules, c.servers, c.ambiguous), c.findings);
  });
}

test('ambiguous related value: the unknown names the setting, whose evidence and where', () => {
  const rules = pack.rules.filter((r) => r.id === 'partners-port-mirror');
  const standby = caseSnapshot('standby-a', PARTNERS['standby-a']);
  standby.warnings = [{ file: 'DB.reg', line: 4, message: 'value "Port" of …\\DB replaces the other value ClearSCADA.reg line 11 gives it', setting: 'db.port' }];
  const result = auditGroup({ servers: [{ role: 'main', snapshot: caseSnapshot('main', PARTNERS.main) }, { role: 'standby-a', snapshot: standby }], pack: buildRulePack(rules, ['geo-scada']), kind: 'check' }, { now: new Date('2026-01-01T00:15:00Z'), toolVersion: '0' });
  const unknown = result.findings.find((f) => f.messageId === 'relatedAmbiguous');
  assert.ok(unknown);
  assert.equal(unknown.message, 'main:partners.standbyA.port is not judged: the check reads db.port, which Standby A\'s evidence gives more than one value (DB.reg line 4: value "Port" of …\\DB replaces the other value ClearSCADA.reg line 11 gives it), and the value kept may not be the one in use');
  assert.deepEqual(unknown.servers, ['main', 'standby-a']);
  assert.equal(result.go, false, 'a blocker unknown: NO-GO');
});
