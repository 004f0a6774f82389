// `npm run bench`: generates synthetic exports, times pairaudit against the targets of issue 6 and against `iconv | diff -u`, prints a table, writes results/latest.json.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writePair, writeExportOfSize } from './generate.js';
import { cached, DEFAULT_WORK, pairFiles } from './inputs.js';
import { writeDeepKey, writeDeletions } from './limits.js';
import { auditScalePair, expectedScaleDrift } from './engine-scale.js';
import { bundleState, installedBin } from '../prerequisites.js';
import { firstTouchMicros, PAGE_BYTES } from './first-touch.js';
import { paired, repeat, runCommand, type Cmd, type Paired, type Run, type Stats } from './measure.js';

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = join(benchDir, '..', '..');
const bin = installedBin;

// ─── Options ────────────────────────────────────────────────────────────────────────────────────

interface Options {
  quick: boolean;
  only?: Set<string>;
  work: string;
  fleetPairs: number;
  parseMB: number[];
  pairSizes: number[];
  repeats: number;
}

function parseArgs(argv: string[]): Options {
  const quick = argv.includes('--quick');
  const opt = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const only = opt('--only');
  return {
    quick,
    only: only === undefined ? undefined : new Set(only.split(',')),
    work: opt('--work') ?? DEFAULT_WORK,
    fleetPairs: Number(opt('--fleet-pairs') ?? (quick ? 100 : 500)),
    parseMB: quick ? [1, 20] : [1, 20, 100],
    pairSizes: [2_000, 20_000, 200_000],
    repeats: Number(opt('--repeats') ?? (quick ? 3 : 5)),
  };
}

// ─── The table ──────────────────────────────────────────────────────────────────────────────────

export interface Figure {
  /** Stable id of the figure (JSON key). */
  id: string;
  what: string;
  value: number;
  unit: string;
  /** Human target, e.g. "≥ 100 MB/s"; absent for figures reported for information. */
  target?: string;
  pass?: boolean;
  note?: string;
}

const figures: Figure[] = [];
function add(f: Figure): void {
  figures.push(f);
  const verdict = f.pass === undefined ? '' : f.pass ? 'PASS' : 'MISS';
  console.log(`  ${f.what.padEnd(58)} ${fmt(f.value, f.unit).padStart(14)}  ${(f.target ?? '').padEnd(22)} ${verdict}${f.note ? `  (${f.note})` : ''}`);
}
function fmt(v: number, unit: string): string {
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
  return `${v.toFixed(digits)} ${unit}`;
}
const MB = 1024 * 1024;

// ─── Sections ───────────────────────────────────────────────────────────────────────────────────

type ParseFn = (bytes: Uint8Array, opts: { file: string }) => unknown;

interface ParseBenchRow {
  name: string;
  mb: number;
  seconds: number;
  mbPerSec: number;
  peakRssMB: number;
}

/** Parse throughput: the parser's own benchmark (`test/bench/parse.ts`) when present, else `parseRegistry` in-process. */
async function benchParseThroughput(o: Options): Promise<void> {
  const external = await optionalModule<{ benchParse?: (opts: { sizesMB?: number[]; runs?: number }) => Promise<ParseBenchRow[]> }>('./parse.js');
  const largest = Math.max(...o.parseMB);
  if (external?.benchParse) {
    console.log('\nparse (test/bench/parse.ts: readRegistryFile in a fresh process, best of 3)');
    for (const row of await external.benchParse({ sizesMB: o.parseMB, runs: 3 })) {
      const big = row.mb >= largest * 0.9;
      add({ id: `parse.${Math.round(row.mb)}MB`, what: `${row.name} (${row.mb} MB)`, value: row.mbPerSec, unit: 'MB/s', ...(big ? { target: '≥ 100 MB/s', pass: row.mbPerSec >= 100 } : {}) });
      add({ id: `parse.${Math.round(row.mb)}MB.peakRssMB`, what: '  peak RSS', value: row.peakRssMB, unit: 'MB', note: `${(row.peakRssMB / row.mb).toFixed(1)}x the file` });
    }
    return;
  }
  console.log('\nparse (in-process parseRegistry, best of 3)');
  const registry = await optionalModule<{ parseRegistry?: ParseFn }>(pathToFileURL(join(root, 'dist', 'collect', 'registry', 'index.js')).href);
  if (!registry?.parseRegistry) {
    add({ id: 'parse.missing', what: 'parser not built (dist/collect/registry/index.js)', value: 0, unit: 'MB/s', target: '≥ 100 MB/s', pass: false });
    return;
  }
  for (const mb of o.parseMB) {
    const file = join(o.work, `parse-${mb}MB.reg`);
    await cached(join(o.work, `parse-${mb}MB`), { mb }, async () => void (await writeExportOfSize(file, mb * MB, 7)));
    const bytes = readFileSync(file);
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const t = process.hrtime.bigint();
      registry.parseRegistry(bytes, { file });
      best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e6);
    }
    const rate = bytes.length / MB / (best / 1000);
    add({ id: `parse.${mb}MB`, what: `parse ${(bytes.length / MB).toFixed(1)} MB export`, value: rate, unit: 'MB/s', ...(mb === largest ? { target: '≥ 100 MB/s', pass: rate >= 100 } : {}) });
  }
}

/** Microseconds a first touch of a page costs on this machine (first-touch.ts), measured once a run, when first asked for. */
let touchCost: { micros: number | undefined } | undefined;
function touchMicros(): number | undefined {
  touchCost ??= { micros: firstTouchMicros() };
  return touchCost.micros;
}

async function benchAudits(o: Options): Promise<void> {
  console.log(`\naudit a pair to JSON (built bin, start-up included) against diff -u of the iconv'd exports, in turn, median of ${o.repeats}`);
  const micros = touchMicros();
  if (micros !== undefined) add({ id: 'audit.firstTouchUs', what: 'first touch of a fresh 4 KB page on this machine', value: micros, unit: 'us', note: `${((micros * MB) / PAGE_BYTES / 1000).toFixed(1)} ms per MB touched` });
  for (const settings of o.pairSizes) {
    const { main, standby, bytes } = await pairFiles(o.work, settings);
    const label = `${settings / 1000}k`;
    const args = [bin, 'audit', main, standby, '--format', 'json'];
    const auditOk = (c: number | null): boolean => c === 0 || c === 1 || c === 3;
    let r: Paired;
    let workaround = '';
    try {
      r = await paired(o.repeats, { cmd: process.execPath, args, expect: auditOk }, diffOf(main, standby));
    } catch (e) {
      // One size failing (e.g. a crash on a large pair) must not hide the others' figures.
      const why = e instanceof Error ? e.message.replace(/^.*?exited/, 'exited').slice(0, 160) : String(e);
      add({ id: `audit.${label}.failed`, what: `audit ${label}-setting pair (${(bytes / MB).toFixed(1)} MB)`, value: 0, unit: '', target: settings === 200_000 ? '≤ 3x diff' : settings === 20_000 ? '< 500 ms' : undefined, pass: false, note: why });
      if (!why.includes('Maximum call stack size exceeded')) continue;
      // A stack overflow is a bug to fix, but the time the audit would take is still worth knowing.
      r = await paired(o.repeats, { cmd: process.execPath, args: ['--stack-size=4000', ...args], expect: auditOk }, diffOf(main, standby));
      workaround = ' (with node --stack-size=4000)';
    }
    addPair(`audit.${label}`, `audit ${label}-setting pair (${(bytes / MB).toFixed(1)} MB)${workaround}`, r, bytes, {
      ...(settings === 20_000 ? { wall: { target: '< 500 ms', pass: r.a.wallMs < 500 } } : {}),
      ...(settings === 200_000 ? { ratio: { target: '≤ 3x', pass: r.ratio <= 3 } } : {}),
      // Node's own ~45 MB dominates small inputs, so the 5x target is judged on the largest pair.
      ...(settings === Math.max(...o.pairSizes) ? { rss: true } : {}),
    });
  }
}

/** `diff -u` of the two exports decoded by iconv: what a user would do without pairaudit (exit 1: they differ). */
function diffOf(main: string, standby: string): Cmd {
  return { cmd: 'bash', args: ['-c', `diff -u <(iconv -f utf-16 -t utf-8 '${main}') <(iconv -f utf-16 -t utf-8 '${standby}') > /dev/null`], expect: (c) => c === 0 || c === 1 };
}

const cpuNote = (r: Stats): { note?: string } => (r.cpuMs === undefined ? {} : { note: `CPU ${r.cpuMs.toFixed(0)} ms` });

/** The figures of an audit against `diff -u`: its time, the baseline's, their ratio (wall, and CPU in the note) and its peak RSS. */
function addPair(id: string, what: string, r: Paired, bytes: number, targets: { wall?: { target: string; pass: boolean }; ratio?: { target: string; pass: boolean }; rss?: boolean }): void {
  add({ id: `${id}.wallMs`, what, value: r.a.wallMs, unit: 'ms', ...(targets.wall ?? {}), ...cpuNote(r.a) });
  add({ id: `${id}.diffMs`, what: `  iconv | diff -u on the same files`, value: r.b.wallMs, unit: 'ms', ...cpuNote(r.b) });
  add({ id: `${id}.ratio`, what: `  pairaudit / diff -u (runs in turn)`, value: r.ratio, unit: 'x', ...(targets.ratio ?? {}), ...(r.cpuRatio === undefined ? {} : { note: `CPU ${r.cpuRatio.toFixed(1)}x` }) });
  if (r.a.peakRss !== undefined) {
    const times = r.a.peakRss / bytes;
    add({ id: `${id}.peakRssMB`, what: `  peak RSS`, value: r.a.peakRss / MB, unit: 'MB', ...(targets.rss === true ? { target: `< 5x input (${((5 * bytes) / MB).toFixed(0)} MB)`, pass: times < 5 } : {}), note: `${times.toFixed(1)}x input${r.b.peakRss === undefined ? '' : `; diff -u ${(r.b.peakRss / MB).toFixed(0)} MB`}` });
  }
  if (r.a.faults !== undefined && r.b.faults !== undefined) {
    const touched = (faults: number): number => (faults * PAGE_BYTES) / MB;
    const micros = touchMicros();
    const costs = micros === undefined ? '' : `; at this machine's cost ≈ ${((r.a.faults * micros) / 1000).toFixed(0)} ms against ${((r.b.faults * micros) / 1000).toFixed(0)} ms`;
    add({ id: `${id}.touchedMB`, what: `  memory first touched (page faults)`, value: touched(r.a.faults), unit: 'MB', note: `diff -u ${touched(r.b.faults).toFixed(0)} MB${costs}` });
  }
}

/**
 * Resource bounds (issue #11 point 5), one run each: a 1,000,000-value pair audits without exit 70 (it ended
 * in `Invalid string length` once); 20,000 `[-key]` sections collect quickly (6.6 s once: every deletion
 * scanned every key); a 30,000-level key path is refused at once (it ran out of heap once).
 */
async function benchLimits(o: Options): Promise<void> {
  console.log('\nlimits: inputs shaped to hit a resource bound (one run each)');
  const dir = join(o.work, 'limits');
  mkdirSync(dir, { recursive: true });
  const runNote = (r: Run): { note?: string } => (r.cpuMs === undefined ? {} : { note: `CPU ${r.cpuMs.toFixed(0)} ms${r.peakRss === undefined ? '' : `, peak RSS ${(r.peakRss / MB).toFixed(0)} MB`}` });
  if (!o.quick) {
    const { main, standby, bytes } = await pairFiles(o.work, 1_000_000);
    // Any exit is a run here: the figure says whether it was 0, 1 or 3 (it ended in exit 70 once).
    const r = await paired(1, { cmd: process.execPath, args: [bin, 'audit', main, standby, '--format', 'json'], expect: () => true }, diffOf(main, standby));
    const ok = r.a.code === 0 || r.a.code === 1 || r.a.code === 3;
    addPair('limits.audit1m', `audit a 1,000,000-value pair (${(bytes / MB).toFixed(0)} MB)`, r, bytes, { wall: { target: 'exit 0, 1 or 3', pass: ok } });
    if (!ok) console.log(`  exit ${r.a.code}: ${r.a.stderr.slice(0, 160)}`);
  }
  // In-process engine audit of 200,000 settings a server (was test/engine-scale.test.ts): no stack overflow, the one drift found.
  const engineStart = Date.now();
  const failed = await auditScalePair(200_000, 123_456);
  const found = JSON.stringify(failed) === JSON.stringify(expectedScaleDrift(123_456));
  add({ id: 'limits.engine200k.wallMs', what: 'engine: audit 200,000 settings a server in-process', value: Date.now() - engineStart, unit: 'ms', target: 'the one drift found', pass: found, ...(found ? {} : { note: `failed: ${failed.slice(0, 3).join(', ')}` }) });
  const deletions = join(dir, 'deletions.reg');
  writeDeletions(deletions, 20_000);
  const del = await runCommand(process.execPath, [bin, 'collect', deletions]);
  add({ id: 'limits.deletions.wallMs', what: 'collect an export with 20,000 [-key] sections', value: del.wallMs, unit: 'ms', target: '< 2 s (CPU time)', pass: del.code === 0 && (del.cpuMs ?? del.wallMs) < 2000, ...runNote(del) });
  const deep = join(dir, 'deep.reg');
  const deepBytes = writeDeepKey(deep, 30_000);
  const d = await runCommand(process.execPath, [bin, 'parse', deep]);
  add({ id: 'limits.deepKey.wallMs', what: `parse a 30,000-level key path (${(deepBytes / 1024).toFixed(0)} KB): refused`, value: d.wallMs, unit: 'ms', target: 'exit 2', pass: d.code === 2, ...runNote(d) });
}

async function benchFleet(o: Options): Promise<void> {
  const n = o.fleetPairs;
  console.log(`\nfleet of ${n} pairs of 2k settings (built bin, --jobs ${cpus().length})`);
  const dir = join(o.work, `fleet-${n}`);
  const inventory = join(dir, 'inventory.yaml');
  await cached(dir, { n, settings: 2000 }, async () => {
    const lines = ['# generated by test/bench/run.ts', 'sites:'];
    for (let s = 0; s < n / 5; s++) {
      lines.push(`  - name: site-${String(s).padStart(3, '0')}`, '    pairs:');
      for (let p = 0; p < 5; p++) {
        const name = `pair-${p}`;
        const base = `site-${String(s).padStart(3, '0')}/${name}`;
        await writePair(join(dir, base, 'main.reg'), join(dir, base, 'standby.reg'), { settings: 2000, seed: 1000 + s * 5 + p, name: `s${s}p${p}` });
        lines.push(`      - name: ${name}`, '        servers:', `          main: ${base}/main.reg`, `          standby-a: ${base}/standby.reg`);
      }
    }
    writeFileSync(inventory, lines.join('\n') + '\n');
  });
  const runs = o.quick ? 1 : 2;
  const r = await repeat(runs, process.execPath, [bin, 'fleet', inventory, '--format', 'json', '--jobs', String(cpus().length)], (c) => c !== null && c !== 70);
  const limit = (30_000 * n) / 500;
  add({ id: `fleet.${n}.wallMs`, what: `fleet audit, ${n} pairs`, value: r.wallMs / 1000, unit: 's', target: n === 500 ? '< 30 s' : `< ${(limit / 1000).toFixed(0)} s (scaled)`, pass: r.wallMs < limit, ...(r.cpuMs === undefined ? {} : { note: `CPU ${(r.cpuMs / 1000).toFixed(1)} s` }) });
  if (r.peakRss !== undefined) add({ id: `fleet.${n}.peakRssMB`, what: '  peak RSS', value: r.peakRss / MB, unit: 'MB' });
}

async function benchStartup(o: Options): Promise<void> {
  const n = o.repeats * 2;
  console.log(`\nstart-up against node -e 0, in turn, median of ${n}`);
  const r = await paired(n, { cmd: process.execPath, args: [bin, '--version'], expect: (c) => c === 0 }, { cmd: process.execPath, args: ['-e', '0'], expect: (c) => c === 0 });
  const rss = (x: Stats): string => (x.peakRss === undefined ? '' : `, peak RSS ${(x.peakRss / MB).toFixed(0)} MB`);
  add({ id: 'startup.versionMs', what: 'pairaudit --version', value: r.a.wallMs, unit: 'ms', note: `CPU ${r.a.cpuMs?.toFixed(0) ?? '?'} ms${rss(r.a)}` });
  add({ id: 'startup.nodeMs', what: '  node -e 0', value: r.b.wallMs, unit: 'ms', note: `CPU ${r.b.cpuMs?.toFixed(0) ?? '?'} ms${rss(r.b)}` });
  add({ id: 'startup.ratio', what: '  ratio (runs in turn)', value: r.ratio, unit: 'x', target: '≤ 3x', pass: r.ratio <= 3, ...(r.cpuRatio === undefined ? {} : { note: `CPU ${r.cpuRatio.toFixed(1)}x` }) });
}

/** Figures from the benchmarks other areas own (`test/bench/report.ts`, `history.ts`), when they exist. */
async function benchOthers(o: Options): Promise<void> {
  for (const [area, file, fn] of [
    ['report', './report.js', 'benchReport'],
    ['history', './history.js', 'benchHistory'],
  ] as const) {
    if (o.only && !o.only.has(area)) continue;
    console.log(`\n${area} (test/bench/${file.replace('.js', '.ts')})`);
    const mod = await optionalModule<Record<string, (opts?: { quick?: boolean }) => Promise<Figure[]>>>(file);
    if (!mod?.[fn]) {
      console.log(`  not available yet (${fn} is not exported)`);
      continue;
    }
    try {
      for (const f of await mod[fn]({ quick: o.quick })) add({ ...f, id: `${area}.${f.id}` });
    } catch (e) {
      console.log(`  ${fn} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

async function optionalModule<T>(specifier: string): Promise<T | undefined> {
  const url = specifier.startsWith('./') ? new URL(specifier, import.meta.url).href : specifier;
  const path = url.startsWith('file:') ? fileURLToPath(url) : url;
  if (!existsSync(path) && !existsSync(path.replace(/\.js$/, '.ts'))) return undefined;
  return (await import(url)) as T;
}

/** What the bin runs for a small input (a stale bundle runs the modules). */
function binBuild(): string {
  const said = { cached: 'the one-file build with its code cache', compiled: 'the one-file build without its code cache (refused by V8 or by its digest)', modules: 'the modules: no bundle, or one older than them (npm run bundle)' };
  return said[bundleState(dirname(bin))];
}

// ─── Main ───────────────────────────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  if (!existsSync(bin)) throw new Error(`${relative(root, bin)} is missing; run \`npm run build\` first (npm run bench does)`);
  mkdirSync(o.work, { recursive: true });
  const started = Date.now();
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${(totalmem() / 1024 ** 3).toFixed(1)} GB, node ${process.version}, ${process.platform}`;
  // Wall times on a shared machine are inflated by other work: say how busy it was.
  const load = loadavg()[0].toFixed(1);
  console.log(`pairaudit bench${o.quick ? ' (--quick)' : ''} — ${machine}, load average ${load} at start`);
  console.log(`  the bin runs ${binBuild()}`);
  console.log(`  ${'figure'.padEnd(58)} ${'measured'.padStart(14)}  ${'target'.padEnd(22)}`);
  const sections: [string, (o: Options) => Promise<void>][] = [
    ['parse', benchParseThroughput],
    ['audit', benchAudits],
    ['fleet', benchFleet],
    ['startup', benchStartup],
    ['limits', benchLimits],
  ];
  for (const [name, fn] of sections) {
    if (o.only && !o.only.has(name)) continue;
    try {
      await fn(o);
    } catch (e) {
      console.log(`  ${name} failed: ${e instanceof Error ? e.message : String(e)}`);
      add({ id: `${name}.failed`, what: `${name}: failed`, value: 0, unit: '', pass: false, note: e instanceof Error ? e.message.slice(0, 200) : String(e) });
    }
  }
  await benchOthers(o);
  const missed = figures.filter((f) => f.pass === false).length;
  const passed = figures.filter((f) => f.pass === true).length;
  console.log(`\n${passed} targets met, ${missed} missed, in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  for (const f of figures.filter((x) => x.pass !== undefined)) console.log(`  ${f.pass ? 'PASS' : 'MISS'}  ${f.what.trim()}: ${fmt(f.value, f.unit)} (target ${f.target ?? '-'})`);
  const out = join(benchDir, 'results', 'latest.json');
  mkdirSync(dirname(out), { recursive: true });
  const result = { date: new Date().toISOString(), machine, loadAverageAtStart: Number(load), loadAverageAtEnd: Number(loadavg()[0].toFixed(1)), quick: o.quick, figures };
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  console.log(`figures written to ${relative(process.cwd(), out)}`);
}

await main();
