// must-equal: each selected setting has the same value on both servers.
import type { SettingValue } from '../../types.js';
import type { CompareSpec } from '../types.js';
import type { IndexedServer } from '../indexing.js';
import { isSecret, valuesEqual } from '../values.js';
import { EQUALITY_MESSAGES, perSetting } from './shared.js';
import type { Comparator } from './types.js';

const MESSAGES = EQUALITY_MESSAGES;

export const mustEqual: Comparator<keyof typeof MESSAGES> = {
  messages: MESSAGES,
  options: ['unordered', 'caseInsensitive', 'defaults', 'guard', 'summarizePasses', 'relativeTo'],
  compare(run, main, other) {
    const spec = run.eff.compare;
    const equal = spec.relativeTo === undefined ? (a: SettingValue, b: SettingValue) => valuesEqual(a, b, spec) : relativeEquality(spec.relativeTo, main, other, spec);
    const countsAsPass = spec.summarizePasses === true ? equal : undefined;
    // Relative paths may differ where the values are the same (each is relative to its own server's folder).
    const sameCountsAsPass = countsAsPass !== undefined && spec.relativeTo === undefined;
    perSetting(run, main, other, { oneSided: run.report, countsAsPass, sameCountsAsPass }, (p) => {
      const same = equal(p.mv, p.ov);
      const messageId = same ? 'equal' : isSecret(p.mv) && isSecret(p.ov) && p.mv.set && p.ov.set ? 'secretDiffers' : 'differs';
      run.report({ status: same ? 'pass' : 'fail', setting: p.display, servers: p.servers, messageId, data: p.data, values: p.values, sources: p.sources, assumed: p.assumed });
    });
  },
};

/** A path below the server's own `base` folder (e.g. its InstallLocation) as `<base>\rest`; other values as they are. */
function relative(value: SettingValue, base: SettingValue | undefined): SettingValue {
  if (typeof value !== 'string' || typeof base !== 'string' || base.trim() === '') return value;
  const folder = base.trim().replace(/[\\/]+$/, '').toLowerCase();
  const v = value.trim();
  const lower = v.toLowerCase();
  if (lower.startsWith(folder) && (lower.length === folder.length || /[\\/]/.test(lower[folder.length]))) return `<base>${v.slice(folder.length).replace(/\//g, '\\')}`;
  return value;
}

/** Equality of two values after each is made relative to its own server's `setting` (a folder). */
function relativeEquality(setting: string, main: IndexedServer, other: IndexedServer, spec: CompareSpec): (a: SettingValue, b: SettingValue) => boolean {
  const mainBase = main.byLower.get(setting.toLowerCase())?.setting.value;
  const otherBase = other.byLower.get(setting.toLowerCase())?.setting.value;
  return (a, b) => valuesEqual(relative(a, mainBase), relative(b, otherBase), spec);
}
