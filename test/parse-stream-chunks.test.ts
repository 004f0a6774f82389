// readRegistryFile reads a UTF-16LE export a chunk at a time, carrying the line a chunk cuts to the next buffer: with
// small chunks every line is cut at every place (inside a surrogate pair, between CR and LF, in an escape), and the
// tree, warnings and errors must be those of the whole bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRegistry, readRegistryFile } from '../src/collect/registry/index.js';
import { InputError } from '../src/errors.js';

const HKLM = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA';
const dir = mkdtempSync(join(tmpdir(), 'pairaudit-parse-chunks-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** The reader takes at least this much first (for the header), then `chunkBytes` at a time. */
const HEAD = 1 << 16;

/**
 * A UTF-16LE export whose `body` starts `before` bytes ahead of the first read's end: a comment line pads the
 * header to there, so the small reads cut the body's lines.
 */
function exportBytes(body: string, before: number): Buffer {
  const header = 'Windows Registry Editor Version 5.00\r\n\r\n;';
  const units = (HEAD - before) / 2 - 1 - header.length - 2;
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${header}${'p'.repeat(units)}\r\n${body}`, 'utf16le')]);
}

/** The tree as JSON, or the error's line and message. */
async function outcome(run: () => unknown): Promise<string> {
  try {
    return JSON.stringify(await run());
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return `error at ${e.line}: ${e.message}`;
  }
}

const key = `[${HKLM}\\Driver 漢字]`;
const cases: { name: string; body: string }[] = [
  { name: 'strings, dwords and hex continued over lines (CRLF)', body: [key, '"A"="x"', '"B"=dword:0000abcd', '"C"=hex(7):41,00,42,00,00,00,\\', '  43,00,00,00,00,00', '"D"=hex:01,02', ''].join('\r\n') },
  { name: 'escapes next to the cut', body: [key, '"a\\"b"="C:\\\\Program Files\\\\x\\\\"', '"\\\\"="\\"\\""', '@="\\\\srv\\\\share"', ''].join('\r\n') },
  { name: 'surrogate pairs in names and data', body: [key, '"🚀🚀"="Zürich 🚀 漢字 🚀"', '"x🚀"=dword:00000001', ''].join('\r\n') },
  { name: 'LF-only line breaks', body: [key, '"A"="x"', '"B"=hex:01,\\', '  02', ''].join('\n') },
  { name: 'lone CR line breaks', body: [key, '"A"="x"', '"B"=dword:00000002', ''].join('\r') },
  { name: 'mixed breaks and blank lines', body: `${key}\r\n\r\n"A"="x"\n\r"B"="y"\r\r\n"C"="z"\r\n` },
  { name: 'comments, a deleted value and a deleted key', body: [key, '; note', '"A"=-', `[-${HKLM}\\Old]`, '"B"="x" ; after', ''].join('\r\n') },
  { name: 'a line longer than many chunks', body: [key, `"Long"="${'x🚀'.repeat(300)}"`, `"Hex"=hex:${Array.from({ length: 200 }, (_, i) => (i & 0xff).toString(16).padStart(2, '0')).join(',')}`, ''].join('\r\n') },
  { name: 'a line that is not registry syntax', body: [key, '"A"="x"', 'tee', '"B"="y"', ''].join('\r\n') },
  { name: 'the last value without a line break', body: [key, '"A"="x"', '"B"="y"'].join('\r\n') },
  { name: 'cut in hex data continued with a backslash', body: [key, '"A"=hex:01,02,\\'].join('\r\n') + '\r\n' },
];

test('streamed in small chunks, every cut of every line gives the tree, warnings and errors of the whole bytes', async () => {
  let compared = 0;
  for (const c of cases) {
    for (const before of [0, 2, 6]) {
      const path = join(dir, 'x.reg');
      writeFileSync(path, exportBytes(c.body, before));
      const bytes = readFileSync(path);
      for (const lenient of [false, true]) {
        const whole = await outcome(() => parseRegistry(bytes, { file: path, lenient }));
        for (const chunkBytes of [4, 6, 8, 10, 12, 14, 18, 22, 26, 34, 62, 130]) {
          const streamed = await outcome(() => readRegistryFile(path, { lenient, chunkBytes }));
          assert.equal(streamed, whole, `${c.name}: ${chunkBytes}-byte chunks, body ${before} bytes before the first read ends, ${lenient ? 'lenient' : 'strict'}`);
          compared++;
        }
      }
    }
  }
  assert.equal(compared, cases.length * 3 * 2 * 12);
});

test('the case table reads values past the padding (the comparison is not of two empty trees)', async () => {
  const path = join(dir, 'y.reg');
  writeFileSync(path, exportBytes(cases[2].body, 2));
  const tree = await readRegistryFile(path, { chunkBytes: 6 });
  assert.deepEqual(tree.keys[0].values, [
    { name: '🚀🚀', type: 'REG_SZ', data: 'Zürich 🚀 漢字 🚀', line: 5 },
    { name: 'x🚀', type: 'REG_DWORD', data: 1, line: 6 },
  ]);
});

test('an export whose header comes after more blank lines than the first read holds is read as it is when read whole', async () => {
  const blank = '\r\n'.repeat(HEAD / 4 + 10);
  const cases: [string, string][] = [
    ['blank lines, then the header and a key', `${blank}Windows Registry Editor Version 5.00\r\n\r\n[${HKLM}\\DB]\r\n"Port"=dword:00001571\r\n`],
    ['blank lines, then a wrong header', `${blank}Windows Registry Editor Version 4.00\r\n`],
    ['blank lines only', blank],
  ];
  for (const [name, text] of cases) {
    const path = join(dir, 'late-header.reg');
    writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const whole = await outcome(() => parseRegistry(readFileSync(path), { file: path }));
    for (const chunkBytes of [6, 4096, 1 << 20]) assert.equal(await outcome(() => readRegistryFile(path, { chunkBytes })), whole, `${name}, ${chunkBytes}-byte chunks`);
    if (name.startsWith('blank lines, then the header')) assert.match(whole, /"Port"/);
  }
});
