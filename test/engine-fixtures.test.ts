// Whole fixture pairs through the public API (collectServer + loadRules + auditGroup): each drift gives exactly its findings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import stringify from 'fast-json-stable-stringify';
import { collectServer } from '../src/collect/index.js';
import { loadRules, loadWaivers, auditGroup, ROLES } from '../src/engine/index.js';
import { summarise } from '../src/engine/audit.js';
import type { AuditResult, Role } from '../src/types.js';
import { missing } from './prerequisites.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PAIRS = join(ROOT, 'fixtures', 'pairs');
const pack = await loadRules([join(ROOT, 'rules', 'geo-scada')]);
const ctx = { now: new Date('2026-11-25T12:00:00Z'), toolVersion: '0.0.0-test' };

async function auditScenario(name: string, kind: 'audit' | 'check' = 'audit', now = ctx.now): Promise<AuditResult> {
  const dir = join(PAIRS, name);
  const roles = ROLES.filter((r) => existsSync(join(dir, r))) as Role[];
  const servers = [];
  for (const role of roles) servers.push({ role, snapshot: await collectServer(join(dir, role), { toolVersion: ctx.toolVersion, role }) });
  const waiverFile = join(dir, 'waivers.yaml');
  const waivers = existsSync(waiverFile) ? await loadWaivers(waiverFile, pack) : undefined;
  return auditGroup({ servers, pack, kind, ...(waivers !== undefined ? { waivers } : {}) }, { ...ctx, now });
}

/**
 * Failing findings as `severity ruleId setting [servers]`; the info `notCollected` findings of 1.0 bundles
 * (which cannot hold dbsize.json) are checked by their own test below.
 */
function failing(r: AuditResult): string[] {
  return r.findings.filter((f) => f.status !== 'pass' && f.messageId !== 'notCollected').map((f) => `${f.severity} ${f.status} ${f.ruleId} ${f.setting} [${f.servers.join(',')}]`);
}

/** The rules whose evidence the 1.0 collectors of these fixtures could not write: each says so at info. */
const NOT_COLLECTED_RULES = ['antivirus-exclusions', 'clients-compress', 'clients-pair-system', 'clients-same-systems', 'driver-executables', 'firewall-advise-ports', 'firewall-db-port', 'firewall-icmp', 'product-file-version', 'service-account', 'service-start-mode', 'time-source', 'time-type'];

const expected: Record<string, { verdict: AuditResult['verdict']; failing: string[] }> = {
  healthy: { verdict: 'in-parity', failing: [] },
  // Collected by the 2.0 script: the instance's key, and the machine-wide key with the drivers beside it.
  'named-instance': { verdict: 'in-parity', failing: [] },
  // A 32-bit install (HKLM\SOFTWARE\WOW6432Node\Schneider Electric\ClearSCADA).
  'healthy-wow6432': { verdict: 'in-parity', failing: [] },
  // Main, Standby A and Permanent Standbys A, B and C.
  'five-servers': { verdict: 'in-parity', failing: [] },
  // Per-machine differences are not drift: the install folder is reported at info, driver paths compare relative to it.
  'healthy-install-d': { verdict: 'in-parity', failing: ['info fail product-install-location product.installLocation [main,standby-a]'] },
  'healthy-per-machine': { verdict: 'in-parity', failing: [] },
  // Collected by the 2.0 script: hosts-file alias, %ProgramData% locations, a folder mount point.
  'healthy-evidence': { verdict: 'in-parity', failing: [] },
  'drift-mount-point-full': {
    verdict: 'drift',
    failing: ['blocker fail disk-free-space disk.D:\\ClearSCADA\\Database\\Historic.freeBytes [standby-a]', 'warning fail disk-free-space-low disk.D:\\ClearSCADA\\Database\\Historic.freeBytes [standby-a]'],
  },
  'triple-standby': { verdict: 'in-parity', failing: [] },
  'permanent-standby': { verdict: 'in-parity', failing: [] },
  'drift-driver-missing': { verdict: 'drift', failing: ['blocker fail drivers-installed drivers.SCADAPackModbus.installed [main,standby-a]'] },
  'drift-db-port': {
    verdict: 'drift',
    failing: [
      'blocker fail db-port db.port [main,standby-a]',
      'blocker fail partners-port-mirror main:partners.standbyA.port [main,standby-a]',
      'warning fail partners-backup-port main:partners.standbyA.backupPort [main,standby-a]',
    ],
  },
  'drift-compression': { verdict: 'drift', failing: ['warning fail partners-compression partners.standbyA.compress [main,standby-a]'] },
  'drift-partner-address': { verdict: 'drift', failing: ['blocker fail partners-address-mirror standby-a:partners.standbyA.address [main,standby-a]'] },
  'drift-historic-retention': { verdict: 'drift', failing: ['blocker fail historic-retention historic.historicData.keepOnlineWeeks [main,standby-a]'] },
  'drift-isolation-action': {
    verdict: 'drift',
    failing: ['warning fail partners-isolation-actions partners.isolatedStandbyAction [main,standby-a]', 'info fail partners-isolated-standby-main partners.isolatedStandbyAction [standby-a]'],
  },
  'drift-webx-port': { verdict: 'drift', failing: ['warning fail webx-ports webx.httpPort [main,standby-a]'] },
  // The demo pair: a replacement Standby, with its WebX port waived in fixtures/pairs/sample/waivers.yaml.
  sample: {
    verdict: 'drift',
    failing: [
      'blocker fail historic-retention historic.historicData.keepOnlineWeeks [main,standby-a]',
      'warning fail driver-version drivers.DNP3.version [main,standby-a]',
      'warning fail partners-compression partners.standbyA.compress [main,standby-a]',
      'warning waived webx-ports webx.httpPort [main,standby-a]',
    ],
  },
  // Links between two servers other than the Main (the ones a changeover relies on), named by both their ends.
  'drift-triple-b-link': {
    verdict: 'drift',
    failing: [
      'blocker fail partners-address-mirror standby-a:partners.standbyB.address [standby-a,standby-b]',
      'blocker fail partners-port-mirror standby-a:partners.standbyB.port [standby-a,standby-b]',
      'warning fail partners-compression partners.standbyB.compress [standby-a,standby-b]',
    ],
  },
  'drift-permanent-link': { verdict: 'drift', failing: ['blocker fail partners-address-mirror permanent-a:partners.standbyB.address [standby-a,permanent-a]'] },
  // Collected with the version 2.0 scripts: the evidence outside the registry, healthy and one drift in each file.
  'drift-time-source': { verdict: 'drift', failing: ['warning fail time-source time.source [standby-a]'] },
  'drift-time-type': { verdict: 'drift', failing: ['warning fail time-type time.type [main,standby-a]'] },
  'drift-firewall-db-port': { verdict: 'drift', failing: ['blocker fail firewall-db-port firewall.dbPort [standby-a]', 'warning fail firewall-same firewall.dbPort [main,standby-a]'] },
  'drift-firewall-profile-off': { verdict: 'drift', failing: ['warning fail firewall-same firewall.advisePorts [main,standby-a]', 'warning fail firewall-same firewall.dbPort [main,standby-a]', 'warning fail firewall-same firewall.icmpEcho [main,standby-a]'] },
  'drift-service-manual': { verdict: 'drift', failing: ['warning fail service-start-mode service.startMode [standby-a]'] },
  'drift-antivirus-exclusion': { verdict: 'drift', failing: ['warning fail antivirus-exclusions antivirus.unexcludedFolders [standby-a]'] },
  'drift-clients-port': { verdict: 'drift', failing: ['warning fail clients-pair-system clients.SCADA-N.servers [standby-a]', 'warning fail clients-same-systems clients.SCADA-N.servers [main,standby-a]'] },
  'drift-installed-version': { verdict: 'drift', failing: ['warning fail product-version product.version [main,standby-a]'] },
  'drift-driver-executable': { verdict: 'drift', failing: ['warning fail driver-executables installed.driversWithoutExecutable [standby-a]'] },
  'drift-standby-disk-full': { verdict: 'drift', failing: ['blocker fail disk-free-space disk.D.freeBytes [standby-a]', 'warning fail disk-free-space-low disk.D.freeBytes [standby-a]'] },
};

const skip = missing('fixtures');

test('every fixture scenario has an expectation here', { skip }, () => {
  assert.deepEqual(readdirSync(PAIRS).sort(), Object.keys(expected).sort());
});

for (const [name, want] of Object.entries(expected)) {
  test(`fixture ${name}: ${want.failing.length === 0 ? 'no failing finding' : want.failing.length + ' failing finding(s)'}`, { skip }, async () => {
    const r = await auditScenario(name);
    assert.deepEqual(failing(r), want.failing);
    assert.equal(r.verdict, want.verdict);
    const notes = r.findings.filter((f) => f.messageId === 'notCollected');
    const current = name === 'healthy-evidence' || name === 'drift-mount-point-full' || name === 'named-instance' || name.startsWith('drift-time') || name.startsWith('drift-firewall') || name.startsWith('drift-service') || name.startsWith('drift-antivirus') || name.startsWith('drift-clients') || name === 'drift-installed-version' || name === 'drift-driver-executable';
    const noted = new Set(notes.map((f) => f.ruleId));
    assert.deepEqual(NOT_COLLECTED_RULES.filter((id) => noted.has(id)), current ? [] : NOT_COLLECTED_RULES);
    assert.equal(notes.length, noted.size, 'one note per check, whatever the number of settings and servers');
    assert.ok(notes.every((f) => f.severity === 'info' && f.status === 'unknown' && /not collected by this collector version.*update the collection script/.test(f.message) && !f.message.includes('{{')));
  });
}

test('fixture triple-standby: Main is compared with both Standbys, and the B links mirror', { skip }, async () => {
  const r = await auditScenario('triple-standby');
  const pairs = new Set(r.findings.map((f) => f.servers.join(',')));
  assert.ok(pairs.has('main,standby-a') && pairs.has('main,standby-b'));
  const viaB = r.findings.filter((f) => f.ruleId === 'partners-address-mirror' && f.servers.join() === 'main,standby-b');
  assert.deepEqual(viaB.map((f) => `${f.status} ${f.setting.toLowerCase()}`), ['pass main:partners.standbyb.address', 'pass standby-b:partners.standbya.address']);
});

test('fixture triple-standby: the Standby A ↔ Standby B link is compared too, at both ends', { skip }, async () => {
  const r = await auditScenario('triple-standby');
  const ab = r.findings.filter((f) => f.servers.join() === 'standby-a,standby-b');
  assert.deepEqual([...new Set(ab.map((f) => f.ruleId))].sort(), [
    'partners-address-mirror',
    'partners-backup-connection',
    'partners-backup-port',
    'partners-compression',
    'partners-icmp-monitors',
    'partners-link-configured',
    'partners-link-other-values',
    'partners-link-timeouts',
    'partners-port-mirror',
  ]);
  assert.ok(ab.every((f) => f.status === 'pass'));
  const drifted = await auditScenario('drift-triple-b-link');
  const compress = drifted.findings.find((f) => f.ruleId === 'partners-compression' && f.status === 'fail');
  assert.equal(compress?.message, 'compress differs at the two ends of the link: Standby A (Standby B link) has true, Standby B (Standby B link) has false');
});

test('fixture healthy-per-machine: what the catch-all allows is reported at info with its reason, not dropped', { skip }, async () => {
  const r = await auditScenario('healthy-per-machine');
  const allowed = r.findings.filter((f) => f.messageId === 'allowedDiffers' && f.setting.startsWith('reg:'));
  assert.deepEqual(allowed.map((f) => `${f.severity} ${f.status} ${f.setting}`), [
    'info pass reg:InstallTime',
    'info pass reg:Logging\\LogDirectory',
    'info pass reg:MachineGuid',
    'info pass reg:Server\\LastStartTime',
    'info pass reg:Server\\StartCount',
  ]);
  assert.match(allowed[2].message, /identifies the machine/);
});

test('fixture healthy-evidence: alias partner address, %ProgramData% locations, mount point and database size', { skip }, async () => {
  const r = await auditScenario('healthy-evidence');
  const alias = r.findings.find((f) => f.ruleId === 'partners-address-mirror' && f.setting === 'main:partners.standbyA.address');
  assert.equal(alias?.messageId, 'pointsBackViaHosts');
  assert.equal(alias?.message, "Main's Standby A link dials scada-n2-sync, which Main's hosts file maps to 10.20.2.12, an address of Standby A");
  const volumes = r.findings.filter((f) => f.ruleId === 'locations-volume-present').map((f) => `${f.servers.join()} ${f.setting} ${f.data?.volume}`);
  assert.ok(volumes.includes('main locations.configuration C'), '%ProgramData% expanded from environment.json');
  assert.ok(volumes.includes('standby-a locations.historic D:\\ClearSCADA\\Database\\Historic'), 'longest mount-point prefix');
  assert.ok(volumes.includes('main locations.historic D'));
  const capacity = r.findings.find((f) => f.ruleId === 'disk-standby-capacity');
  assert.equal(capacity?.messageId, 'capacityOk');
  assert.equal(capacity?.data?.used, 2147483648 + 8589934592 + 96636764160, "the Main's database folders, not its volumes' used space");
  assert.ok(!r.findings.some((f) => f.messageId === 'notCollected'));
});

test('bundles from the 1.0 collector: one info "not collected" finding per check, naming every server and the file; verdict unchanged at any threshold', { skip }, async () => {
  const r = await auditScenario('triple-standby');
  const old = r.findings.filter((f) => f.messageId === 'notCollected');
  assert.deepEqual(
    old.filter((f) => f.ruleId === 'disk-standby-capacity' || f.ruleId === 'antivirus-exclusions').map((f) => `${f.severity} ${f.status} ${f.ruleId} ${f.setting} [${f.servers.join(',')}]`),
    ['info unknown antivirus-exclusions antivirus.unexcludedFolders, antivirus.unexcludedProcesses [main,standby-a,standby-b]', 'info unknown disk-standby-capacity host.dbSize.* [main,standby-a,standby-b]'],
  );
  const time = old.find((f) => f.ruleId === 'time-type');
  assert.equal(time?.message, 'The check of time.type needs w32tm-configuration.txt: not collected by this collector version on Main, Standby A and Standby B (an earlier collection script, which could not write it); update the collection script (collectors/) and collect again');
  assert.deepEqual(time?.sources, { main: { file: 'bundle.json' }, 'standby-a': { file: 'bundle.json' }, 'standby-b': { file: 'bundle.json' } }, 'the manifest that names the collector version');
  assert.equal(r.verdict, 'in-parity');
  assert.equal(summarise(r.findings, 'info').verdict, 'in-parity', 'a note never makes the verdict incomplete, even at --fail-on info');
});

test('fixture permanent-standby: longer retention and no poll interval on the permanent standby are accepted', { skip }, async () => {
  const r = await auditScenario('permanent-standby');
  const retention = r.findings.filter((f) => f.ruleId === 'historic-retention' && f.servers.includes('permanent-a'));
  assert.ok(retention.length > 0 && retention.every((f) => f.status === 'pass'));
  assert.ok(!r.findings.some((f) => f.ruleId === 'global-driver-parameters' && f.servers.includes('permanent-a')), 'skipped for permanent standbys');
  assert.ok(r.findings.some((f) => f.ruleId === 'partners-type-match' && f.messageId === 'allowed' && f.servers.join() === 'permanent-a'));
});

test('fixtures through check: fresh healthy pair is GO; the same pair a day later is NO-GO for stale evidence', { skip }, async () => {
  const fresh = await auditScenario('healthy', 'check', new Date('2026-11-20T08:20:00Z'));
  assert.equal(fresh.go, true);
  const stale = await auditScenario('healthy', 'check', new Date('2026-11-21T08:20:00Z'));
  assert.equal(stale.go, false);
  assert.deepEqual([...new Set(stale.findings.filter((f) => f.status === 'unknown' && f.severity === 'blocker').map((f) => f.ruleId))], ['snapshot-age']);
  const drift = await auditScenario('drift-webx-port', 'check', new Date('2026-11-20T08:20:00Z'));
  assert.equal(drift.go, true, 'a warning does not stop a changeover');
  const blocker = await auditScenario('drift-db-port', 'check', new Date('2026-11-20T08:20:00Z'));
  assert.equal(blocker.go, false);
});

test('fixture audits are byte-identical across runs', { skip }, async () => {
  const a = stringify(await auditScenario('drift-db-port'));
  const b = stringify(await auditScenario('drift-db-port'));
  assert.equal(a, b);
});

test('evidence drifts: the failing finding names its file and line, shows the value(s), and its remediation gives the fixing command', { skip }, async () => {
  // The file each server's value is shown from: one for both, or per role where the drift is in another file.
  const want: Record<string, [string | Record<string, string>, RegExp]> = {
    'drift-time-source': ['w32tm-status.txt', /w32tm \/config /],
    'drift-time-type': ['w32tm-configuration.txt', /w32tm \/config /],
    'drift-firewall-db-port': ['firewall.txt', /netsh advfirewall firewall add rule name="Geo SCADA Server" dir=in action=allow protocol=TCP/],
    'drift-firewall-profile-off': [{ main: 'firewall.txt', 'standby-a': 'firewall-profiles.txt' }, /netsh advfirewall set publicprofile state on/],
    'drift-service-manual': ['services.json', /sc config "<service name from services.json>" start= auto/],
    'drift-antivirus-exclusion': ['defender.json', /Add-MpPreference -ExclusionPath/],
    'drift-clients-port': ['Systems.xml', /Client Configuration/],
    'drift-installed-version': ['uninstall.reg', /Install the same Geo SCADA version/],
    'drift-driver-executable': ['files.json', /Repair or reinstall the driver/],
  };
  for (const [name, [file, fix]] of Object.entries(want)) {
    const f = (await auditScenario(name)).findings.find((x) => x.status === 'fail');
    assert.ok(f !== undefined, name);
    assert.match(f.remediation, fix, name);
    for (const role of f.servers) {
      assert.equal(f.sources[role]?.file, typeof file === 'string' ? file : file[role], `${name}: ${role}'s source`);
      // A firewall listing with no rule that lets the port in has no line to point at: the file is named.
      const empty = Array.isArray(f.values[role]) && (f.values[role] as unknown[]).length === 0;
      if (!empty) assert.ok(typeof f.sources[role]?.line === 'number', `${name}: ${role}'s line`);
      assert.notEqual(f.values[role], undefined, `${name}: ${role}'s value`);
    }
  }
  const timeType = (await auditScenario('drift-time-type')).findings.find((x) => x.ruleId === 'time-type');
  assert.deepEqual(timeType?.values, { main: 'NT5DS', 'standby-a': 'NTP' });
});
