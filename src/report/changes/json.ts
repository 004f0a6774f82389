// Change record as JSON: the view model itself, keys sorted, two-space indent.
import type { ChangeRecordView } from './view.js';

/** Version of the change-record JSON shape; bumped on any incompatible change. */
export const changesJsonSchemaVersion = 1;

/** A copy with every object's keys in sorted order (then the native stringify keeps that order). */
function sortedDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedDeep);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sortedDeep(v);
  }
  return out;
}

export function formatChangesJson(view: ChangeRecordView): string {
  return `${JSON.stringify(sortedDeep({ schemaVersion: changesJsonSchemaVersion, ...view }), null, 2)}\n`;
}
