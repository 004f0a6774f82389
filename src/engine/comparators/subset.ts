// subset: everything present on the Main is present on the other server (drivers installed).
import { roleName } from '../values.js';
import { SHARED_MESSAGES } from './shared.js';
import { eachPresence } from './sets.js';
import type { Comparator } from './types.js';

const MESSAGES = {
  ...SHARED_MESSAGES,
  present: '{{setting}} is present on Main and on {{otherRole}}',
  missingOnOther: '{{setting}} is present on Main but not on {{otherRole}}',
  unbackedOnOther: "{{setting}} is present on Main; {{otherRole}} holds it without any of {{presentWith}}, so it is not present there",
  unbackedOnMain: "{{setting}} is held on Main without any of {{presentWith}}, and {{otherRole}} does not hold it at all: whether Main's is present (a layout pairaudit does not know) or a leftover cannot be told, so whether {{otherRole}} lacks it is unknown",
  noneOn: 'nothing matches {{setting}} on {{missingOn}}, so this cannot be checked; collect an export that holds it',
} as const;

export const subset: Comparator<keyof typeof MESSAGES> = {
  messages: MESSAGES,
  options: ['presentWith'],
  compare(run, main, other) {
    // Required evidence: a server on which nothing at all is selected says nothing about what it lacks
    // (an export without that part of the configuration), so the rule is unknown, never a pass or silence.
    if (run.c.rule.evidence === 'required') {
      const bare = [main, other].filter((s) => run.ctx.selection.positions(run.c, s).length === 0);
      if (bare.length > 0) {
        const none = { [main.role]: null, [other.role]: null };
        for (const p of run.c.patterns) {
          run.report({ status: 'unknown', setting: p.source, servers: [main, other], messageId: 'noneOn', data: { setting: p.source, missingOn: bare.map((s) => roleName(s.role)).join(' and ') }, values: none, sources: none });
        }
        return;
      }
    }
    // A flag the Main holds without its `presentWith` settings, which the other server lacks: unknown, not a pass. Such
    // a key may be a leftover (then nothing is missing), or a registration in a layout the profile assumes wrongly (then
    // the other server lacks a driver): only the same flag on both servers is known to be alike.
    const presentWith = (run.eff.compare.presentWith ?? []).join(', ');
    eachPresence(run, main, other, (onMain, _onOther, flags) => onMain || (flags.main && !flags.other), (p) => {
      if (p.unbackedOnMain) {
        run.report({ status: 'unknown', setting: p.display, servers: [main, other], messageId: 'unbackedOnMain', data: { ...p.data, presentWith }, values: p.values, sources: p.sources, assumed: p.assumed });
        return;
      }
      const messageId = p.onOther ? 'present' : p.unbackedOnOther ? 'unbackedOnOther' : 'missingOnOther';
      const data = p.unbackedOnOther ? { ...p.data, presentWith } : p.data;
      run.report({ status: p.onOther ? 'pass' : 'fail', setting: p.display, servers: [main, other], messageId, data, values: p.values, sources: p.sources, assumed: p.assumed });
    });
  },
};
