// Snapshot format 4: the grouped canonical form (settings of one registry key and name prefix in one group,
// the prefix once, per setting a row), its streamed writer against the reference document, reading it back
// (the store's reader and the file validator), and format 3 keeping its own canonical form and fingerprints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import stringify from 'fast-json-stable-stringify';
import { canonicalJson, fingerprint, fromGroupedDocument, groupedDocument, parseSnapshotJson, toSecretValue, validateSnapshot, withFields, type GroupedDocument } from '../src/snapshot/index.js';
import { writeGrouped } from '../src/snapshot/grouped.js';
import { collectServer } from '../src/collect/index.js';
import { InputError } from '../src/errors.js';
import type { Setting, Snapshot } from '../src/types.js';
import { KEY, own, reg, snapOf, written } from './snapshot-builders.js';

const ROOT = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA';
const DRIVER = `${ROOT}\\DriverCustom01690\\Settings`;
const HISTORIC = `${ROOT}\\Historic`;

const snap = (settings: Record<string, Setting>, warnings?: Snapshot['warnings']): Snapshot => snapOf(4, settings, warnings);
/** The canonical text writeGrouped writes in pieces of `pieceBytes`. */
const writtenText = (s: Snapshot, pieceBytes?: number): string => written((out) => writeGrouped(s, out), pieceBytes).text;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

// `odd`: fields of other types than a snapshot has (a library caller's objects): written as the reference writes
// them, but no file of them is valid, and they do not come back as they were.
// `unreadable`: not even the text comes back (two groups that differ only in what JSON leaves out read as one).
const AWKWARD: { name: string; settings: Record<string, Setting>; warnings?: Snapshot['warnings']; odd?: true; unreadable?: true }[] = [
  { name: 'no settings', settings: {} },
  { name: 'one setting', settings: { 'db.port': reg('Port', 5481, { regType: 'REG_DWORD' }) } },
  {
    name: 'names that end with their value name and names that do not (camel-cased, renamed, another case)',
    settings: {
      'drivers.Custom01690.settings.Outstation0013Address': reg('Outstation0013Address', '10.150.110.119', {}, DRIVER, 121915),
      'drivers.Custom01690.settings.Outstation0014Address': reg('Outstation0014Address', '10.150.110.120', {}, DRIVER, 121916),
      'historic.historicData.keepOnlineWeeks': reg('KeepOnlineWeeks', 52, { regType: 'REG_DWORD' }, HISTORIC),
      'historic.historicData.KeepOfflineWeeks': reg('KeepOfflineWeeks', 104, { regType: 'REG_DWORD' }, HISTORIC),
      'db.port': reg('Port', 5481, { regType: 'REG_DWORD' }),
      'db.portx': reg('port', 1),
      'reg:DB\\Name': reg('Name', 'x'),
    },
  },
  {
    name: 'empty value name, no value name (hostname.txt, volumes), a value name that is the whole name',
    settings: {
      'reg:DB\\@': reg('', 'default'),
      'host.hostname': { source: { file: 'hostname.txt', line: 1 }, value: 'scada-a' },
      'host.names': { source: { file: 'hostname.txt' }, value: ['scada-a', 'scada-a.example'] },
      'db.present': { source: { file: 'main.reg', key: KEY, line: 1 }, value: true },
      Port: reg('Port', 1),
      Porta: reg('Porta', 2),
      'x.Port': reg('Port', 3),
    },
  },
  {
    name: 'prefixes next to each other: one a prefix of another, equal lengths, last code units one apart, U+FFFF, U+FFFE',
    settings: {
      'a.X': reg('X', 1),
      'a.Y': reg('Y', 2),
      'a.bX': reg('X', 3),
      'a/Y': reg('Y', 4),
      'a/Z': reg('Z', 5),
      'a0Z': reg('Z', 6),
      'b\uffffX': reg('X', 7),
      'b\uffffY': reg('Y', 8),
      'b\uffff\uffffY': reg('Y', 9),
      'c\ufffeX': reg('X', 10),
      'c\ufffeY': reg('Y', 11),
      'c\uffffY': reg('Y', 12),
      'c\uffff\u0000Y': reg('Y', 13),
      'd.Q': reg('Q', 14),
      'd.QQ': reg('Q', 15),
      'd.QQQ': reg('QQ', 16),
    },
  },
  {
    name: 'escaped, control, non-ASCII and astral names, value names, values and key paths; lone surrogates; U+FFFF',
    settings: {
      'reg:Zähler\\Wert': reg('Wert', 'Grüße', {}, `${KEY}\\Zähler`),
      'reg:東京\\😀': reg('😀', '𝄞', {}, `${KEY}\\東京`),
      'reg:q"uote\\back': reg('back', 'a\\"b'),
      'reg:q"uote\\q"': reg('q"', '"'),
      'reg:ctl\u0001\t\n': reg('\t\n', '\r\n\b\f'),
      'reg:sep\u2028\u2029': reg('\u2028', '\u2029'),
      'reg:\ud800': reg('\ud800', 'x\ud800y', {}, `${KEY}\\\udfff`),
      'reg:\ud800x\udc00': reg('\udc00', '\udc00'),
      'reg:\udbff\udfff': reg('ok', '\ud83d'),
      '\uffff': reg('\uffff', '\uffff'),
      '\uffff.\uffff': reg('\uffff', 'y'),
    },
  },
  {
    name: 'integer-like and empty names, "__proto__", names that sort by code unit',
    settings: own([
      ['9', reg('9', 9)],
      ['10', reg('0', 10)],
      ['0', reg('0', 0)],
      ['007', reg('7', '007')],
      ['4294967295', reg('4294967295', 4294967295)],
      ['', reg('', '')],
      ['__proto__', reg('__proto__', 'q')],
      ['x.__proto__', reg('__proto__', 'r')],
      ['Zeta', reg('Zeta', 'z')],
      ['alpha', reg('pha', 'a')],
      ['é', reg('é', 'é')],
      ['😀', reg('x', 'y')],
    ]),
  },
  {
    name: 'values: numbers (-0, negative, huge, fractional), booleans, null, multi-sz lists, secrets',
    settings: {
      'v.Zero': reg('Zero', -0, { regType: 'REG_DWORD' }),
      'v.Neg': reg('Neg', -1, { regType: 'REG_DWORD' }),
      'v.Big': reg('Big', 4294967295, { regType: 'REG_DWORD' }),
      'v.Q': reg('Q', 2 ** 53 - 1, { regType: 'REG_QWORD' }),
      'v.Huge': reg('Huge', 1e300),
      'v.Frac': reg('Frac', 0.1 + 0.2),
      'v.Tiny': reg('Tiny', -5e-324),
      'v.On': reg('On', true),
      'v.Off': reg('Off', false),
      'v.Nul': reg('Nul', null),
      'v.Empty': reg('Empty', [], { regType: 'REG_MULTI_SZ' }),
      'v.List': reg('List', ['a', 'é"\\', '', '😀'], { regType: 'REG_MULTI_SZ' }),
      'v.Password': reg('Password', toSecretValue('x', 'k'), { regType: 'REG_BINARY' }),
      'v.Blob': reg('Blob', toSecretValue('01', 'k', 'presence')),
      'v.Pwd': reg('Pwd', toSecretValue('')),
    },
  },
  {
    name: 'assumed true, false and absent interleaved (each run its own group); one origin interrupted by another',
    settings: {
      'g.A': reg('A', 1, { assumed: true }),
      'g.B': reg('B', 2, { assumed: true }),
      'g.C': reg('C', 3),
      'g.D': reg('D', 4, { assumed: false }),
      'g.E': reg('E', 5, { assumed: true }),
      'g.F': reg('F', 6),
      'g.G': reg('G', 7, {}, `${KEY}\\Other`),
      'g.H': reg('H', 8),
      'g.I': reg('I', 9, {}, KEY, 3, 'standby.reg'),
      'g.J': reg('J', 10),
      'g.K': reg('K', 11, {}, undefined),
      'g.L': reg('L', 12),
    },
  },
  {
    name: 'line and registry type absent, in turn',
    settings: Object.fromEntries(
      Array.from({ length: 12 }, (_, i): [string, Setting] => {
        const s = reg(`V${i}`, i, {}, KEY, i % 4 < 2 ? i + 1 : undefined);
        if (i % 3 === 0) delete s.regType;
        return [`k.V${i}`, s];
      }),
    ),
  },
  {
    name: 'thousands of settings in hundreds of keys, so that the text spans many pieces',
    settings: Object.fromEntries(
      Array.from({ length: 6000 }, (_, i): [string, Setting] => {
        const valueName = `Param${i % 16}${i % 97 === 0 ? 'é' : ''}`;
        const name = i % 50 === 0 ? `tuning.g${i >> 4}.param${i % 16}` : `reg:Server\\Tuning\\Group${String(i >> 4).padStart(5, '0')}\\${valueName}`;
        return [name, reg(valueName, i % 3 === 0 ? i * 7919 : `value-${i.toString(36)}`, i % 7 === 0 ? { assumed: true } : {}, `${KEY}\\Group${i >> 4}`, i + 2)];
      }),
    ),
  },
  { name: 'warnings with awkward text', settings: { 'a.A': reg('A', 1) }, warnings: [{ file: 'main.reg', line: 2, message: 'bad "é" \\ \u2028' }, { file: 'x', message: '' }] },
  {
    name: 'fields of other types than a snapshot has (a library caller), a value left out, a setting larger than a piece',
    odd: true,
    settings: {
      'o.odd': { assumed: 'yes', regType: 7, source: { file: 'main.reg', key: KEY, line: '12', valueName: 5 }, value: 'x' } as unknown as Setting,
      'o.A': reg('A', 'x', { assumed: 'yes' as unknown as boolean }),
      'o.B': reg('B', 'x', { assumed: 'yes' as unknown as boolean }),
      'o.L': reg('L', 'x', {}, KEY, '12' as unknown as number),
      'o.R': reg('R', 'x', { regType: (() => 'REG_SZ') as unknown as Setting['regType'] }),
      'o.V': reg(5 as unknown as string, 'x'),
      'o.List': reg('List', [1, 'a', null] as unknown as string[]),
      'o.G': reg('G', undefined as unknown as string),
      'o.N': reg('N', NaN, {}, KEY, NaN),
      'o.H': reg('H', 'é\\"'.repeat(100_000)),
      'o.HA': reg('HA', 'ab'.repeat(200_000)),
    },
  },
  {
    name: 'a flag JSON leaves out (a function): its group is written without one, beside a group without one',
    odd: true,
    unreadable: true,
    settings: { 'o.Fn': reg('Fn', 1, { assumed: (() => true) as unknown as boolean }), 'o.G': reg('G', 2) },
  },
];

for (const c of AWKWARD) {
  test(`format 4 text is fast-json-stable-stringify of the grouped document, in pieces of any size, and reads back: ${c.name}`, () => {
    const s = snap(c.settings, c.warnings);
    const reference = stringify(groupedDocument(s));
    assert.equal(canonicalJson(s), reference);
    assert.equal(fingerprint(s), sha256(reference));
    for (const size of [64, 100, 4096, undefined]) assert.equal(writtenText(s, size), reference, `piece ${size}`);
    if (c.unreadable) return;
    // Read back (the store's reader), written again: the same bytes.
    const back = fromGroupedDocument(JSON.parse(reference) as GroupedDocument);
    assert.equal(canonicalJson(back), reference);
    assert.deepEqual(Object.keys(back.settings).sort(), Object.keys(s.settings).sort());
    if (c.odd) return;
    // The reference document holds the settings as they were; a file of it reads as the same snapshot.
    assert.deepEqual(fromGroupedDocument(groupedDocument(s)), s);
    assert.deepEqual(back, JSON.parse(JSON.stringify(s)));
    const read = parseSnapshotJson(`\uFEFF${reference}`, 'snap.json');
    assert.deepEqual(read, back);
    assert.equal(canonicalJson(read), reference);
  });
}

test('format 4 writes the shared prefix once per group and per setting [tail, line, regType, value]; [name, line, regType, value, valueName] otherwise', () => {
  const s = snap({
    'drivers.Custom01690.settings.Outstation0013Address': reg('Outstation0013Address', '10.150.110.119', {}, DRIVER, 121915),
    'drivers.Custom01690.settings.Outstation0014Address': reg('Outstation0014Address', '10.150.110.120', { assumed: true }, DRIVER, 121916),
    'historic.historicData.keepOnlineWeeks': reg('KeepOnlineWeeks', 52, { regType: 'REG_DWORD' }, HISTORIC, 7),
    'host.hostname': { source: { file: 'hostname.txt', line: 1 }, value: 'scada-a' },
    'host.names': { source: { file: 'hostname.txt' }, value: ['scada-a'] },
    'reg:DB\\@': reg('', 'd', {}, KEY, 2),
  });
  const text = canonicalJson(s);
  const groups = text.slice(text.indexOf('"groups":'), text.indexOf(',"origins":'));
  assert.equal(
    groups,
    '"groups":[{"origin":0,"prefix":"drivers.Custom01690.settings.","rows":[["Outstation0013Address",121915,"REG_SZ","10.150.110.119"]]},' +
      '{"assumed":true,"origin":0,"prefix":"drivers.Custom01690.settings.","rows":[["Outstation0014Address",121916,"REG_SZ","10.150.110.120"]]},' +
      '{"origin":1,"prefix":"","rows":[["historic.historicData.keepOnlineWeeks",7,"REG_DWORD",52,"KeepOnlineWeeks"]]},' +
      '{"origin":2,"prefix":"","rows":[["host.hostname",1,null,"scada-a",null],["host.names",null,null,["scada-a"],null]]},' +
      '{"origin":3,"prefix":"","rows":[["reg:DB\\\\@",2,"REG_SZ","d",""]]}]',
  );
  assert.ok(text.endsWith(`"origins":[{"file":"main.reg","key":${JSON.stringify(DRIVER)}},{"file":"main.reg","key":${JSON.stringify(HISTORIC)}},{"file":"hostname.txt"},{"file":"main.reg","key":${JSON.stringify(KEY)}}],"schemaVersion":4,"server":{"label":"Zähler \\"A\\"","names":["a","é.example"]}}`), text);
});

test('the sample pair: collect builds format 4, each prefix written once per group, read back as built', async () => {
  for (const role of ['main', 'standby-a']) {
    const s = await collectServer(join('fixtures', 'pairs', 'sample', role), { toolVersion: '0.1.0', secretKey: 'k' });
    assert.equal(s.schemaVersion, 4);
    const text = canonicalJson(s);
    const doc = JSON.parse(text) as GroupedDocument;
    const count = Object.keys(s.settings).length;
    const rows = doc.groups.reduce((n, g) => n + g.rows.length, 0);
    assert.equal(rows, count);
    assert.ok(doc.groups.length < count / 2, `${role}: ${doc.groups.length} groups for ${count} settings`);
    assert.ok(doc.groups.some((g) => g.prefix !== '' && g.rows.length > 3 && g.rows.every((r) => r.length === 4)));
    assert.deepEqual(validateSnapshot(doc, 'x.json'), JSON.parse(JSON.stringify(s)));
    assert.equal(fingerprint(s), sha256(text));
    assert.ok(text.length < canonicalJson(withFields(s, { schemaVersion: 3 })).length * 0.8);
  }
});

test('format 3 snapshots keep their canonical form and their exact fingerprint (pinned: computed by the format 3 build)', async () => {
  const s = await collectServer(join('fixtures', 'pairs', 'sample', 'main'), { toolVersion: '0.1.0', secretKey: 'pinned key' });
  const v3 = withFields(s, { schemaVersion: 3 });
  assert.equal(fingerprint(v3), 'df9914a2f22be9f7f259fb72abb269816021ece61c104a26bd84dea41ad5f41d');
  assert.ok(canonicalJson(v3).includes('"settings":{'));
  assert.notEqual(fingerprint(s), fingerprint(v3));
});

test('a format 4 snapshot written without its tables (JSON.stringify of the in-memory snapshot) reads as the same snapshot', () => {
  for (const c of AWKWARD.filter((x) => !x.odd)) {
    const s = snap(c.settings, c.warnings);
    const read = parseSnapshotJson(JSON.stringify(s), 'x.json');
    assert.deepEqual(read, JSON.parse(JSON.stringify(s)), c.name);
    assert.equal(fingerprint(read), fingerprint(s), c.name);
  }
});

// Parsed format 4 JSON mutated by each case (a hand-edited file); its shape is what the validator checks.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const BAD: { name: string; mutate: (o: Record<string, any>) => void; message: RegExp }[] = [
  { name: 'groups that are no list', mutate: (o) => (o.groups = {}), message: /"groups": expected a list of \{origin, prefix, rows\}, found an object/ },
  { name: 'groups without origins', mutate: (o) => delete o.origins, message: /"origins": expected a list of \{file, key\}, found nothing/ },
  { name: 'groups and a settings record', mutate: (o) => (o.settings = {}), message: /"settings": format 4 lists its settings in "groups"/ },
  { name: 'groups in format 3', mutate: (o) => (o.schemaVersion = 3), message: /"groups": only format 4 lists settings in groups \(this snapshot says format 3\)/ },
  { name: 'an origins table in format 2', mutate: (o) => ((o.schemaVersion = 2), delete o.groups, (o.settings = {})), message: /"origins": only formats 3 and 4 have an origins table/ },
  { name: 'a group with another field', mutate: (o) => (o.groups[1].key = 'x'), message: /"groups\[1\].key": a group has only the fields assumed, origin, prefix and rows/ },
  { name: 'an origin out of range', mutate: (o) => (o.groups[1].origin = 3), message: /"groups\[1\].origin": expected the index of an entry of "origins" \(0 to 1\), found number 3/ },
  { name: 'no origin', mutate: (o) => delete o.groups[0].origin, message: /"groups\[0\].origin": expected the index of an entry of "origins" \(0 to 1\), found nothing/ },
  { name: 'a prefix that is no string', mutate: (o) => (o.groups[0].prefix = 1), message: /"groups\[0\].prefix": expected a string, found number 1/ },
  { name: 'an assumed flag that is no boolean', mutate: (o) => (o.groups[0].assumed = 'yes'), message: /"groups\[0\].assumed": expected true or false, found string "yes"/ },
  { name: 'rows that are no list', mutate: (o) => (o.groups[0].rows = 'x'), message: /"groups\[0\].rows": expected a list of rows/ },
  { name: 'a row of three', mutate: (o) => o.groups[0].rows[1].splice(3), message: /"groups\[0\].rows\[1\]": expected a row \[name, line, regType, value\] or \[name, line, regType, value, valueName\], found a list of 3/ },
  { name: 'a row that is an object', mutate: (o) => (o.groups[0].rows[1] = {}), message: /"groups\[0\].rows\[1\]": expected a row .*, found an object/ },
  { name: 'rows out of name order', mutate: (o) => o.groups[0].rows.reverse(), message: /"groups\[0\].rows\[1\]": "db.Name" comes after "db.Port" \(groups\[0\].rows\[0\]\): rows are in ascending name order, each name once/ },
  { name: 'groups out of name order', mutate: (o) => ((o.groups[1].prefix = 'a.'), (o.groups[1].rows[0][0] = 'x')), message: /"groups\[1\].rows\[0\]": "a.x" comes after "db.Port" \(groups\[0\].rows\[1\]\)/ },
  { name: 'a name twice', mutate: (o) => (o.groups[0].rows[1][0] = 'Name'), message: /"groups\[0\].rows\[1\]": "db.Name" comes after "db.Name"/ },
  { name: 'names that differ only in case', mutate: (o) => (o.groups[0].rows[1][0] = 'name'), message: /"groups\[0\].rows\[1\]": the same name as "db.Name" \(names compare case-insensitively\)/ },
  { name: 'a name that is no string', mutate: (o) => (o.groups[0].rows[0][0] = 5), message: /"groups\[0\].rows\[0\]\[0\]": expected a string, found number 5/ },
  { name: 'a line that is text', mutate: (o) => (o.groups[0].rows[0][1] = '4'), message: /"groups\[0\].rows\[0\]\[1\]": expected a number, found string "4"/ },
  { name: 'a line below 1', mutate: (o) => (o.groups[0].rows[0][1] = 0), message: /"groups\[0\].rows\[0\]\[1\]": expected a line number ≥ 1, found 0/ },
  { name: 'an unknown registry type', mutate: (o) => (o.groups[0].rows[0][2] = 'REG_X'), message: /"groups\[0\].rows\[0\]\[2\]": expected a registry type such as REG_SZ/ },
  { name: 'a value of another type', mutate: (o) => (o.groups[0].rows[0][3] = { a: 1 }), message: /"groups\[0\].rows\[0\]\[3\]": expected a string, number, boolean, list of strings, null or a secret/ },
  { name: 'a hash without key id', mutate: (o) => (o.groups[0].rows[0][3] = { secret: true, set: true, hmac: 'a'.repeat(64) }), message: /"groups\[0\].rows\[0\]\[3\].keyId": a hashed secret names its key/ },
  { name: 'a value name that is no string', mutate: (o) => (o.groups[1].rows[0][4] = 7), message: /"groups\[1\].rows\[0\]\[4\]": expected a string, found number 7/ },
];

for (const c of BAD) {
  test(`validateSnapshot rejects a format 4 snapshot with ${c.name}, in one line naming the file and the field`, () => {
    const s = snap({ 'db.Name': reg('Name', 'x', {}, KEY, 4), 'db.Port': reg('Port', 5481, { regType: 'REG_DWORD' }), 'host.hostname': { source: { file: 'hostname.txt', line: 1 }, value: 'a' } });
    const o = JSON.parse(canonicalJson(s));
    assert.equal(o.groups.length, 2);
    c.mutate(o);
    assert.throws(
      () => validateSnapshot(o, 'pair/main.json'),
      (e: unknown) => e instanceof InputError && e.exitCode === 2 && e.message.startsWith('pair/main.json: ') && c.message.test(e.message) && !e.message.includes('\n'),
    );
  });
}

test('the store reader refuses what is no format 4 document, and rows out of order do not come back as the text read', () => {
  const s = snap({ 'db.Name': reg('Name', 'x', {}, KEY, 4), 'db.Port': reg('Port', 5481, { regType: 'REG_DWORD' }) });
  const text = canonicalJson(s);
  const doc = JSON.parse(text) as GroupedDocument;
  assert.throws(() => fromGroupedDocument({ ...doc, groups: [{ ...doc.groups[0], origin: 1 }] }), RangeError);
  const reversed = JSON.parse(text) as GroupedDocument;
  reversed.groups[0].rows.reverse();
  assert.notEqual(canonicalJson(fromGroupedDocument(reversed)), stringify(reversed));
  assert.equal(canonicalJson(fromGroupedDocument(reversed)), text);
  // Origins numbered out of first-citation order are renumbered, so the text differs from the edited one.
  const two = snap({ 'a.A': reg('A', 1, {}, `${KEY}\\A`), 'b.B': reg('B', 2, {}, `${KEY}\\B`) });
  const swapped = JSON.parse(canonicalJson(two)) as GroupedDocument;
  swapped.origins.reverse();
  swapped.groups[0].origin = 1;
  swapped.groups[1].origin = 0;
  assert.equal(canonicalJson(fromGroupedDocument(swapped)), canonicalJson(two));
});
