// Reading both values of a numeric comparison: `notNumber` when either is not a number.
import type { SettingValue } from '../../types.js';
import { asNumber, displayValue, formatValue, roleName } from '../values.js';
import type { RuleRun } from './types.js';
import { perSetting, type SettingPair } from './shared.js';
import type { IndexedServer } from '../indexing.js';

/**
 * The per-setting walk of a numeric kind: `judge` gets the Main's and the other server's numbers; a value
 * that is not a number is `notNumber` (unknown), a value on one server only is drift, and so is a number stored as
 * another registry type on one server (`typeDiffers`: a REG_SZ "156" reads as 156 here, not to a server expecting
 * a DWORD).
 */
export function perNumber(run: RuleRun<'missing' | 'keysDiffer' | 'notNumber' | 'onlyOnMain' | 'onlyOnOther' | 'typeDiffers'>, main: IndexedServer, other: IndexedServer, judge: (a: number, b: number, p: SettingPair) => void): void {
  perSetting(run, main, other, { oneSided: run.report }, (p) => {
    const numbers = bothNumbers(run, p);
    if (numbers === undefined) return;
    if (p.types !== undefined) {
      run.report({ status: 'fail', setting: p.display, servers: p.servers, messageId: 'typeDiffers', data: { ...p.data, mainType: p.types[0], otherType: p.types[1] }, values: p.values, sources: p.sources, assumed: p.assumed });
      return;
    }
    judge(numbers[0], numbers[1], p);
  });
}

/** Both values as numbers, or undefined after reporting which server's value is not one. */
function bothNumbers(run: RuleRun<'notNumber'>, p: SettingPair): [number, number] | undefined {
  const a = asNumber(p.mv);
  const b = asNumber(p.ov);
  if (a !== undefined && b !== undefined) return [a, b];
  const [main, other] = p.servers;
  const bad = a === undefined ? main : other;
  const value: SettingValue = a === undefined ? p.mv : p.ov;
  run.report({ status: 'unknown', setting: p.display, servers: p.servers, messageId: 'notNumber', data: { setting: p.display, server: roleName(bad.role), value: formatValue(displayValue(value)) }, values: p.values, sources: p.sources, assumed: p.assumed });
  return undefined;
}
