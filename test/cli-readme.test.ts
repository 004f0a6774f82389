// README.md stays true to the program: the setup commands at the very top, a row in the command table for every
// command with every option its --help lists, and no example using an option the command does not have.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { buildProgram } from '../src/cli/main.js';
import { fakeIO } from './cli-harness.js';

const readme = readFileSync('README.md', 'utf8');
const program = (await buildProgram(fakeIO({ cwd: '.' })));

/** Every command that runs (not a group such as `rules`), by its path: `audit`, `rules list`, `profile check`. */
function leaves(cmd: Command, prefix: string[] = []): [string, Command][] {
  return cmd.commands.flatMap((sub): [string, Command][] => {
    const path = [...prefix, sub.name()];
    return sub.commands.length > 0 ? leaves(sub, path) : [[path.join(' '), sub]];
  });
}
const commands = new Map(leaves(program));

/** The first cell of each command table row, by the command it documents (`| \`pairaudit audit …\` | …`). */
const rows = new Map<string, string>();
for (const line of readme.split('\n')) {
  if (!line.startsWith('| `pairaudit ')) continue;
  const cell = line.split(/(?<!\\)\|/)[1]!.replaceAll('\\|', '|');
  const path = [...commands.keys()].filter((p) => cell.startsWith(` \`pairaudit ${p} `) || cell.startsWith(` \`pairaudit ${p}\``)).sort((a, b) => b.length - a.length)[0];
  if (path !== undefined) rows.set(path, cell);
}
const shared = readme.match(/^Options of several commands:[\s\S]*?\n\n/m)?.[0] ?? '';

test('the two setup commands open the README', () => {
  assert.match(readme, /^# pairaudit\n\n```sh\nnpm ci && npm start {2,}# .*\nnpm test {2,}# .*\n```\n/);
  const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
  assert.match(scripts.start!, /node dist\/cli\/launch\.cjs demo$/);
  assert.match(scripts.test!, /node --import tsx --test/);
});

test('the command table has a row for every command, naming every option of its --help', () => {
  assert.ok(shared !== '', 'the "Options of several commands" paragraph');
  for (const [path, cmd] of commands) {
    const row = rows.get(path);
    assert.ok(row !== undefined, `no row for pairaudit ${path}`);
    const cell = row.includes('+ the audit options') ? `${row} ${rows.get('audit')}` : row;
    const missing = cmd.options
      .filter((o) => o.long !== '--help')
      .filter((o) => !cell.includes(o.long!) && !(o.short !== undefined && new RegExp(`${o.short}[ /\\]]`).test(cell)) && !shared.includes(`\`${o.long}`) && !(o.short !== undefined && shared.includes(`\`${o.short}/${o.long}`)))
      .map((o) => o.flags);
    assert.deepEqual(missing, [], `pairaudit ${path}`);
  }
});

test('every example in the README uses only options its command has', () => {
  const problems: string[] = [];
  for (const m of readme.matchAll(/pairaudit ((?:[a-z]+ ?){1,2})([^`\n]*)/g)) {
    const words = m[1]!.trim().split(' ');
    const path = [words.join(' '), words[0]!].find((p) => commands.has(p));
    if (path === undefined) continue;
    const known = commands.get(path)!.options.flatMap((o) => [o.long, o.short]);
    for (const flag of m[2]!.matchAll(/(?<=^|[\s[(])(--?[a-z][a-z-]*)/g)) if (!known.includes(flag[1]!)) problems.push(`${m[0]}: ${flag[1]}`);
  }
  assert.deepEqual(problems, []);
});
