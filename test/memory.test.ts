// src/memory.ts: collectGarbage() is a real full collection (an object only a WeakRef holds is gone after it),
// whether or not the process was started with --expose-gc, and calling it again reuses the same collector.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectGarbage } from '../src/memory.js';

for (const round of [1, 2]) {
  test(`collectGarbage collects what only a WeakRef holds (call ${round})`, async () => {
    let held: object | undefined = { payload: new Array(1000).fill('x') };
    const ref = new WeakRef(held);
    held = undefined;
    // A WeakRef's target is kept until the job that made or read it ends: collect in a later turn of the event loop.
    // (A collection of V8's own in that one turn would clear it too, but is rare: a young object needs a full one.)
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    assert.equal(ref.deref(), undefined);
  });
}
