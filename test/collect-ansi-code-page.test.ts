// An ANSI .reg file (REGEDIT4, or a version-5 export re-saved as "ANSI") is in the ANSI code page of the Windows that
// wrote it, which the file does not record. Read as Windows-1252, a Japanese, Russian, Polish or Chinese export's
// names and values came out garbled and were reported as drift against the same server's UTF-16 export, silently.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './cli-harness.js';
import { tempDir } from './history-fixtures.js';
import { CLEARSCADA_KEY } from './whole-key.js';
import { ANSI_GUESS_WARNING } from '../src/collect/registry/ansi.js';

const opts = (cwd: string) => ({ cwd, now: '2026-11-25T12:00:00Z', env: { PAIRAUDIT_SECRET_KEY: 'k' } });

/** A value named and valued in a language outside Western Europe, and its bytes in that Windows' ANSI code page. */
const CASES: { language: string; ansi: number; oem: number; name: string; value: string; nameBytes: string; valueBytes: string }[] = [
  { language: 'Japanese', ansi: 932, oem: 932, name: '説明', value: '監視サーバー 北', nameBytes: '90e096be', valueBytes: '8ac48e8b8354815b836f815b20966b' },
  { language: 'Russian', ansi: 1251, oem: 866, name: 'Описание', value: 'Сервер Север', nameBytes: 'ceefe8f1e0ede8e5', valueBytes: 'd1e5f0e2e5f020d1e5e2e5f0' },
  { language: 'Polish', ansi: 1250, oem: 852, name: 'Zażółć', value: 'Gęślą jaźń', nameBytes: '5a61bff3b3e6', valueBytes: '47ea9c6cb9206a619ff1' },
  { language: 'Chinese (Simplified)', ansi: 936, oem: 936, name: '说明', value: '监控服务器 北', nameBytes: 'cbb5c3f7', valueBytes: 'bce0bfd8b7fecef1c6f720b1b1' },
];

const ascii = (t: string): Buffer => Buffer.from(t, 'latin1');

/** The Main: `reg export` of the key (UTF-16LE with BOM), the value on line 5. */
function mainExport(name: string, value: string): Buffer {
  return Buffer.from(`\uFEFFWindows Registry Editor Version 5.00\r\n\r\n[${CLEARSCADA_KEY}]\r\n"Version"="6.84"\r\n"${name}"="${value}"\r\n\r\n[${CLEARSCADA_KEY}\\DB]\r\n"Port"=dword:00001569\r\n\r\n`, 'utf16le');
}

/** The same values as a REGEDIT4 file in the ANSI code page (`nameBytes`, `valueBytes`), or any encoding of them. */
function regedit4(name: Buffer, value: Buffer): Buffer {
  return Buffer.concat([ascii(`REGEDIT4\r\n\r\n[${CLEARSCADA_KEY}]\r\n"Version"="6.84"\r\n"`), name, ascii('"="'), value, ascii(`"\r\n\r\n[${CLEARSCADA_KEY}\\DB]\r\n"Port"=dword:00001569\r\n\r\n`)]);
}

interface Result {
  findings: { setting: string; status: string }[];
  servers: { warnings?: { file: string; line?: number; message: string }[] }[];
}

async function auditJson(dir: string, standby: string): Promise<Result> {
  const r = await runCli(['audit', 'main.reg', standby, '-f', 'json', '--fail-on', 'none'], opts(dir));
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Result;
}

/** The servers differ in nothing but the encoding of their exports: any registry value that fails was misread. */
const misread = (r: Result): boolean => r.findings.some((f) => f.status === 'fail' && f.setting.startsWith('reg:'));

for (const c of CASES) {
  test(`${c.language} (ANSI ${c.ansi}) REGEDIT4: without its code page, a warning naming file and line in audit and check; in a bundle (oemCodePage ${c.oem}) or as UTF-8, read right`, async () => {
    const { dir, cleanup } = tempDir('pairaudit-ansi-');
    try {
      writeFileSync(join(dir, 'main.reg'), mainExport(c.name, c.value));
      const ansi = regedit4(Buffer.from(c.nameBytes, 'hex'), Buffer.from(c.valueBytes, 'hex'));

      // The file alone: nothing says its code page. Read as Windows-1252, and said so where the drift is reported.
      writeFileSync(join(dir, 'standby.reg'), ansi);
      const guessed = await auditJson(dir, 'standby.reg');
      assert.deepEqual(guessed.servers[1].warnings, [{ file: 'standby.reg', line: 5, message: ANSI_GUESS_WARNING }]);
      for (const command of ['audit', 'check']) {
        const text = await runCli([command, 'main.reg', 'standby.reg', ...(command === 'audit' ? ['--fail-on', 'none'] : [])], opts(dir));
        assert.match(text.stdout.replace(/\s+/g, ' '), /COLLECTION WARNINGS: 1 -+ ! standby\.reg \(Standby A\): standby\.reg line 5: non-ASCII text .* read as Windows-1252/, command);
      }

      // In a bundle of the cmd collector, bundle.json records the console's code page, and so the ANSI one.
      mkdirSync(join(dir, 'bundle'));
      writeFileSync(join(dir, 'bundle', 'ClearSCADA.reg'), ansi);
      writeFileSync(join(dir, 'bundle', 'bundle.json'), JSON.stringify({ pairauditBundle: 1, oemCodePage: String(c.oem) }));
      const known = await auditJson(dir, 'bundle');
      assert.equal(misread(known), false, JSON.stringify(known.findings.filter((f) => f.status === 'fail')));
      assert.equal(known.servers[1].warnings, undefined);

      // Re-saved by Notepad as UTF-8 (no BOM): valid UTF-8 is read as UTF-8.
      writeFileSync(join(dir, 'utf8.reg'), regedit4(Buffer.from(c.name, 'utf8'), Buffer.from(c.value, 'utf8')));
      const utf8 = await auditJson(dir, 'utf8.reg');
      assert.equal(misread(utf8), false);
      assert.equal(utf8.servers[1].warnings, undefined);
    } finally {
      cleanup();
    }
  });
}

test('REGEDIT4 hex(2) string data in an unknown ANSI code page: the warning names the line of the value', async () => {
  const { dir, cleanup } = tempDir('pairaudit-ansi-');
  try {
    // C:\Данные in code page 1251, as regedit writes an expandable string in a REGEDIT4 file.
    const text = `REGEDIT4\r\n\r\n[${CLEARSCADA_KEY}]\r\n"Version"="6.84"\r\n\r\n[${CLEARSCADA_KEY}\\Logging]\r\n"LogDirectory"=hex(2):43,3a,5c,c4,e0,ed,ed,fb,e5,00\r\n\r\n`;
    writeFileSync(join(dir, 'x.reg'), ascii(text));
    const r = await runCli(['parse', 'x.reg'], opts(dir));
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as { warnings: unknown }).warnings, [{ line: 7, message: ANSI_GUESS_WARNING }]);
  } finally {
    cleanup();
  }
});
