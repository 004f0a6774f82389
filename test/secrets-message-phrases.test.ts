// A parse message about a secret value keeps its own words: the parser's phrases that quote a backslash
// (`(trailing "\")`) are not input, so withholding the quoted input does not cut the rest of the message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretDetector } from '../src/snapshot/secrets.js';
import { parseSnapshotJson } from '../src/snapshot/validate.js';
import { runCli } from './history-fixtures.js';
import { clearScadaExport, AUDIT_FORMATS, assertNoSecret, everyFormat } from './secrets-leak-check.js';

const d = new SecretDetector();
const WITHHELD = '(withheld: it may hold a secret)';

const CASES: { message: string; masked: string }[] = [
  {
    message: 'the hex data of "Password" continues from line 5 (trailing "\\") but this line does not start with a hex digit: regedit skips both the value and this line; is the export damaged?',
    masked: 'the hex data of "Password" continues from line 5 (trailing "\\") but this line does not start with a hex digit: regedit skips both the value and this line; is the export damaged?',
  },
  {
    message: 'the file ends in the middle of the hex data of "DbPassword" (continued with "\\" from line 4): the export looks truncated; read as far as it goes',
    masked: 'the file ends in the middle of the hex data of "DbPassword" (continued with "\\" from line 4): the export looks truncated; read as far as it goes',
  },
  {
    message: 'unterminated value name "\\"Password=hunter2"; a name is written "name" with \\\\ and \\" escapes',
    masked: `unterminated value name ${WITHHELD}; a name is written ${WITHHELD} with \\\\ and \\" escapes`,
  },
  // The phrase inside quoted input is input: withheld with the rest of that piece.
  { message: 'found "x (trailing \\"\\\\\\") hunter2" after "Password"=', masked: `found ${WITHHELD} after "Password"=` },
  { message: 'found "(continued with \\"\\\\\\" from hunter2" for "Pwd"', masked: `found ${WITHHELD} for "Pwd"` },
  // Kept as before: a piece left open runs to the end.
  { message: 'expected "name"=value, found "Password"="hunter2', masked: `expected ${WITHHELD}=value, found "Password"=${WITHHELD}` },
];

for (const c of CASES) {
  test(`message keeps its own words: ${c.message.slice(0, 70)}`, () => {
    const got = d.maskMessage(c.message);
    assert.equal(got, c.masked);
    assert.ok(!got.includes('hunter2'), got);
  });
}

// ─── End to end: strict (an error) and lenient (a warning in the snapshot and in every report) ─────

const hex = (text: string): string => [...Buffer.from(text, 'utf16le')].map((b) => b.toString(16).padStart(2, '0')).join(',');
const TAIL = 'regedit skips both the value and this line';

function exportOf(label: string): string {
  return clearScadaExport(label, { Sec: [`"Password"=hex(2):${hex('HexSecret')},\\`, '  junk Hunter2Tail', '"Port"=dword:00000001'] });
}

test('a broken hex secret: the error and the warning say what regedit does, and quote none of it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-phrases-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const a = join(dir, 'a.reg');
  const b = join(dir, 'b.reg');
  writeFileSync(a, exportOf('NORTH-A'));
  writeFileSync(b, exportOf('NORTH-B'));
  const opts = { cwd: dir, now: '2026-11-20T09:20:00Z' };
  const secrets = ['Hunter2Tail', hex('HexSecret'), 'HexSecret'];
  for (const args of [['parse', a], ['collect', a], ['audit', a, b]]) {
    const r = await runCli(args, opts);
    assert.equal(r.code, 2, `${args[0]}: ${r.stderr}`);
    assert.ok(r.stderr.includes(`(trailing "\\") but this line does not start with a hex digit: ${TAIL}`), r.stderr);
    assertNoSecret(secrets, { [args[0]]: r.stdout + r.stderr });
  }
  const snaps: string[] = [];
  for (const [file, out] of [[a, 'a.json'], [b, 'b.json']]) {
    const r = await runCli(['collect', file, '--lenient', '-o', join(dir, out)], opts);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stderr.includes(TAIL), r.stderr);
    snaps.push(join(dir, out));
  }
  const s = parseSnapshotJson((await import('node:fs')).readFileSync(snaps[0], 'utf8'), snaps[0]);
  assert.ok(s.warnings?.some((w) => w.message.includes(`(trailing "\\") but this line does not start with a hex digit: ${TAIL}`) && !w.message.includes('withheld')), JSON.stringify(s.warnings));
  assertNoSecret(secrets, await everyFormat(t, ['audit', ...snaps], opts, AUDIT_FORMATS, [0, 1, 3]));
});
