// Red team, second round: waivers name roles and values, not servers, so a waiver file shared by pairs (a fleet's
// `defaults: waivers:`, or a site's one file) waived the same drift on any pair whose servers held the same values:
// a replacement Standby left at the vendor default, waived on NORTH while it was rebuilt, was waived on SOUTH too.
// A waiver may now name its servers (label or host name, by role), and --suggest-waivers writes them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuditResult } from '../src/types.js';
import { runCli } from './cli-harness.js';
import { tempDir } from './history-fixtures.js';
import { parseWaivers } from '../src/engine/waivers.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NOW = '2026-11-20T08:20:00Z';

/** Replaces `from` by `to` in a server's export of the pair in `dir`. */
function edit(dir: string, server: string, from: string, to: string): void {
  const file = join(dir, server, 'ClearSCADA.reg');
  const text = readFileSync(file, 'utf16le');
  assert.ok(text.includes(from), `${server} holds ${from}`);
  writeFileSync(file, text.split(from).join(to), 'utf16le');
}

/** The healthy pair with the Main on port 5482; `south`: its servers relabelled SOUTH-A and SOUTH-B (another pair). */
function pair(dir: string, south: boolean): void {
  cpSync(join(ROOT, 'fixtures', 'pairs', 'healthy'), dir, { recursive: true });
  edit(dir, 'main', '"Port"=dword:00001569\r\n"ClientAdvisePortBase"', '"Port"=dword:0000156a\r\n"ClientAdvisePortBase"');
  if (south) {
    edit(dir, 'main', '"ServerLabel"="NORTH-A"', '"ServerLabel"="SOUTH-A"');
    edit(dir, 'standby-a', '"ServerLabel"="NORTH-B"', '"ServerLabel"="SOUTH-B"');
  }
}

/** Waivers of the two blockers the port drift fails, `servers` written into each when given. */
function waivers(servers: string | undefined): string {
  const one = (ruleId: string, setting: string): string =>
    `- ruleId: ${ruleId}\n  setting: ${setting}\n  reason: port moved for CHG-77\n  approvedBy: J. Smith\n  expires: 2026-12-31\n  values: { main: 5482, standby-a: 5481 }\n${servers === undefined ? '' : `  servers: ${servers}\n`}`;
  return one('db-port', 'db.port') + one('partners-port-mirror', 'standby-a:partners.standbyA.port');
}

interface Case {
  name: string;
  south: boolean;
  servers: string | undefined;
  go: boolean;
  /** The waivers' states as the result lists them (unused, lapsed). */
  listed: string[];
}

const CASES: Case[] = [
  { name: "a waiver naming NORTH's servers waives NORTH's drift", south: false, servers: '{ main: NORTH-A, standby-a: NORTH-B }', go: true, listed: [] },
  { name: 'server names are matched without case, by label or host name', south: false, servers: '{ main: scada-n1, standby-a: north-b }', go: true, listed: [] },
  {
    name: "the same waiver file given to the SOUTH pair, with the same drift: not waived, listed as unused (was GO: no waiver could name its servers)",
    south: true,
    servers: '{ main: NORTH-A, standby-a: NORTH-B }',
    go: false,
    listed: ['db-port unused', 'partners-port-mirror unused'],
  },
  { name: "a waiver naming no servers applies to whichever servers hold its roles (as before)", south: true, servers: undefined, go: true, listed: [] },
];

for (const c of CASES) {
  test(`red team 2, waivers: ${c.name}`, async (t) => {
    const { dir, cleanup } = tempDir('pairaudit-redteam2-waivers-');
    t.after(cleanup);
    pair(dir, c.south);
    writeFileSync(join(dir, 'waivers.yaml'), waivers(c.servers));
    const r = await runCli(['check', join(dir, 'main'), join(dir, 'standby-a'), '--waivers', join(dir, 'waivers.yaml'), '-f', 'json'], { cwd: dir, now: NOW });
    assert.notEqual(r.stdout, '', r.stderr);
    const result = JSON.parse(r.stdout) as AuditResult;
    assert.equal(result.go, c.go);
    assert.equal(r.code, c.go ? 0 : 1);
    assert.deepEqual((result.waivers ?? []).map((w) => `${w.ruleId} ${w.state}`), c.listed);
  });
}

test('red team 2, waivers: --suggest-waivers names the servers of each finding, so the file does not waive another pair', async (t) => {
  const { dir, cleanup } = tempDir('pairaudit-redteam2-waivers-');
  t.after(cleanup);
  pair(dir, false);
  const file = join(dir, 'suggested.yaml');
  const r = await runCli(['audit', join(dir, 'main'), join(dir, 'standby-a'), '--suggest-waivers', file, '-q'], { cwd: dir, now: NOW });
  assert.equal(r.code, 1, r.stderr);
  const filled = readFileSync(file, 'utf8').replace(/reason: ""/g, 'reason: CHG-77').replace(/approvedBy: ""/g, 'approvedBy: J. Smith');
  const parsed = parseWaivers(filled, file);
  assert.ok(parsed.length > 0);
  for (const w of parsed) assert.deepEqual(w.servers, { main: 'NORTH-A', 'standby-a': 'NORTH-B' }, w.ruleId);
});

test('red team 2, waivers: a `servers` entry for an unknown role or with no name is refused, naming the line', () => {
  const head = '- ruleId: db-port\n  setting: db.port\n  reason: r\n  approvedBy: a\n  expires: 2026-12-31\n  values: { main: 1, standby-a: 2 }\n';
  assert.throws(() => parseWaivers(`${head}  servers: { standby-x: B }\n`, 'w.yaml'), /w\.yaml: line 7: waiver server for unknown role `standby-x`/);
  assert.throws(() => parseWaivers(`${head}  servers: { main: "" }\n`, 'w.yaml'), /w\.yaml: line 7: waiver server for `main` must be the server's label or host name/);
  assert.throws(() => parseWaivers(`${head}  servers: NORTH-A\n`, 'w.yaml'), /w\.yaml: line 7: waiver `servers` names the server of each role/);
});
