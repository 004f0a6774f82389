// Red team of the outputs: text from exports cannot open a Markdown block where the report starts a list item with
// it (a server label `# IN PARITY` printed as a heading, `> ` as a quote, `1. ` as a numbered list), nor markup inside.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeMarkdown } from '../src/report/escape.js';
import { renderAudit } from '../src/report/index.js';
import { sampleResult } from './report-fixture.js';

const ESCAPED: { name: string; text: string; md: string }[] = [
  { name: 'a heading', text: '# IN PARITY', md: '\\# IN PARITY' },
  { name: 'a heading of six', text: '###### x', md: '\\###### x' },
  { name: 'a list or a rule', text: '- x', md: '\\- x' },
  { name: 'a rule of dashes', text: '---', md: '\\---' },
  { name: 'a plus list', text: '+ x', md: '\\+ x' },
  { name: 'a numbered list', text: '1. GO', md: '1\\. GO' },
  { name: 'a numbered list with a parenthesis', text: '12) x', md: '12\\) x' },
  { name: 'a quote (an entity, which opens no block)', text: '> x', md: '&gt; x' },
  { name: 'inside the text, as before', text: 'a # b - c 1. d', md: 'a # b - c 1. d' },
  { name: 'markup inside', text: '| `x` [a](javascript:b) <script> *e*', md: '\\| \\`x\\` \\[a\\](javascript:b) &lt;script&gt; \\*e\\*' },
  { name: 'a number that is no list item', text: '5481', md: '5481' },
  { name: 'a rule of spaced dashes', text: '- - -', md: '\\- - -' },
  { name: 'a heading mark alone', text: '#', md: '\\#' },
  { name: 'kept: no heading without a space', text: '#1 of 2', md: '#1 of 2' },
  { name: 'kept: seven # are no heading', text: '####### x', md: '####### x' },
  { name: 'kept: a negative number', text: '-5', md: '-5' },
  { name: 'kept: a version', text: '0.1.0', md: '0.1.0' },
];

for (const c of ESCAPED) test(`escapeMarkdown: ${c.name}`, () => assert.equal(escapeMarkdown(c.text), c.md));

test('markdown: a server label from an export that reads as a heading stays inside its warning', async () => {
  const base = sampleResult();
  const servers = base.servers.map((s, i) => (i === 0 ? { ...s, label: '# IN PARITY', warnings: [{ file: 'hosts', line: 1, message: 'ignored name' }] } : s));
  const md = (await renderAudit({ ...base, servers }, 'markdown', { color: false })) as string;
  assert.ok(md.split('\n').includes('- \\# IN PARITY (Main): hosts line 1: ignored name'), md);
  assert.equal(md.split('\n').some((l) => /^- #/.test(l)), false);
});

/** A saved change record with one change and one changeover whose ids and labels an editor made hostile. */
async function editedChangeRecord(hostile: string): Promise<string> {
  const { buildChangeRecordView, renderChanges } = await import('../src/report/changes/index.js');
  const row = { id: '3.1', seq: 3, server: 'A', host: 'a', setting: 'db.port', kind: 'changed' as const, from: 5481, to: 5482, firstSeen: '2026-11-21T08:00:00.000Z', previousCollectedAt: '2026-11-20T08:00:00.000Z', recordedAt: '2026-11-21T08:01:00.000Z', recordedBy: 'ops', notes: [], documented: false };
  const view = buildChangeRecordView({ rows: [row], head: { seq: 3, hash: 'ab'.repeat(32) }, entries: 3, generatedAt: '2026-11-25T12:00:00.000Z', tool: { name: 'pairaudit', version: '0.1.0' } });
  const record = JSON.parse((await renderChanges(view, 'json', { color: false })) as string) as { changes: Record<string, unknown>[]; changeovers: unknown[] };
  record.changes[0] = { ...record.changes[0], id: hostile, kindLabel: hostile };
  const holder = { name: 'A' };
  const check = { seq: 2, label: hostile, generatedAt: '2026-11-21T08:00:00.000Z' };
  record.changeovers = [{ seq: 4, pair: 'P', mainBefore: holder, mainAfter: holder, preCheck: check, postCheck: check, between: { before: '2026-11-20T08:00:00.000Z', after: '2026-11-21T08:00:00.000Z' }, rolesBefore: [], rolesAfter: [], servers: [{ name: 'A', before: hostile, after: hostile }], changes: [record.changes[0]], changed: true, undocumented: 1 }];
  return JSON.stringify(record);
}

for (const focus of ['changes', 'changeovers'] as const) {
  test(`changes markdown (${focus}): ids and labels of an edited saved record are escaped`, async () => {
    const { parseSavedResult } = await import('../src/report/load.js');
    const { renderChanges } = await import('../src/report/changes/index.js');
    const saved = parseSavedResult(await editedChangeRecord('<img src=https://evil.example/p.png>'), 'changes.json');
    assert.equal(saved.kind, 'changes');
    const view = saved.kind === 'changes' ? { ...saved.view, focus } : undefined;
    const md = (await renderChanges(view!, 'markdown', { color: false })) as string;
    assert.equal(md.includes('<img'), false, md);
    // The URL escaped too, so that GitHub makes no link of it (test/longvalues-autolinks.test.ts).
    assert.ok(md.includes('&lt;img src=https\\://evil.example/p.png&gt;'));
  });
}
