// The text report on a terminal is laid out for the terminal's own width (COLUMNS first); into a pipe or a file, always 80.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { run } from '../src/cli/main.js';
import { formatContext, terminalWidth } from '../src/cli/render.js';
import { fakeIO } from './cli-harness.js';
import { tempDir } from './history-fixtures.js';

const pair = ['main', 'standby-a'].map((s) => resolve('fixtures/pairs/sample', s));

test('terminalWidth: COLUMNS, else the terminal width, kept within 40..120; none for a pipe or a file', () => {
  const cases: [isTTY: boolean, columns: string | undefined, stdoutColumns: number | undefined, expected: number | undefined][] = [
    [true, undefined, 60, 60],
    [true, undefined, 100, 100],
    [true, undefined, 30, 40],
    [true, undefined, 300, 120],
    [true, undefined, undefined, undefined],
    [true, undefined, 0, undefined],
    [true, '100', 60, 100],
    [true, '30', 60, 40],
    [true, '', 60, 60],
    [true, 'wide', 60, 60],
    [false, undefined, 60, undefined],
    [false, '100', 60, undefined],
  ];
  for (const [isTTY, columns, stdoutColumns, expected] of cases) {
    const io = fakeIO({ cwd: '.', isTTY, env: { COLUMNS: columns } });
    io.stdoutColumns = () => stdoutColumns;
    assert.equal(terminalWidth(io), expected, JSON.stringify({ isTTY, columns, stdoutColumns }));
    assert.equal(formatContext(io, 'text', false).width, undefined, 'a report written to a file is laid out for 80 columns');
  }
});

test('audit on a 60-column terminal: no line wider than 60; the same report written with -o is the one of a pipe', async (t) => {
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  const tty = fakeIO({ cwd: dir, isTTY: true });
  tty.stdoutColumns = () => 60;
  await run(['audit', ...pair], tty);
  const lines = tty.stdoutText().split('\n');
  const widest = Math.max(...lines.map((l) => [...l].length));
  assert.ok(widest <= 60 && widest > 50, `widest line ${widest} columns:\n${lines.filter((l) => [...l].length > 60).join('\n')}`);

  const pipe = fakeIO({ cwd: dir });
  await run(['audit', ...pair], pipe);
  assert.ok(Math.max(...pipe.stdoutText().split('\n').map((l) => [...l].length)) > 60, 'a pipe gets 80 columns');
  const file = fakeIO({ cwd: dir, isTTY: true });
  file.stdoutColumns = () => 60;
  await run(['audit', ...pair, '-o', 'a.txt', '-q'], file);
  assert.equal(readFileSync(join(dir, 'a.txt'), 'utf8'), pipe.stdoutText());
});
