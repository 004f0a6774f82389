// Roles from evidence and inputs that cannot be right: swapped arguments, the same input twice, an unrelated export.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, writeFleetInventory } from './cli-harness.js';
import type { AuditResult } from '../src/types.js';
import type { FleetResult } from '../src/fleet/types.js';

const ROOT = join(import.meta.dirname, '..');
const now = '2026-11-25T12:00:00Z';
const P = (s: string) => `fixtures/pairs/${s}`;
const I = (s: string) => `fixtures/inputs/${s}`;
const run = (args: string[]) => runCli(args, { cwd: ROOT, now });

// [name, args, exit code, stderr pattern]
const ERRORS: [string, string[], number, RegExp][] = [
  [
    'audit, arguments swapped (Standby keeps 52 weeks, Main 156)',
    ['audit', P('drift-historic-retention/standby-a'), P('drift-historic-retention/main')],
    2,
    /^pairaudit: the order of the inputs contradicts the roles their evidence records \(fixtures\/pairs\/drift-historic-retention\/standby-a records standby-a, fixtures\/pairs\/drift-historic-retention\/main records main\): give the Main first, or set --roles to override\n$/,
  ],
  ['check, arguments swapped', ['check', P('drift-historic-retention/standby-a'), P('drift-historic-retention/main')], 2, /contradicts the roles their evidence records/],
  ['a bare export first, the Main bundle second', ['audit', I('bare/standby-a.reg'), P('healthy/main')], 2, /bare\/standby-a\.reg records no role, fixtures\/pairs\/healthy\/main records main\)/],
  ['triple, Main not first', ['audit', P('triple-standby/standby-b'), P('triple-standby/main'), P('triple-standby/standby-a')], 2, /contradicts the roles/],
  ['the same bundle twice', ['audit', P('healthy/main'), P('healthy/main')], 2, /^pairaudit: fixtures\/pairs\/healthy\/main and fixtures\/pairs\/healthy\/main are the same input \(the same evidence twice\)/],
  ['the same bare export twice, under two names', ['audit', I('bare/main.reg'), './' + I('bare/main.reg')], 2, /are the same input/],
  [
    'an unrelated export (HKCU Notepad) as the Main',
    ['audit', I('notepad.reg'), P('healthy/standby-a')],
    2,
    /^pairaudit: fixtures\/inputs\/notepad\.reg: holds no ClearSCADA key \(it holds HKEY_CURRENT_USER\\Software\\Microsoft\\Notepad\); export HKLM\\SOFTWARE\\Schneider Electric\\ClearSCADA/,
  ],
  ['an unrelated export as a Standby of check', ['check', P('healthy/main'), I('notepad.reg')], 2, /notepad\.reg: holds no ClearSCADA key/],
  ['two different bundles recording the same role', ['audit', P('healthy/main'), P('healthy/standby-a'), P('drift-db-port/standby-a')], 2, /healthy\/standby-a and fixtures\/pairs\/drift-db-port\/standby-a all record the role standby-a; collect again with the right -Role, or set --roles/],
  // drift-db-port differs on its Standby only: the two Main bundles are the same evidence.
  ['two scenario folders holding the same Main bundle', ['audit', P('healthy/main'), P('drift-db-port/main')], 2, /are the same input/],
];

for (const [name, args, code, pattern] of ERRORS) {
  test(`exit ${code}: ${name}`, async () => {
    const r = await run(args);
    assert.equal(r.code, code, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, pattern);
  });
}

const summary = (r: { stdout: string }) => {
  const a = JSON.parse(r.stdout) as AuditResult;
  return { verdict: a.verdict, servers: a.servers.map((s) => `${s.role}=${s.label}`), failed: a.findings.filter((f) => f.status === 'fail').map((f) => `${f.ruleId}:${f.setting}`) };
};

// Orders that must give the same result as the right one.
const SAME: [string, string[], string[]][] = [
  ['triple, Standbys in any order', [P('triple-standby/main'), P('triple-standby/standby-b'), P('triple-standby/standby-a')], [P('triple-standby/main'), P('triple-standby/standby-a'), P('triple-standby/standby-b')]],
  ['permanent standby before the Standby', [P('permanent-standby/main'), P('permanent-standby/permanent-a'), P('permanent-standby/standby-a')], [P('permanent-standby/main'), P('permanent-standby/standby-a'), P('permanent-standby/permanent-a')]],
  ['swapped, corrected with --roles', [P('drift-historic-retention/standby-a'), P('drift-historic-retention/main'), '--roles', 'standby-a,main'], [P('drift-historic-retention/main'), P('drift-historic-retention/standby-a')]],
  ['bundles without roles: by position', [I('no-role/main'), I('no-role/standby-a')], [P('healthy/main'), P('healthy/standby-a')]],
  ['bare exports: by position', [I('bare/main.reg'), I('bare/standby-a.reg')], [I('bare/main.reg'), I('bare/standby-a.reg'), '--roles', 'main,standby-a']],
];

for (const [name, args, right] of SAME) {
  test(`same result as the right order: ${name}`, async () => {
    const got = await run(['audit', ...args, '--format', 'json']);
    const want = await run(['audit', ...right, '--format', 'json']);
    assert.equal(got.stderr, '');
    const [g, w] = [summary(got), summary(want)];
    assert.deepEqual(g.servers.map((s) => s.split('=')[0]), w.servers.map((s) => s.split('=')[0]));
    assert.deepEqual({ ...g, servers: [] }, { ...w, servers: [] });
  });
}

test('swapped without --roles would have passed before: in the right order the retention drift is found', async () => {
  const r = await run(['audit', P('drift-historic-retention/main'), P('drift-historic-retention/standby-a'), '--format', 'json']);
  assert.equal(r.code, 1);
  assert.ok(summary(r).failed.some((f) => f.startsWith('historic-retention:')));
});

test('fleet: a pair given the same input twice, or an unrelated export, is an error row; the rest is audited', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-trust-inputs-'));
  const abs = (p: string) => JSON.stringify(join(ROOT, p));
  const inventory = writeFleetInventory(dir, [
    '      - name: twice',
    `        servers: { main: ${abs(P('healthy/main'))}, standby-a: ${abs(P('healthy/main'))} }`,
    '      - name: notepad',
    `        servers: { main: ${abs(P('healthy/main'))}, standby-a: ${abs(I('notepad.reg'))} }`,
    '      - name: healthy',
    `        servers: { main: ${abs(P('healthy/main'))}, standby-a: ${abs(P('healthy/standby-a'))} }`,
    '      - name: clash',
    // Another server's export as the Main (bare/main.reg is healthy/main's own export: the same evidence twice).
    `        servers: { main: ${abs(I('bare/standby-a.reg'))}, standby-a: ${abs(P('healthy/main'))} }`,
  ]);
  const r = await run(['fleet', inventory, '--format', 'json', '--jobs', '1']);
  const f = JSON.parse(r.stdout) as FleetResult;
  assert.equal(r.code, 2);
  assert.deepEqual(
    f.pairs.map((p) => [p.name, p.outcome]),
    [
      ['twice', 'error'],
      ['notepad', 'error'],
      ['healthy', 'in-parity'],
      ['clash', 'error'],
    ],
  );
  assert.match(f.pairs[0].error ?? '', /are the same input/);
  assert.match(f.pairs[1].error ?? '', /notepad\.reg: holds no ClearSCADA key/);
  assert.match(f.pairs[3].error ?? '', /^North\/clash: two servers would be main: .*bare\/standby-a\.reg \(the inventory says main\) and .*healthy\/main \(its evidence records main\)/);
});
