// The catch-all finds the one drifted value among a pair's passes. The 200,000-setting size (does a large
// server overflow the stack?) runs in `npm run bench` (limits section), not here: it took most of a minute.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditScalePair, expectedScaleDrift } from './bench/engine-scale.js';

test('a pair of 5,000 settings each audits, and the catch-all finds the one drifted value', async () => {
  assert.deepEqual(await auditScalePair(5_000, 1_234), expectedScaleDrift(1_234));
});
