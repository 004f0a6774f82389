// A fleet names the files of its inventory as the inventory writes them: a pair's error about its rule folder, config,
// waiver or profile file named it by its resolved (absolute) path, so the same inventory elsewhere gave other reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FleetResult } from '../src/fleet/types.js';
import { runCli } from './cli-harness.js';
import { tempDir } from './history-fixtures.js';
import { missing } from './prerequisites.js';

const skip = missing('fixtures');
const healthy = 'servers: { main: pairs/healthy/main, standby-a: pairs/healthy/standby-a }';

/** Each pair's option, and what its error row says (the file as written, then why). */
const CASES: { pair: string; option: string; error: RegExp }[] = [
  { pair: 'waivers-syntax', option: 'waivers: conf/bad-waivers.yaml', error: /^conf\/bad-waivers\.yaml: line 2: .*fix the YAML\/JSON syntax$/ },
  { pair: 'waivers-missing', option: 'waivers: conf/no-such-waivers.yaml', error: /^conf\/no-such-waivers\.yaml: cannot read/ },
  { pair: 'config-field', option: 'config: conf/bad-config.yaml', error: /^conf\/bad-config\.yaml: line 1: config: unknown field `rules`/ },
  { pair: 'profile-empty', option: 'profile: conf/bad-profile.json', error: /^conf\/bad-profile\.json: profile field "name"/ },
  { pair: 'rules-missing', option: 'rules: conf/no-such-pack', error: /^conf\/no-such-pack: cannot read the rule folder/ },
  { pair: 'rules-bad-rule', option: 'rules: [conf/pack]', error: /^conf\/pack\/bad-rule\.json: / },
  { pair: 'windows-path', option: "waivers: 'conf\\bad-waivers.yaml'", error: /^conf\\bad-waivers\.yaml: line 2: / },
];

/** The fleet folder: the healthy pair, broken option files, an inventory naming them relative to itself. */
function fleetFolder(dir: string): void {
  cpSync('fixtures/pairs/healthy', join(dir, 'pairs', 'healthy'), { recursive: true });
  mkdirSync(join(dir, 'conf', 'pack'), { recursive: true });
  writeFileSync(join(dir, 'conf', 'bad-waivers.yaml'), '- ruleId: [db-port\n');
  writeFileSync(join(dir, 'conf', 'bad-config.yaml'), 'rules: { db-port: off }\n');
  writeFileSync(join(dir, 'conf', 'bad-profile.json'), '{}\n');
  writeFileSync(join(dir, 'conf', 'pack', 'bad-rule.json'), '{ "id": "bad-rule" }\n');
  const pairs = CASES.map((c) => `      - { name: ${c.pair}, ${c.option}, ${healthy} }`);
  writeFileSync(join(dir, 'fleet.yaml'), ['sites:', '  - name: North', '    pairs:', `      - { name: fine, ${healthy} }`, ...pairs].join('\n'));
}

async function reports(prefix: string): Promise<{ dir: string; text: string; json: string; cleanup: () => void }> {
  const { dir, cleanup } = tempDir(prefix);
  fleetFolder(dir);
  const options = { cwd: dir, now: '2026-11-20T08:20:00Z', env: { PAIRAUDIT_SECRET_KEY: 'fleet-paths' } };
  const text = await runCli(['fleet', 'fleet.yaml', '--jobs', '1'], options);
  const json = await runCli(['fleet', 'fleet.yaml', '-f', 'json', '--jobs', '1'], options);
  assert.equal(json.code, 2, json.stderr);
  return { dir, text: text.stdout, json: json.stdout, cleanup };
}

test('fleet: a pair\'s error names its rule folder, config, waiver and profile file as the inventory writes them', { skip }, async (t) => {
  const r = await reports('pairaudit-fleet-paths-');
  t.after(r.cleanup);
  const byName = new Map((JSON.parse(r.json) as FleetResult).pairs.map((p) => [p.name, p]));
  assert.equal(byName.get('fine')?.outcome, 'in-parity');
  for (const c of CASES) {
    const pair = byName.get(c.pair);
    assert.equal(pair?.outcome, 'error', c.pair);
    assert.match(pair.error ?? '', c.error, c.pair);
  }
  assert.ok(!r.text.includes(r.dir) && !r.json.includes(r.dir), 'no report names the folder the inventory is in');
});

test('fleet: the same inventory in two folders (of other lengths) gives the same text and JSON reports, byte for byte', { skip }, async (t) => {
  const a = await reports('pairaudit-fleet-paths-');
  t.after(a.cleanup);
  const b = await reports('pairaudit-fleet-paths-in-a-folder-of-a-longer-name-');
  t.after(b.cleanup);
  assert.equal(a.text, b.text);
  assert.equal(a.json, b.json);
});
