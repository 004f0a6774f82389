// Fleet JSON: the fleet result with each pair's audit exactly as `audit --format json` writes it, keys sorted.
import type { FleetResult } from '../../fleet/types.js';
import type { FormatContext } from '../context.js';
import { safeResult } from '../json.js';
import { sortedJson } from '../sorted-json.js';

export function formatFleetJson(result: FleetResult, _ctx?: FormatContext): string {
  const safe: FleetResult = {
    ...result,
    // The audit formatter reduces secrets to set/same; reuse it rather than re-implement it.
    pairs: result.pairs.map((p) => (p.audit ? { ...p, audit: safeResult(p.audit) } : p)),
  };
  return sortedJson(safe);
}
