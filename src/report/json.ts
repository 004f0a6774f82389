// JSON format: the audit result itself, keys sorted, secrets reduced to set/same (schema: SCHEMA.md).
import { Buffer } from 'node:buffer';
import type { AuditResult, DisplayValue, Finding, Role } from '../types.js';
import type { FormatContext } from './context.js';
import { SortedJsonWriter } from './json-writer.js';
import { sortedJson } from './sorted-json.js';
import { safeDisplayValue } from './safe-value.js';
import { neutralise, UNSAFE_CHARS } from './sanitize.js';

/** Version of the JSON document's shape; bumped on any incompatible change (SCHEMA.md). */
export const jsonSchemaVersion = 1;

/** The result as stable JSON: sorted keys, two-space indent, a trailing newline. */
export function formatJson(result: AuditResult, _ctx?: FormatContext): string {
  return sortedJson(safeResult(result));
}

/** A piece of formatJsonPieces is given out once it holds at least this many parts (about 20 K characters of a report). */
const PIECE_PARTS = 2_048;

/**
 * The text of formatJson(result) as the output guard writes it (neutralise: C1 and bidi controls as `\u`
 * escapes, the same data), in pieces of about 20 K characters (whole findings), so that a report of many findings is written
 * without one string of its whole size. Every string (key or value) is neutralised as it is written; JSON's own
 * escapes leave nothing else for the guard to replace (no raw control character, carriage return or ESC).
 * Each finding is written with its values made safe (safeFinding's), without a copy of it.
 */
export function* formatJsonPieces(result: AuditResult): Generator<string> {
  const doc = { ...result, schemaVersion: jsonSchemaVersion } as Record<string, unknown>;
  const w = new SortedJsonWriter({ text: neutralise, chars: UNSAFE_CHARS });
  const next = `,${w.pad(2)}`;
  let separator = '{';
  for (const k of w.keysOf(doc)) {
    const v = doc[k];
    const head = `${separator}\n  ${w.head(k)}`;
    if (k === 'findings' && Array.isArray(v) && v.length > 0) {
      w.raw(`${head}[${w.pad(2)}`);
      separator = ',';
      const findings = v as Finding[];
      for (let i = 0; i < findings.length; i++) {
        if (i > 0) w.raw(next);
        writeSafeFinding(w, findings[i]!);
        if (w.pending >= PIECE_PARTS) yield w.take();
      }
      w.raw('\n  ]');
      continue;
    }
    const text = w.text(v, 1);
    if (text === undefined) continue;
    w.raw(head + text);
    separator = ',';
  }
  w.raw(separator === '{' ? '{}\n' : '\n}\n');
  yield w.take();
}

/** formatJsonPieces as UTF-8: what the CLI writes (bytes, already neutralised: the output guard passes them as they are). */
export function* formatJsonBytes(result: AuditResult): Generator<Uint8Array> {
  for (const piece of formatJsonPieces(result)) yield Buffer.from(piece, 'utf8');
}

/** The result as the JSON report holds it: its schema version, secrets reduced to set/same. */
export function safeResult(result: AuditResult): AuditResult {
  return { ...result, schemaVersion: jsonSchemaVersion, findings: result.findings.map(safeFinding) };
}

function safeFinding(f: Finding): Finding {
  const safe = safeParts(f);
  return { ...f, values: safe.values, ...(safe.attribution ? { attribution: safe.attribution } : {}), ...(safe.waiver ? { waiver: safe.waiver } : {}) };
}

/** The parts of a finding that may hold a secret, reduced to what a report may show; undefined where there is nothing to change. */
function safeParts(f: Finding): { values: Finding['values']; attribution?: Finding['attribution']; waiver?: Finding['waiver'] } {
  const values: Partial<Record<Role, DisplayValue>> = {};
  for (const [role, value] of Object.entries(f.values) as [Role, DisplayValue][]) values[role] = safeDisplayValue(value);
  const attribution = f.attribution?.map((a) => ({ ...a, from: safeDisplayValue(a.from), to: safeDisplayValue(a.to) }));
  const waiver = f.waiver?.changed ? { ...f.waiver, changed: f.waiver.changed.map((c) => ({ ...c, accepted: safeDisplayValue(c.accepted), found: safeDisplayValue(c.found) })) } : undefined;
  return { values, ...(attribution ? { attribution } : {}), ...(waiver ? { waiver } : {}) };
}

/** A finding as safeFinding(f) holds it, its safe parts written in place of its own (no copy of it). */
function writeSafeFinding(w: SortedJsonWriter, f: Finding): void {
  const safe = safeParts(f);
  w.writeObject(f, 2, (key, value) => (key === 'values' ? safe.values : key === 'attribution' ? (safe.attribution ?? value) : key === 'waiver' ? (safe.waiver ?? value) : value));
}
