// Red team of the outputs: a value of a megabyte and ten thousand findings or changes render in the text and Markdown
// formats (no RangeError from spreading a value's wrapped lines or a table's rows as arguments), lines within the width.
// The text shows a value's first SHOWN_LIMIT characters (src/report/cut.ts; test/longvalues-cut.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { SHOWN_LIMIT } from '../src/report/cut.js';

/**
 * Each case renders in a child with a 90 KB stack (as a command deep in the CLI's calls has less than the test
 * runner): the spread that overflowed it with 11,000 lines took some 150,000 here, and as many seconds to build.
 * A case prints what it checks: the characters of the value found (Ж, which nothing else holds), the longest line, the rows.
 */
const SCRIPT = String.raw`
import { renderAudit } from './src/report/index.ts';
import { buildChangeRecordView, renderChanges } from './src/report/changes/index.ts';
import { manyFindings, sampleFindings, sampleResult } from './test/report-fixture.ts';
const MB = 1024 * 1024;
const N = 11000;
const row = (i, from, to) => ({ id: (i + 2) + '.1', seq: i + 2, server: 'A', host: 'a', setting: 'reg:K\\V' + i, kind: 'changed', from, to,
  firstSeen: '2026-11-21T08:00:00.000Z', previousCollectedAt: '2026-11-20T08:00:00.000Z', recordedAt: '2026-11-21T08:01:00.000Z', recordedBy: 'ops', notes: [], documented: false });
const changes = (rows) => buildChangeRecordView({ rows, head: { seq: 9, hash: 'ab'.repeat(32) }, entries: 9, generatedAt: '2026-11-25T12:00:00.000Z', tool: { name: 'pairaudit', version: '0.1.0' } });
const hugeValues = sampleFindings().map((f, i) => (i === 0 ? { ...f, values: { main: 'Ж'.repeat(MB), 'standby-a': 'Y'.repeat(MB) } } : f));
const failing = manyFindings(N).map((f) => ({ ...f, status: 'fail', waiver: undefined }));
const cases = {
  'audit text': () => renderAudit(sampleResult(hugeValues), 'text', { color: false }),
  'changes text': () => renderChanges(changes([row(0, 'Ж'.repeat(MB), 'Y'.repeat(MB))]), 'text', { color: false }),
  'audit markdown': () => renderAudit(sampleResult(failing), 'markdown', { color: false }),
  'changes markdown': () => renderChanges(changes(Array.from({ length: N }, (_, i) => row(i, i, i + 1))), 'markdown', { color: false }),
};
const out = {};
for (const [name, render] of Object.entries(cases)) {
  try {
    const lines = (await render()).split('\n');
    out[name] = { z: lines.reduce((n, l) => n + l.split('Ж').length - 1, 0), longest: lines.reduce((m, l) => Math.max(m, l.length), 0), rows: lines.filter((l) => /^\| .*(?:rule-|reg:K)/.test(l)).length };
  } catch (e) {
    out[name] = { error: e.name + ': ' + e.message };
  }
}
process.stdout.write(JSON.stringify(out));
`;

const CASES: { name: string; check: (r: { z: number; longest: number; rows: number }) => void }[] = [
  { name: 'audit text', check: (r) => (assert.equal(r.z, SHOWN_LIMIT), assert.ok(r.longest <= 80, `longest line ${r.longest}`)) },
  { name: 'changes text', check: (r) => (assert.equal(r.z, SHOWN_LIMIT), assert.ok(r.longest <= 80, `longest line ${r.longest}`)) },
  { name: 'audit markdown', check: (r) => assert.equal(r.rows, 11000) },
  { name: 'changes markdown', check: (r) => assert.equal(r.rows, 11000) },
];

let results: Record<string, { z: number; longest: number; rows: number; error?: string }> | undefined;
const rendered = () => (results ??= JSON.parse(execFileSync(process.execPath, ['--stack-size=90', '--import', 'tsx', '--input-type=module', '-e', SCRIPT], { encoding: 'utf8', maxBuffer: 1 << 20 })) as typeof results)!;

for (const c of CASES) {
  test(`huge input on a small stack: ${c.name} renders`, { timeout: 180_000 }, () => {
    const r = rendered()[c.name];
    assert.ok(r !== undefined, c.name);
    assert.equal(r.error, undefined);
    c.check(r);
  });
}
