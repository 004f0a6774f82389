// Systems.xml (client connections): the vendor's documented format read with fast-xml-parser into clients.*
// settings with file and line; malformed XML, a DOCTYPE (entity declarations), an oversized file: exit 2 naming
// the file and line; UTF-16LE and UTF-8 files as the applet or a copy may leave them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectServer } from '../src/collect/index.js';
import { MAX_SYSTEMS_XML_CHARS, parseSystemsXml } from '../src/collect/evidence/systems-xml.js';
import { clientSettings } from '../src/collect/evidence/clients.js';
import { InputError } from '../src/errors.js';
import { systemsXml } from '../fixtures/evidence-samples.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'pairs');
const PAIR = [
  { name: 'SCADA-N1', port: 5481, compress: false },
  { name: 'SCADA-N2', port: 5482, compress: true },
];

/** What the sample writes on every `<Server>` beside its name, port and compression. */
const TIMING = { cost: '1', connectTimeout: '30000', requestTimeout: '120000' };

test('Systems.xml as the applet writes it: default system, systems, servers, ports, compression, lines', () => {
  const x = parseSystemsXml(systemsXml('SCADA-N', PAIR), 'Systems.xml');
  assert.equal(x.defaultSystem, 'SCADA-N');
  assert.equal(x.defaultLine, 3);
  assert.deepEqual(
    x.systems.map((s) => ({ name: s.name, type: s.type, enabled: s.enabled, line: s.line, servers: s.servers })),
    [
      { name: 'SCADA-N', type: 'ClearSCADA', enabled: true, line: 4, servers: [{ name: 'SCADA-N1', port: 5481, compress: 'false', ...TIMING }, { name: 'SCADA-N2', port: 5482, compress: 'true', ...TIMING }] },
      { name: 'TRAINING', type: 'ClearSCADA', enabled: false, line: 8, servers: [{ name: 'scada-train', port: 5481, compress: 'false', ...TIMING }] },
    ],
  );
  const settings = Object.fromEntries(clientSettings(x, 'Systems.xml').map((s) => [s.name, s.setting]));
  assert.deepEqual(settings['clients.systems'], { source: { file: 'Systems.xml', line: 4 }, value: ['SCADA-N', 'TRAINING'] });
  assert.deepEqual(settings['clients.SCADA-N.servers'], { source: { file: 'Systems.xml', line: 4 }, value: ['scada-n1:5481', 'scada-n2:5482'] });
  assert.deepEqual(settings['clients.SCADA-N.compress'].value, ['false', 'true'], 'servers of one system that disagree');
  assert.equal(settings['clients.TRAINING.compress'].value, 'false');
  assert.equal(settings['clients.default'].value, 'SCADA-N');
  assert.deepEqual(settings['clients.SCADA-N.enabled'], { source: { file: 'Systems.xml', line: 4 }, value: true });
  assert.deepEqual(settings['clients.TRAINING.enabled'], { source: { file: 'Systems.xml', line: 8 }, value: false }, 'enabled="false" is kept: a disabled system connects no client');
});

const READ: [string, string, unknown][] = [
  ['no port: the default database port; no compress: false; no enabled: enabled', '<Systems><System name="A"><Server name="h1"/></System></Systems>', { 'clients.A.servers': ['h1:5481'], 'clients.A.compress': 'false', 'clients.A.enabled': true }],
  ['enabled written in capitals', '<Systems><System name="A" enabled="False"><Server name="h1"/></System></Systems>', { 'clients.A.enabled': false }],
  ['XML character references decoded', '<Systems><System name="A&amp;B"><Server name="h&#45;1" port="5481"/></System></Systems>', { 'clients.A&B.servers': ['h-1:5481'] }],
  ['costs and timeouts as written, one value where the servers agree, the list where not, nothing where none writes them', '<Systems><System name="A"><Server name="H1" cost="1" connectTimeout="30000" requestTimeout=" 120000 "/><Server name="h2" cost="2" connectTimeout="5000"/></System><System name="B"><Server name="h3"/></System></Systems>', { 'clients.A.costs': ['h1:1', 'h2:2'], 'clients.A.connectTimeout': ['30000', '5000'], 'clients.A.requestTimeout': '120000', 'clients.B.costs': undefined, 'clients.B.connectTimeout': undefined, 'clients.B.requestTimeout': undefined }],
  ['no client connections', '<Systems/>', { 'clients.systems': [] }],
  ['a system with no server', '<Systems>\n<System name="A" type="ClearSCADA"></System>\n</Systems>', { 'clients.A.servers': [] }],
  ['comments and an OPC system beside', '<?xml version="1.0"?>\n<!-- saved by hand -->\n<Systems><System name="OPC1" type="OPC DA"><Server name="opc" /></System></Systems>', { 'clients.systems': ['OPC1'] }],
];

for (const [name, xml, want] of READ) {
  test(`Systems.xml: ${name}`, () => {
    const settings = Object.fromEntries(clientSettings(parseSystemsXml(xml, 'Systems.xml'), 'Systems.xml').map((s) => [s.name, s.setting.value]));
    for (const [k, v] of Object.entries(want as Record<string, unknown>)) assert.deepEqual(settings[k], v, k);
  });
}

const BAD: [string, string, RegExp][] = [
  ['unclosed element', '<Systems>\n<System name="A">\n</Systems>', /^Systems\.xml: line \d: not well-formed XML \(Expected closing tag 'System'/],
  ['a DOCTYPE declaring entities', '<?xml version="1.0"?>\n<!DOCTYPE Systems [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n<Systems><System name="&b;"/></Systems>', /^Systems\.xml: line 2: has a DOCTYPE, which Systems\.xml never has/],
  ['another root element', '<Clients><System name="A"/></Clients>', /^Systems\.xml: line 1: no <Systems> root element/],
  ['a system without a name', '<Systems>\n<System type="ClearSCADA"/>\n</Systems>', /^Systems\.xml: line 2: a <System> has no name attribute/],
  ['a server without a name', '<Systems><System name="A"><Server port="5481"/></System></Systems>', /system "A" has a <Server> with no name attribute/],
  ['a port that is not a port', '<Systems><System name="A"><Server name="h" port="70000"/></System></Systems>', /server "h" has port "70000", not a TCP port number/],
  ['not XML at all', 'Systems: MAIN', /not well-formed XML/],
];

for (const [name, xml, want] of BAD) {
  test(`Systems.xml refused: ${name}`, () => {
    assert.throws(
      () => parseSystemsXml(xml, 'Systems.xml'),
      (e: unknown) => e instanceof InputError && want.test(e.message) && !e.message.includes('\n'),
    );
  });
}

test('Systems.xml larger than any real one is refused before parsing', () => {
  const big = `<Systems>${' '.repeat(MAX_SYSTEMS_XML_CHARS)}</Systems>`;
  assert.throws(() => parseSystemsXml(big, 'Systems.xml'), /more than the \d+ a Systems\.xml may have/);
});

test('a bundle with Systems.xml in UTF-16LE (a copy saved by Notepad) reads the same settings as UTF-8', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-systems-'));
  cpSync(join(FIXTURES, 'healthy-evidence', 'main'), dir, { recursive: true });
  const utf8 = await collectServer(dir, { toolVersion: '0', role: 'main' });
  writeFileSync(join(dir, 'Systems.xml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(systemsXml('SCADA-N', [{ name: 'SCADA-N1', port: 5481, compress: false }, { name: 'SCADA-N2', port: 5481, compress: false }]), 'utf16le')]));
  const utf16 = await collectServer(dir, { toolVersion: '0', role: 'main' });
  for (const name of ['clients.systems', 'clients.SCADA-N.servers', 'clients.SCADA-N.compress', 'clients.default']) assert.deepEqual(utf16.settings[name], utf8.settings[name], name);
  assert.deepEqual(utf8.settings['clients.SCADA-N.servers'].value, ['scada-n1:5481', 'scada-n2:5481']);
});

test('a bundle whose Systems.xml is malformed: exit 2 naming the bundle, the file and the line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-systems-'));
  cpSync(join(FIXTURES, 'healthy-evidence', 'main'), dir, { recursive: true });
  writeFileSync(join(dir, 'Systems.xml'), '<?xml version="1.0"?>\r\n<Systems>\r\n<System name="A">\r\n</Systems>\r\n');
  await assert.rejects(collectServer(dir, { toolVersion: '0', role: 'main' }), (e: unknown) => e instanceof InputError && e.exitCode === 2 && /Systems\.xml: line \d: not well-formed XML/.test(e.message));
});
