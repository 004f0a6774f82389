// A snapshot JSON's collection time must say its zone: without one, JavaScript reads it in the machine's local
// zone, so the same file would be another moment (and another order of evidence) on a machine elsewhere.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeSnapshot, repoRoot, runCli, tempDir, writeSnapshotFile } from './history-fixtures.js';

/** Reads each file with validateSnapshot in a child process whose TZ is `tz`: the time it means, or the error. */
function readUnder(tz: string, files: string[]): string[] {
  const script = [
    `import { readFileSync } from 'node:fs';`,
    `import { parseSnapshotJson } from ${JSON.stringify(join(repoRoot, 'src', 'snapshot', 'validate.ts'))};`,
    `const out = ${JSON.stringify(files)}.map((f) => { try { return new Date(parseSnapshotJson(readFileSync(f, 'utf8'), f).collected.at).toISOString(); } catch (e) { return e.message; } });`,
    `process.stdout.write(JSON.stringify(out));`,
  ].join('\n');
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, TZ: tz } });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as string[];
}

test('collected.at without a zone is refused, naming the file and the field, under every TZ; with a zone it means one moment everywhere', async () => {
  const t = tempDir();
  try {
    const cases = [
      { at: '2026-11-21T10:00:00', refused: true },
      { at: '2026-11-21T10:00:00.123', refused: true },
      { at: '2026-11-21T10:00', refused: true },
      { at: '2026-11-21T10:00:00Z', refused: false, means: '2026-11-21T10:00:00.000Z' },
      { at: '2026-11-21T10:00:00+01:00', refused: false, means: '2026-11-21T09:00:00.000Z' },
      { at: '2026-11-21T10:00:00.000-05:00', refused: false, means: '2026-11-21T15:00:00.000Z' },
    ];
    const files = cases.map((c, i) => writeSnapshotFile(t.dir, `s${i}.json`, makeSnapshot('NORTH-A', c.at, { 'db.port': 5481 })));
    const utc = readUnder('UTC', files);
    const tokyo = readUnder('Asia/Tokyo', files);
    assert.deepEqual(tokyo, utc, 'the machine\'s zone changes nothing');
    cases.forEach((c, i) => {
      if (c.refused) assert.match(utc[i], new RegExp(`^${files[i].replace(/[.\\/]/g, '\\$&')}: snapshot field "collected\\.at": "${c.at.replace(/\./g, '\\.')}" has no time zone \\(Z or ±hh:mm\\)`), c.at);
      else assert.equal(utc[i], c.means, c.at);
    });

    // Through the CLI: exit 2, one line naming the file and the field; no store is created.
    const store = join(t.dir, 'store');
    const r = await runCli(['record', files[0], '--store', store], { cwd: t.dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^pairaudit: .*s0\.json: snapshot field "collected\.at": "2026-11-21T10:00:00" has no time zone \(Z or ±hh:mm\), so its moment depends on the zone of the machine that reads it; add the zone of the server that collected it, e\.g\. "2026-11-21T10:00:00Z" for UTC; [^\n]*\n$/);
    assert.equal(existsSync(store), false);
  } finally {
    t.cleanup();
  }
});
