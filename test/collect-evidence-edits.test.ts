// The healthy-evidence pair with one evidence file edited as a site would have it (a localized ipconfig, a
// firewall that blocks all connections, a disabled client system, a partner named through a hosts file):
// each edit must give its finding through the public API (collectServer + auditGroup, kind `check`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectServer } from '../src/collect/index.js';
import { loadRules, auditGroup } from '../src/engine/index.js';
import type { AuditResult, Finding, Role } from '../src/types.js';
import { tempDir } from './history-fixtures.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const HEALTHY = join(ROOT, 'fixtures', 'pairs', 'healthy-evidence');
const pack = await loadRules([join(ROOT, 'rules', 'geo-scada')]);
const ctx = { now: new Date('2026-11-20T08:25:00Z'), toolVersion: '0.0.0-test' };
const ROLES: Role[] = ['main', 'standby-a'];

/** One text replacement in one server's file, written back in the file's own encoding (UTF-16LE or UTF-8, BOM kept). */
export interface Edit {
  role: Role;
  file: string;
  from: string | RegExp;
  to: string;
}

function editFile(path: string, e: Edit): void {
  const bytes = readFileSync(path);
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe;
  const text = utf16 ? bytes.subarray(2).toString('utf16le') : bytes.toString('utf8');
  const edited = text.replace(e.from, e.to);
  assert.notEqual(edited, text, `${e.role}/${e.file}: ${String(e.from)} not found`);
  writeFileSync(path, utf16 ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(edited, 'utf16le')]) : Buffer.from(edited, 'utf8'));
}

/** Audits (kind `check`) a copy of healthy-evidence with the edits applied. */
export async function checkEdited(edits: Edit[]): Promise<AuditResult> {
  const t = tempDir('pairaudit-edits-');
  try {
    cpSync(HEALTHY, t.dir, { recursive: true });
    for (const e of edits) editFile(join(t.dir, e.role, e.file), e);
    const servers = [];
    for (const role of ROLES) servers.push({ role, snapshot: await collectServer(join(t.dir, role), { toolVersion: ctx.toolVersion, role }) });
    return await auditGroup({ servers, pack, kind: 'check' }, ctx);
  } finally {
    t.cleanup();
  }
}

/** `status ruleId setting [servers]` of the findings that did not pass. */
function notPassing(r: AuditResult): string[] {
  return r.findings.filter((f) => f.status !== 'pass').map((f) => `${f.status} ${f.ruleId} ${f.setting} [${f.servers.join(',')}]`);
}

interface Case {
  name: string;
  edits: Edit[];
  verdict: AuditResult['verdict'];
  /** The findings that did not pass, exactly. */
  failing: string[];
  /** A finding (by rule and setting) whose message must match. */
  message?: { ruleId: string; setting: string; match: RegExp };
}

const CASES: Case[] = [
  {
    name: 'a Standby whose Domain, Private and Public profiles block all connections (BlockInboundAlways): the database port is closed there',
    edits: [{ role: 'standby-a', file: 'firewall-profiles.txt', from: /BlockInbound,AllowOutbound/g, to: 'BlockInboundAlways,AllowOutbound' }],
    verdict: 'drift',
    failing: [
      'fail firewall-db-port firewall.dbPort [standby-a]',
      'fail firewall-advise-ports firewall.advisePorts [standby-a]',
      'fail firewall-icmp firewall.icmpEcho [standby-a]',
      'fail firewall-same firewall.advisePorts [main,standby-a]',
      'fail firewall-same firewall.dbPort [main,standby-a]',
      'fail firewall-same firewall.icmpEcho [main,standby-a]',
    ],
    message: { ruleId: 'firewall-db-port', setting: 'firewall.dbPort', match: /^Standby A lets inbound TCP on its database port in no firewall profile \(firewall\.txt, firewall-profiles\.txt\)$/ },
  },
  {
    name: 'BlockInboundAlways in the Domain profile only: the port is still let in by the Private profile, the servers differ',
    edits: [{ role: 'standby-a', file: 'firewall-profiles.txt', from: /BlockInbound,AllowOutbound/, to: 'BlockInboundAlways,AllowOutbound' }],
    verdict: 'in-parity',
    failing: ['fail firewall-icmp firewall.icmpEcho [standby-a]', 'fail firewall-same firewall.advisePorts [main,standby-a]', 'fail firewall-same firewall.dbPort [main,standby-a]', 'fail firewall-same firewall.icmpEcho [main,standby-a]'],
    message: { ruleId: 'firewall-same', setting: 'firewall.dbPort', match: /Main has \["Domain", "Private"\], Standby A has \["Private"\]/ },
  },
  {
    name: "the Standby's client system of the pair is disabled (enabled=\"false\"): it is not the pair's client connection, and the servers differ",
    edits: [{ role: 'standby-a', file: 'Systems.xml', from: '<System name="SCADA-N" type="ClearSCADA" enabled="true"', to: '<System name="SCADA-N" type="ClearSCADA" enabled="false"' }],
    verdict: 'in-parity',
    failing: ['fail clients-pair-system clients.SCADA-N.servers [standby-a]', 'fail clients-same-systems clients.SCADA-N.enabled [main,standby-a]'],
    message: { ruleId: 'clients-pair-system', setting: 'clients.SCADA-N.servers', match: /^Standby A's system SCADA-N \(Systems\.xml\) lists Main and Standby A but is disabled \(enabled="false"\), so no client on Standby A connects to the pair; enable it in Client Configuration, then collect again$/ },
  },
  {
    name: "the Standby's ipconfig in Spanish (Nombre de host, Vínculo: dirección IPv6 local, Dirección IPv4, Preferido): its sync address is read, the Main's alias for it resolves",
    edits: [
      { role: 'standby-a', file: 'ipconfig.txt', from: 'Host Name . . . . . . . . . . . . :', to: 'Nombre de host. . . . . . . . . . :' },
      { role: 'standby-a', file: 'ipconfig.txt', from: 'Primary Dns Suffix  . . . . . . . :', to: 'Sufijo DNS principal  . . . . . . :' },
      { role: 'standby-a', file: 'ipconfig.txt', from: /Link-local IPv6 Address \. \. \. \. \. :/g, to: 'Vínculo: dirección IPv6 local. . . :' },
      { role: 'standby-a', file: 'ipconfig.txt', from: /IPv4 Address\. \. \. \. \. \. \. \. \. \. \. :/g, to: 'Dirección IPv4. . . . . . . . . . :' },
      { role: 'standby-a', file: 'ipconfig.txt', from: /\(Preferred\)/g, to: '(Preferido)' },
    ],
    verdict: 'in-parity',
    failing: [],
  },
  {
    name: "the Main dials the Standby's host name, but the Main's hosts file maps that name to a decommissioned server",
    edits: [
      { role: 'main', file: 'ClearSCADA.reg', from: '"Address"="scada-n2-sync"', to: '"Address"="SCADA-N2"' },
      { role: 'main', file: 'hosts', from: '10.20.2.12\tscada-n2-sync', to: '10.20.2.12\tscada-n2-sync\r\n10.20.1.99\tscada-n2\t# old standby, decommissioned' },
    ],
    verdict: 'drift',
    // The Main's client connection (Systems.xml names SCADA-N2) goes to that server too.
    failing: ['fail partners-address-mirror main:partners.standbyA.address [main,standby-a]', 'fail clients-pair-system clients.*.servers [main]'],
    message: { ruleId: 'partners-address-mirror', setting: 'main:partners.standbyA.address', match: /^Main's Standby A link dials SCADA-N2, which Main's hosts file maps to 10\.20\.1\.99, not an address of Standby A/ },
  },
  {
    name: "the Main dials the Standby's host name in another DNS domain than the Standby's (ops.example.net)",
    edits: [{ role: 'main', file: 'ClearSCADA.reg', from: '"Address"="scada-n2-sync"', to: '"Address"="scada-n2.plant-b.example.org"' }],
    verdict: 'drift',
    failing: ['fail partners-address-mirror main:partners.standbyA.address [main,standby-a]'],
  },
  {
    name: "the Main dials the Standby's FQDN in its own domain",
    edits: [{ role: 'main', file: 'ClearSCADA.reg', from: '"Address"="scada-n2-sync"', to: '"Address"="scada-n2.ops.example.net"' }],
    verdict: 'in-parity',
    failing: [],
  },
  {
    name: "a workgroup Standby (no primary DNS suffix) whose Plant LAN adapter has the connection-specific suffix ops.example.net: the Main's FQDN for it is in its domain",
    edits: [
      { role: 'main', file: 'ClearSCADA.reg', from: '"Address"="scada-n2-sync"', to: '"Address"="scada-n2.ops.example.net"' },
      { role: 'standby-a', file: 'ipconfig.txt', from: /Primary Dns Suffix {2}\. \. \. \. \. \. \. : ops\.example\.net/, to: 'Primary Dns Suffix  . . . . . . . : ' },
      { role: 'standby-a', file: 'ipconfig.txt', from: /DNS Suffix Search List\. \. \. \. \. \. : ops\.example\.net/, to: 'DNS Suffix Search List. . . . . . : ' },
      { role: 'standby-a', file: 'ipconfig.txt', from: /Connection-specific DNS Suffix {2}\. : \r\n( +Description[^\r]*: Intel)/, to: 'Connection-specific DNS Suffix  . : ops.example.net\r\n$1' },
    ],
    verdict: 'in-parity',
    failing: [],
  },
  {
    name: "a workgroup Standby (no primary DNS suffix) whose search list holds ops.example.net: the Main's FQDN for it is in its domain",
    edits: [
      { role: 'main', file: 'ClearSCADA.reg', from: '"Address"="scada-n2-sync"', to: '"Address"="scada-n2.ops.example.net"' },
      { role: 'standby-a', file: 'ipconfig.txt', from: /Primary Dns Suffix {2}\. \. \. \. \. \. \. : ops\.example\.net/, to: 'Primary Dns Suffix  . . . . . . . : ' },
    ],
    verdict: 'in-parity',
    failing: [],
  },
  {
    name: 'a workgroup Standby with no DNS suffix at all: whether the FQDN is its domain is unknown, not a pass',
    edits: [
      { role: 'main', file: 'ClearSCADA.reg', from: '"Address"="scada-n2-sync"', to: '"Address"="scada-n2.ops.example.net"' },
      { role: 'standby-a', file: 'ipconfig.txt', from: /Primary Dns Suffix {2}\. \. \. \. \. \. \. : ops\.example\.net/, to: 'Primary Dns Suffix  . . . . . . . : ' },
      { role: 'standby-a', file: 'ipconfig.txt', from: /DNS Suffix Search List\. \. \. \. \. \. : ops\.example\.net/, to: 'DNS Suffix Search List. . . . . . : ' },
    ],
    verdict: 'incomplete',
    failing: ['unknown partners-address-mirror main:partners.standbyA.address [main,standby-a]'],
  },
  {
    name: "the Standby's ipconfig in a language whose labels are not read (Polish): a warning naming the file, and the Main's alias for its sync card is unknown, not a failure",
    edits: [
      { role: 'standby-a', file: 'ipconfig.txt', from: /Host Name \. \. \. \. \. \. \. \. \. \. \. \. :/, to: 'Nazwa hosta . . . . . . . . . . . :' },
      { role: 'standby-a', file: 'ipconfig.txt', from: /Primary Dns Suffix {2}\. \. \. \. \. \. \. :/, to: 'Podstawowy sufiks DNS . . . . . . :' },
      { role: 'standby-a', file: 'ipconfig.txt', from: /Link-local IPv6 Address \. \. \. \. \. :/g, to: 'Adres IPv6 połączenia lokalnego . :' },
      { role: 'standby-a', file: 'ipconfig.txt', from: /IPv4 Address\. \. \. \. \. \. \. \. \. \. \. :/g, to: 'Adres IPv4. . . . . . . . . . . . :' },
    ],
    verdict: 'incomplete',
    failing: ['unknown partners-address-mirror main:partners.standbyA.address [main,standby-a]', 'unknown partners-backup-connection main:partners.standbyA.backupAddress [main,standby-a]'],
    message: { ruleId: 'partners-address-mirror', setting: 'main:partners.standbyA.address', match: /^Main's Standby A link dials scada-n2-sync, which Main's hosts file maps to 10\.20\.2\.12, but Standby A's addresses are unknown/ },
  },
];

for (const c of CASES) {
  test(`healthy-evidence edited: ${c.name}`, async () => {
    const r = await checkEdited(c.edits);
    assert.deepEqual(notPassing(r), c.failing);
    assert.equal(r.verdict, c.verdict);
    if (c.message !== undefined) {
      const m = c.message;
      const f: Finding | undefined = r.findings.find((x) => x.ruleId === m.ruleId && x.setting === m.setting);
      assert.match(f?.message ?? '(no such finding)', m.match);
    }
  });
}
