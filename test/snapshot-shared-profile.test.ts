// A pair's second server built with a profile that has changed since the first build (the same object changed,
// or another), or after it: each build reads its own profile. Guards any sharing of compiled profiles between builds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSnapshot } from '../src/snapshot/build.js';
import { canonicalJson } from '../src/snapshot/index.js';
import { defaultProfile } from '../src/collect/profile/load.js';
import type { Profile } from '../src/snapshot/profile.js';
import type { Snapshot } from '../src/types.js';
import { tree, type V } from './snapshot-builders.js';

type Sections = [string, V[]][];

function build(sections: Sections, profile: Profile): Snapshot {
  return buildSnapshot({
    trees: [{ tree: tree(sections), source: { kind: 'registry', file: 'a.reg', sha256: '0'.repeat(64), bytes: 1 } }],
    collector: { name: 'pairaudit', version: 'test' },
    secretKey: 'k',
    profile,
  });
}

/** A build with a profile of other content, so that the next build compiles its profile afresh. */
function forget(): void {
  buildSnapshot({ trees: [], collector: { name: 'pairaudit', version: 'test' }, secretKey: 'k', profile: { ...bundled(), name: 'other' } });
}

/** The bundled profile as a fresh load (defaultProfile() returns one object, read once). */
const bundled = (): Profile => structuredClone(defaultProfile());

const mapping = (p: Profile, setting: string) => p.mappings.find((m) => m.setting === setting) as Profile['mappings'][number];

const SERVER: Sections = [
  ['', [['Version', 'REG_SZ', '6.84']]],
  ['Partners', [['Type', 'REG_DWORD', 1]]],
  ['DriverModbus', [['', 'REG_SZ', 'Modbus Driver'], ['AssemblyName', 'REG_SZ', 'modbus.dll']]],
  ['App', [['Conn', 'REG_SZ', 'Server=x'], ['Port', 'REG_DWORD', 5]]],
];

/**
 * `second` gets the first build's profile object once that build is done and returns the second build's profile
 * (the same object changed, or another); `changes`: whether the second profile names SERVER otherwise than the bundled one.
 */
const CASES: { name: string; first?: Sections; second: (p: Profile) => Profile; changes: boolean }[] = [
  { name: 'the same content, loaded again', second: () => bundled(), changes: false },
  { name: 'the same object, unchanged', second: (p) => p, changes: false },
  { name: "a mapping's setting renamed in the same object", second: (p) => ((mapping(p, 'product.version').setting = 'product.release'), p), changes: true },
  { name: "a mapping's type changed in the same object", second: (p) => ((mapping(p, 'partners.type').type = 'number'), p), changes: true },
  { name: 'a mapping added', second: (p) => ({ ...p, mappings: [...p.mappings, { setting: 'app.connection', key: 'App', value: 'Conn', assumed: false, source: 'UPG' }] }), changes: true },
  { name: 'a variable-free pattern added before the others', second: (p) => ({ ...p, mappings: [{ setting: 'any.{Value}', key: 'App', value: '{Value}', assumed: true, source: 'UPG' }, ...p.mappings] }), changes: true },
  { name: 'secret value names changed', second: (p) => ({ ...p, secretValueNames: 'conn$' }), changes: true },
  { name: 'the first object changed after its build, the second loaded as bundled', second: (p) => ((mapping(p, 'product.version').type = 'number'), (mapping(p, 'partners.type').enum = {}), bundled()), changes: false },
  { name: 'the same profile, a key written in another case', first: SERVER.map(([k, v]): [string, V[]] => [k.toUpperCase(), v]), second: () => bundled(), changes: false },
];

for (const c of CASES) {
  test(`a second build honours its own profile: ${c.name}`, () => {
    forget();
    const first = bundled();
    build(c.first ?? SERVER, first);
    const profile = c.second(first);
    const after = build(SERVER, profile);
    forget();
    const alone = build(SERVER, profile);
    assert.equal(canonicalJson(after), canonicalJson(alone));
    assert.deepEqual(after.warnings, alone.warnings);
    forget();
    // The case tests what it says: the second profile names the server otherwise than the bundled one, or not.
    assert.equal(canonicalJson(alone) !== canonicalJson(build(SERVER, bundled())), c.changes);
  });
}
