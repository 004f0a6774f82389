// `pairaudit collect` run in-process through run() with a fake CliIO: outputs, options and exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../src/cli/main.js';
import { warningLine, type CliIO, type InputKind } from '../src/cli/io.js';
import type { Snapshot } from '../src/types.js';
import { parseSnapshotJson, validateSnapshot } from '../src/snapshot/index.js';
import { repeatedJsonKey } from '../src/json-text.js';

const ROOT = join(import.meta.dirname, '..');
const PAIRS = join(ROOT, 'fixtures', 'pairs');

function fakeIO(opts: { env?: Record<string, string>; stdin?: Uint8Array; cwd?: string } = {}): CliIO & { out: string; err: string; readStdin?: () => Promise<Uint8Array> } {
  const io = {
    out: '',
    err: '',
    stdout(t: string | Uint8Array) {
      io.out += typeof t === 'string' ? t : Buffer.from(t).toString('utf8');
    },
    stderr(t: string) {
      io.err += t;
    },
    isTTY: false,
    env: opts.env ?? {},
    now: () => new Date('2026-11-25T12:00:00Z'),
    version: '9.9.9',
    cwd: opts.cwd ?? ROOT,
    exitCode: 0,
    ...(opts.stdin ? { readStdin: async () => opts.stdin as Uint8Array } : {}),
  };
  return io;
}

test('one bundle → one canonical snapshot on stdout, exit 0', async () => {
  const io = fakeIO();
  assert.equal(await run(['collect', 'fixtures/pairs/healthy/main'], io), 0);
  assert.equal(io.err, '');
  assert.ok(io.out.endsWith('}\n'));
  const s = validateSnapshot(JSON.parse(io.out), 'stdout');
  assert.equal(s.server.label, 'NORTH-A');
  assert.equal(s.server.role, 'main');
  assert.deepEqual(s.collected.collector, { name: 'pairaudit', version: '9.9.9' });
  assert.equal(s.collected.at, '2026-11-20T08:15:03.123Z');
  assert.ok(!io.out.includes('Pl@ntSecret-42'));
});

test('several inputs → a JSON array in argument order; -o writes the file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-collect-'));
  const io = fakeIO();
  const out = join(dir, 'pair.json');
  assert.equal(await run(['collect', 'fixtures/pairs/healthy/main', 'fixtures/pairs/healthy/standby-a', '-o', out], io), 0);
  assert.equal(io.out, '');
  const arr = JSON.parse(readFileSync(out, 'utf8')) as Snapshot[];
  assert.deepEqual(arr.map((s) => s.server.label), ['NORTH-A', 'NORTH-B']);
});

test('a registry export file, with --role, --label and --at; the output is byte-identical on a second run', async () => {
  const args = ['collect', join(PAIRS, 'healthy', 'standby-a', 'ClearSCADA.reg'), '--role', 'standby-a', '--label', 'B', '--at', '2026-11-24T08:00:00+01:00'];
  const a = fakeIO();
  const b = fakeIO();
  assert.equal(await run(args, a), 0);
  assert.equal(await run(args, b), 0);
  assert.equal(a.out, b.out);
  const s = parseSnapshotJson(a.out, 'stdout');
  assert.deepEqual([s.server.role, s.server.label, s.collected.at], ['standby-a', 'B', '2026-11-24T07:00:00.000Z']);
  assert.deepEqual(s.collected.sources.map((x) => x.file), ['ClearSCADA.reg']);
});

test('no --at and no bundle time: the collection time is unknown (absent), never the time of reading', async () => {
  const io = fakeIO();
  assert.equal(await run(['collect', join(PAIRS, 'healthy', 'main', 'ClearSCADA.reg')], io), 0);
  assert.equal((JSON.parse(io.out) as Snapshot).collected.at, undefined);
  const untimed = fakeIO();
  assert.equal(await run(['collect', 'fixtures/inputs/untimed/main'], untimed), 0);
  assert.equal((JSON.parse(untimed.out) as Snapshot).collected.at, undefined, 'a bundle.json with an empty collectedAt');
});

test('- reads standard input', async () => {
  const io = fakeIO({ stdin: readFileSync(join(PAIRS, 'named-instance', 'main', 'ClearSCADA.reg')) });
  assert.equal(await run(['collect', '-'], io), 0);
  const s = JSON.parse(io.out) as Snapshot;
  assert.equal(s.server.instance, 'Site2');
  assert.equal(s.collected.sources[0].file, '<stdin>');
});

test('the secret key: --secret-key-file, else PAIRAUDIT_SECRET_KEY, else the default; hashes differ by key', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-key-'));
  writeFileSync(join(dir, 'key'), 'site-key\r\n');
  const hmac = async (args: string[], env: Record<string, string> = {}): Promise<string> => {
    const io = fakeIO({ env });
    assert.equal(await run(['collect', join(PAIRS, 'healthy', 'main', 'ClearSCADA.reg'), ...args], io), 0, io.err);
    return (parseSnapshotJson(io.out, 'stdout').settings['drivers.PerfMon.settings.Password'].value as { hmac: string }).hmac;
  };
  const fromFile = await hmac(['--secret-key-file', join(dir, 'key')]);
  const fromEnv = await hmac([], { PAIRAUDIT_SECRET_KEY: 'site-key' });
  const dflt = await hmac([]);
  assert.equal(fromFile, fromEnv);
  assert.notEqual(fromFile, dflt);
  writeFileSync(join(dir, 'empty'), '\n');
  const io = fakeIO();
  assert.equal(await run(['collect', join(PAIRS, 'healthy', 'main'), '--secret-key-file', join(dir, 'empty')], io), 2);
  assert.match(io.err, /--secret-key-file .*empty: the file is empty/);
});

test('--profile: a corrected profile is used; a broken one is exit 2 naming the field', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-profile-'));
  const p = JSON.parse(readFileSync(join(ROOT, 'profiles', 'geo-scada.json'), 'utf8'));
  p.name = 'site-geo-scada';
  writeFileSync(join(dir, 'ok.json'), JSON.stringify(p));
  const ok = fakeIO();
  assert.equal(await run(['collect', 'fixtures/pairs/healthy/main', '--profile', join(dir, 'ok.json')], ok), 0);
  assert.equal((JSON.parse(ok.out) as Snapshot).collected.profile, 'site-geo-scada');
  p.mappings[0].type = 'integer';
  writeFileSync(join(dir, 'bad.json'), JSON.stringify(p));
  const bad = fakeIO();
  assert.equal(await run(['collect', 'fixtures/pairs/healthy/main', '--profile', join(dir, 'bad.json')], bad), 2);
  assert.match(bad.err, /^pairaudit: .*bad\.json: profile field "mappings\[0\]\.type": expected one of/);
});

test('the bundled profile writes no key twice (its check is skipped at run time)', () => {
  const text = readFileSync(join(ROOT, 'profiles', 'geo-scada.json'), 'utf8');
  assert.equal(repeatedJsonKey(text, JSON.parse(text)), undefined);
});

test('--profile: a key written twice in one object is exit 2 naming its line (JSON.parse would keep the last: a second secretContent list replaced the first)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-profile-'));
  const text = readFileSync(join(ROOT, 'profiles', 'geo-scada.json'), 'utf8').replace(/\n\}\s*$/, ',\n  "secretContent": []\n}\n');
  writeFileSync(join(dir, 'dup.json'), text);
  const io = fakeIO();
  assert.equal(await run(['collect', 'fixtures/pairs/healthy/main', '--profile', join(dir, 'dup.json')], io), 2);
  const line = text.split('\n').findIndex((l) => l.includes('"secretContent": []')) + 1;
  assert.equal(io.err, `pairaudit: ${join(dir, 'dup.json')}: line ${line}: the key "secretContent" is written twice in one object, and only the last would count; keep one\n`);
  assert.equal(io.out, '');
});

const FAILURES: [string, string[], RegExp][] = [
  ['missing input', ['collect', 'fixtures/pairs/nope'], /^pairaudit: fixtures\/pairs\/nope: no such file or folder/],
  ['malformed export', ['collect', 'fixtures/malformed/binary.reg'], /binary\.reg: /],
  ['empty export', ['collect', 'fixtures/malformed/empty.reg'], /empty\.reg: /],
  ['unknown role', ['collect', 'fixtures/pairs/healthy/main', '--role', 'primary'], /Allowed choices are main, standby-a/],
  ['--role with several inputs', ['collect', 'fixtures/pairs/healthy/main', 'fixtures/pairs/healthy/standby-a', '--role', 'main'], /--role and --label apply to one input/],
  ['bad --at', ['collect', 'fixtures/pairs/healthy/main/ClearSCADA.reg', '--at', 'noon'], /--at "noon" is not an ISO 8601 time/],
  ['bad --at, though the bundle records its own time', ['collect', 'fixtures/pairs/healthy/main', '--at', 'yesterday'], /--at "yesterday" is not an ISO 8601 time/],
  ['--at on a day November does not have', ['collect', 'fixtures/pairs/healthy/main/ClearSCADA.reg', '--at', '2026-11-31T08:20:00Z'], /--at "2026-11-31T08:20:00Z" is not an ISO 8601 time/],
  ['unknown instance', ['collect', 'fixtures/pairs/healthy/main', '--instance', 'Site9'], /no Geo SCADA instance "Site9"/],
  ['no input', ['collect'], /missing required argument/],
];

for (const [name, argv, message] of FAILURES) {
  test(`exit 2: ${name}`, async () => {
    const io = fakeIO();
    assert.equal(await run(argv, io), 2);
    assert.match(io.err, message);
    assert.ok(!io.err.includes('    at '), 'no stack trace');
    assert.equal(io.out, '');
  });
}

test('warnings go to stderr and into the snapshot; exit stays 0', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-warn-'));
  writeFileSync(join(dir, 'x.reg'), readFileSync(join(PAIRS, 'healthy', 'main', 'ClearSCADA.reg')));
  writeFileSync(join(dir, 'stray.log'), 'x');
  const io = fakeIO();
  assert.equal(await run(['collect', dir], io), 0);
  // The bundle's file joined to the folder as named: a path the user can open.
  assert.equal(io.err, `pairaudit: warning: ${join(dir, 'stray.log')}: not a bundle file; ignored\n`);
  assert.equal((JSON.parse(io.out) as Snapshot).warnings?.length, 1);
});

test('a warning of an export named as itself names the file once, then its line (UTF-16LE, CRLF, --lenient)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-warn-'));
  const file = join(dir, 'main.reg');
  const text = 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA]\r\n"InstallLocation"="C:\\\\GeoSCADA\\\\"\r\nnot a value line\r\n';
  writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
  const io = fakeIO();
  assert.equal(await run(['collect', file, '--lenient', '--at', '2026-01-01T00:00:00Z'], io), 0);
  assert.match(io.err, new RegExp(`^pairaudit: warning: ${file.replace(/[.\\/]/g, '\\$&')}: line 5: `));
  assert.equal(io.err.split('main.reg').length, 2, `the file named once: ${io.err}`);
});

/** warningLine: the file as the user can open it, once, whatever the input was. */
const WARNING_LINES: [name: string, input: string, kind: InputKind, file: string, line: number | undefined, expected: string][] = [
  ['an export named as itself', 'exports/main.reg', 'file', 'main.reg', 74, 'exports/main.reg: line 74'],
  ['an export in the working folder', 'main.reg', 'file', 'main.reg', 3, 'main.reg: line 3'],
  ['a Windows path to an export', 'C:\\exports\\main.reg', 'file', 'main.reg', 9, 'C:\\exports\\main.reg: line 9'],
  ['an export renamed since (the warning names it as collected)', 'exports/today.reg', 'file', 'main.reg', 4, 'exports/today.reg: line 4'],
  ['a bundle folder: its file joined to it', 'exports/site-a', 'folder', 'hosts', 2, `${join('exports/site-a', 'hosts')}: line 2`],
  ['a bundle folder, no line', 'exports/site-a', 'folder', 'stray.log', undefined, join('exports/site-a', 'stray.log')],
  ['a bundle folder named like its own file', 'exports/hosts', 'folder', 'hosts', 2, `${join('exports/hosts', 'hosts')}: line 2`],
  ['a folder whose name ends like its file is still joined', 'exports/xmain.reg', 'folder', 'main.reg', 1, `${join('exports/xmain.reg', 'main.reg')}: line 1`],
  ['standard input', '-', 'stdin', '<stdin>', 5, '<stdin>: line 5'],
  ['a warning naming a whole path', 'exports/site-a', 'folder', '/srv/exports/site-a/ClearSCADA.reg', 7, '/srv/exports/site-a/ClearSCADA.reg: line 7'],
];

for (const [name, input, kind, file, line, expected] of WARNING_LINES) {
  test(`warningLine: ${name}`, () => {
    assert.equal(warningLine(input, kind, { file, line, message: 'm' }), `pairaudit: warning: ${expected}: m\n`);
  });
}

test('a bundle folder named like its own stray file: the warning names the file inside it, not the folder', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'pairaudit-warn-')), 'stray.log');
  mkdirSync(dir);
  writeFileSync(join(dir, 'x.reg'), readFileSync(join(PAIRS, 'healthy', 'main', 'ClearSCADA.reg')));
  writeFileSync(join(dir, 'stray.log'), 'x');
  const io = fakeIO();
  assert.equal(await run(['collect', dir], io), 0);
  assert.equal(io.err, `pairaudit: warning: ${join(dir, 'stray.log')}: not a bundle file; ignored\n`);
});

test('a file holding a list of snapshots is refused with the way out; a missing path is named as typed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-list-'));
  const list = join(dir, 'pair.json');
  assert.equal(await run(['collect', 'fixtures/pairs/healthy/main', 'fixtures/pairs/healthy/standby-a', '-o', list], fakeIO()), 0);
  const io = fakeIO();
  assert.equal(await run(['collect', list], io), 2);
  assert.match(io.err, /pair\.json: holds a list of snapshots .*give each server its own snapshot file/);
  const missing = fakeIO();
  assert.equal(await run(['collect', 'no/such/bundle'], missing), 2);
  assert.equal(missing.err, 'pairaudit: no/such/bundle: no such file or folder; check the path\n');
});
