// Bundle file parsers on realistic samples: ipconfig /all, hostname, Get-Volume JSON, wmic CSV, bundle.json, text decoding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseIpconfig, parseHostname, parseVolumesJson, parseVolumesCsv, parseBundleManifest, parseCollectionTime, decodeText, readBundle, collectServer } from '../src/collect/index.js';
import { InputError } from '../src/errors.js';
import { byNameOrder } from '../src/collect/bundle.js';
import { isBundleFileName } from '../src/collect/input.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'pairs');
const utf16bom = (s: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);

const IPCONFIG_EN = [
  '',
  'Windows IP Configuration',
  '',
  '   Host Name . . . . . . . . . . . . : SCADA-MAIN',
  '   Primary Dns Suffix  . . . . . . . : plant.example.com',
  '   Node Type . . . . . . . . . . . . : Hybrid',
  '   IP Routing Enabled. . . . . . . . : No',
  '   WINS Proxy Enabled. . . . . . . . : No',
  '   DNS Suffix Search List. . . . . . : plant.example.com',
  '                                       example.com',
  '',
  'Ethernet adapter Ethernet0:',
  '',
  '   Connection-specific DNS Suffix  . : ',
  '   Description . . . . . . . . . . . : vmxnet3 Ethernet Adapter',
  '   Physical Address. . . . . . . . . : 00-50-56-A1-2B-3C',
  '   DHCP Enabled. . . . . . . . . . . : No',
  '   Autoconfiguration Enabled . . . . : Yes',
  '   IPv6 Address. . . . . . . . . . . : 2001:db8:10::11(Preferred) ',
  '   Temporary IPv6 Address. . . . . . : 2001:db8:10::a1b2(Deprecated) ',
  '   Link-local IPv6 Address . . . . . : fe80::1d2c:3b4a:5e6f:7081%12(Preferred) ',
  '   IPv4 Address. . . . . . . . . . . : 192.168.10.11(Preferred) ',
  '   Subnet Mask . . . . . . . . . . . : 255.255.255.0',
  '   IPv4 Address. . . . . . . . . . . : 192.168.10.50(Preferred) ',
  '   Subnet Mask . . . . . . . . . . . : 255.255.255.0',
  '   Default Gateway . . . . . . . . . : fe80::1%12',
  '                                       192.168.10.1',
  '   DNS Servers . . . . . . . . . . . : 192.168.10.5',
  '                                       192.168.10.6',
  '   NetBIOS over Tcpip. . . . . . . . : Enabled',
  '',
  'Ethernet adapter Ethernet1:',
  '',
  '   Media State . . . . . . . . . . . : Media disconnected',
  '   Connection-specific DNS Suffix  . : ',
  '   Description . . . . . . . . . . . : vmxnet3 Ethernet Adapter #2',
  '',
  'Ethernet adapter Sync:',
  '',
  '   Autoconfiguration IPv4 Address. . : 169.254.10.20(Preferred) ',
  '',
].join('\r\n');

const IPCONFIG_DE = [
  '',
  'Windows-IP-Konfiguration',
  '',
  '   Hostname  . . . . . . . . . . . . : LEITSTELLE-2',
  '   Primäres DNS-Suffix . . . . . . . : werk.example.de',
  '   Knotentyp . . . . . . . . . . . . : Hybrid',
  '',
  'Ethernet-Adapter Ethernet:',
  '',
  '   Verbindungsspezifisches DNS-Suffix: ',
  '   IPv4-Adresse  . . . . . . . . . . : 10.1.2.3(Bevorzugt) ',
  '   Verbindungslokale IPv6-Adresse  . : fe80::aa%4(Bevorzugt) ',
  '',
].join('\r\n');

test('ipconfig /all (English): host name, primary suffix, every address without (Preferred) or zone', () => {
  const info = parseIpconfig(IPCONFIG_EN, 'ipconfig.txt');
  assert.equal(info.hostName, 'SCADA-MAIN');
  assert.equal(info.hostNameLine, 4);
  assert.equal(info.primaryDnsSuffix, 'plant.example.com');
  assert.deepEqual(
    info.addresses.map((a) => a.address),
    ['2001:db8:10::11', '2001:db8:10::a1b2', 'fe80::1d2c:3b4a:5e6f:7081', '192.168.10.11', '192.168.10.50', '169.254.10.20'],
  );
  assert.equal(info.addresses[3].line, 22);
});

test('ipconfig /all (German labels)', () => {
  const info = parseIpconfig(IPCONFIG_DE, 'ipconfig.txt');
  assert.equal(info.hostName, 'LEITSTELLE-2');
  assert.equal(info.primaryDnsSuffix, 'werk.example.de');
  assert.deepEqual(info.addresses.map((a) => a.address), ['10.1.2.3', 'fe80::aa']);
});

/** `ipconfig /all` of a server in another display language: host block, then one adapter (as Windows prints them). */
function localizedIpconfig(l: { title: string; host: string; suffix: string; node: string; adapter: string; conn: string; linkLocal: string; ipv4: string; mask: string; preferred: string }): string {
  return ['', l.title, '', `   ${l.host}: SCADA-N2`, `   ${l.suffix}: ops.example.net`, `   ${l.node}: Hybrid`, '', l.adapter, '', `   ${l.conn}`, `   ${l.linkLocal}: fe80::250:56ff:fea1:2b0c%12(${l.preferred}) `, `   ${l.ipv4}: 10.20.1.12(${l.preferred}) `, `   ${l.mask}: 255.255.255.0`, ''].join('\r\n');
}

const IPCONFIG_LANGUAGES: [string, string][] = [
  ['German', localizedIpconfig({ title: 'Windows-IP-Konfiguration', host: 'Hostname  . . . . . . . . . . . . ', suffix: 'Primäres DNS-Suffix . . . . . . . ', node: 'Knotentyp . . . . . . . . . . . . ', adapter: 'Ethernet-Adapter Ethernet0:', conn: 'Verbindungsspezifisches DNS-Suffix:', linkLocal: 'Verbindungslokale IPv6-Adresse  . ', ipv4: 'IPv4-Adresse  . . . . . . . . . . ', mask: 'Subnetzmaske  . . . . . . . . . . ', preferred: 'Bevorzugt' })],
  ['French (".:" after the dot leaders)', localizedIpconfig({ title: 'Configuration IP de Windows', host: "Nom de l'hôte . . . . . . . . . . ", suffix: 'Suffixe DNS principal . . . . . . ', node: 'Type de noeud. . . . . . . . . .  ', adapter: 'Carte Ethernet Ethernet0 :', conn: 'Suffixe DNS propre à la connexion. . . :', linkLocal: 'Adresse IPv6 de liaison locale. . . . .', ipv4: 'Adresse IPv4. . . . . . . . . . . . . .', mask: 'Masque de sous-réseau. . . . . . . . . ', preferred: 'préféré' })],
  ['Spanish (a colon inside the link-local label)', localizedIpconfig({ title: 'Configuración IP de Windows', host: 'Nombre de host. . . . . . . . . ', suffix: 'Sufijo DNS principal  . . . . . ', node: 'Tipo de nodo. . . . . . . . . . ', adapter: 'Adaptador de Ethernet Ethernet0:', conn: 'Sufijo DNS específico para la conexión. . :', linkLocal: 'Vínculo: dirección IPv6 local. . . ', ipv4: 'Dirección IPv4. . . . . . . . . . . . . . ', mask: 'Máscara de subred . . . . . . . . . . . . ', preferred: 'Preferido' })],
  ['Italian', localizedIpconfig({ title: 'Configurazione IP di Windows', host: 'Nome host . . . . . . . . . . . . . . ', suffix: 'Suffisso DNS primario . . . . . . . . ', node: 'Tipo nodo . . . . . . . . . . . . . . ', adapter: 'Scheda Ethernet Ethernet0:', conn: 'Suffisso DNS specifico per connessione:', linkLocal: 'Indirizzo IPv6 locale rispetto al collegamento . ', ipv4: 'Indirizzo IPv4. . . . . . . . . . . . ', mask: 'Subnet mask . . . . . . . . . . . . . ', preferred: 'Preferenziale' })],
  ['Portuguese (Brazil)', localizedIpconfig({ title: 'Configuração de IP do Windows', host: 'Nome do host. . . . . . . . . . . . . ', suffix: 'Sufixo DNS primário . . . . . . . . . ', node: 'Tipo de nó. . . . . . . . . . . . . . ', adapter: 'Adaptador Ethernet Ethernet0:', conn: 'Sufixo DNS específico de conexão. . . . . . :', linkLocal: 'Endereço IPv6 de link local . . . . . . . . ', ipv4: 'Endereço IPv4. . . . . . . . . . . . . . . ', mask: 'Máscara de Sub-rede . . . . . . . . . . . . ', preferred: 'Preferencial' })],
];

for (const [language, text] of IPCONFIG_LANGUAGES) {
  test(`ipconfig /all (${language}): host name, primary suffix and addresses, no warning`, () => {
    const info = parseIpconfig(text, 'ipconfig.txt');
    assert.deepEqual(
      { host: info.hostName, line: info.hostNameLine, suffix: info.primaryDnsSuffix, addresses: info.addresses, warnings: info.warnings },
      { host: 'SCADA-N2', line: 4, suffix: 'ops.example.net', addresses: [{ address: 'fe80::250:56ff:fea1:2b0c', line: 11 }, { address: '10.20.1.12', line: 12 }], warnings: [] },
    );
  });
}

test('ipconfig /all in a language none of whose labels is read (Polish): no names or addresses, one warning naming the first label and its line', () => {
  const polish = localizedIpconfig({ title: 'Konfiguracja IP systemu Windows', host: 'Nazwa hosta . . . . . . . . . . . ', suffix: 'Podstawowy sufiks DNS . . . . . . ', node: 'Typ węzła . . . . . . . . . . . . ', adapter: 'Karta Ethernet Ethernet0:', conn: 'Sufiks DNS konkretnego połączenia :', linkLocal: 'Adres IPv6 połączenia lokalnego . ', ipv4: 'Adres IPv4. . . . . . . . . . . . ', mask: 'Maska podsieci. . . . . . . . . . ', preferred: 'Preferowane' });
  const info = parseIpconfig(polish, 'ipconfig.txt');
  assert.equal(info.hostName, undefined);
  assert.deepEqual(info.addresses, []);
  assert.equal(info.warnings.length, 1);
  assert.equal(info.warnings[0].line, 4);
  assert.match(info.warnings[0].message, /^labels in a language pairaudit does not read \(first label "Nazwa hosta"\): this server's addresses are unknown/);
  assert.deepEqual(parseIpconfig(IPCONFIG_EN, 'ipconfig.txt').warnings, [], 'English output has no warning');
});

test('a bundle whose ipconfig.txt labels are not read: the snapshot keeps a warning naming the file and line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-bundle-'));
  copyFileSync(join(FIXTURES, 'healthy', 'main', 'ClearSCADA.reg'), join(dir, 'ClearSCADA.reg'));
  writeFileSync(join(dir, 'ipconfig.txt'), utf16bom(localizedIpconfig({ title: 'Konfiguracja IP systemu Windows', host: 'Nazwa hosta . . . . . . . . . . . ', suffix: 'Podstawowy sufiks DNS . . . . . . ', node: 'Typ węzła . . . . . . . . . . . . ', adapter: 'Karta Ethernet Ethernet0:', conn: 'Sufiks DNS konkretnego połączenia :', linkLocal: 'Adres IPv6 połączenia lokalnego . ', ipv4: 'Adres IPv4. . . . . . . . . . . . ', mask: 'Maska podsieci. . . . . . . . . . ', preferred: 'Preferowane' })));
  const s = await collectServer(dir, { toolVersion: 't' });
  assert.deepEqual(s.warnings?.map((w) => `${w.file}:${w.line}`), ['ipconfig.txt:4']);
});

test('ipconfig: text that is not ipconfig output is an InputError', () => {
  assert.throws(() => parseIpconfig('hello\r\nworld\r\n', 'ipconfig.txt'), (e: unknown) => e instanceof InputError && /ipconfig.txt: no `Label . . . : value` lines/.test(e.message));
});

const HOSTNAMES: [string, Uint8Array, string | RegExp][] = [
  ['ANSI with CRLF (cmd)', Buffer.from('SCADA-N2\r\n'), 'SCADA-N2'],
  ['UTF-16LE with BOM (PowerShell Out-File)', utf16bom('SCADA-N1\r\n'), 'SCADA-N1'],
  ['UTF-16LE without BOM', Buffer.from('SCADA-N3\r\n', 'utf16le'), 'SCADA-N3'],
  ['UTF-8 with BOM and blank lines', Buffer.from('\uFEFF\r\n\r\nhost_1.local\n'), 'host_1.local'],
  ['empty', Buffer.alloc(0), /hostname.txt: is empty/],
  ['two words', Buffer.from('not a host\r\n'), /hostname.txt: line 1: expected a host name/],
];

for (const [name, bytes, expect] of HOSTNAMES) {
  test(`hostname.txt: ${name}`, () => {
    if (typeof expect === 'string') assert.equal(parseHostname(decodeText(bytes), 'hostname.txt').hostname, expect);
    else assert.throws(() => parseHostname(decodeText(bytes), 'hostname.txt'), (e: unknown) => e instanceof InputError && expect.test(e.message));
  });
}

/** Raw `Get-Volume | ConvertTo-Json` from Windows PowerShell 5.1 (CIM properties and all), abridged. */
const GET_VOLUME_RAW = `[
    {
        "ObjectId":  "{1}\\\\\\\\SCADA-MAIN\\\\root/Microsoft/Windows/Storage/Providers_v2\\\\WSP_Volume.ObjectId=\\"{b5a1e2c4-0000-0000-0000-100000000000}:VO:\\\\\\\\?\\\\Volume{0d6b4c7e-0000-0000-0000-100000000000}\\\\\\"",
        "PassThroughClass":  null,
        "UniqueId":  "\\\\\\\\?\\\\Volume{0d6b4c7e-0000-0000-0000-100000000000}\\\\",
        "AllocationUnitSize":  4096,
        "DedupMode":  4,
        "DriveLetter":  null,
        "DriveType":  3,
        "FileSystem":  "NTFS",
        "FileSystemLabel":  "System Reserved",
        "FileSystemType":  14,
        "HealthStatus":  0,
        "OperationalStatus":  [
                                  2
                              ],
        "Path":  "\\\\\\\\?\\\\Volume{0d6b4c7e-0000-0000-0000-100000000000}\\\\",
        "Size":  524283904,
        "SizeRemaining":  88002560,
        "PSComputerName":  null,
        "CimClass":  "ROOT/Microsoft/Windows/Storage:MSFT_Volume",
        "CimInstanceProperties":  "ObjectId = \\"{1}\\\\\\\\SCADA-MAIN\\\\...\\"",
        "CimSystemProperties":  "Microsoft.Management.Infrastructure.CimSystemProperties"
    },
    {
        "DriveLetter":  "C",
        "DriveType":  3,
        "FileSystem":  "NTFS",
        "FileSystemLabel":  "",
        "HealthStatus":  0,
        "Size":  136363114496,
        "SizeRemaining":  70540406784,
        "CimClass":  "ROOT/Microsoft/Windows/Storage:MSFT_Volume"
    },
    {
        "DriveLetter":  68,
        "DriveType":  3,
        "FileSystem":  "NTFS",
        "FileSystemLabel":  "Data",
        "HealthStatus":  0,
        "Size":  549755813888,
        "SizeRemaining":  "312345678848"
    },
    {
        "DriveLetter":  "E",
        "DriveType":  5,
        "FileSystem":  "",
        "Size":  0,
        "SizeRemaining":  0
    }
]`;

test('Get-Volume | ConvertTo-Json (raw PowerShell 5.1 output): lettered volumes with a size; char codes and numeric strings accepted', () => {
  const v = parseVolumesJson(GET_VOLUME_RAW, 'volumes.json');
  assert.deepEqual(
    v.map(({ volume, freeBytes, totalBytes }) => ({ volume, freeBytes, totalBytes })),
    [
      { volume: 'C', freeBytes: 70540406784, totalBytes: 136363114496 },
      { volume: 'D', freeBytes: 312345678848, totalBytes: 549755813888 },
    ],
  );
  assert.equal(v[0].line, 26);
});

const VOLUME_JSON_CASES: [string, string, { volume: string; freeBytes: number; totalBytes: number }[] | RegExp][] = [
  ['one volume is an object, not a list', '{"DriveLetter":"C","Size":100,"SizeRemaining":40}', [{ volume: 'C', freeBytes: 40, totalBytes: 100 }]],
  ['Win32_LogicalDisk objects', '[{"DeviceID":"C:","FreeSpace":"10","Size":"20"},{"DeviceID":"D:","FreeSpace":5,"Size":9}]', [{ volume: 'C', freeBytes: 10, totalBytes: 20 }, { volume: 'D', freeBytes: 5, totalBytes: 9 }]],
  ['not JSON', 'DriveLetter C', /volumes.json: line 1: not valid JSON .*Get-Volume \| ConvertTo-Json/],
  ['no sizes at all', '[{"DriveLetter":"C"}]', /no volume has a Size/],
  ['the same letter twice', '[{"DriveLetter":"C","Size":1,"SizeRemaining":1},{"DriveLetter":"c","Size":1,"SizeRemaining":1}]', /drive C: is listed twice/],
];

for (const [name, text, expect] of VOLUME_JSON_CASES) {
  test(`volumes.json: ${name}`, () => {
    if (expect instanceof RegExp) assert.throws(() => parseVolumesJson(text, 'volumes.json'), (e: unknown) => e instanceof InputError && expect.test(e.message));
    else assert.deepEqual(parseVolumesJson(text, 'volumes.json').map(({ volume, freeBytes, totalBytes }) => ({ volume, freeBytes, totalBytes })), expect);
  });
}

/** wmic writes UTF-16LE with a BOM, a blank first line and CR CR LF line ends. */
const WMIC = utf16bom('\r\r\nNode,Caption,FreeSpace,Size\r\r\nSCADA-N2,A:,,\r\r\nSCADA-N2,C:,67753107456,137438953472\r\r\nSCADA-N2,D:,339839287296,549755813888\r\r\nSCADA-N2,E:,,\r\r\n\r\r\n');

test('wmic logicaldisk CSV (UTF-16LE, blank lines, Node column): drives with media only, with their lines', () => {
  const text = decodeText(WMIC);
  assert.deepEqual(parseVolumesCsv(text, 'volumes.csv'), [
    { volume: 'C', freeBytes: 67753107456, totalBytes: 137438953472, line: 4 },
    { volume: 'D', freeBytes: 339839287296, totalBytes: 549755813888, line: 5 },
  ]);
});

const CSV_CASES: [string, string, number | RegExp][] = [
  ['columns in another order', 'Node,FreeSpace,Size,Caption\r\nH,5,10,C:\r\n', 1],
  ['no instances', '\r\nNo Instance(s) Available.\r\n', 0],
  ['empty', '', /volumes.csv: is empty/],
  ['wrong header', 'Name,Value\r\nC:,1\r\n', /volumes.csv: line 1: expected a header with Caption, FreeSpace and Size/],
  ['text in a size', 'Node,Caption,FreeSpace,Size\r\nH,C:,lots,10\r\n', /volumes.csv: line 2: expected byte counts/],
  ['missing column', 'Node,Caption,FreeSpace,Size\r\nH,C:,10\r\n', /volumes.csv: line 2: expected 4 columns, found 3/],
];

for (const [name, text, expect] of CSV_CASES) {
  test(`volumes.csv: ${name}`, () => {
    if (typeof expect === 'number') assert.equal(parseVolumesCsv(text, 'volumes.csv').length, expect);
    else assert.throws(() => parseVolumesCsv(text, 'volumes.csv'), (e: unknown) => e instanceof InputError && expect.test(e.message));
  });
}

const TIMES: [string, string | undefined][] = [
  ['2026-11-20T09:15:03.1234567+01:00', '2026-11-20T08:15:03.123Z'],
  ['2026-11-20T09:15:03Z', '2026-11-20T09:15:03.000Z'],
  ['20261120091722.456000+060', '2026-11-20T08:17:22.456Z'],
  ['20261120091722.456000-300', '2026-11-20T14:17:22.456Z'],
  ['20261122120300.000000+000', '2026-11-22T12:03:00.000Z'],
  ['20/11/2026 09:15', undefined],
  ['2026-11-20', undefined],
  // Dates the calendar does not have: Date would roll them over (to 1 December, 1 March, the next day).
  ['2026-11-31T09:15:03Z', undefined],
  ['2027-02-29T00:00:00+01:00', undefined],
  ['2028-02-29T00:00:00Z', '2028-02-29T00:00:00.000Z'],
  ['2026-11-20T24:00:00Z', undefined],
  ['20261131091722.456000+060', undefined],
  ['20261120250000.000000+000', undefined],
];

for (const [text, iso] of TIMES) {
  test(`collection time ${text}`, () => assert.equal(parseCollectionTime(text), iso));
}

test('bundle.json: fields read, bad values named', () => {
  assert.deepEqual(parseBundleManifest('\uFEFF{"pairauditBundle":1,"collectedAt":"20261120091722.456000+060","instance":"","role":"Standby-A","computerName":"N2","collector":{"name":"x.cmd","version":"1"}}', 'bundle.json'), {
    collectedAt: '2026-11-20T08:17:22.456Z',
    role: 'standby-a',
    computerName: 'N2',
    collector: { name: 'x.cmd', version: '1' },
  });
  assert.throws(() => parseBundleManifest('{"role":"primary"}', 'bundle.json'), (e: unknown) => e instanceof InputError && /bundle.json: bundle field "role": expected one of main/.test(e.message));
  assert.throws(() => parseBundleManifest('{"collectedAt":"Tuesday"}', 'bundle.json'), /bundle field "collectedAt"/);
  assert.throws(() => parseBundleManifest('{"pairauditBundle":2}', 'bundle.json'), /version 2 is not supported/);
  assert.throws(() => parseBundleManifest('[', 'bundle.json'), /not valid JSON/);
});

const DECODE: [string, Uint8Array, string][] = [
  ['UTF-16LE BOM', utf16bom('Größe'), 'Größe'],
  ['UTF-16BE BOM', Buffer.from([0xfe, 0xff, 0x00, 0x41, 0x00, 0xdf]), 'Aß'],
  ['UTF-8 BOM', Buffer.from('\uFEFFGröße'), 'Größe'],
  ['UTF-8', Buffer.from('Größe'), 'Größe'],
  ['Windows-1252', Buffer.from([0x47, 0x72, 0xf6, 0xdf, 0x65, 0x80]), 'Größe€'],
  ['UTF-16LE without BOM', Buffer.from('Host Name . . : X', 'utf16le'), 'Host Name . . : X'],
];

for (const [name, bytes, text] of DECODE) {
  test(`decodeText: ${name}`, () => assert.equal(decodeText(bytes), text));
}

test('readBundle: a folder without a registry export is an InputError naming the folder and the fix', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-bundle-'));
  writeFileSync(join(dir, 'hostname.txt'), 'X\r\n');
  await assert.rejects(readBundle(dir, { displayName: 'srv1' }), (e: unknown) => e instanceof InputError && /^srv1: no registry export in the bundle folder .*Collect-PairAudit.ps1/.test(e.message));
});

test('readBundle: unknown files, and reg-query.txt beside a .reg, are ignored with warnings', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-bundle-'));
  copyFileSync(join(FIXTURES, 'healthy', 'main', 'ClearSCADA.reg'), join(dir, 'ClearSCADA.reg'));
  copyFileSync(join(FIXTURES, 'triple-standby', 'standby-b', 'reg-query.txt'), join(dir, 'reg-query.txt'));
  writeFileSync(join(dir, 'notes.txt'), 'hello');
  mkdirSync(join(dir, 'old'));
  const b = await readBundle(dir);
  assert.equal(b.trees.length, 1);
  assert.deepEqual(b.warnings.map((w) => `${w.file}: ${w.message}`).sort(), ['notes.txt: not a bundle file; ignored', 'reg-query.txt: ignored: the bundle also has ClearSCADA.reg, which is read instead']);
  const s = await collectServer(dir, { toolVersion: 't' });
  assert.equal(s.collected.at, undefined, 'no manifest and no --at: the collection time is unknown, not the time of reading');
  assert.equal(s.warnings?.length, 2);
  assert.equal(s.settings['host.names'], undefined);
});

test('bundle exports apply in the same order on every machine: lower-cased names by code unit, not a locale\'s', () => {
  assert.deepEqual(['zeta.reg', 'Änderungen.reg', 'ClearSCADA.reg', 'clearscada.REG', 'ClearSCADA-machine.reg'].sort(byNameOrder), ['ClearSCADA-machine.reg', 'ClearSCADA.reg', 'clearscada.REG', 'zeta.reg', 'Änderungen.reg']);
});

test('readBundle: a second export in the bundle that gives a value other data wins, and says which file it replaced', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-bundle-'));
  copyFileSync(join(FIXTURES, 'healthy', 'main', 'ClearSCADA.reg'), join(dir, 'ClearSCADA.reg'));
  const key = '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA\\DB]';
  const later = (port: string) => Buffer.from(`\uFEFFWindows Registry Editor Version 5.00\r\n\r\n${key}\r\n"Port"=dword:${port}\r\n`, 'utf16le');
  writeFileSync(join(dir, 'Änderungen.reg'), later('00001570'));
  const s = await collectServer(dir, { toolVersion: 't' });
  assert.equal(s.settings['db.port']?.value, 0x1570);
  assert.deepEqual(s.settings['db.port']?.source, { file: 'Änderungen.reg', key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA\\DB', line: 4, valueName: 'Port' });
  assert.deepEqual(s.warnings, [{ file: 'Änderungen.reg', line: 4, message: 'value "Port" of HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA\\DB replaces the other value ClearSCADA.reg line 11 gives it (the files apply in name order, as imports would); check which export is current', setting: 'db.port' }]);
  // The same data again is no conflict.
  writeFileSync(join(dir, 'Änderungen.reg'), later('00001569'));
  assert.equal((await collectServer(dir, { toolVersion: 't' })).warnings, undefined);
});

test('readBundle: a bundle of a .reg only names the server by its label and has no host or disk settings', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-bundle-'));
  copyFileSync(join(FIXTURES, 'healthy', 'standby-a', 'ClearSCADA.reg'), join(dir, 'export.reg'));
  const s = await collectServer(dir, { toolVersion: 't', at: '2026-11-25T10:00:00+01:00' });
  assert.equal(s.server.label, 'NORTH-B');
  assert.deepEqual(s.server.names, []);
  assert.equal(s.collected.at, '2026-11-25T09:00:00.000Z');
  assert.ok(!Object.keys(s.settings).some((k) => k.startsWith('disk.') || k.startsWith('host.')));
});

test('the collection scripts write the files the bundle reader reads; the .cmd has CRLF line ends', () => {
  const dir = join(import.meta.dirname, '..', 'collectors');
  const ps1 = readFileSync(join(dir, 'Collect-PairAudit.ps1'), 'utf8');
  const cmd = readFileSync(join(dir, 'collect-pairaudit.cmd'), 'utf8');
  const both = ['ClearSCADA.reg', 'ClearSCADA-machine.reg', 'volumes.json', 'hostname.txt', 'ipconfig.txt', 'hosts', 'environment.json', 'dbsize.json', 'bundle.json', 'Win32_Volume', 'ipconfig /all', 'pairauditBundle', '/reg:64',
    'Systems.xml', 'firewall.txt', 'netsh advfirewall firewall show rule name=all dir=in verbose', 'firewall-profiles.txt', 'netsh advfirewall show allprofiles',
    'w32tm-status.txt', 'w32tm /query /status', 'w32tm-configuration.txt', 'w32tm /query /configuration', 'services.json', 'DBServer.exe', 'defender.json', 'Get-MpPreference',
    'uninstall.reg', 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall', 'files.json', 'VersionInfo.FileVersion'];
  for (const f of [...both, 'reg.exe', "'export'"]) assert.ok(ps1.includes(f), `ps1: ${f}`);
  for (const f of [...both, 'reg-query.txt', 'volumes.csv', 'reg export', 'wmic logicaldisk get Caption,FreeSpace,Size /format:csv', '-NoProfile -NonInteractive -Command']) assert.ok(cmd.includes(f), `cmd: ${f}`);
  assert.ok(!/[^\r]\n/.test(cmd), 'collect-pairaudit.cmd must use CRLF');
  for (const role of ['main', 'standby-a', 'permanent-d']) {
    assert.ok(ps1.includes(`'${role}'`), role);
    assert.match(cmd, new RegExp(`for %%R in \\([^)]*\\b${role}\\b`), `cmd validates ${role}`);
  }
});

test('collect-pairaudit.cmd: after a successful reg export it still writes uninstall.reg and ClearSCADA-machine.reg (only the reg query fallback is skipped)', () => {
  const lines = readFileSync(join(import.meta.dirname, '..', 'collectors', 'collect-pairaudit.cmd'), 'utf8').split('\r\n');
  const jump = lines.findIndex((l) => /^if not errorlevel 1 goto :exported$/i.test(l));
  const label = lines.indexOf(':exported');
  assert.ok(jump > 0 && label > jump, 'the export is followed by its fallback and the :exported label');
  assert.match(lines[jump - 1], /^reg export "%KEY%" "%OUT%\\ClearSCADA\.reg"/);
  const skipped = lines.slice(jump + 1, label).flatMap((l) => [...l.matchAll(/"%OUT%\\([^"%]+)"/g)].map((m) => m[1]));
  assert.deepEqual([...new Set(skipped)].sort(), ['ClearSCADA.reg', 'reg-query.txt'], 'the lines the jump skips write the fallback only');
  for (const file of ['uninstall.reg', 'ClearSCADA-machine.reg']) {
    const at = lines.findIndex((l) => /^reg export /i.test(l) && l.includes(`"%OUT%\\${file}"`));
    assert.ok(at > label, `${file} is exported after :exported (line ${at + 1})`);
  }
});

test('both collection scripts delete, before collecting, exactly the files they write (by name, nothing else), so no file of an earlier run is read as current', () => {
  const dir = join(import.meta.dirname, '..', 'collectors');
  const ps1 = readFileSync(join(dir, 'Collect-PairAudit.ps1'), 'utf8');
  const cmd = readFileSync(join(dir, 'collect-pairaudit.cmd'), 'utf8');
  const psList = /\$bundleFiles = @\(([^)]*)\)/.exec(ps1)?.[1].match(/'[^']+'/g)?.map((x) => x.slice(1, -1)) ?? [];
  const cmdList = /^set "BUNDLEFILES=([^"]+)"/m.exec(cmd)?.[1].split(' ') ?? [];
  assert.deepEqual([...cmdList].sort(), [...psList].sort(), 'both scripts clear the same names');
  for (const name of psList) assert.ok(isBundleFileName(name), `${name} is a bundle file pairaudit reads`);
  // Every file written is in the list.
  const psWrites = new Set([...ps1.matchAll(/Out-Bundle '([^']+)'/g)].map((m) => m[1]));
  const cmdWrites = new Set([...cmd.matchAll(/"%OUT%\\([A-Za-z][\w.-]*)"|Join-Path \$(?:env:PA_OUT|o) '([^']+)'/g)].map((m) => m[1] ?? m[2]));
  for (const f of psWrites) assert.ok(psList.includes(f), `ps1 clears ${f}`);
  for (const f of cmdWrites) assert.ok(cmdList.includes(f), `cmd clears ${f}`);
  assert.equal(psWrites.size + 2, psList.length, 'the ps1 list is its own files plus the cmd-only reg-query.txt and volumes.csv');
  // The clearing comes before the first file is written, and deletes one named file at a time.
  assert.ok(ps1.indexOf('Remove-Item -LiteralPath $stale -Force') < ps1.indexOf("(Out-Bundle '"), 'ps1 clears before writing');
  assert.equal(ps1.match(/Remove-Item/g)?.length, 1, 'ps1 removes only the listed files');
  assert.match(ps1, /foreach \(\$name in \$bundleFiles\) \{\s+\$stale = Join-Path \$OutputFolder \$name/);
  const clear = cmd.indexOf('for %%F in (%BUNDLEFILES%) do if exist "%OUT%\\%%F" del /f /q "%OUT%\\%%F"');
  assert.ok(clear > 0 && clear < cmd.indexOf('reg export "%KEY%"'), 'cmd clears before writing');
  for (const del of cmd.match(/^.*\bdel\b.*$/gm) ?? []) assert.doesNotMatch(del, /\*|\/s\b/i, `cmd deletes no wildcard: ${del}`);
  assert.doesNotMatch(cmd, /^\s*(rd|rmdir)\b/im);
  // A file that cannot be deleted stops the run (exit 2) rather than being read as current.
  assert.match(cmd, /:stale\r\necho collect-pairaudit: cannot delete .*\r\nexit \/b 2/);
  assert.match(ps1, /catch \{ Stop-Collect "cannot delete \$stale/);
});

test('readBundle: without hostname.txt the host name comes from ipconfig.txt, with its line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-bundle-'));
  copyFileSync(join(FIXTURES, 'healthy', 'main', 'ClearSCADA.reg'), join(dir, 'ClearSCADA.reg'));
  writeFileSync(join(dir, 'ipconfig.txt'), IPCONFIG_EN);
  const s = await collectServer(dir, { toolVersion: 't' });
  assert.deepEqual(s.settings['host.hostname'], { value: 'SCADA-MAIN', source: { file: 'ipconfig.txt', line: 4 } });
  assert.deepEqual(s.server.names, ['169.254.10.20', '192.168.10.11', '192.168.10.50', '2001:db8:10::11', '2001:db8:10::a1b2', 'fe80::1d2c:3b4a:5e6f:7081', 'scada-main', 'scada-main.example.com', 'scada-main.plant.example.com']);
  assert.equal(s.server.label, 'NORTH-A');
});

test('an error in a file of a bundle names the bundle folder and the file (every bundle has a ClearSCADA.reg)', async () => {
  const cases: { file: string; text: string; message: RegExp }[] = [
    { file: 'ClearSCADA.reg', text: 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA]\r\n"Broken\r\n', message: /standby-b[\\/]ClearSCADA\.reg: line 4: / },
    { file: 'bundle.json', text: '{ not json', message: /standby-b[\\/]bundle\.json: / },
  ];
  for (const c of cases) {
    const dir = join(mkdtempSync(join(tmpdir(), 'pairaudit-bundle-')), 'standby-b');
    mkdirSync(dir);
    copyFileSync(join(FIXTURES, 'healthy', 'main', 'ClearSCADA.reg'), join(dir, 'ClearSCADA.reg'));
    writeFileSync(join(dir, c.file), c.file.endsWith('.reg') ? utf16bom(c.text) : c.text);
    await assert.rejects(collectServer(dir, { toolVersion: 't', displayName: dir }), (e: unknown) => {
      assert.ok(e instanceof InputError, String(e));
      assert.match(e.message, c.message);
      assert.equal(e.message.split(dir).length, 2, `the folder is named once: ${e.message}`);
      return true;
    });
  }
});

test('ipconfig /all of a workgroup server: no primary suffix; the search list (continued on the next line) and the connection-specific suffixes are its other DNS domains', () => {
  const text = ['', 'Windows IP Configuration', '', '   Host Name . . . . . . . . . . . . : SCADA-N2', '   Primary Dns Suffix  . . . . . . . : ', '   DNS Suffix Search List. . . . . . : plant.local', '                                       Corp.Example', '', 'Ethernet adapter Plant LAN:', '', '   Connection-specific DNS Suffix  . : plant.local', '   IPv4 Address. . . . . . . . . . . : 10.20.1.12(Preferred) ', ''].join('\r\n');
  const info = parseIpconfig(text, 'ipconfig.txt');
  assert.equal(info.primaryDnsSuffix, undefined);
  assert.deepEqual(info.dnsSuffixes, ['plant.local', 'corp.example']);
  assert.deepEqual(info.addresses.map((a) => a.address), ['10.20.1.12']);
});
