// Audits every pair of an inventory, spread over worker threads (one per core by default), in inventory order.
import { availableParallelism } from 'node:os';
import type { RunContext } from '../types.js';
import { runSecretKey } from '../snapshot/secrets.js';
import { auditPair, type AuditedPair, type PairHistoryOptions } from './audit-pair.js';
import { pairFromError, summariseFleet } from './summary.js';
import type { FleetPairResult, FleetResult, Inventory, InventoryPair } from './types.js';
import { ExitCode } from '../errors.js';
import { startWorker } from '../threads.js';

export interface FleetRunOptions {
  /** Worker threads; default: the machine's cores. 1 audits in this thread. */
  jobs?: number;
  /** Key of the secrets' keyed hash, shared by every worker; default: this run's random key (runSecretKey). */
  secretKey?: string | Uint8Array;
  /** Called after each pair, in completion order (progress bars). */
  onPair?: (result: FleetPairResult, done: number, total: number) => void;
  /** History: attribute drift against each pair's approved baseline; keep the snapshots for journaling. */
  history?: PairHistoryOptions;
  /**
   * Called for each audited pair in inventory order (a pair waits for the ones before it), with its
   * snapshots when `history.keepSnapshots` is set: journaling keeps the inventory's order whatever the threads do.
   */
  onPairInOrder?: (audited: AuditedPair, index: number) => Promise<void> | void;
}

/** Messages between the pool and its workers. */
export interface WorkerTask {
  index: number;
  pair: InventoryPair;
}
export interface WorkerReply extends AuditedPair {
  index: number;
}
export interface WorkerInit {
  now: string;
  toolVersion: string;
  secretKey: string | Uint8Array;
  history?: PairHistoryOptions;
}

/** Audits the pairs of an inventory; one pair's bad input makes that pair an `error`, and the rest go on. */
export async function auditFleet(inventory: Inventory, ctx: RunContext, opts: FleetRunOptions = {}): Promise<FleetResult> {
  const total = inventory.pairs.length;
  const jobs = Math.max(1, Math.min(opts.jobs ?? availableParallelism(), total));
  const results: FleetPairResult[] = new Array(total);
  // One key for every pair and worker: a pair's servers (and the same server twice) compare by hash.
  const secretKey = opts.secretKey ?? runSecretKey();
  // Reorder buffer for onPairInOrder: results arrive in completion order, are handed on in inventory order.
  const waiting = new Map<number, AuditedPair>();
  let nextInOrder = 0;
  let inOrder: Promise<void> = Promise.resolve();
  let done = 0;
  const finish = (index: number, audited: AuditedPair): void => {
    results[index] = audited.result;
    done++;
    opts.onPair?.(audited.result, done, total);
    if (opts.onPairInOrder === undefined) return;
    waiting.set(index, audited);
    for (let a = waiting.get(nextInOrder); a !== undefined; a = waiting.get(nextInOrder)) {
      waiting.delete(nextInOrder);
      const [item, i] = [a, nextInOrder++];
      inOrder = inOrder.then(() => opts.onPairInOrder?.(item, i));
    }
  };

  if (jobs === 1) {
    for (let i = 0; i < total; i++) finish(i, await auditPair(inventory.pairs[i], ctx, opts.history, secretKey));
  } else {
    await runPool(inventory.pairs, jobs, { now: ctx.now.toISOString(), toolVersion: ctx.toolVersion, secretKey, ...(opts.history ? { history: opts.history } : {}) }, finish);
  }
  await inOrder;
  return summariseFleet(inventory.file, results, ctx.now.toISOString(), ctx.toolVersion);
}

/** A simple pull pool: each worker takes the next pair when it returns one; a crashed worker is replaced. */
function runPool(pairs: InventoryPair[], jobs: number, init: WorkerInit, finish: (index: number, r: AuditedPair) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let next = 0;
    let settled = 0;
    let live = 0;
    const launch = (): void => {
      const worker = startWorker('fleet/worker', init);
      live++;
      let current: number | undefined;
      let started = false;
      let failure: Error | undefined;
      const feed = (): void => {
        started = true;
        if (next >= pairs.length) {
          current = undefined;
          void worker.terminate();
          return;
        }
        current = next++;
        worker.postMessage({ index: current, pair: pairs[current] } satisfies WorkerTask);
      };
      worker.on('message', (reply: WorkerReply) => {
        finish(reply.index, reply);
        settled++;
        feed();
      });
      worker.on('error', (e) => {
        failure = e;
        // A worker that dies takes only its current pair down with it.
        if (current !== undefined) {
          finish(current, { result: pairFromError(pairs[current], `internal error while auditing: ${e.message}`, ExitCode.INTERNAL) });
          settled++;
          current = undefined;
        }
      });
      worker.on('exit', () => {
        live--;
        // A worker that cannot even start would fail the same way again: stop rather than relaunch forever.
        if (!started) reject(new Error(`cannot start a fleet worker thread: ${failure?.message ?? 'it exited at once'}`));
        else if (settled === pairs.length && live === 0) resolve();
        else if (next < pairs.length && live < jobs) launch();
        else if (live === 0 && settled < pairs.length) reject(new Error(`fleet workers stopped with ${pairs.length - settled} pairs not audited`));
      });
      worker.once('online', feed);
    };
    for (let i = 0; i < jobs; i++) launch();
  });
}
