// The parser's columns (src/snapshot/reg-columns.ts) and the builder's two ways of reading a key from them: a key
// written once by one section is read straight from the columns (the fast path); a key written by several
// sections is merged as an import would (the general path). Splitting a key's section in two sends it down the
// general path without changing what an import leaves, so each input must give the same snapshot both ways.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRegistry } from '../src/collect/registry/index.js';
import { buildSnapshot } from '../src/snapshot/build.js';
import { canonicalJson } from '../src/snapshot/canonical.js';
import { RegColumns, treeColumns } from '../src/snapshot/reg-columns.js';
import { defaultProfile } from '../src/collect/profile/load.js';
import type { RegTree, Snapshot } from '../src/types.js';

const ROOT = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA';
const V5 = 'Windows Registry Editor Version 5.00';

function utf16le(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

/**
 * An export of `keys` (path under the root, value lines). `split`: each key's section is cut before its
 * middle value line and the key's header written again there (the general path); otherwise a comment takes
 * that line, so every value keeps its line number.
 */
function exportText(keys: [string, string[]][], split: boolean): string {
  const lines = [V5, ''];
  for (const [path, values] of keys) {
    const header = `[${path === '' ? ROOT : path.startsWith('HKEY_') ? path : `${ROOT}\\${path}`}]`;
    lines.push(header);
    const cut = values.length >> 1;
    values.forEach((v, i) => {
      if (i === cut && values.length > 1) lines.push(split ? header : '; the same key goes on');
      lines.push(v);
    });
    lines.push('');
  }
  return lines.join('\r\n');
}

function snapshot(text: string, lenient = false): Snapshot {
  const tree = parseRegistry(utf16le(text), { file: 'main.reg', lenient });
  return buildSnapshot({
    trees: [{ tree, source: { kind: 'registry', file: 'main.reg', sha256: '0'.repeat(64), bytes: 1 } }],
    collector: { name: 'pairaudit', version: 'test' },
    secretKey: 'k',
    profile: defaultProfile(),
  });
}

const DRIVER = 'DriverCustom1\\Settings';
const TUNING = 'Server\\Tuning\\Group1';
/** The values of a key whose names come in an order other than their lower-cased one, and in several cases. */
const MIXED = ['"b"="2"', '"A"="1"', '"_c"=dword:00000003', '"B_"="4"', '"a0"=hex:01,02', '@="default"'];

const CASES: { name: string; keys: [string, string[]][]; lenient?: boolean }[] = [
  { name: 'names out of order and in mixed case, the default value, under an `auto` mapping', keys: [[DRIVER, MIXED]] },
  { name: 'the same, unmapped (reg: names)', keys: [[TUNING, MIXED]] },
  { name: 'the same, outside the root', keys: [['', ['"Version"="6.84"']], ['HKEY_LOCAL_MACHINE\\SOFTWARE\\Other', MIXED]] },
  { name: 'literal mappings, one converted and one that does not convert (a warning)', keys: [['Partners\\StandbyA', ['"Port"=dword:00001569', '"Address"="b"', '"Compress"=dword:00000002', '"Interleave"="x"']]] },
  {
    name: 'sibling keys with the same names in the same order, then another order, then another case',
    keys: [
      [`${TUNING}a`, ['"P1"=dword:1', '"P2"=dword:2', '"p0"=dword:3']],
      [`${TUNING}b`, ['"P1"=dword:4', '"P2"=dword:5', '"p0"=dword:6']],
      [`${TUNING}c`, ['"P2"=dword:7', '"P1"=dword:8', '"p0"=dword:9']],
      [`${TUNING}d`, ['"p1"=dword:a', '"P2"=dword:b', '"P0"=dword:c']],
    ],
  },
  {
    name: 'sibling keys with the same names in another order, mapped and one a secret',
    keys: [
      ['Partners\\StandbyA', ['"Port"=dword:00000001', '"Address"="a"', '"Password"="s"']],
      ['Partners\\StandbyB', ['"Address"="b"', '"Password"="t"', '"Port"=dword:00000002']],
    ],
  },
  { name: 'sibling keys with the same names, the second deleting one', keys: [[`${TUNING}a`, ['"P1"=dword:1', '"P2"=dword:2']], [`${TUNING}b`, ['"P1"=dword:3', '"P2"=-']]] },
  { name: 'a value deleted that no section wrote', keys: [[DRIVER, ['"x"="1"', '"Never"=-', '"y"="2"', '"z"="3"']]] },
  { name: 'a name written twice ignoring case (the first display case, the last data)', keys: [[DRIVER, ['"Port"=dword:1', '"x"="1"', '"PORT"=dword:2', '"y"="2"']]] },
  { name: 'a value deleted, and a name deleted then written again', keys: [[DRIVER, ['"Gone"="1"', '"Kept"="2"', '"gone"=-', '"Back"="3"', '"back"=-', '"BACK"="4"']]] },
  { name: 'non-ASCII names, names equal but for non-ASCII case, and __proto__', keys: [[DRIVER, ['"Ä"="1"', '"__proto__"="2"', '"ä2"="3"', '"Zürich"="4"', '"ß"="5"']]] },
  { name: 'escaped names and data', keys: [[TUNING, ['"a \\"q\\""="x"', '"b\\\\c"="C:\\\\x\\\\"', '"A \\"Q\\" 2"="y"']]] },
  { name: 'secrets by name and by content, one a text with a password inside', keys: [[DRIVER, ['"Password"="p1"', '"Conn"="Server=s;Password=p2;"', '"ApiKey"=hex:01,02', '"Plain"="x"']]] },
  { name: 'a key of many values (past the insertion sort)', keys: [[TUNING, Array.from({ length: 150 }, (_, i) => `"${['v', 'V_', 'w', '_'][i % 4]}${(i * 37) % 150}"=dword:${i.toString(16)}`)]] },
  { name: 'REG_MULTI_SZ, QWORD and expandable strings', keys: [[DRIVER, ['"M"=hex(7):41,00,00,00,42,00,00,00,00,00', '"Q"=hex(b):01,00,00,00,00,00,00,00', '"E"=hex(2):25,00,41,00,25,00,00,00']]] },
  { name: 'lenient: a line no syntax fits among the values', keys: [[TUNING, ['"a"="1"', 'junk', '"b"="2"', '"c"="3"']]], lenient: true },
];

for (const c of CASES) {
  test(`a key read from the columns as written (one section) and merged (two sections) gives the same snapshot: ${c.name}`, () => {
    const one = snapshot(exportText(c.keys, false), c.lenient);
    const two = snapshot(exportText(c.keys, true), c.lenient);
    assert.equal(canonicalJson(one), canonicalJson(two));
    assert.ok(Object.keys(one.settings).some((n) => n.startsWith('reg:') || n.startsWith('drivers.') || n.startsWith('partners.')), 'the values became settings');
  });
}

test('a key read from the columns: the settings, their order, lines and value names are those of the export', () => {
  const s = snapshot(exportText([[TUNING, MIXED]], false));
  const got = Object.entries(s.settings)
    .filter(([n]) => n.startsWith('reg:'))
    .map(([n, st]) => `${n}=${JSON.stringify(st.value)}@${st.source.line}:${st.source.valueName}`);
  assert.deepEqual(got, [
    'reg:Server\\Tuning\\Group1\\@="default"@10:',
    'reg:Server\\Tuning\\Group1\\A="1"@5:A',
    'reg:Server\\Tuning\\Group1\\B_="4"@8:B_',
    'reg:Server\\Tuning\\Group1\\_c=3@6:_c',
    'reg:Server\\Tuning\\Group1\\a0="0102"@9:a0',
    'reg:Server\\Tuning\\Group1\\b="2"@4:b',
  ]);
});

const DELETIONS = [V5, '', `[${ROOT}\\A]`, '"x"="1"', '"y"=-', '', `[-${ROOT}\\B]`, '"z"="2"', '', '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Other]', '@=dword:00000001', ''].join('\r\n');

test('the parser writes the columns a tree of the same keys reads as (deleted keys and values included)', () => {
  const tree = parseRegistry(utf16le(DELETIONS), { file: 'a.reg' });
  const cols = treeColumns(tree);
  assert.ok(cols !== undefined);
  const plain = JSON.parse(JSON.stringify(tree)) as RegTree;
  const rows = (c: RegColumns): string[] => Array.from({ length: c.rowCount }, (_, r) => `${c.name(r)}|${c.typeNames[c.types[r]]}|${JSON.stringify(c.data[r])}|${c.lines[r]}|${c.deleted?.has(r) ?? false}`);
  const keys = (c: RegColumns): string[] => c.keyPaths.map((p, k) => `${p}|${c.keyLines[k]}|${c.keyFirst[k]}|${c.keyDeleted?.has(k) ?? false}`);
  const made = RegColumns.fromKeys(plain.keys);
  assert.deepEqual([keys(made), rows(made)], [keys(cols), rows(cols)]);
  assert.equal(cols.rowCount, 4);
  assert.deepEqual(
    plain.keys.map((k) => [k.path, k.deleted ?? false, k.values.map((v) => `${v.name}:${v.deleted ?? false}`)]),
    [
      [`${ROOT}\\A`, false, ['x:false', 'y:true']],
      [`${ROOT}\\B`, true, ['z:false']],
      ['HKEY_LOCAL_MACHINE\\SOFTWARE\\Other', false, [':false']],
    ],
  );
  assert.equal(treeColumns(tree), undefined, 'once its keys are read, the tree is its objects');
});

test('a parsed tree reads as a plain one: JSON, a spread, structuredClone, frozen, keys replaced', () => {
  const text = utf16le(DELETIONS);
  const json = JSON.stringify(parseRegistry(text, { file: 'a.reg' }));
  assert.equal(JSON.stringify({ ...parseRegistry(text, { file: 'a.reg' }) }), json);
  assert.equal(JSON.stringify(structuredClone(parseRegistry(text, { file: 'a.reg' }))), json);
  assert.equal(JSON.stringify(Object.freeze(parseRegistry(text, { file: 'a.reg' }))), json);
  const frozen = Object.freeze(parseRegistry(text, { file: 'a.reg' }));
  assert.equal(frozen.keys, frozen.keys, 'a frozen tree makes its keys once');
  const replaced = parseRegistry(text, { file: 'a.reg' });
  replaced.keys = [];
  assert.deepEqual(replaced.keys, []);
  assert.equal(JSON.stringify(replaced), JSON.stringify({ format: 'regedit5', keys: [] }));
});

test('a change to a parsed tree\'s keys after reading them is what the snapshot is built from', () => {
  const text = exportText([[TUNING, ['"a"="1"', '"b"="2"']]], false);
  const tree = parseRegistry(utf16le(text), { file: 'main.reg' });
  const value = tree.keys[0].values[0];
  value.data = 'changed';
  tree.keys[0].values.pop();
  const s = buildSnapshot({
    trees: [{ tree, source: { kind: 'registry', file: 'main.reg', sha256: '0'.repeat(64), bytes: 1 } }],
    collector: { name: 'pairaudit', version: 'test' },
    secretKey: 'k',
    profile: defaultProfile(),
  });
  assert.deepEqual(
    Object.keys(s.settings).filter((n) => n.startsWith('reg:')),
    ['reg:Server\\Tuning\\Group1\\a'],
  );
  assert.equal(s.settings['reg:Server\\Tuning\\Group1\\a'].value, 'changed');
});

// Value names held as ids into the distinct names: each row reads back the name it was added with, whatever the
// names, past the room made for the rows and past 65,535 distinct names (2-byte ids widened to 4).
const many = (n: number, name: (i: number) => string): string[] => Array.from({ length: n }, (_, i) => name(i));
const NAME_CASES: { name: string; room: number; names: string[]; distinct: number }[] = [
  { name: 'the default value, Latin-1, beyond Latin-1, astral, one repeated', room: 0, names: ['', 'Caf\u00e9', '\u65e5\u672c', '\u{1f600}', 'Caf\u00e9', '', 'caf\u00e9'], distinct: 5 },
  { name: 'a few names over many rows, past the room made', room: 10, names: many(5000, (i) => `Param${i % 7}`), distinct: 7 },
  { name: 'more than 65,535 distinct names, a repeat after the widening', room: 1 << 16, names: [...many(70000, (i) => `n${i}`), 'n3', 'n65536', ''], distinct: 70001 },
];

for (const c of NAME_CASES) {
  test(`parser columns: value names as ids: ${c.name}`, () => {
    const cols = new RegColumns(c.room);
    cols.addKey(`${ROOT}\\A`, 1, false);
    c.names.forEach((name, r) => cols.addValue(name, 1, `d${r}`, r + 2));
    assert.deepEqual(
      Array.from({ length: cols.rowCount }, (_, r) => cols.name(r)),
      c.names,
    );
    assert.deepEqual(
      cols.key(0).values.map((v) => `${v.name}=${String(v.data)}@${v.line}`),
      c.names.map((name, r) => `${name}=d${r}@${r + 2}`),
    );
    assert.equal(cols.nameList.length, c.distinct);
  });
}
