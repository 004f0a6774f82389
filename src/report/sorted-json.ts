// Stable, indented JSON for reports: every object's keys in sorted order, written by one native stringify.
import { setOwn } from '../snapshot/table.js';

/** Whether `keys` are in strictly ascending code-unit order (the order Array#sort gives). */
function ascending(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (!(keys[i - 1] < keys[i])) return false;
  return true;
}

/** The last key list of each length seen, and it sorted: a report's objects of one kind list their keys alike. */
interface SortCache {
  keys: (readonly string[] | undefined)[];
  sorted: string[][];
}

/** `keys` sorted (code-unit order): the cached order when the last list of that length was the same. */
function sortedKeys(keys: readonly string[], cache: SortCache): string[] {
  const n = keys.length;
  const last = cache.keys[n];
  if (last !== undefined) {
    let i = 0;
    while (i < n && last[i] === keys[i]) i++;
    if (i === n) return cache.sorted[n];
  }
  const sorted = [...keys].sort();
  cache.keys[n] = keys;
  cache.sorted[n] = sorted;
  return sorted;
}

/**
 * `node` with every object's keys inserted in sorted order, holding what fast-json-stable-stringify would
 * write (toJSON applied, undefined, functions and symbols left out of objects and null in arrays, non-finite
 * numbers null), so that `JSON.stringify(sortedCopy(x), null, 2)` gives the bytes of
 * `JSON.stringify(JSON.parse(stringify(x)), null, 2)` in one pass instead of three (integer-like keys come
 * first in both: an object lists them first however they were inserted).
 *
 * Parts that JSON.stringify already writes so (plain objects whose keys are in sorted order, arrays, holding
 * only such parts) are returned as they are, not copied: most of a report's objects (sources, values,
 * lists) are, and copying them was most of the time and garbage of writing a large report.
 */
export function sortedCopy(node: unknown): unknown {
  return copy(node, { keys: [], sorted: [] });
}

function copy(node: unknown, cache: SortCache): unknown {
  if (node !== null && node !== undefined && typeof (node as { toJSON?: unknown }).toJSON === 'function') node = (node as { toJSON: () => unknown }).toJSON();
  if (typeof node === 'number') return Number.isFinite(node) ? node : null;
  if (typeof node === 'function' || typeof node === 'symbol') return undefined;
  if (typeof node !== 'object' || node === null) return node;
  if (Array.isArray(node)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < node.length; i++) {
      const item: unknown = node[i];
      const v = copy(item, cache) ?? null;
      if (out === undefined) {
        // JSON.stringify writes null for a hole, undefined, a function or a symbol too, but a copy keeps it simple.
        if (v === item) continue;
        out = node.slice(0, i);
      }
      out.push(v);
    }
    return out ?? node;
  }
  const obj = node as Record<string, unknown>;
  const own = Object.keys(obj);
  const proto: unknown = Object.getPrototypeOf(obj);
  // Other prototypes (boxed primitives, class instances) are written from a plain copy, as before.
  const asIs = (proto === Object.prototype || proto === null) && ascending(own);
  const keys = asIs ? own : sortedKeys(own, cache);
  // Each value read once (a getter is called once, as JSON.stringify would).
  const values = new Array<unknown>(keys.length);
  let same = asIs;
  for (let i = 0; i < keys.length; i++) {
    const raw = obj[keys[i]];
    const v = (values[i] = copy(raw, cache));
    if (v !== raw) same = false;
  }
  if (same) return obj;
  const out: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) if (values[i] !== undefined) setOwn(out, keys[i], values[i]);
  return out;
}

/** `value` as stable JSON: sorted keys, two-space indent, a trailing newline. */
export function sortedJson(value: unknown): string {
  return `${JSON.stringify(sortedCopy(value), null, 2)}\n`;
}
