// Bare `reg query /s` text redirected by cmd is in the console's OEM code page: its default-value label tells which,
// and a file whose code page cannot be told says so rather than misread its default values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRegistry } from '../src/collect/registry/index.js';
import { collectServer } from '../src/collect/index.js';
import { decodeOem } from '../src/collect/oem.js';
import { tempDir } from './history-fixtures.js';

/** Encodes text in a single-byte code page (1252: Latin-1 for these characters) by inverting decodeOem. */
function encode(text: string, cp: number): Buffer {
  if (cp === 1252) return Buffer.from(text, 'latin1');
  const table = new Map<string, number>();
  for (let b = 0; b < 256; b++) table.set(decodeOem(Uint8Array.of(b), cp) as string, b);
  return Buffer.from([...text].map((ch) => table.get(ch) ?? assert.fail(`${ch} is not in code page ${cp}`)));
}

const KEY = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA';
/** `reg query <KEY> /s` as reg.exe prints it, with the default-value label `label` and the log folder `folder`. */
const query = (label: string, notSet: string, folder: string): string =>
  ['', KEY, `    ${label}    REG_SZ    ${notSet}`, '    Version    REG_SZ    6.84.8512.1', '', `${KEY}\\DriverDNP3`, `    ${label}    REG_SZ    DNP3`, `    LogDirectory    REG_SZ    ${folder}`, ''].join('\r\n');

const CASES: { name: string; bytes: Buffer; folder: string; warning?: RegExp; rootNames?: string[] }[] = [
  { name: 'French console, code page 850', bytes: encode(query('(par défaut)', '(valeur non définie)', 'D:\\Journaux\\Été'), 850), folder: 'D:\\Journaux\\Été' },
  { name: 'French, saved as ANSI (Windows-1252)', bytes: encode(query('(par défaut)', '(valeur non définie)', 'D:\\Journaux\\Été'), 1252), folder: 'D:\\Journaux\\Été' },
  // reg.exe's Russian "(value not set)" is not known here: the root's default value is read as a value.
  { name: 'Russian console, code page 866', bytes: cp866(query('(по умолчанию)', '(значение не присвоено)', 'D:\\Журнал')), folder: 'D:\\Журнал', rootNames: ['', 'Version'] },
  {
    // é is 0x82 in both 437 and 850; ø (0x9B in 850) is ¢ in 437: the label cannot tell them apart.
    name: 'a label that reads in 437 and 850, other text that differs',
    bytes: encode(query('(par défaut)', '(valeur non définie)', 'D:\\Kø'), 850),
    folder: 'D:\\Kø',
    warning: /^its default-value label reads in code pages 850 and 437, .*read as 850, so such characters may be wrong; give it in its bundle folder/,
  },
  {
    name: 'English labels and non-ASCII text: the code page cannot be told',
    bytes: encode(query('(Default)', '(value not set)', 'D:\\Données'), 850),
    folder: 'D:\\Donn‚es',
    warning: /^non-ASCII text in a code page that cannot be told .*read as Windows-1252, so such characters may be wrong; give it in its bundle folder \(bundle\.json records the console code page\) or collect with the PowerShell collector/,
  },
  { name: 'ASCII only', bytes: encode(query('(Default)', '(value not set)', 'D:\\Logs'), 850), folder: 'D:\\Logs' },
];

function cp866(text: string): Buffer {
  return Buffer.from([...text].map((ch) => {
    if (ch.charCodeAt(0) < 0x80) return ch.charCodeAt(0);
    for (let b = 0x80; b < 256; b++) if (decodeOem(Uint8Array.of(b), 866) === ch) return b;
    return assert.fail(`${ch} is not in code page 866`);
  }));
}

for (const c of CASES) {
  test(`bare reg query text: ${c.name}`, () => {
    const tree = parseRegistry(c.bytes, { file: 'standby.txt' });
    const driver = tree.keys.find((k) => k.path.endsWith('DriverDNP3'));
    assert.deepEqual(driver?.values.map((v) => [v.name, v.data, v.line]), [['', 'DNP3', 7], ['LogDirectory', c.folder, 8]]);
    assert.deepEqual(tree.keys[0].values.map((v) => v.name), c.rootNames ?? ['Version'], 'a default value not set is no value');
    if (c.warning === undefined) assert.equal(tree.warnings, undefined, JSON.stringify(tree.warnings));
    else {
      assert.equal(tree.warnings?.length, 1, JSON.stringify(tree.warnings));
      assert.equal(tree.warnings[0].line, 8);
      assert.match(tree.warnings[0].message, c.warning);
    }
  });
}

test('a French cmd-redirected reg query of a whole server reads as its English one (no false drift)', async () => {
  const t = tempDir('pairaudit-query-cp-');
  try {
    const english = join(import.meta.dirname, '..', 'fixtures', 'pairs', 'triple-standby', 'standby-b', 'reg-query.txt');
    const french = join(t.dir, 'standby-b.txt');
    writeFileSync(french, encode(readFileSync(english, 'latin1').replaceAll('(Default)', '(par défaut)'), 850));
    const [en, fr] = await Promise.all([english, french].map((f) => collectServer(f, { toolVersion: 't', secretKey: 'k' })));
    assert.deepEqual(
      Object.fromEntries(Object.entries(fr.settings).map(([k, s]) => [k, s.value])),
      Object.fromEntries(Object.entries(en.settings).map(([k, s]) => [k, s.value])),
    );
    assert.equal(fr.warnings, undefined, JSON.stringify(fr.warnings));
  } finally {
    t.cleanup();
  }
});
