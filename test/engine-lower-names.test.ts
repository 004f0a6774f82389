// Names compared as their lower-cased forms without making them (lower-names.ts), and the engine's index
// built on that comparison: the same answers as comparing, sorting and searching the toLowerCase strings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { caseSnapshot } from '../src/engine/index.js';
import { indexServer, indexOf, type IndexedServer } from '../src/engine/indexing.js';
import { joinServers } from '../src/engine/join.js';
import { compareLower, compareLowerTo, lowerEndsWith, lowerStartsWith } from '../src/engine/lower-names.js';
import { firstAtOrAfter, firstAtOrAfterNear, prefixEnd } from '../src/snapshot/settings.js';
import type { Role, SettingValue, Snapshot } from '../src/types.js';
import { SPLITS, withPartNames } from './name-parts.js';
import type { Rule } from '../src/engine/types.js';

const sign = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const KELVIN = '\u212A';
const DOTTED_I = '\u0130';
const CAPITAL_SHARP_S = '\u1E9E';

/** Names whose lower-cased forms are awkward: ASCII, Latin-1 capitals, characters that lower-case to other lengths or to ASCII, context-sensitive sigma, astral, empty. */
const AWKWARD = [
  '', 'a', 'A', 'ab', 'aB', 'Ab', 'AB', 'abc', 'b', 'Z', 'z', '[', '_', '`', '{', '.', 'a.b', 'A.B', 'a/', '@', '~', '\u007F',
  'Ä', 'ä', 'Äb', 'äB', 'Öl', 'öl', 'ß', 'É', 'é', 'ÿ', 'Ÿ',
  DOTTED_I, 'i\u0307', 'i', 'I', `${DOTTED_I}x`, 'i\u0307x', 'ix',
  KELVIN, 'k', 'K', `${KELVIN}ey`, 'key', 'KEY', 'kez',
  CAPITAL_SHARP_S, 'ß', `${CAPITAL_SHARP_S}a`,
  'Σ', 'σ', 'ς', 'ΑΣ', 'ας', 'ασ', 'ΑΣΑ', 'ασα', 'ΑΣ.', 'ας.', 'ΑΣb', 'x.Σ', 'xΣ',
  '\u{1F600}', 'a\u{1F600}', 'A\u{10400}', 'a\u{10428}', '\u{10400}', '\uD800', '\uFFFF', 'a\uFFFF',
];

test('compareLower: the order of the two names lower-cased, named cases', () => {
  // [a, b, expected order of a.toLowerCase() and b.toLowerCase()]
  const cases: [string, string, number][] = [
    ['Ab', 'aB', 0],
    ['a', 'AB', -1],
    ['AB', 'a', 1],
    ['Z', '_', 1], // 'z' > '_', though 'Z' < '_'
    ['[', 'a', -1],
    ['Äb', 'äB', 0],
    [DOTTED_I, 'i\u0307', 0],
    [DOTTED_I, 'i', 1], // two code units
    [`${DOTTED_I}x`, 'iz', 1], // U+0307 > 'z'
    [DOTTED_I, 'j', -1], // 'i' first, where the code unit U+0130 is after 'j'
    [KELVIN, 'k', 0],
    [KELVIN, 'l', -1],
    [`${KELVIN}ey`, 'KEY', 0],
    [CAPITAL_SHARP_S, 'ß', 0],
    ['ΑΣ', 'ας', 0], // final sigma
    ['ΑΣΑ', 'ασα', 0],
    ['ΑΣ', 'ασ', -1],
    ['ΑΣ.', 'ΑΣb', -1],
    ['A\u{10400}', 'a\u{10428}', 0], // astral capital and small Deseret letter
    ['', 'a', -1],
    ['', '', 0],
    ['abc', 'ab', 1],
  ];
  for (const [a, b, expected] of cases) {
    assert.equal(compareLower(a, b), expected, `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    assert.equal(sign(a.toLowerCase(), b.toLowerCase()), expected, `${JSON.stringify(a)} vs ${JSON.stringify(b)}: the case's expectation is toLowerCase's`);
  }
});

test('compareLower, compareLowerTo, lowerStartsWith, lowerEndsWith: what toLowerCase and string comparison say, over every two awkward names', () => {
  for (const a of AWKWARD) {
    const la = a.toLowerCase();
    for (const b of AWKWARD) {
      const lb = b.toLowerCase();
      const label = `${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
      assert.equal(compareLower(a, b), sign(la, lb), label);
      assert.equal(compareLowerTo(a, lb), sign(la, lb), label);
      // A probe compared as it is, lower-cased or not.
      assert.equal(compareLowerTo(a, b), sign(la, b), `${label} (probe as written)`);
      for (let n = 0; n <= lb.length; n++) {
        assert.equal(lowerStartsWith(a, lb.slice(0, n)), la.startsWith(lb.slice(0, n)), `${label}: starts with ${n}`);
        assert.equal(lowerEndsWith(a, lb.slice(n)), la.endsWith(lb.slice(n)), `${label}: ends with from ${n}`);
      }
    }
  }
});

/** A deterministic generator of numbers in [0, 1). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ['a', 'A', 'b', 'B', 'k', 'K', KELVIN, 'i', 'I', DOTTED_I, 'ß', CAPITAL_SHARP_S, 'σ', 'Σ', 'ς', 'ä', 'Ä', '.', '.', 'x', 'Z', '_', '\u{1F600}', 'drivers.', 'Drivers.', 'settings.'];

/** A set of names from awkward pieces (some equal ignoring case), with values. */
function names(next: () => number, count: number): Record<string, SettingValue> {
  const out: Record<string, SettingValue> = {};
  for (let n = 0; n < count; n++) {
    let name = '';
    const pieces = Math.floor(next() * 6);
    for (let p = 0; p < pieces; p++) name += PIECES[Math.floor(next() * PIECES.length)];
    out[name] = n % 3;
  }
  return out;
}

/** The index as it was made from lower-cased strings: sorted by (lower-cased name, name), the first of each lower-cased name kept. */
function reference(settings: Record<string, SettingValue>): { names: string[]; lowers: string[] } {
  const all = Object.keys(settings);
  const lower = all.map((n) => n.toLowerCase());
  const order = all.map((_, i) => i).sort((a, b) => sign(lower[a], lower[b]) || sign(all[a], all[b]));
  const out = { names: [] as string[], lowers: [] as string[] };
  for (const i of order) {
    if (out.lowers.length > 0 && out.lowers[out.lowers.length - 1] === lower[i]) continue;
    out.names.push(all[i]);
    out.lowers.push(lower[i]);
  }
  return out;
}

/** The index's answers against the reference's lower-cased array: order, lookups, searches from every position, prefix ranges. */
function assertSameAnswers(server: IndexedServer, settings: Record<string, SettingValue>, label: string): void {
  const ref = reference(settings);
  assert.deepEqual(server.names.toArray(), ref.names, label);
  const lowers = server.names;
  assert.equal(lowers.length, ref.lowers.length, label);
  const probes = new Set<string>(['', 'zzz', '\uFFFF', 'drivers.', 'drivers.\uFFFF']);
  for (const l of ref.lowers) for (let n = 0; n <= l.length; n++) probes.add(l.slice(0, n));
  for (const name of Object.keys(settings)) probes.add(name);
  for (let i = 0; i < ref.lowers.length; i++) assert.equal(lowers.lower(i), ref.lowers[i], label);
  for (const probe of probes) {
    const at = firstAtOrAfter(ref.lowers, probe);
    const what = `${label}: ${JSON.stringify(probe)}`;
    assert.equal(lowers.firstAtOrAfter(probe), at, what);
    assert.equal(indexOf(server, probe), ref.lowers[at] === probe ? at : -1, what);
    for (let near = -1; near <= ref.lowers.length; near++) {
      assert.equal(lowers.firstAtOrAfterNear(probe, near), firstAtOrAfterNear(ref.lowers, probe, near), `${what} near ${near}`);
      if (near >= 0) assert.equal(lowers.prefixEnd(probe, near), prefixEnd(ref.lowers, probe, near), `${what}: prefix end from ${near}`);
    }
  }
}

/** The tests below run on snapshots read from records (names as strings) and on the same with names held as parts. */
const MODES: [string, ((name: string, i: number) => number) | undefined][] = [
  ['names as strings', undefined],
  ['names held as parts', SPLITS[SPLITS.length - 1][1]],
];

function snapshotOf(at: ((name: string, i: number) => number) | undefined, role: Role, settings: Record<string, SettingValue>): Snapshot {
  const s = caseSnapshot(role, settings);
  return at === undefined ? s : withPartNames(s, at);
}

for (const [mode, at] of MODES) {
  test(`index: built from the comparison, the same order, case twins, lookups and prefix ranges as from toLowerCase strings, over generated name sets (${mode})`, () => {
    for (let seed = 1; seed <= 60; seed++) {
      const settings = names(random(seed), 1 + (seed % 40));
      assertSameAnswers(indexServer('main', snapshotOf(at, 'main', settings)), settings, `seed ${seed}`);
    }
    // Already in lower-cased order with no twins (the names' own order serves), and twins only.
    assertSameAnswers(indexServer('main', snapshotOf(at, 'main', { a: 1, 'a.b': 2, b: 3, 'é': 4 })), { a: 1, 'a.b': 2, b: 3, 'é': 4 }, 'ascending');
    const twins = { [KELVIN]: 1, k: 2, K: 3, [DOTTED_I]: 4, 'i\u0307': 5, 'ΑΣ': 6, 'ας': 7, 'Ας': 8 };
    assertSameAnswers(indexServer('main', snapshotOf(at, 'main', twins)), twins, 'twins');
    // Twins side by side in code-unit order, every other name ascending: the first kept, not the order as it is.
    assertSameAnswers(indexServer('main', snapshotOf(at, 'main', { a: 1, k: 2, [KELVIN]: 3 })), { a: 1, k: 2, [KELVIN]: 3 }, 'ascending twins');
    // A prefix ending in U+FFFF (its end is not found by search: the names are tested one by one).
    const last = { 'a\uFFFF': 1, 'A\uFFFFb': 2, 'a\uFFFFc': 3, 'a\uFFFFd': 4, b: 5 };
    assertSameAnswers(indexServer('main', snapshotOf(at, 'main', last)), last, 'U+FFFF');
  });
}

for (const [mode, at] of MODES) {
  test(`index: a server indexed from the Main's order (the same names, some missing, or its own too) answers as the reference does, and joins as by name (${mode})`, () => {
    for (let seed = 1; seed <= 60; seed++) {
      const next = random(1000 + seed);
      const main = names(next, 1 + (seed % 30));
      const other: Record<string, SettingValue> = {};
      const kind = seed % 3;
      // kind 0: the same names; 1: some of them; 2: some of them and names of its own (other cases of the Main's too).
      for (const name of Object.keys(main)) if (kind === 0 || next() < 0.7) other[name] = main[name];
      if (kind === 2) Object.assign(other, names(next, 1 + (seed % 7)), Object.fromEntries(Object.keys(main).slice(0, 2).map((n) => [n.toUpperCase(), 9])));
      const label = `seed ${seed} (${['same', 'subset', 'own'][kind]})`;
      const m = indexServer('main', snapshotOf(at, 'main', main));
      const shared = indexServer('standby-a', snapshotOf(at, 'standby-a', other), m);
      assertSameAnswers(shared, other, label);
      // The join's rows: every lower-cased name of either server once, in order, each server's position or -1.
      const a = reference(main).lowers;
      const b = reference(other).lowers;
      const all = [...new Set([...a, ...b])].sort(sign);
      const rows = (j: ReturnType<typeof joinServers>): string[] => Array.from({ length: j.rows }, (_, r) => `${j.aAt[r]},${j.bAt[r]}`);
      const expected = all.map((l) => `${a.indexOf(l)},${b.indexOf(l)}`);
      assert.deepEqual(rows(joinServers(m, shared)), expected, `${label}: join`);
      assert.deepEqual(rows(joinServers(m, indexServer('standby-a', snapshotOf(at, 'standby-a', other)))), expected, `${label}: join by name`);
    }
  });
}

const SEGMENTS = ['A', 'a', 'Δ', 'δ', 'k', KELVIN, DOTTED_I, 'i', 'x', 'X'];
const TAILS = ['installed', 'Installed', 'installed.installed', 'installedX', 'settings.X', 'Settings.y', 'settings.a.b', 'LogLevel', 'log', ''];

/** Driver-like names (`drivers.<segment>.<tail>`) and a few others, picked at random. */
function driverNames(next: () => number, count: number): Record<string, SettingValue> {
  const out: Record<string, SettingValue> = { 'drivers.': 0 };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  for (let n = 0; n < count; n++) out[`${pick(['drivers.', 'Drivers.', 'DRIVERS.', 'db.'])}${pick(SEGMENTS)}${pick(SEGMENTS)}.${pick(TAILS)}`] = n % 2;
  return out;
}

for (const [mode, at] of MODES) {
  test(`selection: the positions each pattern matches and a rule's names on the pair, as a walk over the lower-cased names finds them (servers indexed alone and from the Main's order) (${mode})`, async () => {
    const { Selection } = await import('../src/engine/selection.js');
    const { compilePattern, matchPattern } = await import('../src/engine/patterns.js');
    const sources = ['drivers.*.installed', 'drivers.*.settings.*', 'drivers.*', 'drivers.*.Log*', 'drivers.**', 'drivers.*.*', 'drivers.a*.installed', '/^drivers\\.[^.]+\\.log/', 'drivers.ak.installed', 'drivers.', 'db.**', '/^drivers\\./'];
    const patterns = sources.map(compilePattern);
    const walk = (p: ReturnType<typeof compilePattern>, s: IndexedServer): number[] => s.names.toArray().flatMap((name, i) => (matchPattern(p, name, name.toLowerCase()) !== undefined ? [i] : []));
    const required = ['drivers.ak.installed', 'drivers.zz.installed', 'db.aa.', 'drivers.'];
    const rule = { rule: { id: 'req', select: required, evidence: 'required', compare: { kind: 'must-equal' } } as unknown as Rule, severity: 'warning' as const, patterns: required.map(compilePattern) };
    for (let seed = 1; seed <= 40; seed++) {
      const next = random(5000 + seed);
      const main = driverNames(next, 5 + seed);
      const other: Record<string, SettingValue> = {};
      for (const name of Object.keys(main)) if (next() < 0.8) other[name] = main[name];
      Object.assign(other, driverNames(next, 1 + (seed % 9)));
      // A name of its own that is a pattern's whole prefix.
      if (seed % 2 === 0) other['DRIVERS.'] = 1;
      const m = indexServer('main', snapshotOf(at, 'main', main));
      const servers = [m, indexServer('standby-a', snapshotOf(at, 'standby-a', other), m), indexServer('standby-a', snapshotOf(at, 'standby-a', other))];
      for (const s of servers) {
        const selection = new Selection();
        for (const p of patterns) assert.deepEqual([...selection.matches(p, s)], walk(p, s), `seed ${seed} ${s.role} ${p.source}`);
      }
      // Required names: each lower-cased name either server holds, and the literals neither holds, in order.
      for (const o of servers.slice(1)) {
        const pair = new Selection().pairNames(rule, m, o);
        const lowers = new Set(required);
        for (const s of [m, o]) for (const name of s.names.toArray()) if (required.includes(name.toLowerCase())) lowers.add(name.toLowerCase());
        const expected = [...lowers].sort(sign);
        assert.deepEqual(Array.from({ length: pair.length }, (_, k) => pair.lower(k)), expected, `seed ${seed}: required`);
        for (let k = 0; k < pair.length; k++) for (const l of expected) assert.equal(pair.compare(k, l), sign(expected[k], l), `seed ${seed}: ${k} vs ${l}`);
      }
    }
  });
}
