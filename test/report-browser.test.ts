// The HTML report in a real browser (Debian's Chromium via playwright-core): filters, keyboard, no script from values, no network.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { formatHtml } from '../src/report/html/index.js';
import { formatJunit } from '../src/report/junit.js';
import { hostileImg, hostileScript, manyFindings, nonLatin, sampleResult } from './report-fixture.js';
import { chromiumArgs, chromiumPath, missing } from './prerequisites.js';


interface Session {
  context: BrowserContext;
  page: Page;
  url: string;
  /** Every URL the page asked for other than itself. */
  fetched: string[];
  dialogs: string[];
  errors: string[];
  dir: string;
}

async function open(t: TestContext, html: string): Promise<Session | undefined> {
  const why = missing('chromium');
  if (why !== false) {
    t.skip(why);
    return undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-browser-'));
  const file = join(dir, 'report.html');
  writeFileSync(file, html);
  const url = pathToFileURL(file).href;
  const context = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: chromiumPath, headless: true, args: chromiumArgs, viewport: { width: 1280, height: 900 } });
  const s: Session = { context, page: context.pages()[0] ?? (await context.newPage()), url, fetched: [], dialogs: [], errors: [], dir };
  context.on('request', (req) => {
    if (req.url() !== url) s.fetched.push(req.url());
  });
  await context.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
  s.page.on('dialog', (d) => {
    s.dialogs.push(d.message());
    void d.dismiss();
  });
  s.page.on('pageerror', (e) => s.errors.push(e.message));
  s.page.on('console', (m) => {
    if (m.type() === 'error') s.errors.push(m.text());
  });
  await s.page.goto(url);
  return s;
}

async function close(s: Session): Promise<void> {
  await s.context.close();
  rmSync(s.dir, { recursive: true, force: true });
}

const visibleRows = (page: Page): Promise<number> => page.locator('#findings tr.f').count();
// The page functions below run in the browser; this test is compiled without the DOM library.
declare const document: { querySelectorAll(selector: string): { length: number } };
declare class DOMParser {
  parseFromString(text: string, type: string): { getElementsByTagName(name: string): { length: number; [i: number]: { getAttribute(name: string): string | null } | undefined } };
}

/** Waits (in the page) until the table lists `n` rows. A function, not a string: the report's CSP forbids eval. */
const rowsToBe = (page: Page, n: number, timeout = 10_000) => page.waitForFunction((count) => document.querySelectorAll('#findings tr.f').length === count, n, { timeout });

test('html in Chromium: filters change the visible rows; keyboard works; no script runs from values; nothing is fetched', { timeout: 120_000 }, async (t) => {
  const s = await open(t, formatHtml(sampleResult()));
  if (!s) return;
  try {
    const { page } = s;
    // Passing checks start hidden while something needs attention.
    assert.equal(await visibleRows(page), 7);
    assert.equal(await page.locator('#shown-count').textContent(), 'Showing 7 of 8');

    const steps: [string, () => Promise<void>, number][] = [
      ['severity Blocker off', () => page.click('button.chip[data-kind="sev"][data-value="blocker"]'), 4],
      ['status Pass on', () => page.click('button.chip[data-kind="st"][data-value="pass"]'), 5],
      ['category storage', async () => void (await page.selectOption('#filter-category', 'storage')), 1],
      ['category all', async () => void (await page.selectOption('#filter-category', '')), 5],
      ['search "version"', () => page.fill('#filter-search', 'version'), 1],
      ['search cleared with Escape', () => page.locator('#filter-search').press('Escape'), 5],
      ['severity Blocker on', () => page.click('button.chip[data-kind="sev"][data-value="blocker"]'), 8],
      ['status Fail off', () => page.click('button.chip[data-kind="st"][data-value="fail"]'), 3],
    ];
    for (const [name, act, expected] of steps) {
      await act();
      await rowsToBe(page, expected).catch(() => undefined);
      assert.equal(await visibleRows(page), expected, name);
    }
    await page.click('button.chip[data-kind="st"][data-value="fail"]');

    // Keyboard: "/" focuses the search; Tab reaches a detail toggle; Enter opens it.
    await page.keyboard.press('/');
    assert.equal(await page.evaluate('document.activeElement && document.activeElement.id'), 'filter-search');
    await page.keyboard.type('locations');
    await rowsToBe(page, 1);
    const toggle = page.locator('#findings tr.f button.toggle');
    await toggle.focus();
    await page.keyboard.press('Enter');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    const detail = page.locator('#findings tr.detail');
    assert.equal(await detail.count(), 1);

    // Hostile values show as text, in the row and in the detail, and run nothing.
    const cells = await page.locator('#findings tr.f td.val code').allTextContents();
    assert.deepEqual(cells, [hostileScript, hostileImg]);
    assert.ok((await detail.textContent())!.includes(hostileScript));
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.evaluate('typeof window.__pwned'), 'undefined');
    assert.deepEqual(s.dialogs, []);

    // A detail with a list value shows the line diff.
    await page.locator('#filter-search').press('Escape');
    await page.locator('#findings tr.f[data-i="1"] button.toggle').click();
    const diff = await page.locator('#findings tr.detail pre.diff').first().textContent();
    assert.match(diff!, /- 10\.0\.0\.2/);
    assert.match(diff!, /\+ 10\.0\.0\.3/);
    assert.ok((await page.textContent('body'))!.includes(nonLatin));

    const shot = join(s.dir, 'report.png');
    await page.screenshot({ path: shot, fullPage: false });
    const png = readFileSync(shot);
    assert.equal(png.subarray(1, 4).toString(), 'PNG');
    assert.ok(png.length > 10_000, 'screenshot looks empty');

    // The JUnit XML of hostile values parses as well-formed XML in the browser's own parser.
    const junit = formatJunit(sampleResult([{ ...sampleResult().findings[0]!, message: `bell\u0007 ${hostileScript} ${hostileImg} ]]> &amp;`, values: { main: hostileImg, 'standby-a': '\uD800' } }]));
    const parsed = await page.evaluate((xml) => {
      const doc = new DOMParser().parseFromString(xml, 'application/xml');
      return { error: doc.getElementsByTagName('parsererror').length, failure: doc.getElementsByTagName('failure')[0]?.getAttribute('message') ?? null };
    }, junit);
    assert.deepEqual(parsed, { error: 0, failure: `bell ${hostileScript} ${hostileImg} ]]> &amp;` });

    assert.deepEqual(s.fetched, [], 'the report fetched something');
    assert.deepEqual(s.errors, [], 'console errors (a CSP violation means an inline hash is wrong)');
  } finally {
    await close(s);
  }
});

test('html in Chromium: 10,000 findings open and filter', { timeout: 180_000 }, async (t) => {
  const s = await open(t, formatHtml(sampleResult(manyFindings(10_000))));
  if (!s) return;
  try {
    const { page } = s;
    // 10,000 findings, of which the first page of non-passing ones is listed.
    assert.match((await page.locator('#shown-count').textContent())!, /^Showing \d+ of 10000 \(first 500 listed\)$/);
    assert.equal(await visibleRows(page), 500);
    await page.click('#show-more');
    await rowsToBe(page, 1000, 60_000);
    await page.click('button.chip[data-kind="sev"][data-value="info"]');
    await page.fill('#filter-search', 'driver00042');
    await rowsToBe(page, 1, 60_000);
    assert.equal(await page.locator('#shown-count').textContent(), 'Showing 1 of 10000');
    await page.locator('#findings tr.f button.toggle').click();
    assert.equal(await page.locator('#findings tr.detail').count(), 1);
    assert.deepEqual(s.fetched, []);
    assert.deepEqual(s.errors, []);
  } finally {
    await close(s);
  }
});
