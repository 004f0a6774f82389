// A waiver naming no servers applies to whichever servers hold its roles: a waiver file given to a fleet or to
// another pair waived the same drift there, and nothing said so. Every run that rests on such a waiver now names it
// on standard error (even with --quiet), with the `servers:` entry to add; a file mixing both kinds is named once;
// a fleet names the pair, and its JSON lists the waiver under the pair (the other formats: leftverdict-fleet).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FleetResult } from '../src/fleet/types.js';
import type { AuditResult } from '../src/types.js';
import { runCli } from './cli-harness.js';
import { tempDir } from './history-fixtures.js';
import { pdfText } from './report-fixture.js';
import { mixedWaiverScopes, parseWaivers } from '../src/engine/waivers.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NOW = '2026-11-20T08:20:00Z';

/** The healthy pair in `dir` with the Main on port 5482; `south`: its servers labelled SOUTH-A and SOUTH-B. */
function pair(dir: string, south: boolean): void {
  cpSync(join(ROOT, 'fixtures', 'pairs', 'healthy'), dir, { recursive: true });
  const edit = (server: string, from: string, to: string): void => {
    const file = join(dir, server, 'ClearSCADA.reg');
    const text = readFileSync(file, 'utf16le');
    assert.ok(text.includes(from), `${server} holds ${from}`);
    writeFileSync(file, text.split(from).join(to), 'utf16le');
  };
  edit('main', '"Port"=dword:00001569\r\n"ClientAdvisePortBase"', '"Port"=dword:0000156a\r\n"ClientAdvisePortBase"');
  if (south) {
    edit('main', '"ServerLabel"="NORTH-A"', '"ServerLabel"="SOUTH-A"');
    edit('standby-a', '"ServerLabel"="NORTH-B"', '"ServerLabel"="SOUTH-B"');
  }
}

/** The two waivers of the port drift (6 lines each), `servers` written into those `scoped` says. */
function waivers(scoped: [boolean, boolean]): string {
  const one = (ruleId: string, setting: string, named: boolean): string =>
    `- ruleId: ${ruleId}\n  setting: ${setting}\n  reason: port moved for CHG-77\n  approvedBy: J. Smith\n  expires: 2026-12-31\n  values: { main: 5482, standby-a: 5481 }\n${named ? '  servers: { main: NORTH-A, standby-a: NORTH-B }\n' : ''}`;
  return one('db-port', 'db.port', scoped[0]) + one('partners-port-mirror', 'standby-a:partners.standbyA.port', scoped[1]);
}

const UNSCOPED_DB_PORT = /^pairaudit: warning: waivers\.yaml:1: waiver of db-port \(db\.port\) names no servers: it waived NORTH-A and NORTH-B's drift, and would waive the same drift on any pair given this file; add `servers: \{ main: NORTH-A, standby-a: NORTH-B \}` to it$/m;
const UNSCOPED_MIRROR = /^pairaudit: warning: waivers\.yaml:7: waiver of partners-port-mirror \(standby-a:partners\.standbyA\.port\) names no servers: it waived NORTH-A and NORTH-B's drift/m;

const CLI_CASES: { name: string; args: string[]; scoped: [boolean, boolean]; said: RegExp[]; code: number }[] = [
  { name: 'check: two waivers naming no servers waive the drift: GO, and each is named with the servers to add (was silent)', args: ['check'], scoped: [false, false], said: [UNSCOPED_DB_PORT, UNSCOPED_MIRROR], code: 0 },
  { name: 'the same with --quiet: still said, the verdict rests on them', args: ['check', '-q'], scoped: [false, false], said: [UNSCOPED_DB_PORT, UNSCOPED_MIRROR], code: 0 },
  { name: 'audit: the same (the pair drifts on a warning besides)', args: ['audit'], scoped: [false, false], said: [UNSCOPED_DB_PORT, UNSCOPED_MIRROR], code: 1 },
  { name: 'waivers naming their servers: nothing said', args: ['check'], scoped: [true, true], said: [], code: 0 },
  {
    name: 'a file mixing both kinds: the file is named with the line of the one naming none, and that waiver too (was silent)',
    args: ['check', '-q'],
    scoped: [true, false],
    said: [/^pairaudit: warning: waivers\.yaml: 1 of its 2 waivers name no servers \(line 8\), while the others do: those apply to any pair given this file; add `servers:` to them$/m, /^pairaudit: warning: waivers\.yaml:8: waiver of partners-port-mirror \(standby-a:partners\.standbyA\.port\) names no servers: it waived NORTH-A and NORTH-B's drift/m],
    code: 0,
  },
];

for (const c of CLI_CASES) {
  test(`unscoped waivers, ${c.name}`, async (t) => {
    const { dir, cleanup } = tempDir('pairaudit-leftverdict-waivers-');
    t.after(cleanup);
    pair(dir, false);
    writeFileSync(join(dir, 'waivers.yaml'), waivers(c.scoped));
    const r = await runCli([...c.args, 'main', 'standby-a', '--waivers', 'waivers.yaml', '-f', 'json'], { cwd: dir, now: NOW });
    assert.equal(r.code, c.code, r.stderr);
    const result = JSON.parse(r.stdout) as AuditResult;
    assert.equal(result.findings.filter((f) => f.status === 'waived').length, 2);
    const warnings = r.stderr.split('\n').filter((l) => /waiver/.test(l));
    assert.equal(warnings.length, c.said.length, r.stderr);
    for (const re of c.said) assert.match(r.stderr, re);
  });
}

test('unscoped waivers: a waiver that waived nothing here (it names no servers, but the drift is not found) is not named as applied', async (t) => {
  const { dir, cleanup } = tempDir('pairaudit-leftverdict-waivers-');
  t.after(cleanup);
  cpSync(join(ROOT, 'fixtures', 'pairs', 'healthy'), dir, { recursive: true });
  writeFileSync(join(dir, 'waivers.yaml'), waivers([false, false]));
  const r = await runCli(['check', 'main', 'standby-a', '--waivers', 'waivers.yaml', '-q'], { cwd: dir, now: NOW });
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /names no servers/);
});

test('mixedWaiverScopes: undefined when all or none name servers', () => {
  assert.equal(mixedWaiverScopes(parseWaivers(waivers([false, false]), 'w.yaml')), undefined);
  assert.equal(mixedWaiverScopes(parseWaivers(waivers([true, true]), 'w.yaml')), undefined);
  assert.equal(mixedWaiverScopes([]), undefined);
  assert.match(mixedWaiverScopes(parseWaivers(waivers([false, true]), 'w.yaml')) ?? '', /^w\.yaml: 1 of its 2 waivers name no servers \(line 1\)/);
});

test('fleet: a defaults waiver file naming no servers, given to NORTH and SOUTH, waives both pairs\' drift: each pair names it on standard error and in its JSON (was silent)', async (t) => {
  const { dir, cleanup } = tempDir('pairaudit-leftverdict-waivers-');
  t.after(cleanup);
  pair(join(dir, 'north'), false);
  pair(join(dir, 'south'), true);
  writeFileSync(join(dir, 'waivers.yaml'), waivers([false, false]));
  writeFileSync(
    join(dir, 'fleet.yaml'),
    ['defaults: { waivers: waivers.yaml }', 'sites:', '  - name: Plant', '    pairs:', '      - { name: north, servers: { main: north/main, standby-a: north/standby-a } }', '      - { name: south, servers: { main: south/main, standby-a: south/standby-a } }'].join('\n'),
  );
  const r = await runCli(['fleet', 'fleet.yaml', '-f', 'json', '-q', '--jobs', '1'], { cwd: dir, now: NOW });
  const lines = r.stderr.split('\n').filter((l) => /names no servers/.test(l));
  assert.deepEqual(
    lines.map((l) => l.replace(/: it waived .*$/, '')),
    [
      'pairaudit: warning: Plant/north: waivers.yaml:1: waiver of db-port (db.port) names no servers',
      'pairaudit: warning: Plant/north: waivers.yaml:7: waiver of partners-port-mirror (standby-a:partners.standbyA.port) names no servers',
      'pairaudit: warning: Plant/south: waivers.yaml:1: waiver of db-port (db.port) names no servers',
      'pairaudit: warning: Plant/south: waivers.yaml:7: waiver of partners-port-mirror (standby-a:partners.standbyA.port) names no servers',
    ],
  );
  assert.match(lines[2]!, /it waived SOUTH-A and SOUTH-B's drift, .*add `servers: \{ main: SOUTH-A, standby-a: SOUTH-B \}` to it$/);
  const fleet = JSON.parse(r.stdout) as FleetResult;
  assert.deepEqual(
    fleet.pairs.map((p) => [p.audit?.totals.waived, (p.unscopedWaivers ?? []).length]),
    [
      [2, 2],
      [2, 2],
    ],
  );
  assert.match(fleet.pairs[1]!.unscopedWaivers![0]!, /^waivers\.yaml:1: waiver of db-port \(db\.port\) names no servers: it waived SOUTH-A and SOUTH-B's drift/);
});

test('fleet: the same file with servers named: NORTH\'s drift waived, SOUTH\'s not, nothing said of unscoped waivers', async (t) => {
  const { dir, cleanup } = tempDir('pairaudit-leftverdict-waivers-');
  t.after(cleanup);
  pair(join(dir, 'north'), false);
  pair(join(dir, 'south'), true);
  writeFileSync(join(dir, 'waivers.yaml'), waivers([true, true]));
  writeFileSync(
    join(dir, 'fleet.yaml'),
    ['defaults: { waivers: waivers.yaml }', 'sites:', '  - name: Plant', '    pairs:', '      - { name: north, servers: { main: north/main, standby-a: north/standby-a } }', '      - { name: south, servers: { main: south/main, standby-a: south/standby-a } }'].join('\n'),
  );
  const r = await runCli(['fleet', 'fleet.yaml', '-f', 'json', '-q', '--jobs', '1'], { cwd: dir, now: NOW });
  assert.doesNotMatch(r.stderr, /names no servers/);
  const fleet = JSON.parse(r.stdout) as FleetResult;
  assert.deepEqual(
    fleet.pairs.map((p) => [p.audit?.totals.waived, p.unscopedWaivers]),
    [
      [2, undefined],
      [0, undefined],
    ],
  );
});

/** The report's own words for a waiver naming no servers, in each format (a signed PDF must say it, not only stderr). */
const IN_REPORT: { format: string; said: (out: string) => boolean }[] = [
  { format: 'json', said: (out) => ((JSON.parse(out) as AuditResult).unscopedWaivers ?? []).filter((w) => /^waivers\.yaml:\d: waiver of .* names no servers/.test(w)).length === 2 },
  { format: 'text', said: (out) => /Waiver naming no servers: waivers\.yaml:1: waiver of db-port \(db\.port\) names no servers/.test(out.replace(/\s+/g, ' ')) },
  { format: 'markdown', said: (out) => /Waiver naming no servers: waivers\\?\.yaml:1: waiver of db-port/.test(out.replace(/\s+/g, ' ')) },
  { format: 'junit', said: (out) => /<property name="unscopedWaivers" value="Waiver naming no servers: waivers\.yaml:1: waiver of db-port/.test(out) },
  { format: 'html', said: (out) => /Waiver naming no servers: waivers\.yaml:1: waiver of db-port \(db\.port\) names no servers/.test(out.replace(/<wbr>/g, '').replace(/\s+/g, ' ')) },
  { format: 'pdf', said: (out) => /Waiver naming no servers: waivers\.yaml:1: waiver of db-port/.test(out.replace(/\s+/g, ' ')) },
];

for (const c of IN_REPORT)
  test(`unscoped waivers in the report itself, ${c.format}: the headline names each (was standard error only)`, async (t) => {
    const { dir, cleanup } = tempDir('pairaudit-leftverdict-waivers-');
    t.after(cleanup);
    pair(dir, false);
    writeFileSync(join(dir, 'waivers.yaml'), waivers([false, false]));
    const r = await runCli(['check', 'main', 'standby-a', '--waivers', 'waivers.yaml', '-f', c.format, '-o', `out.${c.format}`], { cwd: dir, now: NOW });
    assert.equal(r.code, 0, r.stderr);
    const bytes = readFileSync(join(dir, `out.${c.format}`));
    const out = c.format === 'pdf' ? pdfText(bytes) : bytes.toString('utf8');
    if (out === undefined) return t.skip('pdftotext is not installed');
    assert.ok(c.said(out), out.slice(0, 3000));
  });

test('unscoped waivers in the report itself: waivers naming their servers add nothing to it', async (t) => {
  const { dir, cleanup } = tempDir('pairaudit-leftverdict-waivers-');
  t.after(cleanup);
  pair(dir, false);
  writeFileSync(join(dir, 'waivers.yaml'), waivers([true, true]));
  const r = await runCli(['check', 'main', 'standby-a', '--waivers', 'waivers.yaml', '-f', 'json'], { cwd: dir, now: NOW });
  assert.equal((JSON.parse(r.stdout) as AuditResult).unscopedWaivers, undefined);
});
