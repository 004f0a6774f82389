// bundle.json "ansiCodePage": the machine's ANSI code page, which both collectors record (the system locale's ACP).
// Inferred from the console's OEM code page alone, a .reg without a byte-order mark from a console set to 437 or
// 65001 on a Polish or Russian Windows was read as Windows-1252 (or guessed): its accented names read as drift.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readBundle } from '../src/collect/bundle.js';
import { parseBundleManifest } from '../src/collect/manifest.js';
import { ANSI_GUESS_WARNING, decodeAnsi, knownAnsiCodePage } from '../src/collect/registry/ansi.js';
import { InputError } from '../src/errors.js';
import { runCli } from './cli-harness.js';
import { tempDir } from './history-fixtures.js';
import { CLEARSCADA_KEY } from './whole-key.js';
import { latestCollectorVersion } from './collector-scripts.js';

const MANIFESTS: { name: string; json: Record<string, unknown>; want: { oemCodePage?: number; ansiCodePage?: number } | RegExp }[] = [
  { name: 'a string, as the cmd script writes it', json: { ansiCodePage: '1250' }, want: { ansiCodePage: 1250 } },
  { name: 'a number, as the PowerShell script writes it', json: { ansiCodePage: 65001 }, want: { ansiCodePage: 65001 } },
  { name: 'beside the console code page', json: { oemCodePage: '437', ansiCodePage: '1250' }, want: { oemCodePage: 437, ansiCodePage: 1250 } },
  { name: 'empty (the cmd script could not read it)', json: { oemCodePage: '850', ansiCodePage: '' }, want: { oemCodePage: 850 } },
  { name: 'null (the PowerShell script could not read it)', json: { ansiCodePage: null }, want: {} },
  { name: 'absent (a bundle of a collector before 2.1)', json: { oemCodePage: '852' }, want: { oemCodePage: 852 } },
  { name: 'a name, not a number', json: { ansiCodePage: 'UTF-8' }, want: /^bundle\.json: bundle field "ansiCodePage": expected a code page number \(1252\), found "UTF-8"$/ },
  { name: 'negative', json: { ansiCodePage: -1 }, want: /bundle field "ansiCodePage": expected a code page number \(1252\), found -1$/ },
  { name: 'a fraction', json: { ansiCodePage: 1250.5 }, want: /bundle field "ansiCodePage": expected a code page number \(1252\), found 1250.5$/ },
  { name: 'a boolean', json: { ansiCodePage: true }, want: /bundle field "ansiCodePage": expected a string, found true$/ },
];
for (const m of MANIFESTS) {
  test(`bundle.json ansiCodePage: ${m.name}`, () => {
    const text = JSON.stringify({ pairauditBundle: 1, ...m.json });
    const want = m.want;
    if (want instanceof RegExp) assert.throws(() => parseBundleManifest(text, 'bundle.json'), (e: unknown) => e instanceof InputError && want.test(e.message));
    else {
      const got = parseBundleManifest(text, 'bundle.json');
      assert.deepEqual({ oemCodePage: got.oemCodePage, ansiCodePage: got.ansiCodePage }, { oemCodePage: want.oemCodePage, ansiCodePage: want.ansiCodePage });
    }
  });
}

test('ANSI code page 65001 (Windows\' "Beta: Use Unicode UTF-8"): known, and decoded as UTF-8 with a leading U+FEFF kept', () => {
  assert.equal(knownAnsiCodePage(65001), true);
  assert.equal(decodeAnsi(Buffer.from('\uFEFFC:\\Dane-źródło', 'utf8'), 65001), '\uFEFFC:\\Dane-źródło');
});

const ascii = (t: string): Buffer => Buffer.from(t, 'latin1');

/** A REGEDIT4 export: a value named and valued in `name`/`value` bytes (line 5), and an expandable string as hex(2) (line 6). */
function regedit4(name: Buffer, value: Buffer, expand: Buffer = ascii('C:\\Data')): Buffer {
  const hex = [...expand, 0].map((b) => b.toString(16).padStart(2, '0')).join(',');
  return Buffer.concat([ascii(`REGEDIT4\r\n\r\n[${CLEARSCADA_KEY}]\r\n"Version"="6.84"\r\n"`), name, ascii('"="'), value, ascii(`"\r\n"Folder"=hex(2):${hex}\r\n\r\n[${CLEARSCADA_KEY}\\DB]\r\n"Port"=dword:00001569\r\n\r\n`)]);
}

/** The same values as `reg export` writes them (UTF-16LE with BOM). */
function regExport(name: string, value: string, expand = 'C:\\Data'): Buffer {
  const hex = [...Buffer.from(`${expand}\0`, 'utf16le')].map((b) => b.toString(16).padStart(2, '0')).join(',');
  return Buffer.from(`\uFEFFWindows Registry Editor Version 5.00\r\n\r\n[${CLEARSCADA_KEY}]\r\n"Version"="6.84"\r\n"${name}"="${value}"\r\n"Folder"=hex(2):${hex}\r\n\r\n[${CLEARSCADA_KEY}\\DB]\r\n"Port"=dword:00001569\r\n\r\n`, 'utf16le');
}

// Polish in Windows-1250, Russian in Windows-1251, and the same as UTF-8.
const POLISH = { name: 'Zażółć', value: 'Gęślą jaźń', expand: 'D:\\Dane-źródło' };
const PL_1250 = regedit4(Buffer.from('5a61bff3b3e6', 'hex'), Buffer.from('47ea9c6cb9206a619ff1', 'hex'), Buffer.from('443a5c44616e652d9f72f364b36f', 'hex'));
const RUSSIAN = { name: 'Описание', value: 'Сервер Север', expand: 'C:\\Data' };
const RU_1251 = regedit4(Buffer.from('ceefe8f1e0ede8e5', 'hex'), Buffer.from('d1e5f0e2e5f020d1e5e2e5f0', 'hex'));
const PL_UTF8 = regedit4(Buffer.from(POLISH.name), Buffer.from(POLISH.value), Buffer.from(POLISH.expand));
/** The Polish 1250 bytes read as Windows-1252: what an export is misread as without its code page. */
const POLISH_AS_1252 = { name: 'Za¿ó³æ', value: 'Gêœl¹ jaŸñ', expand: 'D:\\Dane-Ÿród³o' };
const ASCII_ONLY = { name: 'Description', value: 'North', expand: 'C:\\Data' };

const at5 = (message: string): string => `ClearSCADA.reg:5: ${message}`;
const UNKNOWN_1361 = 'non-ASCII text in an export without a byte-order mark (ANSI) in code page 1361 (bundle.json "ansiCodePage"), which pairaudit cannot decode: read as Windows-1252, so names and values with such characters may not match the other server\'s; export it with `reg export` (UTF-16), as the collection scripts do';
const NOT_UTF8 = 'non-ASCII text that is not UTF-8 in an export without a byte-order mark, though this server\'s ANSI code page is UTF-8 (bundle.json "ansiCodePage": 65001): read as Windows-1252, so names and values with such characters may not match the other server\'s; export it with `reg export` (UTF-16), as the collection scripts do';

const BUNDLES: { name: string; manifest?: Record<string, unknown>; reg: Buffer; read: typeof POLISH; warnings: string[] }[] = [
  // The ANSI code page recorded differs from the one the console's would give: it wins.
  { name: 'console 437 on a Polish Windows (ACP 1250)', manifest: { oemCodePage: '437', ansiCodePage: '1250' }, reg: PL_1250, read: POLISH, warnings: [] },
  { name: 'console 850 with a Polish system locale (ACP 1250)', manifest: { oemCodePage: '850', ansiCodePage: '1250' }, reg: PL_1250, read: POLISH, warnings: [] },
  { name: 'console set to UTF-8 (chcp 65001) on a Russian Windows (ACP 1251)', manifest: { oemCodePage: '65001', ansiCodePage: '1251' }, reg: RU_1251, read: RUSSIAN, warnings: [] },
  { name: 'the PowerShell collector (no console code page), ACP 1250 as a number', manifest: { ansiCodePage: 1250 }, reg: PL_1250, read: POLISH, warnings: [] },
  // UTF-8 as the ANSI code page: regedit writes REGEDIT4 as UTF-8, hex(2) data too.
  { name: 'ACP 65001: a REGEDIT4 export in UTF-8, hex(2) data included', manifest: { oemCodePage: '65001', ansiCodePage: 65001 }, reg: PL_UTF8, read: POLISH, warnings: [] },
  { name: 'ACP 65001: an export in 1250 bytes, which is not UTF-8 (saved elsewhere)', manifest: { ansiCodePage: 65001 }, reg: PL_1250, read: POLISH_AS_1252, warnings: [at5(NOT_UTF8)] },
  // A code page pairaudit cannot decode (1361, Korean Johab): one warning naming file and line, no stack trace.
  { name: 'ACP 1361 (not known here) with non-ASCII text', manifest: { ansiCodePage: '1361' }, reg: PL_1250, read: POLISH_AS_1252, warnings: [at5(UNKNOWN_1361)] },
  { name: 'ACP 1361 with ASCII text only: no warning', manifest: { ansiCodePage: '1361' }, reg: regedit4(ascii('Description'), ascii('North')), read: ASCII_ONLY, warnings: [] },
  { name: 'ACP 1250 and a reg export (UTF-16): the code page does not apply', manifest: { oemCodePage: '437', ansiCodePage: '1250' }, reg: regExport(POLISH.name, POLISH.value, POLISH.expand), read: POLISH, warnings: [] },
  // Bundles of collectors before 2.1 (no ansiCodePage): today's inference from the console code page, and its limit.
  { name: 'older bundle, console 852: ACP 1250 inferred', manifest: { oemCodePage: '852' }, reg: PL_1250, read: POLISH, warnings: [] },
  { name: 'older bundle, console 437 on a Polish Windows: inferred 1252, misread as before', manifest: { oemCodePage: '437' }, reg: PL_1250, read: POLISH_AS_1252, warnings: [] },
  { name: 'no bundle.json: read as Windows-1252 with the guess warning, as before', reg: PL_1250, read: POLISH_AS_1252, warnings: [at5(ANSI_GUESS_WARNING)] },
];
for (const c of BUNDLES) {
  test(`bundle with a .reg without byte-order mark: ${c.name}`, async () => {
    const { dir, cleanup } = tempDir('pairaudit-acp-');
    try {
      writeFileSync(join(dir, 'ClearSCADA.reg'), c.reg);
      if (c.manifest !== undefined) writeFileSync(join(dir, 'bundle.json'), JSON.stringify({ pairauditBundle: 1, ...c.manifest }));
      const b = await readBundle(dir);
      const values = b.trees[0].tree.keys[0].values;
      const data = (name: string) => values.find((v) => v.name === name)?.data;
      assert.deepEqual({ name: values[1]?.name, value: values[1]?.data, expand: data('Folder') }, c.read);
      const warnings = [...(b.trees[0].tree.warnings ?? []).map((w) => `ClearSCADA.reg:${w.line}: ${w.message}`), ...b.warnings.map((w) => `${w.file}: ${w.message}`)];
      assert.deepEqual(warnings, c.warnings);
    } finally {
      cleanup();
    }
  });
}

/** A pair of bundles, Main and Standby, whose exports hold the same Polish values; any reg: failure was misread. */
const PAIRS: { name: string; main: Record<string, unknown>; standby: Record<string, unknown>; standbyReg: Buffer; misread: boolean }[] = [
  { name: 'Main records ACP 1250 (console 437), Standby is an older bundle of a Polish console (852)', main: { oemCodePage: '437', ansiCodePage: '1250' }, standby: { oemCodePage: '852' }, standbyReg: PL_1250, misread: false },
  { name: 'Main records ACP 1250 (console 65001), Standby is an older bundle with a reg export (UTF-16)', main: { oemCodePage: '65001', ansiCodePage: '1250' }, standby: { oemCodePage: '65001' }, standbyReg: regExport(POLISH.name, POLISH.value, POLISH.expand), misread: false },
  { name: 'Main records ACP 1250, Standby is an older bundle of a console set to 437: the Standby is misread, as before', main: { oemCodePage: '437', ansiCodePage: '1250' }, standby: { oemCodePage: '437' }, standbyReg: PL_1250, misread: true },
];
for (const p of PAIRS) {
  test(`audit of a pair, one bundle with "ansiCodePage" and one without: ${p.name}`, async () => {
    const { dir, cleanup } = tempDir('pairaudit-acp-');
    try {
      // A blank line more at its end: the same values in other bytes (the same bytes twice are refused as one server given twice).
      for (const [server, manifest, reg] of [['main', p.main, PL_1250], ['standby', p.standby, Buffer.concat([p.standbyReg, Buffer.from('\r\n', p.standbyReg[0] === 0xff ? 'utf16le' : 'latin1')])]] as const) {
        mkdirSync(join(dir, server));
        writeFileSync(join(dir, server, 'ClearSCADA.reg'), reg);
        writeFileSync(join(dir, server, 'bundle.json'), JSON.stringify({ pairauditBundle: 1, ...manifest }));
      }
      const r = await runCli(['audit', 'main', 'standby', '-f', 'json', '--fail-on', 'none'], { cwd: dir, now: '2026-11-25T12:00:00Z', env: { PAIRAUDIT_SECRET_KEY: 'k' } });
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout) as { findings: { setting: string; status: string }[]; servers: { warnings?: unknown[] }[] };
      const failed = out.findings.filter((f) => f.status === 'fail' && f.setting.startsWith('reg:')).map((f) => f.setting);
      assert.equal(failed.length > 0, p.misread, JSON.stringify(failed));
      assert.deepEqual(out.servers.map((s) => s.warnings), [undefined, undefined]);
    } finally {
      cleanup();
    }
  });
}

const COLLECTORS = join(import.meta.dirname, '..', 'collectors');

test('collect-pairaudit.cmd reads the ANSI code page with reg query, keeps digits only, and writes it into a bundle.json pairaudit reads', () => {
  const cmd = readFileSync(join(COLLECTORS, 'collect-pairaudit.cmd'), 'utf8');
  const lines = cmd.split('\r\n');
  const read = lines.findIndex((l) => l.includes('reg query "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Nls\\CodePage" /v ACP'));
  assert.ok(read > 0, 'reads ACP of the Nls\\CodePage key');
  assert.match(lines[read], /^for \/f "tokens=1,2,\*" %%a in \('reg query "[^"]+" \/v ACP 2\^>nul'\) do if \/i "%%a"=="ACP" set "ACP=%%c"$/);
  assert.equal(lines[read - 1], 'set "ACP="', 'cleared first: an unreadable value leaves the field empty');
  assert.equal(lines[read + 1], 'if defined ACP for /f "delims=0123456789" %%d in ("%ACP%") do set "ACP="', 'anything but digits is dropped');
  // The manifest the script echoes, with its variables as a run would set them, is valid JSON the reader accepts.
  const start = lines.indexOf('> "%OUT%\\bundle.json" (');
  assert.ok(start > read, 'ACP is read before bundle.json is written');
  const end = lines.indexOf(')', start);
  const vars: Record<string, string> = { AT: '2026-11-20T09:17:22.4560000+01:00', COMPUTERNAME: 'N1', INSTANCE: '', ROLE: 'main', OEMCP: '437', ACP: '1250', KEY: 'HKLM\\\\SOFTWARE\\\\Schneider Electric\\\\ClearSCADA' };
  const json = lines.slice(start + 1, end).map((l) => l.replace(/^\s*echo /, '').replace(/%([A-Z]+)(?::[^%]*)?%/g, (_, v: string) => vars[v] ?? assert.fail(`unknown variable ${v}`))).join('\n');
  const m = parseBundleManifest(json, 'bundle.json');
  assert.deepEqual([m.oemCodePage, m.ansiCodePage, m.collector?.version], [437, 1250, latestCollectorVersion()]);
  assert.equal(parseBundleManifest(json.replace('"ansiCodePage": "1250"', '"ansiCodePage": ""'), 'bundle.json').ansiCodePage, undefined, 'left empty when not read');
});

test('Collect-PairAudit.ps1 reads the ANSI code page with Get-ItemProperty and writes it into bundle.json as a number or null', () => {
  const ps1 = readFileSync(join(COLLECTORS, 'Collect-PairAudit.ps1'), 'utf8');
  const read = ps1.indexOf("Get-ItemProperty -LiteralPath 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Nls\\CodePage' -Name 'ACP'");
  assert.ok(read > 0, 'reads ACP of the Nls\\CodePage key');
  assert.match(ps1, /\$ansiCodePage = \$null\r\ntry \{\r\n/, 'null (JSON null, read as absent) unless read');
  assert.match(ps1, /if \("\$acp" -match '\^\\d\+\$'\) \{ \$ansiCodePage = \[int\]"\$acp" \}/, 'a number, digits only');
  const manifest = /\$manifest = \[ordered\]@\{\r\n([\s\S]*?)\r\n\}/.exec(ps1);
  assert.ok(manifest !== null && manifest.index > read, 'read before the manifest is built');
  assert.match(manifest[1], /^ {4}ansiCodePage {4}= \$ansiCodePage$/m);
  assert.match(ps1, /\$collectorVersion = '2\.3'/);
});
