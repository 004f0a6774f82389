// Bundle evidence for disk and address checks: hosts, environment.json, dbsize.json, Win32_Volume listings
// with mount points, and what an earlier collector version could not write.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, copyFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseVolumesJson, collectServer } from '../src/collect/index.js';
import { parseHosts } from '../src/collect/evidence/hosts.js';
import { parseEnvironmentJson } from '../src/collect/evidence/environment.js';
import { parseDbSizeJson } from '../src/collect/evidence/dbsize.js';
import { notCollected } from '../src/collect/evidence/collected.js';
import { InputError } from '../src/errors.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'pairs');
const utf16bom = (s: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);

/** A Windows Server hosts file as shipped, with site entries added by hand (tabs, aliases, comments, IPv6). */
const HOSTS = [
  '# Copyright (c) 1993-2009 Microsoft Corp.',
  '#',
  '# This is a sample HOSTS file used by Microsoft TCP/IP for Windows.',
  '#',
  '# For example:',
  '#',
  '#      102.54.94.97     rhino.acme.com          # source server',
  '#       38.25.63.10     x.acme.com              # x client host',
  '',
  '# localhost name resolution is handled within DNS itself.',
  '#\t127.0.0.1       localhost',
  '#\t::1             localhost',
  '10.20.2.11\tscada-n1-sync\tSCADA-N1-SYNC.ops.example.net # sync NIC of the partner',
  '10.20.2.12      scada-n2-sync',
  'fe80::1%12      scada-n2-ll',
  'scada-n3        10.20.2.13',
  '10.20.2.14',
  '10.20.2.15      scada-n2-sync',
  '',
].join('\r\n');

test('hosts: entries by name with their first line, aliases, IPv6 zone dropped; lines Windows skips are warnings', () => {
  const h = parseHosts(HOSTS);
  assert.deepEqual(h.entries, [
    { name: 'scada-n1-sync', addresses: ['10.20.2.11'], line: 13 },
    { name: 'scada-n1-sync.ops.example.net', addresses: ['10.20.2.11'], line: 13 },
    { name: 'scada-n2-ll', addresses: ['fe80::1'], line: 15 },
    { name: 'scada-n2-sync', addresses: ['10.20.2.12', '10.20.2.15'], line: 14 },
  ]);
  assert.deepEqual(h.warnings.map((w) => w.line), [16, 17]);
  assert.match(h.warnings[0].message, /"scada-n3" is not an IP address/);
  assert.deepEqual(parseHosts('\uFEFF# only comments\r\n').entries, []);
});

/** Windows PowerShell 5.1: `[ordered]@{…} | ConvertTo-Json | Out-File -Encoding UTF8` (BOM, two spaces after the colon). */
const ENV_JSON = '\uFEFF{\r\n    "ProgramData":  "C:\\\\ProgramData",\r\n    "ProgramFiles":  "C:\\\\Program Files",\r\n    "ProgramFiles(x86)":  "C:\\\\Program Files (x86)",\r\n    "SystemDrive":  "C:",\r\n    "SystemRoot":  "C:\\\\Windows"\r\n}\r\n';

const ENV_CASES: [string, string, { name: string; value: string; line?: number }[] | RegExp][] = [
  ['PowerShell 5.1 output', ENV_JSON, [
    { name: 'ProgramData', value: 'C:\\ProgramData', line: 2 },
    { name: 'ProgramFiles', value: 'C:\\Program Files', line: 3 },
    { name: 'ProgramFiles(x86)', value: 'C:\\Program Files (x86)', line: 4 },
    { name: 'SystemDrive', value: 'C:', line: 5 },
    { name: 'SystemRoot', value: 'C:\\Windows', line: 6 },
  ]],
  ['a variable the host lacks is null (32-bit Windows)', '{"ProgramFiles(x86)": null, "SystemDrive": "D:"}', [{ name: 'SystemDrive', value: 'D:', line: 1 }]],
  ['not JSON', 'ProgramData=C:\\ProgramData', /^environment\.json: line 1: not valid JSON .*Collect-PairAudit\.ps1/],
  ['a list', '[]', /^environment\.json: expected one JSON object/],
  ['a number', '{\n  "SystemDrive": 3\n}', /^environment\.json: line 2: variable SystemDrive: expected a string/],
  ['a bad name', '{"Program Data": "x"}', /^environment\.json: line 1: "Program Data" is not an environment variable name/],
  ['a name twice', '{"SystemDrive": "C:", "systemdrive": "D:"}', /listed twice/],
];

for (const [name, text, expect] of ENV_CASES) {
  test(`environment.json: ${name}`, () => {
    if (expect instanceof RegExp) assert.throws(() => parseEnvironmentJson(text, 'environment.json'), (e: unknown) => e instanceof InputError && expect.test(e.message));
    else assert.deepEqual(parseEnvironmentJson(text, 'environment.json'), expect);
  });
}

const DBSIZE_JSON = [
  '\uFEFF[',
  '    {',
  '        "Location":  "Configuration",',
  '        "Path":  "%ProgramData%\\\\Schneider Electric\\\\ClearSCADA\\\\Database",',
  '        "FullPath":  "C:\\\\ProgramData\\\\Schneider Electric\\\\ClearSCADA\\\\Database",',
  '        "Bytes":  1288490188,',
  '        "Error":  null',
  '    },',
  '    {',
  '        "Location":  "Data",',
  '        "Path":  "%ProgramData%\\\\Schneider Electric\\\\ClearSCADA\\\\Database",',
  '        "FullPath":  "C:\\\\ProgramData\\\\Schneider Electric\\\\ClearSCADA\\\\Database",',
  '        "Bytes":  1288490188,',
  '        "Error":  null',
  '    },',
  '    {',
  '        "Location":  "Historic",',
  '        "Path":  "D:\\\\ClearSCADA\\\\Historic",',
  '        "FullPath":  "D:\\\\ClearSCADA\\\\Historic",',
  '        "Bytes":  96636764160,',
  '        "Error":  null',
  '    },',
  '    {',
  '        "Location":  "Archive",',
  '        "Path":  "\\\\\\\\nas01\\\\scada-archive",',
  '        "FullPath":  "\\\\\\\\nas01\\\\scada-archive",',
  '        "Bytes":  null,',
  '        "Error":  "Access is denied"',
  '    }',
  ']',
].join('\r\n');

test('dbsize.json: one size per folder (two locations in one folder count once), the line of each, unmeasured folders with their error', () => {
  assert.deepEqual(parseDbSizeJson(DBSIZE_JSON, 'dbsize.json'), [
    { location: 'Configuration', path: '%ProgramData%\\Schneider Electric\\ClearSCADA\\Database', bytes: 1288490188, line: 4 },
    { location: 'Historic', path: 'D:\\ClearSCADA\\Historic', bytes: 96636764160, line: 18 },
    { location: 'Archive', path: '\\\\nas01\\scada-archive', error: 'Access is denied', line: 25 },
  ]);
});

const DBSIZE_CASES: [string, string, number | RegExp][] = [
  ['one object (PowerShell 5.1 writes a list of one so)', '{"Location":"","Path":"C:\\\\ProgramData\\\\Schneider Electric\\\\ClearSCADA\\\\Database","Bytes":5}', 1],
  ['empty list', '[]', 0],
  ['no path', '[{"Bytes": 5}]', /^dbsize\.json: entry 1 has no "Path"/],
  ['negative size', '[\n {"Path": "C:\\\\x",\n  "Bytes": -1}]', /^dbsize\.json: line 2: folder C:\\x: "Bytes" must be a whole number/],
  ['size as text', '[{"Path": "C:\\\\x", "Bytes": "5 GB"}]', /"Bytes" must be a number or null/],
  ['the same folder twice with different sizes', '[{"Path": "C:\\\\x", "Bytes": 1}, {"Path": "c:\\\\X", "Bytes": 2}]', /folder c:\\X is listed twice with different sizes/],
  ['not JSON', 'Data 5 GB', /^dbsize\.json: line 1: not valid JSON/],
];

for (const [name, text, expect] of DBSIZE_CASES) {
  test(`dbsize.json: ${name}`, () => {
    if (typeof expect === 'number') assert.equal(parseDbSizeJson(text, 'dbsize.json').length, expect);
    else assert.throws(() => parseDbSizeJson(text, 'dbsize.json'), (e: unknown) => e instanceof InputError && expect.test(e.message));
  });
}

/** `Get-CimInstance Win32_Volume | Select-Object Name, Label, FileSystem, DriveType, Capacity, FreeSpace | ConvertTo-Json` (PowerShell 5.1). */
const WIN32_VOLUME = [
  '[',
  '    {',
  '        "Name":  "\\\\\\\\?\\\\Volume{5b3c1f2a-0000-0000-0000-100000000000}\\\\",',
  '        "Label":  "System Reserved",',
  '        "FileSystem":  "NTFS",',
  '        "DriveType":  3,',
  '        "Capacity":  524283904,',
  '        "FreeSpace":  493268992',
  '    },',
  '    {',
  '        "Name":  "C:\\\\",',
  '        "Label":  "System",',
  '        "FileSystem":  "NTFS",',
  '        "DriveType":  3,',
  '        "Capacity":  136363114496,',
  '        "FreeSpace":  70540406784',
  '    },',
  '    {',
  '        "Name":  "D:\\\\ClearSCADA\\\\Historic\\\\",',
  '        "Label":  "Historic",',
  '        "FileSystem":  "NTFS",',
  '        "DriveType":  3,',
  '        "Capacity":  1099511627776,',
  '        "FreeSpace":  824633720832',
  '    },',
  '    {',
  '        "Name":  "D:\\\\",',
  '        "Label":  "Data",',
  '        "FileSystem":  "NTFS",',
  '        "DriveType":  3,',
  '        "Capacity":  549755813888,',
  '        "FreeSpace":  312345678848',
  '    },',
  '    {',
  '        "Name":  "E:\\\\",',
  '        "Label":  null,',
  '        "FileSystem":  null,',
  '        "DriveType":  5,',
  '        "Capacity":  null,',
  '        "FreeSpace":  null',
  '    }',
  ']',
].join('\r\n');

test('Win32_Volume listing: drive roots by letter, folder mount points by path, unmounted volumes and empty drives skipped', () => {
  assert.deepEqual(parseVolumesJson(WIN32_VOLUME, 'volumes.json'), [
    { volume: 'C', freeBytes: 70540406784, totalBytes: 136363114496, line: 11 },
    { volume: 'D', freeBytes: 312345678848, totalBytes: 549755813888, line: 27 },
    { volume: 'D:\\ClearSCADA\\Historic', freeBytes: 824633720832, totalBytes: 1099511627776, line: 19 },
  ]);
  assert.throws(() => parseVolumesJson('[{"Name":"D:\\\\M\\\\","Capacity":1,"FreeSpace":1},{"Name":"d:\\\\m","Capacity":1,"FreeSpace":1}]', 'volumes.json'), /mount point D:\\m is listed twice/);
});

const COLLECTED: [string, { name: string; version: string } | undefined, string[]][] = [
  ['the 1.0 PowerShell script', { name: 'Collect-PairAudit.ps1', version: '1.0' }, ['Systems.xml', 'dbsize.json', 'defender.json', 'environment.json', 'files.json', 'firewall-profiles.txt', 'firewall.txt', 'hosts', 'mount-points', 'services.json', 'uninstall.reg', 'w32tm-configuration.txt', 'w32tm-status.txt']],
  ['the 1.0 cmd script', { name: 'collect-pairaudit.cmd', version: '1' }, ['Systems.xml', 'dbsize.json', 'defender.json', 'environment.json', 'files.json', 'firewall-profiles.txt', 'firewall.txt', 'hosts', 'mount-points', 'services.json', 'uninstall.reg', 'w32tm-configuration.txt', 'w32tm-status.txt']],
  ['the 2.0 script', { name: 'Collect-PairAudit.ps1', version: '2.0' }, []],
  ['another collector', { name: 'site-collector', version: '1.0' }, []],
  ['no collector recorded', undefined, []],
];

for (const [name, collector, expect] of COLLECTED) {
  test(`not collected by ${name}: ${expect.join(', ') || 'nothing'}`, () => assert.deepEqual(notCollected(collector === undefined ? {} : { collector }), expect));
}

test('a bundle with hosts, environment.json, dbsize.json and a Win32_Volume listing: host.* and disk.* settings with their sources', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-evidence-'));
  copyFileSync(join(FIXTURES, 'healthy', 'main', 'ClearSCADA.reg'), join(dir, 'ClearSCADA.reg'));
  writeFileSync(join(dir, 'hosts'), HOSTS);
  writeFileSync(join(dir, 'environment.json'), ENV_JSON);
  writeFileSync(join(dir, 'dbsize.json'), DBSIZE_JSON);
  writeFileSync(join(dir, 'volumes.json'), utf16bom(WIN32_VOLUME));
  writeFileSync(join(dir, 'bundle.json'), '{"pairauditBundle":1,"collector":{"name":"Collect-PairAudit.ps1","version":"2.0"},"role":"main"}');
  const s = await collectServer(dir, { toolVersion: 't' });
  assert.deepEqual(s.settings['host.hosts.scada-n2-sync'], { source: { file: 'hosts', line: 14 }, value: ['10.20.2.12', '10.20.2.15'] });
  assert.deepEqual(s.settings['host.env.ProgramFiles(x86)'], { source: { file: 'environment.json', line: 4 }, value: 'C:\\Program Files (x86)' });
  assert.deepEqual(s.settings['host.dbSize.D:\\ClearSCADA\\Historic'], { source: { file: 'dbsize.json', line: 18 }, value: 96636764160 });
  assert.deepEqual(s.settings['disk.D:\\ClearSCADA\\Historic.totalBytes'], { source: { file: 'volumes.json', line: 19 }, value: 1099511627776 });
  assert.equal(s.settings['disk.C.freeBytes'].value, 70540406784);
  assert.equal(s.settings['host.notCollected'], undefined);
  assert.deepEqual(s.server.names, [], 'hosts-file names are not names the server answers to');
  assert.deepEqual(
    s.warnings?.map((w) => `${w.file}:${w.line}`),
    ['hosts:16', 'hosts:17', 'dbsize.json:25'],
  );
  assert.deepEqual(s.collected.sources.map((x) => `${x.kind}:${x.file}`), ['registry:ClearSCADA.reg', 'volumes:volumes.json', 'other:hosts', 'other:environment.json', 'other:dbsize.json', 'other:bundle.json']);
});

test('a bundle from the 1.0 collector says which evidence it could not hold (host.notCollected, from bundle.json)', async () => {
  const s = await collectServer(join(FIXTURES, 'healthy', 'standby-a'), { toolVersion: 't' });
  assert.deepEqual(s.settings['host.notCollected'], { source: { file: 'bundle.json' }, value: ['Systems.xml', 'dbsize.json', 'defender.json', 'environment.json', 'files.json', 'firewall-profiles.txt', 'firewall.txt', 'hosts', 'mount-points', 'services.json', 'uninstall.reg', 'w32tm-configuration.txt', 'w32tm-status.txt'] });
});

test('an error in environment.json or dbsize.json names the bundle folder, the file and the line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-evidence-'));
  copyFileSync(join(FIXTURES, 'healthy', 'main', 'ClearSCADA.reg'), join(dir, 'ClearSCADA.reg'));
  writeFileSync(join(dir, 'environment.json'), '{\r\n  "SystemDrive": 3\r\n}');
  await assert.rejects(collectServer(dir, { toolVersion: 't', displayName: 'srv2' }), (e: unknown) => e instanceof InputError && /^srv2[\\/]environment\.json: line 2: variable SystemDrive/.test(e.message));
});

test('both collection scripts write these files in the shape the parsers read, and call themselves a version that writes them all', () => {
  const dir = join(import.meta.dirname, '..', 'collectors');
  const scripts = [
    { name: 'Collect-PairAudit.ps1', text: readFileSync(join(dir, 'Collect-PairAudit.ps1'), 'utf8'), version: /\$collectorVersion = '([\d.]+)'/ },
    { name: 'collect-pairaudit.cmd', text: readFileSync(join(dir, 'collect-pairaudit.cmd'), 'utf8'), version: /"collector": \{ "name": "collect-pairaudit\.cmd", "version": "([\d.]+)" \}/ },
  ];
  for (const s of scripts) {
    const version = s.version.exec(s.text)?.[1];
    assert.ok(version !== undefined, `${s.name}: collector version`);
    assert.deepEqual(notCollected({ collector: { name: s.name, version } }), [], `${s.name} ${version} writes every evidence file`);
    // Win32_Volume properties → a listing the parser reads with its mount point.
    const select = /Win32_Volume \| Select-Object ([A-Za-z, ]+)\)/.exec(s.text)?.[1].split(/,\s*/);
    assert.deepEqual(select, ['Name', 'Label', 'FileSystem', 'DriveType', 'Capacity', 'FreeSpace'], `${s.name}: Win32_Volume properties`);
    const sample: Record<string, unknown> = { Name: 'D:\\Mount\\', Label: 'x', FileSystem: 'NTFS', DriveType: 3, Capacity: 10, FreeSpace: 4 };
    assert.deepEqual(parseVolumesJson(JSON.stringify([Object.fromEntries((select ?? []).map((k) => [k, sample[k]]))]), 'volumes.json').map((v) => v.volume), ['D:\\Mount']);
    // environment.json keys, and dbsize.json fields.
    for (const v of ['ProgramData', 'ProgramFiles', "'ProgramFiles(x86)'", 'SystemDrive', 'SystemRoot']) assert.match(s.text, new RegExp(`${v.replace(/[()]/g, '\\$&')}\\s*= `), `${s.name}: environment ${v}`);
    assert.match(s.text, /\[ordered\]@\{ Location = \$\w+\.Location; Path = \$\w+\.Path; FullPath = \$\w+; Bytes = \$\w+; Error = \$\w+ \}/, `${s.name}: dbsize.json fields`);
  }
});

test('uninstall.reg in a bundle is not applied as an export of the ClearSCADA key (no reg: settings, no warning)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-evidence-'));
  copyFileSync(join(FIXTURES, 'healthy', 'main', 'ClearSCADA.reg'), join(dir, 'ClearSCADA.reg'));
  const uninstall = 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\{1F2E3D4C-0000-4000-8000-000000000001}]\r\n"DisplayName"="Geo SCADA Expert 2023"\r\n"DisplayVersion"="6.84.8512.1"\r\n\r\n';
  writeFileSync(join(dir, 'uninstall.reg'), utf16bom(uninstall));
  const s = await collectServer(dir, { toolVersion: 't' });
  assert.ok(!Object.keys(s.settings).some((k) => /microsoft/i.test(k)), 'no setting from uninstall.reg');
  assert.equal(s.warnings, undefined);
});
