// Files a person writes (config, waivers, fleet inventory, site profile) saved by Windows Notepad as "Unicode"
// (UTF-16LE with a BOM) or "Unicode big endian" read as their UTF-8 text does: before, UTF-16 was refused with
// a message about the YAML, not the encoding ("a config file holds a map with ..."). Saved as UTF-16 without a BOM,
// they are refused in one line that says so, as the .reg reader does.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from './cli-harness.js';
import { ConfigError } from '../src/errors.js';
import { decodeWrittenText, utf16WithoutBom } from '../src/text-file.js';

const dir = mkdtempSync(join(tmpdir(), 'pairaudit-written-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const ROOT = resolve(import.meta.dirname, '..');
const pair = ['main', 'standby-a'].map((r) => join(ROOT, 'fixtures', 'pairs', 'sample', r));
const now = '2026-11-20T08:20:00Z';

const ENCODINGS: [name: string, encode: (text: string) => Buffer][] = [
  ['UTF-8', (t) => Buffer.from(t, 'utf8')],
  ['UTF-8 with a BOM', (t) => Buffer.from(`\uFEFF${t}`, 'utf8')],
  ['UTF-16LE with a BOM (Notepad "Unicode")', (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')])],
  ['UTF-16BE with a BOM', (t) => Buffer.from(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]).swap16())],
];

/** UTF-16 without a byte-order mark, in each order: refused. */
const WITHOUT_BOM: [order: 'UTF-16LE' | 'UTF-16BE', encode: (text: string) => Buffer][] = [
  ['UTF-16LE', (t) => Buffer.from(t, 'utf16le')],
  ['UTF-16BE', (t) => Buffer.from(t, 'utf16le').swap16()],
];
const withoutBomMessage = (file: string, order: string) =>
  `${file}: looks like ${order} text without a byte-order mark (every other byte is zero); re-save it as UTF-8, or as UTF-16 with its byte-order mark (Notepad: Save As, encoding "UTF-8" or "UTF-16 LE")`;

test('decodeWrittenText: each encoding gives the same text, CRLF kept; UTF-16 without a BOM is a ConfigError naming the file', () => {
  for (const [name, encode] of ENCODINGS) assert.equal(decodeWrittenText(encode('a: ä\r\nb: 1\n'), 'f.yaml'), 'a: ä\r\nb: 1\n', name);
  for (const [order, encode] of WITHOUT_BOM) {
    assert.throws(() => decodeWrittenText(encode('a: ä\r\nb: 1\n'), 'f.yaml'), (e: unknown) => e instanceof ConfigError && e.message === withoutBomMessage('f.yaml', order), order);
  }
});

test('utf16WithoutBom: mostly-ASCII UTF-16 in either byte order; not UTF-8, not too short, not UTF-16 of other scripts', () => {
  const cases: [name: string, bytes: Uint8Array, expected: 'UTF-16LE' | 'UTF-16BE' | undefined][] = [
    ['UTF-16LE', Buffer.from('severity:\r\n  telnet-server: off\r\n', 'utf16le'), 'UTF-16LE'],
    ['UTF-16BE', Buffer.from('severity:\r\n  telnet-server: off\r\n', 'utf16le').swap16(), 'UTF-16BE'],
    ['UTF-16LE with a few CJK characters', Buffer.from('waivers:\n  - rule: x\n    reason: 監視 ok, approved by the site engineer\n', 'utf16le'), 'UTF-16LE'],
    ['UTF-8', Buffer.from('severity:\n  telnet-server: off\n'), undefined],
    ['UTF-8 with CJK', Buffer.from('reason: 監視サーバー\n'), undefined],
    ['one character', Buffer.from('a', 'utf16le'), undefined],
    ['empty', new Uint8Array(0), undefined],
    ['UTF-16LE of CJK only', Buffer.from('監視サーバー監視サーバー', 'utf16le'), undefined],
  ];
  for (const [name, bytes, expected] of cases) assert.equal(utf16WithoutBom(bytes), expected, name);
});

const FILES: { kind: string; file: string; text: string; args: (file: string) => string[] }[] = [
  { kind: 'config', file: 'config.yaml', text: 'severity:\r\n  historic-retention: info\r\n', args: (f) => ['audit', ...pair, '--config', f, '-f', 'json'] },
  {
    kind: 'waivers',
    file: 'waivers.yaml',
    text: 'waivers:\n  - ruleId: historic-retention\n    setting: historic.historicData.keepOnlineWeeks\n    reason: Größe of the Standby disk, CHG-1\n    approvedBy: Jörg\n    expires: 2027-11-20\n    values: { main: 156, standby-a: 52 }\n',
    args: (f) => ['audit', ...pair, '--waivers', f, '-f', 'json'],
  },
  { kind: 'inventory', file: 'fleet.yaml', text: `sites:\n  - name: Nord\n    pairs:\n      - { name: p, servers: { main: ${JSON.stringify(pair[0])}, standby-a: ${JSON.stringify(pair[1])} } }\n`, args: (f) => ['fleet', f, '--jobs', '1', '-f', 'json'] },
  { kind: 'profile', file: 'site.json', text: readFileSync(join(ROOT, 'profiles', 'geo-scada.json'), 'utf8').replace('"name": "geo-scada"', '"name": "site-profile"'), args: (f) => ['audit', ...pair, '--profile', f, '-f', 'json'] },
];

for (const f of FILES) {
  test(`${f.kind} file: read the same in every encoding a Windows editor saves`, async () => {
    const outputs: string[] = [];
    for (const [name, encode] of ENCODINGS) {
      const file = join(dir, `${name.replace(/\W+/g, '-')}-${f.file}`);
      writeFileSync(file, encode(f.text));
      const r = await runCli(f.args(file), { cwd: dir, now, env: { PAIRAUDIT_SECRET_KEY: 'k' } });
      assert.ok(r.code === 0 || r.code === 1, `${name}: ${r.stderr}`);
      outputs.push(r.stdout.replace(/"generatedAt": "[^"]*"/g, '').replaceAll(file, '<file>'));
    }
    for (const o of outputs.slice(1)) assert.equal(o, outputs[0]);
  });
}

for (const f of FILES) {
  test(`${f.kind} file: UTF-16 without a byte-order mark is one line naming the file, exit 2`, async () => {
    for (const [order, encode] of WITHOUT_BOM) {
      const file = join(dir, `${order}-no-bom-${f.file}`);
      writeFileSync(file, encode(f.text.replace(/\r?\n/g, '\r\n')));
      const r = await runCli(f.args(file), { cwd: dir, now, env: { PAIRAUDIT_SECRET_KEY: 'k' } });
      assert.equal(r.code, 2, `${order}: ${r.stderr}`);
      assert.equal(r.stderr, `pairaudit: ${withoutBomMessage(file, order)}\n`, order);
    }
  });
}
