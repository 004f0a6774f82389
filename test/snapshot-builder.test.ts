// The snapshot builder writes the settings table's columns directly (no Setting or Provenance object per
// registry value): names that meet ignoring case, reg: fallbacks, secrets beside their setting, host and
// derived settings, and the origins each (file, key as written) gets, numbered by first citation in name order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSnapshot, type BuildSnapshotInput, type DeriveSettings } from '../src/snapshot/build.js';
import { keyedDocument } from '../src/snapshot/keyed.js';
import { hasSettingsTable, sortedSettings } from '../src/snapshot/table.js';
import { sortedOrder } from '../src/snapshot/settings-builder.js';
import { compareParts, nameArray } from '../src/snapshot/name-column.js';
import { partsOf, SPLITS } from './name-parts.js';
import { defaultProfile } from '../src/collect/profile/load.js';
import type { ProfileMapping } from '../src/snapshot/profile.js';
import type { Snapshot } from '../src/types.js';
import { ROOT, tree, type V } from './snapshot-builders.js';




function build(files: [string, [string, V[]][]][], extra: Partial<BuildSnapshotInput> = {}): Snapshot {
  return buildSnapshot({
    trees: files.map(([file, sections]) => ({ tree: tree(sections), source: { kind: 'registry', file, sha256: '0'.repeat(64), bytes: 1 } })),
    collector: { name: 'pairaudit', version: 'test' },
    secretKey: 'k',
    profile: defaultProfile(),
    ...extra,
  });
}

/** A setting as the keyed document holds it, its origin written out: `file|key|line|valueName` (absent parts empty). */
type Row = { value: unknown; regType?: string; assumed?: boolean; at: string };

function rows(s: Snapshot, only: RegExp): Record<string, Row> {
  const doc = keyedDocument(s);
  const out: Record<string, Row> = {};
  for (const [name, st] of Object.entries(doc.settings)) {
    if (!only.test(name)) continue;
    const o = doc.origins[st.source.origin];
    const row: Row = { value: st.value, at: `${o.file}|${o.key?.slice(ROOT.length + 1) ?? ''}|${st.source.line ?? ''}|${st.source.valueName ?? ''}` };
    if (st.regType !== undefined) row.regType = st.regType;
    if (st.assumed !== undefined) row.assumed = st.assumed;
    out[name] = row;
  }
  return out;
}

const messages = (s: Snapshot): string[] => (s.warnings ?? []).map((w) => `${w.file}:${w.line ?? ''} ${w.message}`);

const CASES: { name: string; files: [string, [string, V[]][]][]; mappings?: ProfileMapping[]; only: RegExp; want: Record<string, Row>; warnings?: string[] }[] = [
  {
    name: 'a mapped value whose name is taken falls back to its reg: name, without `assumed`',
    files: [['a.reg', [['DriverZ', [['Settings.X', 'REG_DWORD', 1]]], ['DriverZ\\Settings', [['X', 'REG_DWORD', 2], ['Y', 'REG_DWORD', 3]]]]]],
    only: /Z/,
    want: {
      'drivers.Z.installed': { value: true, at: 'a.reg|DriverZ|2|' },
      'drivers.Z.Settings.X': { value: 1, regType: 'REG_DWORD', at: 'a.reg|DriverZ|3|Settings.X' },
      'reg:DriverZ\\Settings\\X': { value: 2, regType: 'REG_DWORD', at: 'a.reg|DriverZ\\Settings|6|X' },
      'drivers.Z.settings.Y': { value: 3, regType: 'REG_DWORD', assumed: true, at: 'a.reg|DriverZ\\Settings|7|Y' },
    },
    warnings: ['a.reg:6 setting "drivers.Z.settings.X" is already taken by "drivers.Z.Settings.X"; kept this value as "reg:DriverZ\\Settings\\X"'],
  },
  {
    name: 'a fallback taken too: the value is dropped',
    files: [['a.reg', [['', [['Mine\\B', 'REG_SZ', 'root']]], ['Mine', [['A', 'REG_SZ', 'a'], ['B', 'REG_SZ', 'b']]]]]],
    mappings: [{ setting: 'mine.one', key: 'Mine', value: '{V}', assumed: true, source: 's' }],
    only: /mine/i,
    want: {
      'mine.one': { value: 'a', regType: 'REG_SZ', assumed: true, at: 'a.reg|Mine|6|A' },
      'reg:Mine\\B': { value: 'root', regType: 'REG_SZ', at: 'a.reg||3|Mine\\B' },
    },
    warnings: ['a.reg:7 setting "mine.one" is defined twice; kept the value of line 6'],
  },
  {
    name: 'unmapped names that meet ignoring case (a backslash in a value name): the first kept, the conversion warning once',
    files: [['a.reg', [['DB', [['Port', 'REG_SZ', '5481']]], ['Zz', [['B\\C', 'REG_SZ', 'first']]], ['Zz\\b', [['c', 'REG_SZ', 'second']]]]]],
    only: /^(reg:Zz|db\.)/i,
    want: {
      'db.port': { value: '5481', regType: 'REG_SZ', at: 'a.reg|DB|3|Port' },
      'reg:Zz\\B\\C': { value: 'first', regType: 'REG_SZ', at: 'a.reg|Zz|6|B\\C' },
    },
    warnings: [
      'a.reg:3 db.port: expected a DWORD or QWORD, found REG_SZ; kept as written (correct the "geo-scada" profile if this layout is real)',
      'a.reg:9 setting "reg:Zz\\b\\c" is defined twice; kept the value of line 6',
    ],
  },
  {
    name: 'a secret inside a text: masked, its hash beside it from the same place (no reg type)',
    files: [['a.reg', [['App', [['Conn', 'REG_SZ', 'Server=db1;Password=hunter2'], ['Pwd', 'REG_SZ', '']]]]]],
    only: /^reg:App/,
    want: {
      'reg:App\\Conn': { value: 'Server=db1;Password=(hidden)', regType: 'REG_SZ', at: 'a.reg|App|3|Conn' },
      'reg:App\\Conn#hidden': { value: { hmac: 'HMAC', keyId: 'KEYID', secret: true, set: true }, at: 'a.reg|App|3|Conn' },
      'reg:App\\Pwd': { value: { secret: true, set: false }, regType: 'REG_SZ', at: 'a.reg|App|4|Pwd' },
    },
  },
  {
    name: 'a secret hash whose name a value took first: the hash is dropped',
    files: [['a.reg', [['App', [['B\\Conn#hidden', 'REG_SZ', 'mine']]], ['App\\B', [['Conn', 'REG_SZ', 'Password=x']]]]]],
    only: /^reg:App/,
    want: {
      'reg:App\\B\\Conn#hidden': { value: 'mine', regType: 'REG_SZ', at: 'a.reg|App|3|B\\Conn#hidden' },
      'reg:App\\B\\Conn': { value: 'Password=(hidden)', regType: 'REG_SZ', at: 'a.reg|App\\B|6|Conn' },
    },
    warnings: ['a.reg:6 setting "reg:App\\B\\Conn#hidden" is defined twice; kept the value of line 3'],
  },
  {
    name: 'a value after a secret whose hash took its name: the value is dropped',
    files: [['a.reg', [['App', [['Conn', 'REG_SZ', 'Password=x'], ['Conn#hidden', 'REG_SZ', 'mine']]]]]],
    only: /^reg:App/,
    want: {
      'reg:App\\Conn': { value: 'Password=(hidden)', regType: 'REG_SZ', at: 'a.reg|App|3|Conn' },
      'reg:App\\Conn#hidden': { value: { hmac: 'HMAC', keyId: 'KEYID', secret: true, set: true }, at: 'a.reg|App|3|Conn' },
    },
    warnings: ['a.reg:4 setting "reg:App\\Conn#hidden" is defined twice; kept the value of line 3'],
  },
  {
    name: 'a key written in two sections and two files: each value from the section that last wrote it, the key as that section wrote it',
    files: [
      ['a.reg', [['App', [['One', 'REG_DWORD', 1], ['Two', 'REG_DWORD', 2]]], ['APP', [['Two', 'REG_DWORD', 22]]]]],
      ['b.reg', [['app', [['Three', 'REG_DWORD', 3]]]]],
    ],
    only: /^reg:App/,
    want: {
      'reg:App\\One': { value: 1, regType: 'REG_DWORD', at: 'a.reg|App|3|One' },
      'reg:App\\Three': { value: 3, regType: 'REG_DWORD', at: 'b.reg|app|3|Three' },
      'reg:App\\Two': { value: 22, regType: 'REG_DWORD', at: 'a.reg|APP|7|Two' },
    },
    // reg export writes a key once: a value one file gives twice, with other data, leaves the setting ambiguous.
    warnings: ['a.reg:7 value "Two" of HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA\\App is written again with other data than line 4 gives it (reg export writes each value once: the file was edited or joined from two exports); the later is kept, as an import would keep it; check which is current'],
  },
];

for (const c of CASES) {
  test(`builder: ${c.name}`, () => {
    const profile = c.mappings === undefined ? defaultProfile() : { ...defaultProfile(), sources: {}, mappings: c.mappings };
    const s = build(c.files, { profile, warnings: [{ file: 'given', message: 'a warning passed in' }] });
    const got = rows(s, c.only);
    // Hashes depend on the key; their shape is what the case states.
    for (const r of Object.values(got)) {
      const v = r.value as { hmac?: string; keyId?: string };
      if (typeof v === 'object' && v !== null && v.hmac !== undefined) Object.assign(v, { hmac: 'HMAC', keyId: 'KEYID' });
    }
    assert.deepEqual(got, c.want);
    assert.deepEqual(Object.keys(got), Object.keys(c.want).sort(), 'in name order');
    assert.deepEqual(messages(s).slice(1), c.warnings ?? []);
    assert.equal(messages(s)[0], 'given: a warning passed in');
  });
}

test('origins: one per file and key as written, shared by the values of its sections, numbered in the order settings (by name) first cite them', () => {
  const s = build([
    ['b.reg', [['Zeta', [['A', 'REG_DWORD', 1]]], ['Alpha', [['B', 'REG_DWORD', 2], ['C', 'REG_DWORD', 3]]], ['Zeta', [['D', 'REG_DWORD', 4]]]]],
    ['a.reg', [['Alpha', [['E', 'REG_DWORD', 5]]]]],
  ], {
    host: { hostname: { value: 'N1', source: { file: 'hostname.txt', line: 1 } }, names: [] },
    volumes: { volumes: [{ volume: 'C', freeBytes: 1, totalBytes: 2, source: { file: 'volumes.csv', line: 2 } }], source: { kind: 'volumes', file: 'volumes.csv', sha256: '1'.repeat(64), bytes: 1 } },
  });
  const doc = keyedDocument(s);
  const cited = Object.entries(doc.settings).map(([name, st]) => `${name}@${st.source.origin}`);
  assert.deepEqual(cited, [
    'disk.C.freeBytes@0', 'disk.C.totalBytes@0', 'host.hostname@1', 'host.names@1',
    'reg:Alpha\\B@2', 'reg:Alpha\\C@2', 'reg:Alpha\\E@3', 'reg:Zeta\\A@4', 'reg:Zeta\\D@4',
  ]);
  assert.deepEqual(doc.origins, [
    { file: 'volumes.csv' },
    { file: 'hostname.txt' },
    { file: 'b.reg', key: `${ROOT}\\Alpha` },
    { file: 'a.reg', key: `${ROOT}\\Alpha` },
    { file: 'b.reg', key: `${ROOT}\\Zeta` },
  ]);
  const t = sortedSettings(s);
  assert.equal(t.origins.length, 5, 'no origin that no setting cites');
});

test('the table the builder writes is the one made from its settings record (same columns, same origins)', () => {
  const s = build([['a.reg', [['DriverZ', [['Version', 'REG_SZ', '1.0'], ['Settings.X', 'REG_DWORD', 1]]], ['DriverZ\\Settings', [['X', 'REG_DWORD', 2]]], ['App', [['Conn', 'REG_MULTI_SZ', ['a', 'Password=x']]]]]]]);
  assert.ok(hasSettingsTable(s));
  const built = sortedSettings(s);
  const plain = JSON.parse(JSON.stringify(s)) as Snapshot;
  const remade = sortedSettings(plain);
  assert.deepEqual({ ...built, names: nameArray(built.names), originIds: [...built.originIds] }, { ...remade, names: nameArray(remade.names), originIds: [...remade.originIds] });
  assert.equal(plain.settings['drivers.Z.version'].assumed, true);
  assert.equal('assumed' in plain.settings['drivers.Z.Settings.X'], false, 'absent, not false');
});

test('many rows in scattered order, more than the builder made room for (a hash beside each secret): the same table as from the record', () => {
  // Keys and values in shuffled order, every third value with a password inside (a #hidden row each, beyond the room counted).
  const sections = shuffled(Array.from({ length: 40 }, (_, k) => k), 7).map((k): [string, V[]] => [
    k % 2 === 0 ? `DriverD${k}` : `Other\\K${k}`,
    shuffled(Array.from({ length: 12 }, (_, i) => i), k).map((i): V => [`Value${i}`, i % 3 === 0 ? 'REG_SZ' : 'REG_DWORD', i % 3 === 0 ? `Server=s${k};Password=p${i}` : i]),
  ]);
  const s = build([['a.reg', sections]]);
  const built = sortedSettings(s);
  const remade = sortedSettings(JSON.parse(JSON.stringify(s)) as Snapshot);
  assert.deepEqual({ ...built, names: nameArray(built.names), originIds: [...built.originIds] }, { ...remade, names: nameArray(remade.names), originIds: [...remade.originIds] });
  assert.equal(built.names.length, 40 * 12 + 40 * 4 + 20, 'values, a hash beside every third, the drivers present');
  assert.equal(built.origins.length, 40);
});

test('derive: reads registry, host and disk settings (matching, get), adds after them, and replace keeps the name as first written', () => {
  const seen: string[] = [];
  const derive: DeriveSettings = (view) => {
    for (const [name, st] of view.matching(/^drivers\.[^.]+\.version$/i)) seen.push(`${name}=${String(st.value)}@${st.source.key?.slice(ROOT.length + 1)}:${st.source.line}`);
    seen.push(`get db.port=${String(view.get('DB.PORT')?.value)} assumed=${String(view.get('drivers.a.VERSION')?.assumed)} disk=${String(view.get('disk.c.freeBytes')?.value)}`);
    seen.push(`no such: ${String(view.get('nope'))} ${view.matching(/^nope/).length}`);
    return [
      { name: 'DRIVERS.A.VERSION', setting: { source: { file: 'uninstall.reg', key: 'HKLM\\X', line: 9, valueName: 'DisplayVersion' }, value: '2.0', assumed: true, regType: 'REG_SZ' }, replace: true },
      { name: 'derived.new', setting: { source: { file: 'services.json', line: 4 }, value: 'Auto' } },
      { name: 'DB.Port', setting: { source: { file: 'services.json', line: 5 }, value: 1 } },
      { name: 'derived.absent', setting: { source: { file: 'files.json' }, value: [] }, replace: true },
    ];
  };
  const s = build([['a.reg', [['DB', [['Port', 'REG_DWORD', 5481]]], ['DriverA', [['Version', 'REG_SZ', '1.0']]], ['DriverB', [['version', 'REG_SZ', '1.1']]]]]], {
    derive,
    volumes: { volumes: [{ volume: 'C', freeBytes: 7, totalBytes: 9, source: { file: 'volumes.csv', line: 2 } }], source: { kind: 'volumes', file: 'volumes.csv', sha256: '1'.repeat(64), bytes: 1 } },
  });
  assert.deepEqual(seen, ['drivers.A.version=1.0@DriverA:6', 'drivers.B.version=1.1@DriverB:9', 'get db.port=5481 assumed=true disk=7', 'no such: undefined 0']);
  // Replaced: the derived value and source, no reg type or `assumed` (derived settings carry neither).
  assert.deepEqual(s.settings['drivers.A.version'], { source: { file: 'uninstall.reg', key: 'HKLM\\X', line: 9, valueName: 'DisplayVersion' }, value: '2.0' });
  assert.equal(s.settings['DRIVERS.A.VERSION'], undefined);
  assert.deepEqual(s.settings['derived.new'], { source: { file: 'services.json', line: 4 }, value: 'Auto' });
  assert.deepEqual(s.settings['derived.absent'], { source: { file: 'files.json' }, value: [] });
  assert.equal(s.settings['db.port'].value, 5481);
  // The replaced value differed from the one read: said, and two versions that disagree leave the setting ambiguous.
  assert.deepEqual(messages(s), [
    'uninstall.reg:9 setting "DRIVERS.A.VERSION" is "2.0" here, but "1.0" in a.reg line 6; the two versions disagree, so the setting is unknown: check which one the server runs',
    'services.json:5 setting "DB.Port" is defined twice; kept the value of a.reg line 3',
  ]);
  assert.deepEqual(s.warnings?.map((w) => w.setting), ['DRIVERS.A.VERSION', 'db.port']);
});

/** A deterministic shuffle (xorshift), for orders that no table lists. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let x = seed;
  for (let i = out.length - 1; i > 0; i--) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const j = (x >>> 0) % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const keyNames = (keys: number, values: number): string[] =>
  Array.from({ length: keys * values }, (_, i) => `drivers.D${Math.floor(i / values)}.${i % values === 0 ? 'installed' : `Value${values - (i % values)}`}`);

const ORDERS: { name: string; names: string[] }[] = [
  { name: 'none', names: [] },
  { name: 'one', names: ['a'] },
  { name: 'in order', names: ['a', 'b', 'c', 'd'] },
  { name: 'reversed', names: ['d', 'c', 'b', 'a'] },
  { name: 'case and code-unit order (upper case first, a prefix first)', names: ['b', 'a', 'B', 'A', 'ab', 'a\u0000', 'aB'] },
  { name: 'beyond ASCII: code units, not code points (a surrogate pair below U+FFFF)', names: ['\uffff', '\u{1F600}', 'é', 'e\u0301', 'z'] },
  { name: 'runs that interleave', names: ['a1', 'a3', 'a5', 'a7', 'a2', 'a4', 'a6', 'a8', 'a0'] },
  { name: 'runs apart but for one name (a key present, then its values)', names: keyNames(40, 6) },
  { name: 'shuffled', names: shuffled(keyNames(30, 7), 12345) },
  { name: 'runs of one key each, keys out of order', names: shuffled(Array.from({ length: 50 }, (_, k) => k), 99).flatMap((k) => [`k${k}.a`, `k${k}.b`, `k${k}.c`]) },
];

for (const c of ORDERS) {
  for (const [split, at] of SPLITS) {
    test(`sortedOrder: ${c.name}, ${split}`, () => {
      const names = partsOf(c.names, at);
      assert.deepEqual(c.names.map((_, i) => names.at(i)), c.names, 'the parts make the names');
      const order = [...sortedOrder(names)];
      assert.deepEqual(order.map((i) => c.names[i]), [...c.names].sort());
      assert.deepEqual([...order].sort((a, b) => a - b), c.names.map((_, i) => i), 'each position once');
    });
  }
}

/** compareParts: the order of two names given as head and tail, as the names' own order. */
const PART_ORDERS: [name: string, a: [string, string], b: [string, string]][] = [
  ['the same head: the tails decide', ['reg:A\\', 'x'], ['reg:A\\', 'y']],
  ['heads apart: the heads decide, whatever the tails', ['reg:A\\', 'z'], ['reg:B\\', 'a']],
  ['a key\'s value beside its subkey\'s (one head the start of the other)', ['reg:A\\', 'B'], ['reg:A\\B\\', 'c']],
  ['a value named past the subkey\'s path', ['reg:A\\', 'B\\d'], ['reg:A\\B\\', 'c']],
  ['the same name split in two places', ['drivers.', 'X.installed'], ['drivers.X.', 'installed']],
  ['a whole name the start of another', ['host.names', ''], ['host.', 'namesake']],
  ['a tail shorter than the rest of the longer head', ['a', 'b'], ['abc', 'd']],
  ['beyond ASCII (code units, not code points)', ['x\uffff', ''], ['x', '\u{1F600}']],
];

for (const [name, [h1, t1], [h2, t2]] of PART_ORDERS) {
  test(`compareParts: ${name}`, () => {
    const [x, y] = [h1 + t1, h2 + t2];
    const expected = x === y ? 0 : x < y ? -1 : 1;
    assert.equal(compareParts(h1, t1, h2, t2), expected);
    assert.equal(compareParts(h2, t2, h1, t1), -expected, 'the other way round');
  });
}
