// One set of conventions on every command that writes a report (audit, check, fleet, changes, report, verify, rules,
// profile check): the format rule, the summary line with -o, --quiet, --fail-on none, - as stdin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after } from 'node:test';
import { runCli, writeFleetInventory } from './cli-harness.js';
import { CHANGE_FORMATS, FLEET_FORMATS, FORMATS, formatExtensionsOf, type FormatName } from '../src/vocabulary.js';

const pair = (name: string): string[] => ['main', 'standby-a'].map((r) => resolve('fixtures', 'pairs', name, r));
const dir = mkdtempSync(join(tmpdir(), 'pairaudit-conventions-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const now = '2026-11-20T08:05:00Z';

// A store of two recorded servers (changes, verify), a one-pair inventory (fleet) and saved JSON results (report).
const env = { PAIRAUDIT_STORE: join(dir, 'store') };
for (const [server, role] of [[pair('drift-db-port')[0]!, 'main'], [pair('drift-db-port')[1]!, 'standby-a']]) {
  const r = await runCli(['record', server!, '--pair', 'North', '--role', role!], { cwd: dir, now, env });
  assert.equal(r.code, 0, r.stderr);
}
writeFleetInventory(dir, ['      - name: db-port', `        servers: { main: ${JSON.stringify(pair('drift-db-port')[0])}, standby-a: ${JSON.stringify(pair('drift-db-port')[1])} }`]);
for (const [args, file] of [[['audit', ...pair('drift-db-port')], 'audit.json'], [['fleet', 'fleet.yaml', '--jobs', '1'], 'fleet.json'], [['changes'], 'changes.json']] as const) {
  const r = await runCli([...args, '-o', file, '-q'], { cwd: dir, now, env });
  assert.ok(r.code <= 1 && r.stderr === '', r.stderr);
}

// Every command that writes a report follows the same rule. Each row: the command, its exit code, what its text
// starts with, its formats, and its summary line (before "; wrote FILE").
const drift = /^(DRIFT|NO-GO): \d+ failed, \d+ unknown, \d+ waived, \d+ passed$/;
const commands: { name: string; args: string[]; code: number; text: RegExp; formats: readonly FormatName[]; summary: RegExp }[] = [
  { name: 'audit', args: ['audit', ...pair('drift-db-port')], code: 1, text: /^DRIFT\n/, formats: FORMATS, summary: drift },
  { name: 'check', args: ['check', ...pair('drift-db-port')], code: 1, text: /^NO-GO/, formats: FORMATS, summary: drift },
  { name: 'fleet', args: ['fleet', 'fleet.yaml', '--jobs', '1'], code: 1, text: /^FLEET DRIFT/, formats: FLEET_FORMATS, summary: /^DRIFT: 1 pair, 1 drift, 0 incomplete, 0 in parity, 0 errors$/ },
  { name: 'changes', args: ['changes'], code: 0, text: /^Change record\n/, formats: CHANGE_FORMATS, summary: /^0 changes, 0 undocumented$/ },
  { name: 'report (audit)', args: ['report', 'audit.json'], code: 0, text: /^DRIFT\n/, formats: FORMATS, summary: drift },
  { name: 'report (fleet)', args: ['report', 'fleet.json'], code: 0, text: /^FLEET DRIFT/, formats: FLEET_FORMATS, summary: /^DRIFT: 1 pair, 1 drift/ },
  { name: 'report (change record)', args: ['report', 'changes.json'], code: 0, text: /^Change record\n/, formats: CHANGE_FORMATS, summary: /^0 changes, 0 undocumented$/ },
  { name: 'verify', args: ['verify'], code: 0, text: /^intact: 2 entries/, formats: ['text', 'json'], summary: /^intact: 2 entries$/ },
  { name: 'rules list', args: ['rules', 'list'], code: 0, text: /^db-port\s/m, formats: ['text', 'json'], summary: /^\d+ rules$/ },
  { name: 'rules show', args: ['rules', 'show', 'db-port'], code: 0, text: /^db-port\b/, formats: ['text', 'json'], summary: /^rule db-port$/ },
];

for (const c of commands) {
  test(`${c.name}: text unless -f or a known -o extension; unknown format or extension is exit 2 listing the valid ones`, async () => {
    const cli = (args: string[]) => runCli([...c.args, ...args], { cwd: dir, now, env });
    const piped = await cli([]);
    assert.equal(piped.code, c.code, piped.stderr);
    assert.match(piped.stdout, c.text, 'text also when piped');
    assert.equal(piped.stderr.replace(/^pairaudit: \d+\/\d+ pairs audited.*\n/gm, ''), '', 'no summary line without -o');

    const json = await cli(['-f', 'JSON']);
    assert.equal(json.code, c.code, json.stderr);
    assert.doesNotThrow(() => JSON.parse(json.stdout));

    const md = await cli(['-f', 'md']);
    if (c.formats.includes('markdown')) assert.match(md.stdout, /^#{1,2} /, 'md is markdown');
    else assert.match(md.stderr, new RegExp(`^pairaudit: --format "md" is not a format of this report; use one of ${c.formats.join(', ')} \\(txt is accepted too\\)\n$`));

    // -o: the format from the extension (an alias extension where there is one), the report in the file, one summary line.
    const out = `${c.name.replace(/\W+/g, '-')}.${c.formats.includes('html') ? 'htm' : 'json'}`;
    const file = await cli(['-o', out]);
    assert.equal(file.code, c.code, file.stderr);
    assert.equal(file.stdout, '');
    assert.match(readFileSync(join(dir, out), 'utf8'), c.formats.includes('html') ? /^<!DOCTYPE html>/ : /^\{/);
    const lines = file.stderr.trimEnd().split('\n');
    assert.ok(lines.slice(0, -1).every((l) => /^pairaudit: \d+\/\d+ pairs audited/.test(l)), file.stderr);
    const summary = lines.at(-1)!.match(/^pairaudit: (.*); wrote (.*)$/);
    assert.ok(summary, file.stderr);
    assert.match(summary[1]!, c.summary);
    assert.equal(summary[2], out);

    const quiet = await cli(['-o', `q-${out}`, '--quiet']);
    assert.equal(quiet.code, c.code);
    assert.equal(quiet.stderr, '', '--quiet: no summary, no progress');

    const extensions = formatExtensionsOf(c.formats).map((e) => e.replace('.', '\\.')).join(', ');
    for (const [args, message] of [
      [['-o', 'result.foo'], new RegExp(`^pairaudit: -o result\\.foo: "\\.foo" names no format of this report; use one of ${extensions}, or give --format \\(${c.formats.join(', ')}\\)\n$`)],
      [['-o', 'result'], new RegExp(`^pairaudit: -o result: no extension to tell the format by; name the file with one of ${extensions}, or give --format`)],
      [['-f', 'yml'], new RegExp(`^pairaudit: --format "yml" is not a format of this report; use one of ${c.formats.join(', ')} \\(`)],
    ] as [string[], RegExp][]) {
      const bad = await cli(args);
      assert.equal(bad.code, 2, args.join(' '));
      assert.match(bad.stderr, message);
      assert.equal(bad.stdout, '', 'nothing written on a usage error');
      assert.ok(!existsSync(join(dir, args[1]!)), 'no file written');
    }
  });
}

test('profile check: -f takes text and json (and their aliases); -o is its draft profile, so the format comes from -f only', async () => {
  const ok = await runCli(['profile', 'check', ...pair('healthy'), '-f', 'JSON'], { cwd: dir, now });
  assert.equal(ok.code, 0, ok.stderr);
  assert.doesNotThrow(() => JSON.parse(ok.stdout));
  const bad = await runCli(['profile', 'check', ...pair('healthy'), '-f', 'md'], { cwd: dir, now });
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr, 'pairaudit: --format "md" is not a format of this report; use one of text, json (txt is accepted too)\n');
});

test('parse and collect write JSON only: -o naming another format is exit 2 before any work; .json or any other name is the JSON', async () => {
  const [main] = pair('healthy');
  const reg = join(main!, 'ClearSCADA.reg');
  for (const [args, file, code] of [
    [['parse', reg], 'tree.html', 2],
    [['collect', main!], 'main.md', 2],
    [['collect', main!], 'main.pdf', 2],
    [['parse', reg], 'tree.json', 0],
    [['collect', main!], 'main.snapshot', 0],
  ] as [string[], string, number][]) {
    const r = await runCli([...args, '-o', file], { cwd: dir, now });
    assert.equal(r.code, code, `${args[0]} -o ${file}: ${r.stderr}`);
    if (code === 2) {
      assert.match(r.stderr, new RegExp(`^pairaudit: -o ${file.replace('.', '\\.')}: "\\.\\w+" names the \\w+ format, but this command writes JSON only; name the file with \\.json\n$`));
      assert.ok(!existsSync(join(dir, file)), 'nothing written');
    } else assert.doesNotThrow(() => JSON.parse(readFileSync(join(dir, file), 'utf8')));
  }
});

for (const c of [
  { name: 'audit', args: ['audit', ...pair('drift-db-port')], text: /^DRIFT\n/ },
  { name: 'fleet', args: ['fleet', 'fleet.yaml', '--jobs', '1', '-q'], text: /^FLEET DRIFT/ },
]) {
  test(`${c.name} --fail-on none: the report as usual, exit 0; an unknown level is exit 2`, async () => {
    const r = await runCli([...c.args, '--fail-on', 'none'], { cwd: dir, now, env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, c.text);
    const bad = await runCli([...c.args, '--fail-on', 'sometimes'], { cwd: dir, now, env });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /use blocker, warning, info or none/);
  });
}

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
