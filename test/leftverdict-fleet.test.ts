// Fleet reports show, per pair, what its verdict does not rest on, as each pair's own audit report does in its
// headline: rules its config file set below its fail-on severity (a fleet said it on standard error only, 72b1ebb),
// and waivers naming no servers that waived its drift. A pair in parity is shown too: its GO is the one to doubt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FleetResult } from '../src/fleet/types.js';
import { runCli, writeFleetInventory } from './cli-harness.js';
import { tempDir } from './history-fixtures.js';
import { pdfText } from './report-fixture.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NOW = '2026-11-20T08:20:00Z';

const LOWERED = 'The config file sets a rule of severity warning or above lower, so this verdict (fail on warning) does not rest on it: db-port (blocker → off).';
const UNSCOPED = "waivers.yaml:1: waiver of db-port (db.port) names no servers: it waived NORTH-A and NORTH-B's drift, and would waive the same drift on any pair given this file; add `servers: { main: NORTH-A, standby-a: NORTH-B }` to it.";
const UNSCOPED_MIRROR = 'waivers.yaml:7: waiver of partners-port-mirror (standby-a:partners.standbyA.port) names no servers';

/**
 * Three pairs: `lowered` (the healthy-evidence pair, its config turning db-port off: in parity), `waived` (the Main on port
 * 5482, both blockers waived by waivers naming no servers) and `plain` (the healthy pair). Returns the folder.
 */
function fleet(dir: string): void {
  // The pair whose bundles hold every evidence: in parity, nothing but passes (its JUnit is the fleet's one passing suite).
  cpSync(join(ROOT, 'fixtures', 'pairs', 'healthy-evidence'), join(dir, 'lowered'), { recursive: true });
  writeFileSync(join(dir, 'lowered', 'config.yaml'), 'severity:\n  db-port: "off"\n');
  cpSync(join(ROOT, 'fixtures', 'pairs', 'healthy'), join(dir, 'waived'), { recursive: true });
  const reg = join(dir, 'waived', 'main', 'ClearSCADA.reg');
  const text = readFileSync(reg, 'utf16le');
  writeFileSync(reg, text.replace('"Port"=dword:00001569\r\n"ClientAdvisePortBase"', '"Port"=dword:0000156a\r\n"ClientAdvisePortBase"'), 'utf16le');
  const one = (ruleId: string, setting: string): string => `- ruleId: ${ruleId}\n  setting: ${setting}\n  reason: port moved for CHG-77\n  approvedBy: J. Smith\n  expires: 2026-12-31\n  values: { main: 5482, standby-a: 5481 }\n`;
  writeFileSync(join(dir, 'waivers.yaml'), one('db-port', 'db.port') + one('partners-port-mirror', 'standby-a:partners.standbyA.port'));
  cpSync(join(ROOT, 'fixtures', 'pairs', 'healthy'), join(dir, 'plain'), { recursive: true });
  writeFleetInventory(dir, [
    '      - { name: lowered, config: lowered/config.yaml, servers: { main: lowered/main, standby-a: lowered/standby-a } }',
    '      - { name: waived, waivers: waivers.yaml, servers: { main: waived/main, standby-a: waived/standby-a } }',
    '      - { name: plain, servers: { main: plain/main, standby-a: plain/standby-a } }',
  ]);
}

/** Text as a reader sees it: tags and `<wbr>` dropped, entities decoded, wrapped lines joined. */
function flat(text: string): string {
  return text
    .replace(/<wbr>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&#x60;/g, '`')
    .replace(/&#x3D;/g, '=')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** Per format: the output as text, and what must be found in it for the `lowered` and `waived` pairs. */
const FORMATS: { format: string; check: (out: string) => void }[] = [
  {
    format: 'text',
    check: (out) => {
      const text = flat(out);
      assert.ok(text.includes(`* ${LOWERED}`), text);
      assert.ok(text.includes(`* ${UNSCOPED}`), text);
      assert.ok(text.includes(`* ${UNSCOPED_MIRROR}`), text);
      assert.equal(out.split('\n').filter((l) => /^ {4}\* /.test(l)).length, 3, 'one line per note, none for the plain pair');
    },
  },
  {
    format: 'markdown',
    check: (out) => {
      assert.ok(out.includes(`> **Note:** ${LOWERED}`), out);
      assert.ok(out.includes('> **Note:** waivers.yaml:1: waiver of db-port (db.port) names no servers'), out);
      assert.match(out, /^### North\/lowered: IN PARITY$/m, 'a pair in parity with a note gets its section');
      assert.doesNotMatch(out, /^### North\/plain/m);
    },
  },
  {
    format: 'html',
    check: (out) => {
      const sections = out.split('<section class="fl-pair"');
      const of = (id: string): string => flat(sections.find((s) => s.includes(`</span> ${id}</h2>`)) ?? assert.fail(`no section for ${id}`));
      assert.ok(of('North/lowered').includes(LOWERED), of('North/lowered'));
      assert.ok(of('North/waived').includes(UNSCOPED), of('North/waived'));
      assert.equal(out.split('<ul class="fl-notes">').length - 1, 2);
      assert.ok(!of('North/plain').includes('fl-notes'));
    },
  },
  {
    format: 'junit',
    check: (out) => {
      const suites = out.split('<testsuite ').slice(1);
      const lowered = suites.filter((s) => s.startsWith('name="North/lowered'));
      assert.equal(lowered.length, 1);
      assert.match(lowered[0]!, /name="in-parity: \d+ checks passed"/, 'the fleet\'s own suite of a pair with nothing but passes');
      assert.match(lowered[0]!, new RegExp(`<property name="severityOverrides" value="${LOWERED.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"/>`));
      const waived = suites.filter((s) => s.startsWith('name="North/waived'));
      assert.ok(waived.length > 0, out);
      for (const s of waived) assert.equal(s.split('<property name="unscopedWaiver" ').length - 1, 2, s);
      assert.ok(waived.every((s) => s.includes('value="waivers.yaml:1: waiver of db-port (db.port) names no servers')));
      assert.ok(suites.filter((s) => s.startsWith('name="North/plain')).every((s) => !/severityOverrides|unscopedWaiver/.test(s)), out);
    },
  },
  {
    format: 'json',
    check: (out) => {
      const result = JSON.parse(out) as FleetResult;
      const [lowered, waived, plain] = result.pairs;
      assert.deepEqual(lowered!.audit?.severityOverrides, [{ ruleId: 'db-port', severity: 'blocker', configured: 'off' }]);
      assert.equal(waived!.unscopedWaivers?.length, 2);
      assert.equal(plain!.unscopedWaivers, undefined);
    },
  },
];

for (const c of FORMATS) {
  test(`fleet --format ${c.format}: each pair's lowered rules and waivers naming no servers are shown under the pair${c.format === 'json' ? ' (its audit and the pair carry them)' : ' (was missing)'}`, async (t) => {
    const { dir, cleanup } = tempDir('pairaudit-leftverdict-fleet-');
    t.after(cleanup);
    fleet(dir);
    const r = await runCli(['fleet', 'fleet.yaml', '-f', c.format, '-q', '--jobs', '1'], { cwd: dir, now: NOW });
    assert.notEqual(r.stdout, '', r.stderr);
    c.check(r.stdout);
  });
}

test('fleet --format pdf: each pair\'s page says what its verdict does not rest on (was missing)', async (t) => {
  const { dir, cleanup } = tempDir('pairaudit-leftverdict-fleet-');
  t.after(cleanup);
  fleet(dir);
  const r = await runCli(['fleet', 'fleet.yaml', '-o', 'fleet.pdf', '-q', '--jobs', '1'], { cwd: dir, now: NOW });
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  const text = pdfText(readFileSync(join(dir, 'fleet.pdf')));
  if (text === undefined) return t.skip('pdftotext is not installed');
  const pages = text.split('\f').map(flat);
  const page = (id: string): string => pages.find((p) => p.includes(`${id} `) && /PAIR \d+ OF 3/.test(p)) ?? assert.fail(`no page for ${id}`);
  assert.ok(page('North/lowered').includes('The config file sets a rule of severity warning or above lower'), page('North/lowered'));
  assert.ok(page('North/lowered').includes('db-port (blocker → off)'), page('North/lowered'));
  assert.ok(page('North/waived').includes('waiver of db-port (db.port) names no servers'), page('North/waived'));
  assert.ok(!page('North/plain').includes('does not rest on'), page('North/plain'));
});
