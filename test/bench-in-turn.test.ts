// Two builds compared in turn (test/bench/in-turn.ts): how the ratios of the pairs of runs are summed up, the
// sign test that says whether a difference is shown, the arguments refused, and a real comparison of the built
// command with itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ArgumentError, describe, parseInTurnArgs, signTest, summariseRatios } from './bench/in-turn.js';
import { installedBin, missing } from './prerequisites.js';

const close = (a: number, b: number): boolean => Math.abs(a - b) < 1e-9;

const signCases: { name: string; faster: number; slower: number; p: number }[] = [
  { name: 'no pair', faster: 0, slower: 0, p: 1 },
  { name: 'an even split', faster: 5, slower: 5, p: 1 },
  { name: 'one pair', faster: 1, slower: 0, p: 1 },
  { name: 'ten of ten', faster: 10, slower: 0, p: 2 / 1024 },
  { name: 'nine of ten', faster: 9, slower: 1, p: (2 * 11) / 1024 },
  { name: 'eight of ten', faster: 2, slower: 8, p: (2 * 56) / 1024 },
  { name: 'thirty of thirty', faster: 30, slower: 0, p: 2 / 2 ** 30 },
];
for (const c of signCases) {
  test(`sign test: ${c.name}`, () => assert.ok(close(signTest(c.faster, c.slower), c.p), `${signTest(c.faster, c.slower)} against ${c.p}`));
}

const summaryCases: { name: string; ratios: number[]; median: number; q1: number; q3: number; faster: number; slower: number }[] = [
  { name: 'one ratio', ratios: [1.2], median: 1.2, q1: 1.2, q3: 1.2, faster: 0, slower: 1 },
  { name: 'ties count neither way', ratios: [1, 1, 1], median: 1, q1: 1, q3: 1, faster: 0, slower: 0 },
  { name: 'in any order, quartiles between the ratios', ratios: [1.1, 0.9, 1.0, 0.8, 1.2], median: 1.0, q1: 0.9, q3: 1.1, faster: 2, slower: 2 },
  { name: 'an even count', ratios: [0.95, 0.97, 0.99, 1.05], median: 0.98, q1: 0.965, q3: 1.005, faster: 3, slower: 1 },
];
for (const c of summaryCases) {
  test(`summary: ${c.name}`, () => {
    const s = summariseRatios(c.ratios);
    for (const k of ['median', 'q1', 'q3'] as const) assert.ok(close(s[k], c[k]), `${k} ${s[k]} against ${c[k]}`);
    assert.deepEqual([s.n, s.faster, s.slower], [c.ratios.length, c.faster, c.slower]);
    assert.ok(close(s.p, signTest(c.faster, c.slower)));
  });
}

test('summary: no ratio is an error, not a figure', () => assert.throws(() => summariseRatios([]), /no ratios/));

test('report: a clear win is called one, a wash is not', () => {
  const stats = (ms: number) => ({ wallMs: ms, cpuMs: ms, peakRss: 100 * 1024 * 1024, code: 0, stderr: '' });
  const won = describe('pair', { a: stats(900), b: stats(1000), ratio: 0.9, ratios: Array(10).fill(0.9), cpuRatios: Array(10).fill(0.9) });
  assert.match(won[1], /^ {2}wall {2}new 0\.900 s {2}base 1\.000 s {2}new\/base 0\.900 .*new faster in 10 of 10, sign test p 0\.002: new faster\)$/);
  assert.match(won[2], /^ {2}CPU /);
  assert.match(won[3], /peak {2}new 100\.0 MB {2}base 100\.0 MB/);
  const wash = describe('pair', { a: stats(1000), b: stats(1000), ratio: 1, ratios: [0.98, 1.02, 0.99, 1.01], cpuRatios: [] });
  assert.match(wash[1], /no difference shown\)$/);
  assert.equal(wash.length, 3, 'no CPU line without CPU times');
});

const fixture = join(import.meta.dirname, '..', 'fixtures', 'pairs', 'sample');
const refused: { name: string; argv: string[]; message: RegExp }[] = [
  { name: 'no --base', argv: [], message: /--base FILE is needed/ },
  { name: 'a base that is not there', argv: ['--base', '/nonexistent/launch.cjs'], message: /--base: no such file/ },
  { name: 'zero pairs', argv: ['--base', installedBin, '--pairs', '0'], message: /--pairs: "0" is not a whole number/ },
  { name: 'a size that is not a number', argv: ['--base', installedBin, '--sizes', '20000,lots'], message: /--sizes: "lots"/ },
  { name: 'a format the audit does not write', argv: ['--base', installedBin, '--format', 'xml'], message: /--format: "xml" is not one of/ },
  { name: 'an option without its value', argv: ['--base'], message: /--base needs a value/ },
  { name: 'an unknown option', argv: ['--base', installedBin, '--fast', '1'], message: /unknown option --fast/ },
  { name: 'one server only', argv: ['--base', installedBin, join(fixture, 'main')], message: /one server given/ },
  { name: 'a server that is not there', argv: ['--base', installedBin, join(fixture, 'main'), join(fixture, 'nowhere')], message: /no such file or folder/ },
];
for (const c of refused) {
  test(`arguments refused: ${c.name}`, { skip: missing('dist') }, () => {
    assert.throws(() => parseInTurnArgs(c.argv), (e: unknown) => e instanceof ArgumentError && c.message.test(e.message));
  });
}

test('arguments: servers given replace the generated pairs; defaults otherwise', { skip: missing('dist') }, () => {
  const o = parseInTurnArgs(['--base', installedBin, '--pairs', '4', join(fixture, 'main'), join(fixture, 'standby-a')]);
  assert.deepEqual([o?.pairs, o?.format, o?.servers.length, o?.bin], [4, 'json', 2, installedBin]);
  assert.deepEqual(parseInTurnArgs(['--base', installedBin, '--sizes', '2000'])?.sizes, [2000]);
  assert.equal(parseInTurnArgs(['--pairs', '3', '--help']), undefined, '--help asks for the usage, whatever else is given');
});

test('the built command against itself on a fixture pair: a ratio per pair, exit 0; a bad argument is one line, exit 2', { skip: missing('dist') }, () => {
  const script = join(import.meta.dirname, 'bench', 'in-turn.ts');
  const run = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8' });
  const ok = run(['--base', installedBin, '--pairs', '2', join(fixture, 'main'), join(fixture, 'standby-a')]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /2 pairs of runs in turn \(order alternated\)/);
  assert.match(ok.stdout, /^ {2}wall {2}new [\d.]+ s {2}base [\d.]+ s {2}new\/base [\d.]+ {2}\(middle half/m);
  const help = run(['--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^usage: node --import tsx test\/bench\/in-turn\.ts --base /);
  const bad = run(['--pairs', 'x']);
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr, 'in-turn: --pairs: "x" is not a whole number of at least 1\n');
});
