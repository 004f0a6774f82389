// Red team of the history: secret.key replaced (or the input hashed under another key) between two records. Secrets
// under two keys compare as unknown, so a rotated password was journalled as "unchanged" and no change record showed
// it, while verify said intact. Now record refuses (exit 2, nothing written) and verify names secret.key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SECRET_KEY_FILE } from '../src/history/secret-key.js';
import { runCli, tempDir } from './history-fixtures.js';

const ROOT = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA';

function writeExport(dir: string, name: string, pwd: string): string {
  const file = join(dir, name);
  writeFileSync(file, ['Windows Registry Editor Version 5.00', '', `[${ROOT}\\Server]`, '"Label"="NORTH-B"', '', `[${ROOT}\\DB]`, '"Port"=dword:00001569', `"Pwd"="${pwd}"`, ''].join('\r\n'));
  return file;
}

const OTHER_KEY = `${'ab'.repeat(32)}\n`;

interface Case {
  name: string;
  /** What happens to the store between the first two records (Hunter2-Old, then Hunter2-New) and the third (Hunter2-Newest). */
  tamper: (store: string, dir: string) => void;
  /** The third record: its exit code, and whether it shows the rotated password. */
  record: { code: number; stderr?: RegExp };
  verify: { code: number; stdout: RegExp };
}

const cases: Case[] = [
  {
    name: 'nothing changed: the rotation is a change, the store verifies',
    tamper: () => {},
    record: { code: 0 },
    verify: { code: 0, stdout: /^intact: 3 entries/ },
  },
  {
    name: 'secret.key replaced by another key: record refuses, verify names secret.key',
    tamper: (store) => writeFileSync(join(store, SECRET_KEY_FILE), OTHER_KEY),
    record: { code: 2, stderr: /NORTH-B's secrets are hashed under key [0-9a-f]{16}, but its previous snapshot's \(entry 2\) under [0-9a-f]{16}: the store's secret\.key was replaced, or the input was hashed under another key; a changed password would not show as a change\. Restore secret\.key from the store's backup .*nothing was written/ },
    verify: { code: 1, stdout: /^BROKEN at entry 3: secret\.key: holds key [0-9a-f]{16}, but the latest stored snapshot \(entry 2\) was hashed under [0-9a-f]{16}: secret\.key was replaced or restored from another store/ },
  },
  {
    name: 'secret.key kept out of the folder (git): verify has nothing to compare and passes; record stops as before',
    tamper: (store) => unlinkSync(join(store, SECRET_KEY_FILE)),
    record: { code: 2, stderr: /secret key \(secret\.key\) is missing/ },
    verify: { code: 0, stdout: /^intact: 2 entries/ },
  },
];

for (const c of cases) {
  test(`secret key red team: ${c.name}`, async () => {
    const t = tempDir();
    try {
      const store = join(t.dir, 'store');
      const rec = (file: string, at: string) => runCli(['record', file, '--server', 'NORTH-B', '--store', store, '--at', at], { cwd: t.dir, now: '2026-11-25T12:00:00Z' });
      assert.equal((await rec(writeExport(t.dir, 'b1.reg', 'Hunter2-Old'), '2026-11-20T08:00:00Z')).code, 0);
      assert.equal((await rec(writeExport(t.dir, 'b2.reg', 'Hunter2-New'), '2026-11-21T08:00:00Z')).code, 0);
      c.tamper(store, t.dir);
      const before = readdirSync(join(store, 'journal')).length;
      const third = await rec(writeExport(t.dir, 'b3.reg', 'Hunter2-Newest'), '2026-11-22T08:00:00Z');
      assert.equal(third.code, c.record.code, third.stderr);
      if (c.record.stderr) assert.match(third.stderr, c.record.stderr);
      if (third.code === 0) {
        assert.match(third.stdout, /reg:DB\\Pwd: set → set \(different\)/, 'the rotated password is a change');
      } else {
        assert.equal(readdirSync(join(store, 'journal')).length, before, 'nothing journalled');
        assert.doesNotMatch(third.stdout + third.stderr, /Hunter2|abab/, 'neither the password nor the key is shown');
      }
      const verify = await runCli(['verify', '--store', store], { cwd: t.dir });
      assert.equal(verify.code, c.verify.code, verify.stdout);
      assert.match(verify.stdout, c.verify.stdout);
      assert.doesNotMatch(verify.stdout, /abab/);
      if (c.verify.code === 1) {
        const json = JSON.parse((await runCli(['verify', '--store', store, '-f', 'json'], { cwd: t.dir })).stdout) as { problems: { file: string }[] };
        assert.deepEqual(json.problems.map((p) => p.file), [SECRET_KEY_FILE]);
        assert.equal(readFileSync(join(store, SECRET_KEY_FILE), 'utf8'), OTHER_KEY, 'verify changes nothing');
      }
    } finally {
      t.cleanup();
    }
  });
}
