// `reg query /s` text cut in the middle of a line: reg.exe ends every line with CRLF, and so do cmd's `>` and
// PowerShell's, so a last line without a line break was cut ("0x1569" cut to "0x15" read as port 21). Exit 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './cli-harness.js';
import { tempDir } from './history-fixtures.js';

const TRIPLE = join(import.meta.dirname, '..', 'fixtures', 'pairs', 'triple-standby');
const opts = (cwd: string) => ({ cwd, now: '2026-11-25T12:00:00Z', env: { PAIRAUDIT_SECRET_KEY: 'k' } });
const QUERY = join(TRIPLE, 'standby-b', 'reg-query.txt');

/** The fixture's reg query text, decoded, with CRLF line ends. */
function queryText(): string {
  const b = readFileSync(QUERY);
  const t = b[0] === 0xff && b[1] === 0xfe ? b.subarray(2).toString('utf16le') : b.toString('utf8').replace(/^\uFEFF/, '');
  return t.replace(/\r\n/g, '\n').replace(/\n/g, '\r\n');
}
const PORT = '    Port    REG_DWORD    0x1569';
/** The text cut right after `0x15` of DB\Port, and the number of that line. */
function cutText(): { text: string; line: number } {
  const t = queryText();
  const at = t.indexOf(PORT) + PORT.length - 2;
  return { text: t.slice(0, at), line: t.slice(0, at).split('\r\n').length };
}

const ENCODINGS: { name: string; bytes: (t: string) => Buffer }[] = [
  { name: 'UTF-16LE with BOM (PowerShell `>`)', bytes: (t) => Buffer.from(`\uFEFF${t}`, 'utf16le') },
  { name: 'UTF-8', bytes: (t) => Buffer.from(t, 'utf8') },
  { name: 'ANSI with a non-ASCII line (cmd `>`, code page 850)', bytes: (t) => Buffer.from(t.replace(/^(\s*HKEY_[^\r]*\r\n)/, '$1    Nom    REG_SZ    Zone \x82\r\n'), 'latin1') },
];

for (const enc of ENCODINGS) {
  test(`reg query text cut mid-line, ${enc.name}: exit 2 naming the file and the line; --lenient reads it with a warning; whole, it reads`, async () => {
    const { dir, cleanup } = tempDir('pairaudit-query-cut-');
    try {
      const { text, line } = cutText();
      const shift = enc.name.startsWith('ANSI') ? 1 : 0;
      writeFileSync(join(dir, 'cut.txt'), enc.bytes(text));
      const r = await runCli(['parse', 'cut.txt'], opts(dir));
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, `pairaudit: cut.txt: line ${line + shift}: the file ends without a line break after "Port    REG_DWORD    0x15": reg query ends every line with a line break (CRLF), so the output is truncated; run the query again\n`);
      const audit = await runCli(['audit', join(TRIPLE, 'main'), 'cut.txt'], opts(dir));
      assert.equal(audit.code, 2, audit.stderr);
      const lenient = await runCli(['parse', 'cut.txt', '--lenient'], opts(dir));
      assert.equal(lenient.code, 0, lenient.stderr);
      assert.ok((JSON.parse(lenient.stdout) as { warnings: { line: number; message: string }[] }).warnings.some((w) => w.line === line + shift && /looks truncated; read as it is$/.test(w.message)));
      writeFileSync(join(dir, 'whole.txt'), enc.bytes(queryText()));
      const whole = await runCli(['parse', 'whole.txt'], opts(dir));
      assert.equal(whole.code, 0, whole.stderr);
    } finally {
      cleanup();
    }
  });
}

test('a bundle whose reg-query.txt (cmd `reg query /s >`, OEM code page) is cut mid-line is refused; the fixture bundle reads', async () => {
  const { dir, cleanup } = tempDir('pairaudit-query-cut-');
  try {
    const bundle = join(dir, 'standby-b');
    cpSync(join(TRIPLE, 'standby-b'), bundle, { recursive: true });
    const ok = await runCli(['collect', bundle], opts(dir));
    assert.equal(ok.code, 0, ok.stderr);
    const { text, line } = cutText();
    writeFileSync(join(bundle, 'reg-query.txt'), Buffer.from(text, 'latin1'));
    const r = await runCli(['collect', bundle], opts(dir));
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`^pairaudit: ${bundle.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}/reg-query\\.txt: line ${line}: the file ends without a line break after "Port    REG_DWORD    0x15": .*truncated`));
  } finally {
    cleanup();
  }
});

test('a last line without a line break that is the search trailer, or blank, is no cut', async () => {
  const { dir, cleanup } = tempDir('pairaudit-query-cut-');
  try {
    const t = queryText();
    for (const [name, text] of [['trailer.txt', `${t}End of search: 12 match(es) found.`], ['blank.txt', `${t}    `]] as const) {
      writeFileSync(join(dir, name), Buffer.from(`\uFEFF${text}`, 'utf16le'));
      const r = await runCli(['parse', name], opts(dir));
      assert.equal(r.code, 0, `${name}: ${r.stderr}`);
    }
  } finally {
    cleanup();
  }
});
