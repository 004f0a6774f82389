// The tool's version comes from package.json beside dist/ (src/cli/io.ts readToolVersion); an installation without a
// readable one stops with one line and exit code 70 (src/cli/main.ts), never a stack trace (through the installed
// command: test/cli-installation.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readToolVersion } from '../src/cli/io.js';
import { ExitCode, PairauditError } from '../src/errors.js';

const scratch = mkdtempSync(join(tmpdir(), 'pairaudit-version-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

/** A folder holding package.json with `text` (none when undefined). */
function packageDir(name: string, text: string | undefined): string {
  const dir = join(scratch, name);
  mkdirSync(dir);
  if (text !== undefined) writeFileSync(join(dir, 'package.json'), text);
  return dir;
}

const cases: { name: string; text: string | undefined; version?: string; error?: RegExp }[] = [
  { name: 'a version', text: '{"name":"pairaudit","version":"1.2.3"}', version: '1.2.3' },
  { name: 'no package.json', text: undefined, error: /package\.json cannot be read \(ENOENT\): the installation is incomplete; install pairaudit again$/ },
  { name: 'not JSON', text: '{"version":', error: /package\.json is not JSON: the installation is incomplete/ },
  { name: 'no version', text: '{"name":"pairaudit"}', error: /package\.json names no version/ },
  { name: 'a version that is not text', text: '{"version":1}', error: /package\.json names no version/ },
  { name: 'JSON that is not an object', text: '"1.2.3"', error: /package\.json names no version/ },
];

for (const [i, c] of cases.entries()) {
  test(`tool version: ${c.name}`, () => {
    const dir = packageDir(`case-${i}`, c.text);
    if (c.version !== undefined) {
      assert.equal(readToolVersion(dir), c.version);
      return;
    }
    assert.throws(
      () => readToolVersion(dir),
      (e: unknown) => e instanceof PairauditError && e.exitCode === ExitCode.INTERNAL && (c.error as RegExp).test(e.message),
    );
  });
}
