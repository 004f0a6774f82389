// The one-walk JSON writer (SortedJsonWriter): at any depth, the bytes of fast-json-stable-stringify parsed back and
// indented by JSON.stringify, moved in to that depth; with a finishing step, those bytes with it applied to the whole text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import stringify from 'fast-json-stable-stringify';
import { SortedJsonWriter } from '../src/report/json-writer.js';
import { neutralise, UNSAFE_CHARS } from '../src/report/sanitize.js';

const guard = { text: neutralise, chars: UNSAFE_CHARS };

/** The reference: stable stringify, parsed back, indented, each line after the first moved in by `depth` levels. */
const reference = (value: unknown, depth: number): string => JSON.stringify(JSON.parse(stringify(value)), null, 2).replaceAll('\n', `\n${'  '.repeat(depth)}`);

const protoKey = JSON.parse('{"b":1,"__proto__":{"x":2,"__proto__":[1]},"a":[]}') as unknown;
const holes: number[] = [];
holes[0] = 1;
holes[3] = 4;
const hostile = 'a\u001b[2J\u009b2J\u202egnp.exe\u2067x\u2069\u0085\u061c\u200e\u200f\u007f\r\n\rz';
/** More distinct strings than the writer keeps, each written twice far apart: the cache starts again in between. */
const manyStrings = Array.from({ length: 10_000 }, (_, i) => `value ${i} ${'é'.repeat(i % 3)}`);

const cases: [string, unknown][] = [
  ['keys out of order at every depth', { z: 1, a: { y: [{ d: 1, c: 2 }], b: 'x' } }],
  ['integer-like keys first in numeric order, other digit keys sorted as text', { b: 1, '10': 2, '9': 3, '01': 4, '-1': 5, '4294967295': 6, '4294967294': 7, a: { '2': 'x', '1': 'y' } }],
  ['own __proto__ keys stay keys, at two depths', protoKey],
  ['undefined, functions and symbols left out of objects (an object left empty is {})', { a: undefined, b: () => 1, c: Symbol('s'), d: 0, e: { x: undefined } }],
  ['undefined, functions and symbols null in arrays; holes null', { a: [undefined, () => 1, Symbol('s'), 1], holes }],
  ['numbers: non-finite null, -0 as 0, exponents', { nan: NaN, inf: Infinity, ninf: -Infinity, negZero: -0, big: 1e21, bigger: -1.5e300, small: 5e-7, tiny: 5e-324, int: 9007199254740992, frac: 0.1 + 0.2 }],
  ['toJSON applied once, its result sorted (a Date, an object, a number, undefined)', { when: new Date(Date.UTC(2026, 10, 30)), custom: { toJSON: () => ({ b: 1, a: { d: 2, c: 1 } }) }, n: { toJSON: () => 5 }, u: { toJSON: () => undefined } }],
  ['strings: escapes, controls, lone surrogates, pairs, CJK, U+2028', { s: 'a"b\\c\n\t\u0000\u001f\u2028\u2029 \ud800 \udc00 \udbff\udfff 😀 監視 Überwachung', '\u00e9': 'é', '"q"': '\\' }],
  ['hostile text in keys and values', { [hostile]: hostile, list: [hostile, { [hostile]: [hostile] }] }],
  ['each unsafe character alone (nothing JSON escapes beside it), in a key and a value', Object.fromEntries([...'\u007f\u0080\u0085\u009b\u009f\u061c\u200e\u200f\u202a\u202e\u2066\u2069'].map((c) => [`k${c}`, `v${c}w`]))],
  ['empty objects and arrays, nested arrays', { a: {}, b: [], c: [[], [{}], [[[1, [2, []]]]]] }],
  ['objects already sorted holding values that change', { a: 1, b: { c: NaN, d: () => 1, e: undefined, f: new Date(0) }, g: [1, undefined, NaN] }],
  ['objects of one key list in turn and other lists of the same length between', [{ b: 1, a: 2 }, { b: 3, a: 4 }, { d: 5, c: 6 }, { b: 7, a: 8 }, { a: 9, b: 10 }, { b: 11, c: 12 }, { c: 13, b: 14 }]],
  ['objects of one key list whose strings repeat, change and come back (the last text per key is kept)', [{ b: 'x', a: 'r' }, { b: 'x', a: 'r' }, { b: `y${hostile}`, a: 'r' }, { b: 'x', a: `${'r'.repeat(3)}` }, { b: `y${hostile}`, a: 'r' }, { c: 'x', a: 'r' }]],
  ['a boxed primitive, a Map, a class instance, a null-prototype object', { n: new Number(1), s: new String('ab'), m: new Map([[1, 2]]), c: new (class { b = 2; a = 1 })(), p: Object.assign(Object.create(null) as object, { b: { d: 1, c: 2 }, a: 1 }) }],
  ['more distinct strings than the writer keeps, each twice', { first: manyStrings, second: [...manyStrings].reverse(), keys: Object.fromEntries(manyStrings.slice(0, 9_000).map((s) => [s, s])) }],
  ['top-level scalars: a string', 'x\u202e'],
  ['top-level scalars: null', null],
  ['top-level scalars: a number', -0],
];

for (const [name, value] of cases) {
  test(`SortedJsonWriter: ${name}`, () => {
    for (const depth of [0, 1, 3]) {
      assert.equal(new SortedJsonWriter().text(value, depth), reference(value, depth), `depth ${depth}`);
      assert.equal(new SortedJsonWriter(guard).text(value, depth), neutralise(reference(value, depth)), `depth ${depth}, neutralised`);
    }
  });
}

test('SortedJsonWriter: one writer over many values in turn writes each as a new one would (its caches hold nothing of the last)', () => {
  const w = new SortedJsonWriter(guard);
  for (let round = 0; round < 2; round++) for (const [name, value] of cases) assert.equal(w.text(value, 2), neutralise(reference(value, 2)), name);
});

test('SortedJsonWriter: leaves out what JSON leaves out at the top (undefined), and throws on a BigInt as JSON.stringify does', () => {
  assert.equal(new SortedJsonWriter().text(undefined, 0), undefined);
  assert.equal(new SortedJsonWriter().text(() => 1, 0), undefined);
  assert.throws(() => new SortedJsonWriter().text({ a: 1n }, 0), TypeError);
});
