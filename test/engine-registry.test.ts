// The comparator registry: every kind has its comparator, options and messages, and the bundled pack's case
// tables exercise every kind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { COMPARATORS, COMPARE_KINDS, KIND_MESSAGES } from '../src/engine/comparators/index.js';
import { KIND_OPTIONS } from '../src/engine/rule-schema.js';
import { loadRules } from '../src/engine/index.js';

test('the rule schema lists exactly the registry kinds, in registry order, with each comparator\'s options', () => {
  assert.deepEqual(COMPARE_KINDS, Object.keys(COMPARATORS));
  for (const k of COMPARE_KINDS) {
    assert.deepEqual(KIND_OPTIONS[k], [...COMPARATORS[k].options], k);
    assert.equal(KIND_MESSAGES[k], COMPARATORS[k].messages, k);
    assert.ok(!(KIND_OPTIONS[k] as string[]).includes('kind'), `${k}: kind is not an option`);
  }
});

test('every kind is used by a bundled rule (directly or in an override), so its case tables test it', async () => {
  const pack = await loadRules([join(import.meta.dirname, '..', 'rules', 'geo-scada')]);
  const used = new Set<string>();
  for (const r of pack.rules) {
    used.add(r.compare.kind);
    for (const o of r.appliesTo?.overrides ?? []) if (o.compare?.kind !== undefined) used.add(o.compare.kind);
  }
  assert.deepEqual(COMPARE_KINDS.filter((k) => !used.has(k)), []);
});

test('every kind can report missing evidence with the shared template', () => {
  for (const k of COMPARE_KINDS) assert.match((KIND_MESSAGES[k] as Record<string, string>).missing, /\{\{setting\}\} is missing on \{\{missingOn\}\}/, k);
});
