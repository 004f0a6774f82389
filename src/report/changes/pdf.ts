// Change record as PDF (placeholder).
import type { ChangeRecordView } from './view.js';

export function formatChangesPdf(_view: ChangeRecordView): Uint8Array {
  throw new Error('not yet');
}
