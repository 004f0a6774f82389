// Stable, indented JSON for reports: every object's keys in sorted order (json-writer.ts writes it in one walk).
import { SortedJsonWriter } from './json-writer.js';

/**
 * `value` as stable JSON: sorted keys, two-space indent, a trailing newline; the bytes of
 * `JSON.stringify(JSON.parse(stringify(value)), null, 2)` with fast-json-stable-stringify's `stringify`.
 */
export function sortedJson(value: unknown): string {
  return `${new SortedJsonWriter().text(value, 0)}\n`;
}
