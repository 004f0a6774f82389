// `pairaudit report` and the shared --format/-o handling, run in-process: formats, files, colour, clear errors.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../src/cli/main.js';
import type { CliIO } from '../src/cli/io.js';
import { formatContext, resolveFormat } from '../src/cli/render.js';
import { formatJson } from '../src/report/json.js';
import { sampleResult } from './report-fixture.js';

function fakeIO(cwd: string, opts: { isTTY?: boolean; env?: Record<string, string> } = {}) {
  const out: (string | Uint8Array)[] = [];
  const err: string[] = [];
  const io: CliIO = {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    isTTY: opts.isTTY ?? false,
    env: opts.env ?? {},
    now: () => new Date('2026-11-25T12:00:00Z'),
    version: '0.1.0',
    cwd,
    exitCode: 0,
  };
  return { io, stdout: () => out.map((x) => (typeof x === 'string' ? x : Buffer.from(x).toString('latin1'))).join(''), stderr: () => err.join('') };
}

const workspaces: string[] = [];
after(() => {
  for (const dir of workspaces) rmSync(dir, { recursive: true, force: true });
});

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-report-cli-'));
  workspaces.push(dir);
  writeFileSync(join(dir, 'result.json'), formatJson(sampleResult()));
  return dir;
}

test('report: re-renders a saved result in each format, to stdout or -o FILE', async () => {
  const dir = workspace();
  const cases: [string[], string, RegExp][] = [
    [['--format', 'text'], '', /^DRIFT\n/],
    [['--format', 'junit'], '', /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites /],
    [['--format', 'markdown'], '', /^## pairaudit audit: DRIFT/],
    [[], '', /^\{\n {2}"counts"/],
    [['-o', 'out/report.html'], 'out/report.html', /^<!DOCTYPE html>/],
    [['-o', 'r.pdf'], 'r.pdf', /^%PDF-/],
    [['--format', 'json', '-o', 'again.json'], 'again.json', /"schemaVersion": 1/],
  ];
  for (const [args, file, expected] of cases) {
    const { io, stdout, stderr } = fakeIO(dir);
    const code = await run(['report', 'result.json', ...args], io);
    assert.equal(code, 0, `${args.join(' ')}: ${stderr()}`);
    const text = file ? readFileSync(join(dir, file), 'latin1') : stdout();
    assert.match(text, expected, args.join(' '));
  }
  // Re-rendering a JSON report gives the same JSON.
  assert.equal(readFileSync(join(dir, 'again.json'), 'utf8'), readFileSync(join(dir, 'result.json'), 'utf8'));
});

test('report: clear one-line errors naming the file, exit 2', async () => {
  const dir = workspace();
  writeFileSync(join(dir, 'broken.json'), '{"tool": ');
  writeFileSync(join(dir, 'snapshot.json'), JSON.stringify({ schemaVersion: 1, server: { label: 'A' }, settings: {} }));
  writeFileSync(join(dir, 'other.json'), JSON.stringify({ hello: 'world' }));
  writeFileSync(join(dir, 'newer.json'), JSON.stringify({ ...sampleResult(), schemaVersion: 2 }));
  const bad = sampleResult() as unknown as { findings: Record<string, unknown>[] };
  bad.findings[2]!.severity = 'critical';
  writeFileSync(join(dir, 'badfinding.json'), JSON.stringify(bad));
  const cases: [string[], RegExp][] = [
    [['report', 'missing.json'], /^pairaudit: missing\.json: cannot read the result \(ENOENT\)/],
    [['report', 'broken.json'], /^pairaudit: broken\.json: not valid JSON .*--format json/],
    [['report', 'snapshot.json'], /^pairaudit: snapshot\.json: this is a server snapshot, not an audit result/],
    [['report', 'other.json'], /^pairaudit: other\.json: not a pairaudit audit result: "tool\.name" is not "pairaudit"/],
    [['report', 'newer.json'], /^pairaudit: newer\.json: written by a newer pairaudit \(result schema 2/],
    [['report', 'badfinding.json'], /^pairaudit: badfinding\.json: .*"findings\[2\]\.severity" must be blocker \| warning \| info/],
    [['report', 'result.json', '--format', 'docx'], /^pairaudit: --format "docx" is not a report format; use one of text, json, junit, markdown, html, pdf/],
  ];
  for (const [argv, message] of cases) {
    const { io, stderr } = fakeIO(dir);
    assert.equal(await run(argv, io), 2, argv.join(' '));
    assert.match(stderr(), message);
    assert.equal(stderr().trim().split('\n').length, 1, `not one line: ${stderr()}`);
  }
});

test('report: a PDF is not written to a terminal', async () => {
  const { io, stderr } = fakeIO(workspace(), { isTTY: true });
  assert.equal(await run(['report', 'result.json', '--format', 'pdf'], io), 2);
  assert.match(stderr(), /-o report\.pdf/);
});

test('render: default format, colour and fonts from the environment', () => {
  const cases: [{ isTTY: boolean; env?: Record<string, string> }, { format?: string; output?: string }, string][] = [
    [{ isTTY: true }, {}, 'text'],
    [{ isTTY: false }, {}, 'json'],
    [{ isTTY: true }, { output: 'x.PDF' }, 'pdf'],
    [{ isTTY: true }, { output: 'x.xml' }, 'junit'],
    [{ isTTY: false }, { output: 'x.unknown' }, 'json'],
    [{ isTTY: false }, { format: 'HTML', output: 'x.pdf' }, 'html'],
  ];
  for (const [env, opts, expected] of cases) assert.equal(resolveFormat(fakeIO('.', env).io, opts), expected, JSON.stringify([env, opts]));
  assert.equal(formatContext(fakeIO('.', { isTTY: true }).io, true).color, true);
  assert.equal(formatContext(fakeIO('.', { isTTY: true, env: { NO_COLOR: '1' } }).io, true).color, false);
  assert.equal(formatContext(fakeIO('.', { isTTY: true }).io, false).color, false, 'no colour into a file');
  assert.equal(formatContext(fakeIO('.', { isTTY: false }).io, true).color, false);
  assert.equal(formatContext(fakeIO('.', { isTTY: true, env: { COLUMNS: '100' } }).io, true).width, 100);
  assert.deepEqual(formatContext(fakeIO('.', { env: { WINDIR: 'C:\\Windows', PAIRAUDIT_PDF_FONT: '/f.ttf' } }).io, false).fontFile, '/f.ttf');
});
