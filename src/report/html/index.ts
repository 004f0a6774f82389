// HTML format (in progress): one self-contained file.
import type { AuditResult } from '../../types.js';
import type { FormatContext } from '../index.js';

export function formatHtml(_result: AuditResult, _ctx?: FormatContext): string {
  throw new Error('html format: not implemented yet');
}
