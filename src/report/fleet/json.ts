// Fleet JSON: the fleet result with each pair's audit exactly as `audit --format json` writes it, keys sorted.
import stringify from 'fast-json-stable-stringify';
import type { FleetResult } from '../../fleet/types.js';
import type { AuditResult } from '../../types.js';
import type { FormatContext } from '../context.js';
import { formatJson } from '../json.js';

export function formatFleetJson(result: FleetResult, _ctx?: FormatContext): string {
  const safe: FleetResult = {
    ...result,
    // The audit formatter reduces secrets to set/same; reuse it rather than re-implement it.
    pairs: result.pairs.map((p) => (p.audit ? { ...p, audit: JSON.parse(formatJson(p.audit)) as AuditResult } : p)),
  };
  return `${JSON.stringify(JSON.parse(stringify(safe)), null, 2)}\n`;
}
