// collectServer parses a large UTF-16LE export as it reads it and hashes it a chunk at a time: the snapshot (sources,
// sha256, provenance) and every error must be those of collecting its whole bytes; other files are read whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectFromBytes, collectServer, type CollectOptions } from '../src/collect/server.js';
import { InputError } from '../src/errors.js';

const HKLM = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA';
const dir = mkdtempSync(join(tmpdir(), 'pairaudit-collect-stream-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** A server export of `drivers` driver keys (about 560 bytes each in UTF-16), then `tail` lines. */
function exportText(drivers: number, tail: string[] = []): string {
  const lines = ['Windows Registry Editor Version 5.00', '', `[${HKLM}\\Partners]`, '"ServerLabel"="SITE-A"', '"Type"=dword:00000001', ''];
  for (let i = 0; i < drivers; i++) {
    lines.push(`[${HKLM}\\DriverCustom${i}]`, `@="Custom ${i} — Zürich 🚀"`, `"LogMaxSize"=dword:${i.toString(16).padStart(8, '0')}`);
    lines.push('"Schedule"=hex(7):30,00,30,00,3a,00,30,00,30,00,00,00,\\', '  31,00,32,00,3a,00,30,00,30,00,00,00,00,00', '');
  }
  return [...lines, ...tail].join('\r\n') + '\r\n';
}

const utf16le = (text: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
const opts: CollectOptions = { toolVersion: '0.0.0-test', at: '2026-11-25T12:00:00Z' };

async function outcome(run: () => unknown): Promise<string> {
  try {
    return JSON.stringify(await run());
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return `error ${e.exitCode} at ${e.line}: ${e.message}`;
  }
}

const cases: { name: string; bytes: Buffer; lenient?: boolean; error?: true }[] = [
  { name: 'a 3 MB UTF-16LE export (streamed)', bytes: utf16le(exportText(5_500)) },
  { name: 'streamed, with a bad line far in', bytes: utf16le(exportText(5_500, [`[${HKLM}\\Tail]`, 'tee'])), error: true },
  { name: 'streamed, --lenient over the bad line', bytes: utf16le(exportText(5_500, [`[${HKLM}\\Tail]`, 'tee', '"A"="b"'])), lenient: true },
  { name: 'streamed, cut in hex data', bytes: utf16le(exportText(5_500, [`[${HKLM}\\Tail]`, '"Blob"=hex:01,\\'])), error: true },
  { name: 'a small UTF-16LE export (read whole)', bytes: utf16le(exportText(3)) },
  { name: 'a large UTF-8 export (read whole)', bytes: Buffer.from(exportText(5_500), 'utf8') },
  { name: 'a REGEDIT4 export', bytes: Buffer.from(exportText(3).replace('Windows Registry Editor Version 5.00', 'REGEDIT4').replace(/ — Zürich 🚀/g, ''), 'latin1') },
  { name: 'streamed, an odd number of bytes', bytes: utf16le(exportText(5_500)).subarray(0, -1), error: true },
  { name: 'a snapshot JSON larger than a chunk (read whole)', bytes: Buffer.from(JSON.stringify(collectFromBytes(utf16le(exportText(5_500)), 'main.reg', opts))) },
  { name: 'reg query text in UTF-16LE, larger than a chunk', bytes: utf16le(Array.from({ length: 30_000 }, (_, i) => `\r\n${HKLM}\\K${i}\r\n    Port    REG_DWORD    0x1569`).join('') + '\r\n') },
];

test('collectServer gives what collecting the whole bytes gives: snapshot, source hash, errors', async () => {
  for (const c of cases) {
    const path = join(dir, 'server.reg');
    writeFileSync(path, c.bytes);
    const o = { ...opts, lenient: c.lenient };
    const whole = await outcome(() => collectFromBytes(readFileSync(path), 'server.reg', o));
    // Shown as server.reg, as collectFromBytes is told: collectServer names a file as given (here its whole path).
    assert.equal(await outcome(() => collectServer(path, { ...o, displayName: 'server.reg' })), whole, c.name);
    assert.equal(whole.startsWith('error 2 at '), c.error === true, `${c.name}: ${whole.slice(0, 120)}`);
  }
});

test('a streamed export records the sha256 and size of its bytes', async () => {
  const bytes = utf16le(exportText(5_500));
  assert.ok(bytes.length > 2 << 20, 'more than two read chunks');
  const path = join(dir, 'main.reg');
  writeFileSync(path, bytes);
  const snap = await collectServer(path, opts);
  const { createHash } = await import('node:crypto');
  assert.deepEqual(snap.collected.sources, [{ bytes: bytes.length, file: 'main.reg', kind: 'registry', sha256: createHash('sha256').update(bytes).digest('hex') }]);
});

test('a streamed export larger than --max-input-size is refused by the name given', async () => {
  const path = join(dir, 'big.reg');
  writeFileSync(path, utf16le(exportText(5_500)));
  await assert.rejects(collectServer(path, { ...opts, displayName: 'shown/big.reg', maxInputSize: 1 << 20 }), (e: unknown) => e instanceof InputError && e.message.startsWith('shown/big.reg: is ') && e.exitCode === 2);
});
