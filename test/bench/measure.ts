// Running commands and timing them for the benchmarks: wall time measured here, CPU time, peak memory and first
// touches of memory by GNU time where it is installed; two commands run in turn so that the machine's changes of
// speed hit both (used by run.ts, the bench, and in-turn.ts, two builds compared).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Run {
  wallMs: number;
  /** Peak resident set size of the child, from GNU time, in bytes (undefined where GNU time is missing). */
  peakRss?: number;
  /** User + system CPU time of the child, from GNU time (the machine may be shared: CPU time is steadier than wall). */
  cpuMs?: number;
  /** Pages the child touched for the first time (minor page faults), from GNU time. */
  faults?: number;
  code: number | null;
  stderr: string;
}

const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** Runs a command; wall time is measured here, peak memory by `/usr/bin/time -v` when present. */
export function runCommand(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const argv = gnuTime ? ['-v', cmd, ...args] : args;
    const start = process.hrtime.bigint();
    const child = spawn(gnuTime ?? cmd, argv, { cwd: opts.cwd ?? root, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
      const sys = /System time \(seconds\): ([\d.]+)/.exec(stderr);
      const cpuMs = user && sys ? (Number(user[1]) + Number(sys[1])) * 1000 : undefined;
      const faults = /Minor \(reclaiming a frame\) page faults: (\d+)/.exec(stderr);
      resolve({ wallMs, peakRss: rss ? Number(rss[1]) * 1024 : undefined, cpuMs, faults: faults ? Number(faults[1]) : undefined, code, stderr: stderr.replace(/\n\tCommand being timed[\s\S]*$/, '') });
    });
  });
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export interface Cmd {
  cmd: string;
  args: string[];
  /** The exit codes that count as a run (others stop the section with the command's first lines of stderr). */
  expect: (code: number | null) => boolean;
}

/** Median wall and CPU time and the largest peak RSS of some runs. */
export interface Stats {
  wallMs: number;
  cpuMs?: number;
  peakRss?: number;
  /** Median pages touched for the first time. */
  faults?: number;
  /** The exit code and first line of stderr of the last run. */
  code: number | null;
  stderr: string;
}

export function stats(runs: Run[]): Stats {
  const rss = runs.map((r) => r.peakRss).filter((x): x is number => x !== undefined);
  const cpu = runs.map((r) => r.cpuMs).filter((x): x is number => x !== undefined);
  const faults = runs.map((r) => r.faults).filter((x): x is number => x !== undefined);
  const last = runs[runs.length - 1];
  return { wallMs: median(runs.map((r) => r.wallMs)), cpuMs: cpu.length ? median(cpu) : undefined, faults: faults.length ? median(faults) : undefined, peakRss: rss.length ? Math.max(...rss) : undefined, code: last?.code ?? null, stderr: last?.stderr.trim().split('\n')[0] ?? '' };
}

export async function runChecked(c: Cmd): Promise<Run> {
  const r = await runCommand(c.cmd, c.args);
  if (!c.expect(r.code)) throw new Error(`${c.cmd} ${c.args.join(' ')} exited ${r.code}: ${r.stderr.trim().split('\n').slice(0, 5).join(' | ')}`);
  return r;
}

/**
 * Runs a command `n` times after one warm-up (file cache) and keeps the median wall and CPU time and the max
 * peak RSS. A warm-up slower than 10 s counts as the only run, so that a slow build cannot stall the bench.
 */
export async function repeat(n: number, cmd: string, args: string[], expect: (code: number | null) => boolean): Promise<Stats> {
  return (await paired(n, { cmd, args, expect })).a;
}

export interface Paired {
  a: Stats;
  b: Stats;
  /** Median of the ratios A/B of the runs made together (wall time), and of CPU time where GNU time gave it. */
  ratio: number;
  cpuRatio?: number;
  /** The ratios A/B of each pair of runs, in the order run. */
  ratios: number[];
  cpuRatios: number[];
}

/**
 * A command and its baseline in turn (A B A B …, or with `alternate` A B B A A B …, so that neither always runs
 * right after the other) after one warm-up each, so that a change in the machine's speed (other work on a shared
 * machine) hits both: the medians of each, and the median of the ratios A/B of the runs made together. A warm-up
 * of A slower than 10 s is the only run of each.
 */
export async function paired(n: number, a: Cmd, b?: Cmd, alternate = false): Promise<Paired> {
  const pair = async (i: number): Promise<[Run, Run | undefined]> => {
    if (b === undefined) return [await runChecked(a), undefined];
    if (alternate && i % 2 === 1) {
      const second = await runChecked(b);
      return [await runChecked(a), second];
    }
    return [await runChecked(a), await runChecked(b)];
  };
  const runs: [Run, Run | undefined][] = [await pair(0)];
  if (runs[0][0].wallMs <= 10_000) {
    runs.length = 0;
    for (let i = 0; i < n; i++) runs.push(await pair(i));
  }
  const withB = runs.filter((r): r is [Run, Run] => r[1] !== undefined);
  const cpuPairs = withB.filter(([x, y]) => x.cpuMs !== undefined && y.cpuMs !== undefined && (y.cpuMs ?? 0) > 0);
  const ratios = withB.map(([x, y]) => x.wallMs / y.wallMs);
  const cpuRatios = cpuPairs.map(([x, y]) => (x.cpuMs as number) / (y.cpuMs as number));
  return {
    a: stats(runs.map((r) => r[0])),
    b: stats(withB.map((r) => r[1])),
    ratio: median(ratios),
    ...(cpuRatios.length > 0 ? { cpuRatio: median(cpuRatios) } : {}),
    ratios,
    cpuRatios,
  };
}
