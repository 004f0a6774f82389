// A builder offered the previous table's names in the order its builder added them (NameCursor): which names it
// takes from there (a string of the previous table) and which it keeps its own of, as the two servers' settings
// step out of line (a value or a key only one of them has).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NameCursor } from '../src/snapshot/share.js';
import { tableFromSettings } from '../src/snapshot/table.js';
import type { Setting } from '../src/types.js';

/** The previous builder's settings in the order added, `[name, key]`; its table sorts them and says where each went. */
function previous(added: [string, string][]): NameCursor {
  const sorted = added.map(([name]) => name).sort();
  const settings = sorted.map((name): Setting => ({ source: { file: 'main.reg', key: (added.find(([n]) => n === name) as [string, string])[1] }, value: 1 }));
  const placeOf = Int32Array.from(added, ([name]) => sorted.indexOf(name));
  return new NameCursor(tableFromSettings(sorted, settings), placeOf);
}

const K1 = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\A';
const K2 = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\B';
const K3 = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\C';

/** `asked`: names this builder adds in turn, `[name, key]`; `shared`: for each, whether the previous table's string comes back. */
const CASES: { name: string; before: [string, string][]; asked: [string, string][]; shared: boolean[] }[] = [
  { name: 'the same settings in the same order', before: [['a.x', K1], ['a.y', K1], ['b.x', K2]], asked: [['a.x', K1], ['a.y', K1], ['b.x', K2]], shared: [true, true, true] },
  { name: 'a value only the previous server has is stepped over', before: [['a.x', K1], ['a.y', K1], ['a.z', K1]], asked: [['a.x', K1], ['a.z', K1]], shared: [true, true] },
  { name: 'a value only this server has leaves the cursor where it was', before: [['a.x', K1], ['a.z', K1]], asked: [['a.x', K1], ['a.new', K1], ['a.z', K1]], shared: [true, false, true] },
  {
    name: 'a key only the previous server has, longer than the look-ahead: found again by the next key',
    before: [['a.x', K1], ['b.1', K2], ['b.2', K2], ['b.3', K2], ['b.4', K2], ['b.5', K2], ['c.x', K3], ['c.y', K3]],
    asked: [['a.x', K1], ['c.x', K3], ['c.y', K3]],
    shared: [true, true, true],
  },
  { name: 'a key only this server has', before: [['a.x', K1], ['c.x', K3]], asked: [['a.x', K1], ['b.1', K2], ['b.2', K2], ['c.x', K3]], shared: [true, false, false, true] },
  { name: 'the keys in another order', before: [['c.x', K3], ['c.y', K3], ['a.x', K1], ['a.y', K1]], asked: [['a.x', K1], ['a.y', K1], ['c.x', K3], ['c.y', K3]], shared: [true, true, true, true] },
  { name: 'a name equal but for case is another name', before: [['a.X', K1], ['a.y', K1]], asked: [['a.x', K1], ['a.y', K1]], shared: [false, true] },
  { name: 'names beyond Latin-1', before: [['a.\u65e5', K1], ['a.\u{1f600}', K1]], asked: [['a.\u65e5', K1], ['a.\u{1f600}', K1]], shared: [true, true] },
  { name: 'nothing added before', before: [], asked: [['a.x', K1]], shared: [false] },
];

/** Where a name asked for is cut into the parts it is asked by (a key's part and a value's name): whole, at its last dot, all tail. */
const CUTS: { name: string; at: (name: string) => number }[] = [
  { name: 'whole', at: (name) => name.length },
  { name: 'at the last dot', at: (name) => name.lastIndexOf('.') + 1 },
  { name: 'all tail', at: () => 0 },
];

for (const c of CASES) {
  for (const cut of CUTS) {
    test(`NameCursor: ${c.name} (asked ${cut.name})`, () => {
      const cursor = previous(c.before);
      const got = c.asked.map(([name, key]) => {
        // Strings of their own, not the ones the previous table holds.
        const own = Buffer.from(name, 'utf8').toString('utf8');
        const shared = cursor.share(own.slice(0, cut.at(name)), own.slice(cut.at(name)), key);
        if (shared !== undefined) assert.equal(shared, name, 'an equal string');
        return shared !== undefined;
      });
      assert.deepEqual(got, c.shared);
    });
  }
}

test('NameCursor: parts that start and end a longer or shorter name are not that name', () => {
  const cursor = previous([['a.bc', K1], ['a.b', K1], ['a.bcd', K1]]);
  assert.equal(cursor.share('a.', 'bd', K1), undefined);
  assert.equal(cursor.share('a.b', 'cd', K1), 'a.bcd');
  assert.equal(cursor.share('a', '.b', K1), 'a.b');
});

test('NameCursor: a setting from no registry key is looked for at the cursor only', () => {
  const cursor = previous([['a.x', K1], ['b.1', K2], ['b.2', K2], ['b.3', K2], ['b.4', K2], ['c.x', K3]]);
  assert.equal(cursor.share('c.', 'x', undefined), undefined);
  assert.equal(cursor.share('a.', 'x', undefined), 'a.x');
});
