// Worker-thread entry of a fleet run: audits the pairs the pool sends, one at a time, and returns their results.
import { parentPort, workerData } from 'node:worker_threads';
import { auditPair } from './audit-pair.js';
import type { WorkerInit, WorkerReply, WorkerTask } from './run.js';

const init = workerData as WorkerInit;
const ctx = { now: new Date(init.now), toolVersion: init.toolVersion };

parentPort?.on('message', (task: WorkerTask) => {
  void auditPair(task.pair, ctx, init.history, init.secretKey).then((audited) => parentPort?.postMessage({ index: task.index, ...audited } satisfies WorkerReply));
});
