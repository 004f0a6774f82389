// A bundle folder holding two exports of one key (a stale copy left beside the current export) is refused, not merged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './cli-harness.js';
import { tempDir } from './history-fixtures.js';

const PAIRS = join(import.meta.dirname, '..', 'fixtures', 'pairs');
const NOW = '2026-11-20T09:20:00Z';
const utf16bom = (s: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
/** A regedit export of the ClearSCADA key whose first key is spelled `head`, holding an old database port. */
const staleExport = (head: string): Buffer => utf16bom(`Windows Registry Editor Version 5.00\r\n\r\n[${head}]\r\n"Version"="6.84.8512.1"\r\n\r\n[${head}\\DB]\r\n"Port"=dword:00001569\r\n\r\n`);

const REFUSED: { name: string; pair: string; stale: string; from: string | Buffer; current: string }[] = [
  // The stale export sorts after the current one and overrides its drifted port: check said GO.
  { name: 'a stale copy sorting after the export', pair: 'drift-db-port', stale: 'ClearSCADA_old.reg', from: 'healthy/standby-a/ClearSCADA.reg', current: 'ClearSCADA.reg' },
  // The stale export sorts first and adds back the driver the current export lacks.
  { name: 'a stale backup sorting before the export', pair: 'drift-driver-missing', stale: 'ClearSCADA-2025-backup.reg', from: 'healthy/standby-a/ClearSCADA.reg', current: 'ClearSCADA.reg' },
  { name: 'the same key in other letter case', pair: 'drift-db-port', stale: 'old.reg', from: staleExport('hkey_local_machine\\software\\schneider electric\\clearscada'), current: 'ClearSCADA.reg' },
];
for (const c of REFUSED) {
  test(`bundle with two exports of one key is exit 2 naming both: ${c.name}`, async () => {
    const t = tempDir('pairaudit-stale-');
    try {
      cpSync(join(PAIRS, c.pair), join(t.dir, 'p'), { recursive: true });
      const target = join(t.dir, 'p', 'standby-a', c.stale);
      if (typeof c.from === 'string') copyFileSync(join(PAIRS, c.from), target);
      else writeFileSync(target, c.from);
      const r = await runCli(['check', 'p/main', 'p/standby-a'], { cwd: t.dir, now: NOW });
      assert.equal(r.code, 2, r.stdout + r.stderr);
      const lines = r.stderr.trim().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.ok(lines[0].includes(join('p', 'standby-a', c.stale)), lines[0]);
      assert.ok(lines[0].includes(join('p', 'standby-a', c.current)), lines[0]);
      assert.match(lines[0], /exports the same key as .*keep the current export in the bundle folder and move the other out of it/);
    } finally {
      t.cleanup();
    }
  });
}

test('exports of different keys in one bundle stay allowed (instance key, machine-wide key, uninstall.reg)', async () => {
  const t = tempDir('pairaudit-stale-');
  try {
    const r = await runCli(['check', join(PAIRS, 'named-instance', 'main'), join(PAIRS, 'named-instance', 'standby-a')], { cwd: t.dir, now: '2026-11-22T12:05:00Z' });
    assert.equal(r.code, 0, r.stdout + r.stderr);
  } finally {
    t.cleanup();
  }
});
