// firewall.json and firewall-profiles.json (the NetSecurity cmdlets, enums by name): the same rules as netsh's English
// text give the same firewall.* settings and the same verdict, in any language of the netsh text beside them.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectServer } from '../src/collect/index.js';
import { parseFirewallProfilesJson, parseFirewallRulesJson } from '../src/collect/evidence/firewall-json.js';
import { notCollected, writtenSince } from '../src/collect/evidence/collected.js';
import { isBundleFileName } from '../src/collect/input.js';
import { NETSH_RULES_DE, SCADA_RULES, netshProfiles, netshRules, type RuleSpec } from '../fixtures/evidence-samples.js';
import { runCli } from './cli-harness.js';
import { collectorScripts, latestCollectorVersion, psJson, scriptVersions, utf16bom, utf8bom } from './collector-scripts.js';

const PAIRS = join(import.meta.dirname, '..', 'fixtures', 'pairs');
const work = mkdtempSync(join(tmpdir(), 'pairaudit-fwjson-'));
after(() => rmSync(work, { recursive: true, force: true }));


/** One rule as the collectors write it from Get-NetFirewallRule and its port and application filters. */
function ruleObject(r: RuleSpec, i: number): Record<string, unknown> {
  return {
    Name: `{6b1c7d2e-0000-4000-8000-${String(i).padStart(12, '0')}}`,
    DisplayName: r.name,
    Enabled: r.enabled === false ? 'False' : 'True',
    Direction: 'Inbound',
    Profile: r.profiles === undefined ? 'Any' : r.profiles.split(',').join(', '),
    Action: r.action ?? 'Allow',
    Protocol: r.protocol,
    LocalPort: r.icmp === undefined ? [r.localPort ?? 'Any'] : ['Any'],
    IcmpType: r.icmp ?? ['Any'],
    Program: r.program ?? 'Any',
  };
}
const rulesJson = (rules: RuleSpec[]): string => psJson(rules.map(ruleObject));

type States = Parameters<typeof netshProfiles>;
/** Get-NetFirewallProfile as written, from the same states the netsh sample takes. */
function profilesJson(...[states = {}, inbound = {}]: States): string {
  return psJson(
    (['Domain', 'Private', 'Public'] as const).map((name) => {
      const key = name.toLowerCase() as 'domain' | 'private' | 'public';
      const policy = inbound[key] ?? 'BlockInbound';
      return { Name: name, Enabled: (states[key] ?? 'ON') === 'ON' ? 'True' : 'False', DefaultInboundAction: policy === 'AllowInbound' ? 'Allow' : 'Block', AllowInboundRules: policy === 'BlockInboundAlways' ? 'False' : 'True' };
    }),
  );
}

let n = 0;
/** A bundle of the healthy Main's export and the given evidence files. */
function bundle(files: Record<string, string | Buffer>): string {
  const dir = join(work, `b${n++}`);
  cpSync(join(PAIRS, 'healthy', 'main'), dir, { recursive: true });
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  return dir;
}

async function firewallOf(files: Record<string, string | Buffer>): Promise<{ settings: Record<string, { value: unknown; source: { file: string; line?: number } }>; warnings: string[] }> {
  const s = await collectServer(bundle(files), { toolVersion: 't' });
  const settings = Object.fromEntries(Object.entries(s.settings).filter(([k]) => k.startsWith('firewall.'))) as Record<string, { value: unknown; source: { file: string; line?: number } }>;
  return { settings, warnings: (s.warnings ?? []).map((w) => `${w.file}: ${w.message}`) };
}
const values = (s: Record<string, { value: unknown }>): Record<string, unknown> => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v.value]));

const block5481: RuleSpec = { name: 'Block SCADA on domain', profiles: 'Domain', protocol: 'TCP', localPort: '5481', action: 'Block' };
const viewx: RuleSpec = { name: 'ViewX', protocol: 'TCP', localPort: '5481', program: 'C:\\Program Files\\Schneider Electric\\ClearSCADA\\ViewX.exe' };
const SAME: { name: string; rules: RuleSpec[]; states?: States; want: Record<string, string[]> }[] = [
  { name: 'the site rules', rules: SCADA_RULES, want: { 'firewall.dbPort': ['Domain', 'Private'], 'firewall.advisePorts': ['Domain', 'Private'], 'firewall.icmpEcho': ['Domain'] } },
  { name: 'a block rule wins', rules: [...SCADA_RULES, block5481], want: { 'firewall.dbPort': ['Private'], 'firewall.advisePorts': ['Domain', 'Private'], 'firewall.icmpEcho': ['Domain'] } },
  { name: 'a rule of another program', rules: [viewx], want: { 'firewall.dbPort': [], 'firewall.advisePorts': [], 'firewall.icmpEcho': [] } },
  { name: 'the Public profile off', rules: SCADA_RULES, states: [{ public: 'OFF' }], want: { 'firewall.dbPort': ['Domain', 'Private', 'Public'], 'firewall.advisePorts': ['Domain', 'Private', 'Public'], 'firewall.icmpEcho': ['Domain', 'Public'] } },
  { name: 'Block all connections on Domain', rules: SCADA_RULES, states: [{}, { domain: 'BlockInboundAlways' }], want: { 'firewall.dbPort': ['Private'], 'firewall.advisePorts': ['Private'], 'firewall.icmpEcho': [] } },
  { name: 'inbound allowed by default on Public', rules: SCADA_RULES, states: [{}, { public: 'AllowInbound' }], want: { 'firewall.dbPort': ['Domain', 'Private', 'Public'], 'firewall.advisePorts': ['Domain', 'Private', 'Public'], 'firewall.icmpEcho': ['Domain', 'Public'] } },
];

for (const c of SAME) {
  test(`firewall.json gives what English netsh text gives: ${c.name}`, async () => {
    const states = c.states ?? [];
    const text = await firewallOf({ 'firewall.txt': utf16bom(netshRules(c.rules)), 'firewall-profiles.txt': utf16bom(netshProfiles(...states)) });
    const json = await firewallOf({ 'firewall.json': utf8bom(rulesJson(c.rules)), 'firewall-profiles.json': utf8bom(profilesJson(...states)) });
    assert.deepEqual(values(text.settings), c.want);
    assert.deepEqual(values(json.settings), c.want);
    assert.deepEqual(json.warnings, []);
    // Where a profile lets the traffic in, the line that does so is the source.
    for (const s of Object.values(json.settings)) assert.ok(/^firewall(-profiles)?\.json$/.test(s.source.file) && ((s.value as string[]).length === 0 || (s.source.line ?? 0) > 0), JSON.stringify(s));
    // German netsh text beside the JSON: the JSON is read, the text's language no longer matters.
    const beside = await firewallOf({ 'firewall.txt': utf16bom(NETSH_RULES_DE), 'firewall-profiles.txt': utf16bom(netshProfiles(...states)), 'firewall.json': utf16bom(rulesJson(c.rules)), 'firewall-profiles.json': utf16bom(profilesJson(...states)) });
    assert.deepEqual(beside.settings, json.settings);
    assert.deepEqual(beside.warnings, []);
  });
}

test('firewall.json: the line of the rule that lets the database port in, and of the profile state that does', async () => {
  const rules = rulesJson(SCADA_RULES);
  const at = rules.split('\r\n').findIndex((l) => l.includes('"DisplayName":  "Geo SCADA Server"'));
  const json = await firewallOf({ 'firewall.json': rules, 'firewall-profiles.json': profilesJson() });
  assert.deepEqual(json.settings['firewall.dbPort']?.source, { file: 'firewall.json', line: at }, 'the rule\'s "Name" line, just above its DisplayName');
  const off = profilesJson({ public: 'OFF' });
  const offLine = off.split('\r\n').findIndex((l) => l.includes('"Enabled":  "False"')) + 1;
  const json2 = await firewallOf({ 'firewall.json': rules, 'firewall-profiles.json': off });
  assert.deepEqual(json2.settings['firewall.dbPort']?.source, { file: 'firewall-profiles.json', line: offLine });
});

test('German netsh text alone: firewall checks unknown, one warning that names the file and the JSON that would be read', async () => {
  const de = await firewallOf({ 'firewall.txt': utf16bom(NETSH_RULES_DE), 'firewall-profiles.txt': utf16bom(netshProfiles()) });
  assert.deepEqual(de.settings, {});
  assert.equal(de.warnings.length, 1);
  assert.match(de.warnings[0], /^firewall\.txt: not English output of `netsh advfirewall firewall show rule` .*from version 2\.2 also write firewall\.json, which is read in any language/);
});

// Values as the NetSecurity cmdlets give them, one rule each: what the port-filter and profile fields may hold.
const RULE_VALUES: { name: string; rule: Record<string, unknown>; want: Record<string, unknown> }[] = [
  { name: 'protocol number 6, ports as a list', rule: { Protocol: '6', LocalPort: ['5481', '5500-5509'] }, want: { protocol: 'TCP', localPort: '5481,5500-5509' } },
  { name: 'protocol as a JSON number, one port as a string', rule: { Protocol: 6, LocalPort: '5481' }, want: { protocol: 'TCP', localPort: '5481' } },
  { name: 'ICMPv4 echo as 8:*', rule: { Protocol: 'ICMPv4', LocalPort: 'Any', IcmpType: ['8:*'] }, want: { protocol: 'ICMPv4', icmpTypes: ['8'] } },
  { name: 'protocol 1, ICMP type 8 and 0', rule: { Protocol: '1', IcmpType: ['8', '0'] }, want: { protocol: 'ICMPv4', icmpTypes: ['8', '0'] } },
  { name: 'any ICMP type', rule: { Protocol: 'ICMPv4', IcmpType: 'Any' }, want: { icmpTypes: [] } },
  { name: 'Any protocol, RPC port', rule: { Protocol: 'Any', LocalPort: ['RPC'] }, want: { protocol: 'Any', localPort: 'RPC' } },
  { name: 'profiles Any', rule: { Profile: 'Any' }, want: { profiles: ['Domain', 'Private', 'Public'] } },
  { name: 'profiles "Domain, Private"', rule: { Profile: 'Domain, Private' }, want: { profiles: ['Domain', 'Private'] } },
  { name: 'profile bits 3 (Domain, Private)', rule: { Profile: 3 }, want: { profiles: ['Domain', 'Private'] } },
  { name: 'profile bits 0 (Any)', rule: { Profile: 0 }, want: { profiles: ['Domain', 'Private', 'Public'] } },
  { name: 'an allow rule that overrides block rules', rule: { Action: 'AllowBypass' }, want: { action: 'Bypass' } },
  { name: 'disabled, outbound', rule: { Enabled: 'False', Direction: 'Outbound' }, want: { enabled: false, direction: 'Out' } },
  { name: 'no application filter', rule: { Program: null }, want: { program: 'Any' } },
];
const BASE = { Name: 'GeoSCADA-In', DisplayName: 'Geo SCADA Server', Enabled: 'True', Direction: 'Inbound', Profile: 'Domain', Action: 'Allow', Protocol: 'TCP', LocalPort: ['5481'], IcmpType: ['Any'], Program: 'Any' };

for (const c of RULE_VALUES) {
  test(`firewall.json values: ${c.name}`, () => {
    const r = parseFirewallRulesJson(psJson([{ ...BASE, ...c.rule }]), 'firewall.json');
    assert.ok('value' in r, JSON.stringify(r));
    assert.deepEqual(Object.fromEntries(Object.keys(c.want).map((k) => [k, (r.value[0] as unknown as Record<string, unknown>)[k]])), c.want);
  });
}

test('firewall.json of one rule and firewall-profiles.json of one profile: ConvertTo-Json writes the object, not a list', () => {
  const one = parseFirewallRulesJson(psJson(BASE), 'firewall.json');
  assert.ok('value' in one && one.value.length === 1 && one.value[0].name === 'Geo SCADA Server' && one.value[0].line === 2, JSON.stringify(one));
  const p = parseFirewallProfilesJson(psJson({ Name: 'Public', Enabled: 'False', DefaultInboundAction: 'Block', AllowInboundRules: 'True' }), 'firewall-profiles.json');
  assert.deepEqual(p, { value: { Public: { on: false, inbound: 'block', line: 3 } } });
  assert.deepEqual(parseFirewallRulesJson('[]', 'firewall.json'), { value: [] }, 'no inbound rule at all');
});

// Enums the collector did not convert with [string] are numbers; all but the documented profile bits are refused.
const REFUSED: { name: string; rules?: Record<string, unknown>; profile?: Record<string, unknown>; message: RegExp }[] = [
  { name: 'Enabled as a number', rules: { Enabled: 1 }, message: /rule "Geo SCADA Server": "Enabled" is written as the number 1, not as its name/ },
  { name: 'Action as a number', rules: { Action: 2 }, message: /"Action" is written as the number 2/ },
  { name: 'profile bits outside the documented ones', rules: { Profile: 65535 }, message: /"Profile" 65535 is not a combination of the documented bits/ },
  { name: 'a localised profile name', rules: { Profile: 'Domäne' }, message: /names "domäne", not Any, Domain, Private or Public/ },
  { name: 'DefaultInboundAction as a number', profile: { Name: 'Domain', Enabled: 'True', DefaultInboundAction: 4 }, message: /profile Domain: "DefaultInboundAction" is written as the number 4/ },
];

for (const c of REFUSED) {
  test(`firewall JSON refused with a warning (the checks unknown): ${c.name}`, async () => {
    const files = c.rules !== undefined ? { 'firewall.json': psJson([{ ...BASE, ...c.rules }]), 'firewall-profiles.json': profilesJson() } : { 'firewall.json': rulesJson(SCADA_RULES), 'firewall-profiles.json': psJson([c.profile]) };
    const r = await firewallOf(files);
    assert.deepEqual(r.settings, {});
    assert.equal(r.warnings.length, 1, r.warnings.join('\n'));
    assert.match(r.warnings[0], c.message);
    assert.match(r.warnings[0], /the firewall checks are unknown for this server$/);
  });
}

// Bundle pairs through the command line: the Main lets 5481 in, the Standby does not.
async function checkPair(write: (rules: RuleSpec[]) => Record<string, string | Buffer>): Promise<{ code: number; stdout: string; stderr: string }> {
  const root = join(work, `pair${n++}`);
  for (const role of ['main', 'standby-a']) {
    const dir = join(root, role);
    cpSync(join(PAIRS, 'healthy-evidence', role), dir, { recursive: true });
    rmSync(join(dir, 'firewall.txt'));
    rmSync(join(dir, 'firewall-profiles.txt'));
    const rules = role === 'main' ? SCADA_RULES : SCADA_RULES.filter((r) => r.name !== 'Geo SCADA Server');
    for (const [name, body] of Object.entries(write(rules))) writeFileSync(join(dir, name), body);
  }
  return runCli(['check', join(root, 'main'), join(root, 'standby-a'), '-f', 'json'], { cwd: root, now: '2026-11-20T09:20:00Z', env: { PAIRAUDIT_SECRET_KEY: 'k' } });
}

test('a pair whose Standby does not let the database port in: NO-GO from English netsh text and from firewall.json (German text beside it), the same firewall findings', async () => {
  const findings = (out: string): string[] =>
    (JSON.parse(out) as { findings: { ruleId: string; status: string; setting: string; servers: string[] }[] }).findings.filter((f) => f.ruleId.startsWith('firewall-')).map((f) => `${f.status} ${f.ruleId} ${f.setting} [${f.servers.join()}]`);
  const text = await checkPair((rules) => ({ 'firewall.txt': utf16bom(netshRules(rules)), 'firewall-profiles.txt': utf16bom(netshProfiles()) }));
  const json = await checkPair((rules) => ({ 'firewall.txt': utf16bom(NETSH_RULES_DE), 'firewall-profiles.txt': utf16bom(netshProfiles()), 'firewall.json': utf8bom(rulesJson(rules)), 'firewall-profiles.json': utf8bom(profilesJson()) }));
  for (const r of [text, json]) {
    assert.equal(r.code, 1, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { go?: boolean }).go, false);
  }
  assert.ok(findings(text.stdout).includes('fail firewall-db-port firewall.dbPort [standby-a]'), findings(text.stdout).join('\n'));
  assert.deepEqual(findings(json.stdout), findings(text.stdout));
  assert.doesNotMatch(json.stderr, /not English/);
});

test('firewall.json that is not JSON: exit 2, one line naming the bundle folder and the file', async () => {
  const dir = bundle({ 'firewall.json': utf16bom('[\r\n    {\r\n        "Name":  "GeoSCADA-In",\r\n') });
  const r = await runCli(['collect', dir], { cwd: work, now: '2026-11-20T09:20:00Z', env: { PAIRAUDIT_SECRET_KEY: 'k' } });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^pairaudit: .*[\\/]firewall\.json: line 3: not valid JSON \(.*expected firewall\.json as collectors\/Collect-PairAudit\.ps1 writes it/);
  assert.equal(r.stderr.indexOf('\n'), r.stderr.length - 1, r.stderr);
});

test('firewall.json is a bundle file from collector 2.2, which both scripts are; an older bundle without it lacks no evidence', () => {
  assert.ok(isBundleFileName('firewall.json') && isBundleFileName('Firewall-Profiles.json'));
  assert.equal(writtenSince('firewall.json'), '2.2');
  assert.equal(writtenSince('firewall-profiles.json'), '2.2');
  assert.deepEqual(notCollected({ collector: { name: 'Collect-PairAudit.ps1', version: '2.1' } }), [], 'firewall.txt carries the same facts');
  const { ps1, cmd } = collectorScripts();
  assert.deepEqual(scriptVersions(), { ps1: latestCollectorVersion(), cmd: latestCollectorVersion() });
  for (const [name, s] of [['ps1', ps1], ['cmd', cmd]] as const) {
    for (const part of ['Get-NetFirewallRule -Direction Inbound -PolicyStore ActiveStore', 'Get-NetFirewallPortFilter -All -PolicyStore ActiveStore', 'Get-NetFirewallApplicationFilter -All -PolicyStore ActiveStore', 'Get-NetFirewallProfile -PolicyStore ActiveStore', "'firewall.json'", "'firewall-profiles.json'", '-Depth 4']) {
      assert.ok(s.includes(part), `${name}: ${part}`);
    }
    // Every enum the parser reads is converted to its name.
    for (const e of ['Enabled', 'Direction', 'Profile', 'Action', 'DefaultInboundAction', 'AllowInboundRules']) assert.match(s, new RegExp(`${e}\\s*= \\[string\\]\\$_\\.${e}\\b`), `${name}: ${e}`);
  }
});
