// The most dots a pattern's match holds (the selection skips names with more): each case's count, and for
// every count given, no name with more dots that the regex matches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { globMaxDots, regexMaxDots } from '../src/engine/pattern-dots.js';

const DRIVER_OTHER_VALUES = '^drivers\\.([^.]+)\\.(?!installed$|version$|displayname$|assembly$|task$|settings\\.|log|debugmode$)[^.]+$';

const regexCases: { body: string; dots: number | undefined; why: string }[] = [
  { body: DRIVER_OTHER_VALUES, dots: 2, why: 'segments of [^.]+ and a lookahead (it matches nothing)' },
  { body: '^a\\.b$', dots: 1, why: 'an escaped dot' },
  { body: '^a\\.?b$', dots: undefined, why: 'an optional dot' },
  { body: '^a\\.+b$', dots: undefined, why: 'a repeated dot' },
  { body: '^a.b$', dots: undefined, why: 'the wildcard matches a dot' },
  { body: '^a[^.]*\\.b$', dots: 1, why: 'a negated class listing the dot' },
  { body: '^a[^\\.x]*$', dots: 0, why: 'a negated class listing the escaped dot' },
  { body: '^a[^,-.]$', dots: 0, why: 'a negated range ending at the dot' },
  { body: '^a[^x]*$', dots: undefined, why: 'a negated class without the dot' },
  { body: '^a[,-/]$', dots: undefined, why: 'a range holding the dot' },
  { body: '^a[.]$', dots: undefined, why: 'a class of the dot' },
  { body: '^a[a-z0-9_]+\\.c$', dots: 1, why: 'a class of letters, digits and _' },
  { body: '^a[^]$', dots: undefined, why: 'a class of anything' },
  { body: '^(a|b\\.c)$', dots: undefined, why: 'a dot in a group' },
  { body: '^(?:ab|cd)+\\.x$', dots: 1, why: 'a repeated group of letters' },
  { body: '^(a(b[^.])?)\\.x$', dots: 1, why: 'nested groups without a dot' },
  { body: '^a(?=.*\\..*)b$', dots: 0, why: 'a lookahead with dots matches nothing' },
  { body: '^a(?<!x\\.)b\\.c$', dots: 1, why: 'a lookbehind' },
  { body: '^a(?!x)+b$', dots: undefined, why: 'a repeated lookahead' },
  { body: '^a\\$', dots: undefined, why: 'an escaped $: not anchored at the end' },
  { body: '^a\\\\$', dots: 0, why: 'an escaped backslash, then the anchor' },
  { body: '^a\\W$', dots: undefined, why: '\\W matches a dot' },
  { body: '^a\\S$', dots: undefined, why: '\\S matches a dot' },
  { body: '^a\\w+\\d*\\s?$', dots: 0, why: '\\w, \\d and \\s match no dot' },
  { body: '^(a)\\.\\1$', dots: undefined, why: 'a backreference' },
  { body: '^a|b$', dots: undefined, why: 'an alternation at the top level' },
  { body: '^a{2}\\.b{1,3}$', dots: 1, why: 'counted repeats' },
  { body: '^a{$', dots: undefined, why: 'a { that is no quantifier' },
  { body: 'a\\.b$', dots: undefined, why: 'not anchored at the start' },
  { body: '^a\\.b', dots: undefined, why: 'not anchored at the end' },
  { body: '^(?:a$|b)\\.c$', dots: undefined, why: 'an anchor inside a group' },
];

/** Names of 0 to 4 dots, in several cases, with non-ASCII characters that lower-case to ASCII. */
const NAMES = [
  'a', 'ab', 'a.b', 'A.B', 'a..b', 'a.b.c', 'aa', 'a$', 'a\\', 'a,', 'a/', 'a.', 'a\u212A', 'ax', 'a x', 'a-b',
  'ab.x', 'cd.x', 'abcd.x', 'abb.x', 'ab.x.y', 'a.x', 'ab.c', 'a.x.b', 'abb.bbb', 'a.a',
  'drivers.x.y', 'drivers.X.settings.y', 'drivers.x.settingsx', 'drivers.x.installed', 'drivers.x.log.a', 'drivers.\u0130.v', 'drivers..v', 'drivers.x.y.z.w',
];

const dotsOf = (name: string): number => name.split('.').length - 1;

for (const c of regexCases) {
  test(`regex ${c.body}: ${c.why}`, () => {
    assert.equal(regexMaxDots(c.body), c.dots);
    if (c.dots === undefined) return;
    const regex = new RegExp(c.body, 'i');
    for (const name of NAMES) if (regex.test(name)) assert.ok(dotsOf(name) <= c.dots, `${name} matches with ${dotsOf(name)} dots`);
  });
}

test('a glob holds its own dots unless it has **', () => {
  assert.equal(globMaxDots('drivers.*.settings.*'), 3);
  assert.equal(globMaxDots('drivers.*.Log*'), 2);
  assert.equal(globMaxDots('host.**'), undefined);
  assert.equal(globMaxDots('a.**.b'), undefined);
  assert.equal(globMaxDots('db.port'), 1);
});
