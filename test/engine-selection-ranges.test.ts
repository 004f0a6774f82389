// The selection's shortcuts against plain walks over every name, on awkward names: case, regex metacharacters
// in prefixes, `reg:` names and subkeys, non-ASCII, names that share a prefix, names only one server has, and
// groups of three and five servers (each other server indexed from the Main's order). A pattern's positions
// must be those a regex walk over all names finds, whichever patterns were matched together; a server's
// unclaimed values per key (profile fit) must be those counted name by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { caseSnapshot } from '../src/engine/index.js';
import { indexServer, type IndexedServer } from '../src/engine/indexing.js';
import { compilePattern, matchPattern, templateOf, type NamePattern } from '../src/engine/patterns.js';
import { Selection, type CompiledRule } from '../src/engine/selection.js';
import { GuardCheck } from '../src/engine/comparators/guard.js';
import { indexOf } from '../src/engine/indexing.js';
import type { Rule } from '../src/engine/types.js';
import { fitServers } from '../src/engine/profile-fit.js';
import { unclaimedKey } from '../src/snapshot/profile-fit.js';
import { defaultProfile } from '../src/collect/profile/load.js';
import type { Role } from '../src/types.js';
import { nameArray } from '../src/snapshot/name-column.js';
import { SPLITS, withPartNames } from './name-parts.js';

const ROLES: Role[] = ['main', 'standby-a', 'standby-b', 'permanent-a', 'permanent-b'];

/**
 * The servers of a group indexed as an audit indexes them: the Main first, the others from its order. `split`: their
 * names held as parts split there (name-parts.ts), as a built snapshot holds them; whole names without it.
 */
function group(names: string[][], split?: (name: string, i: number) => number): IndexedServer[] {
  const snapshots = names.map((list, i) => {
    const s = caseSnapshot(ROLES[i], Object.fromEntries(list.map((n, k) => [n, k])));
    return split === undefined ? s : withPartNames(s, split);
  });
  const main = indexServer('main', snapshots[0]);
  return [main, ...snapshots.slice(1).map((s, i) => indexServer(ROLES[i + 1], s, main))];
}

/** The positions a plain walk over every name finds: the pattern's regex (a literal: the lower-cased name). */
function walk(p: NamePattern, server: IndexedServer): number[] {
  const out: number[] = [];
  server.names.toArray().forEach((name, i) => {
    if (matchPattern(p, name, name.toLowerCase()) !== undefined) out.push(i);
  });
  return out;
}

const BASE = [
  'reg:Server\\InstallDate',
  'reg:Server\\Tuning\\InstallTime',
  'reg:server\\tuning\\LastBootTime',
  'reg:SERVER\\MachineGuid',
  'reg:Server\\StartCount',
  'reg:Server\\ClientAdvisePortCount',
  'reg:Server\\Tuning\\Param1',
  'reg:Äpfel\\InstallDate',
  'reg:İnstall\\x',
  'reg:a.b\\(x)',
  'reg:a.b\\[y]',
  'reg:aXb\\z',
  'reg:Licence\\Key',
  'reg:LicenceX\\Key',
  'reg:InstallDate',
  'drivers.DNP3.installed',
  'drivers.DNP3.settings.Timeout',
  'drivers.dnp3.settings.a.b',
  // After a run of names with more dots than a pattern's match holds: names that share their text up to that dot.
  'drivers.DNP3.settings',
  'drivers.DNP3.settingsX',
  'drivers.DNP3.settings-',
  'drivers.DNP3.LogLevel',
  'drivers.DNP3.Log',
  // Starts and ends as an exact segment glob's match does, with more between (drivers.*.Log).
  'drivers.DNP3.Log.x.Log',
  'drivers.DNP3.catalog',
  // Nothing after the driver's dot (no code unit there to pick the globs to test by).
  'drivers.DNP3.',
  'drivers.Δ.installed',
  'drivers.Δ.settings.Χ',
  'drivers.\u212Aey.settings.x',
  'drivers.key.settings.x',
  'drivers.DNP3-x.settings.y',
  // Lower-cased to ASCII text a segment glob's literal part holds: the Kelvin sign (k) and the dotted capital I (i + U+0307).
  'drivers.DNP3.\u212Aind',
  'drivers.A.Kind',
  'drivers.DNP3.L\u0130nk',
  'drivers.DNP3.Li',
  'drivers.DNP3.L\u0130',
  'drivers.DNP3.SETT\u0130NGS.x',
  'drivers.\u0130.settings.\u212A',
  'drivers',
  // Under the prefix but in no driver's run (no dot after the driver): only the scans test them.
  'drivers.Solo',
  'drivers.Box',
  'drivers.\u212Aix',
  'drivers.Δx',
  'host.hostname',
  'host.hosts.A',
  'hostx.y',
  'db.port',
  'db.port$',
  'db.port.x',
];

const PATTERNS = [
  '/^reg:(.*\\\\)?Install(Date|Time)$/',
  '/^reg:(.*\\\\)?Last[A-Za-z]*Time$/',
  '/^reg:(.*\\\\)?(Machine|Computer)(Guid|Id)$/',
  '/^reg:(.*\\\\)?(Start|Restart|Boot|Crash|Exception|Changeover|Failover)Count$/',
  '/^reg:a\\.b\\\\/',
  '/^reg:a.b\\\\/',
  'reg:a.b\\(*)',
  'reg:Licence\\**',
  'reg:Server\\*',
  '/^drivers\\.([^.]+)\\.(?!installed$|settings\\.|log)[^.]+$/',
  '/^drivers\\.[^.]+\\.Log/',
  'drivers.*.settings.*',
  'drivers.*.Log*',
  'drivers.*.installed',
  'drivers.K*.settings.*',
  'drivers.*.Kind',
  'drivers.*.Li*',
  'drivers.*.L*',
  'drivers.*.li',
  // Exact segment globs with longer names beside the one they match (settingsX, LogLevel).
  'drivers.*.settings',
  'drivers.*.Log',
  'drivers.*.*',
  // Scans of the segment globs' prefix with a limit on their dots (tested in the globs' walk when matched together).
  '/^drivers\\.[^.]+$/',
  '/^drivers\\.[^.]+\\.settings\\.[^.]+$/',
  'drivers.*x',
  '/^drivers\\.[^.]*\\.[^.]*o[^.]*$/',
  '/Time$/',
  'host.**',
  'db.port',
  'db.port$',
  'DB.Port',
];

const cases: { name: string; servers: string[][] }[] = [
  { name: 'one standby with the same names', servers: [BASE, BASE] },
  {
    name: 'names only one server has, and names in another case',
    servers: [BASE, [...BASE.filter((n) => !n.startsWith('reg:Server\\')), 'REG:SERVER\\INSTALLDATE', 'reg:Server\\Tuning\\LastBootTime', 'drivers.dnp3.LOGLEVEL', 'drivers.dnp3.settings.Timeout', 'reg:Extra\\InstallTime']],
  },
  {
    name: 'three servers: one with case twins, one with few names',
    servers: [BASE, [...BASE, 'reg:server\\installdate', 'DRIVERS.DNP3.LOGLEVEL', 'drivers.Δ.SETTINGS.χ'], ['reg:Server\\InstallDate', 'drivers.DNP3.Log', 'db.port']],
  },
  {
    name: 'five servers, the Main with fewer names than the others',
    servers: [BASE.slice(0, 12), BASE, [...BASE].reverse(), BASE.filter((_, i) => i % 2 === 0), [...BASE.slice(10), 'reg:Zed\\InstallDate', 'reg:\uffff\\InstallDate']],
  },
];

const NAME_FORMS: [string, ((name: string, i: number) => number) | undefined][] = [['names held whole', undefined], ...SPLITS];

for (const c of cases) {
  for (const [form, split] of NAME_FORMS) {
    test(`selection positions equal a regex walk over every name: ${c.name}; ${form}`, () => {
      const servers = group(c.servers, split);
      const patterns = PATTERNS.map(compilePattern);
      // Matched together (patterns of one prefix in one walk) and one by one, in both orders of servers.
      const together = new Selection();
      for (const s of servers) together.prepare(patterns, s);
      const alone = new Selection();
      for (const s of [...servers].reverse()) {
        for (const p of patterns) {
          const expected = walk(p, s);
          assert.deepEqual([...together.matches(p, s)], expected, `${p.source} on ${s.role} (matched together)`);
          assert.deepEqual([...alone.matches(p, s)], expected, `${p.source} on ${s.role} (alone)`);
        }
      }
    });
  }
}

// The bundled profile: its mappings name no `reg:` settings, so every `reg:` name is an unclaimed value.
const profile = defaultProfile();

const regCases: { name: string; servers: string[][] }[] = [
  ...cases,
  {
    name: "a key whose values the standby lacks, subkeys between a key's values, outside the root, the root's own values",
    servers: [
      ['reg:A\\x', 'reg:A\\B\\y', 'reg:A\\z', 'reg:Top', 'reg:HKEY_LOCAL_MACHINE\\X\\v', 'reg:a\\q', 'REG:A\\n', 'reg:Gone\\v1', 'reg:Gone\\v2'],
      ['reg:A\\x', 'reg:A\\B\\y', 'reg:A\\B\\w', 'reg:Top', 'reg:Top2', 'reg:hkey_x\\v', 'reg:A\\Z', 'reg:New\\k\\v'],
      [],
      ['reg:Gone\\v1', 'reg:gone\\V1', 'reg:\uffff\\v', 'reg:\uffff'],
    ],
  },
];

for (const c of regCases) {
  test(`unclaimed values per key equal a count name by name: ${c.name}`, () => {
    const servers = group(c.servers);
    const fit = fitServers(profile, servers);
    for (const s of servers) {
      const counts = new Map<string, number>();
      for (const name of nameArray(s.table.names)) {
        const key = unclaimedKey(name);
        if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      const expected = [...counts].map(([key, values]) => ({ key, values })).sort((a, b) => b.values - a.values || (a.key < b.key ? -1 : 1));
      assert.deepEqual(fit.byRole.get(s.role)?.unclaimed, expected, s.role);
    }
  });
}

const DRIVERS = [
  'drivers.A.installed',
  'drivers.A.settings.x',
  'drivers.A.settings.y',
  'drivers.B.settings.a',
  'drivers.B.settings.b',
  'drivers.B.LogLevel',
  'drivers.b.LogFile',
  'drivers.C.installed',
  'drivers.C.LogLevel',
  'drivers.c.settings.z',
  'drivers.DNP3.installed',
  'drivers.DNP3.settings.t',
  'drivers.DNP3-x.settings.t',
  'drivers.DNP30.settings.t',
  'drivers.Δ.installed',
  'drivers.Δ.settings.Χ',
  'drivers.δ.settings.ψ',
  'drivers.ΑΣ.installed',
  'drivers.ΑΣ.settings.x',
  'drivers.\u212Aey.settings.x',
  'drivers.key.installed',
  'drivers.key.settings.x',
];

const guardCases: { name: string; servers: string[][] }[] = [
  { name: 'the same drivers on both servers', servers: [DRIVERS, DRIVERS] },
  {
    name: 'a driver installed on one server only, its names on one side, in other cases',
    servers: [DRIVERS, [...DRIVERS.filter((n) => !/^drivers\.(A|C)\.installed$|^drivers\.B\.settings/.test(n)), 'drivers.b.installed', 'DRIVERS.A.SETTINGS.X', 'drivers.a.settings.w', 'drivers.E.settings.e', 'drivers.E.installed']],
  },
  {
    name: "a driver's names only on the other server, right before another driver's",
    servers: [['drivers.G.installed', 'drivers.H.installed'], ['drivers.F.x', 'drivers.F.y', 'drivers.G.a', 'drivers.G.installed', 'drivers.H.installed', 'drivers.h.z']],
  },
  {
    name: 'three servers, one without any installed flag',
    servers: [DRIVERS, DRIVERS.filter((n) => !n.endsWith('.installed')), [...DRIVERS].reverse().filter((_, i) => i % 3 !== 0)],
  },
  {
    name: 'five servers, the Main with few drivers',
    servers: [DRIVERS.slice(0, 7), DRIVERS, DRIVERS.slice(3), [...DRIVERS, 'drivers.dnp3.settings.u', 'drivers.DNP3.settings.v'], ['drivers.A.settings.x', 'drivers.A.installed']],
  },
];

const guardRule = (select: string[]): CompiledRule => ({ rule: { id: `g-${select.join()}`, select, compare: { kind: 'must-equal', guard: 'drivers.$1.installed' } } as unknown as Rule, severity: 'warning', patterns: select.map(compilePattern) });

for (const c of guardCases) {
  test(`a guard holds where it holds name by name: ${c.name}`, () => {
    const servers = group(c.servers);
    const selection = new Selection();
    for (const rule of [guardRule(['drivers.*.settings.*']), guardRule(['drivers.*.Log*', 'drivers.*.settings.*']), guardRule(['drivers.*.*'])]) {
      for (const other of servers.slice(1)) {
        const main = servers[0];
        const pair = selection.pairNames(rule, main, other);
        const guard = new GuardCheck('drivers.$1.installed', rule.patterns, main, other);
        const expand = templateOf('drivers.$1.installed');
        for (let k = 0; k < pair.length; k++) {
          const name = expand(pair.captures(k)).toLowerCase();
          const expected = indexOf(main, name) >= 0 && indexOf(other, name) >= 0;
          assert.equal(guard.check(pair, k), expected, `${rule.rule.id} ${other.role} ${pair.name(k)}`);
        }
        // By runs (as perSetting walks, what other rules found shared): each name of a run has the guard of the run's
        // first name, the runs cover every name, and a run whose driver segment is ASCII holds all of that driver's names.
        const byRuns = new GuardCheck('drivers.$1.installed', rule.patterns, main, other, selection.guards, selection.guardEnds(main));
        for (let k = 0; k < pair.length; ) {
          const holds = byRuns.check(pair, k);
          const end = byRuns.spanEnd(pair, k);
          assert.ok(end > k && end <= pair.length, `${rule.rule.id} ${other.role}: a run from ${pair.name(k)} ends at ${end}`);
          const head = /^(drivers\.[^.]+\.)/.exec(pair.lower(k))?.[1];
          if (head !== undefined && [...head].every((ch) => ch.charCodeAt(0) <= 0x7f)) {
            let expectedEnd = k + 1;
            while (expectedEnd < pair.length && pair.lower(expectedEnd).startsWith(head)) expectedEnd++;
            assert.equal(end, expectedEnd, `${rule.rule.id} ${other.role}: the run from ${pair.name(k)}`);
          }
          for (; k < end; k++) {
            const name = expand(pair.captures(k)).toLowerCase();
            assert.equal(holds, indexOf(main, name) >= 0 && indexOf(other, name) >= 0, `${rule.rule.id} ${other.role} ${pair.name(k)} (by runs)`);
          }
        }
      }
    }
  });
}

// The guard ends a segment glob's runs give (see Selection.runsOf): per `drivers.<driver>.` on the Main, where
// its names end, as a walk over every name finds it; every driver with a dot after it has its end.
const endCases: { name: string; names: string[] }[] = [
  { name: 'the driver names of the selection cases', names: BASE },
  { name: 'the guard cases', names: DRIVERS },
  {
    name: 'keys beside a longer key, a key without a dot after it, a code unit after the dot, an empty segment, non-ASCII',
    names: ['drivers.A', 'drivers.A-b.x', 'drivers.A.x', 'drivers.a.Y', 'drivers.A/b.x', 'drivers.A0.x', 'drivers.AB.x', 'drivers.B.x', 'drivers.\u212A.x', 'drivers.k.y', 'drivers.k0', 'drivers.\u0130.x', 'drivers.i\u0307.y', 'drivers.i.z', 'driversX.A.x', 'drivers..x', 'drivers..'],
  },
  { name: 'one driver with one name', names: ['drivers.only.x', 'host.x'] },
];

for (const c of endCases) {
  test(`guard ends from the driver runs equal a walk over every name: ${c.name}`, () => {
    const [main] = group([c.names]);
    const selection = new Selection();
    selection.matches(compilePattern('drivers.*.settings.*'), main);
    const expected = new Map<string, number>();
    main.names.toArray().forEach((name, i) => {
      const key = /^drivers\.[^.]*\./.exec(name.toLowerCase())?.[0];
      if (key !== undefined) expected.set(key, i + 1);
    });
    assert.deepEqual(new Map([...selection.guardEnds(main)].sort()), new Map([...expected].sort()));
  });
}
