// A table's strings shared with another table's equal ones (the pair's other server): every reader sees the
// same values, lists are never shared (they are objects a caller may change), and a snapshot built after
// another is the one it would be alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { collectServer } from '../src/collect/index.js';
import { canonicalJson, fingerprint, sortedSettings } from '../src/snapshot/index.js';
import { previousParts, shareStrings } from '../src/snapshot/share.js';
import { PartNames } from '../src/snapshot/name-column.js';
import { tableFromSettings, type SortedSettings } from '../src/snapshot/table.js';
import type { Setting } from '../src/types.js';

const fresh = (text: string): string => Buffer.from(text, 'utf8').toString('utf8');

/** A table of `rows` (names sorted), each `[name, value, valueName]`; every string a fresh copy. */
function table(rows: [string, Setting['value'], string | undefined][]): SortedSettings {
  const settings = rows.map(([, value, valueName]): Setting => ({ regType: 'REG_SZ', source: valueName === undefined ? { file: 'a.reg' } : { file: 'a.reg', valueName: fresh(valueName) }, value: typeof value === 'string' ? fresh(value) : value }));
  return tableFromSettings(
    rows.map(([name]) => fresh(name)),
    settings,
  );
}

const columns = (t: SortedSettings): unknown => structuredClone({ names: t.names, values: t.values, valueNames: t.valueNames, regTypes: t.regTypes, lines: t.lines, assumed: t.assumed, originIds: [...t.originIds] });

const CASES: { name: string; ours: [string, Setting['value'], string | undefined][]; theirs: [string, Setting['value'], string | undefined][]; shared: number }[] = [
  { name: 'the same names', ours: [['a.x', 'v', 'x'], ['b.y', 1, 'y']], theirs: [['a.x', 'v', 'x'], ['b.y', 2, 'y']], shared: 2 },
  { name: 'names only one side has, first, between and last', ours: [['a', '1', undefined], ['c', '3', 'C'], ['e', '5', undefined], ['g', '7', undefined]], theirs: [['b', '2', undefined], ['c', 'other', 'c'], ['d', '4', undefined], ['g', '7', 'g']], shared: 2 },
  { name: 'no name in common', ours: [['x', '1', undefined]], theirs: [['a', '1', undefined], ['b', '1', undefined]], shared: 0 },
  { name: 'an empty side', ours: [], theirs: [['a', '1', undefined]], shared: 0 },
  { name: 'the other side empty', ours: [['a', '1', undefined]], theirs: [], shared: 0 },
  { name: 'names equal but for case are different names', ours: [['A.b', '1', undefined], ['a.b', '1', undefined]], theirs: [['a.B', '1', undefined], ['a.b', '1', undefined]], shared: 1 },
  { name: 'lists, numbers, booleans, secrets and names beyond Latin-1', ours: [['l', ['a', 'b'], 'l'], ['n', 5, undefined], ['s', { hmac: 'ab', secret: true } as unknown as Setting['value'], undefined], ['t', true, undefined], ['z\u00e9\u65e5', '\u{1f600}', '\u65e5']], theirs: [['l', ['a', 'b'], 'l'], ['n', 5, undefined], ['s', { hmac: 'ab', secret: true } as unknown as Setting['value'], undefined], ['t', true, undefined], ['z\u00e9\u65e5', '\u{1f600}', '\u65e5']], shared: 5 },
];

for (const c of CASES) {
  test(`shareStrings: ${c.name}`, () => {
    const ours = table(c.ours);
    const theirs = table(c.theirs);
    const before = columns(ours);
    const theirsBefore = columns(theirs);
    assert.equal(shareStrings(ours, theirs), c.shared);
    assert.deepEqual(columns(ours), before, 'every column reads the same');
    assert.deepEqual(columns(theirs), theirsBefore, 'the other table is only read');
    // Objects are never shared: a caller changing one server's list must not change the other's.
    for (let i = 0; i < ours.values.length; i++) {
      const v = ours.values[i];
      if (typeof v === 'object' && v !== null) assert.ok(!theirs.values.includes(v), `row ${i}'s object is its own`);
    }
  });
}

test('a snapshot built after its pair, sharing its strings, is the one built alone', async () => {
  const path = (role: string): string => join('fixtures', 'pairs', 'sample', role);
  const standbyAlone = await collectServer(path('standby-a'), { toolVersion: '0.1.0', secretKey: 'k' });
  await collectServer(path('main'), { toolVersion: '0.1.0', secretKey: 'k' });
  const standbyAfter = await collectServer(path('standby-a'), { toolVersion: '0.1.0', secretKey: 'k' });
  assert.equal(fingerprint(standbyAfter), fingerprint(standbyAlone));
  assert.equal(canonicalJson(standbyAfter), canonicalJson(standbyAlone));
  assert.deepEqual(columns(sortedSettings(standbyAfter)), columns(sortedSettings(standbyAlone)));
  assert.deepEqual(JSON.parse(JSON.stringify(standbyAfter)), JSON.parse(JSON.stringify(standbyAlone)));
});

test('the next builder is offered the parts of the table built last: each of its heads and tails by text, nothing else', async () => {
  const main = await collectServer(join('fixtures', 'pairs', 'sample', 'main'), { toolVersion: '0.1.0', secretKey: 'k' });
  const names = sortedSettings(main).names;
  assert.ok(names instanceof PartNames, 'a built snapshot holds its names as parts');
  const texts = previousParts();
  assert.ok(texts !== undefined);
  for (const head of names.heads) assert.equal(texts.head(fresh(head)), head);
  for (const tail of names.tails) assert.equal(texts.tail(fresh(tail)), tail);
  assert.equal(texts.head('reg:No\\Such\\Key\\'), undefined);
  assert.equal(texts.tail('NoSuchValue'), undefined);
});
