// A file a person writes (waivers, config, inventory, profile) saved as UTF-16 without a byte-order mark: one line that
// names the file and says so (as the .reg reader does), instead of a parse error at line 1 or 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from '../src/errors.js';
import { decodeWrittenText, utf16WithoutBom } from '../src/text-file.js';
import { runCli, writeFleetInventory } from './cli-harness.js';
import { tempDir } from './history-fixtures.js';

const le = (text: string) => Buffer.from(text, 'utf16le');
const be = (text: string) => Buffer.from(text, 'utf16le').swap16();

test('utf16WithoutBom: mostly-ASCII UTF-16 in either byte order; not UTF-8, not too short, not UTF-16 of other scripts', () => {
  const cases: [name: string, bytes: Uint8Array, expected: 'UTF-16LE' | 'UTF-16BE' | undefined][] = [
    ['UTF-16LE', le('severity:\r\n  telnet-server: off\r\n'), 'UTF-16LE'],
    ['UTF-16BE', be('severity:\r\n  telnet-server: off\r\n'), 'UTF-16BE'],
    ['UTF-16LE with a few CJK characters', le(`waivers:\n  - rule: x\n    reason: ${'監視'} ok, approved by the site engineer\n`), 'UTF-16LE'],
    ['UTF-8', Buffer.from('severity:\n  telnet-server: off\n'), undefined],
    ['UTF-8 with CJK', Buffer.from('reason: 監視サーバー\n'), undefined],
    ['one character', le('a'), undefined],
    ['empty', new Uint8Array(0), undefined],
    ['UTF-16LE of CJK only', le('監視サーバー監視サーバー'), undefined],
  ];
  for (const [name, bytes, expected] of cases) assert.equal(utf16WithoutBom(bytes), expected, name);
});

test('decodeWrittenText: by the byte-order mark, else UTF-8; UTF-16 without one is a ConfigError naming the file', () => {
  const text = 'sites: []\n';
  assert.equal(decodeWrittenText(Buffer.concat([Buffer.from([0xff, 0xfe]), le(text)]), 'f.yaml'), text);
  assert.equal(decodeWrittenText(Buffer.concat([Buffer.from([0xfe, 0xff]), be(text)]), 'f.yaml'), text);
  assert.equal(decodeWrittenText(Buffer.from(`\ufeff${text}`), 'f.yaml'), text);
  assert.equal(decodeWrittenText(Buffer.from(text), 'f.yaml'), text);
  for (const [bytes, order] of [[le(text), 'UTF-16LE'], [be(text), 'UTF-16BE']] as const) {
    assert.throws(
      () => decodeWrittenText(bytes, 'f.yaml'),
      (e: unknown) => e instanceof ConfigError && e.message === `f.yaml: looks like ${order} text without a byte-order mark (every other byte is zero); re-save it as UTF-8, or as UTF-16 with its byte-order mark (Notepad: Save As, encoding "UTF-8" or "UTF-16 LE")`,
    );
  }
});

test('audit --waivers/--config/--profile and fleet: a UTF-16LE file without a BOM is one line naming it, exit 2', async (t) => {
  const { dir, cleanup } = tempDir('pairaudit-utf16-');
  t.after(cleanup);
  const sample = resolve('fixtures/pairs/sample');
  const pair = [join(sample, 'main'), join(sample, 'standby-a')];
  const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');
  writeFileSync(join(dir, 'waivers.yaml'), le(crlf(readFileSync(join(sample, 'waivers.yaml'), 'utf8'))));
  writeFileSync(join(dir, 'config.yaml'), le('severity:\r\n  telnet-server: off\r\n'));
  writeFileSync(join(dir, 'profile.json'), le(readFileSync('profiles/geo-scada.json', 'utf8')));
  const inventory = writeFleetInventory(dir, ['      - name: p', `        servers: { main: ${JSON.stringify(pair[0])}, standby-a: ${JSON.stringify(pair[1])} }`]);
  writeFileSync(inventory, le(readFileSync(inventory, 'utf8')));
  const cases: [argv: string[], file: string][] = [
    [['audit', ...pair, '--waivers', 'waivers.yaml'], 'waivers.yaml'],
    [['audit', ...pair, '--config', 'config.yaml'], 'config.yaml'],
    [['audit', ...pair, '--profile', 'profile.json'], 'profile.json'],
    [['fleet', 'fleet.yaml'], 'fleet.yaml'],
  ];
  for (const [argv, file] of cases) {
    const r = await runCli([...argv, '-q'], { cwd: dir });
    assert.equal(r.code, 2, `${argv.join(' ')}: ${r.stderr}`);
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, new RegExp(`^pairaudit: \\S*${file.replace('.', '\\.')}: looks like UTF-16LE text without a byte-order mark \\(every other byte is zero\\); re-save it as UTF-8`), argv.join(' '));
  }
});
