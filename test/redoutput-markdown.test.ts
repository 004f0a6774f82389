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
