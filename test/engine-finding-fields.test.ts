// A finding as FindingSink builds it: its fields, their values and their order (`assumed` first when set,
// `references` last when the rule cites any), whatever way the sink builds the object.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { caseSnapshot } from '../src/engine/index.js';
import { kindMessage } from '../src/engine/comparators/index.js';
import { FindingSink, type FindingSpec } from '../src/engine/findings.js';
import { indexServer } from '../src/engine/indexing.js';
import type { CompiledRule } from '../src/engine/selection.js';
import type { Rule } from '../src/engine/types.js';

const main = indexServer('main', caseSnapshot('main', { 'db.port': 5481 }));
const other = indexServer('standby-a', caseSnapshot('standby-a', { 'db.port': 5482 }));

function compiled(references: string[]): CompiledRule {
  const rule = {
    id: 'db-port',
    title: 'Database port',
    severity: 'warning',
    category: 'network',
    rationale: 'why',
    remediation: 'how',
    references: references.map((tag) => ({ tag, title: tag, url: `https://example.com/${tag}` })),
    select: ['db.port'],
    compare: { kind: 'must-equal' },
    messages: { differs: '{{setting}}: {{mainValue}} against {{otherValue}} ({{missing}})' },
  } as unknown as Rule;
  return { rule, severity: 'warning', patterns: [] };
}

const FIELDS = ['ruleId', 'title', 'severity', 'status', 'category', 'setting', 'servers', 'values', 'sources', 'messageId', 'data', 'message', 'rationale', 'remediation'];

const cases: { name: string; references: string[]; spec: Partial<FindingSpec>; keys: string[]; severity: string }[] = [
  { name: 'neither assumed nor citing', references: [], spec: { assumed: false }, keys: FIELDS, severity: 'warning' },
  { name: 'assumed: first', references: [], spec: { assumed: true }, keys: ['assumed', ...FIELDS], severity: 'warning' },
  { name: 'citing: references last', references: ['FP', 'LIC'], spec: { assumed: false }, keys: [...FIELDS, 'references'], severity: 'warning' },
  { name: 'assumed and citing, its own severity', references: ['FP'], spec: { assumed: true, severity: 'blocker' }, keys: ['assumed', ...FIELDS, 'references'], severity: 'blocker' },
];

for (const c of cases) {
  test(`a finding's fields in order: ${c.name}`, () => {
    const sink = new FindingSink(kindMessage);
    const rule = compiled(c.references);
    const data = { setting: 'db.port', mainValue: '5481', otherValue: '5482' };
    const spec: FindingSpec = { status: 'fail', setting: 'db.port', servers: [main, other], messageId: 'differs', data, values: { main: 5481, 'standby-a': 5482 }, sources: { main: null, 'standby-a': null }, ...c.spec };
    sink.report(rule, { severity: 'warning', compare: rule.rule.compare }, spec);
    assert.equal(sink.findings.length, 1);
    const f = sink.findings[0];
    assert.deepEqual(Object.keys(f), c.keys);
    assert.deepEqual(
      { ...f },
      {
        ...(c.spec.assumed === true ? { assumed: true } : {}),
        ruleId: 'db-port',
        title: 'Database port',
        severity: c.severity,
        status: 'fail',
        category: 'network',
        setting: 'db.port',
        servers: ['main', 'standby-a'],
        values: { main: 5481, 'standby-a': 5482 },
        sources: { main: null, 'standby-a': null },
        messageId: 'differs',
        data,
        // An unknown placeholder stays as written.
        message: 'db.port: 5481 against 5482 ({{missing}})',
        rationale: 'why',
        remediation: 'how',
        ...(c.references.length > 0 ? { references: c.references } : {}),
      },
    );
  });
}
