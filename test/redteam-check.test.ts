// Inputs a real site could hand `check` that made its verdict wrong (red team): the fixture pairs' bundles, edited
// as the site would have them, each judged GO or NO-GO through the command line. A Standby dialling the Main's
// server label (free text, often the old machine's name after a registry restore) passed as dialling the Main;
// a Main dialling an alias that only the Standby's own hosts file maps passed, though the Main resolves it from its
// own hosts file or DNS; a waiver whose YAML timestamp had expired hours before kept a blocker silenced to midnight;
// two servers typed Triple Standby with no link to a third passed, as if a pair; an address ipconfig marks Duplicate
// (another machine holds it) was counted as the Main's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuditResult } from '../src/types.js';
import { runCli } from './cli-harness.js';
import { tempDir } from './history-fixtures.js';
import { parseIpconfig } from '../src/collect/host.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Both bundles of `healthy` and `healthy-evidence` were collected at 08:15 and 08:17 UTC on 20 November 2026. */
const NOW = '2026-11-20T08:20:00Z';

/** A replacement in one server's file: [server folder, file, text found, text written]. */
type Edit = [string, string, string, string];

const DB_PORT_5482: Edit = ['main', 'ClearSCADA.reg', '"Port"=dword:00001569\r\n"ClientAdvisePortBase"', '"Port"=dword:0000156a\r\n"ClientAdvisePortBase"'];

/** A waiver file for the two blockers DB_PORT_5482 fails, expiring at `expires` as written in YAML. */
function waiversFor(expires: string, directive = '%YAML 1.1\n---\n'): string {
  const one = (ruleId: string, setting: string): string =>
    `- ruleId: ${ruleId}\n  setting: ${setting}\n  reason: port moved for CHG-77\n  approvedBy: J. Smith\n  expires: ${expires}\n  values: { main: 5482, standby-a: 5481 }\n`;
  return directive + one('db-port', 'db.port') + one('partners-port-mirror', 'standby-a:partners.standbyA.port');
}

interface Case {
  name: string;
  pair: 'healthy' | 'healthy-evidence';
  edits: Edit[];
  waivers?: string;
  go: boolean;
  code: number;
  /** The blockers that did not pass, as `ruleId status messageId`. */
  blockers: string[];
}

const CASES: Case[] = [
  { name: 'the healthy pair', pair: 'healthy', edits: [], go: true, code: 0, blockers: [] },
  {
    name: "the Main dials the Standby's NetBIOS name",
    pair: 'healthy',
    edits: [['main', 'ClearSCADA.reg', '"Address"="10.20.1.12"', '"Address"="SCADA-N2"']],
    go: true,
    code: 0,
    blockers: [],
  },
  {
    name: "the Main dials the Standby's FQDN with the root's dot",
    pair: 'healthy',
    edits: [['main', 'ClearSCADA.reg', '"Address"="10.20.1.12"', '"Address"="scada-n2.ops.example.net."']],
    go: true,
    code: 0,
    blockers: [],
  },
  {
    name: "the Standby dials the Main's server label, which names no host of the Main (was GO)",
    pair: 'healthy',
    edits: [['standby-a', 'ClearSCADA.reg', '"Address"="10.20.1.11"', '"Address"="NORTH-A"']],
    go: false,
    code: 1,
    blockers: ['partners-address-mirror fail pointsElsewhere'],
  },
  {
    name: "the Main's registry restored from the machine it replaced: its label is the old host name, which the Standby still dials (was GO)",
    pair: 'healthy',
    edits: [
      ['main', 'ClearSCADA.reg', '"ServerLabel"="NORTH-A"', '"ServerLabel"="SCADA-OLD1"'],
      ['standby-a', 'ClearSCADA.reg', '"Address"="10.20.1.11"', '"Address"="SCADA-OLD1"'],
    ],
    go: false,
    code: 1,
    blockers: ['partners-address-mirror fail pointsElsewhere'],
  },
  {
    name: 'both servers typed Triple Standby, neither linking a third server (was GO)',
    pair: 'healthy',
    edits: [
      ['main', 'ClearSCADA.reg', '"Type"=dword:00000001', '"Type"=dword:00000002'],
      ['standby-a', 'ClearSCADA.reg', '"Type"=dword:00000001', '"Type"=dword:00000002'],
    ],
    go: false,
    code: 1,
    blockers: ['partners-group-audited fail tripleWithoutThird', 'partners-group-audited fail tripleWithoutThird'],
  },
  {
    name: "the Main's plant address is marked (Duplicate) in its ipconfig, an address conflict Windows stops using it for, and the Standby dials it (was GO)",
    pair: 'healthy',
    edits: [['main', 'ipconfig.txt', '10.20.1.11(Preferred)', '10.20.1.11(Duplicate)']],
    go: false,
    code: 1,
    blockers: ['partners-address-mirror fail pointsElsewhere'],
  },
  { name: "the Main dials the sync alias its own hosts file maps to the Standby's sync card", pair: 'healthy-evidence', edits: [], go: true, code: 0, blockers: [] },
  {
    name: "the sync alias is in the Standby's own hosts file only, not in the Main's, which dials it (was GO)",
    pair: 'healthy-evidence',
    edits: [
      ['main', 'hosts', '10.20.2.12\tscada-n2-sync\t# sync network\r\n', ''],
      ['standby-a', 'hosts', '10.20.2.11\tscada-n1-sync\t# sync network\r\n', '10.20.2.11\tscada-n1-sync\t# sync network\r\n10.20.2.12\tscada-n2-sync\t# this server\'s sync card\r\n'],
    ],
    go: false,
    code: 3,
    blockers: ['partners-address-mirror unknown aliasUnknown'],
  },
  {
    name: 'a waiver of the port drift, with %YAML 1.1, that expired at 06:00 UTC (was waived to the end of the day: GO)',
    pair: 'healthy',
    edits: [DB_PORT_5482],
    waivers: waiversFor('2026-11-20T06:00:00Z'),
    go: false,
    code: 1,
    blockers: ['db-port fail differs', 'partners-port-mirror fail portMismatch'],
  },
  {
    name: 'the same waiver with a !!timestamp tag and a zone: expired at 01:00 UTC (was GO)',
    pair: 'healthy',
    edits: [DB_PORT_5482],
    waivers: waiversFor('!!timestamp 2026-11-20T06:00:00+05:00', ''),
    go: false,
    code: 1,
    blockers: ['db-port fail differs', 'partners-port-mirror fail portMismatch'],
  },
  {
    name: 'a %YAML 1.1 waiver still to expire today waives the drift',
    pair: 'healthy',
    edits: [DB_PORT_5482],
    waivers: waiversFor('2026-11-20T18:00:00Z'),
    go: true,
    code: 0,
    blockers: [],
  },
  {
    name: 'a %YAML 1.1 waiver expiring on a date lasts to the end of that day',
    pair: 'healthy',
    edits: [DB_PORT_5482],
    waivers: waiversFor('2026-11-20'),
    go: true,
    code: 0,
    blockers: [],
  },
];

for (const c of CASES) {
  test(`red team, check: ${c.name}`, async (t) => {
    const { dir, cleanup } = tempDir('pairaudit-redteam-');
    t.after(cleanup);
    cpSync(join(ROOT, 'fixtures', 'pairs', c.pair), dir, { recursive: true });
    for (const [server, name, from, to] of c.edits) {
      const file = join(dir, server, name);
      // The collection script writes exports, ipconfig and hostname as UTF-16LE with a BOM; the hosts file as ANSI.
      const encoding = name === 'hosts' ? 'latin1' : 'utf16le';
      const text = readFileSync(file, encoding);
      assert.ok(text.includes(from), `${server}/${name} holds ${JSON.stringify(from)}`);
      writeFileSync(file, text.replace(from, to), encoding);
    }
    const args = ['check', join(dir, 'main'), join(dir, 'standby-a'), '-f', 'json'];
    if (c.waivers !== undefined) {
      writeFileSync(join(dir, 'waivers.yaml'), c.waivers);
      args.push('--waivers', join(dir, 'waivers.yaml'));
    }
    const r = await runCli(args, { cwd: dir, now: NOW });
    assert.notEqual(r.stdout, '', r.stderr);
    const result = JSON.parse(r.stdout) as AuditResult;
    const blockers = result.findings.filter((f) => f.severity === 'blocker' && f.status !== 'pass' && f.status !== 'waived');
    assert.deepEqual(blockers.map((f) => `${f.ruleId} ${f.status} ${f.messageId}`), c.blockers);
    assert.equal(result.go, c.go);
    assert.equal(r.code, c.code);
  });
}

test('red team, waivers: a YAML timestamp without a zone is refused, as the same text quoted is', async (t) => {
  const { dir, cleanup } = tempDir('pairaudit-redteam-');
  t.after(cleanup);
  const pair = join(ROOT, 'fixtures', 'pairs', 'healthy');
  writeFileSync(join(dir, 'waivers.yaml'), waiversFor('2026-11-20 06:00:00'));
  const r = await runCli(['check', join(pair, 'main'), join(pair, 'standby-a'), '--waivers', join(dir, 'waivers.yaml')], { cwd: dir, now: NOW });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /waivers\.yaml: line 7: waiver expiry "2026-11-20 06:00:00" is not a date; write it as 2027-01-31 \(or a time with its zone, 2027-01-31T18:00:00Z\)/);
});

/** An address line of ipconfig /all, and whether the address counts as the server's. */
const ADDRESS_STATES: [string, boolean][] = [
  ['   IPv4 Address. . . . . . . . . . . : 10.20.1.11(Preferred) ', true],
  ['   IPv6 Address. . . . . . . . . . . : 2001:db8::11(Deprecated) ', true],
  ['   Adresse IPv4. . . . . . . . . . . . . .: 10.20.1.11(préféré) ', true],
  ['   IPv4 Address. . . . . . . . . . . : 10.20.1.11 ', true],
  ['   IPv4 Address. . . . . . . . . . . : 10.20.1.11(Duplicate) ', false],
  ['   Link-local IPv6 Address . . . . . : fe80::1%12(Tentative) ', false],
  ['   IPv4 Address. . . . . . . . . . . : 10.20.1.11(Invalid) ', false],
];

for (const [line, counted] of ADDRESS_STATES) {
  test(`red team, ipconfig: ${line.trim()} ${counted ? 'is' : 'is not'} an address of the server`, () => {
    const info = parseIpconfig(`Windows IP Configuration\r\n\r\n   Host Name . . . . . . . . . . . . : SCADA-N1\r\n${line}\r\n`, 'ipconfig.txt');
    assert.equal(info.addresses.length, counted ? 1 : 0);
    assert.equal(info.warnings.length, counted ? 0 : 1);
    if (!counted) assert.match(info.warnings[0]?.message ?? '', /^ipconfig marks \S+ (duplicate|tentative|invalid): Windows does not use it on this server/);
  });
}
