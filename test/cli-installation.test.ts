// An installation that lacks a file pairaudit ships with (package.json, the bundled profile, the bundled rule pack,
// the report templates: src/errors.ts InstallationError) stops with one line naming the file and exit code 70, never
// a stack trace, through the installed command (the one-file build) and through the modules; nothing is written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installedCopy, missing } from './prerequisites.js';

const scratch = mkdtempSync(join(tmpdir(), 'pairaudit-installation-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

const sample = join(import.meta.dirname, '..', 'fixtures', 'pairs', 'sample');
const pair = [join(sample, 'main'), join(sample, 'standby-a')];

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const cases: { without: string; command: string; args: (out: string) => string[]; file: string; oneOf?: boolean }[] = [
  { without: 'package.json', command: '--version', args: () => ['--version'], file: 'package.json' },
  { without: 'profiles', command: 'audit --format json', args: () => ['audit', ...pair, '--format', 'json'], file: join('profiles', 'geo-scada.json') },
  { without: 'rules', command: 'audit --format json', args: () => ['audit', ...pair, '--format', 'json'], file: join('rules', 'geo-scada') },
  { without: 'rules', command: 'rules list', args: () => ['rules', 'list'], file: join('rules', 'geo-scada') },
  // Which template is read first is the formatter's business: one of those under templates/.
  { without: 'templates', command: 'audit -o report.html', args: (out) => ['audit', ...pair, '-o', out], file: 'templates', oneOf: true },
];

for (const [i, c] of cases.entries()) {
  test(`an installation without ${c.without}: \`pairaudit ${c.command}\` names the file in one line, exit code 70`, { skip: missing('dist') || missing('fixtures') || (process.platform === 'win32' && 'symlinks need privileges on Windows') }, () => {
    const dir = join(scratch, `case-${i}`);
    mkdirSync(dir);
    installedCopy(dir, [c.without]);
    const out = join(dir, 'report.html');
    const file = join(dir, c.file);
    const expected = c.oneOf === true ? new RegExp(`^pairaudit: ${escaped(file)}[\\\\/][^\\n]+ cannot be read \\(ENOENT\\): the installation is incomplete; install pairaudit again\\n$`) : undefined;
    for (const script of [join(dir, 'dist', 'cli', 'launch.cjs'), join(dir, 'dist', 'cli', 'main.js')]) {
      const r = spawnSync(process.execPath, [script, ...c.args(out)], { encoding: 'utf8' });
      assert.equal(r.status, 70, `${script}: ${r.stderr}`);
      assert.equal(r.stdout, '', script);
      if (expected !== undefined) assert.match(r.stderr, expected, script);
      else assert.equal(r.stderr, `pairaudit: ${file} cannot be read (ENOENT): the installation is incomplete; install pairaudit again\n`, script);
      assert.equal(existsSync(out), false, `${script}: nothing written`);
    }
  });
}
