// The reference-output tool (test/bench/reference.ts), the check that a change leaves every output as it was: its
// cases, its comparison, and that the same build writes the same bytes twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareOutputs, referenceCases, writeOutputs } from './bench/reference.js';
import { installedBin, missing } from './prerequisites.js';

const dir = mkdtempSync(join(tmpdir(), 'pairaudit-ref-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const fixturePairs = join(import.meta.dirname, '..', 'fixtures', 'pairs');
const pairs = new Map([
  [2000, { main: 'm2.reg', standby: 's2.reg' }],
  [20000, { main: 'm20.reg', standby: 's20.reg' }],
]);

test('cases: the smallest generated pair as text only, the others four ways; every fixture pair as JSON and text', () => {
  const names = referenceCases({ pairs, fixturePairs }).map((c) => c.name);
  assert.deepEqual(names.slice(0, 5), ['gen2000.text', 'gen20000.text', 'gen20000.json', 'gen20000.collect', 'gen20000.parse']);
  const fixtures = readdirSync(fixturePairs).filter((p) => !p.includes('.'));
  assert.ok(fixtures.length >= 20, `${fixtures.length} fixture pairs`);
  for (const p of fixtures) for (const f of ['json', 'text']) assert.ok(names.includes(`fx-${p}.${f}`), `fx-${p}.${f}`);
  assert.ok(!names.some((n) => n.startsWith('co-')), 'no corpus given, no corpus case');
});

test('cases: a fixture pair audits its main against every other server, in name order', () => {
  const c = referenceCases({ pairs: new Map(), fixturePairs }).find((x) => x.name === 'fx-five-servers.json');
  assert.ok(c !== undefined);
  const servers = c.args.slice(1, -2).map((a) => a.split(/[\\/]/).pop());
  assert.deepEqual(servers, ['main', ...readdirSync(join(fixturePairs, 'five-servers')).filter((s) => s !== 'main').sort()]);
});

test('cases: each corpus export collected and parsed (not its README), and a corpus pair audited when both are there', () => {
  const corpus = join(dir, 'corpus');
  mkdirSync(join(corpus, 'sub'), { recursive: true });
  for (const f of ['README.md', 'mqttclient_MQTTClient_v1.reg', 'sub/mqttclient_MQTTClient_v2.reg', 'other.reg']) writeFileSync(join(corpus, f), '');
  const names = referenceCases({ pairs: new Map(), fixturePairs, corpus }).map((c) => c.name).filter((n) => n.startsWith('co-'));
  assert.deepEqual(names, [
    'co-mqttclient_MQTTClient_v1.reg.collect',
    'co-mqttclient_MQTTClient_v1.reg.parse',
    'co-other.reg.collect',
    'co-other.reg.parse',
    'co-mqttclient_MQTTClient_v2.reg.collect',
    'co-mqttclient_MQTTClient_v2.reg.parse',
    'co-pair1.json',
  ]);
});

test('cases: two corpus files of one name in different folders are refused, not written over each other', () => {
  const corpus = join(dir, 'twins');
  for (const sub of ['a', 'b']) {
    mkdirSync(join(corpus, sub), { recursive: true });
    writeFileSync(join(corpus, sub, 'same.reg'), '');
  }
  assert.throws(() => referenceCases({ pairs: new Map(), fixturePairs, corpus }), /two cases would write co-same\.reg\.collect\.out/);
});

const compared: { name: string; a: Record<string, string>; b: Record<string, string>; problems: string[] }[] = [
  { name: 'the same files', a: { 'x.out': '1', 'x.rc': '0\n' }, b: { 'x.out': '1', 'x.rc': '0\n' }, problems: [] },
  { name: 'one byte differs', a: { 'x.out': 'ab', 'x.rc': '0\n' }, b: { 'x.out': 'ac', 'x.rc': '0\n' }, problems: ['differs: x.out'] },
  { name: 'an exit code differs', a: { 'x.rc': '0\n' }, b: { 'x.rc': '1\n' }, problems: ['differs: x.rc'] },
  { name: 'a file only on one side', a: { 'x.out': '', 'y.out': '' }, b: { 'x.out': '' }, problems: ['only in A: y.out'] },
  { name: 'a file only on the other', a: {}, b: { 'z.err': 'e' }, problems: ['only in B: z.err'] },
];
for (const c of compared) {
  test(`compare: ${c.name}`, () => {
    const base = join(dir, c.name.replace(/\W+/g, '-'));
    for (const [side, files] of [['A', c.a], ['B', c.b]] as const) {
      mkdirSync(join(base, side), { recursive: true });
      for (const [f, text] of Object.entries(files)) writeFileSync(join(base, side, f), text);
    }
    const problems = compareOutputs(join(base, 'A'), join(base, 'B')).map((p) => p.replace(join(base, 'A'), 'A').replace(join(base, 'B'), 'B'));
    assert.deepEqual(problems, c.problems);
  });
}

test('write: the built command writes each case\'s output, errors and exit code, the same bytes twice', { skip: missing('dist') }, () => {
  const cases = [
    { name: 'healthy.text', args: ['audit', join(fixturePairs, 'healthy', 'main'), join(fixturePairs, 'healthy', 'standby-a'), '--format', 'text'] },
    { name: 'absent.json', args: ['audit', join(dir, 'absent.reg'), join(dir, 'absent.reg'), '--format', 'json'] },
  ];
  writeOutputs(cases, installedBin, join(dir, 'w1'), dir);
  writeOutputs(cases, installedBin, join(dir, 'w2'), dir);
  assert.deepEqual(compareOutputs(join(dir, 'w1'), join(dir, 'w2')), []);
  assert.deepEqual(readdirSync(join(dir, 'w1')).sort(), ['absent.json.err', 'absent.json.out', 'absent.json.rc', 'healthy.text.err', 'healthy.text.out', 'healthy.text.rc']);
  // The fixed clock is in the report; a file that is not there is an input error (exit 2) said on standard error.
  assert.match(readFileSync(join(dir, 'w1', 'healthy.text.out'), 'utf8'), /Audit: 2026-11-30T12:00:00\.000Z/);
  assert.equal(readFileSync(join(dir, 'w1', 'absent.json.rc'), 'utf8'), '2\n');
  assert.match(readFileSync(join(dir, 'w1', 'absent.json.err'), 'utf8'), /absent\.reg/);
});

test('write: a folder holding files it did not write is refused, not emptied', () => {
  const out = join(dir, 'not-outputs');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'notes.txt'), 'keep');
  assert.throws(() => writeOutputs([], installedBin, out, dir), /holds notes\.txt, which reference\.ts did not write/);
  assert.equal(readFileSync(join(out, 'notes.txt'), 'utf8'), 'keep');
});
