// must-equal: each selected setting has the same value on both servers.
import { valuesEqual } from '../values.js';
import { EQUALITY_MESSAGES, perSetting } from './shared.js';
import type { Comparator } from './types.js';

const MESSAGES = EQUALITY_MESSAGES;

export const mustEqual: Comparator<keyof typeof MESSAGES> = {
  messages: MESSAGES,
  options: ['unordered', 'caseInsensitive', 'defaults', 'guard', 'summarizePasses'],
  compare(run, main, other) {
    const spec = run.eff.compare;
    const countsAsPass = spec.summarizePasses === true ? (a: Parameters<typeof valuesEqual>[0], b: Parameters<typeof valuesEqual>[1]) => valuesEqual(a, b, spec) : undefined;
    perSetting(run, main, other, { oneSided: run.report, countsAsPass }, (p) => {
      const same = valuesEqual(p.mv, p.ov, spec);
      run.report({ status: same ? 'pass' : 'fail', setting: p.display, servers: p.servers, messageId: same ? 'equal' : 'differs', data: p.data, values: p.values, sources: p.sources });
    });
  },
};
