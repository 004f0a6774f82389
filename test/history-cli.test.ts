// The history commands end to end on fixture bundles: record, unchanged, approve, attribution of a real audit, errors.
import assert from 'node:assert/strict';
import { cpSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { attributeFindings, describeAttribution, openStore } from '../src/history/index.js';
import type { AuditResult } from '../src/types.js';
import { bundleCopy, repoRoot, runCli, tempDir, thisProcess } from './history-fixtures.js';

const pair = (name: string, role: string) => join(repoRoot, 'fixtures', 'pairs', name, role);

test('record fixture bundles, approve a baseline, and attribute the drift of a later audit', async () => {
  const t = tempDir();
  try {
    const env = { PAIRAUDIT_STORE: join(t.dir, 'hist'), USER: undefined, USERNAME: 'op1' };
    const run = (argv: string[], now: string) => runCli(argv, { cwd: t.dir, now, env });
    let r = await run(['record', pair('healthy', 'main'), '--server', 'SCADA-A', '--pair', 'North', '--role', 'main'], '2026-11-20T08:20:00Z');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^SCADA-A: first snapshot recorded \(entry 1, \d+ settings/);
    r = await run(['record', pair('healthy', 'standby-a'), '--server', 'SCADA-B', '--pair', 'North', '--role', 'standby-a'], '2026-11-20T08:20:00Z');
    assert.equal(r.code, 0, r.stderr);
    // The same export again: nothing changed, so it is journalled as checked.
    r = await run(['record', pair('healthy', 'standby-a'), '--server', 'scada-b'], '2026-11-20T08:21:00Z');
    assert.match(r.stdout, /^scada-b: unchanged since entry 2; journalled as checked \(entry 3\)/);
    r = await run(['approve', '--pair', 'North', '--ticket', 'CHG-1'], '2026-11-20T08:22:00Z');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /baseline of North approved \(entry 4\):\n {2}main: SCADA-A .*\(entry 1\)\n {2}standby-a: SCADA-B .*\(entry 2\)/);
    // Later the Standby drifts (the fixture's standby has another DB port).
    r = await run(['record', bundleCopy(t.dir, 'drift-b', pair('drift-db-port', 'standby-a'), '2026-11-20T08:30:00Z'), '--server', 'SCADA-B'], '2026-11-20T09:00:00Z');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /SCADA-B: \d+ change\(s\) recorded \(entry 5\)/);
    assert.match(r.stdout, /\[5\.\d+\] db\.port: 5481 → \d+/);

    const changes = await run(['changes', '--format', 'json', '--pair', 'north'], '2026-11-25T00:00:00Z');
    const view = JSON.parse(changes.stdout) as { changes: { setting: string; who: string; documented: boolean; firstSeen: string }[] };
    const port = view.changes.find((c) => c.setting === 'db.port');
    assert.ok(port, changes.stdout);
    assert.deepEqual([port.who, port.documented], ['op1', false]);

    // A real audit of the drifted pair, then attribution from the store.
    const audit = await run(['audit', pair('drift-db-port', 'main'), pair('drift-db-port', 'standby-a'), '--format', 'json'], '2026-11-25T00:00:00Z');
    assert.ok(audit.code === 1, audit.stderr);
    const result = JSON.parse(audit.stdout) as AuditResult;
    const attributed = attributeFindings(openStore(env.PAIRAUDIT_STORE, { process: thisProcess }), 'North', result);
    const dbPort = attributed.findings.find((f) => f.setting === 'db.port' && f.status === 'fail');
    assert.ok(dbPort, 'the audit finds the DB port drift');
    assert.equal(dbPort.attribution?.length, 1);
    const a = dbPort.attribution![0];
    assert.deepEqual([a.role, a.server, a.from, a.firstSeen, a.note], ['standby-a', 'SCADA-B', 5481, port.firstSeen, undefined]);
    assert.match(describeAttribution('db.port', a), /^standby-a \(SCADA-B\) changed db\.port 5481 → \d+, first seen \d{4}-\d\d-\d\d, no note$/);

    const unknown = await run(['changes', '--pair', 'South'], '2026-11-25T00:00:00Z');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /--pair "South": no such pair in the store; known pairs: North/);

    const verify = await run(['verify'], '2026-11-25T00:00:00Z');
    assert.equal(verify.code, 0);
    assert.match(verify.stdout, /^intact: 5 entries, 3 snapshot and 0 audit references checked/);
    assert.doesNotMatch(verify.stdout, /deep/);
    // --deep says what it checked beyond the plain verify (which hashes the stored files only).
    const deep = await run(['verify', '--deep'], '2026-11-25T00:00:00Z');
    assert.equal(deep.code, 0);
    assert.notEqual(deep.stdout, verify.stdout);
    assert.match(deep.stdout, /^deep: every stored snapshot \(3 references\) decompressed, parsed and re-hashed: each is the canonical JSON of its fingerprint$/m);
  } finally {
    t.cleanup();
  }
});

test('usage and store errors exit 2 with one line that says what to do', async () => {
  const t = tempDir();
  try {
    const store = join(t.dir, 'store');
    const cases: { argv: string[]; message: RegExp }[] = [
      { argv: ['changes', '--store', store], message: /no history store here; record a snapshot first/ },
      { argv: ['verify', '--store', store], message: /no history store here/ },
      { argv: ['record', join(pair('healthy', 'main'), 'ClearSCADA.reg'), '--store', store, '--pair', 'P', '--at', '2026-11-25T11:00:00Z'], message: /--pair needs --role/ },
      { argv: ['record', join(pair('healthy', 'main'), 'ClearSCADA.reg'), '--store', store], message: /ClearSCADA\.reg: collection time unknown: collect again with the collection script, or pass --at\n$/ },
      { argv: ['record', pair('healthy', 'main'), '--store', store, '--role', 'primary'], message: /--role "primary": expected one of main/ },
      { argv: ['record', join(t.dir, 'missing.reg'), '--store', store], message: /missing\.reg.*no such file/ },
      // No store by accident: only record (and --record) create one.
      { argv: ['approve', '--pair', 'P', '--store', store], message: /no history store here; record a snapshot first/ },
      { argv: ['note', '1', '--text', 'x', '--store', store], message: /no history store here; record a snapshot first/ },
      { argv: ['migrate', '--store', store], message: /no history store here; record a snapshot first/ },
      { argv: ['changes', '--store', store, '--format', 'junit'], message: /--format "junit" is not a format of this report; use one of text, json, markdown, html, pdf/ },
      { argv: ['record', pair('healthy', 'main'), '--store', repoRoot], message: /not a pairaudit history store \(no store\.json\) and not empty/ },
    ];
    for (const c of cases) {
      const r = await runCli(c.argv, { cwd: t.dir });
      assert.equal(r.code, 2, `${c.argv.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, c.message, c.argv.join(' '));
      assert.equal(r.stderr.trim().split('\n').length, 1, 'one line, no stack trace');
    }
    assert.equal(existsSync(join(repoRoot, 'lock')), false);
    assert.equal(existsSync(store), false, 'no command but record creates a store');
  } finally {
    t.cleanup();
  }
});

test('record warns of a bundle\'s stray file once, by the path the user can open, and records the rest', async () => {
  const t = tempDir();
  try {
    const bundle = join(t.dir, 'site-a');
    cpSync(pair('healthy', 'main'), bundle, { recursive: true });
    writeFileSync(join(bundle, 'stray.log'), 'x');
    const r = await runCli(['record', 'site-a', '--store', join(t.dir, 'store')], { cwd: t.dir, now: '2026-11-25T12:00:00Z' });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, `pairaudit: warning: ${join('site-a', 'stray.log')}: not a bundle file; ignored\n`);
    assert.ok(existsSync(join(t.dir, 'store', 'store.json')), 'the snapshot recorded');
  } finally {
    t.cleanup();
  }
});
