// A bundle and its own registry export given as two servers are the same evidence twice (exit 2), not drift.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './cli-harness.js';
import { tempDir } from './history-fixtures.js';

const PAIRS = join(import.meta.dirname, '..', 'fixtures', 'pairs');

const CASES: { name: string; pair: string; now: string; setup?: (dir: string) => void; inputs: string[]; refused: boolean }[] = [
  { name: 'a bundle and its own export', pair: 'healthy', now: '2026-11-20T09:20:00Z', inputs: ['p/main', 'p/main/ClearSCADA.reg'], refused: true },
  { name: 'its own export and the bundle', pair: 'healthy', now: '2026-11-20T09:20:00Z', inputs: ['p/main/ClearSCADA.reg', 'p/main'], refused: true },
  {
    name: 'a bundle and a copy of its export under another name',
    pair: 'healthy',
    now: '2026-11-20T09:20:00Z',
    setup: (dir) => {
      mkdirSync(join(dir, 'copy'));
      copyFileSync(join(dir, 'p', 'main', 'ClearSCADA.reg'), join(dir, 'copy', 'standby.reg'));
    },
    inputs: ['p/main', 'copy/standby.reg'],
    refused: true,
  },
  { name: 'a named-instance bundle and its instance export', pair: 'named-instance', now: '2026-11-22T12:05:00Z', inputs: ['p/main', 'p/main/ClearSCADA.reg'], refused: true },
  {
    // Each server's own instance export beside equal machine-wide exports: two servers, not one.
    name: 'two named-instance bundles whose machine-wide exports are the same bytes',
    pair: 'named-instance',
    now: '2026-11-22T12:05:00Z',
    setup: (dir) => copyFileSync(join(dir, 'p', 'main', 'ClearSCADA-machine.reg'), join(dir, 'p', 'standby-a', 'ClearSCADA-machine.reg')),
    inputs: ['p/main', 'p/standby-a'],
    refused: false,
  },
];
for (const c of CASES) {
  test(`same registry evidence given twice: ${c.name}`, async () => {
    const t = tempDir('pairaudit-same-');
    try {
      cpSync(join(PAIRS, c.pair), join(t.dir, 'p'), { recursive: true });
      c.setup?.(t.dir);
      const r = await runCli(['audit', ...c.inputs], { cwd: t.dir, now: c.now });
      if (!c.refused) {
        assert.notEqual(r.code, 2, r.stderr);
        return;
      }
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /are the same evidence given twice: both hold the registry export (ClearSCADA|standby)\.reg \(the same bytes\); give each server.s own export/);
      for (const input of c.inputs) assert.ok(r.stderr.includes(input), r.stderr);
    } finally {
      t.cleanup();
    }
  });
}
