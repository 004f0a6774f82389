// The fleet progress: a bar with an ETA that fits the terminal and is redrawn in place, plain lines when not a terminal, nothing with --quiet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { duration, progressLine, startProgress } from '../src/cli/progress.js';
import { fakeIO } from './cli-harness.js';
import { missing } from './prerequisites.js';

test('progressLine: never wider than the terminal less one column, bar shrinks first, label cut with …', () => {
  const cases: [number, number, string, number, number][] = [
    // done, total, label, elapsed ms, columns
    [0, 120, 'North WTP/scada', 0, 50],
    [12, 120, 'North WTP/scada', 30_000, 50],
    [60, 120, 'a-very-long-site-name/a-very-long-pair-name-that-goes-on', 90_000, 50],
    [119, 120, 'x', 3_600_000, 40],
    [5, 10, 'South/triple', 5_000, 200],
    [5, 10, 'South/triple', 5_000, 20],
  ];
  for (const [done, total, label, elapsed, columns] of cases) {
    const line = progressLine(done, total, label, elapsed, columns);
    assert.ok([...line].length <= Math.max(10, columns - 1), `${JSON.stringify(line)} at ${columns} columns`);
    assert.ok(line.includes(`${done}/${total}`), line);
  }
  assert.equal(progressLine(12, 120, 'North/scada', 30_000, 80), '[###...........................] 12/120 ETA 4m30s North/scada');
  assert.equal(progressLine(0, 3, 'N/a', 0, 80), '[..............................] 0/3 N/a', 'no ETA before the first pair is done');
  assert.match(progressLine(60, 120, 'a-very-long-site-name/a-very-long-pair-name-that-goes-on', 90_000, 50), /…$/);
});

test('duration: seconds, minutes and hours', () => {
  assert.deepEqual([duration(0), duration(42_400), duration(65_000), duration(3_725_000)], ['0s', '42s', '1m05s', '1h02m']);
});

test('startProgress: redrawn in place on a terminal, a line per tenth otherwise, nothing with --quiet', () => {
  let t = 0;
  const clock = () => t;
  const tty = fakeIO({ cwd: '.' });
  tty.stderrIsTTY = true;
  tty.stderrColumns = () => 50;
  const bar = startProgress(tty, 20, 'pairs audited', false, clock)!;
  for (let i = 1; i <= 20; i++) {
    t += 1000;
    bar.tick(i, `site/pair-${i}`);
  }
  bar.end();
  const drawn = tty.err.join('');
  assert.ok(!drawn.includes('\n'), 'a terminal bar never starts a new line');
  assert.ok(!drawn.includes('\u001b'), 'no escape sequence');
  for (const frame of drawn.split('\r').filter(Boolean)) assert.ok([...frame].length <= 49, `frame too wide: ${frame}`);
  assert.match(drawn, /\r {10,}\r$/, 'the bar is cleared at the end');

  const piped = fakeIO({ cwd: '.' });
  const lines = startProgress(piped, 20, 'pairs audited', false, clock)!;
  for (let i = 1; i <= 20; i++) lines.tick(i, 'x');
  assert.equal(piped.err.length, 10, 'one line per tenth');
  assert.ok(piped.err.every((l) => /^pairaudit: \d+\/20 pairs audited(, about \S+ left| in \S+)\n$/.test(l)), piped.err.join(''));

  assert.equal(startProgress(tty, 20, 'pairs audited', true, clock), undefined);
});

// A real pseudo-terminal 50 columns wide (util-linux `script`), running the real CLI on a fleet of sample pairs.
const sample = resolve('fixtures', 'pairs', 'sample');
test('fleet in a 50-column pseudo-terminal: every frame of the bar fits, redrawn in place, cleared before the report', { skip: missing('script', 'fixtures') }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-progress-'));
  try {
    const pairs = Array.from({ length: 6 }, (_, i) => `      - name: pair-${i}-with-a-rather-long-name\n        servers: { main: ${JSON.stringify(join(sample, 'main'))}, standby-a: ${JSON.stringify(join(sample, 'standby-a'))} }`);
    writeFileSync(join(dir, 'fleet.yaml'), `sites:\n  - name: A site with a long name\n    pairs:\n${pairs.join('\n')}\n`);
    const main = resolve('src', 'cli', 'main.ts');
    const tsx = resolve('node_modules', 'tsx', 'dist', 'esm', 'index.mjs');
    const command = `stty cols 50 rows 20; node --import ${JSON.stringify(tsx)} ${JSON.stringify(main)} fleet fleet.yaml --jobs 1 -o fleet.html`;
    const run = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', COLUMNS: '50' } });
    assert.equal(run.status, 1, `drift: exit 1 (${run.stderr})`);
    const typescript = run.stdout;
    const frames = typescript.split('\r').map((f) => f.replace(/\n$/, ''));
    const bars = frames.filter((f) => /\d+\/6/.test(f) && !f.startsWith('pairaudit:'));
    assert.ok(bars.length >= 6, `expected a frame per pair, got ${JSON.stringify(typescript)}`);
    for (const f of bars) assert.ok([...f].length <= 49, `frame wider than 49 columns: ${JSON.stringify(f)}`);
    assert.ok(bars.some((f) => / ETA \d/.test(f)), 'an ETA once a pair is done');
    assert.match(typescript, /pairaudit: DRIFT: 6 pairs, 6 drift, 0 incomplete, 0 in parity, 0 errors; wrote fleet\.html/);
    // In place: the bar itself never starts a new line; only the summary does.
    assert.equal(typescript.split('\n').filter((l) => l.trim() !== '').length, 1, JSON.stringify(typescript));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
