// must-equal: each selected setting has the same value on both servers.
import type { SettingValue } from '../../types.js';
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
    const bases = spec.relativeTo === undefined ? undefined : [baseOf(main, spec.relativeTo), baseOf(other, spec.relativeTo)];
    const equal = bases === undefined ? (a: SettingValue, b: SettingValue) => valuesEqual(a, b, spec) : (a: SettingValue, b: SettingValue) => valuesEqual(relative(a, bases[0]), relative(b, bases[1]), spec);
    const countsAsPass = spec.summarizePasses === true ? equal : undefined;
    // Relative paths may differ where the values are the same (each is relative to its own server's folder),
    // unless both servers have the same folder: the same value is then the same relative path.
    const sameCountsAsPass = countsAsPass !== undefined && (bases === undefined || bases[0] === bases[1]);
    // Paths compared relative to each server's folder rest on that folder's setting.
    const folder = spec.relativeTo;
    const reads = folder === undefined ? undefined : [main, other].filter((s) => s.byLower.has(folder.toLowerCase())).map((s) => ({ role: s.role, setting: folder }));
    perSetting(run, main, other, { oneSided: run.report, typeDiffers: run.report, countsAsPass, sameCountsAsPass, ...(reads !== undefined ? { reads } : {}) }, (p) => {
      const same = equal(p.mv, p.ov);
      const messageId = same ? 'equal' : isSecret(p.mv) && isSecret(p.ov) && p.mv.set && p.ov.set ? 'secretDiffers' : 'differs';
      run.report({ status: same ? 'pass' : 'fail', setting: p.display, servers: p.servers, messageId, data: p.data, values: p.values, sources: p.sources, assumed: p.assumed, ...(reads !== undefined ? { reads } : {}) });
    });
  },
};

/** A server's folder that paths are made relative to: its `setting`, trimmed, without trailing separators, lower-cased; undefined when it has none. */
function baseOf(server: IndexedServer, setting: string): string | undefined {
  const base = server.byLower.get(setting.toLowerCase())?.setting.value;
  if (typeof base !== 'string' || base.trim() === '') return undefined;
  return base.trim().replace(/[\\/]+$/, '').toLowerCase();
}

/** A path below the server's own folder (`folder`, from baseOf) as `<base>\rest`; other values as they are. */
function relative(value: SettingValue, folder: string | undefined): SettingValue {
  if (typeof value !== 'string' || folder === undefined) return value;
  const v = value.trim();
  const lower = v.toLowerCase();
  if (lower.startsWith(folder) && (lower.length === folder.length || /[\\/]/.test(lower[folder.length]))) return `<base>${v.slice(folder.length).replace(/\//g, '\\')}`;
  return value;
}
