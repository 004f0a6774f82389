// The cmd collector's fallback for a named instance: `reg export` failed, so the instance's key is in reg-query.txt,
// and the machine-wide key's export (ClearSCADA-machine.reg) is beside it. reg-query.txt was ignored whenever any .reg
// was in the bundle, and the bundle refused ("no Geo SCADA instance Site2").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectServer } from '../src/collect/index.js';
import { tempDir } from './history-fixtures.js';

const MACHINE = ['Windows Registry Editor Version 5.00', '', '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA]', '"InstallLocation"="C:\\\\Program Files\\\\Schneider Electric\\\\ClearSCADA\\\\"', '', '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA\\DriverDNP3]', '"DisplayName"="DNP3"', ''].join('\r\n');

const CASES: { name: string; instanceReg: boolean; port: number; ignored: boolean }[] = [
  { name: 'reg-query.txt and the machine-wide export: both read, the instance from reg-query.txt', instanceReg: false, port: 5481, ignored: false },
  { name: "an instance .reg too: it is read, reg-query.txt ignored with a warning", instanceReg: true, port: 5490, ignored: true },
];

for (const c of CASES) {
  test(`cmd bundle of a named instance: ${c.name}`, async () => {
    const { dir, cleanup } = tempDir('pairaudit-cmd-fallback-');
    try {
      const bundle = join(dir, 'standby-b');
      cpSync('fixtures/pairs/triple-standby/standby-b', bundle, { recursive: true });
      const query = readFileSync(join(bundle, 'reg-query.txt'), 'latin1');
      writeFileSync(join(bundle, 'reg-query.txt'), query.replaceAll('Schneider Electric\\ClearSCADA', 'Schneider Electric\\ClearSCADA-Site2'), 'latin1');
      const manifest = JSON.parse(readFileSync(join(bundle, 'bundle.json'), 'utf8')) as Record<string, unknown>;
      writeFileSync(join(bundle, 'bundle.json'), JSON.stringify({ ...manifest, instance: 'Site2', registryKey: 'HKLM\\SOFTWARE\\Schneider Electric\\ClearSCADA-Site2' }));
      writeFileSync(join(bundle, 'ClearSCADA-machine.reg'), `\uFEFF${MACHINE}`, 'utf16le');
      if (c.instanceReg) writeFileSync(join(bundle, 'ClearSCADA.reg'), `\uFEFFWindows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA-Site2]\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA-Site2\\DB]\r\n"Port"=dword:00001572\r\n`, 'utf16le');
      const s = await collectServer(bundle, { toolVersion: '0', displayName: bundle });
      assert.equal(s.server.instance, 'Site2');
      assert.equal(s.settings['db.port']?.value, c.port);
      assert.ok(s.settings['drivers.DNP3.installed'] !== undefined, 'the driver registered (in the machine-wide key for the instance .reg case)');
      assert.equal((s.warnings ?? []).some((w) => w.file === 'reg-query.txt' && /^ignored: the bundle also has ClearSCADA\.reg/.test(w.message)), c.ignored);
    } finally {
      cleanup();
    }
  });
}
