// Worker-thread entry of a parallel collection (parallel.ts): collects the inputs it is sent, one at a time, and
// returns each snapshot packed as columns with its fingerprint, or the error that stopped it.
import { parentPort } from 'node:worker_threads';
import { fingerprint } from '../snapshot/canonical.js';
import { packSnapshot } from '../snapshot/table-transfer.js';
import { errorReply, type CollectReply, type CollectTask } from './parallel.js';
import { collectServer } from './server.js';

parentPort?.on('message', (task: CollectTask) => {
  void (async () => {
    let reply: CollectReply;
    let transfer: ArrayBuffer[] = [];
    try {
      const snapshot = await collectServer(task.path, task.opts);
      const print = fingerprint(snapshot);
      const packed = packSnapshot(snapshot);
      transfer = packed.transfer;
      reply = { ok: true, packed: packed.packed, fingerprint: print };
    } catch (e) {
      reply = { ok: false, error: errorReply(e) };
    }
    parentPort?.postMessage(reply, transfer);
  })();
});
