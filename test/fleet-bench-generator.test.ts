// The benchmark's synthetic export generator: deterministic, written as `reg export` writes (UTF-16LE, BOM, CRLF), parseable, drifted only a little.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writePair } from './bench/generate.js';
import { parseRegistry } from '../src/collect/registry/index.js';

const dir = mkdtempSync(join(tmpdir(), 'pairaudit-gen-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('same seed, same bytes; another seed, other bytes', async () => {
  await writePair(join(dir, 'a', 'main.reg'), join(dir, 'a', 'standby.reg'), { settings: 2000, seed: 5 });
  await writePair(join(dir, 'b', 'main.reg'), join(dir, 'b', 'standby.reg'), { settings: 2000, seed: 5 });
  await writePair(join(dir, 'c', 'main.reg'), join(dir, 'c', 'standby.reg'), { settings: 2000, seed: 6 });
  for (const f of ['main.reg', 'standby.reg']) assert.deepEqual(readFileSync(join(dir, 'a', f)), readFileSync(join(dir, 'b', f)), f);
  assert.notDeepEqual(readFileSync(join(dir, 'a', 'main.reg')), readFileSync(join(dir, 'c', 'main.reg')));
});

const sizes = [2000, 20000];
for (const settings of sizes) {
  test(`a ${settings}-setting pair is a UTF-16LE export with a BOM and CRLF, of about that many values, with a little drift`, async () => {
    const main = join(dir, `p${settings}`, 'main.reg');
    const standby = join(dir, `p${settings}`, 'standby.reg');
    await writePair(main, standby, { settings, seed: settings });
    const bytes = readFileSync(main);
    assert.deepEqual([...bytes.subarray(0, 2)], [0xff, 0xfe], 'BOM');
    const text = bytes.subarray(2).toString('utf16le');
    assert.ok(text.startsWith('Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA]\r\n'));
    assert.ok(!/[^\r]\n/.test(text), 'every line ends in CRLF');
    const trees = [main, standby].map((f) => parseRegistry(readFileSync(f), { file: f }));
    const values = trees.map((t) => t.keys.reduce((n, k) => n + k.values.length, 0));
    assert.ok(Math.abs(values[0] - settings) <= settings * 0.02, `main has ${values[0]} values`);
    const flat = (i: number): Map<string, string> => new Map(trees[i].keys.flatMap((k) => k.values.map((v) => [`${k.path}\\${v.name}`, JSON.stringify(v.data)] as [string, string])));
    const [m, s] = [flat(0), flat(1)];
    const changed = [...m].filter(([k, v]) => s.has(k) && s.get(k) !== v).map(([k]) => k);
    const missing = [...m.keys()].filter((k) => !s.has(k));
    assert.ok(changed.some((k) => k.endsWith('Partners\\StandbyA\\Compress')), 'compression on one side');
    assert.ok(changed.some((k) => k.endsWith('Historic\\HistoricData\\KeepOnlineWeeks')), `52 vs 156 weeks: ${changed.join(', ')}`);
    assert.ok(missing.some((k) => k.includes('\\DriverPinger\\')), 'a driver on the Main only');
    assert.ok(changed.length < settings * 0.01, `small drift: ${changed.length} changed values`);
    const drivers = trees[0].keys.filter((k) => /\\ClearSCADA\\Driver[^\\]+$/.test(k.path));
    assert.ok(drivers.length >= 28, `${drivers.length} Driver<Name> keys`);
    assert.ok(drivers.every((k) => ['', 'AssemblyName', 'TaskName', 'LogFileBase', 'LogEnable', 'LogMaxSize', 'LogTelnetPort'].every((n) => k.values.some((v) => v.name === n))));
  });
}
