// Real exports from public repositories (../shared/corpus, read in place: some licences forbid copying them here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRegistryFile, toParseJson } from '../src/collect/registry/index.js';
import type { RegTree, RegValue } from '../src/types.js';
import { InputError } from '../src/errors.js';

const corpus = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'corpus');
const skip = existsSync(corpus) ? false : `corpus folder ${corpus} is absent (it lives beside the repository, in ../shared/corpus)`;

function files(sub: string): string[] {
  if (skip !== false) return [];
  return readdirSync(join(corpus, sub))
    .filter((f) => f.endsWith('.reg'))
    .sort();
}

function value(tree: RegTree, keyEnd: string, name: string): RegValue {
  const key = tree.keys.find((k) => k.path.endsWith(keyEnd) && k.values.some((v) => v.name === name));
  assert.ok(key !== undefined, `no value ${name} in a key ending ${keyEnd}`);
  return key.values.find((v) => v.name === name) as RegValue;
}

const CS = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA';

test('every ClearSCADA driver registration in the corpus parses: one Driver<Name> key', { skip }, async () => {
  const names = files('clearscada_reg');
  assert.equal(names.length, 6);
  for (const f of names) {
    const tree = await readRegistryFile(join(corpus, 'clearscada_reg', f));
    assert.equal(tree.format, 'regedit5', f);
    assert.equal(tree.keys.length, 1, f);
    assert.match(tree.keys[0].path, /^HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA\\Driver\w+$/, f);
    assert.equal(tree.warnings, undefined, f);
    const task = tree.keys[0].values.find((v) => v.name === 'TaskName');
    assert.match(String(task?.data), /^Driver\w+\.exe$/, f);
  }
});

test('ClearSCADA corpus: decoded values spot-checked', { skip }, async () => {
  const mqtt = await readRegistryFile(join(corpus, 'clearscada_reg', 'mqttclient_MQTTClient_v1.reg'));
  assert.deepEqual(toParseJson(mqtt).keys[0].values.slice(0, 2), [
    { name: '', type: 'REG_SZ', data: 'MQTT Client Driver' },
    { name: 'AssemblyName', type: 'REG_SZ', data: 'C:\\Program Files\\Schneider Electric\\ClearSCADA\\MQTTClient.dll' },
  ]);
  assert.equal(mqtt.keys[0].path, `${CS}\\DriverMQTTClient`);
  assert.deepEqual(value(mqtt, 'DriverMQTTClient', 'LogMaxSize'), { name: 'LogMaxSize', type: 'REG_DWORD', data: 2048, line: 12 });
  const spark = await readRegistryFile(join(corpus, 'clearscada_reg', 'sparkplugb_DriverRegistry_v1_dev.reg'));
  assert.equal(spark.keys[0].values.length, 13);
  assert.equal(value(spark, 'DriverSparkplugB', 'LogLevel').data, 15);
  assert.equal(value(spark, 'DriverSparkplugB', 'LogTelnetPort').data, 0);
  assert.equal(value(spark, 'DriverSparkplugB', 'DebugMode').data, 'True');
});

test('ClearSCADA corpus: files that are not exports are refused with one clear line', { skip }, async () => {
  await assert.rejects(readRegistryFile(join(corpus, 'clearscada_other', 'datafeeder_Sparkplug_Feeder_Node_SCADA.sde'), { displayName: 'feeder.sde' }), {
    name: 'InputError',
    message: /^feeder\.sde: not a registry export: binary data/,
  });
  await assert.rejects(readRegistryFile(join(corpus, 'clearscada_other', 'datafeeder_Sparkplug_Property_Translation.tsv.txt'), { displayName: 'table.txt' }), {
    name: 'InputError',
    message: /^table\.txt: line 1: expected the header .*; is this a registry export\?$/,
  });
});

/**
 * Hand-made files with junk lines: regedit itself skips what it cannot read, but an audit must not guess, so
 * they fail without --lenient and carry warnings with it.
 */
const junk: Record<string, { error: RegExp; warnings: number[] }> = {
  'defremover_def_stray_nonascii_junk_line.reg': { error: /line 29: expected \[key\].*found "â"/, warnings: [29] },
  'defremover_defender_registry_utf16.reg': { error: /line 260: invalid dword "000000018"/, warnings: [260, 555, 971, 1006] },
};

test('every general .reg file in the corpus parses (junk lines: error, or warnings with --lenient)', { skip }, async () => {
  const names = files('general_reg');
  assert.equal(names.length, 12);
  for (const f of names) {
    const path = join(corpus, 'general_reg', f);
    const expected = junk[f];
    if (expected === undefined) {
      const tree = await readRegistryFile(path);
      assert.equal(tree.format, 'regedit5', f);
      assert.ok(tree.keys.length > 0, f);
      assert.equal(tree.warnings, undefined, f);
      assert.deepEqual(await readRegistryFile(path, { lenient: true }), tree, `${f}: --lenient changes nothing on a clean file`);
    } else {
      await assert.rejects(readRegistryFile(path), (e: unknown) => e instanceof InputError && expected.error.test(e.message), f);
      const tree = await readRegistryFile(path, { lenient: true });
      assert.deepEqual(
        tree.warnings?.map((w) => w.line),
        expected.warnings,
        f,
      );
    }
  }
});

test('general corpus: encodings, continuations, escapes, deletions spot-checked', { skip }, async () => {
  const read = (f: string): Promise<RegTree> => readRegistryFile(join(corpus, 'general_reg', f));

  const tray = await read('atlas_SecurityHealthTray_enable_utf16_hex2.reg');
  assert.deepEqual(toParseJson(tray).keys[0].values, [{ name: 'SecurityHealth', type: 'REG_EXPAND_SZ', data: '%windir%\\system32\\SecurityHealthSystray.exe' }]);

  const radeon = await read('atlas_RefinedOS_AMD_Radeon_hex3_noeol.reg');
  assert.deepEqual(
    radeon.keys[0].values.map((v) => [v.name, v.type, v.data]),
    [
      ['Tessellation_OPTION', 'REG_BINARY', '3200'],
      ['Tessellation', 'REG_BINARY', '3100'],
      ['TFQ', 'REG_BINARY', '3200'],
    ],
  );

  const utf8 = await read('defremover_Remove_SecurityComp_utf8bom_lf.reg');
  assert.deepEqual(value(utf8, '', 'EnableSvchostMitigationPolicy'), { name: 'EnableSvchostMitigationPolicy', type: 'REG_QWORD', data: '0', line: 116 });
  assert.equal(value(utf8, '', 'LmCompatibilityLevel').deleted, true);

  const runtime = await read('defremover_Rumtime_IDs_crlf.reg');
  assert.equal(runtime.keys.filter((k) => k.deleted).length, 238);

  const terminals = await read('atlas_Terminals_minimal_utf16_nested_escapes.reg');
  const nested = terminals.keys.find((k) => k.line === 55)?.values[0];
  assert.equal(
    nested?.data,
    'PowerShell -WindowStyle Hidden -NoProfile -Command "Start-Process -Verb RunAs PowerShell.exe -ArgumentList \\"-NoExit -Command Push-Location \\\\\\"\\"%V/\\\\\\"\\"\\"',
  );

  const tweaks = await read('atlas_Atlas_tweaks_large_crlf.reg');
  const curve = value(tweaks, '', 'SmoothMouseXCurve');
  assert.equal(curve.type, 'REG_BINARY');
  assert.equal(curve.line, 94);
  assert.equal((curve.data as string).length, 80, '40 bytes over several continuation lines');
  assert.equal(tweaks.keys.length, 203);

  // The same key deleted and then recreated: two entries, in file order.
  const def = await readRegistryFile(join(corpus, 'general_reg', 'defremover_def_stray_nonascii_junk_line.reg'), { lenient: true });
  const apiLogger = def.keys.filter((k) => k.path.endsWith('\\DefenderApiLogger'));
  assert.deepEqual(
    apiLogger.map((k) => [k.deleted === true, k.values.length]),
    [
      [true, 0],
      [false, 4],
    ],
  );
});
