// The fleet HTML report in a real browser (Debian's Chromium via playwright-core): sorting, filtering, links to each pair, no script from names, no network.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { parseInventory } from '../src/fleet/inventory.js';
import { auditFleet } from '../src/fleet/run.js';
import { renderFleet } from '../src/report/fleet/index.js';
import { fixturePair } from './report-fixture.js';
import { chromiumArgs, chromiumPath, missing } from './prerequisites.js';

const fixtures = resolve('fixtures');
const skip = missing('chromium', 'fixtures');

const inventory = [
  'sites:',
  '  - name: North',
  '    pairs:',
  ...fixturePair('healthy', 'healthy'),
  ...fixturePair('db-port', 'drift-db-port'),
  '  - name: "South <img src=x onerror=alert(1)>"',
  '    pairs:',
  ...fixturePair('compression', 'drift-compression'),
  ...fixturePair('broken', 'healthy', undefined, { 'standby-a': 'healthy/no-such-folder' }),
].join('\n');

// Browser code runs in Chromium; this test is compiled without the DOM library.
declare const document: {
  querySelectorAll(s: string): ArrayLike<{ hidden: boolean; dataset: Record<string, string>; getBoundingClientRect(): { top: number } }>;
  getElementById(id: string): { getBoundingClientRect(): { top: number } } | null;
  querySelector(s: string): { checkVisibility(o: { contentVisibilityAuto: boolean }): boolean } | null;
};
declare const location: { hash: string };

test('the fleet summary sorts, filters and links to each pair, with no script from names and no fetch', { skip }, async () => {
  const result = await auditFleet(parseInventory(inventory, 'fleet.yaml', fixtures), { now: new Date('2026-11-25T12:00:00Z'), toolVersion: '0.0.0-test' }, { jobs: 1 });
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-fleet-browser-'));
  const file = join(dir, 'fleet.html');
  writeFileSync(file, (await renderFleet(result, 'html', { color: false })) as string);
  const url = pathToFileURL(file).href;
  const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    viewport: { width: 1280, height: 900 },
  });
  const fetched: string[] = [];
  const dialogs: string[] = [];
  const errors: string[] = [];
  try {
    context.on('request', (r) => void (r.url() !== url && !r.url().startsWith(`${url}#`) && fetched.push(r.url())));
    await context.route('**/*', (route) => (route.request().url().startsWith(url) ? route.continue() : route.abort()));
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    await page.goto(url);

    const order = (): Promise<string[]> => page.evaluate(() => Array.from(document.querySelectorAll('#pairs tbody tr')).filter((r) => !r.hidden).map((r) => r.dataset.pair));
    assert.deepEqual(await order(), ['broken', 'db-port', 'compression', 'healthy'], 'worst first (as the text report), inventory order within');

    const blockers = page.locator('#pairs th button[data-key="blocker"]');
    await blockers.click();
    assert.equal(await page.locator('#pairs th:has(button[data-key="blocker"])').getAttribute('aria-sort'), 'ascending');
    await blockers.click();
    assert.equal(await page.locator('#pairs th:has(button[data-key="blocker"])').getAttribute('aria-sort'), 'descending');
    assert.equal((await order())[0], 'db-port', 'most blockers first');

    // Keyboard: the column headings are buttons.
    await page.locator('#pairs th button[data-key="outcome"]').focus();
    await page.keyboard.press('Enter');
    assert.equal((await order())[0], 'broken', 'errors sort first by outcome');

    await page.fill('#pair-filter', 'south');
    assert.deepEqual((await order()).sort(), ['broken', 'compression']);
    await page.fill('#pair-filter', '');

    await page.locator('#pairs a[href="#pair-1"]').click();
    assert.equal(await page.evaluate(() => location.hash), '#pair-1');
    const top = await page.evaluate(() => document.getElementById('pair-1')?.getBoundingClientRect().top ?? -1);
    assert.ok(top > -5 && top < 200, `the pair's section is scrolled into view (top ${top})`);
    // A pair's section is rendered only near the viewport (content-visibility: auto), and innerText of a
    // section not rendered yet has no text: scroll to it and wait until its heading is rendered, then read.
    const rendered = async (id: string): Promise<string> => {
      await page.locator(`#${id}`).scrollIntoViewIfNeeded();
      await page.waitForFunction((sel) => document.querySelector(sel)?.checkVisibility({ contentVisibilityAuto: true }) === true, `#${id} h2`);
      return page.locator(`#${id}`).innerText();
    };
    assert.ok((await rendered('pair-1')).includes('db.port'), "the pair's section lists its findings");
    assert.ok((await rendered('pair-3')).includes('Not audited'), 'the broken pair says why');

    assert.deepEqual(dialogs, [], 'no script ran from a name');
    assert.deepEqual(fetched, [], 'nothing fetched');
    assert.deepEqual(errors, [], 'no script error and no CSP violation');
    await page.screenshot({ path: join(dir, 'fleet.png') });
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
