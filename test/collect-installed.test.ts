// Installed versions: uninstall.reg (Windows' Uninstall key, a documented layout) gives product.version and wins
// over the assumed ClearSCADA `Version` value; files.json gives DBServer.exe's and each driver's file version,
// and the drivers registered without their executable (or the reverse).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectServer } from '../src/collect/index.js';
import { parseRegistry } from '../src/collect/registry/index.js';
import { geoScadaEntries, installedVersion, parseFilesJson } from '../src/collect/evidence/installed.js';
import { InputError } from '../src/errors.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'pairs');
const HEALTHY = join(FIXTURES, 'healthy-evidence', 'main');
const ROOT = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall';
const reg = (entries: [string, Record<string, string>][]): Uint8Array =>
  Buffer.from(`Windows Registry Editor Version 5.00\r\n\r\n[${ROOT}]\r\n\r\n${entries.map(([id, v]) => `[${ROOT}\\${id}]\r\n${Object.entries(v).map(([k, x]) => `"${k}"="${x}"`).join('\r\n')}\r\n\r\n`).join('')}`, 'utf8');

const ENTRIES: [string, [string, Record<string, string>][], RegExp | string][] = [
  ['Geo SCADA Expert among other products', [['Other', { DisplayName: 'Notepad++', DisplayVersion: '8.6' }], ['{A}', { DisplayName: 'Geo SCADA Expert 2023', DisplayVersion: '6.84.8512.1' }]], '6.84.8512.1'],
  ['an older ClearSCADA name', [['{B}', { DisplayName: 'ClearSCADA 2017 R3', DisplayVersion: '6.79.7034.1' }]], '6.79.7034.1'],
  ['two entries of one version (server and documentation)', [['{A}', { DisplayName: 'Geo SCADA Expert 2023', DisplayVersion: '6.84.8512.1' }], ['{C}', { DisplayName: 'Geo SCADA Expert 2023 Documentation', DisplayVersion: '6.84.8512.1' }]], '6.84.8512.1'],
  ['entries that disagree', [['{A}', { DisplayName: 'Geo SCADA Expert 2023', DisplayVersion: '6.84.8512.1' }], ['{D}', { DisplayName: 'Geo SCADA Expert 2022', DisplayVersion: '6.83.8100.1' }]], /lists Geo SCADA products of different versions \(Geo SCADA Expert 2023 6\.84\.8512\.1, Geo SCADA Expert 2022 6\.83\.8100\.1\)/],
  ['no Geo SCADA entry', [['Other', { DisplayName: 'Notepad++', DisplayVersion: '8.6' }]], /lists no Geo SCADA or ClearSCADA product/],
  ['an entry without DisplayVersion', [['{A}', { DisplayName: 'Geo SCADA Expert 2023' }]], /lists no Geo SCADA or ClearSCADA product/],
];

for (const [name, entries, want] of ENTRIES) {
  test(`uninstall.reg: ${name}`, () => {
    const v = installedVersion(geoScadaEntries(parseRegistry(reg(entries), { file: 'uninstall.reg' })));
    if (typeof want === 'string') assert.equal('value' in v ? v.value.displayVersion : v.unknown, want);
    else assert.ok('unknown' in v && want.test(v.unknown), JSON.stringify(v));
  });
}

test('files.json as the collectors write it: names, file versions (null for a file without version resources), lines', () => {
  const text = readFileSync(join(HEALTHY, 'files.json'), 'utf8');
  const { folder, files } = parseFilesJson(text, 'files.json');
  assert.equal(folder, 'C:\\Program Files\\Schneider Electric\\ClearSCADA\\');
  const db = files.find((f) => f.name === 'DBServer.exe');
  assert.equal(db?.fileVersion, '6.84.8512.1');
  assert.ok(typeof db?.line === 'number' && text.split('\n')[db.line - 1].includes('"DBServer.exe"'));
  assert.equal(files.find((f) => f.name === 'unins000.dll')?.fileVersion, '');
});

const BAD_FILES: [string, string, RegExp][] = [
  ['not JSON', '{"Folder": ', /^files\.json: line 1: not valid JSON/],
  ['a list instead of the object', '[]', /expected one JSON object/],
  ['no folder', '{"Files": []}', /no "Folder" string/],
  ['an entry without a name', '{"Folder": "C:\\\\x", "Files": [{"FileVersion": "1"}]}', /file entry 1 has no "Name"/],
];
for (const [name, text, want] of BAD_FILES) {
  test(`files.json refused: ${name}`, () => {
    assert.throws(() => parseFilesJson(text, 'files.json'), (e: unknown) => e instanceof InputError && want.test(e.message));
  });
}

test('a 2.0 bundle: product.version from uninstall.reg (confirmed, not assumed), file versions and driver executables from files.json', async () => {
  const s = await collectServer(HEALTHY, { toolVersion: '0', role: 'main' });
  const v = s.settings['product.version'];
  assert.equal(v.value, '6.84.8512.1');
  assert.equal(v.source.file, 'uninstall.reg');
  assert.equal(v.source.valueName, 'DisplayVersion');
  assert.match(v.source.key ?? '', /\\Uninstall\\\{3C4A9F2E-/);
  assert.equal(v.assumed, undefined, 'Windows\' Uninstall key is a documented layout');
  assert.equal(s.settings['installed.dbServer.fileVersion'].value, '6.84.8512.1');
  assert.equal(s.settings['installed.drivers.DNP3.fileVersion'].value, '6.84.8512.1');
  assert.deepEqual(s.settings['installed.driversWithoutExecutable'].value, []);
  assert.deepEqual(s.settings['installed.executablesWithoutDriver'].value, []);
  assert.ok(!(s.warnings ?? []).some((w) => /defined twice/.test(w.message)), 'the registry value is replaced, not a duplicate');
});

test('a driver executable without registration, and uninstall.reg that cannot tell the version (registry value kept, with a warning)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-installed-'));
  cpSync(HEALTHY, dir, { recursive: true });
  const files = JSON.parse(readFileSync(join(dir, 'files.json'), 'utf8').replace(/^\uFEFF/, '')) as { Folder: string; Files: { Name: string }[] };
  files.Files.push({ Name: 'DriverCustomRTU.exe' });
  writeFileSync(join(dir, 'files.json'), JSON.stringify(files));
  writeFileSync(join(dir, 'uninstall.reg'), reg([['Other', { DisplayName: 'Notepad++', DisplayVersion: '8.6' }]]));
  const s = await collectServer(dir, { toolVersion: '0', role: 'main' });
  assert.deepEqual(s.settings['installed.executablesWithoutDriver'].value, ['DriverCustomRTU.exe']);
  assert.equal(s.settings['product.version'].source.file, 'ClearSCADA.reg');
  assert.equal(s.settings['product.version'].assumed, true);
  assert.ok((s.warnings ?? []).some((w) => w.file === 'uninstall.reg' && /lists no Geo SCADA or ClearSCADA product/.test(w.message)));
});
