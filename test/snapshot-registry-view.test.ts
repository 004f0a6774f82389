// The merged registry view (import semantics without a map per key in the common case) and the
// case-insensitive name index the snapshot builder finds settings with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseKeyPath, RegistryView, type NameFacts, type ViewKey } from '../src/snapshot/registry-view.js';
import { finishHash, joined, joinHash, lowerHash, NameIndex, partHash, partPower, sameLower, sortedUnlessClashing } from '../src/snapshot/name-index.js';
import type { RegData, RegKey, RegValue } from '../src/types.js';
import { arrayNames } from '../src/snapshot/name-column.js';

const K = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\X';

let line = 0;
/** A section: values `[name, data]`, data `null` for a deleted value. */
function section(path: string, values: [string, string | null][], deleted = false): RegKey {
  const vs: RegValue[] = values.map(([name, data]) => (data === null ? { name, type: 'REG_NONE', data: '', deleted: true, line: ++line } : { name, type: 'REG_SZ', data, line: ++line }));
  return deleted ? { path, values: vs, line: ++line, deleted: true } : { path, values: vs, line: ++line };
}

/** The values of a view key in visiting order: `[name, facts, data, file, keyAsWritten]`. */
function visit(key: ViewKey | undefined): [string, NameFacts, RegData, string, string][] {
  const kv = key?.values();
  if (kv === undefined) return [];
  return kv.order.map((p) => [kv.nameList[kv.nameIds[kv.first + p]], kv.facts[p], kv.data[kv.first + p], kv.files?.[p] ?? kv.file, kv.keysAsWritten?.[p] ?? kv.keyAsWritten]);
}

/** What the key `path` holds after applying `sections` from files a.reg, b.reg, …: `name=data@file:keyAsWritten`, in visiting order. */
function held(sections: RegKey[][], path = K, written?: number): string[] {
  const view = new RegistryView();
  sections.forEach((keys, i) => view.applyTree({ format: 'regedit5', keys }, `${'abc'[i]}.reg`));
  const key = view.keys.get(path.toLowerCase());
  const out: string[] = [];
  for (const [name, facts, data, file, keyAsWritten] of visit(key)) {
    assert.equal(facts.lower, name.toLowerCase());
    assert.equal(facts.oneLine, !/[\n\r\u2028\u2029]/.test(name));
    out.push(`${name}=${String(data)}@${file}:${keyAsWritten}`);
  }
  assert.equal(key?.valueCount ?? 0, out.length, 'valueCount agrees with the values visited');
  if (written !== undefined) assert.equal(key?.valuesWritten ?? 0, written, 'valuesWritten counts every value the sections applied wrote');
  return out;
}

const VIEW_CASES: { name: string; files: RegKey[][]; path?: string; written?: number; expect: string[] }[] = [
  { name: 'one section: its values in lower-cased name order (`_` before `a`, after `A`)', files: [[section(K, [['b', '2'], ['A', '1'], ['_c', '3']])]], expect: [`_c=3@a.reg:${K}`, `A=1@a.reg:${K}`, `b=2@a.reg:${K}`] },
  { name: 'a value written twice in one section: the first display case, the last data', files: [[section(K, [['Port', '1'], ['PORT', '2']])]], expect: [`Port=2@a.reg:${K}`] },
  { name: 'a value deleted in its own section, then written again: the new display case', files: [[section(K, [['Port', '1'], ['port', null], ['PORT', '3']])]], expect: [`PORT=3@a.reg:${K}`] },
  { name: 'a deleted value never written is no value', files: [[section(K, [['Gone', null], ['Kept', 'k']])]], expect: [`Kept=k@a.reg:${K}`] },
  {
    name: 'a key in two sections (two files, the path written differently): merged, each value from the section that wrote it last',
    files: [[section(K, [['A', '1'], ['B', '1']])], [section('HKLM\\Software\\x', [['b', '2'], ['C', '2']])]],
    expect: [`A=1@a.reg:${K}`, 'B=2@b.reg:HKLM\\Software\\x', 'C=2@b.reg:HKLM\\Software\\x'],
  },
  { name: 'a key deleted and written again: only the new values', files: [[section(K, [['A', '1']]), section(K, [], true), section(K, [['B', '2']])]], expect: [`B=2@a.reg:${K}`] },
  { name: 'a parent deleted removes the subkey values', files: [[section(`${K}\\Sub`, [['A', '1']]), section(K, [], true)]], path: `${K}\\Sub`, expect: [] },
  { name: 'a section without values keeps what the key held', files: [[section(K, [['A', '1']]), section(K, [])]], written: 1, expect: [`A=1@a.reg:${K}`] },
  { name: 'a section without values, then one with values: those values, from the second file', files: [[section(K, [])], [section(K, [['B', '2'], ['A', '1']])]], written: 2, expect: [`A=1@b.reg:${K}`, `B=2@b.reg:${K}`] },
  {
    name: 'a key in three sections (three files): each value from the section that wrote it last, every value written counted',
    files: [[section(K, [['A', '1'], ['B', '1']])], [section(K, [['b', '2'], ['C', '2']])], [section(K, []), section(K, [['c', '3'], ['A', null]])]],
    written: 6,
    expect: [`B=2@b.reg:${K}`, `C=3@c.reg:${K}`],
  },
  { name: 'a key of one section with a deleted value: counted as written', files: [[section(K, [['A', '1'], ['A', null], ['B', '2']])]], written: 3, expect: [`B=2@a.reg:${K}`] },
];

for (const c of VIEW_CASES) {
  test(`registry view: ${c.name}`, () => {
    assert.deepEqual(held(c.files, c.path, c.written), c.expect);
  });
}

test('registry view: a section of few or many values, in any order, is visited in lower-cased name order', () => {
  for (const n of [2, 40, 64, 65, 300]) {
    // A deterministic shuffle of mixed-case names, some around `_` (between the upper and the lower case).
    const names = Array.from({ length: n }, (_, i) => [`v${i}`, `V_${i}`, `v${i}x`, `_${i}`][i % 4]).map((x, i, a) => a[(i * 37) % n]);
    const unique = [...new Set(names.map((x) => x.toLowerCase()))];
    const values = unique.map((lower, i): [string, string] => [names.find((x) => x.toLowerCase() === lower) as string, String(i)]);
    const expect = [...values].sort((a, b) => (a[0].toLowerCase() < b[0].toLowerCase() ? -1 : 1)).map(([name, data]) => `${name}=${data}@a.reg:${K}`);
    assert.deepEqual(held([[section(K, values)]]), expect, `${n} values`);
  }
});

// Sibling keys often write the same names in the same order, and the view then reuses the order it worked out
// for the key visited before: each row is a key visited right after the first, whose values must still be
// visited as its own section says (names as written, deletions, repeats, another order, case, non-ASCII,
// `__proto__`). `expect`: the second key's values, `name=data` in visiting order.
const SIBLING_CASES: { name: string; first: [string, string | null][]; second: [string, string | null][]; expect: string[] }[] = [
  { name: 'the same names in the same order', first: [['b', '1'], ['A', '2']], second: [['b', '3'], ['A', '4']], expect: ['A=4', 'b=3'] },
  { name: 'the same names in another order', first: [['b', '1'], ['A', '2']], second: [['A', '3'], ['b', '4']], expect: ['A=3', 'b=4'] },
  { name: 'the same names, one in another case', first: [['b', '1'], ['A', '2']], second: [['B', '3'], ['A', '4']], expect: ['A=4', 'B=3'] },
  { name: 'the same names, one deleted', first: [['b', '1'], ['A', '2']], second: [['b', null], ['A', '4']], expect: ['A=4'] },
  { name: 'the same count, one name written twice', first: [['b', '1'], ['A', '2']], second: [['b', '3'], ['B', '4']], expect: ['b=4'] },
  { name: 'one name more', first: [['b', '1'], ['A', '2']], second: [['b', '3'], ['A', '4'], ['_', '5']], expect: ['_=5', 'A=4', 'b=3'] },
  { name: 'non-ASCII and __proto__ names, then the same', first: [['Ä', '1'], ['__proto__', '2'], ['ä2', '3']], second: [['Ä', '4'], ['__proto__', '5'], ['ä2', '6']], expect: ['__proto__=5', 'Ä=4', 'ä2=6'] },
  { name: 'non-ASCII names equal but for case', first: [['Ä', '1'], ['b', '2']], second: [['ä', '3'], ['b', '4']], expect: ['b=4', 'ä=3'] },
];

for (const c of SIBLING_CASES) {
  test(`registry view: a key visited after a sibling: ${c.name}`, () => {
    const view = new RegistryView();
    view.applyTree({ format: 'regedit5', keys: [section(`${K}\\One`, c.first), section(`${K}\\Two`, c.second)] }, 'a.reg');
    const seen: string[][] = [[], []];
    ['One', 'Two'].forEach((k, i) => {
      for (const [name, facts, data] of visit(view.keys.get(`${K}\\${k}`.toLowerCase()))) {
        assert.equal(facts.lower, name.toLowerCase());
        seen[i].push(`${name}=${String(data)}`);
      }
    });
    assert.deepEqual(seen[1], c.expect);
    assert.equal(seen[0].length, c.first.length, 'the first key: each of its values');
  });
}

test('registry view: a key first implied by a subkey takes the path (as written, hive normalised), file and line of the section that writes it', () => {
  const view = new RegistryView();
  view.applyTree({ format: 'regedit5', keys: [section(`${K}\\Sub`, [['A', '1']])] }, 'a.reg');
  assert.equal(view.keys.get(K.toLowerCase())?.implied, true);
  const written = section('HKLM\\SOFTWARE\\x', [['B', '2']]);
  view.applyTree({ format: 'regedit5', keys: [written] }, 'b.reg');
  const key = view.keys.get(K.toLowerCase());
  assert.deepEqual([key?.implied, key?.path, key?.file, key?.line], [undefined, 'HKEY_LOCAL_MACHINE\\SOFTWARE\\x', 'b.reg', written.line]);
});

const PATHS: [string, string][] = [
  ['HKEY_LOCAL_MACHINE\\SOFTWARE\\X', 'HKEY_LOCAL_MACHINE\\SOFTWARE\\X'],
  ['HKLM\\SOFTWARE\\X', 'HKEY_LOCAL_MACHINE\\SOFTWARE\\X'],
  ['hkey_local_machine\\SOFTWARE\\X', 'HKEY_LOCAL_MACHINE\\SOFTWARE\\X'],
  ['HKEY_LOCAL_MACHINE\\SOFTWARE\\X\\', 'HKEY_LOCAL_MACHINE\\SOFTWARE\\X'],
  ['HKEY_LOCAL_MACHINE\\\\SOFTWARE\\X', 'HKEY_LOCAL_MACHINE\\SOFTWARE\\X'],
  ['\\HKEY_CURRENT_USER\\X', 'HKEY_CURRENT_USER\\X'],
  ['HKEY_LOCAL_MACHINE', 'HKEY_LOCAL_MACHINE'],
  ['HKCU', 'HKEY_CURRENT_USER'],
  ['Other\\X', 'Other\\X'],
];

test('normaliseKeyPath: the long hive name, no empty segments', () => {
  for (const [path, want] of PATHS) assert.equal(normaliseKeyPath(path), want, path);
});

// Pairs of names and whether they are equal ignoring case, as `toLowerCase()` decides (beyond ASCII too).
const NAME_PAIRS: [string, string][] = [
  ['drivers.X.settings.Port', 'DRIVERS.x.SETTINGS.port'],
  ['drivers.X.settings.Port', 'drivers.X.settings.Port2'],
  ['reg:A\\B', 'reg:a\\b'],
  ['reg:A[B', 'reg:a{b'],
  ['@', '`'],
  ['Ζζ\\Β', 'ζζ\\β'],
  ['X\\ΟΔΟΣ', 'x\\οδοσ'],
  ['X\\ΟΔΟΣ', 'x\\οδος'],
  ['\u212a', 'k'],
  ['A\u212a', 'ak'],
  ['İ', 'i\u0307'],
  ['ab', 'abİ'],
  ['', ''],
];

test('sameLower and lowerHash agree with toLowerCase', () => {
  for (const [a, b] of NAME_PAIRS) {
    const equal = a.toLowerCase() === b.toLowerCase();
    assert.equal(sameLower(a, b), equal, `${a} / ${b}`);
    assert.equal(sameLower(b, a), equal, `${b} / ${a}`);
    if (equal) assert.equal(lowerHash(a), lowerHash(b), `hash of ${a} / ${b}`);
  }
});

/** Parts a setting name is made of (a key's part, a value's name): ASCII of both cases, empty, beyond ASCII. */
const HEADS = ['', 'reg:', 'reg:Server\\Tuning\\Group00001\\', 'drivers.AddIn.settings.', 'DRIVERS.addin.', 'reg:\u00c9t\u00e9\\', 'x'];
const TAILS = ['', '@', 'Param000', 'param000', 'channel0001Timeout', 'Channel0001Timeout', '\u0130stanbul', 'Stra\u00dfe', 'a\u{1F600}', '~\u007f'];

test('a name\'s hash from its parts\' is lowerHash of the name, or -1 where a part is not ASCII', () => {
  for (const head of HEADS) {
    for (const tail of TAILS) {
      const joinedHash = finishHash(joinHash(partHash(head), partHash(tail), partPower(tail.length)));
      const ascii = [...head, ...tail].every((c) => c.charCodeAt(0) < 128);
      assert.equal(joinedHash, ascii ? lowerHash(head + tail) : -1, `${head} + ${tail}`);
    }
  }
});

test('lowerHash spreads names that differ in their last characters over its top bits (NameIndex places names by them)', () => {
  const buckets = new Set<number>();
  for (let i = 0; i < 1000; i++) buckets.add(lowerHash(`reg:Server\\Tuning\\Group00001\\Param${String(i).padStart(3, '0')}`) >>> 22);
  // 1,000 names over 1,024 buckets: about 630 distinct if spread evenly.
  assert.ok(buckets.size > 550, `${buckets.size} buckets`);
});

test('NameIndex finds every name ignoring case, through growth and hash clashes, and nothing else', () => {
  const names: string[] = [];
  const index = new NameIndex(arrayNames(names));
  for (let i = 0; i < 5000; i++) {
    const name = `drivers.D${i % 97}.settings.Value${i}`;
    // Every other name is indexed under one hash: lookups must compare names, not only hashes.
    const hash = i % 2 === 0 ? 7 : lowerHash(name);
    index.insert(names.length, hash);
    names.push(name);
  }
  for (let i = 0; i < 5000; i += 7) {
    const probe = `DRIVERS.d${i % 97}.SETTINGS.value${i}`;
    assert.equal(index.find(probe, i % 2 === 0 ? 7 : lowerHash(probe)), i);
  }
  assert.equal(index.find('drivers.D1.settings.Value5000'), -1);
  assert.equal(index.find('drivers.D0.settings.Value2', 7), -1, 'same hash as an even name, but a different name');
});

test('names added without lookups: checked all at once (names of one hash compared pairwise), then indexed in hash order', () => {
  const names = Array.from({ length: 3000 }, (_, i) => `drivers.D${i % 13}.settings.V${i}`);
  const hashes = Uint32Array.from(names.map(lowerHash));
  const sorted = sortedUnlessClashing(arrayNames(names), hashes, names.length);
  assert.ok(sorted !== undefined);
  assert.ok(sorted.hashes.every((h, i) => i === 0 || sorted.hashes[i - 1] <= h) && sorted.hashes.every((h, i) => h === hashes[sorted.order[i]]), 'in hash order');
  const index = new NameIndex(arrayNames(names));
  index.insertSorted(sorted);
  for (let i = 0; i < names.length; i += 11) assert.equal(index.find(names[i].toUpperCase()), i);
  assert.equal(index.find('drivers.D0.settings.V3000'), -1);
  // Names recorded one by one after the many (host and derived settings): found beside them, through the
  // table's growth, one of them under the hash of a name recorded at once.
  const before = names.length;
  for (let i = 0; i < 600; i++) {
    const name = `host.H${i}`;
    index.insert(names.length, i === 0 ? hashes[5] : lowerHash(name));
    names.push(name);
  }
  assert.equal(index.find('HOST.h0', hashes[5]), before, 'a later name under a bulk name\'s hash');
  assert.equal(index.find(names[5], hashes[5]), 5, 'the bulk name of that hash');
  for (let i = 0; i < names.length; i += 13) assert.equal(index.find(names[i].toLowerCase()), i);
  assert.equal(index.find('host.H600'), -1);
  // Many recorded at once into an index that holds names already: placed in its table.
  const more = new NameIndex(arrayNames(names));
  more.insert(0, lowerHash(names[0]));
  const rest = Uint32Array.from(names.slice(1).map(lowerHash));
  const restSorted = sortedUnlessClashing(arrayNames(names.slice(1)), rest, rest.length);
  assert.ok(restSorted !== undefined);
  more.insertSorted({ order: restSorted.order.map((p) => p + 1), hashes: restSorted.hashes });
  for (let i = 0; i < names.length; i += 17) assert.equal(more.find(names[i].toUpperCase()), i);
  // Three names under one hash: the first and the last meet ignoring case, the middle one meets neither.
  const clash = ['a.X', 'a.Y', 'A.x'];
  const five = Uint32Array.of(5, 5, 5);
  assert.equal(sortedUnlessClashing(arrayNames(clash), five, 3), undefined);
  assert.ok(sortedUnlessClashing(arrayNames(['a.X', 'a.Y', 'a.Z']), five, 3) !== undefined, 'one hash, no clash');
  assert.equal(sortedUnlessClashing(arrayNames(['Zz', 'b', 'ZZ']), Uint32Array.from(['Zz', 'b', 'ZZ'].map(lowerHash)), 3), undefined);
});

test('a built snapshot whose names meet ignoring case keeps the first and warns, as when names were looked up one by one', async () => {
  const { buildSnapshot } = await import('../src/snapshot/build.js');
  const { defaultProfile } = await import('../src/collect/profile/load.js');
  const root = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA';
  const v = (name: string, data: string): RegValue => ({ name, type: 'REG_SZ', data, line: ++line });
  const first = v('B\\C', 'first');
  const s = buildSnapshot({
    trees: [{ tree: { format: 'regedit5', keys: [{ path: `${root}\\Zz`, values: [first], line: ++line }, { path: `${root}\\Zz\\b`, values: [v('c', 'second')], line: ++line }] }, source: { kind: 'registry', file: 'a.reg', sha256: '0'.repeat(64), bytes: 1 } }],
    collector: { name: 'pairaudit', version: 'test' },
    profile: defaultProfile(),
    secretKey: 'k',
    warnings: [{ file: 'x', message: 'given' }],
  });
  assert.deepEqual(Object.keys(s.settings).filter((n) => n.startsWith('reg:')), ['reg:Zz\\B\\C']);
  assert.deepEqual(
    (s.warnings ?? []).map((w) => w.message),
    ['given', `setting "reg:Zz\\b\\c" is defined twice; kept the value of line ${first.line}`],
  );
});

// A key's values are ordered by their names' ranks once the names are ranked (value-order.ts), by their
// lower-cased names before: both must give the order (and the refusal of a name met twice) that comparing the
// lower-cased names gives, whatever names were ranked before.
const ORDER_CASES: string[][] = [
  ['b', 'A', '_c', 'B_', 'a0', ''],
  ['Port', 'x', 'PORT'],
  ['Ä', 'ä2', 'Zürich', 'ß', 'SS', '__proto__', 'İ', 'i'],
  ['ΟΔΟΣ', 'οδος', 'οδοσ'],
  ['\u212a', 'k', 'K'],
  Array.from({ length: 90 }, (_, i) => [`v${i}`, `V_${i}`, `w${i}x`, `_${i}`][i % 4]).map((x, i, a) => a[(i * 37) % 90]),
];

function expectedOrder(names: string[]): number[] | undefined {
  const lowers = names.map((n) => n.toLowerCase());
  if (new Set(lowers).size !== lowers.length) return undefined;
  return names.map((_, i) => i).sort((a, b) => (lowers[a] < lowers[b] ? -1 : 1));
}

/** `rows` as the columns simpleOrder reads: an id per row into the distinct names (`list`, when given, is added to). */
function idsOf(rows: string[], list: string[] = []): [Int32Array, string[]] {
  const ids = Int32Array.from(rows, (name) => {
    const at = list.indexOf(name);
    return at >= 0 ? at : list.push(name) - 1;
  });
  return [ids, list];
}

/** simpleOrder over rows of names (a list of their own). */
async function orderOfRows(rows: string[], first: number, end: number, deleted: ReadonlySet<number> | undefined): Promise<readonly number[] | undefined> {
  const { simpleOrder } = await import('../src/snapshot/value-order.js');
  return simpleOrder(...idsOf(rows), first, end, deleted)?.order;
}

test('value order: by lower-cased name, ranked or not, a name met twice ignoring case refused, a deleted row refused', async () => {
  // Each list three times (first met, then after many other names were met and ranked), between others.
  for (let round = 0; round < 3; round++) {
    for (const names of ORDER_CASES) {
      const rows = ['pad', ...names];
      assert.deepEqual(await orderOfRows(rows, 1, rows.length, undefined), expectedOrder(names), `${round}: ${names.slice(0, 8).join(',')}`);
      if (names.length > 1 && expectedOrder(names) !== undefined) assert.equal(await orderOfRows(rows, 1, rows.length, new Set([2])), undefined, 'a deleted row');
      // Names never met before, enough to rank all again.
      const fresh = Array.from({ length: 40 }, (_, i) => `fresh${round}-${names.length}-${i}`);
      await orderOfRows(fresh, 0, fresh.length, undefined);
    }
  }
});

test('joined: head + tail for any text (Latin-1 written through the scratch bytes, the rest concatenated), heads in turn or repeated', () => {
  const long = 'x'.repeat(5000);
  const cases: [string, string][] = [
    ['reg:Server\\Tuning\\Group00594\\', 'Param028'],
    ['reg:Server\\Tuning\\Group00594\\', 'Param029'],
    ['reg:Server\\Tuning\\Group00594\\', ''],
    ['', 'Param029'],
    ['', ''],
    ['a', 'b'],
    ['drivers.Caf\u00e9.settings.', 'Gr\u00fc\u00dfe\u00ff'],
    ['drivers.Caf\u00e9.settings.', 'Name\u0100'],
    ['drivers.Caf\u00e9.settings.', 'Emoji\u{1f600}'],
    ['reg:\u65e5\u672c\\', 'Value'],
    ['reg:\u65e5\u672c\\', '\u00e9t\u00e9'],
    ['reg:Server\\', long],
    [long, 'Tail'],
    ['reg:Server\\', 'after a long one'],
    ['x'.repeat(4090), 'abcdef'],
    ['x'.repeat(4090), 'abcdefg'],
    ['nul\u0000', '\u0000\u0001\u007f\u0080'],
  ];
  // Twice: the second time every head was met before (its bytes written once and kept).
  for (let round = 0; round < 2; round++) {
    for (const [head, tail] of cases) assert.equal(joined(head, tail), head + tail, `${round}: ${head.slice(0, 30)} + ${tail.slice(0, 30)}`);
  }
});

test('value order: the same answers after the last one is let go (forgetLastOrder, at the end of each build)', async () => {
  const { forgetLastOrder, simpleOrder } = await import('../src/snapshot/value-order.js');
  const names = ['Port', 'address', 'Backup', 'port2'];
  const first = simpleOrder(...idsOf(names), 0, names.length, undefined)?.order;
  forgetLastOrder();
  assert.deepEqual(simpleOrder(...idsOf(names), 0, names.length, undefined)?.order, first);
  assert.deepEqual(first, expectedOrder(names));
});

// A key's names after the previous key's: the previous answer is taken again only when the names are the same,
// whether both keys' ids are in one list (compared as ids) or in two (compared as names).
const AFTER_CASES: { name: string; before: string[]; after: string[]; oneList: boolean }[] = [
  { name: 'the same names, one list', before: ['b', 'A'], after: ['b', 'A'], oneList: true },
  { name: 'the same names, two lists', before: ['b', 'A'], after: ['b', 'A'], oneList: false },
  { name: 'other names of as many values, one list', before: ['b', 'A'], after: ['A', 'b'], oneList: true },
  { name: 'other names of as many values, two lists', before: ['b', 'A'], after: ['a', 'B'], oneList: false },
  { name: 'a name differing in case only, two lists', before: ['Port', 'addr'], after: ['PORT', 'addr'], oneList: false },
  { name: 'the default value and names beyond Latin-1, two lists', before: ['', '\u65e5\u672c', 'Caf\u00e9'], after: ['', '\u65e5\u672c', '\u{1f600}'], oneList: false },
];

for (const c of AFTER_CASES) {
  test(`value order after a sibling key: ${c.name}`, async () => {
    const { forgetLastOrder, simpleOrder } = await import('../src/snapshot/value-order.js');
    // The answer before is this case's (one equal to it from another case would be taken again, its list kept).
    forgetLastOrder();
    const list: string[] = [];
    const [beforeIds] = idsOf(c.before, list);
    simpleOrder(beforeIds, list, 0, c.before.length, undefined);
    const [ids, names] = c.oneList ? idsOf(c.after, list) : idsOf(c.after);
    const got = simpleOrder(ids, names, 0, c.after.length, undefined);
    assert.deepEqual(got?.order, expectedOrder(c.after));
    assert.deepEqual(got?.facts.map((f) => f.lower), c.after.map((n) => n.toLowerCase()));
  });
}
