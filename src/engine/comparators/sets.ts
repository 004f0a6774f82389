// Presence flags of the selected settings on both servers (`…installed`, `…licensed`): what a subset or superset rule walks.
import type { DisplayValue, Provenance, Role } from '../../types.js';
import { displayValue, isTruthy, roleName } from '../values.js';
import type { IndexedServer } from '../indexing.js';
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

export function eachPresence(run: RuleRun<'missing'>, main: IndexedServer, other: IndexedServer, visit: (p: Presence) => void): void {
  const pair = namesOrMissing(run, main, other);
  if (pair === undefined) return;
  for (let k = 0; k < pair.length; k++) {
    const mi = pair.mainAt[k];
    const oi = pair.otherAt[k];
    const me = mi >= 0 ? main.settings[mi] : undefined;
    const oe = oi >= 0 ? other.settings[oi] : undefined;
    const display = mi >= 0 ? main.names[mi] : oi >= 0 ? other.names[oi] : pair.name(k);
    visit({
      display,
      onMain: isTruthy(me?.value),
      onOther: isTruthy(oe?.value),
      values: { [main.role]: displayValue(me?.value), [other.role]: displayValue(oe?.value) },
      sources: { [main.role]: me?.source ?? null, [other.role]: oe?.source ?? null },
      data: { setting: display, otherRole: roleName(other.role) },
      assumed: me?.assumed === true || oe?.assumed === true,
    });
  }
}
