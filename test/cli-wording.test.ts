// Error wording that leads to the fix: a folder given to -o, a full disk, a file given as the store, a Windows path on Linux, a pair name with a space.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { runCli } from './cli-harness.js';
import { authorOf } from '../src/cli/commands/history.js';
import { fakeIO } from './cli-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'pairaudit-wording-'));
after(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(join(dir, 'reports'));
writeFileSync(join(dir, 'not-a-store'), 'hello\n');
mkdirSync(join(dir, 'store'));
const pair = ['main', 'standby-a'].map((r) => resolve('fixtures', 'pairs', 'healthy', r));

const cases: { name: string; args: string[]; message: RegExp; skip?: string }[] = [
  { name: '-o at a folder', args: ['audit', ...pair, '-f', 'html', '-o', 'reports'], message: /reports: a folder; give a file name inside it, e\.g\. -o .*reports.report\.html$/ },
  { name: '-o at a folder, the format JSON: the example is a JSON file', args: ['audit', ...pair, '-f', 'json', '-o', 'reports'], message: /reports: a folder; give a file name inside it, e\.g\. -o .*reports.report\.json$/ },
  { name: "collect's -o at a folder: the example is a snapshot", args: ['collect', pair[0]!, '-o', 'reports'], message: /reports: a folder; give a file name inside it, e\.g\. -o .*reports.snapshot\.json$/ },
  { name: '-o at a folder, by its trailing slash, without -f', args: ['audit', ...pair, '-o', 'reports/'], message: /-o reports\/: a folder; give a file name inside it, e\.g\. -o reports\/report\.html$/ },
  { name: '--store at a file', args: ['changes', '--store', 'not-a-store'], message: /not-a-store: is a file, not a store folder; check --store or PAIRAUDIT_STORE$/ },
  { name: 'a Windows path on Linux', args: ['audit', 'D:\\audit\\main', 'D:\\audit\\standby'], message: /no such file or folder; this is a Windows path and this machine is not Windows/, ...(sep === '\\' ? { skip: 'on Windows the path is a path' } : {}) },
  { name: '-o at a full device (a device is written to, not replaced)', args: ['audit', ...pair, '-f', 'json', '-o', '/dev/full'], message: /^pairaudit: \/dev\/full: cannot write output \(ENOSPC\); the disk is full/, ...(existsSync('/dev/full') ? {} : { skip: 'no /dev/full here' }) },
  // commander keeps the last of an option given twice: the first --config or --fail-on was dropped unseen.
  { name: '--config given twice', args: ['audit', ...pair, '--config', 'a.yaml', '--config', 'b.yaml'], message: /^pairaudit: --config is given twice; give it once/ },
  { name: '--fail-on given twice, once as -o-style =', args: ['audit', ...pair, '--fail-on', 'blocker', '--fail-on=none'], message: /^pairaudit: --fail-on is given twice/ },
  { name: '-o given twice (short and long)', args: ['fleet', 'x.yaml', '-o', 'a.json', '--output', 'b.json'], message: /^pairaudit: --output is given twice/ },
  { name: 'rules list --format twice', args: ['rules', 'list', '--format', 'json', '-f', 'text'], message: /^pairaudit: --format is given twice/ },
  { name: 'approve quotes the pair in its hint', args: ['approve', '--pair', 'North WTP/sample', '--store', 'store'], message: /`pairaudit record FILE --pair "North WTP\/sample" --role main`/ },
];

for (const c of cases) {
  test(`wording: ${c.name}`, { skip: c.skip ?? false }, async () => {
    // A store that holds another pair, so that approve reaches its hint.
    if (c.args[0] === 'approve') assert.equal((await runCli(['record', pair[0]!, '--pair', 'Other', '--role', 'main', '--store', 'store'], { cwd: dir })).code, 0);
    const r = await runCli(c.args, { cwd: dir });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr.trim(), c.message);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.doesNotMatch(r.stderr, /restore it from a backup|check the folder exists/);
  });
}

test('author: --author, else USERNAME / USER / LOGNAME, else the operating system user, never "unknown" on a normal machine', () => {
  const io = fakeIO({ cwd: dir, env: { USER: undefined, USERNAME: undefined, LOGNAME: undefined } });
  assert.equal(authorOf(io, 'j.smith'), 'j.smith');
  assert.equal(authorOf({ ...io, env: { USER: 'k.lee' } }), 'k.lee');
  assert.notEqual(authorOf(io), 'unknown');
  assert.ok(authorOf(io).length > 0);
});

test('wording: a repeatable option (--rules) may repeat, and a value that looks like an option is a value', async () => {
  const r = await runCli(['audit', ...pair, '--rules', 'none-1', '--rules', 'none-2'], { cwd: dir });
  assert.match(r.stderr, /none-1: cannot read the rule folder/);
  const n = await runCli(['audit', ...pair, '--note', '--config', '--config', 'missing.yaml'], { cwd: dir });
  assert.match(n.stderr, /missing\.yaml/);
});

test('wording: report and a --key given a FIFO are refused at once (they blocked), as every input', { skip: process.platform === 'win32' ? 'no mkfifo on Windows' : false }, async () => {
  const fifo = join(dir, 'result.json');
  execFileSync('mkfifo', [fifo]);
  const report = await runCli(['report', fifo], { cwd: dir });
  assert.equal(report.code, 2);
  assert.match(report.stderr, /result\.json: is a FIFO \(named pipe\), not a regular file/);
  const verify = await runCli(['verify', '--store', 'store', '--key', fifo], { cwd: dir });
  assert.equal(verify.code, 2);
  assert.match(verify.stderr, /result\.json: not a regular file; give the key file written by `pairaudit keygen`/);
});

