// A check that needs a missing tool skips on a developer's machine and fails under CI=true (test/prerequisites.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

/** missing(need) in a process whose PATH holds no tool, as `{ code, out, err }`. */
function missingWithoutTools(need: string, ci: boolean): { code: number | null; out: string; err: string } {
  const script = `import { missing } from './test/prerequisites.ts'; console.log(JSON.stringify(missing(${JSON.stringify(need)})));`;
  const env: NodeJS.ProcessEnv = { PATH: join(root, 'no-such-folder') };
  if (ci) env.CI = 'true';
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, env, encoding: 'utf8' });
  return { code: r.status, out: r.stdout.trim(), err: r.stderr };
}

const cases = [
  { name: 'pdftotext missing, on a developer machine: skipped, saying what to install', need: 'pdftotext', ci: false, code: 0, out: /^"pdftotext is not installed \(apt-get install poppler-utils\); the check did not run"$/ },
  { name: 'pdftotext missing, under CI=true: the check fails', need: 'pdftotext', ci: true, code: 1, err: /pdftotext is not installed \(apt-get install poppler-utils\): CI \(CI=true\) must run this check/ },
  { name: 'util-linux script missing, under CI=true: the check fails', need: 'script', ci: true, code: 1, err: /`script` is not installed/ },
  { name: 'the generated fixtures are files, not tools: present whatever PATH holds', need: 'fixtures', ci: true, code: 0, out: /^false$/ },
];

for (const c of cases) {
  test(`prerequisites: ${c.name}`, () => {
    const r = missingWithoutTools(c.need, c.ci);
    assert.equal(r.code, c.code, r.err);
    if (c.out !== undefined) assert.match(r.out, c.out);
    if (c.err !== undefined) assert.match(r.err, c.err);
  });
}
