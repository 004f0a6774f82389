// Red team, second round: a site's config file that sets blocker rules lower (`severity: { db-port: warning,
// partners-port-mirror: off }`) turned a Standby on another database port into a GO, and nothing in the result or
// on the terminal said that the GO no longer rested on those rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuditResult } from '../src/types.js';
import { runCli, writeFleetInventory } from './cli-harness.js';
import { tempDir } from './history-fixtures.js';
import { pdfText } from './report-fixture.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NOW = '2026-11-20T08:20:00Z';

/** The healthy pair with the Main on database port 5482, and a config file `config` beside it; returns the folder. */
function pairWithConfig(dir: string, config: string): string {
  cpSync(join(ROOT, 'fixtures', 'pairs', 'healthy'), dir, { recursive: true });
  const file = join(dir, 'main', 'ClearSCADA.reg');
  const text = readFileSync(file, 'utf16le');
  const edited = text.replace('"Port"=dword:00001569\r\n"ClientAdvisePortBase"', '"Port"=dword:0000156a\r\n"ClientAdvisePortBase"');
  assert.notEqual(edited, text);
  writeFileSync(file, edited, 'utf16le');
  writeFileSync(join(dir, 'config.yaml'), config);
  return dir;
}

const LOWERING = 'severity:\n  db-port: warning\n  partners-port-mirror: "off"\n  telnet-server: warning\n';

interface Case {
  name: string;
  args: string[];
  config: string;
  code: number;
  /** The result's severityOverrides as `ruleId severity→configured`. */
  overrides: string[];
  /** The warning on standard error, or undefined for none. */
  warning: RegExp | undefined;
}

const CASES: Case[] = [
  {
    name: 'check: two blockers set lower, one info rule raised: GO, and the result and the terminal say the GO does not rest on the two (was silent)',
    args: ['check'],
    config: LOWERING,
    code: 0,
    overrides: ['db-port blocker→warning', 'partners-port-mirror blocker→off', 'telnet-server info→warning'],
    warning: /^pairaudit: warning: the config file sets 2 rules of severity blocker or above lower, so this GO does not rest on them: db-port \(blocker → warning\), partners-port-mirror \(blocker → off\)$/m,
  },
  {
    name: 'audit (fail on warning): only the blocker turned off is below the verdict',
    args: ['audit'],
    config: LOWERING,
    code: 1,
    overrides: ['db-port blocker→warning', 'partners-port-mirror blocker→off', 'telnet-server info→warning'],
    warning: /^pairaudit: warning: the config file sets a rule of severity warning or above lower, so this verdict \(fail on warning\) does not rest on it: partners-port-mirror \(blocker → off\)$/m,
  },
  {
    name: 'check: a config that raises a rule only: no warning',
    args: ['check'],
    config: 'severity:\n  telnet-server: blocker\n',
    code: 1,
    overrides: ['telnet-server info→blocker'],
    warning: undefined,
  },
];

for (const c of CASES) {
  test(`red team 2, config: ${c.name}`, async (t) => {
    const { dir, cleanup } = tempDir('pairaudit-redteam2-config-');
    t.after(cleanup);
    pairWithConfig(dir, c.config);
    const r = await runCli([...c.args, join(dir, 'main'), join(dir, 'standby-a'), '--config', join(dir, 'config.yaml'), '-f', 'json', '-q'], { cwd: dir, now: NOW });
    assert.equal(r.code, c.code, r.stderr);
    const result = JSON.parse(r.stdout) as AuditResult;
    assert.deepEqual((result.severityOverrides ?? []).map((o) => `${o.ruleId} ${o.severity}→${o.configured}`), c.overrides);
    if (c.warning === undefined) assert.doesNotMatch(r.stderr, /config file sets/);
    else assert.match(r.stderr, c.warning);
  });
}

test('a GO that rests on a config setting blockers lower names those rules in the headline of every format', async (t) => {
  const { dir, cleanup } = tempDir('pairaudit-redteam2-config-');
  t.after(cleanup);
  pairWithConfig(dir, LOWERING);
  for (const format of ['text', 'markdown', 'html', 'junit', 'pdf']) {
    const out = join(dir, `check.${format}`);
    const r = await runCli(['check', join(dir, 'main'), join(dir, 'standby-a'), '--config', join(dir, 'config.yaml'), '-f', format, '-o', out, '-q'], { cwd: dir, now: NOW });
    assert.equal(r.code, 0, `${format}: ${r.stderr}`);
    const raw = format === 'pdf' ? pdfText(readFileSync(out)) : readFileSync(out, 'utf8');
    if (raw === undefined) continue; // no pdftotext outside CI (prerequisites.ts)
    const text = raw.replace(/\s+/g, ' ');
    assert.match(text, /config file sets 2 rules of severity blocker or above lower, so this GO does not rest on them: db-port \(blocker (→|&#x2192;|&rarr;) warning\), partners-port-mirror/, format);
  }
});

test('fleet: a pair whose config sets blockers lower is named on standard error, even with --quiet; a pair without is not', async (t) => {
  const { dir, cleanup } = tempDir('pairaudit-redteam2-config-');
  t.after(cleanup);
  pairWithConfig(join(dir, 'lowered'), LOWERING);
  cpSync(join(ROOT, 'fixtures', 'pairs', 'healthy'), join(dir, 'plain'), { recursive: true });
  writeFleetInventory(dir, [
    '      - { name: lowered, config: lowered/config.yaml, servers: { main: lowered/main, standby-a: lowered/standby-a } }',
    '      - { name: plain, servers: { main: plain/main, standby-a: plain/standby-a } }',
  ]);
  const r = await runCli(['fleet', join(dir, 'fleet.yaml'), '-f', 'json', '-q'], { cwd: dir, now: NOW });
  const lines = r.stderr.split('\n').filter((l) => /config file sets/.test(l));
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, /^pairaudit: warning: North\/lowered: the config file sets a rule of severity warning or above lower, so this verdict \(fail on warning\) does not rest on it: partners-port-mirror \(blocker → off\)$/);
});
