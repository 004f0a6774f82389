// subset: everything present on the Main is present on the other server (drivers installed, licensed).
import { SHARED_MESSAGES } from './shared.js';
import { eachPresence } from './sets.js';
import type { Comparator } from './types.js';

const MESSAGES = {
  ...SHARED_MESSAGES,
  present: '{{setting}} is present on Main and on {{otherRole}}',
  missingOnOther: '{{setting}} is present on Main but not on {{otherRole}}',
} as const;

export const subset: Comparator<keyof typeof MESSAGES> = {
  messages: MESSAGES,
  options: [],
  compare(run, main, other) {
    eachPresence(run, main, other, (p) => {
      if (!p.onMain) return;
      run.report({ status: p.onOther ? 'pass' : 'fail', setting: p.display, servers: [main, other], messageId: p.onOther ? 'present' : 'missingOnOther', data: p.data, values: p.values, sources: p.sources });
    });
  },
};
