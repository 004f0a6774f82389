// Starting a worker thread on one of pairaudit's modules: the built JavaScript, or under tsx (tests,
// `node --import tsx`) the TypeScript source, loaded through tsx's API.
import { createRequire } from 'node:module';
import type * as WorkerThreads from 'node:worker_threads';
import type { Worker } from 'node:worker_threads';

/** node:worker_threads, loaded when a worker starts: a run that starts none (most) does not load it. */
const workerThreads = (): typeof WorkerThreads => createRequire(import.meta.url)('node:worker_threads') as typeof WorkerThreads;

/**
 * Starts the worker whose module is `entry` (a path without its extension, e.g. `./worker`) beside the module
 * at `from` (the caller's import.meta.url): `entry.js` in the build, `entry.ts` when `from` is TypeScript.
 */
export function startWorker(entry: string, from: string, workerData: unknown): Worker {
  if (from.endsWith('.ts')) {
    const workerUrl = new URL(`${entry}.ts`, from).href;
    const tsxApi = import.meta.resolve('tsx/esm/api');
    const code = `import(${JSON.stringify(tsxApi)}).then((api) => api.tsImport(${JSON.stringify(workerUrl)}, ${JSON.stringify(from)}))`;
    return new (workerThreads().Worker)(code, { eval: true, workerData });
  }
  return new (workerThreads().Worker)(new URL(`${entry}.js`, from), { workerData });
}
