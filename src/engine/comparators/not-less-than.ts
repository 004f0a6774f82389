// not-less-than: the other server's number is at least the Main's; more is a pass or a failure of `whenGreater`.
import type { Severity } from '../../types.js';
import { EQUALITY_MESSAGES } from './shared.js';
import { perNumber } from './numbers.js';
import type { Comparator } from './types.js';

const MESSAGES = {
  ...EQUALITY_MESSAGES,
  notLess: '{{setting}}: {{otherRole}} has {{otherValue}}, Main has {{mainValue}}',
  less: "{{setting}}: {{otherRole}} has {{otherValue}}, less than the Main's {{mainValue}}",
  greater: "{{setting}}: {{otherRole}} has {{otherValue}}, more than the Main's {{mainValue}}",
  notNumber: '{{setting}} is not a number on {{server}} ({{value}}), so it cannot be compared',
} as const;

export const notLessThan: Comparator<keyof typeof MESSAGES> = {
  messages: MESSAGES,
  options: ['whenGreater', 'defaults', 'guard'],
  compare(run, main, other) {
    const spec = run.eff.compare;
    perNumber(run, main, other, (a, b, p) => {
      const base = { setting: p.display, servers: p.servers, data: p.data, values: p.values, sources: p.sources, assumed: p.assumed };
      if (b < a) run.report({ ...base, status: 'fail', messageId: 'less' });
      else if (b > a && (spec.whenGreater ?? 'pass') !== 'pass') run.report({ ...base, status: 'fail', messageId: 'greater', severity: spec.whenGreater as Severity });
      else run.report({ ...base, status: 'pass', messageId: 'notLess' });
    });
  },
};
