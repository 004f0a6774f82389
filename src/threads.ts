// Starting a worker thread on one of pairaudit's modules: the built JavaScript, or under tsx (tests,
// `node --import tsx`) the TypeScript source, loaded through tsx's API.
import { Worker } from 'node:worker_threads';

/**
 * Starts the worker whose module is `entry` (a path without its extension, e.g. `./worker`) beside the module
 * at `from` (the caller's import.meta.url): `entry.js` in the build, `entry.ts` when `from` is TypeScript.
 */
export function startWorker(entry: string, from: string, workerData: unknown): Worker {
  if (from.endsWith('.ts')) {
    const workerUrl = new URL(`${entry}.ts`, from).href;
    const tsxApi = import.meta.resolve('tsx/esm/api');
    const code = `import(${JSON.stringify(tsxApi)}).then((api) => api.tsImport(${JSON.stringify(workerUrl)}, ${JSON.stringify(from)}))`;
    return new Worker(code, { eval: true, workerData });
  }
  return new Worker(new URL(`${entry}.js`, from), { workerData });
}
