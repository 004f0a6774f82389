// Presence flags of the selected settings on both servers (`…installed`, `…licensed`): what a subset or superset rule walks.
import type { DisplayValue, Provenance, Role } from '../../types.js';
import { displayValue, isTruthy, roleName } from '../values.js';
import { assumedAt, sourceAt, valueAt, type IndexedServer } from '../indexing.js';
import { namesOrMissing } from './shared.js';
import type { RuleRun } from './types.js';

export interface Presence {
  display: string;
  onMain: boolean;
  onOther: boolean;
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
export function eachPresence(run: RuleRun<'missing'>, main: IndexedServer, other: IndexedServer, reports: (onMain: boolean, onOther: boolean) => boolean, visit: (p: Presence) => void): void {
  const pair = namesOrMissing(run, main, other);
  if (pair === undefined) return;
  for (let k = 0; k < pair.length; k++) {
    const mi = pair.mainAt[k];
    const oi = pair.otherAt[k];
    const mv = mi >= 0 ? valueAt(main, mi) : undefined;
    const ov = oi >= 0 ? valueAt(other, oi) : undefined;
    const onMain = isTruthy(mv);
    const onOther = isTruthy(ov);
    if (!reports(onMain, onOther)) continue;
    const display = mi >= 0 ? main.names.name(mi) : oi >= 0 ? other.names.name(oi) : pair.name(k);
    visit({
      display,
      onMain,
      onOther,
      values: { [main.role]: displayValue(mv), [other.role]: displayValue(ov) },
      sources: { [main.role]: mi >= 0 ? sourceAt(main, mi) : null, [other.role]: oi >= 0 ? sourceAt(other, oi) : null },
      data: { setting: display, otherRole: roleName(other.role) },
      assumed: (mi >= 0 && assumedAt(main, mi)) || (oi >= 0 && assumedAt(other, oi)),
    });
  }
}
