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
const paths = [[], ...commandPaths(buildProgram(fakeIO({ cwd: '.' })))];

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
