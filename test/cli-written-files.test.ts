// Files a person writes (config, waivers, fleet inventory, site profile) saved by Windows Notepad as "Unicode"
// (UTF-16LE with a BOM) or "Unicode big endian" read as their UTF-8 text does: before, UTF-16 was refused with
// a message about the YAML, not the encoding ("a config file holds a map with ...").
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from './cli-harness.js';
import { decodeWrittenText } from '../src/text-file.js';

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

test('decodeWrittenText: each encoding gives the same text, CRLF kept', () => {
  for (const [name, encode] of ENCODINGS) assert.equal(decodeWrittenText(encode('a: ä\r\nb: 1\n')), 'a: ä\r\nb: 1\n', name);
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
