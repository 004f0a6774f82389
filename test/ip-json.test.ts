// ip-addresses.json (Get-NetIPAddress, AddressState by name) and host-names.json: the same addresses and states as
// English ipconfig give the same host.names and the same verdict, in any language of the ipconfig text beside them.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectServer } from '../src/collect/index.js';
import { parseHostNamesJson, parseIpAddressesJson } from '../src/collect/evidence/ip-json.js';
import { notCollected, writtenSince } from '../src/collect/evidence/collected.js';
import { isBundleFileName } from '../src/collect/input.js';
import { runCli } from './cli-harness.js';
import { collectorScripts, latestCollectorVersion, psJson, scriptVersions, utf16bom, utf8bom } from './collector-scripts.js';

const PAIRS = join(import.meta.dirname, '..', 'fixtures', 'pairs');
const work = mkdtempSync(join(tmpdir(), 'pairaudit-ipjson-'));
after(() => rmSync(work, { recursive: true, force: true }));


type State = 'Preferred' | 'Deprecated' | 'Duplicate' | 'Tentative' | 'Invalid';
interface AddressSpec {
  address: string;
  adapter: 'Plant LAN' | 'Sync LAN';
  state: State;
}
/** The healthy Main's addresses (fixtures/pairs/healthy-evidence/main/ipconfig.txt), each in the given state. */
const mainAddresses = (states: Partial<Record<string, State>> = {}): AddressSpec[] => [
  { address: 'fe80::250:56ff:fea1:2b0b', adapter: 'Plant LAN', state: states['fe80::250:56ff:fea1:2b0b'] ?? 'Preferred' },
  { address: '10.20.1.11', adapter: 'Plant LAN', state: states['10.20.1.11'] ?? 'Preferred' },
  { address: '10.20.2.11', adapter: 'Sync LAN', state: states['10.20.2.11'] ?? 'Preferred' },
];

/** The words ipconfig prints after an address, and its labels, in English and German (of the German state words only Bevorzugt is known). */
const LANGUAGES = {
  en: { title: 'Windows IP Configuration', host: 'Host Name . . . . . . . . . . . . ', suffix: 'Primary Dns Suffix  . . . . . . . ', search: 'DNS Suffix Search List. . . . . . ', adapter: (a: string) => `Ethernet adapter ${a}:`, ipv4: 'IPv4 Address. . . . . . . . . . . ', ipv6: 'Link-local IPv6 Address . . . . . ', states: { Preferred: 'Preferred', Deprecated: 'Deprecated', Duplicate: 'Duplicate', Tentative: 'Tentative', Invalid: 'Invalid' } },
  de: { title: 'Windows-IP-Konfiguration', host: 'Hostname  . . . . . . . . . . . . ', suffix: 'Primäres DNS-Suffix . . . . . . . ', search: 'DNS-Suffixsuchliste . . . . . . . ', adapter: (a: string) => `Ethernet-Adapter ${a}:`, ipv4: 'IPv4-Adresse  . . . . . . . . . . ', ipv6: 'Verbindungslokale IPv6-Adresse  . ', states: { Preferred: 'Bevorzugt', Deprecated: 'Veraltet', Duplicate: 'Doppelt', Tentative: 'Vorläufig', Invalid: 'Ungültig' } },
  pl: { title: 'Konfiguracja IP systemu Windows', host: 'Nazwa hosta . . . . . . . . . . . ', suffix: 'Podstawowy sufiks DNS . . . . . . ', search: 'Lista wyszukiwania sufiksów DNS . ', adapter: (a: string) => `Karta Ethernet ${a}:`, ipv4: 'Adres IPv4. . . . . . . . . . . . ', ipv6: 'Adres IPv6 połączenia lokalnego . ', states: { Preferred: 'Preferowane', Deprecated: 'Przestarzałe', Duplicate: 'Zduplikowane', Tentative: 'Wstępne', Invalid: 'Nieprawidłowe' } },
} as const;

/** `ipconfig /all` of SCADA-N1 (ops.example.net) with these addresses, as Windows prints it in `language`. */
function ipconfig(addresses: AddressSpec[], language: keyof typeof LANGUAGES = 'en'): string {
  const l = LANGUAGES[language];
  const lines = ['', l.title, '', `   ${l.host}: SCADA-N1`, `   ${l.suffix}: ops.example.net`, `   ${l.search}: ops.example.net`];
  for (const adapter of ['Plant LAN', 'Sync LAN']) {
    lines.push('', l.adapter(adapter), '');
    for (const a of addresses.filter((x) => x.adapter === adapter)) {
      const v6 = a.address.includes(':');
      lines.push(`   ${v6 ? l.ipv6 : l.ipv4}: ${a.address}${v6 ? '%12' : ''}(${l.states[a.state]}) `);
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Get-NetIPAddress as the collectors write it: loopback addresses too (ipconfig leaves them out), enums as names. */
function ipAddressesJson(addresses: AddressSpec[], override: Record<string, unknown> = {}): string {
  const row = (a: AddressSpec): Record<string, unknown> => {
    const v6 = a.address.includes(':');
    const index = a.adapter === 'Plant LAN' ? 12 : 14;
    return { IPAddress: v6 ? `${a.address}%${index}` : a.address, InterfaceAlias: a.adapter, InterfaceIndex: index, AddressFamily: v6 ? 'IPv6' : 'IPv4', AddressState: a.state, PrefixOrigin: v6 ? 'WellKnown' : 'Manual', SuffixOrigin: v6 ? 'Link' : 'Manual', SkipAsSource: false };
  };
  const loopback = [
    { IPAddress: '::1', InterfaceAlias: 'Loopback Pseudo-Interface 1', InterfaceIndex: 1, AddressFamily: 'IPv6', AddressState: 'Preferred', PrefixOrigin: 'WellKnown', SuffixOrigin: 'WellKnown', SkipAsSource: false },
    { IPAddress: '127.0.0.1', InterfaceAlias: 'Loopback Pseudo-Interface 1', InterfaceIndex: 1, AddressFamily: 'IPv4', AddressState: 'Preferred', PrefixOrigin: 'WellKnown', SuffixOrigin: 'WellKnown', SkipAsSource: false },
  ];
  return psJson([...addresses.map((a) => ({ ...row(a), ...override })), ...loopback]);
}
const HOST_NAMES = { HostName: 'SCADA-N1', PrimaryDnsSuffix: 'ops.example.net', ConnectionSpecificSuffixes: [], SuffixSearchList: ['ops.example.net'] };
const hostNamesJson = (v: Record<string, unknown> = HOST_NAMES): string => psJson(v);

let n = 0;
/** A bundle of the healthy Main's export and these host files (hostname.txt removed, so the names come from them). */
function bundle(files: Record<string, string | Buffer>): string {
  const dir = join(work, `b${n++}`);
  cpSync(join(PAIRS, 'healthy', 'main'), dir, { recursive: true });
  rmSync(join(dir, 'ipconfig.txt'));
  rmSync(join(dir, 'hostname.txt'));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  return dir;
}

async function hostOf(files: Record<string, string | Buffer>): Promise<{ names: unknown; hostname: unknown; source: unknown; warnings: string[] }> {
  const s = await collectServer(bundle(files), { toolVersion: 't' });
  return {
    names: s.settings['host.names']?.value,
    hostname: s.settings['host.hostname']?.value,
    source: s.settings['host.names']?.source.file,
    warnings: (s.warnings ?? []).map((w) => `${w.file}: ${w.message}`),
  };
}
const NAMES = ['scada-n1', 'scada-n1.ops.example.net'];
/** host.names as the snapshot writes them: lower case, sorted. */
const namesWith = (addresses: string[]): string[] => [...NAMES, ...addresses].sort();

const SAME: { name: string; states?: Partial<Record<string, State>>; want: string[]; excluded: string[] }[] = [
  { name: 'every address Preferred', want: ['fe80::250:56ff:fea1:2b0b', '10.20.1.11', '10.20.2.11'], excluded: [] },
  { name: 'the plant address Duplicate (another machine holds it)', states: { '10.20.1.11': 'Duplicate' }, want: ['fe80::250:56ff:fea1:2b0b', '10.20.2.11'], excluded: ['10.20.1.11'] },
  { name: 'a Tentative link-local and a Deprecated sync address', states: { 'fe80::250:56ff:fea1:2b0b': 'Tentative', '10.20.2.11': 'Deprecated' }, want: ['10.20.1.11', '10.20.2.11'], excluded: ['fe80::250:56ff:fea1:2b0b'] },
  { name: 'an Invalid sync address', states: { '10.20.2.11': 'Invalid' }, want: ['fe80::250:56ff:fea1:2b0b', '10.20.1.11'], excluded: ['10.20.2.11'] },
];
/** The address each warning names, in order. */
const named = (warnings: string[]): string[] => warnings.map((w) => /(fe80::[\da-f:]+|\d+\.\d+\.\d+\.\d+)/.exec(w)?.[1] ?? w);

for (const c of SAME) {
  test(`ip-addresses.json gives what English ipconfig gives: ${c.name}`, async () => {
    const addresses = mainAddresses(c.states);
    const text = await hostOf({ 'ipconfig.txt': utf16bom(ipconfig(addresses)) });
    const json = await hostOf({ 'ip-addresses.json': utf8bom(ipAddressesJson(addresses)), 'host-names.json': utf8bom(hostNamesJson()) });
    assert.deepEqual(text.names, namesWith(c.want));
    assert.deepEqual(json.names, text.names);
    assert.deepEqual([json.hostname, json.source], ['SCADA-N1', 'ip-addresses.json']);
    assert.deepEqual(named(text.warnings), c.excluded);
    assert.deepEqual(named(json.warnings), c.excluded, json.warnings.join('\n'));
    for (const w of json.warnings) assert.match(w, /^ip-addresses\.json: Get-NetIPAddress gives \S+ \((Plant|Sync) LAN\) the state (Duplicate|Tentative|Invalid): Windows does not use it/);
    // German or Polish ipconfig beside the JSON files: the JSON is read, the text's language no longer matters.
    for (const language of ['de', 'pl'] as const) {
      const beside = await hostOf({ 'ipconfig.txt': utf16bom(ipconfig(addresses, language)), 'ip-addresses.json': utf16bom(ipAddressesJson(addresses)), 'host-names.json': utf16bom(hostNamesJson()) });
      assert.deepEqual({ ...beside, source: json.source }, json, language);
    }
    // ip-addresses.json without host-names.json: the names from German ipconfig, whose labels are read.
    const deNames = await hostOf({ 'ipconfig.txt': utf16bom(ipconfig(addresses, 'de')), 'ip-addresses.json': utf8bom(ipAddressesJson(addresses)) });
    assert.deepEqual(deNames, json);
  });
}

test('German ipconfig alone: a state word other than Bevorzugt is not known, so the address is not counted as the server\'s, with a warning naming it', async () => {
  const de = await hostOf({ 'ipconfig.txt': utf16bom(ipconfig(mainAddresses({ '10.20.1.11': 'Duplicate' }), 'de')) });
  assert.deepEqual(de.names, namesWith(['fe80::250:56ff:fea1:2b0b', '10.20.2.11']));
  assert.equal(de.warnings.length, 1);
  assert.match(de.warnings[0], /^ipconfig\.txt: ipconfig gives 10\.20\.1\.11 the state "Doppelt", a word pairaudit does not know/);
});

test('Polish ipconfig beside ip-addresses.json only: the addresses are known, the warning says the DNS suffixes are not and names host-names.json', async () => {
  const r = await hostOf({ 'ipconfig.txt': utf16bom(ipconfig(mainAddresses(), 'pl')), 'ip-addresses.json': utf8bom(ipAddressesJson(mainAddresses())) });
  assert.deepEqual(r.names, ['10.20.1.11', '10.20.2.11', 'fe80::250:56ff:fea1:2b0b']);
  assert.equal(r.warnings.length, 1);
  assert.match(r.warnings[0], /^ipconfig\.txt: labels in a language pairaudit does not read \(first label "Nazwa hosta"\): this server's DNS suffixes are unknown \(its addresses are read from ip-addresses\.json\).*from version 2\.3 also write host-names\.json/);
  const alone = await hostOf({ 'ipconfig.txt': utf16bom(ipconfig(mainAddresses(), 'pl')) });
  assert.match(alone.warnings[0], /this server's addresses are unknown.*from version 2\.3 also write ip-addresses\.json and host-names\.json, which are read in any language/);
});

// Values as the collectors may write them, one address each.
const VALUES: { name: string; row: Record<string, unknown>; want: string[]; warning?: RegExp }[] = [
  { name: 'Deprecated counts', row: { AddressState: 'Deprecated' }, want: ['10.20.1.11'] },
  { name: 'a state in other case', row: { AddressState: 'preferred' }, want: ['10.20.1.11'] },
  { name: 'the zone of a link-local address dropped', row: { IPAddress: 'fe80::1%12' }, want: ['fe80::1'] },
  { name: 'AddressState as a number: not trusted', row: { AddressState: 4 }, want: [], warning: /^10\.20\.1\.11 \(Plant LAN\): "AddressState" is written as the number 4, not as its name;.*not counted as this server's/ },
  { name: 'AddressState missing: not trusted', row: { AddressState: null }, want: [], warning: /^10\.20\.1\.11 \(Plant LAN\): "AddressState" is null, not one of Preferred, Deprecated, Duplicate, Tentative, Invalid/ },
  { name: 'a localised state: not trusted', row: { AddressState: 'Bevorzugt' }, want: [], warning: /"AddressState" is "Bevorzugt", not one of/ },
  { name: 'an IPAddress that is no address', row: { IPAddress: 'scada-n1' }, want: [], warning: /^"IPAddress" "scada-n1" is not an IPv4 or IPv6 address/ },
  { name: 'loopback left out, as ipconfig does', row: { IPAddress: '127.0.0.2' }, want: [] },
];
const ROW = { IPAddress: '10.20.1.11', InterfaceAlias: 'Plant LAN', InterfaceIndex: 12, AddressFamily: 'IPv4', AddressState: 'Preferred', PrefixOrigin: 'Manual', SuffixOrigin: 'Manual', SkipAsSource: false };

for (const c of VALUES) {
  test(`ip-addresses.json values: ${c.name}`, () => {
    const r = parseIpAddressesJson(psJson([{ ...ROW, ...c.row }, { ...ROW, IPAddress: '10.20.2.11', InterfaceAlias: 'Sync LAN' }]), 'ip-addresses.json');
    assert.deepEqual(r.addresses.map((a) => a.address), [...c.want, '10.20.2.11']);
    assert.equal(r.warnings.length, c.warning === undefined ? 0 : 1, JSON.stringify(r.warnings));
    if (c.warning !== undefined) assert.match(r.warnings[0].message, c.warning);
  });
}

test('ip-addresses.json: each address\'s line is its "IPAddress" line, a warning\'s its "AddressState" line; one object reads as a list of one', () => {
  const text = ipAddressesJson(mainAddresses({ '10.20.1.11': 'Duplicate' }));
  const lines = text.split('\r\n');
  const lineOf = (s: string): number => lines.findIndex((l) => l.includes(s)) + 1;
  const r = parseIpAddressesJson(text, 'ip-addresses.json');
  assert.deepEqual(r.addresses, [
    { address: 'fe80::250:56ff:fea1:2b0b', line: lineOf('"IPAddress":  "fe80::250:56ff:fea1:2b0b%12"') },
    { address: '10.20.2.11', line: lineOf('"IPAddress":  "10.20.2.11"') },
  ]);
  assert.equal(r.warnings[0].line, lineOf('"AddressState":  "Duplicate"'));
  assert.deepEqual(parseIpAddressesJson(psJson(ROW), 'ip-addresses.json'), { addresses: [{ address: '10.20.1.11', line: 2 }], warnings: [] });
  assert.deepEqual(parseIpAddressesJson('[]', 'ip-addresses.json'), { addresses: [], warnings: [] });
});

test('host-names.json: a list of one written as the string, null and blank suffixes, suffixes once each in lower case', () => {
  const r = parseHostNamesJson(psJson({ HostName: 'SCADA-N1', PrimaryDnsSuffix: null, ConnectionSpecificSuffixes: 'Plant.Example.NET', SuffixSearchList: ['plant.example.net', '', 'ops.example.net'] }), 'host-names.json');
  assert.deepEqual(r, { hostName: 'SCADA-N1', hostNameLine: 2, dnsSuffixes: ['plant.example.net', 'ops.example.net'] });
});

const MALFORMED: { name: string; file: string; body: string | Buffer; message: RegExp }[] = [
  { name: 'ip-addresses.json cut short', file: 'ip-addresses.json', body: utf16bom('[\r\n    {\r\n        "IPAddress":  "10.20.1.11",\r\n'), message: /[\\/]ip-addresses\.json: line 3: not valid JSON \(.*expected ip-addresses\.json as collectors\/Collect-PairAudit\.ps1 writes it \(Get-NetIPAddress/ },
  { name: 'an entry without IPAddress', file: 'ip-addresses.json', body: utf8bom(psJson([{ AddressState: 'Preferred' }])), message: /[\\/]ip-addresses\.json: entry 1 has no "IPAddress" string; expected ip-addresses\.json/ },
  { name: 'host-names.json that is a list', file: 'host-names.json', body: utf8bom(psJson([HOST_NAMES])), message: /[\\/]host-names\.json: is not one object; expected host-names\.json/ },
  { name: 'host-names.json cut short', file: 'host-names.json', body: '{ "HostName": ', message: /[\\/]host-names\.json: line 1: not valid JSON/ },
];

for (const c of MALFORMED) {
  test(`${c.name}: exit 2, one line naming the bundle folder and the file`, async () => {
    const dir = bundle({ 'ipconfig.txt': utf16bom(ipconfig(mainAddresses())), [c.file]: c.body });
    const r = await runCli(['collect', dir], { cwd: work, now: '2026-11-20T09:20:00Z', env: { PAIRAUDIT_SECRET_KEY: 'k' } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^pairaudit: /);
    assert.match(r.stderr, c.message);
    assert.equal(r.stderr.indexOf('\n'), r.stderr.length - 1, r.stderr);
  });
}

// Bundle pairs through the command line: the Standby's Standby A link dials 10.20.1.11, which the Main holds in this state.
async function checkPair(state: State, write: (addresses: AddressSpec[]) => Record<string, string | Buffer>): Promise<{ code: number; go: boolean | undefined; findings: string[]; stderr: string }> {
  const root = join(work, `pair${n++}`);
  for (const role of ['main', 'standby-a']) cpSync(join(PAIRS, 'healthy-evidence', role), join(root, role), { recursive: true });
  rmSync(join(root, 'main', 'ipconfig.txt'));
  for (const [name, body] of Object.entries(write(mainAddresses({ '10.20.1.11': state })))) writeFileSync(join(root, 'main', name), body);
  // The healthy-evidence bundles were collected at 08:15 and 08:17 UTC: checked five minutes later, within the age limit.
  const r = await runCli(['check', join(root, 'main'), join(root, 'standby-a'), '-f', 'json'], { cwd: root, now: '2026-11-20T08:22:00Z', env: { PAIRAUDIT_SECRET_KEY: 'k' } });
  const out = JSON.parse(r.stdout) as { go?: boolean; findings: { ruleId: string; status: string; setting: string; servers: string[] }[] };
  return { code: r.code, go: out.go, findings: out.findings.filter((f) => f.status !== 'pass' && f.status !== 'info').map((f) => `${f.status} ${f.ruleId} ${f.setting} [${f.servers.join()}]`), stderr: r.stderr };
}

const SOURCES: { name: string; write: (a: AddressSpec[]) => Record<string, string | Buffer> }[] = [
  { name: 'English ipconfig', write: (a) => ({ 'ipconfig.txt': utf16bom(ipconfig(a)) }) },
  { name: 'ip-addresses.json and host-names.json (German ipconfig beside them)', write: (a) => ({ 'ipconfig.txt': utf16bom(ipconfig(a, 'de')), 'ip-addresses.json': utf8bom(ipAddressesJson(a)), 'host-names.json': utf8bom(hostNamesJson()) }) },
];

test('check: the Standby dials an address the Main holds as Duplicate → not GO; as Preferred → GO; the same findings from English ipconfig and from the JSON files', async () => {
  const results: Record<string, Awaited<ReturnType<typeof checkPair>>> = {};
  for (const s of SOURCES) {
    for (const state of ['Duplicate', 'Preferred'] as const) results[`${s.name} ${state}`] = await checkPair(state, s.write);
  }
  for (const s of SOURCES) {
    const dup = results[`${s.name} Duplicate`];
    const ok = results[`${s.name} Preferred`];
    assert.equal(ok.go, true, `${s.name}: ${ok.findings.join('\n')}`);
    assert.equal(ok.code, 0, ok.stderr);
    assert.notEqual(dup.go, true, s.name);
    assert.notEqual(dup.code, 0, s.name);
    assert.ok(dup.findings.includes('fail partners-address-mirror standby-a:partners.standbyA.address [main,standby-a]'), `${s.name}: ${dup.findings.join('\n')}`);
    assert.deepEqual(dup.findings, results[`${SOURCES[0].name} Duplicate`].findings, s.name);
  }
  // German ipconfig alone: its word for Duplicate is not known, so the address is not the Main's: the same NO-GO.
  const de = await checkPair('Duplicate', (a) => ({ 'ipconfig.txt': utf16bom(ipconfig(a, 'de')) }));
  assert.deepEqual([de.go, de.code, de.findings], [false, 1, results[`${SOURCES[0].name} Duplicate`].findings]);
});

test('ip-addresses.json and host-names.json are bundle files from collector 2.3, which both scripts are; an older bundle lacks no evidence', () => {
  assert.ok(isBundleFileName('ip-addresses.json') && isBundleFileName('Host-Names.json'));
  assert.equal(writtenSince('ip-addresses.json'), '2.3');
  assert.equal(writtenSince('host-names.json'), '2.3');
  assert.deepEqual(notCollected({ collector: { name: 'Collect-PairAudit.ps1', version: '2.2' } }), [], 'ipconfig.txt carries the same facts');
  const { ps1, cmd } = collectorScripts();
  assert.deepEqual(scriptVersions(), { ps1: latestCollectorVersion(), cmd: latestCollectorVersion() });
  for (const [name, s] of [['ps1', ps1], ['cmd', cmd]] as const) {
    for (const part of ['Get-NetIPAddress |', "'ip-addresses.json'", "'host-names.json'", 'IPGlobalProperties]::GetIPGlobalProperties()', 'GetIPProperties().DnsSuffix', '(Get-DnsClientGlobalSetting).SuffixSearchList']) {
      assert.ok(s.includes(part), `${name}: ${part}`);
    }
    // Every enum of the address is converted to its name; the scripts delete the files a former run left.
    for (const e of ['AddressFamily', 'AddressState', 'PrefixOrigin', 'SuffixOrigin']) assert.match(s, new RegExp(`${e}\\s*= \\[string\\]\\$_\\.${e}\\b`), `${name}: ${e}`);
    assert.match(s, /ipconfig\.txt'?,? '?ip-addresses\.json'?,? '?host-names\.json/, `${name}: deleted before collecting`);
  }
});
