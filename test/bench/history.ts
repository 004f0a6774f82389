// History benchmark (issue 5): a store of 10,000 recorded snapshots of 2,000 settings; time `changes` and `verify`.
// Standalone: `node --import tsx test/bench/history.ts [--quick] [--snapshots N] [--settings N]`; `npm run bench` calls benchHistory().
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore, recordSnapshotWith, verifyStore, type ProcessInfo } from '../../src/history/index.js';
import type { Setting, Snapshot } from '../../src/types.js';
import { cliProcessInfo } from '../../src/cli/commands/history.js';
import { installedBin } from '../prerequisites.js';
import { prng } from './generate.js';
import type { Figure } from './run.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export type HistoryFigure = Figure;

export interface HistoryBenchOptions {
  quick?: boolean;
  /** Recorded snapshots (default 10,000; 1,000 with quick). */
  snapshots?: number;
  /** Settings per snapshot (default 2,000). */
  settings?: number;
  /** Servers the snapshots are spread over (default 20). */
  servers?: number;
  /** Settings changed between a server's consecutive snapshots (default 3). */
  changesPerSnapshot?: number;
  /** Where the store is built; reused by later runs with the same sizes. */
  work?: string;
  log?: (line: string) => void;
}

const thisProcess: ProcessInfo = cliProcessInfo();


/** A realistic spread of setting names and types, with registry provenance like a real export's. */
function baseSettings(server: number, count: number): Record<string, Setting> {
  const settings: Record<string, Setting> = {};
  const file = `server${server}.reg`;
  for (let k = 0; k < count; k++) {
    const driver = `Driver${k % 40}`;
    const name = k % 5 === 0 ? `drivers.${driver}.logMaxSize${k}` : k % 5 === 1 ? `reg:${driver}\\Settings\\Value${k}` : k % 5 === 2 ? `historic.type${k}.keepOnlineWeeks` : `reg:Server\\Param${k}`;
    const value = k % 3 === 0 ? k * 7 : k % 3 === 1 ? `C:\\ProgramData\\Schneider Electric\\ClearSCADA\\Data${k}` : k % 2 === 0;
    settings[name] = { value, regType: typeof value === 'number' ? 'REG_DWORD' : 'REG_SZ', source: { file, key: `HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA\\${driver}`, valueName: `Value${k}`, line: 10 + k * 2 } };
  }
  return settings;
}

function snapshotOf(server: number, at: string, settings: Record<string, Setting>): Snapshot {
  return {
    schemaVersion: 1,
    server: { label: `SCADA-${String(server).padStart(2, '0')}`, names: [`scada-${server}`] },
    collected: { at, collector: { name: 'bench', version: '0' }, profile: 'geo-scada', sources: [{ kind: 'registry', file: `server${server}.reg`, sha256: '0'.repeat(64), bytes: 1 }] },
    settings,
  };
}

function folderBytes(dir: string): number {
  let n = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    n += s.isDirectory() ? folderBytes(p) : s.size;
  }
  return n;
}

/** Builds the store through the same code as `record` (one lock per batch of 500 records, to save time). */
async function buildStore(dir: string, o: Required<Omit<HistoryBenchOptions, 'quick' | 'work' | 'log'>>, log: (l: string) => void): Promise<number> {
  const store = openStore(dir, { process: thisProcess });
  const rand = prng(42);
  const current = Array.from({ length: o.servers }, (_, s) => baseSettings(s, o.settings));
  const names = Object.keys(current[0]);
  const start = Date.now();
  const batch = 500;
  for (let done = 0; done < o.snapshots; ) {
    const n = Math.min(batch, o.snapshots - done);
    await store.write('bench', (w) => {
      for (let i = 0; i < n; i++) {
        const seq = done + i;
        const server = seq % o.servers;
        const round = Math.floor(seq / o.servers);
        if (round > 0) {
          const next = { ...current[server] };
          for (let c = 0; c < o.changesPerSnapshot; c++) {
            const name = names[Math.floor(rand() * names.length)];
            next[name] = { ...next[name], value: `changed-${seq}-${c}` };
          }
          current[server] = next;
        }
        const at = new Date(Date.UTC(2026, 0, 1) + seq * 60_000).toISOString();
        recordSnapshotWith(w, snapshotOf(server, at, current[server]), { at, author: 'bench', server: `SCADA-${String(server).padStart(2, '0')}` });
      }
      // The first batch creates the store, as `record` does (a write creates one only when asked to).
    }, { create: done === 0 });
    done += n;
    if (done % 2000 === 0 || done === o.snapshots) log(`  built ${done}/${o.snapshots} snapshots (${((Date.now() - start) / done).toFixed(1)} ms per record)`);
  }
  return (Date.now() - start) / o.snapshots;
}

/** True when dist/ was built after the last change to the history and change-record sources. */
function distIsFresh(): boolean {
  const built = join(root, 'dist', 'cli', 'main.js');
  if (!existsSync(installedBin)) return false;
  if (!existsSync(built)) return false;
  const builtAt = statSync(built).mtimeMs;
  const sources = ['src/history', 'src/report/changes'].flatMap((d) => readdirSync(join(root, d)).map((f) => join(root, d, f)));
  return sources.every((f) => statSync(f).mtimeMs <= builtAt);
}

/**
 * Runs the CLI and returns its wall time: the installed command (package.json `bin`, as the other sections run it)
 * when dist/ is fresh, as `npm run bench` builds it; else the sources through tsx.
 */
function timeCli(args: string[]): Promise<{ ms: number; code: number | null; stderr: string }> {
  const argv = distIsFresh() ? [installedBin, ...args] : ['--import', 'tsx', join(root, 'src', 'cli', 'main.ts'), ...args];
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, argv, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: Number(process.hrtime.bigint() - start) / 1e6, code, stderr }));
  });
}

export async function benchHistory(opts: HistoryBenchOptions = {}): Promise<HistoryFigure[]> {
  const o = {
    snapshots: opts.snapshots ?? (opts.quick ? 1_000 : 10_000),
    settings: opts.settings ?? 2_000,
    servers: opts.servers ?? 20,
    changesPerSnapshot: opts.changesPerSnapshot ?? 3,
  };
  const log = opts.log ?? ((l: string) => console.log(l));
  // A private folder by default: other benchmarks clean out/bench while they run.
  const dir = join(opts.work ?? join(tmpdir(), 'pairaudit-bench'), `history-${o.snapshots}x${o.settings}x${o.servers}x${o.changesPerSnapshot}`);
  const figures: HistoryFigure[] = [];
  let perRecord: number | undefined;
  const store = openStore(dir, { process: thisProcess });
  const existing = existsSync(join(dir, 'head.json')) ? verifyStore(store) : undefined;
  if (!existing?.ok || existing.entries !== o.snapshots) {
    rmSync(dir, { recursive: true, force: true });
    log(`  building ${dir} (${o.snapshots} snapshots × ${o.settings} settings over ${o.servers} servers)`);
    perRecord = await buildStore(dir, o, log);
  }
  const changes = o.snapshots - o.servers;
  const sizeMB = folderBytes(dir) / 1024 / 1024;
  if (perRecord !== undefined) figures.push({ id: 'recordMs', what: 'record one snapshot (batch build, fsync each file)', value: perRecord, unit: 'ms', note: `store ${sizeMB.toFixed(0)} MB` });

  const best = async (args: string[], runs = 3) => {
    let ms = Infinity;
    for (let i = 0; i < runs; i++) {
      const r = await timeCli(args);
      if (r.code !== 0 && !(args[0] === 'verify' && r.code === 1)) throw new Error(`pairaudit ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
      ms = Math.min(ms, r.ms);
    }
    return ms;
  };
  const changesMs = await best(['changes', '--store', dir, '--format', 'json', '-o', join(dir, '..', 'history-changes.json')]);
  figures.push({ id: 'changesMs', what: `changes over ${o.snapshots} snapshots (${changes * o.changesPerSnapshot} changes, json)`, value: changesMs, unit: 'ms', target: '< 5 s', pass: changesMs < 5000, note: 'CLI wall time incl. start-up' });
  const textMs = await best(['changes', '--store', dir, '--format', 'text', '-o', join(dir, '..', 'history-changes.txt')]);
  figures.push({ id: 'changesTextMs', what: '  same, text format', value: textMs, unit: 'ms', target: '< 5 s', pass: textMs < 5000 });
  const verifyMs = await best(['verify', '--store', dir]);
  figures.push({ id: 'verifyMs', what: `verify ${o.snapshots} entries and snapshot files`, value: verifyMs, unit: 'ms', target: '< 10 s', pass: verifyMs < 10_000, note: `${sizeMB.toFixed(0)} MB store` });
  const deepMs = await best(['verify', '--deep', '--store', dir], 1);
  figures.push({ id: 'verifyDeepMs', what: '  verify --deep (re-hash every snapshot content)', value: deepMs, unit: 'ms' });
  return figures;
}

const invokedDirectly = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (invokedDirectly) {
  const argv = process.argv.slice(2);
  const num = (name: string) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : undefined);
  const figures = await benchHistory({ quick: argv.includes('--quick'), snapshots: num('--snapshots'), settings: num('--settings'), servers: num('--servers') });
  for (const f of figures) console.log(`${f.what.padEnd(70)} ${f.value.toFixed(f.unit === 'ms' ? 0 : 1).padStart(8)} ${f.unit}${f.target ? `  target ${f.target} ${f.pass ? 'PASS' : 'FAIL'}` : ''}${f.note ? `  (${f.note})` : ''}`);
}
