// Long values, direction: a value holding right-to-left text is shown quoted in every format but JSON (where each
// starts and ends stays visible); the HTML report puts each quoted text in a <bdi>, the Markdown each quoted text
// holding such letters in a <span dir="auto">, and the PDF lays out a word's right-to-left letters apart from its
// brackets and commas, so that Hebrew or Arabic in a value cannot take the quotes, commas and arrows around it into
// its direction (`["א", "ב"]` read as `["ב", "א"]`, a change `א → ב` as `ב → א`). Bidi controls stay escaped as the
// invisible characters are (sanitize.ts). HTML and Markdown (rendered by cmark-gfm) are checked in Chromium: where
// each value is drawn on the line.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import PDFDocument from 'pdfkit';
import { PdfFonts } from '../src/report/pdf/fonts.js';
import { renderAudit, type FormatName } from '../src/report/index.js';
import { buildChangeRecordView, renderChanges } from '../src/report/changes/index.js';
import { isolatedHtml } from '../src/report/html/page.js';
import { escapeMarkdown, markdownCode } from '../src/report/escape.js';
import { spawnSync } from 'node:child_process';
import type { DisplayValue, Finding } from '../src/types.js';
import { sampleFindings, sampleResult } from './report-fixture.js';
import { chromiumArgs, chromiumPath, dejavuSans, missing } from './prerequisites.js';

const A = 'שרת-א';
const B = 'שרת-ב';
const list = (items: string[]): string => `[${items.map((i) => JSON.stringify(i)).join(', ')}]`;

/** A finding as the engine writes it: the values in its message in JSON's quotes. */
function rtlFindings(): Finding[] {
  return sampleFindings().map((f, i) =>
    i === 0
      ? {
          ...f,
          values: { main: [A, B], 'standby-a': [B, A] },
          message: `db.port: Standby A has ${list([B, A])}, Main has ${list([A, B])}`,
          attribution: [{ role: 'standby-a' as const, server: 'SCADA-B', from: 'אבג', to: 'דהו', firstSeen: '2026-11-20T08:00:00.000Z' }],
        }
      : f,
  );
}

function changes(from: DisplayValue, to: DisplayValue) {
  const row = { id: '2.1', seq: 2, server: 'A', host: 'a', setting: 'reg:K\\V', kind: 'changed' as const, from, to, firstSeen: '2026-11-21T08:00:00.000Z', previousCollectedAt: '2026-11-20T08:00:00.000Z', recordedAt: '2026-11-21T08:01:00.000Z', recordedBy: 'ops', notes: [], documented: false };
  return buildChangeRecordView({ rows: [row], head: { seq: 9, hash: 'ab'.repeat(32) }, entries: 9, generatedAt: '2026-11-25T12:00:00.000Z', tool: { name: 'pairaudit', version: '0.1.0' } });
}

/** What each text format shows of the values and the change: every right-to-left text in quotes. */
const QUOTED: { format: FormatName; shows: string[] }[] = [
  { format: 'text', shows: [list([A, B]), list([B, A]), '"אבג" → "דהו"'] },
  // A list's items in quotes, each isolated, in code (a table cell), and the change.
  { format: 'markdown', shows: [`<code>\\[<span dir="auto">"${A}"</span>, <span dir="auto">"${B}"</span>\\]</code>`, `<code>\\[<span dir="auto">"${B}"</span>, <span dir="auto">"${A}"</span>\\]</code>`, '<span dir="auto">"אבג"</span> → <span dir="auto">"דהו"</span>'] },
  { format: 'junit', shows: [`Main (SCADA-A): ${list([A, B])}`.replace(/"/g, '&quot;'), `Standby A (SCADA-B): ${list([B, A])}`.replace(/"/g, '&quot;'), '&quot;אבג&quot; → &quot;דהו&quot;'] },
];
for (const c of QUOTED)
  test(`right-to-left values are shown quoted: audit ${c.format}`, async () => {
    const out = (await renderAudit(sampleResult(rtlFindings()), c.format, { color: false, width: 200 })) as string;
    for (const s of c.shows) assert.ok(out.includes(s), `${c.format} shows ${s}`);
  });

test('right-to-left values are shown quoted: change record text and Markdown', async () => {
  for (const format of ['text', 'markdown'] as const) {
    const out = (await renderChanges(changes('אבג', 'דהו'), format, { color: false, width: 200 })) as string;
    assert.ok(out.includes('"אבג"') && out.includes('"דהו"'), format);
  }
});

test('values without right-to-left text read as before (no quotes added)', async () => {
  const out = (await renderAudit(sampleResult(), 'text', { color: false, width: 200 })) as string;
  assert.ok(out.includes('[10.0.0.1, 10.0.0.2, 10.0.0.9]'));
});

/** Bidi controls in a value or a message are shown as escapes in every format but JSON, none written as it is. */
const CONTROLS = '\u202e\u2067\u2066\u2068\u2069\u200f\u061c';
for (const format of ['text', 'markdown', 'junit', 'html'] as const)
  test(`bidi controls in a value and its message are escaped: audit ${format}`, async () => {
    const findings = sampleFindings().map((f, i) => (i === 0 ? { ...f, values: { main: `a${CONTROLS}b`, 'standby-a': 'x' }, message: `db.port: Standby A has "x", Main has "a${CONTROLS}b"` } : f));
    const out = (await renderAudit(sampleResult(findings), format, { color: false })) as string;
    assert.doesNotMatch(out, /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
    assert.ok(out.replace(/\\\\/g, '\\').includes('\\u202e\\u2067\\u2066\\u2068\\u2069\\u200f\\u061c'), format);
  });

/** Markdown: each quoted text holding right-to-left letters in a `<span dir="auto">` (GitHub keeps span and dir). */
const MARKDOWN: { name: string; text: string; md: string }[] = [
  { name: 'a message', text: 'has ["א", "b"], Main has "x"', md: 'has \\[<span dir="auto">"א"</span>, "b"\\], Main has "x"' },
  { name: 'a change', text: '"אבג" → "דהו", first seen', md: '<span dir="auto">"אבג"</span> → <span dir="auto">"דהו"</span>, first seen' },
  { name: 'markup inside is escaped', text: '"<b>א_</b>"', md: '<span dir="auto">"&lt;b&gt;א\\_&lt;/b&gt;"</span>' },
  { name: 'no right-to-left text: as before', text: 'has ["a", "b"]', md: 'has \\["a", "b"\\]' },
];
for (const c of MARKDOWN) test(`escapeMarkdown isolates right-to-left values: ${c.name}`, () => assert.equal(escapeMarkdown(c.text), c.md));

test('markdownCode: a value holding right-to-left text is code in HTML, its quoted texts isolated', () => {
  assert.equal(markdownCode(list([A, B])), `<code>\\[<span dir="auto">"${A}"</span>, <span dir="auto">"${B}"</span>\\]</code>`);
  assert.equal(markdownCode('["a", "b"]'), '`["a", "b"]`');
});

const ISOLATED: { name: string; text: string; html: string }[] = [
  { name: 'each quoted text', text: 'has ["א", "ב"], Main has "x"', html: 'has [<bdi>&quot;א&quot;</bdi>, <bdi>&quot;ב&quot;</bdi>], Main has <bdi>&quot;x&quot;</bdi>' },
  { name: 'an escaped quote stays inside', text: 'v "a\\"b" w', html: 'v <bdi>&quot;a\\&quot;b&quot;</bdi> w' },
  { name: 'markup in a value is escaped inside', text: '"<b>"', html: '<bdi>&quot;&lt;b&gt;&quot;</bdi>' },
  { name: 'no quotes: escaped text', text: 'a < b', html: 'a &lt; b' },
];
for (const c of ISOLATED) test(`isolatedHtml: ${c.name}`, () => assert.equal(isolatedHtml(c.text), c.html));

/**
 * In the page: the left edge (CSS px) of the `nth` occurrence of `text` in the element `selector` that holds `within`,
 * through a Range over its text nodes (a <bdi> splits them). A string, as the browser tests pass their page code.
 */
const LEFT_OF = `window.__leftOf = (selector, within, text, nth) => {
  const el = [...document.querySelectorAll(selector)].find((e) => e.textContent.includes(within));
  if (!el) return null;
  const nodes = [];
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) nodes.push(walker.currentNode);
  const all = nodes.map((n) => n.data).join('');
  let at = -1;
  for (let k = 0; k <= nth; k++) at = all.indexOf(text, at + 1);
  if (at < 0) return null;
  const place = (offset) => { for (const n of nodes) { if (offset <= n.data.length) return [n, offset]; offset -= n.data.length; } };
  const range = document.createRange();
  range.setStart(...place(at));
  range.setEnd(...place(at + text.length));
  return range.getBoundingClientRect().left;
}`;

async function inChromium(t: TestContext, html: string, check: (left: (selector: string, within: string, text: string, nth?: number) => Promise<number>, page: import('playwright-core').Page) => Promise<void>): Promise<void> {
  const why = missing('chromium');
  if (why !== false) return void t.skip(why);
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-bidi-'));
  const file = join(dir, 'report.html');
  writeFileSync(file, html);
  const context = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: chromiumPath, headless: true, args: chromiumArgs, viewport: { width: 1600, height: 1000 } });
  try {
    await context.route('**/*', (route) => (route.request().url() === pathToFileURL(file).href ? route.continue() : route.abort()));
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(pathToFileURL(file).href);
    await page.evaluate(LEFT_OF);
    const left = async (selector: string, within: string, text: string, nth = 0): Promise<number> => {
      const x = (await page.evaluate(`window.__leftOf(${JSON.stringify(selector)}, ${JSON.stringify(within)}, ${JSON.stringify(text)}, ${nth})`)) as number | null;
      assert.ok(x !== null, `${text} in ${selector}`);
      return x;
    };
    await check(left, page);
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('html in Chromium: a message, a value and a change read in order with right-to-left values', { timeout: 120_000 }, async (t) => {
  const html = (await renderAudit(sampleResult(rtlFindings()), 'html', { color: false })) as string;
  await inChromium(t, html, async (left, page) => {
    await page.locator('#findings tr.f button.toggle').first().click();
    // The message: Standby A has [B, A], Main has [A, B]; each list's first item is drawn left of its second.
    const finding = 'Standby A has';
    assert.ok((await left('dd', finding, B, 0)) < (await left('dd', finding, A, 0)), 'Standby A: B before A');
    assert.ok((await left('dd', finding, A, 1)) < (await left('dd', finding, B, 1)), 'Main: A before B');
    // The value cells: Main [A, B].
    assert.ok((await left('td.val code', A, A)) < (await left('td.val code', A, B)), 'the Main cell: A before B');
    // The change: from אבג to דהו, the arrow between them.
    assert.ok((await left('dd', 'SCADA-B (Standby A)', 'אבג')) < (await left('dd', 'SCADA-B (Standby A)', '→')), 'before, then the arrow');
    assert.ok((await left('dd', 'SCADA-B (Standby A)', '→')) < (await left('dd', 'SCADA-B (Standby A)', 'דהו')), 'the arrow, then after');
  });
});

test('Markdown rendered by GitHub\'s parser (cmark-gfm), in Chromium: each value cell and the change read in order', { timeout: 120_000 }, async (t) => {
  const md = (await renderAudit(sampleResult(rtlFindings()), 'markdown', { color: false })) as string;
  const absent = missing('cmarkGfm');
  if (absent !== false) return t.skip(absent);
  const gfm = spawnSync('cmark-gfm', ['-e', 'table', '-e', 'autolink', '--unsafe'], { input: md, encoding: 'utf8' });
  assert.equal(gfm.status, 0, gfm.stderr);
  await inChromium(t, `<!doctype html><meta charset="utf-8"><body style="width:3000px">${gfm.stdout}`, async (left) => {
    assert.ok((await left('td', list([A, B]), A)) < (await left('td', list([A, B]), B)), 'Main: A before B');
    assert.ok((await left('td', list([B, A]), B)) < (await left('td', list([B, A]), A)), 'Standby A: B before A');
    assert.ok((await left('td', 'SCADA-B (Standby A)', 'אבג')) < (await left('td', 'SCADA-B (Standby A)', 'דהו')), 'the change: before, then after');
  });
});

test('html in Chromium: a change record\'s list value reads in order', { timeout: 120_000 }, async (t) => {
  const html = (await renderChanges(changes([A, B], [B]), 'html', { color: false })) as string;
  await inChromium(t, html, async (left) => {
    assert.ok((await left('td.val code', A, A)) < (await left('td.val code', A, B)), 'before: A, then B');
  });
});

test('html in Chromium: a URL, www host or e-mail address in a value or message is no link', { timeout: 120_000 }, async (t) => {
  const findings = sampleFindings().map((f, i) => (i === 0 ? { ...f, values: { main: 'https://evil.example/x', 'standby-a': 'www.evil.example' }, message: 'db.port: Standby A has "www.evil.example", Main has "https://evil.example/x"; ops@evil.example' } : f));
  await inChromium(t, (await renderAudit(sampleResult(findings), 'html', { color: false })) as string, async (_left, page) => {
    await page.locator('#findings tr.f button.toggle').first().click();
    assert.equal(await page.locator('a[href*="evil.example"]').count(), 0);
    assert.ok((await page.locator('#findings').textContent())!.includes('https://evil.example/x'));
  });
});

/**
 * The PDF: pdfkit lays out each word as one run, in the direction of its first script, so `["שרת-א",` was drawn
 * reversed with its bracket mirrored. What the glyphs of a word are, in the order drawn (left to right): the
 * bracket and quote first, the Hebrew letters right to left (the last one leftmost), then the quote and comma.
 */
const WORDS: { name: string; word: string; drawn: string }[] = [
  { name: 'a list item with its bracket, quotes and comma', word: '["שרת-א",', drawn: '["א-תרש",' },
  { name: 'the last item of a list', word: '"שרת-ב"]', drawn: '"ב-תרש"]' },
  { name: 'a quoted word', word: '"אבג"', drawn: '"גבא"' },
  { name: 'a word without right-to-left text as it is', word: '["a→b",', drawn: '["a→b",' },
];
for (const w of WORDS)
  test(`pdf: right-to-left text in a word is drawn in its place: ${w.name}`, (t) => {
    const why = missing('dejavu');
    if (why !== false) return t.skip(why);
    const doc = new PDFDocument({ autoFirstPage: false });
    const fonts = new PdfFonts(doc, { regular: { path: dejavuSans } });
    const shown = fonts.use(w.word);
    const font = (doc as unknown as { _font: { layout(text: string): { glyphs: { codePoints: number[] }[] } } })._font;
    const drawn = font.layout(shown).glyphs.map((g) => String.fromCodePoint(...g.codePoints)).join('');
    assert.equal(drawn, w.drawn);
  });
