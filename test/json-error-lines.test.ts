// A JSON file that does not parse is named with the line the parser stopped at: every JSON input (a bundle's evidence
// files and bundle.json, volumes.json, a profile, a snapshot, a saved result) says "line N", as the registry parser does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonErrorLine, jsonErrorOffset, parseJsonText } from '../src/json-text.js';
import { runCli } from './cli-harness.js';

const LINES: [string, string, number | undefined][] = [
  ['an error on the first line', '{"a" 1}', 1],
  ['an error on the third line (LF)', '{\n  "a": 1,\n  "b" 2\n}', 3],
  ['an error on the third line (CRLF)', '{\r\n  "a": 1,\r\n  "b" 2\r\n}', 3],
  ['lines ended by CR CR LF (as wmic writes them): one line end each', '{\r\r\n  "a": 1,\r\r\n  "b": x\r\r\n}', 3],
  ['the end of the input: the last line holding text, not the empty one after the last break', '{\n  "a": [1,\n  2\n\n', 3],
  ['a bad control character inside a string on line 2', '{\n"a": "x\u0001y"}', 2],
];

for (const [name, text, line] of LINES)
  test(`jsonErrorLine: ${name}`, () => {
    assert.throws(() => JSON.parse(text));
    assert.equal(jsonErrorLine(text), line);
  });

test('jsonErrorLine: JSON text has no error line', () => {
  assert.equal(jsonErrorLine('{\n  "a": [1, 2.5e-3, true, null, "x\\u00e9"]\n}\n'), undefined);
});

const PIECES = ['{', '}', '[', ']', ',', ':', '"a"', '"b\\n"', '"\\x"', '"\u0001"', '1', '-0.5e+3', '01', '1.', '-', 'true', 'tru', 'null', 'false', ' ', '\n', '\r\n', '"', '\\', 'x', '"k": ', '1e', '[1,]', '{"a":1,}', '\u00a0', '\uFEFF'];

test('jsonErrorOffset: -1 exactly for the texts JSON.parse accepts, over 20,000 texts made of JSON pieces (seeded)', () => {
  let seed = 20261203;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  let valid = 0;
  for (let k = 0; k < 20_000; k++) {
    let t = '';
    for (let j = 0, len = 1 + Math.floor(next() * 8); j < len; j++) t += PIECES[Math.floor(next() * PIECES.length)];
    let parses = true;
    try {
      JSON.parse(t);
    } catch {
      parses = false;
    }
    if (parses) valid++;
    const at = jsonErrorOffset(t);
    assert.equal(at === -1, parses, JSON.stringify(t));
    assert.ok(at <= t.length, JSON.stringify(t));
  }
  assert.ok(valid > 200, `only ${valid} valid texts: the pieces no longer make JSON`);
});

test('jsonErrorOffset: where Node.js names a position, the scan finds the same one', () => {
  let named = 0;
  for (const t of ['{"a" 1}', '[1 2]', '{"a":1 "b":2}', '[1,2', '{"a":', '"abc', '[1.]', '[-]', '{\n"a": "x\u0001"}']) {
    let message = '';
    try {
      JSON.parse(t);
    } catch (e) {
      message = (e as Error).message;
    }
    const at = /at position (\d+)/.exec(message);
    if (at === null) continue;
    named++;
    assert.equal(jsonErrorOffset(t), Number(at[1]), `${JSON.stringify(t)}: ${message}`);
  }
  assert.ok(named > 0 || !process.version.startsWith('v20'), 'Node.js 20 names a position for some of these');
});

test('jsonErrorOffset: 100,000 nested arrays are scanned without a stack overflow', () => {
  assert.equal(jsonErrorOffset('['.repeat(100_000)), 100_000);
  assert.equal(jsonErrorOffset(`${'['.repeat(100_000)}${']'.repeat(100_000)}`), -1);
});

test('parseJsonText: a leading BOM is allowed, and the line is counted in the text without it; the detail is one printable line', () => {
  assert.deepEqual(parseJsonText('\uFEFF{"a": 1}', () => new Error('unexpected')), { a: 1 });
  let got: { line: number | undefined; detail: string } | undefined;
  assert.throws(() => parseJsonText('\uFEFF{\n"a":\n}', (line, detail) => ((got = { line, detail }), new Error('bad'))), /bad/);
  assert.equal(got?.line, 3);
  assert.doesNotMatch(got?.detail ?? '', /[\n\r]/);
});

const EVIDENCE = 'fixtures/pairs/healthy-evidence';

/** Each JSON file of a bundle, broken on a given line: the CLI's one line names the file and that line. */
const BROKEN: [string, string, number][] = [
  ['services.json', '[\r\n  {"Name": "ClearSCADAServer",\r\n   "StartMode": "Auto"\r\n  },\r\n  {"Name" "x"}\r\n]\r\n', 5],
  ['bundle.json', '{\n  "collector": {"name": "Collect-PairAudit.ps1", "version": "2.3"},\n  "collectedAt": "2026-11-20T09:15:03Z",\n}\n', 4],
  ['defender.json', '{\n  "ExclusionPath": [\n    "C:\\\\ProgramData"\n', 3],
];

for (const [file, text, line] of BROKEN)
  test(`audit: a ${file} that does not parse is named with its line ${line}, exit 2, one line`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pairaudit-json-line-'));
    try {
      cpSync(EVIDENCE, dir, { recursive: true });
      writeFileSync(join(dir, 'standby-a', file), text);
      const r = await runCli(['audit', 'main', 'standby-a'], { cwd: dir });
      assert.equal(r.code, 2, r.stderr);
      const lines = r.stderr.split('\n').filter((l) => l !== '');
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0]!, new RegExp(`standby-a[\\\\/]${file.replace('.', '\\.')}: line ${line}: not valid JSON`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
