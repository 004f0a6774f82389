// An error found while building a server's snapshot names the input as given (every bundle holds a ClearSCADA.reg),
// and an instance that came from bundle.json is said to come from there, not from --instance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './cli-harness.js';
import { tempDir } from './history-fixtures.js';

const ROOT = join(import.meta.dirname, '..');
const PAIRS = join(ROOT, 'fixtures', 'pairs');
const NOTEPAD = join(ROOT, 'fixtures', 'inputs', 'notepad.reg');

/** Sets `field` of a bundle's bundle.json. */
function setManifest(bundle: string, field: string, value: string): void {
  const file = join(bundle, 'bundle.json');
  const m = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as Record<string, unknown>;
  writeFileSync(file, JSON.stringify({ ...m, [field]: value }));
}

const CASES: { name: string; setup: (dir: string) => void; args: string[]; line: (dir: string) => string }[] = [
  {
    name: 'an instance bundle.json records that the export lacks',
    setup: (dir) => setManifest(join(dir, 'p', 'standby-a'), 'instance', 'Site2'),
    args: ['audit', 'p/main', 'p/standby-a'],
    line: () => `pairaudit: ${join('p', 'standby-a', 'ClearSCADA.reg')}: no Geo SCADA instance "Site2" in the export (found: (default)); the instance is the one bundle.json records: check that the export is of that instance, or give --instance`,
  },
  {
    name: 'an instance --instance names that the export lacks',
    setup: () => undefined,
    args: ['collect', 'p/main', '--instance', 'Site3'],
    line: () => `pairaudit: ${join('p', 'main', 'ClearSCADA.reg')}: no Geo SCADA instance "Site3" in the export (found: (default)); check --instance`,
  },
  {
    name: "a bundle's ClearSCADA.reg that holds no ClearSCADA key",
    setup: (dir) => copyFileSync(NOTEPAD, join(dir, 'p', 'standby-a', 'ClearSCADA.reg')),
    args: ['audit', 'p/main', 'p/standby-a'],
    line: () => `pairaudit: ${join('p', 'standby-a', 'ClearSCADA.reg')}: holds no ClearSCADA key (it holds HKEY_CURRENT_USER\\Software\\Microsoft\\Notepad); export HKLM\\SOFTWARE\\Schneider Electric\\ClearSCADA (or ClearSCADA-<instance>) with the collection script, or check that this is the right file`,
  },
];
for (const c of CASES) {
  test(`an error building a snapshot names the input as given: ${c.name}`, async () => {
    const t = tempDir('pairaudit-names-');
    try {
      cpSync(join(PAIRS, 'healthy'), join(t.dir, 'p'), { recursive: true });
      c.setup(t.dir);
      const r = await runCli(c.args, { cwd: t.dir, now: '2026-11-20T09:20:00Z' });
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.equal(r.stderr.trim(), c.line(t.dir));
    } finally {
      t.cleanup();
    }
  });
}
