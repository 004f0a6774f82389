// must-differ: each selected setting is unique to each server (labels, host names, machine ids).
import { valuesEqual } from '../values.js';
import { SHARED_MESSAGES, perSetting } from './shared.js';
import type { Comparator } from './types.js';

const MESSAGES = {
  ...SHARED_MESSAGES,
  distinct: '{{setting}} differs as it must: Main has {{mainValue}}, {{otherRole}} has {{otherValue}}',
  same: '{{setting}} is {{mainValue}} on both Main and {{otherRole}}; it must be unique to each server',
} as const;

export const mustDiffer: Comparator<keyof typeof MESSAGES> = {
  messages: MESSAGES,
  options: ['caseInsensitive'],
  compare(run, main, other) {
    const spec = run.eff.compare;
    // A value on one server only is not a clash.
    perSetting(run, main, other, {}, (p) => {
      const same = valuesEqual(p.mv, p.ov, { caseInsensitive: spec.caseInsensitive ?? true, unordered: true });
      run.report({ status: same ? 'fail' : 'pass', setting: p.display, servers: p.servers, messageId: same ? 'same' : 'distinct', data: p.data, values: p.values, sources: p.sources, assumed: p.assumed });
    });
  },
};
