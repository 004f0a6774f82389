// The literal texts a pattern's matches must hold (src/engine/pattern-needs.ts): the selection skips a name
// without them before any regex runs, so a need that a real match lacks would silently drop a setting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compilePattern, matchesAny, matchPattern, mayMatch } from '../src/engine/patterns.js';
import { caseSnapshot } from '../src/engine/index.js';
import { indexServer } from '../src/engine/indexing.js';
import { Selection } from '../src/engine/selection.js';
import type { SettingValue } from '../src/types.js';

test('needs: the literal texts of globs and regexes after their prefix, lower-cased, in order; the last at the end where `$` follows it', () => {
  const cases: { pattern: string; seq: string[][]; end?: boolean }[] = [
    { pattern: 'drivers.*.settings.*', seq: [['.settings.']] },
    { pattern: 'drivers.*.Log*', seq: [['.log']] },
    { pattern: 'drivers.*.installed', seq: [] },
    { pattern: 'host.**', seq: [] },
    // A glob's non-ASCII middle text is left to the regex.
    { pattern: 'reg:*\\Größe\\*', seq: [] },
    { pattern: '/^reg:(.*\\\\)?Install(Date|Time)$/', seq: [['install'], ['date', 'time']], end: true },
    { pattern: '/^reg:(.*\\\\)?Last[A-Za-z]*Time$/', seq: [['last'], ['time']], end: true },
    { pattern: '/^reg:(.*\\\\)?(Machine|Computer)(Guid|Id)$/', seq: [['machine', 'computer'], ['guid', 'id']], end: true },
    { pattern: '/^reg:Driver[^\\\\]+\\\\Settings\\\\/', seq: [['\\settings\\']] },
    // Optional or repeated characters end the text: `b+` keeps one b, `c?` and `d{2}` drop theirs.
    { pattern: '/ab+c?d{2}x$/', seq: [['ab'], ['x']], end: true },
    { pattern: '/ab+$/', seq: [['ab']], end: false },
    // A quantified group needs nothing and a lookaround ends the text; literal alternatives repeated need one of them.
    { pattern: '/^a(bc)?d(?!e)f(g|h)+$/', seq: [['d'], ['f'], ['g', 'h']], end: false },
    { pattern: '/^a(?:b|c)\\.d$/', seq: [['b', 'c'], ['.d']], end: true },
    // Top-level alternation: no text is common to every match; an escape of a letter stops the reading.
    { pattern: '/^abc|def$/', seq: [] },
    { pattern: '/^abc\\d+xyz\\u0041q$/', seq: [['xyz']], end: false },
    { pattern: '/^Ärger\\.x$/', seq: [] },
    // Texts the prefix holds are held by every name under it: not needed again, unless one must end the name.
    { pattern: '/^x\\.Ä\\.y$/', seq: [], end: false },
    { pattern: '/^drivers\\.([^.]+)\\.(?!installed$|settings\\.|log)[^.]+$/', seq: [], end: false },
    { pattern: '/^drivers\\.[^.]+\\.$/', seq: [['.']], end: true },
    { pattern: '/^ab\\.c$/', seq: [['ab.c']], end: true },
  ];
  for (const c of cases) {
    const p = compilePattern(c.pattern);
    assert.deepEqual(p.needs.seq, c.seq, c.pattern);
    if (c.end !== undefined) assert.equal(p.needs.end, c.end, c.pattern);
  }
});

/** The bundled rules' select patterns and allow-lists, and patterns written to probe the reader. */
function patternSources(): string[] {
  const dir = join(import.meta.dirname, '..', 'rules', 'geo-scada');
  const out = new Set<string>(['/Time[oO]ut$/', '/^reg:(.*\\\\)?Install(Date|Time)$/', '/ab+c?d{2}x$/', '/^a(bc)?d(?!e)f(g|h)+$/', 'reg:*\\Größe\\*', '/^x\\.Ä\\.y$/', '/(Σ|K)\\.Log/', '/^drivers\\.[^.]+\\.settings\\.[^.]*Time(out)?$/']);
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.json') || f.endsWith('.test.json') || f === 'sources.json') continue;
    const r = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { select?: string[]; compare: { allow?: (string | { pattern: string })[] }; appliesTo?: { overrides?: { compare?: { allow?: (string | { pattern: string })[] } }[] } };
    for (const s of r.select ?? []) out.add(s);
    for (const a of [...(r.compare.allow ?? []), ...(r.appliesTo?.overrides ?? []).flatMap((o) => o.compare?.allow ?? [])]) out.add(typeof a === 'string' ? a : a.pattern);
  }
  return [...out];
}

/** Names made of pieces the patterns read, in mixed case, with non-ASCII letters whose case rules are special. */
function probeNames(count: number): string[] {
  const pieces = ['a', 'A', '.', '\\', 'Σ', 'ς', 'İ', 'K', 'ſ', 'Ä', 'x', 'Install', 'TIME', 'Date', 'Count', 'Start', 'Log', 'settings', 'Settings', 'drivers', 'reg:', 'Partners', 'StandbyA', 'Historic', 'FutureWeeks', 'Machine', 'Guid', 'Id', 'Last', 'installed', 'Timeout', 'ab', 'bbd', 'dd', 'x', 'Größe', 'Driver', 'Licence'];
  const heads = ['reg:', 'drivers.', 'Drivers.', 'REG:', 'partners.', 'webx.', 'x', 'a'];
  const out: string[] = [];
  let seed = 7;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let i = 0; i < count; i++) {
    let name = heads[next(heads.length)];
    for (let k = 1 + next(7); k > 0; k--) name += pieces[next(pieces.length)];
    out.push(name);
  }
  return out;
}

// pattern, name, whether it matches: `*` within one segment (no dot; in a `reg:` name no backslash either), `**` anything.
const GLOBS: [string, string, boolean][] = [
  ['reg:Server\\SiteSpecific*', 'reg:Server\\SiteSpecificValue', true],
  ['reg:Server\\SiteSpecific*', 'reg:server\\sitespecificVALUE', true],
  ['reg:Server\\SiteSpecific*', 'reg:Server\\SiteSpecificX\\Deep\\ConnectionPassword', false],
  ['reg:Server\\*', 'reg:Server\\Threads\\WorkerThreads', false],
  ['reg:Server\\**', 'reg:Server\\Threads\\WorkerThreads', true],
  ['reg:*\\Port', 'reg:DB\\Port', true],
  ['reg:*\\Port', 'reg:A\\B\\Port', false],
  ['reg:Server\\SiteSpecific*', 'reg:Server\\SiteSpecific.v2', false],
  ['drivers.*.settings.*', 'drivers.A.settings.B\\C', true],
  ['drivers.*.settings.*', 'drivers.A.settings.B.C', false],
];
for (const [pattern, name, matches] of GLOBS) {
  test(`glob ${pattern} ${matches ? 'matches' : 'does not match'} ${name}`, () => {
    assert.equal(matchPattern(compilePattern(pattern), name, name.toLowerCase()) !== undefined, matches);
  });
}

test('needs: every name a pattern matches holds its needs (rules\' patterns and probes, over mixed-case and non-ASCII names)', () => {
  const names = probeNames(20000);
  let matched = 0;
  for (const source of patternSources()) {
    const p = compilePattern(source);
    for (const name of names) {
      const lower = name.toLowerCase();
      // The test the selection made before needs existed: the literal start and end, then the regex.
      const matches = lower.startsWith(p.prefix) && lower.endsWith(p.suffix) && (p.literal !== undefined ? p.literal === lower : p.regex.test(name));
      if (!matches) continue;
      matched++;
      assert.ok(mayMatch(p, lower), `${source} matches ${JSON.stringify(name)}, but its needs reject it`);
      assert.ok(matchesAny([p], name), `${source} ${JSON.stringify(name)}`);
    }
  }
  // The probes reach the patterns (a table that matched nothing would prove nothing).
  assert.ok(matched > 500, `only ${matched} matches`);
});

test('selection: a pattern selects on an indexed server exactly the names its test accepts, whichever way it looks for them (also on a server indexed like another)', () => {
  // Names in every case, with the pieces that make first segments, heads like `.settings.` and near misses.
  const names = probeNames(6000).map((n, i) => (i % 3 === 0 ? n.replace(/^(reg:|REG:|x|a)/, 'drivers.') : n));
  const settings: Record<string, SettingValue> = {};
  for (const n of [...names, 'drivers.A.settings.B', 'drivers.a.SETTINGS.c', 'drivers..settings.x', 'drivers.a', 'drivers.a-b.settings.x', 'drivers.a0.settings.x', 'drivers.Ä.Log', 'drivers.ä.logX', 'drivers.İ.installed', 'drivers.K.installed', 'drivers.x.\u212AeyX', 'drivers.x.KEYy', 'drivers.x.key.z', 'drivers.x.\u017Fettings.a', 'drivers.y.settings.a\nb', 'drivers.y.settings.Ä']) settings[n] = 1;
  const server = indexServer('main', caseSnapshot('main', settings));
  // A second server indexed from the first's order: most names the same, some in another case, some its own,
  // some missing; its shared names take the first's matches, its own are tested.
  const otherSettings: Record<string, SettingValue> = {};
  Object.keys(settings).forEach((n, i) => {
    if (i % 7 === 1) return;
    otherSettings[i % 5 === 2 ? n.toUpperCase() : i % 11 === 3 ? `${n}.Own` : n] = 1;
  });
  const other = indexServer('standby-a', caseSnapshot('standby-a', otherSettings), server);
  const extra = ['drivers.*.settings.*', 'drivers.*.Log*', 'drivers.*.installed', 'drivers.*.*', 'drivers.*', 'drivers.**', 'drivers.*.settings.*Time*', 'drivers.*.key*', 'drivers.*.settings.**', 'drivers.*.K*', 'reg:*', 'reg:*\\*', 'reg:Partners\\*', 'reg:**\\Licence*'];
  let selected = 0;
  for (const source of [...patternSources(), ...extra]) {
    const p = compilePattern(source);
    const expected: number[] = [];
    server.names.toArray().forEach((name, i) => {
      const lower = name.toLowerCase();
      if (lower.startsWith(p.prefix) && lower.endsWith(p.suffix) && (p.literal !== undefined ? p.literal === lower : p.regex.test(server.names.name(i)))) expected.push(i);
    });
    const selection = new Selection();
    assert.deepEqual([...selection.matches(p, server)], expected, source);
    selected += expected.length;
    const expectedOther: number[] = [];
    other.names.toArray().forEach((name, i) => {
      const lower = name.toLowerCase();
      if (lower.startsWith(p.prefix) && lower.endsWith(p.suffix) && (p.literal !== undefined ? p.literal === lower : p.regex.test(other.names.name(i)))) expectedOther.push(i);
    });
    assert.deepEqual([...selection.matches(p, other)], expectedOther, `${source} on a server indexed like another`);
  }
  assert.ok(selected > 1000, `only ${selected} selected`);
});
