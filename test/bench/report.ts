// Report benchmark: time and peak memory of the HTML and PDF formats for n hand-built findings (targets of issue 4).
// Standalone: `node --import tsx test/bench/report.ts [n]`; `npm run bench` calls benchReport().
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { renderAudit, type FormatName } from '../../src/report/index.js';
import { manyFindings, sampleResult } from '../report-fixture.js';
import type { Figure } from './run.js';

export type ReportFigure = Figure;

interface ChildResult {
  ms: number;
  /** CPU time of the render (user + system): steadier than wall time on a shared machine. */
  cpuMs: number;
  bytes: number;
  peakRssMB: number;
}

const targets: Partial<Record<FormatName, number>> = { html: 2000, pdf: 10_000 };
const memoryTargetMB = 500;

/** Renders one format in this process (the child side): time of the render, output size, peak RSS. */
async function measureHere(format: FormatName, n: number): Promise<ChildResult> {
  const result = sampleResult(manyFindings(n));
  // Load the formatter (handlebars, pdfkit, fonts) before the clock starts: that is start-up, not rendering.
  await renderAudit(sampleResult(manyFindings(3)), format, { color: false });
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const out = await renderAudit(result, format, { color: false });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000, bytes: typeof out === 'string' ? Buffer.byteLength(out) : out.length, peakRssMB: process.resourceUsage().maxRSS / 1024 };
}

/** Each format runs in a fresh process, so that its peak memory is its own. */
function measureInChild(format: FormatName, n: number): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', format, String(n)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as ChildResult) : reject(new Error(`report bench child for ${format} exited with ${code}`))));
  });
}

/**
 * Ten times the findings may cost at most this much more than ten times the time, per finding: a report that
 * stays linear (issue #13: JSON, HTML and PDF linear to 100,000 findings) measures within the machine's noise of 1.
 */
const linearTarget = 1.5;

/** The sizes each format's scaling is measured between: 10,000 and 100,000 findings (PDF: 2,000 and 20,000, as it is slower). */
const scaling: [FormatName, number][] = [
  ['json', 10_000],
  ['html', 10_000],
  ['pdf', 2_000],
];

/**
 * Time and peak memory of the HTML and PDF reports for `n` findings (default 10,000), and (not with quick) how
 * each format's CPU time per finding grows from a size to ten times it.
 */
export async function benchReport(opts: number | { n?: number; quick?: boolean } = 10_000): Promise<ReportFigure[]> {
  const n = typeof opts === 'number' ? opts : (opts.n ?? 10_000);
  const quick = typeof opts === 'object' && opts.quick === true;
  const figures: ReportFigure[] = [];
  for (const format of ['html', 'pdf'] as FormatName[]) {
    const r = await measureInChild(format, n);
    const target = targets[format]!;
    figures.push({ id: `${format}.ms`, what: `${format} report, ${n} findings`, value: r.ms, unit: 'ms', target: `< ${target / 1000} s`, pass: r.ms < target, note: `${(r.bytes / 1024 / 1024).toFixed(1)} MB; CPU ${(r.cpuMs / 1000).toFixed(1)} s; load average ${loadavg()[0]!.toFixed(1)}` });
    figures.push({ id: `${format}.peakRssMB`, what: `  peak memory`, value: r.peakRssMB, unit: 'MB', target: `< ${memoryTargetMB} MB`, pass: r.peakRssMB < memoryTargetMB });
  }
  if (quick) return figures;
  for (const [format, small] of scaling) {
    const a = await measureInChild(format, small);
    const b = await measureInChild(format, small * 10);
    // CPU time: steadier than wall time on a shared machine.
    const growth = b.cpuMs / (10 * a.cpuMs);
    figures.push({
      id: `${format}.linear`,
      what: `${format} report, ${small * 10} findings vs 10x ${small}`,
      value: growth,
      unit: 'x',
      target: `≤ ${linearTarget}x`,
      pass: growth <= linearTarget,
      note: `CPU ${(a.cpuMs / 1000).toFixed(1)} s → ${(b.cpuMs / 1000).toFixed(1)} s; peak ${a.peakRssMB.toFixed(0)} → ${b.peakRssMB.toFixed(0)} MB`,
    });
  }
  return figures;
}

const argv = process.argv.slice(2);
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (argv[0] === '--child') {
    process.stdout.write(JSON.stringify(await measureHere(argv[1] as FormatName, Number(argv[2]))));
  } else {
    const n = argv[0] ? Number(argv[0]) : 10_000;
    for (const f of await benchReport(n)) {
      const verdict = f.pass === undefined ? '' : f.pass ? 'PASS' : 'MISS';
      console.log(`${f.what.padEnd(42)} ${`${f.value.toFixed(f.unit === 'x' ? 2 : 0)} ${f.unit}`.padStart(10)}  ${(f.target ?? '').padEnd(10)} ${verdict}${f.note ? `  (${f.note})` : ''}`);
    }
  }
}
