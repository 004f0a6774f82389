// Two builds of pairaudit compared on the same audits, run in turn: whether a change made the command faster or
// slower, and by how much, on a machine whose speed drifts while it is measured (a shared 2-core host drifts by
// 1.4-1.8x over minutes; two runs of the same build differ by a few percent). Each pair of runs makes one ratio
// new/base, the order alternated (new base, base new, …) so that neither build always runs second; the figures are
// the median ratio, the middle half of the ratios, and a sign test: how likely a split this uneven between pairs
// the new build won and lost would be if neither build were faster. The same build as both (`--base` the
// checkout's own bin) measures the machine's noise. How to run it: USAGE below (`--help`).
import { existsSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_WORK, pairFiles } from './inputs.js';
import { paired, type Paired, type Stats } from './measure.js';
import { installedBin } from '../prerequisites.js';
import { FORMATS } from '../../src/vocabulary.js';

export interface InTurnOptions {
  base: string;
  bin: string;
  pairs: number;
  sizes: number[];
  work: string;
  format: string;
  /** Servers to audit (the Main first); empty: the generated pairs of `sizes`. */
  servers: string[];
}

/** A bad argument: said in one line, exit 2. */
export class ArgumentError extends Error {}

export const USAGE = `usage: node --import tsx test/bench/in-turn.ts --base OTHER/dist/cli/launch.cjs [--bin FILE] [--pairs 10]
         [--sizes 20000,200000] [--work DIR] [--format json] [SERVER …]
Runs the same audits with both builds in turn, a pair of runs at a time (order alternated), and reports the median
ratio new/base of wall and CPU time, the middle half of the ratios and a sign test. SERVER …: audit these (the Main
first) instead of the generated pairs of --sizes. Exit 0; 1 when an audit fails; 2 for a bad argument.`;

/** The options of `argv`; undefined when it asks for the usage (--help). */
export function parseInTurnArgs(argv: readonly string[]): InTurnOptions | undefined {
  const o: InTurnOptions = { base: '', bin: installedBin, pairs: 10, sizes: [20_000, 200_000], work: DEFAULT_WORK, format: 'json', servers: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') return undefined;
    if (!a.startsWith('--')) {
      o.servers.push(resolve(a));
      continue;
    }
    const value = argv[++i];
    if (value === undefined) throw new ArgumentError(`${a} needs a value`);
    if (a === '--base') o.base = resolve(value);
    else if (a === '--bin') o.bin = resolve(value);
    else if (a === '--work') o.work = resolve(value);
    else if (a === '--pairs') o.pairs = wholeNumber(a, value);
    else if (a === '--sizes') o.sizes = value.split(',').map((s) => wholeNumber(a, s));
    else if (a === '--format') {
      if (!(FORMATS as readonly string[]).includes(value)) throw new ArgumentError(`--format: "${value}" is not one of ${FORMATS.join(', ')}`);
      o.format = value;
    } else throw new ArgumentError(`unknown option ${a} (options: --base --bin --pairs --sizes --work --format)`);
  }
  if (o.base === '') throw new ArgumentError('--base FILE is needed: the other build\'s dist/cli/launch.cjs');
  for (const [what, file] of [['--base', o.base], ['--bin', o.bin]] as const) if (!isFile(file)) throw new ArgumentError(`${what}: no such file ${file}`);
  if (o.servers.length === 1) throw new ArgumentError('one server given: an audit needs the Main and at least one other');
  for (const s of o.servers) if (!existsSync(s)) throw new ArgumentError(`no such file or folder ${s}`);
  return o;
}

function wholeNumber(option: string, text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1) throw new ArgumentError(`${option}: "${text}" is not a whole number of at least 1`);
  return n;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** How a set of ratios new/base reads: the median, the middle half, and how the pairs split about 1. */
export interface RatioSummary {
  n: number;
  median: number;
  /** The first and third quartiles (linear interpolation between the sorted ratios). */
  q1: number;
  q3: number;
  /** Pairs where the new build took less time (ratio below 1) and more (above 1); a tie counts in neither. */
  faster: number;
  slower: number;
  /** The sign test's two-sided p: the chance of a split at least this uneven were neither build faster. */
  p: number;
}

export function summariseRatios(ratios: readonly number[]): RatioSummary {
  if (ratios.length === 0) throw new Error('no ratios to summarise');
  const s = [...ratios].sort((a, b) => a - b);
  const at = (q: number): number => {
    const x = q * (s.length - 1);
    const lo = Math.floor(x);
    return lo + 1 < s.length ? s[lo] + (x - lo) * (s[lo + 1] - s[lo]) : s[lo];
  };
  const faster = s.filter((r) => r < 1).length;
  const slower = s.filter((r) => r > 1).length;
  return { n: s.length, median: at(0.5), q1: at(0.25), q3: at(0.75), faster, slower, p: signTest(faster, slower) };
}

/** Two-sided sign test of `a` successes against `b` failures (exact binomial, p = ½): 1 for an even split or none. */
export function signTest(a: number, b: number): number {
  const n = a + b;
  const k = Math.min(a, b);
  let tail = 0;
  let choose = 1; // C(n, i), built up from C(n, 0)
  for (let i = 0; i <= k; i++) {
    tail += choose;
    choose = (choose * (n - i)) / (i + 1);
  }
  return Math.min(1, (2 * tail) / 2 ** n);
}

/** The lines that report one comparison. */
export function describe(label: string, r: Paired): string[] {
  const wall = summariseRatios(r.ratios);
  const lines = [`${label}: ${wall.n} pair${wall.n === 1 ? '' : 's'} of runs in turn (order alternated)`];
  lines.push(line('wall', r.a.wallMs, r.b.wallMs, 's', wall));
  if (r.cpuRatios.length > 0 && r.a.cpuMs !== undefined && r.b.cpuMs !== undefined) lines.push(line('CPU', r.a.cpuMs, r.b.cpuMs, 's', summariseRatios(r.cpuRatios)));
  if (r.a.peakRss !== undefined && r.b.peakRss !== undefined) lines.push(`  peak  new ${mb(r.a)}  base ${mb(r.b)}  (largest of the runs)`);
  return lines;
}

function line(what: string, a: number, b: number, unit: string, s: RatioSummary): string {
  const seconds = (ms: number): string => `${(ms / 1000).toFixed(3)} ${unit}`;
  const verdict = s.p < 0.05 ? (s.median < 1 ? 'new faster' : 'new slower') : 'no difference shown';
  return `  ${what.padEnd(4)}  new ${seconds(a)}  base ${seconds(b)}  new/base ${s.median.toFixed(3)}  (middle half ${s.q1.toFixed(3)}-${s.q3.toFixed(3)}; new faster in ${s.faster} of ${s.n}, sign test p ${s.p.toFixed(3)}: ${verdict})`;
}

function mb(s: Stats): string {
  return `${((s.peakRss ?? 0) / 1024 / 1024).toFixed(1)} MB`;
}

async function main(): Promise<void> {
  const o = parseInTurnArgs(process.argv.slice(2));
  if (o === undefined) {
    console.log(USAGE);
    return;
  }
  const sets: { label: string; servers: string[] }[] =
    o.servers.length > 0 ? [{ label: o.servers.map((s) => relative(process.cwd(), s)).join(' '), servers: o.servers }] : [];
  for (const settings of o.servers.length > 0 ? [] : o.sizes) {
    const { main: m, standby, bytes } = await pairFiles(o.work, settings);
    sets.push({ label: `${settings / 1000}k pair (${(bytes / 1024 / 1024).toFixed(1)} MB)`, servers: [m, standby] });
  }
  console.log(`new  ${relative(process.cwd(), o.bin)}\nbase ${relative(process.cwd(), o.base)}\naudit --format ${o.format}`);
  const ok = (c: number | null): boolean => c === 0 || c === 1 || c === 3;
  for (const set of sets) {
    const args = (bin: string): string[] => [bin, 'audit', ...set.servers, '--format', o.format];
    const r = await paired(o.pairs, { cmd: process.execPath, args: args(o.bin), expect: ok }, { cmd: process.execPath, args: args(o.base), expect: ok }, true);
    console.log(describe(set.label, r).join('\n'));
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await main();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`in-turn: ${message.split('\n')[0]}\n`);
    process.exitCode = e instanceof ArgumentError ? 2 : 1;
  }
}
