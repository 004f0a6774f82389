// `pairaudit fleet` prints each server's collection warnings on standard error, as `audit` does, naming the pair and the
// server first; its reports listed them, but nothing reached the terminal. Text from an export is shown, not obeyed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './cli-harness.js';
import { tempDir } from './history-fixtures.js';
import { missing } from './prerequisites.js';

const skip = missing('fixtures');
const now = '2026-11-23T09:05:00Z';

/** The healthy pair, each server's DB key given a value named `A\X…` and a subkey `DB\A` whose value `X…` meets it in one name: a warning each. */
function warningPair(dir: string, name: string): void {
  cpSync('fixtures/pairs/healthy', join(dir, name), { recursive: true });
  for (const server of ['main', 'standby-a']) {
    const file = join(dir, name, server, 'ClearSCADA.reg');
    const text = readFileSync(file, 'utf16le');
    const port = '"Port"=dword:00001569';
    assert.ok(text.includes(port));
    // An escape sequence (clears the screen) and a right-to-left override in the name: both must reach the terminal shown.
    const value = 'X\x1b[2J\u202eY';
    writeFileSync(file, `${text.replace(port, `${port}\r\n"A\\\\${value}"="one"`)}\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA\\DB\\A]\r\n"${value}"="one"\r\n`, 'utf16le');
  }
}

/** A fleet of every shape: two, three and five servers, a named instance, bundles and plain exports that warn, a missing input. */
function fleetFolder(dir: string, pairs: string[]): string {
  for (const p of ['healthy', 'triple-standby', 'five-servers', 'named-instance']) cpSync(join('fixtures/pairs', p), join(dir, p), { recursive: true });
  warningPair(dir, 'warned');
  const all: Record<string, string> = {
    healthy: '{ name: healthy, servers: { main: healthy/main, standby: healthy/standby-a } }',
    triple: '{ name: triple, servers: { main: triple-standby/main, standby-a: triple-standby/standby-a, standby-b: triple-standby/standby-b } }',
    five: '{ name: five, servers: { main: five-servers/main, standby-a: five-servers/standby-a, permanent-a: five-servers/permanent-a, permanent-b: five-servers/permanent-b, permanent-c: five-servers/permanent-c } }',
    named: '{ name: named, instance: Site2, servers: { main: named-instance/main, standby-a: named-instance/standby-a } }',
    warned: '{ name: warned, servers: { main: warned/main, standby-a: warned/standby-a } }',
    exports: '{ name: exports, servers: { main: warned/main/ClearSCADA.reg, standby-a: warned/standby-a/ClearSCADA.reg } }',
    missing: '{ name: missing, servers: { main: warned/main, standby-a: warned/no-such-bundle } }',
  };
  const file = join(dir, 'fleet.yaml');
  writeFileSync(file, ['sites:', '  - name: North WTP', '    pairs:', ...pairs.map((p) => `      - ${all[p]}`)].join('\n'));
  return file;
}

/** A warning line of the pair `id`, server `label`, file `file`: the message's escape and override shown as text. */
const warning = (id: string, label: string, file: string): RegExp =>
  new RegExp(`^pairaudit: warning: ${id} \\(${label}\\): ${file.replace(/[./]/g, '\\$&')}: line \\d+: setting "reg:DB\\\\A\\\\X\\\\x1b\\[2J\\\\u202eY" is defined twice; kept the value of line \\d+$`);

/** `jobs`: default one thread; two where the order of the lines must not depend on the threads'. */
const CASES: { name: string; pairs: string[]; args?: string[]; jobs?: string[]; code: number; lines: RegExp[] }[] = [
  { name: 'groups of two, three and five servers and a named instance, none warning: nothing on standard error', pairs: ['healthy', 'triple', 'five', 'named'], code: 0, lines: [] },
  {
    name: 'bundles that warn: a line per warning, naming the pair and the server, the file within the bundle as the inventory names it; the exit code unchanged',
    pairs: ['healthy', 'warned', 'five'],
    code: 0,
    lines: [warning('North WTP/warned', 'NORTH-A', 'warned/main/ClearSCADA.reg'), warning('North WTP/warned', 'NORTH-B', 'warned/standby-a/ClearSCADA.reg')],
  },
  {
    name: 'plain exports that warn, and a pair whose second input is missing: the warnings of what was read, in inventory order; exit 2',
    pairs: ['exports', 'triple', 'missing'],
    jobs: ['1', '2'],
    code: 2,
    lines: [warning('North WTP/exports', 'NORTH-A', 'warned/main/ClearSCADA.reg'), warning('North WTP/exports', 'NORTH-B', 'warned/standby-a/ClearSCADA.reg'), warning('North WTP/missing', 'NORTH-A', 'warned/main/ClearSCADA.reg')],
  },
  { name: '--fail-on none with a missing input: the warnings, and exit 2', pairs: ['missing', 'five'], args: ['--fail-on', 'none'], code: 2, lines: [warning('North WTP/missing', 'NORTH-A', 'warned/main/ClearSCADA.reg')] },
];

for (const c of CASES) {
  test(`fleet warnings on standard error: ${c.name}`, { skip }, async (t) => {
    const { dir, cleanup } = tempDir('pairaudit-fleet-warnings-');
    t.after(cleanup);
    const inventory = fleetFolder(dir, c.pairs);
    // From another folder than the inventory's: the lines name the files as the inventory does, wherever it runs.
    for (const jobs of c.jobs ?? ['1']) {
      const r = await runCli(['fleet', inventory, '-q', '-f', 'json', '--jobs', jobs, ...(c.args ?? [])], { cwd: process.cwd(), now });
      assert.equal(r.code, c.code, r.stderr);
      const lines = r.stderr.split('\n').slice(0, -1);
      assert.equal(lines.length, c.lines.length, r.stderr);
      c.lines.forEach((re, i) => assert.match(lines[i], re));
      for (const ch of ['\x1b', '\u202e', '\r']) assert.ok(!r.stderr.includes(ch), `${JSON.stringify(ch)}: no control character from an export reaches the terminal`);
    }
  });
}
