// Long values: every human format (text, Markdown, JUnit, HTML, PDF; audit and change record) shows a value's first
// SHOWN_LIMIT characters and a marker saying how much was cut and that the JSON report has it whole; JSON keeps it.
// Sizes, not times: a report of a 1 MB value is as small as one of a value just over the limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderAudit, type FormatName } from '../src/report/index.js';
import { buildChangeRecordView, renderChanges } from '../src/report/changes/index.js';
import { buildAuditView } from '../src/report/view.js';
import { cutLines, cutText, SHOWN_LIMIT } from '../src/report/cut.js';
import type { DisplayValue, Finding } from '../src/types.js';
import { sampleFindings, sampleResult } from './report-fixture.js';

const MB = 1024 * 1024;
/** Only the value holds Ж: how many a report shows is how much of the value it shows. */
const Z = 'Ж';
const count = (out: string, c: string): number => out.split(c).length - 1;
const text = (out: string | Uint8Array): string => (typeof out === 'string' ? out : Buffer.from(out).toString('latin1'));

function audit(main: DisplayValue, message = 'db.port differs between Main and Standby A', data?: Finding['data']) {
  return sampleResult(sampleFindings().map((f, i) => (i === 0 ? { ...f, values: { main, 'standby-a': 'Y' }, message, ...(data ? { data } : {}), attribution: undefined } : f)));
}

function changes(from: DisplayValue) {
  const row = { id: '2.1', seq: 2, server: 'A', host: 'a', setting: 'reg:K\\V', kind: 'changed' as const, from, to: 'Y', firstSeen: '2026-11-21T08:00:00.000Z', previousCollectedAt: '2026-11-20T08:00:00.000Z', recordedAt: '2026-11-21T08:01:00.000Z', recordedBy: 'ops', notes: [], documented: false };
  return buildChangeRecordView({ rows: [row], head: { seq: 9, hash: 'ab'.repeat(32) }, entries: 9, generatedAt: '2026-11-25T12:00:00.000Z', tool: { name: 'pairaudit', version: '0.1.0' } });
}

type Report = 'audit' | 'changes';
const render = async (report: Report, format: FormatName, value: DisplayValue): Promise<string | Uint8Array> =>
  report === 'audit' ? renderAudit(audit(value), format, { color: false, width: 100 }) : renderChanges(changes(value), format as 'text', { color: false, width: 100 });

/** What a human format shows of a value of `n` Ж: all of it under the limit, SHOWN_LIMIT and the marker over it. */
const SIZES: { name: string; n: number; shown: number; marker?: RegExp }[] = [
  { name: 'just under the limit: whole, no marker', n: SHOWN_LIMIT - 1, shown: SHOWN_LIMIT - 1 },
  { name: 'at the limit: whole, no marker', n: SHOWN_LIMIT, shown: SHOWN_LIMIT },
  { name: 'just over the limit: cut, 1 more character', n: SHOWN_LIMIT + 1, shown: SHOWN_LIMIT, marker: /\(cut: 1 more character; the JSON report has the whole value\)/ },
  { name: '1 MB: cut, the rest counted', n: MB, shown: SHOWN_LIMIT, marker: /\(cut: 1,044,480 more characters; the JSON report has the whole value\)/ },
];

/** The formats whose text can be read as it is written (the PDF is checked for its size below). */
const READABLE: { report: Report; format: FormatName }[] = [
  { report: 'audit', format: 'text' },
  { report: 'audit', format: 'markdown' },
  { report: 'audit', format: 'junit' },
  { report: 'audit', format: 'html' },
  { report: 'changes', format: 'text' },
  { report: 'changes', format: 'markdown' },
  { report: 'changes', format: 'html' },
];

for (const { report, format } of READABLE)
  for (const size of SIZES)
    test(`long value, ${report} ${format}, ${size.name}`, async () => {
      const out = text(await render(report, format, Z.repeat(size.n)));
      assert.equal(count(out, Z), size.shown);
      if (size.marker === undefined) assert.doesNotMatch(out, /\(cut: /);
      // The text format wraps the marker across lines.
      else assert.match(out.replace(/\s+/g, ' '), size.marker);
    });

const EVERY: { report: Report; format: FormatName }[] = [...READABLE, { report: 'audit', format: 'pdf' }, { report: 'changes', format: 'pdf' }];

for (const { report, format } of EVERY)
  test(`long value, ${report} ${format}: a report of a 1 MB value is as large as one of a value just over the limit`, async () => {
    const over = (await render(report, format, Z.repeat(SHOWN_LIMIT + 1))).length;
    const huge = (await render(report, format, Z.repeat(MB))).length;
    // The marker's count has a few more digits; nothing else may grow with the value.
    assert.ok(huge - over < 64, `${huge} bytes against ${over}`);
  });

test('long value, audit and change JSON: the value whole', async () => {
  const value = Z.repeat(MB);
  // The change record's JSON also holds the value as the other formats show it (`before`), beside `from`.
  assert.ok(text(await renderAudit(audit(value), 'json', { color: false })).includes(value));
  assert.ok(text(await renderChanges(changes(value), 'json', { color: false })).includes(value));
});

/** Lists: a REG_MULTI_SZ of many short items is cut as the items add up, the items left out counted. */
const LISTS: { name: string; items: number; shownItems: number; marker?: RegExp }[] = [
  { name: 'a list of 40 paths of 100 characters: whole', items: 40, shownItems: 40 },
  { name: 'a list of 100,000 items of 100 characters: cut after 4,096 characters', items: 100_000, shownItems: 41, marker: /\(cut: 99,959 more lines; the JSON report has the whole value\)/ },
];
for (const l of LISTS)
  test(`long list, audit view and Markdown: ${l.name}`, async () => {
    const items = Array.from({ length: l.items }, (_, i) => `${Z}${String(i).padStart(99, '0')}`);
    const view = buildAuditView(sampleResult(sampleFindings().map((f, i) => (i === 0 ? { ...f, values: { main: items, 'standby-a': ['Y'] } } : f))));
    const main = view.findings.find((f) => f.setting === 'db.port')!.values[0]!;
    assert.equal(main.lines.filter((line) => line.startsWith(Z)).length, l.shownItems);
    assert.ok(main.text.length <= SHOWN_LIMIT + 100, `text of ${main.text.length} characters`);
    if (l.marker) assert.match(main.lines.at(-1)!, l.marker);
    const md = text(await renderAudit(sampleResult(sampleFindings().map((f, i) => (i === 0 ? { ...f, values: { main: items, 'standby-a': ['Y'] } } : f))), 'markdown', { color: false }));
    assert.ok(md.length < 40_000, `Markdown of ${md.length} characters`);
  });

/** A message holds the values the engine wrote into it (its data): each is cut as the value is. */
test('long value in a finding message: each value in it cut, the sentence kept', () => {
  const a = JSON.stringify('A'.repeat(MB));
  const b = JSON.stringify('B'.repeat(MB));
  const message = `db.port: Standby A has ${b}, Main has ${a}; keep them alike`;
  const f = buildAuditView(audit('A'.repeat(MB), message, { mainValue: a, otherValue: b })).findings.find((x) => x.setting === 'db.port')!;
  assert.ok(f.message.length < 3 * SHOWN_LIMIT, `message of ${f.message.length} characters`);
  assert.equal(count(f.message, '(cut: 1,044,482 more characters'), 2);
  assert.match(f.message, /^db\.port: Standby A has "B{4095}…" \(cut: [^)]*\), Main has "A{4095}…" \(cut: [^)]*\); keep them alike$/);
});

test('long values in a finding message that differ only past the limit: each shown from before the difference', () => {
  const a = JSON.stringify('A'.repeat(MB));
  const b = JSON.stringify(`${'A'.repeat(MB - 1)}B`);
  const f = buildAuditView(audit('A'.repeat(MB), `db.port: Standby A has ${b}, Main has ${a}`, { mainValue: a, otherValue: b })).findings.find((x) => x.setting === 'db.port')!;
  assert.match(f.message, /^db\.port: Standby A has \(cut: the first 1,048,376 characters\) …A{200}B", Main has \(cut: the first 1,048,376 characters\) …A{201}"$/);
});

/** Values that differ only past the limit would read alike cut there: they are shown where they first differ. */
test('values that differ only past the limit are shown from a little before the difference', async () => {
  const a = 'A'.repeat(MB);
  const b = `${'A'.repeat(MB - 1)}B`;
  const result = sampleResult(sampleFindings().map((f, i) => (i === 0 ? { ...f, values: { main: a, 'standby-a': b } } : f)));
  const [main, standby] = buildAuditView(result).findings.find((x) => x.setting === 'db.port')!.values;
  assert.notEqual(main!.text, standby!.text);
  assert.match(standby!.text, /^\(cut: the first 1,048,375 characters\) …A{200}B$/);
  for (const format of ['text', 'markdown', 'junit', 'html'] as const) {
    const out = text(await renderAudit(result, format, { color: false, width: 100 }));
    assert.match(out.replace(/\n\s*/g, ''), /AAB/, format);
    assert.ok(out.length < 60_000, `${format}: ${out.length}`);
  }
});

/** The cut never splits a character beyond U+FFFF nor an escape a neutralised character is shown as. */
const EDGES: { name: string; text: string; limit: number; shown: string }[] = [
  { name: 'a surrogate pair at the cut stays whole (left out)', text: `ab😀cd`, limit: 3, shown: 'ab… (cut: 4 more characters; the JSON report has the whole value)' },
  { name: 'an escape at the cut stays whole (left out)', text: 'ab\\u202ecd', limit: 5, shown: 'ab… (cut: 8 more characters; the JSON report has the whole value)' },
  { name: 'a quoted text keeps its closing quote', text: '"abcdef"', limit: 4, shown: '"abc…" (cut: 4 more characters; the JSON report has the whole value)' },
  { name: 'a text at the limit is left alone', text: 'abcd', limit: 4, shown: 'abcd' },
];
for (const e of EDGES) test(`cutText: ${e.name}`, () => assert.equal(cutText(e.text, e.limit), e.shown));

test('cutLines: a line that crosses the limit is cut, the lines after it counted', () => {
  assert.deepEqual(cutLines(['abc', 'defg', 'h', 'i'], 5), ['abc', 'de… (cut: 2 more characters; the JSON report has the whole value)', '… (cut: 2 more lines; the JSON report has the whole value)']);
});
