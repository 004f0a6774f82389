// A finding that gathers the settings of one key (steeredAmbiguousGroup, relatedAmbiguousGroup: a link's attributes;
// the catch-all's unclaimedKeyDiffers) holds each server's values as `name = value` lines. The HTML findings table
// showed them as one bracketed list (`[address = "10.40.1.21", port = 5481, …]`) and so did Markdown's table; now
// each line is a line of its own (a list in the HTML cell, `<br>` in Markdown), escaped as every value from an
// export is; the PDF's findings table shows them a line each too. Any other list value reads as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { Finding } from '../src/types.js';
import { findingsData, formatHtml } from '../src/report/html/index.js';
import { formatMarkdown } from '../src/report/markdown.js';
import { buildAuditView } from '../src/report/view.js';
import { formatPdf } from '../src/report/pdf/index.js';
import { hostileImg, pdfText, sampleFindings, sampleResult } from './report-fixture.js';
import { chromiumArgs, chromiumPath, missing } from './prerequisites.js';

const LINES = { main: ['heartbeatTimeout = 10', 'interleave = 4', `transferTimeout = ${JSON.stringify(hostileImg)}`], 'standby-a': ['heartbeatTimeout = 10', 'interleave = 4', 'transferTimeout = 60'] };

function grouped(messageId: string): Finding {
  return {
    ruleId: 'partners-link-timeouts',
    title: 'Link timeouts match at both ends',
    severity: 'warning',
    status: 'unknown',
    category: 'partners',
    setting: 'partners.standbyA.*',
    servers: ['main', 'standby-a'],
    values: LINES,
    sources: { main: { file: 'SCADA-A.reg' }, 'standby-a': { file: 'SCADA-B.reg' } },
    messageId,
    data: { setting: 'partners.standbyA.*', count: 3, names: 'heartbeatTimeout, interleave, transferTimeout' },
    message: 'partners.standbyA.*: 3 settings are not judged (heartbeatTimeout, interleave, transferTimeout): the check reads partners.standbyA.address, …',
    rationale: 'Both ends of a link agree on when it has failed.',
    remediation: 'Set the same timeouts at both ends.',
  };
}

const IDS = ['relatedAmbiguousGroup', 'steeredAmbiguousGroup', 'unclaimedKeyDiffers'] as const;
const ICMP = 'partners.standbyA.icmpMonitors';

test('html data: a gathered key is marked to show its lines one each; any other list is not', () => {
  for (const id of IDS) {
    const data = findingsData(buildAuditView(sampleResult([...sampleFindings(), grouped(id)])));
    const at = data.findings.find((f) => data.strings[f.n] === 'partners.standbyA.*')!;
    assert.equal(at.ln, 1, id);
    const main = at.v[0];
    assert.ok(main !== 0 && main.l !== undefined, id);
    assert.deepEqual(main.l.map((i) => data.strings[i]), LINES.main, id);
    const icmp = data.findings.find((f) => data.strings[f.n] === ICMP)!;
    assert.equal(icmp.ln, undefined, 'a list of ICMP monitors stays one bracketed list');
  }
  const other = findingsData(buildAuditView(sampleResult([...sampleFindings(), grouped('relatedAmbiguous')])));
  assert.equal(other.findings.find((f) => other.strings[f.n] === 'partners.standbyA.*')!.ln, undefined, 'not a gathered message id');
});

test('markdown: a gathered key is a line each in its cell (escaped); any other list as before', () => {
  for (const id of IDS) {
    const md = formatMarkdown(sampleResult([...sampleFindings(), grouped(id)]));
    const row = md.split('\n').find((l) => l.includes('partners.standbyA.*') && l.includes('partners-link-timeouts'))!;
    assert.ok(row, id);
    // The line holding `"` `<` `>` escaped as Markdown text (not code), the others as code.
    const code = (text: string): string => `\`${text}\``;
    const hostile = String.raw`transferTimeout = "\\"&gt;&lt;img src=x onerror=\\"window.\_\_pwned=2\\"&gt;"`;
    assert.ok(row.includes(`| ${code('heartbeatTimeout = 10')}<br>${code('interleave = 4')}<br>${hostile} | ${code('heartbeatTimeout = 10')}<br>${code('interleave = 4')}<br>${code('transferTimeout = 60')} |`), `${id}: ${row}`);
    assert.doesNotMatch(row, /\[heartbeatTimeout/, id);
    assert.doesNotMatch(md, /<img/, id);
  }
  const md = formatMarkdown(sampleResult());
  assert.match(md, /`\[10\.0\.0\.1, 10\.0\.0\.2, 10\.0\.0\.9\]`/, 'a list value stays one bracketed list');
});

test('pdf: a gathered key is a line each in its value cell; any other list as before', async (t) => {
  const text = pdfText(await formatPdf(sampleResult([...sampleFindings(), grouped('relatedAmbiguousGroup')]), { color: false }));
  if (text === undefined) {
    t.skip('pdftotext is not installed');
    return;
  }
  // -layout keeps each cell's lines: every `name = value` starts a line of its own, none joined into a list.
  for (const line of ['heartbeatTimeout = 10', 'interleave = 4', 'transferTimeout = 60']) assert.match(text, new RegExp(`(^|\\s{2})${line}(\\s{2}|$)`, 'm'), line);
  assert.doesNotMatch(text, /\[heartbeatTimeout/);
  assert.match(text, /\[10\.0\.0\.1, 10\.0\.0\.2,/, 'a list value stays one bracketed list (wrapped to the cell)');
});

test('html in Chromium: a gathered key is a list in its cell, a line each, as text; no script runs from it', { timeout: 120_000 }, async (t) => {
  const why = missing('chromium');
  if (why !== false) {
    t.skip(why);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-value-lines-'));
  const file = join(dir, 'report.html');
  writeFileSync(file, formatHtml(sampleResult([...sampleFindings(), grouped('relatedAmbiguousGroup')])));
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const dialogs: string[] = [];
    const errors: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(pathToFileURL(file).href);
    const row = page.locator('#findings tr.f', { hasText: 'partners.standbyA.*' });
    const cells = row.locator('td.val');
    assert.equal(await cells.count(), 2);
    assert.deepEqual(await cells.nth(0).locator('ul.lines > li').allTextContents(), LINES.main);
    assert.deepEqual(await cells.nth(1).locator('ul.lines > li').allTextContents(), LINES['standby-a']);
    // Each line on a line of its own: every item below the one before it.
    const tops = await cells.nth(1).locator('ul.lines > li').evaluateAll((items) => items.map((i) => (i as unknown as { getBoundingClientRect(): { top: number } }).getBoundingClientRect().top));
    for (let i = 1; i < tops.length; i++) assert.ok(tops[i]! > tops[i - 1]!, `line ${i} below line ${i - 1}: ${tops.join(', ')}`);
    assert.equal(await row.locator('img').count(), 0);
    const icmp = page.locator('#findings tr.f', { hasText: ICMP }).locator('td.val').first();
    assert.equal(await icmp.locator('ul').count(), 0);
    assert.equal(await icmp.textContent(), '[10.0.0.1, 10.0.0.2, 10.0.0.9]');
    assert.equal(await page.evaluate('typeof window.__pwned'), 'undefined');
    assert.deepEqual(dialogs, []);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
