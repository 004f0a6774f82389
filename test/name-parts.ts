// Names held as parts (src/snapshot/name-column.ts) split in several ways, for the tests of what reads them.
import { nameArray, PartNames } from '../src/snapshot/name-column.js';
import { fieldsOf, snapshotWithTable, sortedSettings, type SortedSettings } from '../src/snapshot/table.js';
import type { Snapshot } from '../src/types.js';

/** `names` held as parts, each split `at` code units from its start (or at its end): heads and tails each once. */
export function partsOf(names: readonly string[], at: (name: string, i: number) => number): PartNames {
  const heads: string[] = [];
  const tails: string[] = [];
  const headOf = new Uint32Array(names.length);
  const tailOf = new Uint32Array(names.length);
  names.forEach((name, i) => {
    const k = Math.min(at(name, i), name.length);
    const [head, tail] = [name.slice(0, k), name.slice(k)];
    if (!heads.includes(head)) heads.push(head);
    if (!tails.includes(tail)) tails.push(tail);
    headOf[i] = heads.indexOf(head);
    tailOf[i] = tails.indexOf(tail);
  });
  return new PartNames(heads, tails, headOf, tailOf, names.length);
}

/** Where names are split into parts: whole (no tail), after one code unit, at their middle, and at places that differ name by name (one head the start of another's). */
export const SPLITS: [string, (name: string, i: number) => number][] = [
  ['whole names', (n) => n.length],
  ['heads of one code unit', () => 1],
  ['split at the middle', (n) => n.length >> 1],
  ['split at places that differ name by name', (n, i) => i % (n.length + 1)],
];

/** The snapshot with its table's names held as parts, split as `at` says (the same settings, read as a built snapshot's). */
export function withPartNames(s: Snapshot, at: (name: string, i: number) => number): Snapshot {
  const t = sortedSettings(s);
  const parts: SortedSettings = { names: partsOf(nameArray(t.names), at), values: t.values, regTypes: t.regTypes, valueNames: t.valueNames, lines: t.lines, assumed: t.assumed, originIds: t.originIds, origins: t.origins };
  return snapshotWithTable(fieldsOf(s), parts);
}
