// superset: nothing is present on the other server that the Main lacks.
import { SHARED_MESSAGES } from './shared.js';
import { eachPresence } from './sets.js';
import type { Comparator } from './types.js';

const MESSAGES = {
  ...SHARED_MESSAGES,
  extraOnOther: '{{setting}} is present on {{otherRole}} but not on Main',
} as const;

export const superset: Comparator<keyof typeof MESSAGES> = {
  messages: MESSAGES,
  options: ['presentWith'],
  compare(run, main, other) {
    eachPresence(run, main, other, (onMain, onOther) => onOther && !onMain, (p) => {
      run.report({ status: 'fail', setting: p.display, servers: [main, other], messageId: 'extraOnOther', data: p.data, values: p.values, sources: p.sources, assumed: p.assumed });
    });
  },
};
