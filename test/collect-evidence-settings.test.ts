// Time, service, firewall and anti-virus evidence: the tools' own output (English, German, UTF-16LE, errors)
// read into settings with their file and line, and what cannot be told read as a warning (unknown).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectServer } from '../src/collect/index.js';
import { parseW32tmConfiguration, parseW32tmStatus } from '../src/collect/evidence/w32tm.js';
import { parseServicesJson, pickServerService } from '../src/collect/evidence/services.js';
import { allowedProfiles, parseFirewallProfiles, parseFirewallRules } from '../src/collect/evidence/firewall.js';
import { parseDefenderJson } from '../src/collect/evidence/defender.js';
import { InputError } from '../src/errors.js';
import { NETSH_RULES_DE, SCADA_RULES, W32TM_NOT_RUNNING, W32TM_STATUS_CMOS, W32TM_STATUS_DE, W32TM_STATUS_DOMAIN, W32TM_STATUS_VERBOSE, netshProfiles, netshRules, w32tmConfiguration } from '../fixtures/evidence-samples.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'pairs');
const utf16bom = (s: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);

const STATUS: [string, string, RegExp | { source: string; sourceLine: number; leapIndicator?: number; phaseOffsetSeconds?: number }][] = [
  ['domain member', W32TM_STATUS_DOMAIN, { source: 'dc01.ops.example.net', sourceLine: 8, leapIndicator: 0 }],
  ['local CMOS clock', W32TM_STATUS_CMOS, { source: 'Local CMOS Clock', sourceLine: 8, leapIndicator: 3 }],
  ['verbose, with phase offset', W32TM_STATUS_VERBOSE, { source: 'ntp1.example.net,0x9', sourceLine: 8, leapIndicator: 0, phaseOffsetSeconds: 0.0012183 }],
  ['service not running', W32TM_NOT_RUNNING, { source: '(Windows Time service not running)', sourceLine: 1 }],
  ['German labels', W32TM_STATUS_DE, /not English output of `w32tm \/query \/status` \(first label "sprungindikator"\)/],
  ['another error', 'The following error occurred: Access is denied. (0x80070005)\r\n', /w32tm could not report the status: "The following error occurred: Access is denied/],
  ['empty', '', /no `Label: value` lines/],
];

for (const [name, text, want] of STATUS) {
  test(`w32tm /query /status: ${name}`, () => {
    const r = parseW32tmStatus(text);
    if (want instanceof RegExp) assert.ok('unknown' in r && want.test(r.unknown), JSON.stringify(r));
    else {
      assert.ok('value' in r, JSON.stringify(r));
      const { phaseOffsetLine: _l, ...v } = r.value;
      assert.deepEqual(v, want);
    }
  });
}

test('w32tm /query /configuration: the NtpClient Type and NtpServer peers (flags and origin dropped)', () => {
  assert.deepEqual(parseW32tmConfiguration(w32tmConfiguration('NT5DS')), { value: { type: 'NT5DS', typeLine: 36, ntpServers: ['time.windows.com'], ntpServerLine: 37 } });
  assert.deepEqual(parseW32tmConfiguration(w32tmConfiguration('NTP', 'ntp1.example.net,0x9 NTP2.example.net,0x9')), { value: { type: 'NTP', typeLine: 36, ntpServers: ['ntp1.example.net', 'ntp2.example.net'], ntpServerLine: 37 } });
  const r = parseW32tmConfiguration(W32TM_NOT_RUNNING);
  assert.ok('unknown' in r && /could not report the configuration/.test(r.unknown));
});

test('netsh rules: blocks, ICMP type rows, disabled rules, program-bound rules; German output is unknown', () => {
  const r = parseFirewallRules(netshRules(SCADA_RULES));
  assert.ok('value' in r);
  assert.deepEqual(r.value.map((x) => [x.name, x.enabled, x.protocol, x.localPort, x.icmpTypes.join(' '), x.profiles.join(',')]), [
    ['Core Networking - Dynamic Host Configuration Protocol (DHCP-In)', true, 'UDP', '68', '', 'Domain,Private,Public'],
    ['File and Printer Sharing (Echo Request - ICMPv4-In)', true, 'ICMPv4', '', '8', 'Domain'],
    ['Geo SCADA Server', true, 'TCP', '5481', '', 'Domain,Private'],
    ['Geo SCADA client advise', true, 'TCP', '5500-5509', '', 'Domain,Private'],
    ['Remote Desktop - User Mode (TCP-In)', false, 'TCP', '3389', '', 'Domain,Private,Public'],
  ]);
  assert.equal(r.value[2].line, 37);
  const de = parseFirewallRules(NETSH_RULES_DE);
  assert.ok('unknown' in de && /not English output .*first label "Regelname"/.test(de.unknown), JSON.stringify(de));
  assert.deepEqual(parseFirewallRules('\r\nNo rules match the specified criteria.\r\n\r\n'), { value: [] });
});

const PROFILES_ON = (() => {
  const p = parseFirewallProfiles(netshProfiles());
  assert.ok('value' in p);
  return p.value;
})();
const RULES = (() => {
  const r = parseFirewallRules(netshRules(SCADA_RULES));
  assert.ok('value' in r);
  return r.value;
})();

const FIREWALL: [string, Parameters<typeof allowedProfiles>[2], string[], ReturnType<typeof parseFirewallRules> | undefined, Parameters<typeof netshProfiles> | undefined][] = [
  ['the database port in the profiles of its rule', { tcpPort: 5481 }, ['Domain', 'Private'], undefined, undefined],
  ['another database port is closed', { tcpPort: 5482 }, [], undefined, undefined],
  ['an advise port inside the range', { tcpPort: 5507 }, ['Domain', 'Private'], undefined, undefined],
  ['ICMP echo (type 8) in the Domain profile', { icmpEcho: true }, ['Domain'], undefined, undefined],
  ['a profile that is off lets everything in', { tcpPort: 5482 }, ['Public'], undefined, [{ public: 'OFF' }]],
  ['"Block all connections" (BlockInboundAlways) lets nothing in, whatever the rules allow', { tcpPort: 5481 }, ['Private'], undefined, [{}, { domain: 'BlockInboundAlways' }]],
  ['BlockInboundAlways in every profile: the database port is closed', { tcpPort: 5481 }, [], undefined, [{}, { domain: 'BlockInboundAlways', private: 'BlockInboundAlways', public: 'BlockInboundAlways' }]],
  ['BlockInboundAlways in every profile: ICMP echo is dropped', { icmpEcho: true }, [], undefined, [{}, { domain: 'BlockInboundAlways', private: 'BlockInboundAlways', public: 'BlockInboundAlways' }]],
  ['a profile that is off lets everything in, whatever its policy', { tcpPort: 5482 }, ['Public'], undefined, [{ public: 'OFF' }, { public: 'BlockInboundAlways' }]],
  ['AllowInbound lets in what no rule blocks', { tcpPort: 5482 }, ['Public'], undefined, [{}, { public: 'AllowInbound' }]],
  ['a block rule wins over an allow rule', { tcpPort: 5481 }, ['Private'], parseFirewallRules(netshRules([...SCADA_RULES, { name: 'Block SCADA on domain', profiles: 'Domain', protocol: 'TCP', localPort: '5481', action: 'Block' }])), undefined],
  ['a rule bound to another program does not open the port for DBServer.exe', { tcpPort: 5481 }, [], parseFirewallRules(netshRules([{ name: 'ViewX', protocol: 'TCP', localPort: '5481', program: 'C:\\Program Files\\Schneider Electric\\ClearSCADA\\ViewX.exe' }])), undefined],
  ['a disabled rule opens nothing', { tcpPort: 3389 }, [], undefined, undefined],
];

for (const [name, what, want, rules, states] of FIREWALL) {
  test(`firewall: ${name}`, () => {
    const list = rules === undefined ? RULES : 'value' in rules ? rules.value : assert.fail('rules');
    const profiles = states === undefined ? PROFILES_ON : (() => {
      const p = parseFirewallProfiles(netshProfiles(...states));
      return 'value' in p ? p.value : assert.fail('profiles');
    })();
    assert.deepEqual(allowedProfiles(list, profiles, what).profiles, want);
  });
}

test('services.json: the service running DBServer.exe; several are told apart by the instance name or are unknown', () => {
  const two = '[{"Name":"ClearSCADAServer","DisplayName":"Geo SCADA Server","PathName":"\\"C:\\\\Program Files\\\\Schneider Electric\\\\ClearSCADA\\\\DBServer.exe\\"","StartMode":"Auto","State":"Running","StartName":"LocalSystem"},{"Name":"ClearSCADAServer$Site2","DisplayName":"Geo SCADA Server (Site2)","PathName":"\\"C:\\\\Program Files\\\\Schneider Electric\\\\ClearSCADA\\\\DBServer.exe\\" -instance Site2","StartMode":"Manual","State":"Stopped","StartName":"LocalSystem"}]';
  const list = parseServicesJson(two, 'services.json');
  assert.equal(list.length, 2);
  const site2 = pickServerService(list, 'Site2');
  assert.ok('value' in site2 && site2.value.startMode === 'Manual');
  const none = pickServerService(list, undefined);
  assert.ok('unknown' in none && /2 services run DBServer\.exe/.test(none.unknown));
  assert.throws(() => parseServicesJson('[{"DisplayName":"x"}]', 'services.json'), (e: unknown) => e instanceof InputError && /entry 1 has no "Name"/.test(e.message));
});

test('defender.json: exclusions; the administrator placeholder and an error are unknown', () => {
  const ok = parseDefenderJson('{"ExclusionPath":["C:\\\\ProgramData\\\\Schneider Electric"],"ExclusionProcess":"DBServer.exe","ExclusionExtension":null}', 'defender.json');
  assert.deepEqual(ok, { value: { paths: ['C:\\ProgramData\\Schneider Electric'], processes: ['DBServer.exe'], extensions: [], line: 1 } });
  const placeholder = parseDefenderJson('{"ExclusionPath":["{N/A: Must be an administrator to view exclusions}"],"ExclusionProcess":["{N/A: Must be an administrator to view exclusions}"],"ExclusionExtension":null}', 'defender.json');
  assert.ok('unknown' in placeholder && /elevated prompt/.test(placeholder.unknown));
  const error = parseDefenderJson('{"Error":"Get-MpPreference: The term \'Get-MpPreference\' is not recognized"}', 'defender.json');
  assert.ok('unknown' in error && /could not be read/.test(error.unknown));
});

test('a bundle with the evidence: time, service, firewall (with the export\'s db.port) and anti-virus settings, each with file and line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-evidence-'));
  copyFileSync(join(FIXTURES, 'healthy', 'main', 'ClearSCADA.reg'), join(dir, 'ClearSCADA.reg'));
  writeFileSync(join(dir, 'w32tm-status.txt'), utf16bom(W32TM_STATUS_CMOS));
  writeFileSync(join(dir, 'w32tm-configuration.txt'), utf16bom(w32tmConfiguration('NTP', 'ntp1.example.net,0x9')));
  writeFileSync(join(dir, 'firewall.txt'), utf16bom(netshRules(SCADA_RULES)));
  writeFileSync(join(dir, 'firewall-profiles.txt'), utf16bom(netshProfiles()));
  writeFileSync(join(dir, 'services.json'), '\uFEFF[\r\n    {\r\n        "Name":  "ClearSCADAServer",\r\n        "DisplayName":  "Geo SCADA Server",\r\n        "PathName":  "\\"C:\\\\Program Files\\\\Schneider Electric\\\\ClearSCADA\\\\DBServer.exe\\"",\r\n        "StartMode":  "Manual",\r\n        "State":  "Running",\r\n        "StartName":  "LocalSystem"\r\n    }\r\n]\r\n');
  writeFileSync(join(dir, 'defender.json'), '{\r\n    "ExclusionPath":  [\r\n                          "C:\\\\ProgramData\\\\Schneider Electric\\\\ClearSCADA"\r\n                      ],\r\n    "ExclusionProcess":  null,\r\n    "ExclusionExtension":  null\r\n}\r\n');
  writeFileSync(join(dir, 'environment.json'), '{"ProgramData": "C:\\\\ProgramData"}');
  const s = await collectServer(dir, { toolVersion: 't' });
  const pick = (n: string): unknown => s.settings[n];
  assert.deepEqual(pick('time.source'), { source: { file: 'w32tm-status.txt', line: 8 }, value: 'Local CMOS Clock' });
  assert.deepEqual(pick('time.type'), { source: { file: 'w32tm-configuration.txt', line: 36 }, value: 'NTP' });
  assert.deepEqual(pick('time.ntpServers'), { source: { file: 'w32tm-configuration.txt', line: 37 }, value: ['ntp1.example.net'] });
  assert.deepEqual(pick('service.startMode'), { source: { file: 'services.json', line: 3 }, value: 'Manual' });
  assert.deepEqual(pick('service.account'), { source: { file: 'services.json', line: 3 }, value: 'LocalSystem' });
  assert.equal(s.settings['db.port'].value, 5481);
  assert.deepEqual(pick('firewall.dbPort'), { source: { file: 'firewall.txt', line: 37 }, value: ['Domain', 'Private'] });
  assert.deepEqual((pick('firewall.advisePorts') as { value: unknown }).value, ['Domain', 'Private']);
  assert.deepEqual((pick('firewall.icmpEcho') as { value: unknown }).value, ['Domain']);
  const folders = (pick('antivirus.unexcludedFolders') as { value: string[] }).value;
  assert.ok(!folders.some((f) => /^C:\\ProgramData\\Schneider Electric\\ClearSCADA/i.test(f)), `folders under the excluded path are excluded: ${folders.join('; ')}`);
  assert.deepEqual((pick('antivirus.unexcludedProcesses') as { value: unknown }).value, ['DBServer.exe']);
  assert.ok(s.collected.sources.some((x) => x.file === 'firewall.txt' && x.kind === 'other'));
});

test('a bundle whose w32tm and netsh output is German: no time or firewall settings, one warning each naming the file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-evidence-'));
  copyFileSync(join(FIXTURES, 'healthy', 'main', 'ClearSCADA.reg'), join(dir, 'ClearSCADA.reg'));
  writeFileSync(join(dir, 'w32tm-status.txt'), utf16bom(W32TM_STATUS_DE));
  writeFileSync(join(dir, 'firewall.txt'), utf16bom(NETSH_RULES_DE));
  writeFileSync(join(dir, 'firewall-profiles.txt'), utf16bom(netshProfiles()));
  const s = await collectServer(dir, { toolVersion: 't' });
  assert.ok(!Object.keys(s.settings).some((k) => /^(time|firewall)\./.test(k)));
  assert.deepEqual(s.warnings?.map((w) => w.file), ['w32tm-status.txt', 'firewall.txt']);
  assert.ok(s.warnings?.every((w) => /not English output/.test(w.message)));
});
