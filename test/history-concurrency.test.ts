// Concurrent writers and writers SIGKILLed mid-write: every record lands, and the store still verifies.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { listChanges, openStore, recordSnapshot, verifyStore } from '../src/history/index.js';
import { makeSnapshot, repoRoot, runCli, tempDir, thisProcess, writeSnapshotFile } from './history-fixtures.js';

/**
 * A writer process: waits for the start file, then records COUNT snapshots of SERVER (SETTINGS settings,
 * a few changing each time), one lock per record, printing each entry number as it lands.
 */
const WRITER = `
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { openStore, recordSnapshot } from './src/history/index.js';
const { STORE, SERVER, COUNT, SETTINGS, START } = process.env;
const proc = { pid: process.pid, host: hostname(), isAlive: (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; } } };
const store = openStore(STORE, { process: proc, lockTimeoutMs: 120000 });
process.stdout.write('ready\\n');
while (START && !existsSync(START)) await new Promise((r) => setTimeout(r, 5));
for (let i = 0; i < Number(COUNT); i++) {
  const settings = {};
  for (let k = 0; k < Number(SETTINGS); k++) settings['reg:Key' + (k % 50) + '\\\\Value' + k] = { value: k % 97 === i % 97 ? 'v' + i : k, source: { file: SERVER + '.reg', line: k + 1 } };
  const at = new Date(Date.UTC(2026, 0, 1) + i * 60000).toISOString();
  const snapshot = { schemaVersion: 1, server: { label: SERVER, names: [] }, collected: { at, collector: { name: 'writer', version: '0' }, profile: 'geo-scada', sources: [] }, settings };
  const out = await recordSnapshot(store, snapshot, { at, author: SERVER });
  process.stdout.write('entry ' + out.entry.seq + '\\n');
}
`;

function spawnWriter(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', WRITER], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

test('concurrent writers all land, in some order, and the chain verifies', { timeout: 240_000 }, async () => {
  const t = tempDir();
  try {
    const storeDir = join(t.dir, 'store');
    const start = join(t.dir, 'start');
    const writers = ['SCADA-A', 'SCADA-B', 'SCADA-A2'].map((server) => spawnWriter({ STORE: storeDir, SERVER: server, COUNT: '8', SETTINGS: '300', START: start }));
    // Let every writer finish starting up before any of them writes, so that their records overlap.
    while (!writers.every((w) => w.output().includes('ready'))) {
      if (writers.some((w) => w.child.exitCode !== null)) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    writeFileSync(start, '');
    const codes = await Promise.all(writers.map((w) => w.exited));
    assert.deepEqual(codes, [0, 0, 0], writers.map((w) => w.output()).join('\n---\n'));
    const store = openStore(storeDir, { process: thisProcess });
    const report = verifyStore(store);
    assert.equal(report.ok, true, JSON.stringify(report.problems));
    assert.equal(report.entries, 24);
    const entries = store.readJournal();
    for (const server of ['SCADA-A', 'SCADA-B', 'SCADA-A2']) {
      const mine = entries.filter((e) => 'server' in e && e.server === server);
      assert.equal(mine.length, 8, server);
      // Each server's snapshots chain to its own previous one, whatever the interleaving.
      mine.forEach((e, i) => assert.equal(e.type === 'snapshot-recorded' ? e.previous?.seq : 'not recorded', i === 0 ? undefined : mine[i - 1].seq));
      assert.ok(listChanges(entries, { server }).length > 0);
    }
  } finally {
    t.cleanup();
  }
});

test('two `pairaudit record` processes for one server started together both land, the second checked against the first', { timeout: 120_000 }, async () => {
  const t = tempDir();
  try {
    const a = writeSnapshotFile(t.dir, 'a.json', makeSnapshot('SCADA-A', '2026-11-01T00:00:00Z', { 'db.port': 5481 }));
    // The same server twice, collected at one time: whichever lands second sees the first (checked, unchanged).
    const b = writeSnapshotFile(t.dir, 'b.json', makeSnapshot('SCADA-A', '2026-11-01T00:00:00Z', { 'db.port': 5481 }));
    const storeDir = join(t.dir, 'store');
    const cli = (file: string) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'src', 'cli', 'main.ts'), 'record', file, '--store', storeDir], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (out += d.toString()));
        child.on('exit', (code) => resolve({ code, out }));
      });
    const results = await Promise.all([cli(a), cli(b)]);
    assert.deepEqual(results.map((r) => r.code), [0, 0], results.map((r) => r.out).join('\n'));
    const verify = await runCli(['verify', '--store', storeDir], { cwd: t.dir });
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    assert.match(verify.stdout, /^intact: 2 entries/);
    const entries = openStore(storeDir, { process: thisProcess }).readJournal();
    assert.deepEqual(entries.map((e) => (e.type === 'snapshot-recorded' ? e.changes.map((c) => c.setting) : [e.type, e.type === 'checked-unchanged' ? e.previous.seq : 0])), [[], ['checked-unchanged', 1]]);
  } finally {
    t.cleanup();
  }
});

test('a writer SIGKILLed at random points leaves a store that verifies, and the next write recovers', { timeout: 300_000 }, async () => {
  const t = tempDir();
  try {
    const storeDir = join(t.dir, 'store');
    const store = openStore(storeDir, { process: thisProcess, lockTimeoutMs: 60_000 });
    const delays: string[] = [];
    let recovered = 0;
    for (let round = 0; round < 10; round++) {
      const w = spawnWriter({ STORE: storeDir, SERVER: `SCADA-${round % 2}`, COUNT: '1000', SETTINGS: '2000', START: '' });
      // Wait for its first record, so that the kill lands in a later record cycle, not in start-up.
      while (!w.output().includes('entry ') && w.child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
      // Three ways to pick the moment: after a random delay (mostly while reading and diffing), on the
      // first temporary file (mid-write, before a rename), on the next journal file (entry renamed,
      // head.json not yet updated).
      const mode = (['random', 'tmp', 'journal'] as const)[round % 3];
      let delay = 0;
      if (mode === 'random') {
        delay = Math.floor(Math.random() * 400);
        await new Promise((r) => setTimeout(r, delay));
      } else {
        const dir = mode === 'tmp' ? store.paths.tmp : store.paths.journal;
        mkdirSync(dir, { recursive: true });
        await new Promise<void>((resolve) => {
          const watcher = watch(dir, () => {
            w.child.kill('SIGKILL');
            watcher.close();
            resolve();
          });
          w.exited.then(() => {
            watcher.close();
            resolve();
          });
        });
      }
      delays.push(`${mode}${mode === 'random' ? ` ${delay} ms` : ''}`);
      w.child.kill('SIGKILL');
      await w.exited;
      const report = verifyStore(store, { process: thisProcess });
      assert.equal(report.ok, true, `round ${round} (killed: ${delays[round]}): ${JSON.stringify(report.problems)}\n${w.output()}`);
      // The next writer cleans up whatever the killed one left and continues the chain.
      const before = report.entries;
      const out = await recordSnapshot(store, makeSnapshot(`probe`, `2026-12-01T00:00:${String(round).padStart(2, '0')}Z`, { round }), { at: '2026-12-01T00:00:00Z', author: 'probe' });
      assert.equal(out.entry.seq, before + 1);
      if (report.notices.length > 0) recovered++;
      const after = verifyStore(store, { process: thisProcess });
      assert.equal(after.ok, true, JSON.stringify(after.problems));
      assert.equal(existsSync(store.paths.lock), false);
    }
    // Not an assertion on timing: just say what the kills hit.
    console.log(`# kills: ${delays.join(', ')}; ${recovered} round(s) left something to recover`);
  } finally {
    t.cleanup();
  }
});
