// readRegistryFile streams large UTF-16LE exports in chunks: same tree, same lines and errors as parsing the whole bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRegistry, readRegistryFile } from '../src/collect/registry/index.js';
import { InputError } from '../src/errors.js';

const HKLM = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA';
const dir = mkdtempSync(join(tmpdir(), 'pairaudit-parse-stream-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function utf16le(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

/** About `keys` driver keys with strings, dwords, hex continuations and non-ASCII text; several MB in UTF-16. */
function bigExport(keys: number, extra: string[] = []): string {
  const lines = ['Windows Registry Editor Version 5.00', ''];
  for (let i = 0; i < keys; i++) {
    lines.push(`[${HKLM}\\DriverCustom${i}]`, `@="Custom ${i} — Zürich 漢字 🚀"`, `"LogMaxSize"=dword:${i.toString(16).padStart(8, '0')}`);
    lines.push('"Schedule"=hex(7):30,00,30,00,3a,00,30,00,30,00,00,00,30,00,36,00,3a,00,30,00,30,00,00,00,\\', '  31,00,32,00,3a,00,30,00,30,00,00,00,00,00', '');
  }
  lines.push(...extra);
  return lines.join('\r\n') + '\r\n';
}

function write(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

test('a multi-megabyte UTF-16LE export streams to exactly the tree of its whole bytes', async () => {
  // A single line longer than the read buffer, too.
  const huge = `"Huge"=hex:${Array.from({ length: 400_000 }, (_, i) => (i & 0xff).toString(16).padStart(2, '0')).join(',')}`;
  const path = write('big.reg', utf16le(bigExport(12_000, [`[${HKLM}\\Huge]`, huge])));
  const bytes = readFileSync(path);
  assert.ok(bytes.length > 4 * (1 << 20), 'several read chunks');
  const streamed = await readRegistryFile(path);
  assert.deepEqual(streamed, parseRegistry(bytes, { file: path }));
  assert.equal(streamed.keys.length, 12_001);
  const last = streamed.keys[11_999];
  assert.deepEqual(last.values[2], { name: 'Schedule', type: 'REG_MULTI_SZ', data: ['00:00', '06:00', '12:00'], line: 2 + 11_999 * 6 + 4 });
  assert.equal((streamed.keys[12_000].values[0].data as string).length, 800_000);
});

test('streamed: a file of exactly 1, 2 or 3 read chunks, ending with or without a line break', async () => {
  for (const chunks of [1, 2, 3]) {
    for (const end of ['\r\n', '']) {
      const body = bigExport(200 * chunks);
      // A comment line pads the file (BOM included) to exactly `chunks` MiB.
      const pad = ((chunks << 20) - utf16le(body).length) / 2 - 13 - end.length;
      const path = write(`exact${chunks}${end.length}.reg`, utf16le(`${body};${'p'.repeat(pad)}\r\n"Last"="x"${end}`));
      assert.equal(readFileSync(path).length, chunks << 20);
      const streamed = await readRegistryFile(path, { lenient: true });
      assert.deepEqual(streamed, parseRegistry(readFileSync(path), { file: path, lenient: true }), `${chunks} MiB, ${end === '' ? 'no' : 'a'} final line break`);
      assert.equal(streamed.keys.at(-1)?.values.at(-1)?.name, 'Last');
    }
  }
});

test('streamed: a line problem far into the file names the right line, and --lenient warns', async () => {
  const text = bigExport(10_000, [`[${HKLM}\\Tail]`, 'tee', '"A"=dword:00000001']);
  const path = write('junk.reg', utf16le(text));
  const junkLine = 2 + 10_000 * 6 + 2;
  await assert.rejects(readRegistryFile(path, { displayName: 'junk.reg' }), (e: unknown) => e instanceof InputError && e.line === junkLine && e.message.startsWith(`junk.reg: line ${junkLine}: expected [key]`));
  const tree = await readRegistryFile(path, { lenient: true });
  assert.deepEqual(tree.warnings?.map((w) => w.line), [junkLine]);
  assert.equal(tree.keys.at(-1)?.values[0].name, 'A');
});

test('streamed: truncated in a hex continuation, or in the middle of a character', async () => {
  const cut = bigExport(10_000, [`[${HKLM}\\Tail]`, '"Blob"=hex:01,02,\\']);
  const lastLine = cut.split('\r\n').length - 1;
  await assert.rejects(readRegistryFile(write('cut.reg', utf16le(cut)), { displayName: 'cut.reg' }), {
    message: `cut.reg: line ${lastLine}: the file ends in the middle of the hex data of "Blob" (continued with "\\" from line ${lastLine}): the export is truncated; export it again`,
  });
  const odd = utf16le(bigExport(10_000)).subarray(0, -1);
  await assert.rejects(readRegistryFile(write('odd.reg', odd), { displayName: 'odd.reg' }), { message: /^odd\.reg: ends in the middle of a UTF-16 character/ });
});

test('large files in other encodings are read whole and parse the same', async () => {
  const text = bigExport(10_000);
  const path = write('big-utf8.reg', Buffer.from(text, 'utf8'));
  assert.deepEqual(await readRegistryFile(path), parseRegistry(utf16le(text), { file: path }));
});
