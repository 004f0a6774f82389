// Presence flags of the selected settings on both servers (`…installed`, `…licensed`): what a subset or superset rule walks.
import type { DisplayValue, Provenance, Role } from '../../types.js';
import { displayValue, isTruthy, roleName } from '../values.js';
import { assumedAt, indexNear, sourceAt, valueAt, type IndexedServer } from '../indexing.js';
import { namesOrMissing } from './shared.js';
import type { RuleRun } from './types.js';
import { capturesOf } from '../pair-names.js';
import { templateOf } from '../patterns.js';

export interface Presence {
  display: string;
  onMain: boolean;
  onOther: boolean;
  /** The other server holds the flag, but none of the rule's `presentWith` settings: it does not count. */
  unbackedOnOther: boolean;
  /** The same on the Main. */
  unbackedOnMain: boolean;
  values: Partial<Record<Role, DisplayValue>>;
  sources: Partial<Record<Role, Provenance | null>>;
  data: Record<string, string>;
  /** Whether either server's setting was named through an assumed mapping. */
  assumed: boolean;
}

/**
 * Walks the selected settings of both servers; `reports` decides from the presence flags alone whether a
 * setting is reported, and only those get what a finding shows (its values and where they were read): a
 * subset or superset rule reads thousands of flags (`drivers.*.installed`) and reports few or none of them.
 */
export function eachPresence(run: RuleRun<'missing'>, main: IndexedServer, other: IndexedServer, reports: (onMain: boolean, onOther: boolean, flags: { main: boolean; other: boolean }) => boolean, visit: (p: Presence) => void): void {
  const pair = namesOrMissing(run, main, other);
  if (pair === undefined) return;
  const withAny = (run.eff.compare.presentWith ?? []).map(templateOf);
  // A flag counts where the server also holds one of `presentWith` with a value (its captures from the flag's name).
  const backed = (server: IndexedServer, i: number): boolean => {
    if (withAny.length === 0) return true;
    const captures = capturesOf(run.c.patterns, server.names.name(i), server.names.lower(i));
    // Searched from the flag's own place (a driver's TaskName sorts beside its `installed`), its value read alone.
    return withAny.some((t) => {
      const j = indexNear(server, t(captures).toLowerCase(), i);
      const v = j < 0 ? undefined : valueAt(server, j);
      return v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);
    });
  };
  for (let k = 0; k < pair.length; k++) {
    const mi = pair.mainAt[k];
    const oi = pair.otherAt[k];
    const mv = mi >= 0 ? valueAt(main, mi) : undefined;
    const ov = oi >= 0 ? valueAt(other, oi) : undefined;
    const flagOnMain = isTruthy(mv);
    const onMain = flagOnMain && backed(main, mi);
    const flagOnOther = isTruthy(ov);
    const onOther = flagOnOther && backed(other, oi);
    if (!reports(onMain, onOther, { main: flagOnMain, other: flagOnOther })) continue;
    const display = mi >= 0 ? main.names.name(mi) : oi >= 0 ? other.names.name(oi) : pair.name(k);
    visit({
      display,
      onMain,
      onOther,
      unbackedOnOther: flagOnOther && !onOther,
      unbackedOnMain: flagOnMain && !onMain,
      values: { [main.role]: displayValue(mv), [other.role]: displayValue(ov) },
      sources: { [main.role]: mi >= 0 ? sourceAt(main, mi) : null, [other.role]: oi >= 0 ? sourceAt(other, oi) : null },
      data: { setting: display, otherRole: roleName(other.role) },
      assumed: (mi >= 0 && assumedAt(main, mi)) || (oi >= 0 && assumedAt(other, oi)),
    });
  }
}
