// The output-sanitising layer: control and bidi characters made visible, and a terminal test that no escape
// sequence from a hostile export reaches standard output or standard error, whatever command prints it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { neutralise, neutraliseDeep, safeMessage } from '../src/report/sanitize.js';
import { wrap } from '../src/report/text.js';
import { runCli } from './cli-harness.js';

const CASES: { name: string; text: string; shown: string; opts?: Parameters<typeof neutralise>[1] }[] = [
  { name: 'plain text is unchanged', text: 'C:\\Program Files\\Schneider Electric ✓ 漢字', shown: 'C:\\Program Files\\Schneider Electric ✓ 漢字' },
  { name: 'tab, line feed and CRLF stay', text: 'a\tb\nc\r\nd', shown: 'a\tb\nc\r\nd' },
  { name: 'ESC of a title change and BEL', text: '\u001b]0;pwned\u0007x', shown: '\\x1b]0;pwned\\x07x' },
  { name: 'screen clear', text: '\u001b[2J\u001b[H', shown: '\\x1b[2J\\x1b[H' },
  { name: 'a lone carriage return', text: 'ok\rFAKE', shown: 'ok\\x0dFAKE' },
  { name: 'NUL, backspace, DEL', text: '\u0000\u0008\u007f', shown: '\\x00\\x08\\u007f' },
  { name: 'C1 CSI and NEL', text: '\u009b2J\u0085', shown: '\\u009b2J\\u0085' },
  { name: 'line and paragraph separators (a mandatory break in a laid-out PDF line)', text: 'evil\u2028Port = 5999\u2029Other = 1', shown: 'evil\\u2028Port = 5999\\u2029Other = 1' },
  { name: 'bidi override: gnp.exe does not read as exe.png', text: 'photo\u202egnp.exe', shown: 'photo\\u202egnp.exe' },
  { name: 'bidi isolates, marks and embeddings', text: '\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u202a\u202b\u202c\u202d', shown: '\\u2066\\u2067\\u2068\\u2069\\u200e\\u200f\\u061c\\u202a\\u202b\\u202c\\u202d' },
  { name: 'own colour kept when asked, other sequences not', text: '\u001b[1mX\u001b[22m\u001b[31mY\u001b[39m\u001b[2J\u001b[5m', shown: '\u001b[1mX\u001b[22m\u001b[31mY\u001b[39m\\x1b[2J\\x1b[5m', opts: { keepOwnColour: true } },
  { name: 'a lone carriage return kept for a progress line', text: '\r12/40\u001b[K', shown: '\r12/40\\x1b[K', opts: { keepCr: true } },
  { name: 'a progress line cleared', text: '\r     \r', shown: '\r     \r', opts: { keepCr: true } },
  { name: 'a carriage return inside a warning on standard error is shown (it would overwrite the line)', text: 'pairaudit: warning: Access denied\rpairaudit: IN PARITY\n', shown: 'pairaudit: warning: Access denied\\x0dpairaudit: IN PARITY\n', opts: { keepCr: true } },
];

for (const c of CASES) test(`neutralise: ${c.name}`, () => assert.equal(neutralise(c.text, c.opts), c.shown));

test('neutraliseDeep: strings anywhere (keys too) are neutralised; a clean value is returned as it is', () => {
  const clean = { a: ['x', { b: 1, c: null, d: true }] };
  assert.equal(neutraliseDeep(clean), clean);
  const hostile = { a: ['x', { b: '\u001b[2J' }], ['k\u202e']: 'v', n: 5 };
  assert.deepEqual(neutraliseDeep(hostile), { a: ['x', { b: '\\x1b[2J' }], 'k\\u202e': 'v', n: 5 });
  assert.equal(hostile.a[1] && (hostile.a[1] as { b: string }).b, '\u001b[2J', 'the input is not changed');
});

test('safeMessage: secrets withheld and controls shown', () => {
  assert.equal(safeMessage('line 3: found "\\"Password\\"=hunter2\u001b[2J"'), 'line 3: found (withheld: it may hold a secret)');
  assert.equal(safeMessage('bad name "a\u001b]0;x\u0007"'), 'bad name "a\\x1b]0;x\\x07"');
});

test('wrap: a 200,000-character value wraps into full lines (one pass; it took 12-15 s before)', () => {
  const lines = wrap('x'.repeat(200_000), 80, '    ');
  assert.equal(lines.length, Math.ceil(200_000 / 76));
  assert.ok(lines.every((l) => l.length <= 80));
  assert.equal(lines.map((l) => l.slice(4)).join(''), 'x'.repeat(200_000));
});

// ─── The terminal test ───────────────────────────────────────────────────────────────────────────

const ROOT = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA';
const HOSTILE = ['\u001b]0;pwned\u0007', '\u001b[2J\u001b[H', '\u009b2J', 'ok\u0008\u0008FAKE', '\u202egnp.exe', '\u2067x\u2069'];
/** A value with every hostile sequence, written as a .reg string (\ and " escaped). */
const hostileValue = (tag: string): string => `${tag} ${HOSTILE.join(' ')}`;

function utf16(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

function exportOf(label: string, tag: string): Buffer {
  return utf16(
    [
      'Windows Registry Editor Version 5.00',
      '',
      `[${ROOT}]`,
      '"InstallLocation"="C:\\\\Program Files\\\\Schneider Electric\\\\ClearSCADA"',
      '',
      `[${ROOT}\\DB]`,
      '"Port"=dword:00001569',
      '',
      `[${ROOT}\\Server]`,
      `"Label"="${label}"`,
      `"Comment"="${hostileValue(tag)}"`,
      `"Evil\u001b[2J\u202eName"="${tag}"`,
      '',
      `[${ROOT}\\Driver\u001b]0;t\u0007X]`,
      `"@"="${hostileValue(tag)}"`,
      '',
      '',
    ].join('\r\n'),
  );
}

/** Characters that must never reach a stream: C0 but tab, LF and CR, DEL, C1, bidi controls; and a CR not before LF. */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\r(?!\n)/;

function assertClean(what: string, text: string): void {
  const m = FORBIDDEN.exec(text);
  assert.equal(m, null, `${what}: ${JSON.stringify(m?.[0])} at ${m?.index}: ${JSON.stringify(text.slice(Math.max(0, (m?.index ?? 0) - 40), (m?.index ?? 0) + 40))}`);
}

const dir = mkdtempSync(join(tmpdir(), 'pairaudit-hostile-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const main = join(dir, 'main.reg');
const standby = join(dir, 'standby.reg');
writeFileSync(main, exportOf('NORTH-A', 'MAIN'));
writeFileSync(standby, exportOf('NORTH-B', 'STANDBY'));
const store = join(dir, 'store');
const inventory = join(dir, 'fleet.yaml');
writeFileSync(inventory, `sites:\n  - name: North\n    pairs:\n      - name: scada\n        servers: { main: main.reg, standby-a: standby.reg }\n`);

const COMMANDS: { argv: string[]; stdoutHas?: RegExp }[] = [
  { argv: ['parse', main] },
  { argv: ['parse', main, '--show-secrets'] },
  { argv: ['collect', main] },
  ...['text', 'json', 'markdown', 'junit', 'html'].map((f) => ({ argv: ['audit', main, standby, '-f', f], stdoutHas: /\\x1b\[2J|\\u001b\[2J/ })),
  { argv: ['check', main, standby, '-f', 'text'] },
  { argv: ['record', main, '--store', store, '--server', 'A', '--at', '2026-11-20T08:00:00Z', '--note', 'first \u001b[2J'] },
  { argv: ['record', standby, '--store', store, '--server', 'A', '--at', '2026-11-21T08:00:00Z', '--note', 'second \u202e'] },
  ...['text', 'json', 'markdown'].map((f) => ({ argv: ['changes', '--store', store, '-f', f], stdoutHas: /\\x1b|\\u001b/ })),
  { argv: ['verify', '--store', store] },
  { argv: ['fleet', inventory, '-f', 'text', '--jobs', '1'] },
  // HTML may put a <wbr> after the backslash (a long value breaks after `\`): the text read is the same.
  ...['json', 'junit', 'html'].map((f) => ({ argv: ['fleet', inventory, '-f', f, '--jobs', '1'], stdoutHas: /\\(?:<wbr>)?x1b\[2J|\\u001b\[2J/ })),
];

for (const colour of [false, true]) {
  test(`terminal test (${colour ? 'colour' : 'NO_COLOR'}): no escape sequence, C1 or bidi control from a hostile export reaches stdout or stderr`, async () => {
    rmSync(store, { recursive: true, force: true });
    for (const c of COMMANDS) {
      const env = colour ? { NO_COLOR: undefined, FORCE_COLOR: '1' } : {};
      const r = await runCli(c.argv, { cwd: dir, isTTY: true, env });
      assert.ok(r.code <= 3 && r.code !== 2, `${c.argv.join(' ')}: exit ${r.code}: ${r.stderr}`);
      // With colour, the text format's own colour codes are the only ESC allowed.
      // eslint-disable-next-line no-control-regex
      const stdout = colour ? r.stdout.replace(/\x1b\[(?:1|2|22|31|32|33|36|39)m/g, '') : r.stdout;
      assertClean(`${c.argv.join(' ')}: stdout`, stdout);
      assertClean(`${c.argv.join(' ')}: stderr`, r.stderr);
      if (c.stdoutHas) assert.match(r.stdout, c.stdoutHas, `${c.argv.join(' ')} shows the hostile value, visibly`);
    }
  });
}

test('reports written to files and error messages are neutralised too', async () => {
  for (const f of ['txt', 'md', 'xml', 'html', 'json']) {
    const out = join(dir, `report.${f}`);
    const r = await runCli(['audit', main, standby, '-o', out], { cwd: dir });
    assert.ok(r.code <= 1, r.stderr);
    assertClean(out, readFileSync(out, 'utf8'));
  }
  const waivers = join(dir, 'waivers.yaml');
  await runCli(['audit', main, standby, '--suggest-waivers', waivers], { cwd: dir });
  assertClean(waivers, readFileSync(waivers, 'utf8'));
  const bad = join(dir, 'bad.reg');
  writeFileSync(bad, utf16(`Windows Registry Editor Version 5.00\r\n\r\n[${ROOT}]\r\n"a"=junk\u001b]0;pwned\u0007\u202e\r\n`));
  for (const cmd of ['parse', 'collect']) {
    const r = await runCli([cmd, bad], { cwd: dir });
    assert.equal(r.code, 2);
    assertClean(`${cmd} error`, r.stderr);
    assert.match(r.stderr, /bad\.reg: line 4: .*(?:\\x1b|\\u001b)\]0;pwned/);
  }
});

test('every audit format but JSON renders from neutralised text, also when a library caller renders it (no CLI layer)', async () => {
  const { renderAudit } = await import('../src/report/index.js');
  const { sampleResult, sampleFindings } = await import('./report-fixture.js');
  const findings = sampleFindings().map((f, i) => (i === 0 ? { ...f, setting: `reg:X\\a\u202egnp.exe`, message: `differs \u001b[2J`, values: { main: 'a\u001b]0;t\u0007', 'standby-a': ['\u009b2J', 'b\u2066'] } } : f));
  const result = sampleResult(findings);
  for (const format of ['text', 'markdown', 'junit', 'html'] as const) {
    const out = (await renderAudit(result, format, { color: false })) as string;
    assertClean(format, out);
    assert.ok(out.includes('u202egnp.exe'), `${format} shows the override, visibly`);
  }
  const json = (await renderAudit(result, 'json', { color: false })) as string;
  assert.equal((JSON.parse(json) as { findings: { setting: string }[] }).findings.some((f) => f.setting === 'reg:X\\a\u202egnp.exe'), true, 'JSON keeps the data');
});
