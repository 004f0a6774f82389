// `fleet --record` is all or nothing, as `audit --record` is: every pair's evidence is checked before anything is
// journalled, and when one pair's would be refused (forward-only evidence, a collection time ahead of the clock) the
// store is left as it was, the report is still written, and one line names that pair and why (exit 2).
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { runCli, writeFleetInventory } from './cli-harness.js';
import { bundleCopy, fixtureBundle } from './history-fixtures.js';

const NOW = '2026-11-25T12:00:00Z';
const COLLECTED = '2026-11-25T08:00:00Z';

/** Every file of a folder (relative path → bytes), to compare a store before and after. */
function filesOf(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p).toString('base64'));
    }
  };
  walk(dir);
  return out;
}

/** Bundles of the pair `name` (main, standby-a) collected at `at`; the inventory line that lists them. */
function pairLine(dir: string, name: string, fixture: string, at: string): string {
  const main = bundleCopy(dir, `${name}-main`, fixtureBundle(fixture, 'main'), at);
  const standby = bundleCopy(dir, `${name}-standby`, fixtureBundle(fixture, 'standby-a'), at);
  return `      - { name: ${name}, servers: { main: ${JSON.stringify(main)}, standby-a: ${JSON.stringify(standby)} } }`;
}

const cases: { name: string; third: (dir: string) => string; before: (dir: string, run: (argv: string[]) => ReturnType<typeof runCli>) => Promise<void>; refused: RegExp }[] = [
  {
    name: "forward-only evidence: the third pair's Main has a later snapshot in the store",
    third: (dir) => pairLine(dir, 'c', 'healthy', COLLECTED),
    before: async (dir, run) => {
      const later = bundleCopy(dir, 'later-main', fixtureBundle('healthy', 'main'), '2026-11-25T10:00:00Z');
      assert.equal((await run(['record', later, '--pair', 'North/c', '--role', 'main'])).code, 0);
    },
    refused: /^pairaudit: North\/c: not recorded in the history store: record: \S+ was collected at 2026-11-25T08:00:00(\.000)?Z, before its latest recorded snapshot \(collected 2026-11-25T10:00:00(\.000)?Z, entry \d+\).*; nothing was written for any pair of this run \(fleet --record records every pair or none\)$/,
  },
  {
    name: "a collection time three hours ahead of the clock in the third pair's bundles",
    third: (dir) => pairLine(dir, 'c', 'healthy', '2026-11-25T15:00:00Z'),
    before: async () => {},
    refused: /^pairaudit: North\/c: not recorded in the history store: record: \S+ was collected at 2026-11-25T15:00:00(\.000)?Z, 3 hours after this computer's time .*; nothing was written for any pair of this run \(fleet --record records every pair or none\)$/,
  },
];

for (const c of cases) {
  test(`fleet --record writes nothing when the third of three pairs is refused: ${c.name}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pairaudit-fleet-record-'));
    try {
      const run = (argv: string[]) => runCli([...argv, '--store', 'store'], { cwd: dir, now: NOW });
      // A store with history of its own (the first two pairs' earlier audits), so that "unchanged" means something.
      writeFleetInventory(dir, [pairLine(dir, 'a0', 'healthy', '2026-11-24T08:00:00Z').replace('name: a0', 'name: a'), pairLine(dir, 'b0', 'drift-db-port', '2026-11-24T08:00:00Z').replace('name: b0', 'name: b')]);
      assert.equal((await run(['fleet', 'fleet.yaml', '--jobs', '1', '--record'])).code, 1);
      await c.before(dir, run);
      const store = join(dir, 'store');
      const before = filesOf(store);

      writeFleetInventory(dir, [pairLine(dir, 'a', 'healthy', COLLECTED), pairLine(dir, 'b', 'drift-db-port', COLLECTED), c.third(dir)]);
      const r = await run(['fleet', 'fleet.yaml', '--jobs', '1', '--record', '-f', 'json']);
      assert.equal(r.code, 2, r.stderr);
      assert.deepEqual(filesOf(store), before, "the store's files are byte for byte as they were");
      assert.equal((JSON.parse(r.stdout) as { pairs: unknown[] }).pairs.length, 3, 'the report of every pair is written');
      const lines = r.stderr.split('\n').filter((l) => l.includes('not recorded'));
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0], c.refused);
      assert.doesNotMatch(r.stderr, /recorded \d+ audits?/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('fleet --record of three pairs that all pass journals what recording them one by one journals, byte for byte', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-fleet-record-'));
  try {
    const run = (store: string, argv: string[]) => runCli([...argv, '--store', store], { cwd: dir, now: NOW });
    const lines = [pairLine(dir, 'a', 'healthy', COLLECTED), pairLine(dir, 'b', 'drift-db-port', COLLECTED), pairLine(dir, 'c', 'healthy', COLLECTED)];
    // Both stores start from the same store (the same secret key, so that secrets hash alike): one earlier record.
    assert.equal((await run('together', ['record', bundleCopy(dir, 'early', fixtureBundle('healthy', 'main'), '2026-11-24T08:00:00Z'), '--pair', 'North/a', '--role', 'main'])).code, 0);
    cpSync(join(dir, 'together'), join(dir, 'one-by-one'), { recursive: true });
    for (const line of lines) {
      writeFleetInventory(dir, [line]);
      const r = await run('one-by-one', ['fleet', 'fleet.yaml', '--jobs', '1', '--record']);
      assert.ok([0, 1].includes(r.code), r.stderr);
    }
    writeFleetInventory(dir, lines);
    const r = await run('together', ['fleet', 'fleet.yaml', '--jobs', '1', '--record']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /recorded 3 audits in the history store/);
    const together = filesOf(join(dir, 'together'));
    const oneByOne = filesOf(join(dir, 'one-by-one'));
    assert.equal(together.size, oneByOne.size);
    assert.ok([...together.keys()].filter((k) => k.startsWith('journal')).length === 1 + 3 * 3, [...together.keys()].join(' '));
    assert.deepEqual(together, oneByOne);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
