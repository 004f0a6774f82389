// Value equality and name patterns, the two per-setting primitives of an audit (both have fast paths to keep honest).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SettingValue } from '../src/types.js';
import { valuesEqual } from '../src/engine/values.js';
import { compilePattern, matchesAny, matchPattern } from '../src/engine/patterns.js';
import { renderMessage } from '../src/engine/messages.js';

const equality: { a: SettingValue; b: SettingValue; ci?: boolean; unordered?: boolean; equal: boolean }[] = [
  { a: 'On', b: 'On', equal: true },
  { a: 'On', b: 'on', equal: false },
  { a: 'On', b: 'on', ci: true, equal: true },
  { a: 5481, b: 5481, equal: true },
  { a: 5481, b: 5482, equal: false },
  { a: 1, b: '1', equal: false },
  { a: '1', b: 1, ci: true, equal: false },
  { a: true, b: true, equal: true },
  { a: true, b: 1, equal: false },
  { a: false, b: 'false', ci: true, equal: false },
  { a: null, b: null, equal: true },
  { a: null, b: 'null', equal: false },
  { a: null, b: '', equal: false },
  { a: 0, b: -0, equal: true },
  { a: ['a', 'B'], b: ['a', 'B'], equal: true },
  { a: ['a', 'B'], b: ['B', 'a'], equal: false },
  { a: ['a', 'B'], b: ['b', 'A'], ci: true, unordered: true, equal: true },
  { a: ['a'], b: 'a', equal: false },
  { a: { secret: true, set: true, hmac: 'x' }, b: { secret: true, set: true, hmac: 'y' }, equal: true },
  { a: { secret: true, set: true }, b: { secret: true, set: false }, equal: false },
  { a: { secret: true, set: false }, b: '', equal: false },
];

for (const c of equality) {
  test(`valuesEqual(${JSON.stringify(c.a)}, ${JSON.stringify(c.b)}${c.ci === true ? ', caseInsensitive' : ''}${c.unordered === true ? ', unordered' : ''}) is ${c.equal}`, () => {
    assert.equal(valuesEqual(c.a, c.b, { caseInsensitive: c.ci, unordered: c.unordered }), c.equal);
    assert.equal(valuesEqual(c.b, c.a, { caseInsensitive: c.ci, unordered: c.unordered }), c.equal, 'symmetric');
  });
}

const patterns: { pattern: string; name: string; captures?: string[] }[] = [
  { pattern: 'drivers.*.installed', name: 'drivers.DNP3.installed', captures: ['DNP3'] },
  { pattern: 'drivers.*.installed', name: 'Drivers.dnp3.INSTALLED', captures: ['dnp3'] },
  { pattern: 'drivers.*.installed', name: 'drivers.DNP3.installedX' },
  { pattern: 'drivers.*.installed', name: 'drivers.a.b.installed' },
  { pattern: 'drivers.*.Log*', name: 'drivers.DNP3.LogMaxSize', captures: ['DNP3', 'MaxSize'] },
  { pattern: 'drivers.*.Log*', name: 'drivers.DNP3.Level' },
  { pattern: 'reg:Licence\\**', name: 'reg:Licence\\Dongle\\Serial', captures: ['Dongle\\Serial'] },
  { pattern: 'db.port', name: 'DB.Port', captures: [] },
  { pattern: 'db.port', name: 'db.ports' },
  { pattern: '/^reg:Partners\\\\(Standby[AB])\\\\(.+)$/', name: 'reg:partners\\standbyA\\Extra', captures: ['standbyA', 'Extra'] },
  { pattern: '/Timeout$/', name: 'partners.standbyA.heartbeatTimeout', captures: [] },
];

for (const c of patterns) {
  test(`pattern ${c.pattern} ${c.captures === undefined ? 'does not match' : 'matches'} ${c.name}`, () => {
    const p = compilePattern(c.pattern);
    assert.deepEqual(matchPattern(p, c.name, c.name.toLowerCase()), c.captures);
    assert.equal(matchesAny([p], c.name), c.captures !== undefined);
  });
}

test('renderMessage: placeholders filled from the data (templates split once), unknown ones left visible, data taken as text', () => {
  const cases: { template: string; data: Record<string, string | number>; out: string }[] = [
    { template: '{{setting}} differs: Main has {{mainValue}}', data: { setting: 'db.port', mainValue: 5481 }, out: 'db.port differs: Main has 5481' },
    // Spaces inside the braces, a key used twice, a placeholder at each end.
    { template: '{{ a }}-{{a}}-{{b}}', data: { a: 'x', b: 0 }, out: 'x-x-0' },
    // Unknown keys stay as written; keys of Object.prototype are not data.
    { template: 'set {{missing}} and {{ toString }}', data: {}, out: 'set {{missing}} and {{ toString }}' },
    // Replacement patterns in the data are plain text, as are braces.
    { template: '[{{v}}]', data: { v: "$& $1 $$ $` {{v}}" }, out: "[$& $1 $$ $` {{v}}]" },
    { template: 'no placeholders', data: { a: 1 }, out: 'no placeholders' },
    { template: '{{a}}{{b}}', data: { a: '', b: '' }, out: '' },
    { template: '{{ not a key }} {{x}}', data: { x: 1 }, out: '{{ not a key }} 1' },
  ];
  // Each twice: the second rendering reads the template split by the first.
  for (const c of [...cases, ...cases]) assert.equal(renderMessage(c.template, c.data), c.out, c.template);
});
