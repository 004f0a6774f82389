// Report JSON written in one pass: the same bytes as stable stringify → parse → indented stringify, on awkward values;
// and in pieces (formatJsonPieces, what the CLI writes): the same bytes through the output guard, about 20 K characters at a time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import stringify from 'fast-json-stable-stringify';
import { sortedJson } from '../src/report/sorted-json.js';
import { formatJson, formatJsonBytes, formatJsonPieces, safeResult } from '../src/report/json.js';
import { neutralise } from '../src/report/sanitize.js';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Buffer } from 'node:buffer';
import { manyFindings, sampleResult } from './report-fixture.js';
import { runCli } from './cli-harness.js';
import type { Finding } from '../src/types.js';

/** Characters the output guard replaces (sanitize.ts). */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\r(?!\n)/;

/** What the reports wrote before: a stable stringify, parsed back, then indented. */
const threePass = (value: unknown): string => `${JSON.stringify(JSON.parse(stringify(value)), null, 2)}\n`;

const protoKey = JSON.parse('{"b":1,"__proto__":{"x":2},"a":[]}') as unknown;

/** An array with a hole at index 1. */
const holes: number[] = [];
holes[0] = 1;
holes[2] = 3;

const cases: [string, unknown][] = [
  ['keys out of order at every depth', { z: 1, a: { y: [{ d: 1, c: 2 }], b: 'x' } }],
  ['integer-like keys come first, in numeric order', { b: 1, '10': 2, '9': 3, '01': 4, '-1': 5, a: { '2': 'x', '1': 'y' } }],
  ['an own __proto__ key stays a key', protoKey],
  ['undefined, functions and symbols left out of objects', { a: undefined, b: () => 1, c: Symbol('s'), d: 0 }],
  ['undefined, functions and symbols null in arrays', [undefined, () => 1, Symbol('s'), 1]],
  ['non-finite numbers are null; -0 is 0', { nan: NaN, inf: Infinity, ninf: -Infinity, negZero: -0, big: 1e21, small: 5e-7 }],
  ['toJSON applied, its result sorted', { when: new Date(Date.UTC(2026, 10, 30)), custom: { toJSON: () => ({ b: 1, a: 2 }) } }],
  ['strings with escapes, lone surrogates, bidi and control characters', { s: 'a"b\\c\n\t\u0000\u001f\u2028\u202e\ud800 \udc00 😀', '\u00e9': 'é' }],
  ['empty objects and arrays', { a: {}, b: [], c: [[], [{}]] }],
  ['objects already in sorted order, holding values that change (NaN, a function, undefined, a Date)', { a: 1, b: { c: NaN, d: () => 1, e: undefined, f: new Date(0) }, g: [1, undefined, NaN] }],
  ['objects of one key list in turn, and other lists of the same length', [{ b: 1, a: 2 }, { b: 3, a: 4 }, { d: 5, c: 6 }, { b: 7, a: 8 }, { a: 9, b: 10 }, { b: 11, c: 12 }]],
  ['a boxed primitive, a class instance and a null-prototype object with sorted keys', { n: new Number(1), s: new String('ab'), m: new Map([[1, 2]]), c: new (class { a = 1; b = 2 })(), p: Object.assign(Object.create(null) as object, { a: 1, b: { d: 1, c: 2 } }) }],
  ['an array with holes, nested arrays unchanged and changed', { a: holes, b: [[1, 2], ['x']], c: [[{ b: 1, a: 2 }]] }],
  ['top-level scalars', 'x'],
  ['null', null],
];

for (const [name, value] of cases) {
  test(`sortedJson: ${name}`, () => {
    assert.equal(sortedJson(value), threePass(value));
  });
}

test('sortedJson reads each value once (a getter is called once, as JSON.stringify would call it)', () => {
  let reads = 0;
  const value = {
    get a() {
      reads++;
      return { y: 1, x: 2 };
    },
    b: 1,
  };
  assert.equal(sortedJson(value), `${JSON.stringify({ a: { x: 2, y: 1 }, b: 1 }, null, 2)}\n`);
  assert.equal(reads, 1);
});

test('formatJson: a result of 2,000 findings is byte for byte what the three-pass writer gave', () => {
  const result = sampleResult(manyFindings(2_000));
  assert.equal(formatJson(result), threePass(safeResult(result)));
});

// Results shaped as a library caller or a future field may make them: every awkward value above inside a finding's
// data (a library caller's finding may hold any JSON), a top-level field left undefined, integer-like keys at the top, an empty list, a list of lists.
/** The object with its keys inserted in sorted order. */
const sortedKeys = (o: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
const awkwardFinding = { ...sampleResult().findings[0], data: Object.fromEntries(cases.map(([name, value], i) => [`${i}:${name}`, value])) };
/** A stray secret object (hmac, plaintext) and a connection string with a password wherever a finding holds values. */
const stray = { secret: true, set: true, same: false, hmac: 'deadbeef', plaintext: 'Hunter2' };
const withPassword = 'Server=db;User Id=sa;Password=Hunter2;';
const secretFinding = {
  ...sampleResult().findings[0],
  values: { main: stray, 'standby-a': withPassword },
  attribution: [{ role: 'standby-a', server: 'B', from: stray, to: withPassword, firstSeen: '2026-11-20T08:00:00.000Z' }],
  waiver: { reason: 'r', approvedBy: 'a', expires: '2027-01-01', state: 'values-changed', changed: [{ role: 'main', accepted: withPassword, found: stray }] },
};
const pieceCases: [string, () => unknown][] = [
  ['the sample result', () => sampleResult()],
  ['300 findings', () => sampleResult(manyFindings(300))],
  ['no findings (an empty list)', () => sampleResult([])],
  ['one finding holding every awkward value', () => sampleResult([awkwardFinding as unknown as Finding])],
  ['secrets in values, an attribution and a lapsed waiver\'s changes (each reduced to set/same)', () => sampleResult([secretFinding as Finding])],
  ['a top-level field undefined, integer-like top-level keys, a list of lists', () => ({ ...sampleResult(manyFindings(3)), waivers: undefined, '10': [[1, [2, {}]], []], '2': 'x' })],
  ['a top-level field undefined among keys already in sorted order (the copy keeps the object as it is)', () => sortedKeys({ ...(JSON.parse(formatJson(sampleResult(manyFindings(3)))) as Record<string, unknown>), nothing: undefined })],
];

for (const [name, make] of pieceCases) {
  test(`formatJsonPieces joined is formatJson's text through the output guard, which then finds nothing to replace: ${name}`, () => {
    const result = make() as Parameters<typeof formatJson>[0];
    const joined = [...formatJsonPieces(result)].join('');
    assert.equal(joined, neutralise(formatJson(result)));
    assert.equal(neutralise(joined), joined);
    assert.equal(Buffer.concat([...formatJsonBytes(result)]).toString('utf8'), joined);
    assert.ok(!joined.includes('Hunter2') && !joined.includes('deadbeef'), 'no secret written');
  });
}

test('formatJsonPieces: a finding with hostile text is written with the guard\'s escapes, keys and values alike, and keeps its data', () => {
  const hostile = '\u001b[2J \u009b2J \u202egnp.exe \u2067x\u2069 \r lone \u0085 \u061c \u200e';
  // Strings with nothing JSON escapes beside a C1 or bidi control, too (in a value, in a key).
  const data = { [hostile]: hostile, bidi: 'photo\u202egnp.exe', 'c1\u009b': 'x\u0085y' };
  const f = { ...sampleResult().findings[0]!, message: hostile, setting: 'a\u2066b', data };
  const joined = [...formatJsonPieces(sampleResult([f]))].join('');
  assert.equal(FORBIDDEN.exec(joined), null);
  assert.ok(joined.includes('\\u202egnp.exe'), 'the bidi override shown as an escape');
  const back = JSON.parse(joined) as { findings: Finding[] };
  assert.equal(back.findings[0]!.message, hostile);
  assert.deepEqual(back.findings[0]!.data, data);
  assert.equal(back.findings[0]!.setting, 'a\u2066b');
});

test('formatJsonPieces writes pieces of whole findings, more than a few K characters each but the last, and far from the whole', () => {
  const result = sampleResult(manyFindings(300));
  const pieces = [...formatJsonPieces(result)];
  assert.ok(pieces.length > 5, `${pieces.length} pieces`);
  for (const p of pieces.slice(0, -1)) {
    assert.ok(p.length >= 4_096 && p.length < 65_536, `a piece of ${p.length} characters`);
    assert.match(p, /\n {4}\}$/, 'a piece ends with a finding');
  }
});

test('audit -f json: the pieces written to -o FILE are the bytes written to standard output; a failed write leaves no file', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-json-pieces-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const pair = ['main', 'standby-a'].map((r) => resolve('fixtures', 'pairs', 'sample', r));
  const opts = { cwd: dir, env: { PAIRAUDIT_SECRET_KEY: 'json-pieces-test-key' } };
  const toStdout = await runCli(['audit', ...pair, '-f', 'json'], opts);
  const toFile = await runCli(['audit', ...pair, '-f', 'json', '-o', 'out/audit.json'], opts);
  assert.equal(toFile.code, toStdout.code);
  assert.ok(toStdout.stdout.includes('"findings": [\n    {'), 'findings written');
  assert.equal(readFileSync(join(dir, 'out', 'audit.json'), 'utf8'), toStdout.stdout);
  writeFileSync(join(dir, 'a-file'), 'x');
  const failed = await runCli(['audit', ...pair, '-f', 'json', '-o', 'a-file/audit.json'], opts);
  assert.equal(failed.code, 2);
  assert.match(failed.stderr, /^pairaudit: .*a-file.audit\.json: cannot write output \((ENOTDIR|EEXIST)\); a part of the path is a file, not a folder\n$/);
  assert.equal(existsSync(join(dir, 'a-file', 'audit.json')), false);
  assert.deepEqual(readdirSync(dir).sort(), ['a-file', 'out']);
});
