// JSON format: the audit result itself, keys sorted, secrets reduced to set/same (schema: SCHEMA.md).
import type { AuditResult, DisplayValue, Finding, Role } from '../types.js';
import type { FormatContext } from './context.js';
import { sortedCopy, sortedJson } from './sorted-json.js';
import { safeDisplayValue } from './safe-value.js';

/** Version of the JSON document's shape; bumped on any incompatible change (SCHEMA.md). */
export const jsonSchemaVersion = 1;

/** The result as stable JSON: sorted keys, two-space indent, a trailing newline. */
export function formatJson(result: AuditResult, _ctx?: FormatContext): string {
  return sortedJson(safeResult(result));
}

/**
 * The text of formatJson(result) in pieces, each finding its own, so that a report of many findings is written
 * without one string of its whole size (and its UTF-8 copy). The pieces joined are exactly formatJson's text:
 * each value is written by the same JSON.stringify with two-space indent, its lines moved in to its depth (JSON
 * writes a line break only between its own tokens, never inside a string).
 */
export function* formatJsonPieces(result: AuditResult): Generator<string> {
  const doc = sortedCopy(safeResult(result)) as Record<string, unknown>;
  const keys = Object.keys(doc).filter((k) => doc[k] !== undefined);
  if (keys.length === 0) {
    yield '{}\n';
    return;
  }
  let separator = '{';
  for (const k of keys) {
    const v = doc[k];
    const head = `${separator}\n  ${JSON.stringify(k)}: `;
    separator = ',';
    if (!Array.isArray(v) || v.length === 0) {
      yield head + indented(JSON.stringify(v, null, 2), '  ');
      continue;
    }
    yield `${head}[`;
    for (let i = 0; i < v.length; i++) yield `${i === 0 ? '' : ','}\n    ${indented(JSON.stringify(v[i], null, 2), '    ')}`;
    yield '\n  ]';
  }
  yield '\n}\n';
}

/** JSON text moved in by `pad` after each of its line breaks. */
function indented(json: string, pad: string): string {
  return json.includes('\n') ? json.replaceAll('\n', `\n${pad}`) : json;
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
