// cmd-redirected tool output in the console's OEM code page (bundle.json `oemCodePage`, from `chcp`): decoded
// with it (437, 850 and the code pages TextDecoder knows) rather than misread as Windows-1252.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectServer } from '../src/collect/index.js';
import { decodeOem, knownOemCodePage } from '../src/collect/oem.js';
import { decodeText } from '../src/collect/text.js';
import { parseBundleManifest } from '../src/collect/manifest.js';
import { InputError } from '../src/errors.js';
import { NETSH_RULES_DE } from '../fixtures/evidence-samples.js';

/** Encodes text in a single-byte code page by inverting decodeOem (every byte decodes to one character). */
function encode(text: string, cp: number): Buffer {
  const table = new Map<string, number>();
  for (let b = 0; b < 256; b++) table.set(decodeOem(Uint8Array.of(b), cp) as string, b);
  return Buffer.from([...text].map((ch) => {
    const b = table.get(ch);
    if (b === undefined) throw new Error(`${ch} is not in code page ${cp}`);
    return b;
  }));
}

const SAMPLES: [number, number[], string][] = [
  [437, [0x82, 0x84, 0x94, 0x81, 0xe1, 0xc4, 0xff], 'éäöüß─\u00a0'],
  [850, [0x82, 0x84, 0x8e, 0x99, 0xe1, 0x9b, 0xd5, 0xf0], 'éäÄÖßøı\u00ad'],
];
for (const [cp, bytes, want] of SAMPLES) {
  test(`OEM code page ${cp}: the upper half by the table`, () => {
    assert.equal(decodeOem(Uint8Array.from(bytes), cp), want);
    assert.equal(decodeOem(Buffer.from('Host Name . . : A-1\r\n'), cp), 'Host Name . . : A-1\r\n', 'ASCII as is');
  });
}

test('OEM code pages known through TextDecoder (866) and unknown ones (1258 is ANSI, 720 is not known)', () => {
  assert.equal(decodeOem(Uint8Array.of(0x8f, 0xe0, 0xa8), 866), 'При');
  assert.equal(knownOemCodePage(720), false);
  assert.equal(decodeOem(Uint8Array.of(0x80), 720), undefined);
});

test('decodeText: OEM only for bytes that are neither UTF-16 nor UTF-8; Windows-1252 without a code page', () => {
  const de = encode('Primäres DNS-Suffix . : werk.example.de\r\n', 850);
  assert.equal(decodeText(de, 850), 'Primäres DNS-Suffix . : werk.example.de\r\n');
  assert.equal(decodeText(de), 'Prim„res DNS-Suffix . : werk.example.de\r\n', 'misread as ANSI without the code page');
  assert.equal(decodeText(Buffer.from('Primäres', 'utf8'), 850), 'Primäres', 'valid UTF-8 stays UTF-8');
  assert.equal(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Primäres', 'utf16le')]), 850), 'Primäres');
});

const MANIFESTS: [string, unknown, number | RegExp | undefined][] = [
  ['a string, as the cmd script writes it', '850', 850],
  ['a number', 437, 437],
  ['empty (chcp gave nothing)', '', undefined],
  ['not a number', 'Latin1', /bundle field "oemCodePage": expected a code page number \(850\), found "Latin1"/],
];
for (const [name, value, want] of MANIFESTS) {
  test(`bundle.json oemCodePage: ${name}`, () => {
    const text = JSON.stringify({ pairauditBundle: 1, oemCodePage: value });
    if (want instanceof RegExp) assert.throws(() => parseBundleManifest(text, 'bundle.json'), (e: unknown) => e instanceof InputError && want.test(e.message));
    else assert.equal(parseBundleManifest(text, 'bundle.json').oemCodePage, want);
  });
}

test('a cmd bundle without PowerShell on a German console: ipconfig in CP850 reads its Primäres DNS-Suffix', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-oem-'));
  try {
    cpSync(join(import.meta.dirname, '..', 'fixtures', 'pairs', 'healthy-evidence', 'main'), dir, { recursive: true });
    const ipconfig = ['', 'Windows-IP-Konfiguration', '', '   Hostname  . . . . . . . . . . . . : SCADA-N1', '   Primäres DNS-Suffix . . . . . . . : werk.example.de', '', 'Ethernet-Adapter Ethernet:', '', '   IPv4-Adresse  . . . . . . . . . . : 10.20.1.11(Bevorzugt) ', ''].join('\r\n');
    writeFileSync(join(dir, 'ipconfig.txt'), encode(ipconfig, 850));
    writeFileSync(join(dir, 'hostname.txt'), 'SCADA-N1\r\n');
    const manifest = JSON.parse(readFileSync(join(dir, 'bundle.json'), 'utf8').replace(/^\uFEFF/, '')) as Record<string, unknown>;
    writeFileSync(join(dir, 'bundle.json'), JSON.stringify({ ...manifest, collector: { name: 'collect-pairaudit.cmd', version: '2.0' }, oemCodePage: '850' }));
    const s = await collectServer(dir, { toolVersion: '0', role: 'main' });
    assert.ok(s.server.names?.includes('scada-n1.werk.example.de'), JSON.stringify(s.server.names));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('German netsh output redirected by cmd (CP850): recognised as not English, the firewall checks unknown', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-oem-'));
  try {
    cpSync(join(import.meta.dirname, '..', 'fixtures', 'pairs', 'healthy-evidence', 'main'), dir, { recursive: true });
    writeFileSync(join(dir, 'firewall.txt'), encode(NETSH_RULES_DE, 850));
    const manifest = JSON.parse(readFileSync(join(dir, 'bundle.json'), 'utf8').replace(/^\uFEFF/, '')) as Record<string, unknown>;
    writeFileSync(join(dir, 'bundle.json'), JSON.stringify({ ...manifest, collector: { name: 'collect-pairaudit.cmd', version: '2.0' }, oemCodePage: 850 }));
    const s = await collectServer(dir, { toolVersion: '0', role: 'main' });
    const w = (s.warnings ?? []).find((x) => x.file === 'firewall.txt');
    assert.match(w?.message ?? '', /^not English output of `netsh advfirewall firewall show rule` \(first label "Regelname"\); pairaudit reads English labels only/);
    assert.equal(s.settings['firewall.dbPort'], undefined, 'no setting from a listing that was not understood');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// collect-pairaudit.cmd writes `reg query /s > reg-query.txt`: in the console's OEM code page like the other tools' output.
const REG_QUERY_CASES: { name: string; oemCodePage?: number; historic: string }[] = [
  { name: 'with the code page the manifest records (850): the folder name as on the server', oemCodePage: 850, historic: 'D:\\Datenbank-Größe\\Historic\\' },
  { name: 'without one: Windows-1252, as before (no code page to go by)', historic: 'D:\\Datenbank-Gr”áe\\Historic\\' },
];
for (const c of REG_QUERY_CASES) {
  test(`reg-query.txt of a cmd bundle on a German console, ${c.name}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pairaudit-oem-'));
    try {
      cpSync(join(import.meta.dirname, '..', 'fixtures', 'pairs', 'triple-standby', 'standby-b'), dir, { recursive: true });
      const text = readFileSync(join(dir, 'reg-query.txt'), 'latin1').replace('D:\\ClearSCADA\\Database\\Historic\\', 'D:\\Datenbank-Größe\\Historic\\');
      writeFileSync(join(dir, 'reg-query.txt'), encode(text, 850));
      const manifest = JSON.parse(readFileSync(join(dir, 'bundle.json'), 'utf8').replace(/^\uFEFF/, '')) as Record<string, unknown>;
      writeFileSync(join(dir, 'bundle.json'), JSON.stringify({ ...manifest, oemCodePage: c.oemCodePage }));
      const s = await collectServer(dir, { toolVersion: '0' });
      assert.equal(s.settings['locations.historic']?.value, c.historic);
      assert.equal(s.settings['locations.historic']?.source.line, 266, 'the line as in the file');
      // Without the code page and with English labels, nothing tells it: the snapshot says so.
      const said = (s.warnings ?? []).filter((w) => /code page that cannot be told/.test(w.message)).map((w) => `${w.file}:${w.line}`);
      assert.deepEqual(said, c.oemCodePage === undefined ? ['reg-query.txt:266'] : []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}


// A code page not known here (852: Polish, Czech) cannot be decoded: its non-ASCII text is read as Windows-1252 and
// said so in a warning naming the file (the reports list it), not misread in silence; refusing the bundle stopped a
// check on one accented firewall rule name.
const UNKNOWN_CP_CASES: { name: string; file?: string; edit?: (bytes: Buffer) => Buffer; warned: boolean }[] = [
  // "(domyślna)", ś as 0x98 in code page 852: read as Windows-1252 it is "(domy˜lna)".
  { name: 'reg-query.txt with Polish default-value labels', file: 'reg-query.txt', edit: (b) => Buffer.from(b.toString('latin1').replaceAll('(Default)', '(domy\x98lna)'), 'latin1'), warned: true },
  { name: 'ipconfig.txt with a Polish label', file: 'ipconfig.txt', edit: () => Buffer.from('\r\nKonfiguracja IP systemu Windows\r\n\r\n   Nazwa hosta . . . . . . . . . . . : TRIPLE-3\r\n   Podstawowy sufiks DNS . . . . . . : \r\n   W\xa9z\x88y\r\n', 'latin1'), warned: true },
  { name: 'ASCII only: the code page does not matter', warned: false },
];
for (const c of UNKNOWN_CP_CASES) {
  test(`bundle.json "oemCodePage": "852" (not known here): ${c.name}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pairaudit-oem-'));
    try {
      cpSync(join(import.meta.dirname, '..', 'fixtures', 'pairs', 'triple-standby', 'standby-b'), join(dir, 'standby-b'), { recursive: true });
      const bundle = join(dir, 'standby-b');
      if (c.file !== undefined && c.edit !== undefined) writeFileSync(join(bundle, c.file), c.edit(readFileSync(join(bundle, c.file))));
      const manifest = JSON.parse(readFileSync(join(bundle, 'bundle.json'), 'utf8').replace(/^\uFEFF/, '')) as Record<string, unknown>;
      writeFileSync(join(bundle, 'bundle.json'), JSON.stringify({ ...manifest, oemCodePage: '852' }));
      const s = await collectServer(bundle, { toolVersion: '0', displayName: bundle });
      const said = (s.warnings ?? []).filter((w) => /code page 852/.test(w.message));
      assert.deepEqual(
        said.map((w) => `${w.file}: ${w.message}`),
        c.warned ? [`${c.file}: holds non-ASCII text in code page 852 (bundle.json "oemCodePage"), which pairaudit cannot decode: read as Windows-1252, so accented text in it may not match the other server's; collect with the PowerShell collector (Collect-PairAudit.ps1), which writes UTF-16`] : [],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
