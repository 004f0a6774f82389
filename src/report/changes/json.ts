// Change record as JSON: the view model itself, keys sorted, two-space indent.
import { sortedJson } from '../sorted-json.js';
import type { ChangeRecordView } from './view.js';

/** Version of the change-record JSON shape; bumped on any incompatible change. */
export const changesJsonSchemaVersion = 1;

export function formatChangesJson(view: ChangeRecordView): string {
  return sortedJson({ schemaVersion: changesJsonSchemaVersion, ...view });
}
