// The engine's index and pair join: names sorted by lower-cased name whatever the input order, case twins
// resolved the same way on every run, and rows marked `same` only where every comparison option would find
// the values equal (so the catch-all and the summarised rules may count them without comparing).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { auditGroup, caseSnapshot, loadRules } from '../src/engine/index.js';
import { indexServer, valueAt, type IndexedServer } from '../src/engine/indexing.js';
import { joinByName, joinServers, type PairJoin } from '../src/engine/join.js';
import type { SettingValue } from '../src/types.js';
import type { Rule } from '../src/engine/types.js';

/** The values of an indexed server, position by position (read from its table's rows). */
const valuesOf = (s: IndexedServer): SettingValue[] => s.names.toArray().map((_, i) => valueAt(s, i));
/** The lower-cased names of an indexed server, position by position (made on demand by the index). */
const lowersOf = (s: IndexedServer): string[] => s.names.toArray().map((_, i) => s.names.lower(i));
const secret = (hmac: string, keyId = 'k1'): SettingValue => ({ secret: true, set: true, hmac, keyId });

test('index: names sorted by lower-cased name; of two names that differ only in case the first in sorted order wins', () => {
  const cases: { settings: Record<string, SettingValue>; names: string[]; values: SettingValue[] }[] = [
    { settings: { 'reg:b': 1, 'reg:A': 2, 'db.port': 3 }, names: ['db.port', 'reg:A', 'reg:b'], values: [3, 2, 1] },
    // Already sorted (the common case): kept as given.
    { settings: { a: 1, b: 2, c: 3 }, names: ['a', 'b', 'c'], values: [1, 2, 3] },
    // Case twins, in either input order: `DB.Port` sorts before `db.port` (code-unit order) and wins.
    { settings: { 'db.port': 1, 'DB.Port': 2 }, names: ['DB.Port'], values: [2] },
    { settings: { 'DB.Port': 2, 'db.port': 1 }, names: ['DB.Port'], values: [2] },
    { settings: { 'a.x': 0, 'DB.Port': 2, 'db.port': 1, 'z.y': 9 }, names: ['a.x', 'DB.Port', 'z.y'], values: [0, 2, 9] },
    // Non-ASCII names are lower-cased too (`Ä` → `ä`, after ASCII letters).
    { settings: { 'reg:Ärger': 1, 'reg:Zeit': 2 }, names: ['reg:Zeit', 'reg:Ärger'], values: [2, 1] },
  ];
  for (const c of cases) {
    const s = indexServer('main', caseSnapshot('main', c.settings));
    assert.deepEqual(s.names.toArray(), c.names, JSON.stringify(c.settings));
    assert.deepEqual(lowersOf(s), c.names.map((n) => n.toLowerCase()));
    assert.deepEqual(valuesOf(s), c.values);
    for (const n of c.names) assert.equal(s.byLower.get(n.toLowerCase())?.name, n);
    assert.equal(s.byLower.has('missing.name'), false);
  }
});

test('index: a server indexed from another server\'s order is the same as indexed alone (shared names, own names, case twins on either side)', () => {
  const cases: { like: Record<string, SettingValue>; own: Record<string, SettingValue> }[] = [
    { like: { 'reg:B': 1, 'reg:a': 2, 'db.port': 3 }, own: { 'reg:B': 1, 'reg:a': 2, 'db.port': 3 } },
    // Names only this server has, before, between and after the shared ones; names only the other has.
    { like: { 'drivers.X.b': 1, 'drivers.X.C': 1, 'reg:Q': 1 }, own: { 'Aa.x': 1, 'drivers.X.b': 2, 'drivers.X.Bz': 3, 'drivers.x.d': 1, 'reg:Q': 1, 'zz': 1 } },
    // Case twins: here, in the other server, in both; a twin here of a name the other kept or dropped.
    { like: { 'DB.Port': 1, 'db.port': 2, 'x.Y': 1 }, own: { 'db.port': 1, 'x.y': 1, 'X.Y': 2 } },
    { like: { 'db.port': 2 }, own: { 'DB.Port': 1, 'db.port': 2, 'Db.pORT': 3 } },
    { like: { 'DB.Port': 1, 'db.port': 2 }, own: { 'DB.Port': 5 } },
    // Non-ASCII names (upper and lower case), and names already in lower-case order.
    { like: { 'reg:Ärger': 1, 'reg:Zeit': 2, 'reg:ΣΊΓΜΑ': 1 }, own: { 'reg:ärger': 1, 'reg:Ärger': 2, 'reg:Zeit': 2, 'reg:σίγμα': 3, 'reg:Öl': 1 } },
    { like: { a: 1, b: 2 }, own: { a: 1, c: 3 } },
    { like: {}, own: { B: 1, a: 2 } },
    { like: { B: 1, a: 2 }, own: {} },
  ];
  for (const c of cases) {
    const like = indexServer('main', caseSnapshot('main', c.like));
    const alone = indexServer('standby-a', caseSnapshot('standby-a', c.own));
    const from = indexServer('standby-a', caseSnapshot('standby-a', c.own), like);
    assert.deepEqual(from.names.toArray(), alone.names.toArray(), JSON.stringify(c));
    assert.deepEqual(lowersOf(from), lowersOf(alone), JSON.stringify(c));
    assert.deepEqual(valuesOf(from), valuesOf(alone), JSON.stringify(c));
  }
});

test('join: one row per name either server holds, in order; `same` only where the values are equal under every option', () => {
  const rows = (a: Record<string, SettingValue>, b: Record<string, SettingValue>): string[] => {
    const j = joinServers(indexServer('main', caseSnapshot('main', a)), indexServer('standby-a', caseSnapshot('standby-a', b)));
    const out: string[] = [];
    for (let r = 0; r < j.rows; r++) out.push(`${j.aAt[r]},${j.bAt[r]},${j.same[r]}`);
    return out;
  };
  const cases: { a: Record<string, SettingValue>; b: Record<string, SettingValue>; rows: string[] }[] = [
    { a: { x: 1, y: 2 }, b: { x: 1, y: 3 }, rows: ['0,0,1', '1,1,0'] },
    // Names compare case-insensitively: `X` on one server is `x` on the other.
    { a: { X: 'v' }, b: { x: 'v' }, rows: ['0,0,1'] },
    { a: { a: 1, c: 1 }, b: { b: 1, c: 1 }, rows: ['0,-1,0', '-1,0,0', '1,1,1'] },
    { a: {}, b: { b: 1 }, rows: ['-1,0,0'] },
    // 1 and "1" are not the same value; neither are strings that differ only in case (caseInsensitive decides).
    { a: { n: 1, s: 'Abc' }, b: { n: '1', s: 'abc' }, rows: ['0,0,0', '1,1,0'] },
    // Lists: the same items in the same order; another order is left to the rule (`unordered`).
    { a: { l: ['a', 'b'], m: ['a', 'b'] }, b: { l: ['a', 'b'], m: ['b', 'a'] }, rows: ['0,0,1', '1,1,0'] },
    // Secrets: the same hash under the same key; under different keys they are never the same (unknown, reported).
    { a: { p: secret('h1'), q: secret('h1') }, b: { p: secret('h1'), q: secret('h1', 'k2') }, rows: ['0,0,1', '1,1,0'] },
    { a: { n: null, o: null }, b: { n: null, o: '' }, rows: ['0,0,1', '1,1,0'] },
  ];
  for (const c of cases) assert.deepEqual(rows(c.a, c.b), c.rows, JSON.stringify(c));
});

test('join: a server indexed from the Main\'s order is joined from the names they share, row for row as by comparing names', () => {
  const rowsOf = (j: PairJoin): string[] => {
    const out: string[] = [];
    for (let r = 0; r < j.rows; r++) out.push(`${j.aAt[r]},${j.bAt[r]},${j.same[r]}`);
    // Each position's row, both ways.
    for (let i = 0; i < j.aRow.length; i++) out.push(`a${i}:${j.aRow[i]}`);
    for (let i = 0; i < j.bRow.length; i++) out.push(`b${i}:${j.bRow[i]}`);
    return out;
  };
  const cases: { a: Record<string, SettingValue>; b: Record<string, SettingValue>; rows: number }[] = [
    { a: { x: 1, y: 2 }, b: { x: 1, y: 3 }, rows: 2 },
    // Names only on the Main, only on the other, before, between and after the shared ones.
    { a: { b: 1, d: 1, f: 1 }, b: { a: 1, c: 1, d: 1, e: 1, g: 1 }, rows: 7 },
    // Names equal but for case: one row (the other's own name against the Main's name it lacks), also next to own names.
    { a: { 'reg:A\\X': 'v', 'reg:A\\y': 1, 'reg:B': 2 }, b: { 'reg:a\\x': 'v', 'reg:A\\Y': 2, 'reg:A\\z': 1, 'reg:b': 2, 'reg:C': 0 }, rows: 5 },
    // Case twins on either side (the first in code-unit order is kept), and on both.
    { a: { 'DB.Port': 1, 'db.port': 2, 'x.Y': 1 }, b: { 'db.port': 2, 'x.y': 1, 'X.Y': 1 }, rows: 2 },
    { a: { 'db.port': 2 }, b: { 'DB.Port': 2, 'db.port': 2, 'Db.pORT': 3 }, rows: 1 },
    // Non-ASCII names, upper and lower case.
    { a: { 'reg:Ärger': 1, 'reg:Zeit': 2, 'reg:ΣΊΓΜΑ': 1 }, b: { 'reg:ärger': 1, 'reg:Zeit': 2, 'reg:σίγμα': 1, 'reg:Öl': 1 }, rows: 4 },
    // Values equal but of another type, lists, secrets under one key and under two.
    { a: { n: 1, l: ['a', 'b'], p: secret('h1'), q: secret('h1') }, b: { n: '1', l: ['a', 'b'], p: secret('h1'), q: secret('h1', 'k2') }, rows: 4 },
    { a: {}, b: { b: 1, A: 2 }, rows: 2 },
    { a: { b: 1, A: 2 }, b: {}, rows: 2 },
    { a: {}, b: {}, rows: 0 },
  ];
  for (const c of cases) {
    const a = indexServer('main', caseSnapshot('main', c.a));
    const shared = indexServer('standby-a', caseSnapshot('standby-a', c.b), a);
    const alone = indexServer('standby-a', caseSnapshot('standby-a', c.b));
    assert.equal(shared.shared?.server, a, 'indexed from the Main');
    const fast = joinServers(a, shared);
    assert.equal(fast.rows, c.rows, JSON.stringify(c));
    assert.deepEqual(rowsOf(fast), rowsOf(joinByName(a, alone)), JSON.stringify(c));
    assert.deepEqual(rowsOf(fast), rowsOf(joinByName(a, shared)), JSON.stringify(c));
  }
});

test('audit: the catch-all counts equal settings and reports each difference, one-sided value and secret under other keys', async () => {
  const pack = await loadRules([join(import.meta.dirname, '..', 'rules', 'geo-scada')]);
  // Unsorted input with a case twin on the Standby: the result must not depend on the order of the names.
  const main: Record<string, SettingValue> = { 'reg:T\\Zed': 1, 'reg:T\\b': 'x', 'reg:T\\A': 1, 'reg:T\\only': 1, 'reg:T\\pwd': secret('h1'), 'reg:T\\list': ['a', 'b'] };
  const standby: Record<string, SettingValue> = { 'reg:T\\A': 1, 'reg:t\\a': 7, 'reg:T\\b': 'y', 'reg:T\\zed': 1, 'reg:T\\pwd': secret('h1', 'k2'), 'reg:T\\list': ['a', 'b'] };
  const result = auditGroup(
    { servers: [{ role: 'main', snapshot: caseSnapshot('main', main) }, { role: 'standby-a', snapshot: caseSnapshot('standby-a', standby) }], pack, kind: 'audit' },
    { now: new Date('2026-11-25T12:00:00Z'), toolVersion: 'test' },
  );
  const catchAll = result.findings.filter((f) => f.ruleId === 'catch-all').map((f) => `${f.status} ${f.messageId} ${f.setting}${f.messageId === 'othersEqual' ? ` ${f.data?.count}` : ''}`);
  assert.deepEqual(catchAll.sort(), ['fail differs reg:T\\b', 'fail onlyOnMain reg:T\\only', 'pass othersEqual * 3', 'unknown keysDiffer reg:T\\pwd'].sort());
});

test('a server without names the Main lacks (the same names, or some missing) is joined and selects as when indexed alone; with the same names it shares the Main\'s arrays', async () => {
  const { Selection } = await import('../src/engine/selection.js');
  const { compilePattern } = await import('../src/engine/patterns.js');
  const compiled = (id: string, select: string[], evidence?: 'required') => ({ rule: { id, select, evidence, compare: { kind: 'must-equal' } } as unknown as Rule, severity: 'warning' as const, patterns: select.map(compilePattern) });
  const rules = [
    compiled('one', ['drivers.*.settings.*']),
    compiled('two', ['drivers.*.Log*', '/^REG:.*\\\\Time$/', 'db.port']),
    compiled('req', ['db.port', 'db.Zone', 'c.x'], 'required'),
  ];
  const cases: Record<string, SettingValue>[][] = [
    [
      { 'drivers.DNP3.settings.A': 1, 'drivers.DNP3.LogLevel': 2, 'drivers.Δ.settings.b': ['x', 'y'], 'reg:S\\Time': 't', 'db.port': 5481, 'zz': null },
      { 'drivers.DNP3.settings.A': 1, 'drivers.DNP3.LogLevel': 3, 'drivers.Δ.settings.b': ['y', 'x'], 'reg:S\\Time': 'T', 'db.port': 5481, 'zz': null },
    ],
    // Non-ASCII names, names not in lower-case order, secrets; and no names at all.
    [{ 'reg:Ärger': 1, 'reg:ΣΊΓΜΑ': secret('h1'), 'reg:Zeit': 2, 'C.X': 1 }, { 'reg:Ärger': 1, 'reg:ΣΊΓΜΑ': secret('h1', 'k2'), 'reg:Zeit': 3, 'C.X': 1 }],
    [{}, {}],
    // The other lacks some of the Main's names (a driver, a selected literal, the first and the last name).
    [
      { 'a.first': 1, 'drivers.DNP3.settings.A': 1, 'drivers.DNP3.LogLevel': 2, 'drivers.Pinger.LogLevel': 1, 'drivers.Pinger.settings.X': 1, 'drivers.Δ.settings.b': ['x'], 'reg:S\\Time': 't', 'db.port': 5481, 'C.X': 1, 'zz': null },
      { 'drivers.DNP3.settings.A': 2, 'drivers.DNP3.LogLevel': 2, 'drivers.Δ.settings.b': ['x'], 'reg:S\\Time': 't', 'C.X': 1, 'zz': null },
    ],
    [{ 'reg:Ärger': 1, 'reg:ΣΊΓΜΑ': secret('h1'), 'reg:Zeit': 2 }, {}],
  ];
  for (const [m, o] of cases) {
    const main = indexServer('main', caseSnapshot('main', m));
    const shared = indexServer('standby-a', caseSnapshot('standby-a', o), main);
    const alone = indexServer('standby-a', caseSnapshot('standby-a', o));
    const label = JSON.stringify(m);
    const identical = Object.keys(m).length === Object.keys(o).length;
    assert.equal(shared.shared?.identical, identical, label);
    assert.equal(shared.shared?.own.length, 0, label);
    if (identical) assert.equal(shared.names, main.names, label);
    assert.deepEqual(shared.names.toArray(), alone.names.toArray(), label);
    assert.deepEqual(lowersOf(shared), lowersOf(alone), label);
    assert.deepEqual(valuesOf(shared), valuesOf(alone), label);
    const fast = new Selection();
    const slow = new Selection();
    assert.deepEqual([...fast.claimedOn(rules, shared)], [...slow.claimedOn(rules, alone)], label);
    const join = fast.join(main, shared);
    assert.equal(join.mainRows, true, label);
    const byName = slow.join(main, alone);
    assert.deepEqual([join.rows, [...join.aAt], [...join.bAt], [...join.aRow], [...join.bRow], [...join.same]], [byName.rows, [...byName.aAt], [...byName.bAt], [...byName.aRow], [...byName.bRow], [...byName.same]], label);
    for (const c of rules) {
      const a = fast.pairNames(c, main, shared);
      const b = slow.pairNames(c, main, alone);
      const rowsOf = (p: typeof a): string[] => Array.from({ length: p.length }, (_, k) => `${p.mainAt[k]} ${p.otherAt[k]} ${p.same[k]} ${p.name(k)} ${p.lower(k)} ${p.captures(k).join('|')}`);
      assert.deepEqual(rowsOf(a), rowsOf(b), `${c.rule.id} ${label}`);
    }
  }
});
