// Bounded inputs: regular files only (FIFO, device refused), --max-input-size on every command that reads
// exports, bundles or snapshots, standard input size-limited and read once, and keys nested too deep refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { runCli } from './cli-harness.js';
import { parseRegistry, toParseJson } from '../src/collect/registry/index.js';
import { formatSize, parseSize } from '../src/collect/input.js';
import { InputError, UsageError } from '../src/errors.js';

const HKLM = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA';
const V5 = 'Windows Registry Editor Version 5.00';
const pairDir = join(import.meta.dirname, '..', 'fixtures', 'pairs', 'healthy');
const mainReg = join(pairDir, 'main', 'ClearSCADA.reg');
const standbyReg = join(pairDir, 'standby-a', 'ClearSCADA.reg');
const driftStandby = join(import.meta.dirname, '..', 'fixtures', 'pairs', 'drift-db-port', 'standby-a', 'ClearSCADA.reg');

const dir = mkdtempSync(join(tmpdir(), 'pairaudit-inputs-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function utf16(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

/** A FIFO nobody writes to: opening it for reading the ordinary way blocks forever. */
function fifo(name: string): string | undefined {
  if (process.platform === 'win32') return undefined;
  const path = join(dir, name);
  if (existsSync(path)) return path;
  try {
    execFileSync('mkfifo', [path]);
  } catch {
    return undefined;
  }
  return path;
}

test('--max-input-size takes bytes or a number with KB, MB or GB', () => {
  const valid: [string, number][] = [
    ['1', 1],
    ['4096', 4096],
    ['512MB', 512 * 1024 ** 2],
    ['2GB', 2 * 1024 ** 3],
    ['1.5 gb', 1.5 * 1024 ** 3],
    ['64k', 64 * 1024],
    ['10b', 10],
  ];
  for (const [text, bytes] of valid) assert.equal(parseSize(text), bytes, text);
  for (const text of ['', '0', '-1', 'MB', '12XB', '1e9', '2 GiB', '0.1']) assert.throws(() => parseSize(text), UsageError, text);
  assert.deepEqual([512 * 1024 ** 2, 2 * 1024 ** 3, 1, 1000].map(formatSize), ['512 MB', '2 GB', '1 byte', '1000 bytes']);
});

interface BadInputCase {
  name: string;
  /** The input path, or undefined where the platform cannot make it (the case is skipped). */
  input: () => string | undefined;
  extra?: string[];
  message: RegExp;
}

const badInputs: BadInputCase[] = [
  { name: 'a FIFO', input: () => fifo('export.reg'), message: /export\.reg: is a FIFO \(named pipe\), not a regular file/ },
  { name: '/dev/zero', input: () => (existsSync('/dev/zero') ? '/dev/zero' : undefined), message: /\/dev\/zero: is a character device, not a regular file/ },
  { name: 'a file above --max-input-size', input: () => mainReg, extra: ['--max-input-size', '1KB'], message: /ClearSCADA\.reg: is \d+ bytes, larger than --max-input-size 1 KB; if it really is an input, raise the limit/ },
];

const commands: { name: string; args: (input: string) => string[] }[] = [
  { name: 'parse', args: (input) => ['parse', input] },
  { name: 'collect', args: (input) => ['collect', input] },
  { name: 'audit', args: (input) => ['audit', input, standbyReg] },
  { name: 'check', args: (input) => ['check', standbyReg, input] },
  { name: 'record', args: (input) => ['record', input, '--store', join(dir, 'store')] },
];

test('inputs that are not regular files, or too large, are refused with exit 2 by every command', async (t) => {
  for (const c of badInputs) {
    for (const cmd of commands) {
      await t.test(`${cmd.name}: ${c.name}`, async (st) => {
        const input = c.input();
        if (input === undefined) {
          st.skip('cannot be made on this platform');
          return;
        }
        const r = await runCli([...cmd.args(input), ...(c.extra ?? [])], { cwd: dir });
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, c.message);
        assert.equal(r.stderr.split('\n').filter((l) => l !== '').length, 1, 'one line');
      });
    }
  }
});

test('a FIFO inside a bundle folder is refused, not read', async (t) => {
  const bundle = join(dir, 'bundle-fifo');
  mkdirSync(bundle);
  if (fifo(join('bundle-fifo', 'ClearSCADA.reg')) === undefined) {
    t.skip('cannot make a FIFO here');
    return;
  }
  const r = await runCli(['collect', bundle], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /bundle-fifo[\\/]ClearSCADA\.reg: is a FIFO/);
});

test('standard input: size-limited, and read at most once', async () => {
  const bytes = utf16(`${V5}\r\n\r\n[${HKLM}]\r\n"A"=dword:00000001\r\n`);
  const ok = await runCli(['parse', '-'], { cwd: dir, stdin: bytes });
  assert.equal(ok.code, 0, ok.stderr);
  const big = await runCli(['parse', '-', '--max-input-size', '16'], { cwd: dir, stdin: bytes });
  assert.equal(big.code, 2);
  assert.match(big.stderr, /^pairaudit: <stdin>: is larger than --max-input-size 16 bytes/);
  const collectBig = await runCli(['collect', '-', '--max-input-size', '16'], { cwd: dir, stdin: bytes });
  assert.equal(collectBig.code, 2);
  const twice = await runCli(['collect', '-', '-'], { cwd: dir, stdin: bytes });
  assert.equal(twice.code, 2);
  assert.match(twice.stderr, /standard input \(-\) can be read only once/);
});

test('a fleet inventory naming a FIFO: that pair is an error, the others are audited', async (t) => {
  const pipe = fifo('fleet-standby.reg');
  if (pipe === undefined) {
    t.skip('cannot make a FIFO here');
    return;
  }
  copyFileSync(mainReg, join(dir, 'fleet-main.reg'));
  copyFileSync(standbyReg, join(dir, 'fleet-standby-ok.reg'));
  const inventory = join(dir, 'fleet.yaml');
  writeFileSync(
    inventory,
    [
      'sites:',
      '  - name: North',
      '    pairs:',
      '      - name: fifo',
      '        servers: { main: fleet-main.reg, standby-a: fleet-standby.reg }',
      '      - name: good',
      '        servers: { main: fleet-main.reg, standby-a: fleet-standby-ok.reg }',
      '',
    ].join('\n'),
  );
  const r = await runCli(['fleet', inventory, '--format', 'json', '--jobs', '1'], { cwd: dir });
  assert.equal(r.code, 2, r.stderr);
  const report = JSON.parse(r.stdout) as { pairs: { id: string; status?: string; error?: string }[] };
  const byId = new Map(report.pairs.map((p) => [p.id, p]));
  assert.match(JSON.stringify(byId.get('North/fifo')), /is a FIFO \(named pipe\), not a regular file/);
  assert.doesNotMatch(JSON.stringify(byId.get('North/good')), /FIFO/);
  const fifoInventory = fifo('inventory.yaml') as string;
  const inv = await runCli(['fleet', fifoInventory], { cwd: dir });
  assert.equal(inv.code, 2);
  assert.match(inv.stderr, /inventory\.yaml: is a FIFO/);
});

test('a key nested deeper than the registry allows is refused at once (a 30,000-level path)', () => {
  const deep = `[HKEY_LOCAL_MACHINE${'\\a'.repeat(30_000)}]`;
  const bytes = utf16(`${V5}\r\n\r\n[${HKLM}]\r\n"A"=dword:00000001\r\n${deep}\r\n"B"=dword:00000002\r\n`);
  assert.ok(bytes.length > 100_000);
  assert.throws(
    () => parseRegistry(bytes, { file: 'deep.reg' }),
    (e: unknown) => e instanceof InputError && e.line === 5 && /the key path is 30001 levels deep; the Windows registry nests keys at most 512 levels deep/.test(e.message),
  );
  const lenient = toParseJson(parseRegistry(bytes, { file: 'deep.reg', lenient: true }));
  assert.deepEqual(lenient.keys.map((k) => k.path), [HKLM]);
  assert.deepEqual(lenient.warnings?.map((w) => w.line), [5, 6]);
  // 512 levels is allowed.
  const deepest = `HKEY_LOCAL_MACHINE${'\\a'.repeat(511)}`;
  assert.equal(parseRegistry(utf16(`${V5}\r\n[${deepest}]\r\n`), { file: 'ok.reg' }).keys[0].path, deepest);
  const query = Buffer.from(`\r\nHKEY_LOCAL_MACHINE${'\\a'.repeat(600)}\r\n    A    REG_DWORD    0x1\r\n`);
  assert.throws(() => parseRegistry(query, { file: 'q.txt' }), /line 2: the key path is 601 levels deep/);
});

test('a deep (512-level) key audits, with its ancestors built once', async () => {
  const path = join(dir, 'deep-main.reg');
  const deepest = `${HKLM}${'\\Level'.repeat(500)}`;
  writeFileSync(path, utf16(`${V5}\r\n\r\n[${HKLM}]\r\n\r\n[${HKLM}\\DB]\r\n"Port"=dword:00001569\r\n\r\n[${deepest}]\r\n"X"="1"\r\n`));
  const r = await runCli(['collect', path], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
});

test('-o (and --suggest-waivers) naming an input is refused with exit 2, and the input is left as it was', async (t) => {
  const work = join(dir, 'outputs');
  mkdirSync(work);
  copyFileSync(mainReg, join(work, 'main.reg'));
  copyFileSync(standbyReg, join(work, 'standby.reg'));
  cpSync(join(pairDir, 'main'), join(work, 'bundle'), { recursive: true });
  writeFileSync(join(work, 'waivers.yaml'), 'waivers: []\n');
  writeFileSync(join(work, 'fleet.yaml'), 'sites:\n  - name: S\n    pairs:\n      - name: p\n        servers: { main: main.reg, standby-a: standby.reg }\n');
  const result = await runCli(['audit', 'main.reg', 'standby.reg', '--format', 'json', '-o', 'result.json'], { cwd: work });
  assert.ok(existsSync(join(work, 'result.json')), `exit ${result.code}: ${result.stderr}`);
  let linked = false;
  if (process.platform !== 'win32') {
    symlinkSync(join(work, 'main.reg'), join(work, 'link.reg'));
    linked = true;
  }
  const cases: { args: string[]; file: string; message: RegExp }[] = [
    { args: ['parse', 'main.reg', '-o', 'main.reg'], file: 'main.reg', message: /^pairaudit: -o main\.reg: is an input; writing there would replace it; choose another file\n$/ },
    { args: ['parse', 'main.reg', '-o', `bundle${sep}..${sep}main.reg`], file: 'main.reg', message: /is the input main\.reg/ },
    ...(linked ? [{ args: ['parse', 'main.reg', '-o', 'link.reg'], file: 'main.reg', message: /-o link\.reg: is the input main\.reg/ }] : []),
    { args: ['collect', 'main.reg', 'standby.reg', '-o', 'standby.reg'], file: 'standby.reg', message: /-o standby\.reg: is an input/ },
    { args: ['collect', 'bundle', '-o', join('bundle', 'ClearSCADA.reg')], file: join('bundle', 'ClearSCADA.reg'), message: /is a file of the input bundle folder bundle/ },
    { args: ['audit', 'main.reg', 'standby.reg', '-f', 'json', '-o', 'standby.reg'], file: 'standby.reg', message: /-o standby\.reg: is an input/ },
    { args: ['check', 'main.reg', 'standby.reg', '--waivers', 'waivers.yaml', '-f', 'json', '-o', 'waivers.yaml'], file: 'waivers.yaml', message: /-o waivers\.yaml: is an input/ },
    { args: ['audit', 'main.reg', 'standby.reg', '--suggest-waivers', 'main.reg', '--force'], file: 'main.reg', message: /--suggest-waivers main\.reg: is an input/ },
    { args: ['fleet', 'fleet.yaml', '-f', 'json', '-o', 'standby.reg'], file: 'standby.reg', message: /-o standby\.reg: is the input .*standby\.reg/ },
    { args: ['fleet', 'fleet.yaml', '-f', 'json', '-o', 'fleet.yaml'], file: 'fleet.yaml', message: /-o fleet\.yaml: is the input/ },
    { args: ['report', 'result.json', '-o', 'result.json'], file: 'result.json', message: /-o result\.json: is an input/ },
  ];
  for (const c of cases) {
    await t.test(c.args.join(' '), async () => {
      const before = readFileSync(join(work, c.file));
      const r = await runCli(c.args, { cwd: work });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, c.message);
      assert.deepEqual(readFileSync(join(work, c.file)), before);
    });
  }
  await t.test('another existing file is overwritten as before', async () => {
    writeFileSync(join(work, 'out.json'), 'old');
    const r = await runCli(['parse', 'main.reg', '-o', 'out.json'], { cwd: work });
    assert.equal(r.code, 0, r.stderr);
    assert.notEqual(readFileSync(join(work, 'out.json'), 'utf8'), 'old');
  });
});

test('--suggest-waivers refuses an existing file unless --force', async () => {
  const work = join(dir, 'suggest');
  mkdirSync(work);
  const reviewed = 'waivers:\n  - ruleId: reviewed\n';
  writeFileSync(join(work, 'waivers.yaml'), reviewed);
  const args = ['audit', mainReg, driftStandby, '--format', 'json', '--suggest-waivers', 'waivers.yaml'];
  const refused = await runCli(args, { cwd: work });
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /^pairaudit: --suggest-waivers waivers\.yaml: the file exists and may hold reviewed waivers; give a new file name, or add --force to replace it\n$/);
  assert.equal(refused.stdout, '', 'nothing written');
  assert.equal(readFileSync(join(work, 'waivers.yaml'), 'utf8'), reviewed);
  const forced = await runCli([...args, '--force'], { cwd: work });
  assert.equal(forced.code, 1, forced.stderr);
  assert.notEqual(readFileSync(join(work, 'waivers.yaml'), 'utf8'), reviewed);
  const fresh = await runCli(['audit', mainReg, driftStandby, '--format', 'json', '--suggest-waivers', 'new.yaml'], { cwd: work });
  assert.equal(fresh.code, 1, fresh.stderr);
  assert.match(readFileSync(join(work, 'new.yaml'), 'utf8'), /ruleId/);
});
