// JSON format: the audit result itself, keys sorted, secrets reduced to set/same (schema: SCHEMA.md).
import type { AuditResult, DisplayValue, Finding, Role } from '../types.js';
import type { FormatContext } from './context.js';
import { sortedJson } from './sorted-json.js';
import { safeDisplayValue } from './safe-value.js';

/** Version of the JSON document's shape; bumped on any incompatible change (SCHEMA.md). */
export const jsonSchemaVersion = 1;

/** The result as stable JSON: sorted keys, two-space indent, a trailing newline. */
export function formatJson(result: AuditResult, _ctx?: FormatContext): string {
  return sortedJson(safeResult(result));
}

/** The result as the JSON report holds it: its schema version, secrets reduced to set/same. */
export function safeResult(result: AuditResult): AuditResult {
  return { ...result, schemaVersion: jsonSchemaVersion, findings: result.findings.map(safeFinding) };
}

function safeFinding(f: Finding): Finding {
  const values: Partial<Record<Role, DisplayValue>> = {};
  for (const [role, value] of Object.entries(f.values) as [Role, DisplayValue][]) values[role] = safeDisplayValue(value);
  const attribution = f.attribution?.map((a) => ({ ...a, from: safeDisplayValue(a.from), to: safeDisplayValue(a.to) }));
  const waiver = f.waiver?.changed ? { ...f.waiver, changed: f.waiver.changed.map((c) => ({ ...c, accepted: safeDisplayValue(c.accepted), found: safeDisplayValue(c.found) })) } : undefined;
  return { ...f, values, ...(attribution ? { attribution } : {}), ...(waiver ? { waiver } : {}) };
}
