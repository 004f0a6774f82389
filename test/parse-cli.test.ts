// `pairaudit parse` through the real command line, in-process via run() (and once as a child, for stdin).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../src/cli/main.js';
import type { CliIO } from '../src/cli/io.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const HKLM = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA';

function utf16le(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

function fakeIO(cwd: string): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (t: string | Uint8Array) => {
      io.out += typeof t === 'string' ? t : Buffer.from(t).toString('utf8');
    },
    stderr: (t: string) => {
      io.err += t;
    },
    isTTY: false,
    env: {},
    now: () => new Date('2026-11-25T12:00:00Z'),
    version: '0.0.0-test',
    cwd,
    exitCode: 0,
  };
  return io;
}

const dir = mkdtempSync(join(tmpdir(), 'pairaudit-parse-cli-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const good = utf16le(['Windows Registry Editor Version 5.00', '', `[${HKLM}\\DB]`, '"Port"=dword:00001569', '"Name"="Main"', ''].join('\r\n'));
const goodJson = {
  format: 'regedit5',
  keys: [
    {
      path: `${HKLM}\\DB`,
      values: [
        { name: 'Port', type: 'REG_DWORD', data: 5481 },
        { name: 'Name', type: 'REG_SZ', data: 'Main' },
      ],
    },
  ],
};
writeFileSync(join(dir, 'good.reg'), good);
writeFileSync(join(dir, 'junk.reg'), utf16le(['Windows Registry Editor Version 5.00', `[${HKLM}]`, 'tee', '"A"=dword:00000001', ''].join('\r\n')));
writeFileSync(join(dir, 'empty.reg'), '');

interface CliCase {
  name: string;
  argv: string[];
  code: number;
  stdout?: unknown;
  stderr?: RegExp;
}

const cases: CliCase[] = [
  { name: 'prints the tree as JSON', argv: ['parse', 'good.reg'], code: 0, stdout: goodJson },
  { name: 'absolute path', argv: ['parse', join(dir, 'good.reg')], code: 0, stdout: goodJson },
  { name: 'a junk line: exit 2, one line naming file and line', argv: ['parse', 'junk.reg'], code: 2, stderr: /^pairaudit: junk\.reg: line 3: expected \[key\].*found "tee"; is this a registry export\?\n$/ },
  {
    name: '--lenient: warnings in the output, exit 0',
    argv: ['parse', '--lenient', 'junk.reg'],
    code: 0,
    stdout: {
      format: 'regedit5',
      keys: [{ path: HKLM, values: [{ name: 'A', type: 'REG_DWORD', data: 1 }] }],
      warnings: [{ line: 3, message: 'expected [key], "name"=value, @=value or a ; or # comment, found "tee"; ignored' }],
    },
  },
  { name: 'an empty file: exit 2', argv: ['parse', 'empty.reg'], code: 2, stderr: /^pairaudit: empty\.reg: empty file; .*\n$/ },
  { name: 'a missing file: exit 2', argv: ['parse', 'nope.reg'], code: 2, stderr: /^pairaudit: nope\.reg: no such file; check the path\n$/ },
  { name: 'a folder: exit 2', argv: ['parse', '.'], code: 2, stderr: /^pairaudit: \.: is a folder, not a registry export file\n$/ },
  { name: 'no argument: usage error', argv: ['parse'], code: 2, stderr: /missing required argument 'export'/ },
];

test('pairaudit parse: output and exit codes', async (t) => {
  for (const c of cases) {
    await t.test(c.name, async () => {
      const io = fakeIO(dir);
      const code = await run(c.argv, io);
      assert.equal(code, c.code, io.err);
      if (c.stdout !== undefined) {
        assert.deepEqual(JSON.parse(io.out), c.stdout);
        assert.equal(io.out, JSON.stringify(c.stdout, null, 2) + '\n', 'pretty-printed with 2 spaces, stable order');
      }
      if (c.stderr !== undefined) assert.match(io.err, c.stderr);
      if (c.code === 2 && c.stderr !== undefined && !c.argv.includes('--help')) assert.equal(io.out, '');
    });
  }
});

test('pairaudit parse -o writes the JSON to a file', async () => {
  const io = fakeIO(dir);
  assert.equal(await run(['parse', 'good.reg', '-o', join('out', 'tree.json')], io), 0, io.err);
  assert.equal(io.out, '');
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'out', 'tree.json'), 'utf8')), goodJson);
});

test('pairaudit parse - reads standard input', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src', 'cli', 'main.ts'), 'parse', '-'], { cwd: root, input: good, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), goodJson);
  const bad = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src', 'cli', 'main.ts'), 'parse', '-'], { cwd: root, input: 'not an export\n', encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^pairaudit: <stdin>: line 1: expected the header/);
});
