// Parse throughput and peak memory on synthetic UTF-16LE ClearSCADA exports; `node --import tsx test/bench/parse.ts [MB...]`.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeExportOfSize } from './generate.js';

export interface ParseBenchRow {
  name: string;
  /** File size in MB (2^20 bytes). */
  mb: number;
  /** Best wall time of the runs for reading and parsing the file (`readRegistryFile`). */
  seconds: number;
  mbPerSec: number;
  /** Highest peak resident set size of the measuring processes, node and tsx included. */
  peakRssMB: number;
  /** CPU time (user + system) of the best run: steadier than wall time on a shared, busy machine. */
  cpuSeconds: number;
  mbPerCpuSec: number;
}

const MB = 1 << 20;
const thisFile = fileURLToPath(import.meta.url);

interface Measurement {
  seconds: number;
  cpuSeconds: number;
  peakRssMB: number;
  keys: number;
  values: number;
}

/** Runs one measurement in a fresh process, so that peak RSS belongs to this parse alone. */
function measureInChild(file: string): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, thisFile, '--measure', file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`parse benchmark child exited with ${code}`));
      else resolve(JSON.parse(out) as Measurement);
    });
  });
}

async function measure(file: string): Promise<Measurement> {
  const { readRegistryFile } = await import('../../src/collect/registry/index.js');
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const tree = await readRegistryFile(file);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  let values = 0;
  for (const k of tree.keys) values += k.values.length;
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakRssMB: process.resourceUsage().maxRSS / 1024, keys: tree.keys.length, values };
}

/** Generates an export of each size in a temporary folder and measures `readRegistryFile` on it (best of `runs`). */
export async function benchParse(opts: { sizesMB?: number[]; runs?: number } = {}): Promise<ParseBenchRow[]> {
  const sizes = opts.sizesMB ?? [10, 100];
  const runs = opts.runs ?? 3;
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-bench-parse-'));
  const rows: ParseBenchRow[] = [];
  try {
    for (const size of sizes) {
      const file = join(dir, `export-${size}mb.reg`);
      const bytes = await writeExportOfSize(file, size * MB, 42);
      let best: Measurement | undefined;
      let peak = 0;
      for (let r = 0; r < runs; r++) {
        const m = await measureInChild(file);
        if (best === undefined || m.seconds < best.seconds) best = m;
        peak = Math.max(peak, m.peakRssMB);
      }
      const b = best as Measurement;
      const mb = bytes / MB;
      rows.push({
        name: `parse ${size} MB UTF-16LE export`,
        mb: round(mb),
        seconds: round(b.seconds, 3),
        mbPerSec: round(mb / b.seconds),
        peakRssMB: round(peak),
        cpuSeconds: round(b.cpuSeconds, 3),
        mbPerCpuSec: round(mb / b.cpuSeconds),
      });
      rmSync(file, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  if (args[0] === '--measure') {
    process.stdout.write(JSON.stringify(await measure(args[1])));
  } else {
    const sizesMB = args.length > 0 ? args.map(Number) : undefined;
    const rows = await benchParse({ sizesMB });
    console.log('benchmark                           MB   seconds    MB/s  cpu seconds  MB/cpu-s  peak RSS MB');
    for (const r of rows) {
      console.log(
        `${r.name.padEnd(30)} ${String(r.mb).padStart(7)} ${r.seconds.toFixed(3).padStart(9)} ${String(r.mbPerSec).padStart(7)} ${r.cpuSeconds.toFixed(3).padStart(12)} ${String(r.mbPerCpuSec).padStart(9)} ${String(r.peakRssMB).padStart(12)}`,
      );
    }
  }
}
