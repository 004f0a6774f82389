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
}

export function eachPresence(run: RuleRun<'missing'>, main: IndexedServer, other: IndexedServer, visit: (p: Presence) => void): void {
  const names = namesOrMissing(run, main, other);
  if (names === undefined) return;
  for (const sel of names) {
    const me = main.byLower.get(sel.lower);
    const oe = other.byLower.get(sel.lower);
    const display = me?.name ?? oe?.name ?? sel.name;
    visit({
      display,
      onMain: isTruthy(me?.setting.value),
      onOther: isTruthy(oe?.setting.value),
      values: { [main.role]: displayValue(me?.setting.value), [other.role]: displayValue(oe?.setting.value) },
      sources: { [main.role]: me?.setting.source ?? null, [other.role]: oe?.setting.source ?? null },
      data: { setting: display, otherRole: roleName(other.role) },
    });
  }
}
