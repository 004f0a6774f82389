// Every command's --help fits an 80-column terminal, epilogue included: each command and subcommand the program registers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Command } from 'commander';
import { buildProgram } from '../src/cli/main.js';
import { fakeIO, runCli } from './cli-harness.js';

/** Every command path of the program (`audit`, `rules list`, `profile check`, …), from commander itself. */
function commandPaths(cmd: Command, prefix: string[] = []): string[][] {
  return cmd.commands.flatMap((sub) => [[...prefix, sub.name()], ...commandPaths(sub, [...prefix, sub.name()])]);
}
const paths = [[], ...commandPaths((await buildProgram(fakeIO({ cwd: '.' }))))];

test('every command is checked, those added later too', () => {
  const names = paths.map((p) => p.join(' '));
  for (const c of ['audit', 'check', 'fleet', 'changes', 'report', 'verify', 'rules list', 'profile check', 'keygen', 'migrate']) assert.ok(names.includes(c), c);
});

for (const path of paths) {
  test(`pairaudit ${path.join(' ')} --help: no line over 80 columns`, async () => {
    const r = await runCli([...path, '--help'], { cwd: '.' });
    assert.equal(r.code, 0);
    const long = r.stdout.split('\n').filter((l) => [...l].length > 80);
    assert.deepEqual(long, []);
  });
}

// A command line that names a command registers that command alone (its modules alone load); what it prints
// must not depend on that: each command's help, usage and option list are those of the whole program's.
const whole = await buildProgram(fakeIO({ cwd: '.' }));
for (const sub of whole.commands) {
  test(`pairaudit ${sub.name()} …: only ${sub.name()} is registered, and its help is the whole program's`, async () => {
    const alone = await buildProgram(fakeIO({ cwd: '.' }), [sub.name(), '--help']);
    assert.deepEqual(alone.commands.map((c) => c.name()), [sub.name()]);
    const helpOf = (c: Command): string[] => [c, ...c.commands].map((x) => x.helpInformation());
    assert.deepEqual(helpOf(alone.commands[0]), helpOf(sub));
  });
}

test('every command is registered for --help, a misspelt command and none; none for --version, which prints the version', async () => {
  for (const argv of [[], ['--help'], ['audti'], ['help', 'audit']]) assert.equal((await buildProgram(fakeIO({ cwd: '.' }), argv)).commands.length, whole.commands.length, argv.join(' '));
  assert.equal((await buildProgram(fakeIO({ cwd: '.' }), ['--version'])).commands.length, 0);
  const version = await runCli(['--version'], { cwd: '.' });
  assert.equal(version.code, 0);
  assert.equal(version.stdout, '0.0.0-test\n');
  const misspelt = await runCli(['audti'], { cwd: '.' });
  assert.equal(misspelt.code, 2);
  assert.match(misspelt.stderr, /unknown command 'audti'[\s\S]*\(Did you mean audit\?\)/);
});
