// An export of one subkey of the ClearSCADA key (`reg export …\ClearSCADA\DB`, a driver registration) holds none of the
// server's other settings: audited as a whole server it was DRIFT with every other setting "missing". Refused, exit 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './cli-harness.js';
import { tempDir } from './history-fixtures.js';
import { CLEARSCADA_KEY } from './whole-key.js';
import { parseSnapshotJson } from '../src/snapshot/index.js';

const ROOT = join(import.meta.dirname, '..');
const HEALTHY = join(ROOT, 'fixtures', 'pairs', 'healthy');
const ENV = { PAIRAUDIT_SECRET_KEY: 'k' };
const NOW = '2026-11-25T12:00:00Z';

/** The sections of the healthy standby's export from `[key]` up to the next section whose path does not start with it. */
function sectionsOf(key: string): string {
  const text = readFileSync(join(HEALTHY, 'standby-a', 'ClearSCADA.reg')).subarray(2).toString('utf16le');
  const from = text.indexOf(`[${key}]`);
  const rest = text.slice(from).split(/\r\n(?=\[)/);
  return rest.filter((s) => s.startsWith(`[${key}]`) || s.startsWith(`[${key}\\`)).join('\r\n');
}

const utf16 = (text: string): Buffer => Buffer.from(`\uFEFF${text}`, 'utf16le');

const CASES: { name: string; text: string; key: string; command: 'audit' | 'check' }[] = [
  { name: 'DB only (reg export of …\\ClearSCADA\\DB), audit', text: `Windows Registry Editor Version 5.00\r\n\r\n${sectionsOf(`${CLEARSCADA_KEY}\\DB`)}\r\n`, key: `${CLEARSCADA_KEY}\\DB`, command: 'audit' },
  { name: 'a driver registration with its subkey, check', text: `Windows Registry Editor Version 5.00\r\n\r\n${sectionsOf(`${CLEARSCADA_KEY}\\DriverSCADAPackModbus`)}\r\n`, key: `${CLEARSCADA_KEY}\\DriverSCADAPackModbus`, command: 'check' },
];

for (const c of CASES) {
  test(`an export of one subkey is refused with exit 2 naming the file, the key it holds and the whole key to export: ${c.name}`, async () => {
    const { dir, cleanup } = tempDir('pairaudit-partial-');
    try {
      writeFileSync(join(dir, 'part.reg'), utf16(c.text));
      const r = await runCli([c.command, join(HEALTHY, 'main'), 'part.reg'], { cwd: dir, now: NOW, env: ENV });
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stdout, '');
      assert.equal(
        r.stderr,
        `pairaudit: part.reg: holds only ${c.key}, a subkey of ${CLEARSCADA_KEY}, not the key itself (an export of the key writes its own section first): the rest of the server's configuration is not in it; export the whole key, as the collection scripts do: reg export "HKLM\\SOFTWARE\\Schneider Electric\\ClearSCADA" server.reg\n`,
      );
    } finally {
      cleanup();
    }
  });
}

test("a named instance's subkey export is refused the same way; with its own section it is read, with the machine-wide key beside it", async () => {
  const { dir, cleanup } = tempDir('pairaudit-partial-');
  try {
    const instance = `${CLEARSCADA_KEY}-Site2`;
    writeFileSync(join(dir, 'ClearSCADA-machine.reg'), utf16(`Windows Registry Editor Version 5.00\r\n\r\n[${CLEARSCADA_KEY}]\r\n"Version"="6.84"\r\n\r\n[${CLEARSCADA_KEY}\\DriverDNP3]\r\n@="DNP3"\r\n\r\n`));
    writeFileSync(join(dir, 'ClearSCADA.reg'), utf16(`Windows Registry Editor Version 5.00\r\n\r\n[${instance}\\DB]\r\n"Port"=dword:00001572\r\n\r\n`));
    const refused = await runCli(['collect', dir, '--instance', 'Site2'], { cwd: dir, now: NOW, env: ENV });
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /ClearSCADA\.reg: holds only HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA-Site2\\DB, a subkey of HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA-Site2,.*reg export "HKLM\\SOFTWARE\\Schneider Electric\\ClearSCADA-Site2" server\.reg\n$/);
    writeFileSync(join(dir, 'ClearSCADA.reg'), utf16(`Windows Registry Editor Version 5.00\r\n\r\n[${instance}]\r\n\r\n[${instance}\\DB]\r\n"Port"=dword:00001572\r\n\r\n`));
    const read = await runCli(['collect', dir, '--instance', 'Site2'], { cwd: dir, now: NOW, env: ENV });
    assert.equal(read.code, 0, read.stderr);
    const s = parseSnapshotJson(read.stdout, 'stdout');
    assert.equal(s.settings['db.port'].value, 5490);
    assert.ok(s.settings['drivers.DNP3.installed'] !== undefined);
  } finally {
    cleanup();
  }
});

test('sections of several subkeys without the key (hand-made, not what an export of one key writes) are read as before', async () => {
  const { dir, cleanup } = tempDir('pairaudit-partial-');
  try {
    writeFileSync(join(dir, 'two.reg'), utf16(`Windows Registry Editor Version 5.00\r\n\r\n[${CLEARSCADA_KEY}\\DB]\r\n"Port"=dword:00001569\r\n\r\n[${CLEARSCADA_KEY}\\Server]\r\n"Name"="a"\r\n\r\n`));
    const r = await runCli(['collect', 'two.reg'], { cwd: dir, now: NOW, env: ENV });
    assert.equal(r.code, 0, r.stderr);
  } finally {
    cleanup();
  }
});
