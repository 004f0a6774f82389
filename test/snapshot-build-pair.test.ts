// A snapshot built just after another (a pair's second server) takes most of its setting names from the first's
// table, matched by their parts (a key's part and a value's name) as it adds them: it must be the snapshot built
// alone, whatever the two servers share, including when its names meet ignoring case (it is then built again,
// one name at a time) and when names are beyond Latin-1 (made whole, not joined).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSnapshot } from '../src/snapshot/build.js';
import { canonicalJson, fingerprint } from '../src/snapshot/index.js';
import { defaultProfile } from '../src/collect/profile/load.js';
import type { Snapshot } from '../src/types.js';
import { tree, type V } from './snapshot-builders.js';


type Sections = [string, V[]][];


function build(file: string, sections: Sections): Snapshot {
  return buildSnapshot({
    trees: [{ tree: tree(sections), source: { kind: 'registry', file, sha256: '0'.repeat(64), bytes: 1 } }],
    collector: { name: 'pairaudit', version: 'test' },
    secretKey: 'k',
    profile: defaultProfile(),
  });
}

/** A driver's keys: its registration (named values) and its settings (named `drivers.<name>.settings.<value>`). */
const driver = (name: string, settings: V[]): Sections => [
  [`Driver${name}`, [['', 'REG_SZ', `${name} Driver`], ['AssemblyName', 'REG_SZ', `${name}.dll`], ['Extra', 'REG_DWORD', 1]]],
  [`Driver${name}\\Settings`, settings],
];
const tuning = (group: number, values: number): Sections => [[`Server\\Tuning\\Group${group}`, Array.from({ length: values }, (_, i): V => [`Param${i}`, 'REG_DWORD', group * 100 + i])]];
const MAIN: Sections = [['', [['Version', 'REG_SZ', '6.84']]], ...driver('A', [['Channel1', 'REG_DWORD', 1], ['Timeout', 'REG_DWORD', 2]]), ...driver('B', [['Port', 'REG_DWORD', 20000]]), ...tuning(1, 6), ...tuning(2, 6)];

/** `first`: the server built just before; `second`: the one that takes its names. */
const CASES: { name: string; first: Sections; second: Sections }[] = [
  { name: 'the same keys and values', first: MAIN, second: MAIN },
  { name: 'values only one server has, in every kind of key', first: MAIN, second: [...MAIN.slice(0, 3), ...driver('B', [['Port', 'REG_DWORD', 1], ['Zone', 'REG_SZ', 'z']]), ...tuning(1, 9), ...tuning(2, 2)] },
  {
    name: 'values only the first server has, between names of the same length and key part',
    first: MAIN,
    second: [...MAIN.slice(0, 5), ['Server\\Tuning\\Group1', [['Param0', 'REG_DWORD', 1], ['Param2', 'REG_DWORD', 2], ['Param5', 'REG_DWORD', 5]]], ...tuning(2, 6)],
  },
  { name: 'a value name that ends one only the first server has', first: [['Mine', [['aB', 'REG_SZ', '1'], ['B', 'REG_SZ', '2']]], ...MAIN], second: [['Mine', [['B', 'REG_SZ', '2']]], ...MAIN] },
  { name: 'keys only one server has', first: MAIN, second: [...driver('C', [['Port', 'REG_DWORD', 1]]), ...tuning(3, 8), ...MAIN] },
  { name: 'names equal but for case (another name, not the first server\'s)', first: MAIN, second: [...driver('a', [['channel1', 'REG_DWORD', 1], ['TIMEOUT', 'REG_DWORD', 2]]), ...tuning(1, 6)] },
  {
    name: 'two names that meet ignoring case: built again one name at a time',
    first: [...MAIN, ['Mine', [['X\\Y', 'REG_SZ', 'a']]], ['Mine\\x', [['y', 'REG_SZ', 'b']]]],
    second: [...MAIN, ['Mine', [['X\\Y', 'REG_SZ', 'a']]], ['Mine\\X', [['Y', 'REG_SZ', 'b'], ['z', 'REG_SZ', 'c']]]],
  },
  { name: 'names beyond Latin-1', first: [...driver('\u65e5', [['\u{1f600}', 'REG_SZ', 'x']]), ...MAIN], second: [...driver('\u65e5', [['\u{1f600}', 'REG_SZ', 'x'], ['\u00e9', 'REG_SZ', 'y']]), ...MAIN] },
  { name: 'a secret beside its setting', first: [['App', [['Conn', 'REG_SZ', 'Server=x;Password=hunter2']]], ...MAIN], second: [['App', [['Conn', 'REG_SZ', 'Server=x;Password=hunter3']]], ...MAIN] },
  { name: 'nothing in common', first: tuning(7, 3), second: MAIN },
];

for (const c of CASES) {
  test(`a snapshot built after another is the one built alone: ${c.name}`, () => {
    const alone = build('standby.reg', c.second);
    build('main.reg', c.first);
    const after = build('standby.reg', c.second);
    assert.equal(canonicalJson(after), canonicalJson(alone));
    assert.equal(fingerprint(after), fingerprint(alone));
    assert.deepEqual(after.warnings, alone.warnings);
  });
}
