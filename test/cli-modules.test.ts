// What a run loads (issue #13: most of a short run's time is loading and compiling modules). The built bin, traced
// through a module hook, loads the command it runs and not the other commands, nor the engine's, collect's or
// snapshot's index (each loads its whole folder), nor a formatter, the history store or node:worker_threads it
// does not use, nor commander's ES module wrapper (commander is required as the CommonJS package it is).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { missing } from './prerequisites.js';

const root = join(import.meta.dirname, '..');
const distUrl = pathToFileURL(join(root, 'dist')).href;
const skip = missing('dist');

/** What the built bin imports for `args`: paths under dist/, `node:` builtins and package files (node_modules/…). */
function loaded(args: string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-modules-'));
  const log = join(dir, 'loaded.txt');
  writeFileSync(log, '');
  const hooks = join(dir, 'hooks.mjs');
  writeFileSync(hooks, `import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) {\n  appendFileSync(${JSON.stringify(log)}, url + '\\n');\n  return next(url, context);\n}\n`);
  const register = join(dir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(register).href, join(root, 'dist', 'cli', 'main.js'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter((u) => u !== '')
    .map((u) => (u.startsWith(`${distUrl}/`) ? u.slice(distUrl.length + 1) : u.replace(/^.*\/node_modules\//, 'node_modules/')));
}

const sample = ['fixtures/pairs/sample/main', 'fixtures/pairs/sample/standby-a'];

test('audit -f json of a pair loads audit alone of the commands, no folder index, formatter or store it does not use', { skip }, () => {
  const modules = loaded(['audit', ...sample, '-f', 'json']);
  // The trace sees the run's modules (a trace that saw nothing would pass every check below).
  for (const m of ['cli/main.js', 'cli/commands/audit.js', 'engine/load.js', 'engine/audit.js', 'collect/server.js', 'report/json.js']) assert.ok(modules.includes(m), `${m} not loaded`);
  assert.deepEqual(modules.filter((m) => m.startsWith('cli/commands/')).sort(), ['cli/commands/audit.js', 'cli/commands/history.js', 'cli/commands/index.js']);
  const unwanted = ['engine/index.js', 'collect/index.js', 'snapshot/index.js', 'history/index.js', 'report/text.js', 'report/html/index.js', 'report/pdf/index.js', 'engine/rule-tester.js', 'node:worker_threads', 'node_modules/commander/esm.mjs'];
  assert.deepEqual(modules.filter((m) => unwanted.includes(m)), []);
});

test('audit of two .reg exports loads no bundle reader or evidence parser (a bundle folder loads them)', { skip }, () => {
  const exports = loaded(['audit', ...sample.map((d) => `${d}/ClearSCADA.reg`), '-f', 'json']);
  assert.ok(exports.includes('collect/server.js'), 'collect/server.js not loaded');
  assert.deepEqual(exports.filter((m) => m === 'collect/bundle.js' || m.startsWith('collect/evidence/')), []);
  // The same pair as bundle folders reads its evidence through them: the check above is not vacuous.
  const bundles = loaded(['audit', ...sample, '-f', 'json']);
  assert.ok(bundles.includes('collect/bundle.js') && bundles.some((m) => m.startsWith('collect/evidence/')));
});

test('--version loads no command', { skip }, () => {
  const modules = loaded(['--version']);
  assert.ok(modules.includes('cli/main.js'));
  assert.deepEqual(modules.filter((m) => m.startsWith('cli/commands/') && m !== 'cli/commands/index.js'), []);
});
