// The installed command's start (src/cli/launch.cts; built by src/build/bundle.ts and code-cache.ts): the one-file
// build runs with its V8 code cache and prints what the module build prints, byte for byte; a cache made from another
// bundle, a bundle older than the modules, or no bundle at all make it run the modules instead.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUNDLE_FILE, CACHE_FILE, V8_FLAGS, v8FlagsFor, WRAPPER_HEAD, WRAPPER_TAIL, cachedDataFor, chooseBuild, codeCacheFile, isStale } from '../src/cli/launch.cjs';
import { collectLeavingRoom } from '../src/cli/v8-flags.cjs';
import { LAZY_BUILTINS, lazyBuiltinSource, packageOf, relocateMetaUrl } from '../src/build/bundle.js';
import { bundleState, installedCopy as copyInstalled, missing } from './prerequisites.js';

const root = join(import.meta.dirname, '..');
const skip = missing('dist');

/** A new temporary folder, removed when the file's tests end (an installed copy holds ~6 MB). */
const made: string[] = [];
const tempDir = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
};
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const bundleA = Buffer.from('module.exports = 1;\n');
const bundleB = Buffer.from('module.exports = 2;\n'); // the same length: V8's own check would take A's cache
const data = Buffer.from('v8 cached data');
const good = codeCacheFile(bundleA, data);
/** `cache` with the byte at `at` (from the end when negative) changed. */
const damaged = (cache: Buffer, at: number) => {
  const copy = Buffer.from(cache);
  copy[at < 0 ? copy.length + at : at] ^= 0x20;
  return copy;
};

const cacheCases: { name: string; cache: Buffer | undefined; expected: Buffer | undefined }[] = [
  { name: 'made from this bundle: its data', cache: good, expected: data },
  { name: 'made from another bundle of the same length', cache: codeCacheFile(bundleB, data), expected: undefined },
  { name: "V8's data damaged (its last byte)", cache: damaged(good, -1), expected: undefined },
  { name: 'the digest damaged', cache: damaged(good, 30), expected: undefined },
  { name: 'another format (first byte changed)', cache: damaged(good, 0), expected: undefined },
  { name: 'no data after the digest', cache: good.subarray(0, good.length - data.length), expected: undefined },
  { name: 'cut short inside the digest', cache: good.subarray(0, 40), expected: undefined },
  { name: 'empty', cache: Buffer.alloc(0), expected: undefined },
  { name: 'no cache file', cache: undefined, expected: undefined },
];

for (const c of cacheCases) {
  test(`code cache: ${c.name}`, () => {
    assert.deepEqual(cachedDataFor(bundleA, c.cache), c.expected);
  });
}

const relocateCases: { name: string; source: string; file: string; expected: string }[] = [
  { name: 'a module beside the bundle', source: 'f(import.meta.url);', file: '/d/dist/cli/io.js', expected: 'f(__pairauditModuleUrl("io.js"));' },
  { name: 'a module in another folder', source: 'new URL("./x.json", import.meta.url)', file: '/d/dist/engine/load.js', expected: 'new URL("./x.json", __pairauditModuleUrl("../engine/load.js"))' },
  { name: 'every occurrence', source: 'a(import.meta.url); b(import.meta.url)', file: '/d/dist/vocabulary.js', expected: 'a(__pairauditModuleUrl("../vocabulary.js")); b(__pairauditModuleUrl("../vocabulary.js"))' },
  { name: 'import.meta.resolve left as it is', source: 'import.meta.resolve("tsx")', file: '/d/dist/threads.js', expected: 'import.meta.resolve("tsx")' },
  { name: 'a longer name left as it is', source: 'import.meta.urls', file: '/d/dist/a.js', expected: 'import.meta.urls' },
  { name: 'a require of its own URL is require', source: 'createRequire(import.meta.url)("commander")', file: '/d/dist/cli/main.js', expected: 'require("commander")' },
  { name: 'a require kept for later stays', source: 'const r = createRequire(import.meta.url);', file: '/d/dist/engine/y.js', expected: 'const r = createRequire(__pairauditModuleUrl("../engine/y.js"));' },
  { name: 'the #! line dropped', source: '#!/usr/bin/env node\nrun(import.meta.url);', file: '/d/dist/cli/main.js', expected: '\nrun(__pairauditModuleUrl("main.js"));' },
];

for (const c of relocateCases) {
  test(`bundle source: ${c.name}`, { skip: process.platform === 'win32' && 'POSIX paths in the table' }, () => {
    assert.equal(relocateMetaUrl(c.source, c.file, '/d/dist/cli'), c.expected);
  });
}

const packageCases = [
  { specifier: 'commander', name: 'commander' },
  { specifier: 'diff/libcjs/index.js', name: 'diff' },
  { specifier: '@scope/pkg/sub/x.js', name: '@scope/pkg' },
];

for (const c of packageCases) {
  test(`bundle: the package of ${c.specifier} is ${c.name}`, () => {
    assert.equal(packageOf(c.specifier), c.name);
  });
}

/** dist/cli/bundle.cjs and dist/tsconfig.tsbuildinfo with the given ages in seconds (undefined: no such file). */
function distWithAges(bundleAge: number, buildInfoAge: number | undefined): string {
  const dist = tempDir('pairaudit-stale-');
  const file = join(dist, 'cli', BUNDLE_FILE);
  mkdirSync(join(dist, 'cli'));
  writeFileSync(file, '// only the times are read');
  const now = Date.now() / 1000;
  utimesSync(file, now - bundleAge, now - bundleAge);
  if (buildInfoAge !== undefined) {
    writeFileSync(join(dist, 'tsconfig.tsbuildinfo'), '{}');
    utimesSync(join(dist, 'tsconfig.tsbuildinfo'), now - buildInfoAge, now - buildInfoAge);
  }
  return file;
}

const staleCases = [
  { name: 'tsc ran after the bundle was made', bundleAge: 60, buildInfoAge: 10, stale: true },
  { name: 'the bundle was made after tsc', bundleAge: 10, buildInfoAge: 60, stale: false },
  { name: 'no build-info file (an installed package)', bundleAge: 60, buildInfoAge: undefined, stale: false },
];

for (const c of staleCases) {
  test(`stale bundle: ${c.name}`, () => {
    assert.equal(isStale(distWithAges(c.bundleAge, c.buildInfoAge)), c.stale);
  });
}

const buildCases: { name: string; env: Record<string, string>; build: 'bundle' | 'modules' }[] = [
  { name: 'by default: the bundle', env: {}, build: 'bundle' },
  { name: 'PAIRAUDIT_NO_BUNDLE=1: the modules', env: { PAIRAUDIT_NO_BUNDLE: '1' }, build: 'modules' },
  { name: 'PAIRAUDIT_NO_BUNDLE set otherwise: the bundle', env: { PAIRAUDIT_NO_BUNDLE: '0' }, build: 'bundle' },
];

for (const c of buildCases) {
  test(`build chosen: ${c.name}`, () => {
    assert.equal(chooseBuild(c.env), c.build);
  });
}

const env = { ...process.env, NO_COLOR: '1', PAIRAUDIT_NOW: '2026-11-30T12:00:00Z', PAIRAUDIT_SECRET_KEY: '0123456789abcdef0123456789abcdef' };

function run(script: string, args: string[], extra: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8', env: { ...env, ...extra }, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const sample = join(root, 'fixtures', 'pairs', 'sample');
const pairs = join(root, 'fixtures', 'pairs');
/** A fleet of two pairs, one a triple: `fleet` reads it with yaml (a package left outside) on worker threads. */
const inventory = join(tempDir('pairaudit-launch-fleet-'), 'fleet.yaml');
writeFileSync(inventory, [
  'sites:',
  '  - name: North',
  '    pairs:',
  `      - name: db-port`,
  `        servers: { main: ${JSON.stringify(join(pairs, 'drift-db-port', 'main'))}, standby-a: ${JSON.stringify(join(pairs, 'drift-db-port', 'standby-a'))} }`,
  `      - name: triple`,
  `        servers: { main: ${JSON.stringify(join(pairs, 'triple-standby', 'main'))}, standby-a: ${JSON.stringify(join(pairs, 'triple-standby', 'standby-a'))}, standby-b: ${JSON.stringify(join(pairs, 'triple-standby', 'standby-b'))} }`,
].join('\n'));
const commandLines: { name: string; args: string[] }[] = [
  { name: 'audit of the sample pair, JSON', args: ['audit', join(sample, 'main'), join(sample, 'standby-a'), '--format', 'json'] },
  { name: 'audit of the sample pair, text', args: ['audit', join(sample, 'main'), join(sample, 'standby-a'), '--format', 'text'] },
  { name: 'audit of the sample pair, HTML', args: ['audit', join(sample, 'main'), join(sample, 'standby-a'), '--format', 'html'] },
  { name: 'audit of the sample pair on two worker threads', args: ['audit', join(sample, 'main'), join(sample, 'standby-a'), '--format', 'json', '--jobs', '2'] },
  { name: 'collect', args: ['collect', join(sample, 'main')] },
  { name: 'fleet on two worker threads, JSON', args: ['fleet', inventory, '--format', 'json', '--jobs', '2', '--quiet'] }, // quiet: the progress line says how long is left
  { name: 'rules list', args: ['rules', 'list'] },
  { name: '--version', args: ['--version'] },
  { name: '--help', args: ['--help'] },
  { name: 'a file that does not exist', args: ['audit', join(root, 'no-such-export.reg'), join(sample, 'standby-a')] },
  { name: 'a malformed export', args: ['parse', join(root, 'fixtures', 'malformed', 'invalid-hex.reg')] },
];

const launcher = join(root, 'dist', 'cli', 'launch.cjs');
const modules = join(root, 'dist', 'cli', 'main.js');

test('the build wrote a code cache that V8 takes', { skip }, () => {
  assert.equal(bundleState(join(root, 'dist', 'cli'), env), 'cached');
});

const flagCases: { v8: string; flags: readonly string[] }[] = [
  { v8: '11.3.244.8-node.17', flags: ['--no-turbo-inlining', '--semi-space-growth-factor=1'] },
  { v8: '12.4.254.21-node.33', flags: ['--no-turbo-inlining', '--semi-space-growth-factor=1'] },
  { v8: '13.6.233.10-node.18', flags: ['--no-turbo-inlining', '--semi-space-growth-factor=1'] },
  { v8: '10.2.154.26-node.26', flags: [] },
  { v8: '14.1.0', flags: [] },
  { v8: 'unknown', flags: [] },
];

for (const c of flagCases) {
  test(`V8 flags set on V8 ${c.v8}: ${c.flags.length === 0 ? 'none (not known to have them)' : c.flags.join(' ')}`, () => {
    assert.deepEqual(v8FlagsFor(c.v8), c.flags);
  });
}

test('the code cache was made under V8_FLAGS: V8 takes it with them set and refuses it without them', { skip }, () => {
  const dir = join(root, 'dist', 'cli');
  const taken = (useFlags: boolean): string => {
    const script = `const l = require(${JSON.stringify(join(dir, 'launch.cjs'))}); const { readFileSync } = require('node:fs'); const vm = require('node:vm');
const bytes = readFileSync(${JSON.stringify(join(dir, BUNDLE_FILE))});
const data = l.cachedDataFor(bytes, readFileSync(${JSON.stringify(join(dir, CACHE_FILE))}));
${useFlags ? 'l.useV8Flags();' : ''}
process.stdout.write(data === undefined ? 'no cache' : new vm.Script(bytes.toString('latin1'), { cachedData: data }).cachedDataRejected ? 'refused' : 'taken');`;
    return spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env }).stdout;
  };
  assert.deepEqual(V8_FLAGS, ['--no-turbo-inlining', '--semi-space-growth-factor=1']);
  assert.equal(taken(true), 'taken');
  // On a V8 not known to have the flags none are set, and the cache is the same either way.
  assert.equal(taken(false), v8FlagsFor(process.versions.v8).length > 0 ? 'refused' : 'taken');
});

/**
 * A release (a full collection after a large export) leaves the old generation room: V8 told to set its next limit at
 * three times what the collection keeps, then given back its own growth, whether the collection returns or throws;
 * on a V8 not known to have the flag, the collection alone.
 */
const roomCases: { v8: string; throws?: boolean; calls: string[] }[] = [
  { v8: '11.3.244.8-node.17', calls: ['--heap-growing-percent=200', 'collect', '--heap-growing-percent=0'] },
  { v8: '13.6.233.10-node.18', calls: ['--heap-growing-percent=200', 'collect', '--heap-growing-percent=0'] },
  { v8: '12.4.254.21-node.33', throws: true, calls: ['--heap-growing-percent=200', 'collect', '--heap-growing-percent=0'] },
  { v8: '14.1.0', calls: ['collect'] },
  { v8: 'unknown', throws: true, calls: ['collect'] },
];

for (const c of roomCases) {
  test(`a release leaves the old generation room on V8 ${c.v8}${c.throws === true ? ', the collection throwing' : ''}: ${c.calls.join(', ')}`, () => {
    const calls: string[] = [];
    const collect = (): void => {
      calls.push('collect');
      if (c.throws === true) throw new Error('collection failed');
    };
    const release = (): void => collectLeavingRoom(collect, c.v8, (flag) => calls.push(flag));
    if (c.throws === true) assert.throws(release, /collection failed/);
    else release();
    assert.deepEqual(calls, c.calls);
  });
}

/**
 * V8's young generation: kept at its first size once V8_FLAGS are set, growing again (as by default) when a PDF is
 * about to be rendered. Each case runs `setup` in a fresh process, allocates 300,000 objects that all live (as a
 * snapshot's settings do) and reads the size of V8's new space: 2 MB when kept small, 32 MB or more when grown.
 */
const youngGenerationCases: { name: string; setup: string; small: boolean }[] = [
  { name: 'V8 as it starts', setup: '', small: false },
  { name: 'V8_FLAGS set', setup: 'flags.useV8Flags();', small: true },
  { name: 'V8_FLAGS set, then an HTML report about to be rendered', setup: "flags.useV8Flags(); render.formatContext(io, 'html', false);", small: true },
  { name: 'V8_FLAGS set, then a PDF about to be rendered', setup: "flags.useV8Flags(); render.formatContext(io, 'pdf', false);", small: false },
];

for (const c of youngGenerationCases) {
  test(`the young generation ${c.small ? 'stays at its first size' : 'grows'} while what is allocated lives on: ${c.name}`, () => {
    const script = `import { createRequire } from 'node:module';
const flags = createRequire(import.meta.url)(${JSON.stringify(launcher)});
const render = await import(${JSON.stringify(pathToFileURL(join(root, 'dist', 'cli', 'render.js')).href)});
const io = { env: {}, isTTY: false, now: () => new Date(0) };
${c.setup}
const keep = []; for (let i = 0; i < 300000; i++) keep.push({ name: 'setting.' + i, value: i });
const s = (await import('node:v8')).getHeapSpaceStatistics().find((x) => x.space_name === 'new_space');
process.stdout.write(String(s.space_size / 1048576));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env });
    const mb = Number(r.stdout);
    assert.ok(Number.isFinite(mb) && mb > 0, r.stderr);
    // On a V8 not known to have the flags none are set: it grows as V8 grows it.
    const small = c.small && v8FlagsFor(process.versions.v8).length > 0;
    assert.ok(small ? mb <= 4 : mb > 4, `new space ${mb} MB`);
  });
}

for (const c of commandLines) {
  test(`the one-file build prints what the modules print: ${c.name}`, { skip }, () => {
    const expected = run(modules, c.args);
    assert.deepEqual(run(launcher, c.args), expected);
    assert.deepEqual(run(launcher, c.args, { PAIRAUDIT_NO_BUNDLE: '1' }), expected);
  });
}

test('the bundle is strict, ASCII, and names no path of the machine that built it', { skip }, () => {
  const bytes = readFileSync(join(root, 'dist', 'cli', BUNDLE_FILE));
  assert.equal(bytes.findIndex((b) => b > 0x7f), -1);
  const text = bytes.toString('latin1');
  // "use strict" counts only as the wrapper function's first statement (ES modules are strict; a script is not).
  assert.equal(text.slice(0, WRAPPER_HEAD.length), WRAPPER_HEAD);
  assert.match(WRAPPER_HEAD, /\{"use strict";$/);
  assert.equal(text.trimEnd().slice(-WRAPPER_TAIL.length), WRAPPER_TAIL);
  assert.equal(text.includes(root), false);
  // Nor its code cache (V8 keeps the script name it was made under: stack traces named the build's folder).
  assert.equal(readFileSync(join(root, 'dist', 'cli', CACHE_FILE)).includes(root), false);
});

test('a stack trace from the bundle names it as pairaudit/dist/cli/bundle.cjs, with the cache and without', { skip }, () => {
  const dir = join(root, 'dist', 'cli');
  for (const useCache of [true, false]) {
    const script = `const b = require(${JSON.stringify(join(dir, 'launch.cjs'))}).loadBundle(${JSON.stringify(dir)}, ${useCache});
b.exports.run(null).catch((e) => process.stdout.write(JSON.stringify({ cached: b.cached, frame: e.stack.split('\\n').find((l) => l.includes('bundle.cjs')) })));`;
    // A call the bundle fails on (no IO object): its error's first frame in the bundle.
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env });
    const { cached, frame } = JSON.parse(r.stdout) as { cached: boolean; frame: string };
    assert.equal(cached, useCache);
    assert.match(frame, /\(pairaudit\/dist\/cli\/bundle\.cjs:\d+:\d+\)$/);
  }
});

test('an audit through the bundle does not load child_process (commander requires it only to spawn subcommands)', { skip }, () => {
  const pair = join(root, 'fixtures', 'pairs', 'sample');
  const script = `const dir = ${JSON.stringify(join(root, 'dist', 'cli'))};
const { loadBundle } = require(dir + '/launch.cjs');
process.on('exit', () => require('node:fs').writeSync(2, JSON.stringify(process.moduleLoadList.filter((m) => /^NativeModule child_process$/.test(m)))));
loadBundle(dir).exports.main(['audit', ${JSON.stringify(join(pair, 'main'))}, ${JSON.stringify(join(pair, 'standby-a'))}, '--format', 'json', '-o', ${JSON.stringify(join(tempDir('pairaudit-lazy-'), 'r.json'))}]);`;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: root, env, encoding: 'utf8' });
  assert.equal(r.status, 1, r.stderr);
  // The last line of standard error: what was loaded (the old bundle listed 'NativeModule child_process').
  assert.deepEqual(JSON.parse(r.stderr.split('\n').at(-1) ?? ''), []);
});

test('lazy built-in: each function loads the module on its first call', () => {
  const source = lazyBuiltinSource('node:path', ['basename', 'extname']);
  const module = { exports: {} as { basename(p: string): string; extname(p: string): string } };
  const loads: string[] = [];
  const require = createRequire(import.meta.url);
  new Function('module', 'require', source)(module, (id: string) => (loads.push(id), require(id)));
  assert.deepEqual(loads, []);
  assert.equal(module.exports.basename('/a/b.reg'), 'b.reg');
  assert.equal(module.exports.extname('/a/b.reg'), '.reg');
  assert.deepEqual(loads, ['node:path']);
  assert.deepEqual([...LAZY_BUILTINS.keys()], ['commander']);
});

const installedCopy = (): string => copyInstalled(tempDir('pairaudit-installed-'));

test('an installed copy elsewhere runs its own bundle with its cache; a damaged or foreign cache is refused and the output stays', { skip: skip || (process.platform === 'win32' && 'symlinks need privileges on Windows') }, () => {
  const dir = installedCopy();
  const cli = join(dir, 'dist', 'cli');
  const args = commandLines[0].args;
  const expected = run(modules, args);
  assert.equal(bundleState(cli, env), 'cached');
  assert.deepEqual(run(join(cli, 'launch.cjs'), args), expected);
  // V8's data with bytes changed (V8 would take it and crash: it checks no sum), then another bundle's cache.
  const cache = readFileSync(join(cli, CACHE_FILE));
  for (let at = Math.floor(cache.length / 3); at < cache.length; at += 997) cache[at] ^= 0x5a;
  writeFileSync(join(cli, CACHE_FILE), cache);
  assert.equal(bundleState(cli, env), 'compiled');
  assert.deepEqual(run(join(cli, 'launch.cjs'), args), expected);
  writeFileSync(join(cli, CACHE_FILE), codeCacheFile(Buffer.from('another bundle'), cachedDataFor(readFileSync(join(root, 'dist', 'cli', BUNDLE_FILE), 'utf8'), readFileSync(join(root, 'dist', 'cli', CACHE_FILE)))!));
  assert.equal(bundleState(cli, env), 'compiled');
  const later = statSync(join(cli, BUNDLE_FILE)).mtimeMs / 1000 + 60;
  writeFileSync(join(dir, 'dist', 'tsconfig.tsbuildinfo'), '{}');
  utimesSync(join(dir, 'dist', 'tsconfig.tsbuildinfo'), later, later);
  assert.equal(bundleState(cli, env), 'modules');
  assert.deepEqual(run(join(cli, 'launch.cjs'), args), expected);
});

// Worker threads of the one-file build start it again (dist/cli/thread.cjs, with its code cache), not the modules
// it was made from: with the workers' modules gone from an installed copy the runs on two threads print the same.
test('worker threads of the one-file build run that build: an installed copy without the worker modules runs -j 2 the same', { skip: skip || (process.platform === 'win32' && 'symlinks need privileges on Windows') }, () => {
  const dir = installedCopy();
  for (const module of ['collect/parallel-worker.js', 'fleet/worker.js']) rmSync(join(dir, 'dist', ...module.split('/')));
  for (const c of commandLines.filter((l) => l.args.includes('--jobs'))) {
    const expected = run(modules, c.args);
    assert.equal(expected.status !== null && expected.status <= 1, true, expected.stderr);
    assert.deepEqual(run(join(dir, 'dist', 'cli', 'launch.cjs'), c.args), expected, c.name);
  }
});

test('a bundle cut short (a build still writing it) is not run: the modules are', { skip }, () => {
  const cli = join(installedCopy(), 'dist', 'cli');
  const bundle = readFileSync(join(cli, BUNDLE_FILE));
  writeFileSync(join(cli, BUNDLE_FILE), bundle.subarray(0, bundle.length >> 1));
  assert.equal(bundleState(cli, env), 'modules');
  assert.deepEqual(run(join(cli, 'launch.cjs'), commandLines[0].args), run(modules, commandLines[0].args));
});
