// Change record as JSON: the view model itself, keys sorted, two-space indent.
import stringify from 'fast-json-stable-stringify';
import type { ChangeRecordView } from './view.js';

/** Version of the change-record JSON shape; bumped on any incompatible change. */
export const changesJsonSchemaVersion = 1;

export function formatChangesJson(view: ChangeRecordView): string {
  return `${JSON.stringify(JSON.parse(stringify({ schemaVersion: changesJsonSchemaVersion, ...view })), null, 2)}\n`;
}
