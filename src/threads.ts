// Starting a worker thread on one of pairaudit's modules: the built JavaScript, or under tsx (tests,
// `node --import tsx`) the TypeScript source, loaded through tsx's API, or, where the command runs the one-file
// build (src/cli/launch.cts), that build again with its code cache (src/cli/thread.cts).
import { createRequire } from 'node:module';
import type * as WorkerThreads from 'node:worker_threads';
import type { Worker } from 'node:worker_threads';

/** node:worker_threads, loaded when a worker starts: a run that starts none (most) does not load it. */
const workerThreads = (): typeof WorkerThreads => createRequire(import.meta.url)('node:worker_threads') as typeof WorkerThreads;

/** The modules a worker thread runs (src/cli/thread-entries.ts loads them where the one-file build runs). */
export type ThreadEntry = 'collect/parallel-worker' | 'fleet/worker';

/** The one-file build's thread entry (dist/cli/thread.cjs), when this process runs that build. */
let launcher: string | undefined;

/** Called by the launcher when the one-file build runs: threads start it too, not the modules it was made from. */
export function startThreadsWith(file: string): void {
  launcher = file;
}

/**
 * Starts the worker whose module is `entry` (a path relative to src/, without its extension): the one-file build's
 * thread where the command runs that build, else `entry.js` in the build, `entry.ts` under tsx.
 */
export function startWorker(entry: ThreadEntry, workerData: unknown): Worker {
  if (launcher !== undefined) return new (workerThreads().Worker)(launcher, { workerData, argv: [entry] });
  const from = import.meta.url;
  if (from.endsWith('.ts')) {
    const workerUrl = new URL(`./${entry}.ts`, from).href;
    const tsxApi = import.meta.resolve('tsx/esm/api');
    const code = `import(${JSON.stringify(tsxApi)}).then((api) => api.tsImport(${JSON.stringify(workerUrl)}, ${JSON.stringify(from)}))`;
    return new (workerThreads().Worker)(code, { eval: true, workerData });
  }
  return new (workerThreads().Worker)(new URL(`./${entry}.js`, from), { workerData });
}
