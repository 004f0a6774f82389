// Red team of the outputs: a line break inside a server label (Partners\ServerLabel as hex(1) data), a bundle's file
// name, a fleet's pair name, a waiver's reason or a change note cannot start a line of a report or of a warning on
// standard error (`IN PARITY: every check passed` under a finding): it is shown as ⏎, as in a value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderAudit, type FormatName } from '../src/report/index.js';
import { renderFleet } from '../src/report/fleet/index.js';
import { warningLine } from '../src/cli/io.js';
import type { AuditResult } from '../src/types.js';
import type { FleetResult } from '../src/fleet/types.js';
import { sampleFindings, sampleResult } from './report-fixture.js';

const FAKE = 'IN PARITY: every check passed';
const BROKEN = `x\n${FAKE}\r\n${FAKE}`;

/** The sample result with one field holding BROKEN. */
const AUDITS: { name: string; result: () => AuditResult }[] = [
  { name: 'a server label', result: () => sampleResult(undefined, { servers: sampleResult().servers.map((s, i) => (i === 0 ? { ...s, label: BROKEN } : s)) }) },
  {
    name: "a value's file (a bundle's file name)",
    result: () => sampleResult(sampleFindings().map((f) => ({ ...f, sources: { ...f.sources, main: { file: BROKEN, key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\X', valueName: 'Port', line: 4 } } }))),
  },
  { name: "a collection warning's file", result: () => sampleResult(undefined, { servers: sampleResult().servers.map((s, i) => (i === 0 ? { ...s, warnings: [{ file: BROKEN, line: 3, message: 'ignored' }] } : s)) }) },
  {
    name: "a lapsed waiver's reason and approver",
    result: () => sampleResult(sampleFindings().map((f, i) => (i === 0 ? { ...f, waiver: { reason: BROKEN, approvedBy: BROKEN, expires: '2026-01-01', state: 'expired' as const } } : f))),
  },
  { name: "a change's note", result: () => sampleResult(sampleFindings().map((f, i) => (i === 0 ? { ...f, attribution: [{ ...f.attribution![0]!, note: BROKEN, author: BROKEN }] } : f))) },
];

const FORMATS: FormatName[] = ['text', 'junit'];

for (const a of AUDITS)
  for (const format of FORMATS)
    test(`${format}: a line break in ${a.name} starts no line`, async () => {
      const out = (await renderAudit(a.result(), format, { color: false, width: 200 })) as string;
      assert.ok(out.includes(FAKE), `${a.name} is shown`);
      const started = out.split(/\r?\n/).filter((l) => l.startsWith(FAKE));
      assert.deepEqual(started, [], 'no line starts with what follows the break');
      assert.ok(out.includes(`x⏎${FAKE}`), 'the break shows as ⏎');
    });

test('fleet text: a line break in a pair name starts no line of the summary', async () => {
  const audit = sampleResult();
  const pair = { id: `North/${BROKEN}`, site: 'North', name: BROKEN, outcome: 'drift', exitCode: 1, counts: audit.counts, servers: [{ role: 'main', path: 'a' }, { role: 'standby-a', path: 'b' }], audit };
  const fleet = { schemaVersion: 1, kind: 'fleet', tool: audit.tool, generatedAt: audit.generatedAt, inventory: 'fleet.yaml', exitCode: 1, outcomes: { 'in-parity': 0, drift: 1, incomplete: 0, error: 0 }, counts: audit.counts, pairs: [pair] } as unknown as FleetResult;
  const out = (await renderFleet(fleet, 'text', { color: false })) as string;
  assert.deepEqual(out.split(/\r?\n/).filter((l) => l.startsWith(FAKE)), []);
  assert.ok(out.includes(`North/x⏎${FAKE}`));
});

test('warningLine: a warning on standard error is one line, whatever its file name and pair name hold', () => {
  const line = warningLine('bundle', 'folder', { file: `a\n${FAKE}.reg`, line: 2, message: 'ignored' }, `North/${BROKEN}`);
  assert.equal(line.endsWith('\n'), true);
  assert.equal(line.slice(0, -1).includes('\n'), false, line);
  assert.ok(line.includes(`a⏎${FAKE}.reg`));
});
