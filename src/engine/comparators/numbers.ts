// Reading both values of a numeric comparison: `notNumber` when either is not a number.
import type { SettingValue } from '../../types.js';
import { asNumber, displayValue, formatValue, roleName } from '../values.js';
import type { RuleRun } from './types.js';
import type { SettingPair } from './shared.js';

/** Both values as numbers, or undefined after reporting which server's value is not one. */
export function bothNumbers(run: RuleRun<'notNumber'>, p: SettingPair): [number, number] | undefined {
  const a = asNumber(p.mv);
  const b = asNumber(p.ov);
  if (a !== undefined && b !== undefined) return [a, b];
  const [main, other] = p.servers;
  const bad = a === undefined ? main : other;
  const value: SettingValue = a === undefined ? p.mv : p.ov;
  run.report({ status: 'unknown', setting: p.display, servers: p.servers, messageId: 'notNumber', data: { setting: p.display, server: roleName(bad.role), value: formatValue(displayValue(value)) }, values: p.values, sources: p.sources });
  return undefined;
}
