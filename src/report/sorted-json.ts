// Stable, indented JSON for reports: every object's keys in sorted order, written by one native stringify.

/**
 * A copy of `node` with every object's keys inserted in sorted order, holding what
 * fast-json-stable-stringify would write (toJSON applied, undefined, functions and symbols left out of
 * objects and null in arrays, non-finite numbers null), so that `JSON.stringify(sortedCopy(x), null, 2)`
 * gives the bytes of `JSON.stringify(JSON.parse(stringify(x)), null, 2)` in one pass instead of three
 * (integer-like keys come first in both: an object lists them first however they were inserted).
 */
export function sortedCopy(node: unknown): unknown {
  if (node !== null && node !== undefined && typeof (node as { toJSON?: unknown }).toJSON === 'function') node = (node as { toJSON: () => unknown }).toJSON();
  if (typeof node === 'number') return Number.isFinite(node) ? node : null;
  if (typeof node === 'function' || typeof node === 'symbol') return undefined;
  if (typeof node !== 'object' || node === null) return node;
  if (Array.isArray(node)) {
    const out: unknown[] = new Array<unknown>(node.length);
    for (let i = 0; i < node.length; i++) out[i] = sortedCopy(node[i]) ?? null;
    return out;
  }
  const obj = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(obj).sort()) {
    const v = sortedCopy(obj[key]);
    if (v === undefined) continue;
    // An own "__proto__" key stays a plain key (assignment would set the prototype).
    if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    else out[key] = v;
  }
  return out;
}

/** `value` as stable JSON: sorted keys, two-space indent, a trailing newline. */
export function sortedJson(value: unknown): string {
  return `${JSON.stringify(sortedCopy(value), null, 2)}\n`;
}
