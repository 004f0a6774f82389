// Change record as a self-contained HTML page (placeholder until the shared HTML shell is used).
import type { ChangeRecordView } from './view.js';

export function formatChangesHtml(_view: ChangeRecordView): string {
  throw new Error('not yet');
}
