// A table's settings sorted by lower-cased name (lower-order.ts), by the pass that keeps the rows in order and
// places the few others, and by Array.prototype.sort: both the order of sorting the toLowerCase strings, then the
// names, with the first of each set of case twins kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { caseSnapshot } from '../src/engine/index.js';
import { lowerOrder, lowerOrderLike } from '../src/engine/lower-order.js';
import { sortedSettings } from '../src/snapshot/settings.js';
import { isAscii, nameArray } from '../src/snapshot/name-column.js';
import { partsOf, SPLITS } from './name-parts.js';

const KELVIN = '\u212A';
const DOTTED_I = '\u0130';
/** Pieces whose lower-cased forms are awkward (another length, ASCII from beyond it, context-sensitive sigma) and plain ones. */
const PIECES = ['a', 'A', 'b', 'B', 'k', 'K', KELVIN, 'i', 'I', DOTTED_I, 'Σ', 'σ', 'ς', '.', '_', '[', 'é', 'É', 'z', 'Z', 'drivers.', 'Drivers.', 'settings.', 'Log'];

function random(seed: number): () => number {
  let x = seed * 2654435761;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

/** Distinct names of one to five pieces. */
function namesOf(next: () => number, count: number): string[] {
  const out = new Set<string>();
  while (out.size < count) {
    let name = '';
    const parts = 1 + Math.floor(next() * 5);
    for (let p = 0; p < parts; p++) name += PIECES[Math.floor(next() * PIECES.length)];
    out.add(name);
  }
  return [...out];
}

/** The order lowerOrder gives: by toLowerCase, then the name; of case twins, the first in that order. */
function reference(names: string[]): string[] {
  const sorted = [...names].sort((x, y) => {
    const a = x.toLowerCase();
    const b = y.toLowerCase();
    return a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0;
  });
  return sorted.filter((n, i) => i === 0 || sorted[i - 1].toLowerCase() !== n.toLowerCase());
}

const tableOf = (names: string[]) => sortedSettings(caseSnapshot('main', Object.fromEntries(names.map((n, i) => [n, i]))));

test('lowerOrder: the pass and Array.prototype.sort both give the toLowerCase order, twins left out, over generated name sets', () => {
  for (let seed = 1; seed <= 80; seed++) {
    const names = namesOf(random(seed), 1 + ((seed * 7) % 120));
    const table = tableOf(names);
    const expected = reference(names);
    assert.deepEqual(lowerOrder(table, 0).names.toArray(), expected, `seed ${seed} (pass)`);
    assert.deepEqual(lowerOrder(table).names.toArray(), expected, `seed ${seed} (sort)`);
    // Each position's row holds its name.
    const order = lowerOrder(table, 0);
    order.names.toArray().forEach((n, i) => assert.equal(table.names.at(order.rows[i]), n, `seed ${seed} row ${i}`));
  }
});

for (const [split, at] of SPLITS) {
  test(`lowerOrder: names held as parts (${split}) give the toLowerCase order by the pass and by the sort, twins left out, beyond ASCII too`, () => {
    for (let seed = 1; seed <= 30; seed++) {
      const next = random(seed);
      const ascii = seed % 2 === 0;
      const names = namesOf(next, 5 + Math.floor(next() * 60)).filter((n) => !ascii || isAscii(n));
      const table = tableOf(names);
      const parts = { ...table, names: partsOf(nameArray(table.names), at) };
      for (const passMin of [0, undefined]) {
        const order = lowerOrder(parts, passMin);
        const label = `seed ${seed} (${passMin === 0 ? 'pass' : 'sort'})`;
        assert.deepEqual(order.names.toArray(), reference(names), label);
        order.names.toArray().forEach((n, i) => assert.equal(parts.names.at(order.rows[i]), n, `${label} row ${i}`));
      }
    }
  });
}

test('lowerOrder: names in code-unit order whose case moves a few (a driver\'s lower-case names after its capitalised ones), at the size the pass sorts', () => {
  const names: string[] = [];
  for (let d = 0; d < 1200; d++) {
    const driver = `drivers.D${String(d).padStart(4, '0')}`;
    for (const tail of ['DebugMode', 'Installed', 'LogLevel', 'Task', 'Version', 'assembly', 'displayName', 'settings.A', 'settings.b', 'settings.C']) names.push(`${driver}.${tail}`);
  }
  for (let r = 0; r < 60000; r++) names.push(`reg:Server\\Group${String(r >> 4).padStart(5, '0')}\\Param${r & 15}`);
  names.push(`drivers.D0001.${KELVIN}ey`, 'drivers.d0001.key', 'DRIVERS.D0001.KEY');
  const table = tableOf(names);
  assert.ok(table.names.length >= 65536, 'as many names as the pass sorts by default');
  assert.deepEqual(lowerOrder(table).names.toArray(), reference(names));
  // Another server's order made from it: the same as sorting its own names.
  const other = tableOf([...names.slice(5), 'drivers.D0002.settings.a', 'reg:Extra\\x']);
  assert.deepEqual(lowerOrderLike(other, lowerOrder(table)).names.toArray(), reference([...names.slice(5), 'drivers.D0002.settings.a', 'reg:Extra\\x']));
});

/** What lowerOrderLike says of the names both servers have, from its definition (names as texts). */
function sharedReference(mainNames: readonly string[], otherNames: readonly string[], mainTable: readonly string[], otherTable: readonly string[]) {
  return {
    hereOf: mainNames.map((n) => otherNames.indexOf(n)),
    own: otherNames.flatMap((n, p) => (mainNames.includes(n) ? [] : [p])),
    theirsOnly: mainTable.flatMap((n, r) => (otherTable.includes(n) ? [] : [r])),
    oursOnly: otherTable.flatMap((n, r) => (mainTable.includes(n) ? [] : [r])),
  };
}

const likeCases: { name: string; main: string[]; other: (main: string[]) => string[] }[] = [
  { name: 'the same names', main: ['b', 'A', 'a.x', 'C', 'drivers.Z.y', 'drivers.z.a'], other: (m) => m },
  { name: 'some of them (no case twin on the Main)', main: ['b', 'A', 'a.x', 'C', 'drivers.Z.y', 'drivers.z.a', 'é'], other: (m) => m.filter((_, i) => i % 3 !== 1) },
  { name: 'some of them and its own (no case twin on the Main)', main: ['b', 'A', 'a.x', 'C', 'drivers.Z.y', 'drivers.z.a'], other: (m) => [...m.slice(1), 'B', 'c.1', 'a', `${KELVIN}`] },
  { name: 'some of them, the Main with case twins', main: ['b', 'B', 'A', 'a', 'k', KELVIN, 'z'], other: (m) => m.filter((n) => n !== 'A' && n !== 'z') },
  { name: 'its own, the Main with case twins', main: ['b', 'B', 'A', 'a', 'k', KELVIN, 'z'], other: (m) => [...m.filter((n) => n !== 'b'), 'K', 'y'] },
];

for (const c of likeCases) {
  test(`lowerOrderLike: the order of sorting the names alone, and the names both have, from another server's order: ${c.name}`, () => {
    for (const passMin of [0, undefined]) {
      // Many rows too, so that the Main's order is not its table's (its lower-case names moved after the capitalised ones).
      const pad = Array.from({ length: 40 }, (_, i) => `${i % 2 === 0 ? 'P' : 'p'}ad${String(i).padStart(2, '0')}`);
      const mainTable = tableOf([...c.main, ...pad]);
      const main = lowerOrder(mainTable, passMin);
      const otherNames = [...c.other(c.main), ...pad.slice(3)];
      const table = tableOf(otherNames);
      const out = lowerOrderLike(table, main);
      const label = `${c.name} (passMin ${passMin})`;
      assert.deepEqual(out.names.toArray(), reference(otherNames), label);
      out.names.toArray().forEach((n, i) => assert.equal(table.names.at(out.rows[i]), n, `${label}: row ${i}`));
      const like = out.like;
      assert.ok(like !== undefined, label);
      const expected = sharedReference(main.names.toArray(), out.names.toArray(), nameArray(mainTable.names), nameArray(table.names));
      assert.deepEqual({ hereOf: Array.from(like.hereOf), own: Array.from(like.own), theirsOnly: like.theirsOnly, oursOnly: like.oursOnly }, expected, label);
    }
  });
}
