// Long values, links: a URL, `www.` host or e-mail address in an export's text is no live link in a Markdown report
// (GitHub makes links of such plain text: a hostile export could plant one an auditor clicks). The text reads as it
// is. Where cmark-gfm (GitHub's own parser, Debian's cmark-gfm) is installed, the Markdown is rendered by it.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { escapeMarkdown } from '../src/report/escape.js';
import { renderAudit } from '../src/report/index.js';
import { buildChangeRecordView, renderChanges } from '../src/report/changes/index.js';
import { sampleFindings, sampleResult } from './report-fixture.js';
import { missing } from './prerequisites.js';

/** GitHub's rendering of `markdown`, or undefined where cmark-gfm is not installed (outside CI: prerequisites.ts). */
function gfm(markdown: string): string | undefined {
  if (missing('cmarkGfm') !== false) return undefined;
  const r = spawnSync('cmark-gfm', ['-e', 'autolink', '-e', 'table', '-e', 'strikethrough', '--unsafe'], { input: markdown, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/** What autolinking finds in plain text (cmark-gfm's autolink extension, any case, and e-mail addresses). */
const LINKABLE = /(?<!\\):\/\/|www\.|[a-z0-9.+_-]@[a-z0-9_-]/i;

const TEXTS: { name: string; text: string }[] = [
  { name: 'https in quotes (a value in a message)', text: 'Note: Standby A has "https://evil.example/login", Main has "x"' },
  { name: 'http at the start', text: 'http://evil.example' },
  { name: 'upper-case scheme', text: 'HTTPS://evil.example/a' },
  { name: 'ftp', text: 'get ftp://evil.example/f' },
  { name: 'after an underscore', text: 'x_https://evil.example' },
  { name: 'www after a space', text: 'see www.evil.example now' },
  { name: 'www in brackets', text: '(www.evil.example)' },
  { name: 'www in emphasis marks', text: '*www.evil.example*' },
  { name: 'an e-mail address', text: 'mail ops@evil.example now' },
  { name: 'mailto', text: 'mailto:ops@evil.example' },
  { name: 'xmpp', text: 'xmpp:ops@evil.example' },
];

for (const c of TEXTS)
  test(`Markdown text makes no link: ${c.name}`, (t: TestContext) => {
    const md = escapeMarkdown(c.text);
    assert.doesNotMatch(md.replace(/<wbr>/g, ' '), LINKABLE);
    const html = gfm(md);
    if (html === undefined) return t.skip('cmark-gfm is not installed (apt-get install cmark-gfm)');
    assert.doesNotMatch(html, /<a /);
    // As it reads: the escapes gone, the split before `@` unseen.
    const shown = html.replace(/<wbr>/g, '').replace(/<\/?p>\n?/g, '').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    assert.equal(shown, c.text);
  });

const hostile = 'https://evil.example/reset?u=ops';
const findings = () =>
  sampleFindings().map((f, i) =>
    i === 0 ? { ...f, values: { main: `<${hostile}>`, 'standby-a': 'www.evil.example' }, message: `db.port: Standby A has "www.evil.example", Main has "<${hostile}>"; ask ops@evil.example` } : f,
  );

test('Markdown audit report: values and messages make no link to the export\'s URLs', async (t: TestContext) => {
  const md = (await renderAudit(sampleResult(findings()), 'markdown', { color: false })) as string;
  const html = gfm(md);
  if (html === undefined) return t.skip('cmark-gfm is not installed (apt-get install cmark-gfm)');
  assert.doesNotMatch(html, /href="[^"]*evil\.example/);
  assert.match(html, /href="https:\/\/tprojects\.schneider-electric\.com/, 'the sources cited stay links');
});

test('Markdown change record: a value before or after makes no link', async (t: TestContext) => {
  const row = { id: '2.1', seq: 2, server: 'A', host: 'a', setting: 'reg:K\\V', kind: 'changed' as const, from: `|${hostile}`, to: 'see www.evil.example', firstSeen: '2026-11-21T08:00:00.000Z', previousCollectedAt: '2026-11-20T08:00:00.000Z', recordedAt: '2026-11-21T08:01:00.000Z', recordedBy: 'ops@evil.example', notes: [], documented: false };
  const view = buildChangeRecordView({ rows: [row], head: { seq: 9, hash: 'ab'.repeat(32) }, entries: 9, generatedAt: '2026-11-25T12:00:00.000Z', tool: { name: 'pairaudit', version: '0.1.0' } });
  const html = gfm((await renderChanges(view, 'markdown', { color: false })) as string);
  if (html === undefined) return t.skip('cmark-gfm is not installed (apt-get install cmark-gfm)');
  assert.doesNotMatch(html, /<a /);
});
