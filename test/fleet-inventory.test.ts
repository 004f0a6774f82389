// Fleet inventory validation: a table of broken inventories, each failing with file, line and field; and what a valid one resolves to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { ConfigError } from '../src/errors.js';
import { parseInventory } from '../src/fleet/inventory.js';

const base = resolve('inventories');

test('a valid inventory: defaults, site and pair options, role alias, JSON too', () => {
  const yaml = [
    'version: 1',
    'defaults:',
    '  failOn: info',
    '  rules: packs/site',
    'sites:',
    '  - name: North',
    '    waivers: w/north.yaml',
    '    pairs:',
    '      - name: scada',
    '        servers:',
    '          standby: b.reg',
    '          main: a.reg',
    '      - name: tel',
    '        failOn: blocker',
    '        rules: [x, /abs/y]',
    '        servers: { main: t/a.json, standby-a: t/b.json, permanent-a: t/dr }',
  ].join('\n');
  const inv = parseInventory(yaml, 'fleet.yaml', base);
  assert.deepEqual(
    inv.pairs.map((p) => [p.id, p.servers.map((s) => `${s.role}=${s.given}`), p.options.failOn, p.options.rules, p.options.waivers]),
    [
      ['North/scada', ['main=a.reg', 'standby-a=b.reg'], 'info', [join(base, 'packs/site')], join(base, 'w/north.yaml')],
      ['North/tel', ['main=t/a.json', 'standby-a=t/b.json', 'permanent-a=t/dr'], 'blocker', [join(base, 'x'), '/abs/y'], join(base, 'w/north.yaml')],
    ],
  );
  assert.equal(inv.pairs[0].servers[0].path, join(base, 'a.reg'));
  assert.equal(inv.pairs[0].servers[0].line, 12);
  const windows = parseInventory("sites: [{ name: S, pairs: [{ name: p, servers: { main: 'exports\\a.reg', standby: exports/b.reg } }] }]", 'fleet.yaml', base);
  assert.deepEqual(windows.pairs[0].servers.map((s) => s.path), [join(base, 'exports', 'a.reg'), join(base, 'exports', 'b.reg')]);
  const json = JSON.stringify({ sites: [{ name: 'S', pairs: [{ name: 'p', servers: { main: 'a', 'standby-b': 'b' } }] }] });
  assert.deepEqual(parseInventory(json, 'fleet.json', base).pairs.map((p) => p.id), ['S/p']);
});

const site = (pairs: string): string => `sites:\n  - name: N\n    pairs:\n${pairs}`;
const pair = (body: string): string => site(`      - name: p\n${body}`);

const invalid: { name: string; text: string; line: number | undefined; message: RegExp }[] = [
  { name: 'not YAML', text: 'sites: [\n', line: 2, message: /is this a YAML or JSON inventory/ },
  { name: 'not a mapping', text: '- a\n- b\n', line: 1, message: /inventory: expected a mapping/ },
  { name: 'unknown top-level field', text: 'sits: []\n', line: 1, message: /inventory\.sits: unknown field; expected one of version, defaults, sites/ },
  { name: 'no sites', text: 'version: 1\n', line: 1, message: /sites: expected a non-empty list of sites/ },
  { name: 'empty sites', text: 'sites: []\n', line: 1, message: /sites: expected a non-empty list/ },
  { name: 'unknown version', text: 'version: 2\nsites: []\n', line: 1, message: /version: only version 1 is known/ },
  { name: 'site without name', text: 'sites:\n  - pairs: []\n', line: 2, message: /sites\[0\]\.name: expected a non-empty string/ },
  { name: 'site without pairs', text: 'sites:\n  - name: N\n', line: 2, message: /sites\[0\]\.pairs: expected a non-empty list of pairs/ },
  { name: 'pair without servers', text: site('      - name: p\n'), line: 4, message: /sites\[0\]\.pairs\[0\]\.servers: missing/ },
  { name: 'misspelt role', text: pair('        servers:\n          main: a.reg\n          stanby: b.reg\n'), line: 7, message: /servers\.stanby: unknown field; expected one of main, standby-a/ },
  { name: 'no main', text: pair('        servers:\n          standby-a: a.reg\n          standby-b: b.reg\n'), line: 6, message: /servers: no main server/ },
  { name: 'one server only', text: pair('        servers:\n          main: a.reg\n'), line: 6, message: /a pair needs a main and at least one standby/ },
  { name: 'role twice via alias', text: pair('        servers:\n          main: a.reg\n          standby: b.reg\n          standby-a: c.reg\n'), line: 8, message: /role standby-a is given twice/ },
  { name: 'empty path', text: pair('        servers:\n          main: ""\n          standby: b.reg\n'), line: 6, message: /servers\.main: expected a non-empty string/ },
  { name: 'path not a string', text: pair('        servers:\n          main: [a]\n          standby: b.reg\n'), line: 6, message: /servers\.main: expected a non-empty string/ },
  { name: 'bad failOn', text: pair('        failOn: critical\n        servers: { main: a, standby: b }\n'), line: 5, message: /pairs\[0\]\.failOn: "critical" is not a severity; use one of blocker, warning, info/ },
  { name: 'bad defaults field', text: 'defaults:\n  failon: info\nsites: []\n', line: 2, message: /defaults\.failon: unknown field/ },
  { name: 'rules not strings', text: pair('        rules: [1]\n        servers: { main: a, standby: b }\n'), line: 5, message: /pairs\[0\]\.rules\[0\]: expected a non-empty string/ },
  { name: 'duplicate pair', text: site('      - name: p\n        servers: { main: a, standby: b }\n      - name: p\n        servers: { main: c, standby: d }\n'), line: 6, message: /pair "N\/p" is already listed at line 4/ },
  { name: 'duplicate key', text: 'sites: []\nsites: []\n', line: 2, message: /Map keys must be unique/ },
];

for (const c of invalid) {
  test(`invalid inventory: ${c.name}`, () => {
    assert.throws(
      () => parseInventory(c.text, 'fleet.yaml', base),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError, `expected ConfigError, got ${String(e)}`);
        assert.equal(e.file, 'fleet.yaml');
        assert.equal(e.line, c.line, e.message);
        assert.match(e.message, c.message);
        assert.ok(!e.message.includes('\n'), 'one line');
        assert.equal(e.exitCode, 2);
        return true;
      },
    );
  });
}

test('YAML aliases stand for what they name: an option and a pair\'s servers given once, used again; instance read', () => {
  const yaml = [
    'defaults:',
    '  failOn: &level info',
    'sites:',
    '  - name: North',
    '    instance: Site2',
    '    pairs:',
    '      - name: scada',
    '        servers: &both { main: a.reg, standby-a: b.reg }',
    '      - name: again',
    '        failOn: *level',
    '        servers: *both',
  ].join('\n');
  const inv = parseInventory(yaml, 'fleet.yaml', base);
  assert.deepEqual(
    inv.pairs.map((p) => [p.id, p.servers.map((s) => `${s.role}=${s.given}`), p.options.failOn, p.options.instance]),
    [
      ['North/scada', ['main=a.reg', 'standby-a=b.reg'], 'info', 'Site2'],
      ['North/again', ['main=a.reg', 'standby-a=b.reg'], 'info', 'Site2'],
    ],
  );
});

// YAML merge keys (`<<`), read as the yaml package's `merge` option reads them: they were refused as an unknown field.
// The anchors are set where first used: the inventory has no field to hold them apart.
const firstPair = [
  'sites:',
  '  - name: North',
  '    pairs:',
  '      - name: one',
  '        <<: &common { failOn: info, waivers: w/common.yaml }',
  '        servers: &servers { main: a.reg, standby-a: b.reg }',
];
const merges: { name: string; lines: string[]; expect: [string, string, string | undefined, string | undefined, string[]][] }[] = [
  {
    name: 'a mapping of defaults merged into several pairs',
    lines: [...firstPair, '      - { name: two, <<: *common, servers: { main: c.reg, standby: d.reg } }', '      - { name: three, <<: *common, servers: *servers }'],
    expect: [
      ['North/one', 'info', 'w/common.yaml', undefined, ['main=a.reg', 'standby-a=b.reg']],
      ['North/two', 'info', 'w/common.yaml', undefined, ['main=c.reg', 'standby-a=d.reg']],
      ['North/three', 'info', 'w/common.yaml', undefined, ['main=a.reg', 'standby-a=b.reg']],
    ],
  },
  {
    name: 'a field beside the merge wins over the merged one, written before or after it',
    lines: [...firstPair, '      - { name: two, failOn: blocker, <<: *common, servers: *servers }', '      - { name: three, <<: *common, waivers: w/own.yaml, servers: *servers }'],
    expect: [
      ['North/one', 'info', 'w/common.yaml', undefined, ['main=a.reg', 'standby-a=b.reg']],
      ['North/two', 'blocker', 'w/common.yaml', undefined, ['main=a.reg', 'standby-a=b.reg']],
      ['North/three', 'info', 'w/own.yaml', undefined, ['main=a.reg', 'standby-a=b.reg']],
    ],
  },
  {
    name: 'a list of mappings: each adds what the ones before it lack',
    lines: [...firstPair, '      - { name: two, <<: [&strict { failOn: blocker, config: strict.yaml }, *common], servers: *servers }', '      - { name: three, <<: [*common, *strict], servers: *servers }'],
    expect: [
      ['North/one', 'info', 'w/common.yaml', undefined, ['main=a.reg', 'standby-a=b.reg']],
      ['North/two', 'blocker', 'w/common.yaml', 'strict.yaml', ['main=a.reg', 'standby-a=b.reg']],
      ['North/three', 'info', 'w/common.yaml', 'strict.yaml', ['main=a.reg', 'standby-a=b.reg']],
    ],
  },
  {
    name: 'servers merged: one replaced, one added',
    lines: [...firstPair, '      - name: two', '        servers:', '          <<: *servers', '          standby-a: c.reg', '          standby-b: d.reg'],
    expect: [
      ['North/one', 'info', 'w/common.yaml', undefined, ['main=a.reg', 'standby-a=b.reg']],
      ['North/two', 'warning', undefined, undefined, ['main=a.reg', 'standby-a=c.reg', 'standby-b=d.reg']],
    ],
  },
  {
    name: 'a merged mapping that merges another; a site merging the defaults',
    lines: ['defaults: &defaults { failOn: blocker }', ...firstPair, '  - { name: South, <<: *defaults, pairs: [{ name: two, <<: { <<: *common, config: own.yaml }, servers: *servers }] }'],
    expect: [
      ['North/one', 'info', 'w/common.yaml', undefined, ['main=a.reg', 'standby-a=b.reg']],
      ['South/two', 'info', 'w/common.yaml', 'own.yaml', ['main=a.reg', 'standby-a=b.reg']],
    ],
  },
];

for (const c of merges) {
  test(`YAML merge keys: ${c.name}`, () => {
    const inv = parseInventory(c.lines.join('\n'), 'fleet.yaml', base);
    assert.deepEqual(
      inv.pairs.map((p) => [p.id, p.options.failOn, p.options.waivers, p.options.config, p.servers.map((s) => `${s.role}=${s.given}`)]),
      c.expect.map(([id, failOn, waivers, config, servers]) => [id, failOn, waivers === undefined ? undefined : join(base, waivers), config === undefined ? undefined : join(base, config), servers]),
    );
  });
}

const badMerges: { name: string; lines: string[]; line: number; message: RegExp }[] = [
  { name: 'a merge of a string', lines: [...firstPair, '      - name: two', '        <<: warning', '        servers: *servers'], line: 8, message: /sites\[0\]\.pairs\[1\]\.<<: a merge key takes a mapping or a list of mappings/ },
  { name: 'a merge of a list holding a string', lines: [...firstPair, '      - name: two', '        <<: [*common, strict]', '        servers: *servers'], line: 8, message: /sites\[0\]\.pairs\[1\]\.<<: a merge key takes a mapping/ },
  { name: 'a merge of a list (an alias of one)', lines: [...firstPair.slice(0, 5), '        servers: { main: a.reg, standby-a: b.reg }', '        rules: &packs [p1, p2]', '      - { name: two, <<: *packs, servers: { main: a.reg, standby-a: b.reg } }'], line: 8, message: /pairs\[1\]\.<<: a merge key takes a mapping/ },
  { name: 'a merge of nothing', lines: [...firstPair, '      - name: two', '        <<:', '        servers: *servers'], line: 8, message: /pairs\[1\]\.<<: a merge key takes a mapping/ },
  { name: 'a merged field unknown where it is merged: its own line', lines: [...firstPair.slice(0, 3), '      - name: one', '        servers: &servers { main: a.reg, standby-a: b.reg }', '      - { name: two, servers: { <<: *servers, standby-b: c.reg } }', '      - { name: three, <<: *servers, servers: *servers }'], line: 5, message: /pairs\[2\]\.main: unknown field/ },
  { name: 'a mapping merged into itself', lines: [...firstPair.slice(0, 3), '      - &self', '        name: one', '        <<: *self', '        servers: { main: a.reg, standby-a: b.reg }'], line: 6, message: /pairs\[0\]\.<<: merges a mapping into itself/ },
  { name: 'a quoted "<<" is a field of that name', lines: [...firstPair, '      - { name: two, "<<": *common, servers: *servers }'], line: 7, message: /pairs\[1\]\.<<: unknown field/ },
];

for (const c of badMerges) {
  test(`invalid inventory: ${c.name}`, () => {
    assert.throws(
      () => parseInventory(c.lines.join('\n'), 'fleet.yaml', base),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError, `expected ConfigError, got ${String(e)}`);
        assert.equal(e.file, 'fleet.yaml');
        assert.equal(e.line, c.line, e.message);
        assert.match(e.message, c.message);
        assert.ok(!e.message.includes('\n'), 'one line');
        return true;
      },
    );
  });
}
