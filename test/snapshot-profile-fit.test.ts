// profileFit over a snapshot's sorted names (src/snapshot/profile-fit.ts): a mapping is tested against the names
// of its group whatever their case (a group's names written in several cases lie apart in code-unit order), and
// unclaimed values are counted per key, only among `reg:` names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { caseSnapshot } from '../src/engine/index.js';
import { profileFit } from '../src/snapshot/profile-fit.js';
import type { Profile, ProfileMapping } from '../src/snapshot/profile.js';

const mapping = (setting: string, key: string): ProfileMapping => ({ setting, key, value: 'V', assumed: false, source: 'T' });
const profile: Profile = {
  name: 'test',
  version: 1,
  root: { parents: ['SOFTWARE'], key: 'Root', instancePrefix: 'Root$' },
  outsideRoot: 'keep',
  secretValueNames: 'password$',
  variables: { Driver: ['DNP3'] },
  sources: { T: 'test' },
  mappings: [
    mapping('drivers.{Driver}.installed', 'Driver{Driver}'),
    mapping('drivers.{Driver}.settings.{Value}', 'Driver{Driver}\\Settings'),
    mapping('db.port', 'Database'),
    mapping('partners.type', 'Partners'),
    mapping('zz', ''),
  ],
  groups: { partners: { anchors: ['partners.type'] } },
} as Profile;

const cases: { name: string; settings: string[]; found: Record<string, boolean>; unclaimed: { key: string; values: number }[] }[] = [
  { name: 'nothing', settings: [], found: { 'drivers.{Driver}.installed': false, 'db.port': false, zz: false }, unclaimed: [] },
  {
    name: "a group's names in several cases, apart in code-unit order, with other groups between",
    settings: ['DRIVERS.X.Installed', 'Db.Port', 'drivers.y.settings.a', 'drivers', 'e.f', 'PARTNERS.TYPE'],
    found: { 'drivers.{Driver}.installed': true, 'drivers.{Driver}.settings.{Value}': true, 'db.port': true, 'partners.type': true, zz: false },
    unclaimed: [],
  },
  {
    name: 'a name that is its group alone, and a group whose name continues past the dot',
    settings: ['zz', 'zz.a', 'zzz.b', 'db', 'db.portx'],
    found: { 'db.port': false, zz: true },
    unclaimed: [],
  },
  {
    name: 'unclaimed values counted per key among reg: names only, subkeys between a key\'s values',
    settings: ['reg:A\\x', 'reg:A\\B\\y', 'reg:A\\z', 'reg:Top', 'reg:HKEY_LOCAL_MACHINE\\X\\v', 'reg:a\\q', 'REG:A\\n', 'region.x', 'drivers.d.installed'],
    found: { 'drivers.{Driver}.installed': true },
    unclaimed: [
      { key: 'A', values: 2 },
      { key: '(root)', values: 1 },
      { key: 'A\\B', values: 1 },
      { key: 'a', values: 1 },
    ],
  },
  {
    name: 'names with the highest code unit after a group and after reg:',
    settings: ['drivers.\uffff.installed', 'drivers\uffff.x', 'reg:\uffff\\v', 'reg:\uffff'],
    found: { 'drivers.{Driver}.installed': true, zz: false },
    unclaimed: [
      { key: '(root)', values: 1 },
      { key: '\uffff', values: 1 },
    ],
  },
];

for (const c of cases) {
  test(`profileFit: ${c.name}`, () => {
    const fit = profileFit(profile, caseSnapshot('main', Object.fromEntries(c.settings.map((n) => [n, 1]))));
    const found = Object.fromEntries(fit.groups.flatMap((g) => g.mappings.map((m) => [m.setting, m.found])));
    for (const [setting, want] of Object.entries(c.found)) assert.equal(found[setting], want, setting);
    assert.deepEqual(fit.unclaimed, c.unclaimed);
  });
}
