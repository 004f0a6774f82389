// One set of conventions on every reporting command: the format rule, the summary line with -o, --quiet, --fail-on none, - as stdin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after } from 'node:test';
import { runCli } from './cli-harness.js';

const pair = (name: string): string[] => ['main', 'standby-a'].map((r) => resolve('fixtures', 'pairs', name, r));
const dir = mkdtempSync(join(tmpdir(), 'pairaudit-conventions-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const now = '2026-11-20T08:05:00Z';

// Every command that writes a report follows the same rule; each row: command, extra args, exit code, what stdout / stderr / the file hold.
const commands: { name: string; args: string[]; code: number }[] = [
  { name: 'audit', args: ['audit', ...pair('drift-db-port')], code: 1 },
  { name: 'check', args: ['check', ...pair('drift-db-port')], code: 1 },
];

for (const c of commands) {
  test(`${c.name}: text unless -f or a known -o extension; unknown format or extension is exit 2 listing the valid ones`, async () => {
    const piped = await runCli(c.args, { cwd: dir, now });
    assert.equal(piped.code, c.code, piped.stderr);
    assert.match(piped.stdout, /^(DRIFT|NO-GO)/, 'text also when piped');
    assert.equal(piped.stderr, '', 'no summary line without -o');

    const json = await runCli([...c.args, '-f', 'json'], { cwd: dir, now });
    assert.equal((JSON.parse(json.stdout) as { kind: string }).kind, c.name);

    const md = await runCli([...c.args, '-f', 'md'], { cwd: dir, now });
    assert.match(md.stdout, /^## pairaudit /);

    const out = `${c.name}.htm`;
    const file = await runCli([...c.args, '-o', out], { cwd: dir, now });
    assert.equal(file.code, c.code);
    assert.equal(file.stdout, '');
    assert.match(readFileSync(join(dir, out), 'utf8'), /^<!DOCTYPE html>/);
    assert.match(file.stderr, new RegExp(`^pairaudit: (DRIFT|NO-GO): \\d+ failed, \\d+ unknown, \\d+ waived, \\d+ passed; wrote ${out}\\n$`));

    const quiet = await runCli([...c.args, '-o', `${c.name}-q.md`, '--quiet'], { cwd: dir, now });
    assert.equal(quiet.stderr, '');

    for (const [args, message] of [
      [['-o', 'result.foo'], /^pairaudit: -o result\.foo: "\.foo" names no format of this report; use one of \.txt, \.json, \.xml, \.md, \.markdown, \.html, \.htm, \.pdf, or give --format/],
      [['-o', 'result'], /^pairaudit: -o result: no extension to tell the format by/],
      [['-f', 'yml'], /^pairaudit: --format "yml" is not a format of this report; use one of text, json, junit, markdown, html, pdf/],
    ] as [string[], RegExp][]) {
      const bad = await runCli([...c.args, ...args], { cwd: dir, now });
      assert.equal(bad.code, 2, args.join(' '));
      assert.match(bad.stderr, message);
      assert.equal(bad.stderr.trim().split('\n').length, 1);
    }
  });
}

test('audit --fail-on none: the report as usual, exit 0; an unknown level is exit 2', async () => {
  const r = await runCli(['audit', ...pair('drift-db-port'), '--fail-on', 'none'], { cwd: dir, now });
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^DRIFT\n/);
  const bad = await runCli(['audit', ...pair('drift-db-port'), '--fail-on', 'sometimes'], { cwd: dir, now });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /use blocker, warning, info or none/);
});

test('audit: - reads one server from standard input', async () => {
  const [main, standby] = pair('drift-db-port');
  const stdin = readFileSync(join(standby!, 'ClearSCADA.reg'));
  const r = await runCli(['audit', main!, '-', '-f', 'json'], { cwd: dir, now, stdin });
  assert.equal(r.code, 1, r.stderr);
  const result = JSON.parse(r.stdout) as { servers: { role: string }[]; findings: { ruleId: string; status: string }[] };
  assert.deepEqual(result.servers.map((s) => s.role), ['main', 'standby-a']);
  assert.ok(result.findings.some((f) => f.ruleId === 'db-port' && f.status === 'fail'));
  const twice = await runCli(['audit', '-', '-'], { cwd: dir, now, stdin });
  assert.equal(twice.code, 2);
  assert.match(twice.stderr, /standard input \(-\) can be read only once/);
});

test('--color and --no-color override NO_COLOR and the terminal', async () => {
  const forced = await runCli(['audit', ...pair('drift-db-port'), '--color'], { cwd: dir, now, env: { NO_COLOR: '1' } });
  assert.ok(forced.stdout.includes('\u001b['), 'ANSI colour');
  const off = await runCli(['audit', ...pair('drift-db-port'), '--no-color'], { cwd: dir, now, isTTY: true, env: { NO_COLOR: undefined } });
  assert.ok(!off.stdout.includes('\u001b['), 'no ANSI colour');
});
