// The sorted-name searches (src/snapshot/settings.ts): from a position nearby, the same answer as a binary search
// over all; the end of the names that start with a prefix, the same as testing each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstAtOrAfter, firstAtOrAfterNear, prefixEnd } from '../src/snapshot/settings.js';

const sorted = ['a', 'b', 'b.x', 'c', 'drivers.dnp3.a', 'drivers.dnp3.b', 'drivers.dnp3/', 'drivers.modbus.a', 'z'];
const keys = ['', 'a', 'a0', 'b', 'b.', 'b.x', 'b.y', 'drivers.dnp3.', 'drivers.dnp3/', 'drivers.modbus.a', 'y', 'z', 'zz', '\uffff'];

const cases = [
  { name: 'every key from every position, and from outside the array', list: sorted },
  { name: 'an empty list', list: [] as string[] },
  { name: 'one name', list: ['m'] },
  { name: 'a long list (several doubling steps either way)', list: Array.from({ length: 300 }, (_, i) => `n${String(i).padStart(3, '0')}`) },
];

for (const c of cases) {
  test(`firstAtOrAfterNear: ${c.name}`, () => {
    const probe = [...keys, ...c.list, ...c.list.map((k) => `${k}!`)];
    for (const key of probe) {
      const want = firstAtOrAfter(c.list, key);
      for (let near = -1; near <= c.list.length; near++) assert.equal(firstAtOrAfterNear(c.list, key, near), want, `${JSON.stringify(key)} from ${near}`);
    }
  });
}

test('prefixEnd: the end of the names that start with a prefix, as testing each name from the first ≥ it', () => {
  const lists = [
    ...cases.map((c) => c.list),
    // A prefix ending in the highest code unit, names with it in every place, and names that continue past it.
    ['a', 'a\uffff', 'a\uffff\uffff', 'a\uffffb', 'b'],
    ['reg:A\\x', 'reg:B', 'reg:b', 'reg:', 'reg;', 'reg:\uffff'].sort(),
  ];
  const prefixes = ['', 'a', 'a\uffff', 'b', 'b.', 'drivers.', 'drivers.dnp3.', 'drivers.dnp3', 'n1', 'n29', 'reg:', 'reg:A\\', 'z', 'zz', '\uffff'];
  for (const list of lists) {
    for (const prefix of prefixes) {
      const start = firstAtOrAfter(list, prefix);
      let want = start;
      while (want < list.length && list[want].startsWith(prefix)) want++;
      assert.equal(prefixEnd(list, prefix, start), want, `${JSON.stringify(prefix)} in ${JSON.stringify(list.slice(0, 8))}`);
    }
  }
});
