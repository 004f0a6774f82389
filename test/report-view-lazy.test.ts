// The view model builds a finding's view when a list holding it is read: every list holds the same view of a finding,
// in the result's order, and the lists are what filtering every finding's view gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildAuditView, type FindingView } from '../src/report/view.js';
import { manyFindings, sampleResult } from './report-fixture.js';
import type { AuditResult } from '../src/types.js';

const results: [string, AuditResult][] = [
  ['the sample result', sampleResult()],
  ['300 findings', sampleResult(manyFindings(300))],
  ['a check', { ...sampleResult(), kind: 'check' }],
  ['no findings', sampleResult([])],
];

for (const [name, result] of results) {
  test(`buildAuditView: lists read before and after every finding's view are the same views (${name})`, () => {
    const view = buildAuditView(result);
    const failing = view.failing.map((g) => g.findings);
    const { unknowns, waived, lapsed, reasons, waivers, citations, categories } = view;
    const all = view.findings;
    assert.equal(all.length, result.findings.length);
    assert.deepEqual(all.map((f) => f.index), result.findings.map((_, i) => i));
    const pick = (keep: (f: FindingView) => boolean): FindingView[] => all.filter(keep);
    failing.forEach((list, i) => assert.deepEqual(list.map((f) => all.indexOf(f)), pick((f) => f.status === 'fail' && f.severity === view.failing[i]!.severity).map((f) => f.index)));
    assert.ok(unknowns.every((f) => all.includes(f)) && waived.every((f) => all.includes(f)) && lapsed.every((f) => all.includes(f)), 'the same view objects');
    assert.deepEqual(unknowns, pick((f) => f.status === 'unknown'));
    assert.deepEqual(waived, pick((f) => f.status === 'waived'));
    assert.deepEqual(lapsed, pick((f) => f.waiver !== undefined && f.waiver.state !== 'active'));
    assert.deepEqual(categories, [...new Set(all.map((f) => f.category))].sort());
    assert.deepEqual(citations.map((c) => c.tag), [...new Set(all.flatMap((f) => f.citations.map((c) => c.tag)))].sort());
    assert.equal(view.findings, all, 'built once');
    // A second view read in the other order holds equal lists.
    const again = buildAuditView(result);
    assert.deepEqual(again.findings, all);
    assert.deepEqual([again.reasons, again.waivers, again.unknowns], [reasons, waivers, unknowns]);
  });
}
