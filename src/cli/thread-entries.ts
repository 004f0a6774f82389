// The modules a worker thread runs, by name, where the command runs the one-file build: its thread entry
// (src/cli/thread.cts) loads the build and runs the one named here. Loading one runs it (each registers its
// handler on the thread's port as it loads).
import type { ThreadEntry } from '../threads.js';

const ENTRIES: Readonly<Record<ThreadEntry, () => Promise<unknown>>> = {
  'collect/parallel-worker': () => import('../collect/parallel-worker.js'),
  'fleet/worker': () => import('../fleet/worker.js'),
};

/** Runs the thread entry named `name` in this (worker) thread. */
export async function runThreadEntry(name: string): Promise<void> {
  if (!Object.hasOwn(ENTRIES, name)) throw new Error(`no thread entry ${JSON.stringify(name)}`);
  await ENTRIES[name as ThreadEntry]();
}
