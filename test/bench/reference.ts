// Reference outputs: every case's standard output, standard error and exit code from one build of the command,
// written to a folder, and two such folders compared byte for byte. For a change that must leave every output as it
// was (a restructuring, the performance work of issue #13), write the outputs of the build before the change and
// after it, then compare:
//
//   git worktree add /tmp/before HEAD && ln -s "$PWD/node_modules" /tmp/before/node_modules && (cd /tmp/before && npm run build)
//   node --import tsx test/bench/reference.ts write /tmp/ref-before --bin /tmp/before/dist/cli/launch.cjs
//   node --import tsx test/bench/reference.ts write /tmp/ref-after
//   node --import tsx test/bench/reference.ts compare /tmp/ref-before /tmp/ref-after
//
// Both builds read the same inputs (this checkout's fixtures, the bench's generated pairs in --work, the shared
// corpus when it is there) from the same folder, with a fixed clock and secret key, so that only the build differs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installedBin } from '../prerequisites.js';
import { DEFAULT_WORK, pairFiles } from './inputs.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** One run of the command: its name (the files' stem in an output folder) and its arguments. */
export interface ReferenceCase {
  name: string;
  args: string[];
}

export interface ReferenceInputs {
  /** Generated pairs by their number of settings a server. */
  pairs: ReadonlyMap<number, { main: string; standby: string }>;
  /** A folder of pair folders, each with a `main` and its other servers (fixtures/pairs). */
  fixturePairs: string;
  /** The shared corpus of real exports, when it is there. */
  corpus?: string;
}

/** Corpus exports audited as pairs: two versions of one driver's or add-in's registration. */
const CORPUS_PAIRS: readonly [string, string, string][] = [
  ['mqttclient_MQTTClient_v1.reg', 'mqttclient_MQTTClient_v2.reg', 'json'],
  ['sparkplugb_DriverRegistry_v1_dev.reg', 'sparkplugb_DriverRegistry_v2_release.reg', 'text'],
  ['utilityaddin_AddIn.reg', 'utilityaddin_AddIn-Dev.reg', 'json'],
];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]))
    .sort();
}

/**
 * The cases: each generated pair audited to JSON and text, its Standby collected and its Main parsed (the smallest
 * pair as text only); each fixture pair audited to JSON and text; each corpus export collected and parsed, and
 * three corpus pairs audited.
 */
export function referenceCases(inputs: ReferenceInputs): ReferenceCase[] {
  const cases: ReferenceCase[] = [];
  const sizes = [...inputs.pairs.keys()].sort((a, b) => a - b);
  for (const size of sizes) {
    const { main, standby } = inputs.pairs.get(size)!;
    const name = `gen${size}`;
    cases.push({ name: `${name}.text`, args: ['audit', main, standby, '--format', 'text'] });
    if (size === sizes[0] && sizes.length > 1) continue;
    cases.push({ name: `${name}.json`, args: ['audit', main, standby, '--format', 'json'] });
    cases.push({ name: `${name}.collect`, args: ['collect', standby] });
    cases.push({ name: `${name}.parse`, args: ['parse', main] });
  }
  for (const pair of readdirSync(inputs.fixturePairs).sort()) {
    const dir = join(inputs.fixturePairs, pair);
    if (!statSync(dir).isDirectory()) continue;
    const others = readdirSync(dir).filter((s) => s !== 'main').sort().map((s) => join(dir, s));
    for (const format of ['json', 'text']) cases.push({ name: `fx-${pair}.${format}`, args: ['audit', join(dir, 'main'), ...others, '--format', format] });
  }
  if (inputs.corpus !== undefined) {
    const files = filesUnder(inputs.corpus).filter((f) => basename(f) !== 'README.md');
    for (const file of files) {
      cases.push({ name: `co-${basename(file)}.collect`, args: ['collect', file] });
      cases.push({ name: `co-${basename(file)}.parse`, args: ['parse', file] });
    }
    const byName = new Map(files.map((f) => [basename(f), f]));
    CORPUS_PAIRS.forEach(([a, b, format], i) => {
      const [main, standby] = [byName.get(a), byName.get(b)];
      if (main !== undefined && standby !== undefined) cases.push({ name: `co-pair${i + 1}.${format}`, args: ['audit', main, standby, '--format', format] });
    });
  }
  // Two corpus files of one name in different folders would write the same files.
  const names = new Set<string>();
  for (const c of cases) {
    if (names.has(c.name)) throw new Error(`two cases would write ${c.name}.out: give one of their inputs another name`);
    names.add(c.name);
  }
  return cases;
}

/** What every case runs with: a fixed clock and secret key, no colours, UTC, and nothing else of the caller's environment. */
export const REFERENCE_ENV: Readonly<Record<string, string>> = {
  PAIRAUDIT_NOW: '2026-11-30T12:00:00Z',
  PAIRAUDIT_SECRET_KEY: '0123456789abcdef0123456789abcdef',
  NO_COLOR: '1',
  TZ: 'UTC',
};

/** What writeOutputs writes: a case's standard output, standard error and exit code. */
const OUTPUT_FILE = /\.(?:out|err|rc)$/;

/**
 * Runs each case with `bin` in `cwd` and writes `<name>.out`, `.err` and `.rc` into `out`, emptied first. A folder
 * holding anything else (a mistyped path) is refused, not emptied.
 */
export function writeOutputs(cases: readonly ReferenceCase[], bin: string, out: string, cwd: string): void {
  const other = existsSync(out) ? readdirSync(out).find((f) => !OUTPUT_FILE.test(f)) : undefined;
  if (other !== undefined) throw new Error(`${out} holds ${other}, which reference.ts did not write: give a new or empty folder`);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const c of cases) {
    const r = spawnSync(process.execPath, [bin, ...c.args], { cwd, env: { PATH: process.env.PATH ?? '', ...REFERENCE_ENV }, maxBuffer: 1 << 30 });
    if (r.error !== undefined) throw new Error(`${c.name}: ${r.error.message}`);
    writeFileSync(join(out, `${c.name}.out`), r.stdout);
    writeFileSync(join(out, `${c.name}.err`), r.stderr);
    writeFileSync(join(out, `${c.name}.rc`), `${r.status ?? r.signal}\n`);
  }
}

/** The files of two output folders that differ or that one lacks, each as one line; empty when they are the same. */
export function compareOutputs(a: string, b: string): string[] {
  const inA = new Set(readdirSync(a));
  const inB = new Set(readdirSync(b));
  const problems: string[] = [];
  for (const f of [...new Set([...inA, ...inB])].sort()) {
    if (!inA.has(f)) problems.push(`only in ${b}: ${f}`);
    else if (!inB.has(f)) problems.push(`only in ${a}: ${f}`);
    else if (!readFileSync(join(a, f)).equals(readFileSync(join(b, f)))) problems.push(`differs: ${f}`);
  }
  return problems;
}

async function main(argv: string[]): Promise<number> {
  const opt = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const [command, first, second] = argv;
  if (command === 'compare' && first !== undefined && second !== undefined) {
    const problems = compareOutputs(first, second);
    for (const p of problems) console.log(p);
    console.log(problems.length === 0 ? `${readdirSync(first).length / 3} cases: every output the same` : `${problems.length} files differ`);
    return problems.length === 0 ? 0 : 1;
  }
  if (command === 'write' && first !== undefined) {
    const work = resolve(opt('--work') ?? DEFAULT_WORK);
    const sizes = (opt('--sizes') ?? '2000,20000,200000').split(',').map(Number);
    if (!sizes.every((n) => Number.isInteger(n) && n > 0)) throw new Error(`--sizes ${opt('--sizes')}: expected whole numbers of settings, e.g. 2000,20000`);
    const pairs = new Map<number, { main: string; standby: string }>();
    for (const size of sizes) pairs.set(size, await pairFiles(work, size));
    const corpus = resolve(opt('--corpus') ?? join(root, '..', 'shared', 'corpus'));
    const cases = referenceCases({ pairs, fixturePairs: join(root, 'fixtures', 'pairs'), corpus: existsSync(corpus) ? corpus : undefined });
    writeOutputs(cases, resolve(opt('--bin') ?? installedBin), resolve(first), work);
    console.log(`${cases.length} cases written to ${first}`);
    return 0;
  }
  console.log('usage: reference.ts write OUT [--bin FILE] [--work DIR] [--sizes 2000,20000,200000] [--corpus DIR] | compare A B');
  return 2;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (e) {
    // A missing folder, a refused one, bad sizes: one line, no stack trace.
    console.error(`reference.ts: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 2;
  }
}
