// PDF format (in progress).
import type { AuditResult } from '../../types.js';
import type { FormatContext } from '../index.js';

export function formatPdf(_result: AuditResult, _ctx?: FormatContext): Uint8Array {
  throw new Error('pdf format: not implemented yet');
}
