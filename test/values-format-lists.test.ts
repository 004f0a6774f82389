// A list value (REG_MULTI_SZ) in a finding's message: its items were written raw, joined by ", ", so that two lists
// that differ could read alike (["C:\\a, D:\\b"] and ["C:\\a", "D:\\b"] both `[C:\a, D:\b]`, [""] and [] both `[]`)
// and an item holding `]` or a line break could make the message read as something it is not. Each item is now
// written as a scalar is (src/engine/values.ts formatValue): texts as JSON strings, numbers and booleans bare.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditGroup, buildRulePack, caseSnapshot, type Rule } from '../src/engine/index.js';
import { formatValue } from '../src/engine/values.js';
import type { DisplayValue, SettingValue } from '../src/types.js';

// [what, the value, as a message writes it]
const FORMAT_ROWS: [string, DisplayValue, string][] = [
  ['an item holding ", "', ['C:\\a, D:\\b'], '["C:\\\\a, D:\\\\b"]'],
  ['two items', ['C:\\a', 'D:\\b'], '["C:\\\\a", "D:\\\\b"]'],
  ['an item holding "]"', ['a], b'], '["a], b"]'],
  ['an item holding a line break', ['x\r\nPort = 5999', 'y'], '["x\\r\\nPort = 5999", "y"]'],
  ['an item holding a quote', ['say "hi"'], '["say \\"hi\\""]'],
  // A list's items come from a snapshot, whose types the engine does not check: a number is written bare, a text quoted.
  ['a number and its text', [80, '80'] as unknown as string[], '[80, "80"]'],
  ['a list with an empty text', [''], '[""]'],
  ['two empty texts', ['', ''], '["", ""]'],
  // As before: numbers and booleans bare, the empty list, scalars.
  ['a list of numbers', [1, 20, 300] as unknown as string[], '[1, 20, 300]'],
  ['a boolean', [true] as unknown as string[], '[true]'],
  ['the empty list', [], '[]'],
  ['a text', 'C:\\a', '"C:\\\\a"'],
  ['a number', 5481, '5481'],
  ['absent', null, '(not set)'],
];

for (const [what, value, shown] of FORMAT_ROWS) {
  test(`formatValue: ${what}`, () => {
    assert.equal(formatValue(value), shown);
  });
}

// Two values that differ: their messages must differ too. [what, one, the other]
const APART_ROWS: [string, DisplayValue, DisplayValue][] = [
  ['one item holding ", " and two items', ['C:\\a, D:\\b'], ['C:\\a', 'D:\\b']],
  ['an empty text and nothing', [''], []],
  ['numbers and their texts', [1, 20] as unknown as string[], ['1', '20']],
];

for (const [what, a, b] of APART_ROWS) {
  test(`formatValue: two values read apart (${what})`, () => {
    assert.notEqual(formatValue(a), formatValue(b));
  });
}

function rule(def: Partial<Rule> & Pick<Rule, 'id' | 'select' | 'compare'>): Rule {
  return { title: def.id, severity: 'warning', category: 'site', rationale: 'A site rule.', remediation: 'fix it here', references: [], pack: 'site', file: `${def.id}.json`, ...def };
}

const SPLIT = { main: ['C:\\a, D:\\b'], other: ['C:\\a', 'D:\\b'] };

// Each caller of formatValue, on a list: [what, the rule, Main's settings, Standby's settings, the message of the finding that is not a pass]
const CALLER_ROWS: [string, Rule, Record<string, SettingValue>, Record<string, SettingValue>, string][] = [
  [
    'must-equal: the two sides differ only in how the list splits',
    rule({ id: 'site-paths', select: ['site.paths'], compare: { kind: 'must-equal' } }),
    { 'site.paths': SPLIT.main },
    { 'site.paths': SPLIT.other },
    'site.paths differs: Main has ["C:\\\\a, D:\\\\b"], Standby A has ["C:\\\\a", "D:\\\\b"]',
  ],
  ['must-equal: an empty text and nothing', rule({ id: 'site-paths', select: ['site.paths'], compare: { kind: 'must-equal' } }), { 'site.paths': [''] }, { 'site.paths': [] }, 'site.paths differs: Main has [""], Standby A has []'],
  ['must-equal: only on the Main', rule({ id: 'site-paths', select: ['site.paths'], compare: { kind: 'must-equal' } }), { 'site.paths': ['a]', 'b'] }, {}, 'site.paths is set on Main (["a]", "b"]) but not on Standby A'],
  [
    'catch-all: the two sides differ only in how the list splits',
    rule({ id: 'catch-all', select: ['*'], compare: { kind: 'catch-all' } }),
    { 'reg:S\\Paths': SPLIT.main },
    { 'reg:S\\Paths': SPLIT.other },
    'reg:S\\Paths differs: Main has ["C:\\\\a, D:\\\\b"], Standby A has ["C:\\\\a", "D:\\\\b"]',
  ],
  [
    'must-differ: the same list on both',
    rule({ id: 'site-unique', select: ['site.names'], compare: { kind: 'must-differ' } }),
    { 'site.names': ['n, 1'] },
    { 'site.names': ['n, 1'] },
    'site.names is ["n, 1"] on both Main and Standby A; it must be unique to each server',
  ],
  [
    'policy: a list not among the allowed values',
    rule({ id: 'site-allowed', select: ['site.paths'], compare: { kind: 'policy', test: 'allowed-values', values: ['C:\\a'] } }),
    { 'site.paths': SPLIT.main },
    { 'site.paths': 'C:\\a' },
    'site.paths on Main is ["C:\\\\a, D:\\\\b"]; expected "C:\\\\a"',
  ],
  [
    'not-less-than: a list where a number is expected',
    rule({ id: 'site-size', select: ['site.size'], compare: { kind: 'not-less-than' } }),
    { 'site.size': 5 },
    { 'site.size': ['5, 6'] },
    'site.size is not a number on Standby A (["5, 6"]), so it cannot be compared',
  ],
];

for (const [what, r, main, other, message] of CALLER_ROWS) {
  test(`a list in a message: ${what}`, () => {
    const pack = buildRulePack([r], ['site']);
    const servers = [
      { role: 'main' as const, snapshot: caseSnapshot('main', main) },
      { role: 'standby-a' as const, snapshot: caseSnapshot('standby-a', other) },
    ];
    const result = auditGroup({ servers, pack }, { now: new Date('2026-01-01T00:15:00Z'), toolVersion: '0.0.0' });
    const shown = result.findings.filter((f) => f.ruleId === r.id && f.status !== 'pass').map((f) => f.message);
    assert.deepEqual(shown, [message]);
  });
}
