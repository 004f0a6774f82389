// Report JSON written in one pass: the same bytes as stable stringify → parse → indented stringify, on awkward values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import stringify from 'fast-json-stable-stringify';
import { sortedJson } from '../src/report/sorted-json.js';
import { formatJson, safeResult } from '../src/report/json.js';
import { manyFindings, sampleResult } from './report-fixture.js';

/** What the reports wrote before: a stable stringify, parsed back, then indented. */
const threePass = (value: unknown): string => `${JSON.stringify(JSON.parse(stringify(value)), null, 2)}\n`;

const protoKey = JSON.parse('{"b":1,"__proto__":{"x":2},"a":[]}') as unknown;

/** An array with a hole at index 1. */
const holes: number[] = [];
holes[0] = 1;
holes[2] = 3;

const cases: [string, unknown][] = [
  ['keys out of order at every depth', { z: 1, a: { y: [{ d: 1, c: 2 }], b: 'x' } }],
  ['integer-like keys come first, in numeric order', { b: 1, '10': 2, '9': 3, '01': 4, '-1': 5, a: { '2': 'x', '1': 'y' } }],
  ['an own __proto__ key stays a key', protoKey],
  ['undefined, functions and symbols left out of objects', { a: undefined, b: () => 1, c: Symbol('s'), d: 0 }],
  ['undefined, functions and symbols null in arrays', [undefined, () => 1, Symbol('s'), 1]],
  ['non-finite numbers are null; -0 is 0', { nan: NaN, inf: Infinity, ninf: -Infinity, negZero: -0, big: 1e21, small: 5e-7 }],
  ['toJSON applied, its result sorted', { when: new Date(Date.UTC(2026, 10, 30)), custom: { toJSON: () => ({ b: 1, a: 2 }) } }],
  ['strings with escapes, lone surrogates, bidi and control characters', { s: 'a"b\\c\n\t\u0000\u001f\u2028\u202e\ud800 \udc00 😀', '\u00e9': 'é' }],
  ['empty objects and arrays', { a: {}, b: [], c: [[], [{}]] }],
  ['objects already in sorted order, holding values that change (NaN, a function, undefined, a Date)', { a: 1, b: { c: NaN, d: () => 1, e: undefined, f: new Date(0) }, g: [1, undefined, NaN] }],
  ['objects of one key list in turn, and other lists of the same length', [{ b: 1, a: 2 }, { b: 3, a: 4 }, { d: 5, c: 6 }, { b: 7, a: 8 }, { a: 9, b: 10 }, { b: 11, c: 12 }]],
  ['a boxed primitive, a class instance and a null-prototype object with sorted keys', { n: new Number(1), s: new String('ab'), m: new Map([[1, 2]]), c: new (class { a = 1; b = 2 })(), p: Object.assign(Object.create(null) as object, { a: 1, b: { d: 1, c: 2 } }) }],
  ['an array with holes, nested arrays unchanged and changed', { a: holes, b: [[1, 2], ['x']], c: [[{ b: 1, a: 2 }]] }],
  ['top-level scalars', 'x'],
  ['null', null],
];

for (const [name, value] of cases) {
  test(`sortedJson: ${name}`, () => {
    assert.equal(sortedJson(value), threePass(value));
  });
}

test('sortedJson reads each value once (a getter is called once, as JSON.stringify would call it)', () => {
  let reads = 0;
  const value = {
    get a() {
      reads++;
      return { y: 1, x: 2 };
    },
    b: 1,
  };
  assert.equal(sortedJson(value), `${JSON.stringify({ a: { x: 2, y: 1 }, b: 1 }, null, 2)}\n`);
  assert.equal(reads, 1);
});

test('formatJson: a result of 2,000 findings is byte for byte what the three-pass writer gave', () => {
  const result = sampleResult(manyFindings(2_000));
  assert.equal(formatJson(result), threePass(safeResult(result)));
});
