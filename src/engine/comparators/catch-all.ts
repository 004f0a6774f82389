// catch-all: every setting no other rule selects is equal on both servers, except what the allow-list lets differ.
import { compilePattern, matchesAny } from '../patterns.js';
import { displayValue, formatValue, roleName, valuesEqual } from '../values.js';
import { EQUALITY_MESSAGES } from './shared.js';
import type { Comparator } from './types.js';

const MESSAGES = {
  ...EQUALITY_MESSAGES,
  othersEqual: '{{count}} other settings are the same on Main and {{otherRole}}',
} as const;

export const catchAll: Comparator<keyof typeof MESSAGES> = {
  messages: MESSAGES,
  options: ['unordered', 'caseInsensitive', 'allow'],
  compare(run, main, other) {
    const { ctx, eff } = run;
    const allow = [...(eff.compare.allow ?? []), ...(ctx.config.allow ?? [])].map(compilePattern);
    const claimedMain = ctx.selection.claimedOn(ctx.claimers, main);
    const claimedOther = ctx.selection.claimedOn(ctx.claimers, other);
    let equal = 0;
    // Both entry lists are sorted by lower-cased name: walk them together instead of building a union.
    const a = main.entries;
    const b = other.entries;
    for (let i = 0, j = 0; i < a.length || j < b.length; ) {
      const la = i < a.length ? a[i].lower : undefined;
      const lb = j < b.length ? b[j].lower : undefined;
      const me = la !== undefined && (lb === undefined || la <= lb) ? a[i++] : undefined;
      const oe = lb !== undefined && (la === undefined || lb <= la) ? b[j++] : undefined;
      if ((me !== undefined && claimedMain[me.index] === 1) || (oe !== undefined && claimedOther[oe.index] === 1)) continue;
      const name = (me ?? oe)!.name;
      if (allow.length > 0 && matchesAny(allow, name)) continue;
      if (me !== undefined && oe !== undefined && valuesEqual(me.setting.value, oe.setting.value, eff.compare)) {
        equal++;
        continue;
      }
      const values = { [main.role]: displayValue(me?.setting.value, oe?.setting.value), [other.role]: displayValue(oe?.setting.value, me?.setting.value) };
      const sources = { [main.role]: me?.setting.source ?? null, [other.role]: oe?.setting.source ?? null };
      const data = { setting: name, mainValue: formatValue(values[main.role]), otherValue: formatValue(values[other.role]), otherRole: roleName(other.role) };
      const messageId = me === undefined ? 'onlyOnOther' : oe === undefined ? 'onlyOnMain' : 'differs';
      run.report({ status: 'fail', setting: name, servers: [main, other], messageId, data, values, sources });
    }
    // Passing settings are summarised in one finding per pair, so that a large export does not bury the drift.
    if (equal > 0) run.report({ status: 'pass', setting: '*', servers: [main, other], messageId: 'othersEqual', data: { count: equal, otherRole: roleName(other.role) }, values: {}, sources: {} });
  },
};
