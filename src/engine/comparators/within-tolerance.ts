// within-tolerance: numbers that may differ by an absolute or relative (fraction of the Main's) amount.
import { EQUALITY_MESSAGES } from './shared.js';
import { perNumber } from './numbers.js';
import type { Comparator } from './types.js';

const MESSAGES = {
  ...EQUALITY_MESSAGES,
  withinTolerance: '{{setting}}: Main has {{mainValue}}, {{otherRole}} has {{otherValue}}, within the allowed difference of {{tolerance}}',
  outsideTolerance: '{{setting}}: Main has {{mainValue}}, {{otherRole}} has {{otherValue}}; the allowed difference is {{tolerance}}',
  notNumber: '{{setting}} is not a number on {{server}} ({{value}}), so it cannot be compared within a tolerance',
} as const;

export const withinTolerance: Comparator<keyof typeof MESSAGES> = {
  messages: MESSAGES,
  options: ['absolute', 'relative', 'defaults', 'guard'],
  compare(run, main, other) {
    const spec = run.eff.compare;
    perNumber(run, main, other, (a, b, p) => {
      const tolerance = Math.max(spec.absolute ?? 0, Math.abs(a) * (spec.relative ?? 0));
      const ok = Math.abs(a - b) <= tolerance;
      run.report({ status: ok ? 'pass' : 'fail', setting: p.display, servers: p.servers, messageId: ok ? 'withinTolerance' : 'outsideTolerance', data: { ...p.data, tolerance }, values: p.values, sources: p.sources, assumed: p.assumed });
    });
  },
};
