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
import { findPdfFonts } from '../src/report/pdf/fonts.js';
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
    [[], '', /^DRIFT\n/],
    [['-f', 'json'], '', /^\{\n {2}"counts"/],
    [['-f', 'md'], '', /^## pairaudit audit: DRIFT/],
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
    // With -o, one summary line on stderr; without, nothing. (Without a CJK font, a PDF warns of the characters it prints as code points: report-pdf-glyphs.test.ts.)
    const err = findPdfFonts().cjk === undefined ? stderr().replace(/^pairaudit: warning: the PDF shows .*\n/m, '') : stderr();
    assert.equal(err, file ? `pairaudit: DRIFT: 5 failed, 1 unknown, 1 waived, 1 passed; wrote ${file}\n` : '', args.join(' '));
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
  // Hand edits the loader does not look into (a null in a list): drawing failed with exit 70 and a stack trace.
  writeFileSync(join(dir, 'nullwaiver.json'), JSON.stringify({ ...sampleResult(), waivers: [null] }));
  const nullSources = sampleResult();
  (nullSources.servers[0] as unknown as { sources: unknown[] }).sources = [null];
  writeFileSync(join(dir, 'nullsources.json'), JSON.stringify(nullSources));
  const cases: [string[], RegExp][] = [
    [['report', 'missing.json'], /^pairaudit: missing\.json: cannot read the result \(ENOENT\)/],
    [['report', 'broken.json'], /^pairaudit: broken\.json: line 1: not valid JSON .*--format json/],
    [['report', 'snapshot.json'], /^pairaudit: snapshot\.json: this is a server snapshot, not an audit result/],
    [['report', 'other.json'], /^pairaudit: other\.json: not a saved pairaudit result: "tool\.name" is not "pairaudit"/],
    [['report', 'newer.json'], /^pairaudit: newer\.json: written by a newer pairaudit \(result schema 2/],
    [['report', 'badfinding.json'], /^pairaudit: badfinding\.json: .*"findings\[2\]\.severity" must be blocker \| warning \| info/],
    [['report', 'nullwaiver.json'], /^pairaudit: nullwaiver\.json: not a pairaudit audit result: "waivers" must be a list of \{ruleId, setting, state/],
    [['report', 'nullsources.json', '-o', 'out.pdf'], /^pairaudit: nullsources\.json: not a pairaudit audit result: "servers\[0\]\.sources" must be a list of \{kind, file, sha256, bytes\}/],
    [['report', 'result.json', '--format', 'docx'], /^pairaudit: --format "docx" is not a format of this report; use one of text, json, junit, markdown, html, pdf/],
    [['report', 'result.json', '-o', 'result.foo'], /^pairaudit: -o result\.foo: "\.foo" names no format of this report; use one of \.txt, \.json, \.xml, \.md, \.markdown, \.html, \.htm, \.pdf/],
    [['report', 'result.json', '-o', 'result'], /^pairaudit: -o result: no extension to tell the format by/],
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

test('render: the one format rule: -f, else the -o extension, else text; anything else is a usage error', () => {
  const cases: [{ format?: string; output?: string }, string | RegExp][] = [
    [{}, 'text'],
    [{ output: '-' }, 'text'],
    [{ output: 'x.PDF' }, 'pdf'],
    [{ output: 'x.xml' }, 'junit'],
    [{ output: 'x.htm' }, 'html'],
    [{ output: 'x.md' }, 'markdown'],
    [{ output: 'x.markdown' }, 'markdown'],
    [{ output: 'x.txt' }, 'text'],
    [{ output: 'x.json' }, 'json'],
    [{ format: 'HTML', output: 'x.pdf' }, 'html'],
    [{ format: 'md' }, 'markdown'],
    [{ format: 'htm' }, 'html'],
    [{ format: 'json', output: 'x.unknown' }, 'json'],
    [{ output: 'x.unknown' }, /"\.unknown" names no format/],
    [{ output: 'dir/x' }, /no extension/],
    [{ format: 'yaml' }, /--format "yaml" is not a format of this report; use one of text, json/],
  ];
  for (const [opts, expected] of cases) {
    if (typeof expected === 'string') assert.equal(resolveFormat(opts), expected, JSON.stringify(opts));
    else assert.throws(() => resolveFormat(opts), (e: Error & { exitCode?: number }) => expected.test(e.message) && e.exitCode === 2, JSON.stringify(opts));
  }
  // A report kind without junit: an .xml name is refused, listing that kind's extensions.
  assert.throws(() => resolveFormat({ output: 'c.xml' }, ['text', 'json', 'markdown', 'html', 'pdf']), /use one of \.txt, \.json, \.md, \.markdown, \.html, \.htm, \.pdf/);
});

test('render: colour from --color/--no-color, NO_COLOR, FORCE_COLOR and the terminal; width and fonts from the environment', () => {
  const colour: [{ isTTY: boolean; env?: Record<string, string> }, boolean, boolean | undefined, boolean][] = [
    [{ isTTY: true }, true, undefined, true],
    [{ isTTY: true, env: { NO_COLOR: '1' } }, true, undefined, false],
    [{ isTTY: true, env: { NO_COLOR: '' } }, true, undefined, true],
    [{ isTTY: false }, true, undefined, false],
    [{ isTTY: false, env: { FORCE_COLOR: '1' } }, true, undefined, true],
    [{ isTTY: false, env: { FORCE_COLOR: '0' } }, true, undefined, false],
    [{ isTTY: true, env: { NO_COLOR: '1' } }, true, true, true],
    [{ isTTY: true }, true, false, false],
    [{ isTTY: true, env: { FORCE_COLOR: '1' } }, false, true, false],
  ];
  for (const [env, toStdout, flag, expected] of colour) assert.equal(formatContext(fakeIO('.', env).io, 'text', toStdout, { color: flag }).color, expected, JSON.stringify([env, toStdout, flag]));
  assert.equal(formatContext(fakeIO('.', { isTTY: true }).io, 'text', true).color, true);
  assert.equal(formatContext(fakeIO('.', { isTTY: true, env: { NO_COLOR: '1' } }).io, 'text', true).color, false);
  assert.equal(formatContext(fakeIO('.', { isTTY: true }).io, 'text', false).color, false, 'no colour into a file');
  assert.equal(formatContext(fakeIO('.', { isTTY: false }).io, 'text', true).color, false);
  assert.equal(formatContext(fakeIO('.', { isTTY: true, env: { COLUMNS: '100' } }).io, 'text', true).width, 100);
  assert.deepEqual(formatContext(fakeIO('.', { env: { WINDIR: 'C:\\Windows', PAIRAUDIT_PDF_FONT: '/f.ttf' } }).io, 'text', false).fontFile, '/f.ttf');
});
