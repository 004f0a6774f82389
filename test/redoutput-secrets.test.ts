// Red team of the outputs: a password inside a registry key name or value name (a connection string used as a name)
// must not reach any report. It does: the name is the setting's name, kept whole from the snapshot on (every format,
// JSON too, and the history store), so the fix belongs where names are read (src/snapshot), not in one format.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli-harness.js';
import { plantedSecret } from './report-fixture.js';

const ROOT = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA';
const connection = `Server=db;User Id=sa;Password=${plantedSecret};`;
const reg = (tag: string, lines: string[]): Buffer =>
  Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(['Windows Registry Editor Version 5.00', '', `[${ROOT}]`, '"Version"="6.84"', '', ...lines, `"Tag"="${tag}"`, ''].join('\r\n'), 'utf16le')]);

const CASES: { name: string; lines: string[] }[] = [
  { name: 'a key name', lines: [`[${ROOT}\\Creds ${connection}]`, '"v"="1"'] },
  { name: 'a value name', lines: [`[${ROOT}\\Creds]`, `"${connection}"="1"`] },
];

for (const c of CASES)
  for (const format of ['text', 'json'])
    test(`${format}: a password in ${c.name} reaches no report`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'pairaudit-secret-name-'));
      try {
        writeFileSync(join(dir, 'a.reg'), reg('A', c.lines));
        writeFileSync(join(dir, 'b.reg'), reg('B', []));
        const r = await runCli(['audit', 'a.reg', 'b.reg', '-f', format], { cwd: dir });
        assert.ok(r.code <= 3, r.stderr);
        assert.equal(r.stdout.includes(plantedSecret), false, `${format} holds the password`);
        assert.equal(r.stderr.includes(plantedSecret), false);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
