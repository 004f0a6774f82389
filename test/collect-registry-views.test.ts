// The ClearSCADA key in both registry views (64-bit and WOW6432Node, as a whole-SOFTWARE export holds it) is
// refused: one view is stale, and reading either could compare one server's live settings with another's stale ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectServer } from '../src/collect/index.js';
import { InputError } from '../src/errors.js';
import { runCli } from './cli-harness.js';
import { tempDir } from './history-fixtures.js';

const PAIRS = join(import.meta.dirname, '..', 'fixtures', 'pairs');
const WOW = 'SOFTWARE\\WOW6432Node\\Schneider Electric\\ClearSCADA';
const X64 = 'SOFTWARE\\Schneider Electric\\ClearSCADA';

/** A fixture's regedit export (UTF-16LE with BOM) as text. */
const exportText = (file: string): string => readFileSync(join(PAIRS, file)).toString('utf16le').replace(/^\uFEFF/, '');
const asExport = (text: string): Buffer => Buffer.from(`\uFEFF${text}`, 'utf16le');
/** The sections of an export moved to the WOW6432Node view, without the header line. */
const inWow = (text: string): string => text.slice(text.indexOf('\r\n') + 2).replaceAll(`[HKEY_LOCAL_MACHINE\\${X64}`, `[HKEY_LOCAL_MACHINE\\${WOW}`);

const CASES: { name: string; files: Record<string, (current: string, stale: string) => string>; message: RegExp }[] = [
  {
    name: 'one whole-SOFTWARE export holding both views',
    files: { 'ClearSCADA.reg': (current, stale) => current + inWow(stale) },
    message: new RegExp(`ClearSCADA\\.reg: holds the key in two registry views, HKEY_LOCAL_MACHINE\\\\${X64.replaceAll('\\', '\\\\')} and HKEY_LOCAL_MACHINE\\\\${WOW.replaceAll('\\', '\\\\')}: .*export only the key of the view the server uses`),
  },
  {
    name: 'each view in its own export of the bundle',
    files: { 'ClearSCADA.reg': (current) => current, 'wow.reg': (_, stale) => `Windows Registry Editor Version 5.00\r\n${inWow(stale)}` },
    message: /ClearSCADA\.reg: holds HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA and wow\.reg holds HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Schneider Electric\\ClearSCADA, the key in two registry views: .*export only the key of the view the server uses/,
  },
];
for (const c of CASES) {
  test(`both registry views of the ClearSCADA key are exit 2: ${c.name}`, async () => {
    const t = tempDir('pairaudit-views-');
    try {
      const bundle = join(t.dir, 'standby-a');
      cpSync(join(PAIRS, 'healthy', 'standby-a'), bundle, { recursive: true });
      // The 64-bit view is current; the WOW6432Node one holds a stale copy with 52 weeks of history.
      const current = exportText('healthy/standby-a/ClearSCADA.reg');
      const stale = exportText('drift-historic-retention/standby-a/ClearSCADA.reg');
      for (const [name, make] of Object.entries(c.files)) writeFileSync(join(bundle, name), asExport(make(current, stale)));
      await assert.rejects(collectServer(bundle, { toolVersion: 't', displayName: bundle }), (e: unknown) => e instanceof InputError && c.message.test(e.message) && !e.message.includes('\n'));
    } finally {
      t.cleanup();
    }
  });
}

test('one view only stays readable: a 32-bit install under WOW6432Node is in parity', async () => {
  const t = tempDir('pairaudit-views-');
  try {
    const r = await runCli(['audit', join(PAIRS, 'healthy-wow6432', 'main'), join(PAIRS, 'healthy-wow6432', 'standby-a'), '--fail-on', 'blocker'], { cwd: t.dir, now: '2026-11-20T09:20:00Z' });
    assert.notEqual(r.code, 2, r.stderr);
    assert.doesNotMatch(r.stderr, /two registry views/);
  } finally {
    t.cleanup();
  }
});
