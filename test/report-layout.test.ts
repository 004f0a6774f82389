// Layout from 800 px up and in print: long setting names, paths and timestamps break at separators (`.`, `\`,
// `/`, or a space), never inside a word: the audit findings table and the fleet tables measured in Chromium,
// the PDF tables read back with pdftotext.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { formatHtml } from '../src/report/html/index.js';
import { breakSegments } from '../src/report/breaks.js';
import { breakableHtml } from '../src/report/html/page.js';
import { renderAudit } from '../src/report/index.js';
import { renderFleet } from '../src/report/fleet/index.js';
import { parseInventory } from '../src/fleet/inventory.js';
import { auditFleet } from '../src/fleet/run.js';
import type { AuditResult, Finding } from '../src/types.js';
import { fixturePair, pdfText, sampleFindings, sampleResult } from './report-fixture.js';
import { runCli } from './cli-harness.js';
import { chromiumArgs, chromiumPath, missing } from './prerequisites.js';

const fixtures = resolve('fixtures');

/** Findings with the long names a real export holds: nested settings, registry paths, Windows paths. */
function longNames(): AuditResult {
  const base = sampleFindings()[0]!;
  const extra: Finding[] = [
    {
      ...base,
      ruleId: 'historic-storage',
      setting: 'historic.configurationChanges.archiveTimeDaysOffsetMinutes',
      values: { main: 'D:\\ClearSCADA\\Database\\Historic\\ConfigurationChanges\\Archive', 'standby-a': 'E:\\ClearSCADA\\Database\\Historic\\ConfigurationChanges\\Archive' },
      message: 'historic.configurationChanges.archiveTimeDaysOffsetMinutes differs: Main D:\\ClearSCADA\\Database\\Historic, Standby A E:\\ClearSCADA\\Database\\Historic',
      attribution: undefined,
    },
    {
      ...base,
      ruleId: 'partners-link-other-values',
      setting: 'reg:Partners\\StandbyA\\BackupConnection\\IcmpMonitorSecondary',
      values: { main: '10.20.30.40', 'standby-a': '10.20.30.41' },
      message: 'reg:Partners\\StandbyA\\BackupConnection\\IcmpMonitorSecondary differs between Main and Standby A',
      attribution: undefined,
    },
  ];
  // The hostile-text finding is left out: a 40-character script is one token wider than any column, which
  // must break somewhere (its escaping is tested elsewhere).
  return sampleResult([...sampleFindings().filter((f) => f.ruleId !== 'locations-match'), ...extra]);
}

// Browser code runs in Chromium; this test is compiled without the DOM library.
interface Rect {
  top: number;
  bottom: number;
}
interface El {
  textContent: string | null;
  getBoundingClientRect(): { width: number };
}
interface TextNode {
  data: string;
}
interface PageRange {
  setStart(n: TextNode, i: number): void;
  setEnd(n: TextNode, i: number): void;
  selectNodeContents(e: El): void;
  getClientRects(): ArrayLike<Rect>;
}
declare const document: {
  querySelector(selector: string): { parentElement: { scrollWidth: number; clientWidth: number } | null } | null;
  querySelectorAll(selector: string): ArrayLike<El & { style: Record<string, string> }>;
  createTreeWalker(root: El, what: number): { nextNode(): TextNode | null };
  createRange(): PageRange;
  documentElement: { scrollWidth: number };
};

interface Breaks {
  cells: number;
  /** Tokens (runs of letters and digits) measured. */
  tokens: number;
  /** Elements of `wrapSelector` inside the cells whose text runs over more than one line. */
  wrapped: number;
  /** Tokens drawn on more than one line: each with its cell's text. */
  midToken: string[];
}

/**
 * Measures, in the page, whether any word of the cells matching `selector` is broken across lines. A token is
 * a run of letters and digits (a break after `.`, `\`, `/`, `-` or at a space is allowed); its Range's client
 * rectangles lie on one line unless the browser broke it inside. One Range per token, not per character: a
 * few hundred layout queries for a page. `wrapSelector` counts the elements (names, values) that wrapped at
 * all, so that a layout wide enough never to wrap cannot pass for one that breaks well.
 */
function lineBreaks(page: Page, selector: string, wrapSelector: string): Promise<Breaks> {
  return page.evaluate(([sel, wrapSel]) => {
    // Letters and digits of scripts written with spaces; Chinese and Japanese lines break between characters.
    const token = /(?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])[\p{L}\p{N}])+/gu;
    // (No named function in here: tsx wraps named functions in a helper the page lacks.)
    const out = { cells: 0, tokens: 0, wrapped: 0, midToken: [] as string[] };
    const range = document.createRange();
    const cells = document.querySelectorAll(sel);
    for (let c = 0; c < cells.length; c++) {
      out.cells++;
      const walker = document.createTreeWalker(cells[c]!, 4 /* NodeFilter.SHOW_TEXT */);
      for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
        for (const m of node.data.matchAll(token)) {
          if (m[0].length < 2) continue;
          out.tokens++;
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          const rects = Array.from(range.getClientRects());
          if (rects.some((r) => Math.abs(r.top - rects[0]!.top) >= 2)) out.midToken.push(`${m[0]} in "${cells[c]!.textContent ?? ''}"`);
        }
      }
    }
    const wrappers = document.querySelectorAll(wrapSel);
    for (let w = 0; w < wrappers.length; w++) {
      range.selectNodeContents(wrappers[w]!);
      const rects = Array.from(range.getClientRects());
      if (rects.some((r) => Math.abs(r.top - rects[0]!.top) >= 2)) out.wrapped++;
    }
    return out;
  }, [selector, wrapSelector] as const);
}

async function withPage(t: TestContext, html: string, width: number, body: (page: Page, dir: string) => Promise<void>): Promise<void> {
  const why = missing('chromium');
  if (why !== false) return t.skip(why);
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-layout-'));
  const file = join(dir, 'report.html');
  writeFileSync(file, html);
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
  try {
    const page = await browser.newPage({ viewport: { width, height: 1000 } });
    await page.goto(pathToFileURL(file).href);
    await body(page, dir);
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('where a long name may break: after . : \\ / with more text to follow; numbers, timestamps and words stay whole', () => {
  const cases: [string, string[]][] = [
    ['historic.historicData.keepOnlineWeeks', ['historic.', 'historicData.', 'keepOnlineWeeks']],
    ['reg:Partners\\StandbyA\\BackupConnection', ['reg:', 'Partners\\', 'StandbyA\\', 'BackupConnection']],
    ['D:\\ClearSCADA\\Database\\', ['D:\\', 'ClearSCADA\\', 'Database\\']],
    ['/srv/pairs/north', ['/', 'srv/', 'pairs/', 'north']],
    ['10.30.1.19', ['10.30.1.19']],
    ['6.84.8512.1', ['6.84.8512.1']],
    ['2026-11-25T11:50:00.000Z', ['2026-11-25T11:50:00.000Z']],
    ['partners.standbyB.1', ['partners.', 'standbyB.', '1']],
    ['scada-t3.ops.example.net', ['scada-t3.', 'ops.', 'example.', 'net']],
    ['standby-a:partners.standbyB.address', ['standby-a:', 'partners.', 'standbyB.', 'address']],
    ['fe80::250:56ff:fea1:2b0d', ['fe80::', '250:56ff:', 'fea1:2b0d']],
    ['https://vendor.example/help', ['https://', 'vendor.', 'example/', 'help']],
    ['sha256:3f6c0e1a9b8d', ['sha256:3f6c0e1a9b8d']],
    ['Ends with a dot. Then more', ['Ends with a dot. Then more']],
    ['..\\..\\up', ['..\\..\\', 'up']],
    ['keepOnlineWeeks', ['keepOnlineWeeks']],
    ['', ['']],
  ];
  for (const [text, parts] of cases) {
    assert.deepEqual(breakSegments(text), parts, text);
    assert.equal(parts.join(''), text);
  }
  // In HTML, each place gets a <wbr>, and every part is escaped.
  assert.equal(breakableHtml('a.<b>\\c&d'), 'a.<wbr>&lt;b&gt;\\<wbr>c&amp;d');
});

const pageWidth = (page: Page): Promise<number> => page.evaluate(() => document.documentElement.scrollWidth);

test('audit HTML at 800 px: setting names, values and messages in the findings table break at separators, never mid-word', { timeout: 300_000 }, async (t) => {
  await withPage(t, formatHtml(longNames()), 800, async (page) => {
    await page.locator('#findings tr.f').first().waitFor();
    const b = await lineBreaks(page, '#findings tr.f td', '#findings tr.f td code');
    assert.ok(b.cells >= 9 * 6, `measured ${b.cells} cells`);
    assert.ok(b.wrapped >= 3, `long names and paths wrapped at 800 px (${b.wrapped}; else this test measures nothing)`);
    assert.deepEqual(b.midToken, []);
    // The table fits the window: no column pushed off the side, and the table's own box need not scroll.
    assert.ok((await pageWidth(page)) <= 800, `the page is ${await pageWidth(page)} px wide`);
    const box = await page.evaluate(() => {
      const e = document.querySelector('#findings')!.parentElement!;
      return { scroll: e.scrollWidth, client: e.clientWidth };
    });
    assert.ok(box.scroll <= box.client, `the findings table is ${box.scroll} px wide in ${box.client} px`);
  });
});

test('audit HTML at 800 px, a triple-standby pair with every check listed: three value columns fit (IPv6 addresses break after `:`), no word broken', { timeout: 300_000, skip: missing('fixtures') }, async (t) => {
  const servers = ['main', 'standby-a', 'standby-b'].map((r) => join(fixtures, 'pairs', 'drift-triple-b-link', r));
  const audit = await runCli(['audit', ...servers, '-f', 'html'], { cwd: fixtures });
  assert.equal(audit.code, 1, audit.stderr);
  await withPage(t, audit.stdout, 800, async (page) => {
    await page.locator('.chip[data-value="pass"]').click();
    await page.locator('#findings tr.f[data-st="pass"]').first().waitFor();
    const b = await lineBreaks(page, '#findings tr.f td', '#findings tr.f td code');
    assert.ok(b.cells >= 300 * 8, `measured ${b.cells} cells`);
    assert.ok(b.wrapped >= 10, `values and names wrapped at 800 px (${b.wrapped})`);
    assert.deepEqual(b.midToken, []);
    const box = await page.evaluate(() => {
      const e = document.querySelector('#findings')!.parentElement!;
      return { scroll: e.scrollWidth, client: e.clientWidth };
    });
    assert.ok(box.scroll <= box.client, `the findings table is ${box.scroll} px wide in ${box.client} px`);
  });
});

test("fleet HTML at 800 px: the summary holds its columns, and no word in it or in a pair's findings breaks mid-token", { timeout: 300_000, skip: missing('fixtures') }, async (t) => {
  const inventory = [
    'sites:',
    '  - name: North Water Treatment Works',
    '    pairs:',
    ...fixturePair('retention', 'drift-historic-retention'),
    ...fixturePair('compression', 'drift-compression'),
    '  - name: South',
    '    pairs:',
    ...fixturePair('triple', 'drift-triple-b-link', ['main', 'standby-a', 'standby-b']),
    ...fixturePair('healthy', 'healthy'),
  ].join('\n');
  const result = await auditFleet(parseInventory(inventory, 'fleet.yaml', fixtures), { now: new Date('2026-11-25T12:00:00Z'), toolVersion: '0.0.0-test' }, { jobs: 1 });
  await withPage(t, (await renderFleet(result, 'html', { color: false })) as string, 800, async (page) => {
    const columns = await page.locator('#pairs thead th').count();
    const summary = await lineBreaks(page, '#pairs td', '#pairs td.fl-headline');
    assert.equal(summary.cells, 4 * columns);
    assert.deepEqual(summary.midToken, []);
    assert.ok(summary.wrapped >= 1, 'a most serious finding wrapped at 800 px (else this test measures nothing)');
    // Every column keeps at least a short word's width (the most serious finding was ~7 characters wide).
    const widths = await page.evaluate(() => Array.from(document.querySelectorAll('#pairs thead th')).map((th) => Math.round(th.getBoundingClientRect().width)));
    assert.ok(widths.at(-1)! >= 150, `the most serious finding column is ${widths.at(-1)} px wide`);
    assert.ok((await pageWidth(page)) <= 800, `columns ${widths.join(', ')} overflow 800 px`);
    // Pair sections render only near the viewport (content-visibility: auto): render them all to measure.
    await page.evaluate(() => {
      const sections = document.querySelectorAll('section.fl-pair');
      for (let i = 0; i < sections.length; i++) sections[i]!.style.contentVisibility = 'visible';
    });
    const findings = await lineBreaks(page, '.fl-findings td', '.fl-findings td code');
    assert.ok(findings.cells >= 3 * 5, `measured ${findings.cells} cells`);
    assert.ok(findings.wrapped >= 1, 'long names wrapped at 800 px (else this test measures nothing)');
    assert.deepEqual(findings.midToken, []);
    assert.ok((await pageWidth(page)) <= 800, `the page is ${await pageWidth(page)} px wide`);
  });
});

test('PDF tables: setting names break after a separator and timestamps stay whole (pdftotext)', async (t) => {
  const result = longNames();
  // -raw: in drawing order, so a table cell's lines follow each other.
  const text = pdfText((await renderAudit(result, 'pdf', { color: false })) as Uint8Array, '-raw');
  if (text === undefined) return t.skip(missing('pdftotext') || 'pdftotext gave no text');
  const tokens = [...new Set([...result.findings.filter((f) => f.status !== 'pass').map((f) => f.setting), ...result.servers.map((s) => s.collectedAt!)])];
  let wrapped = 0;
  for (const token of tokens) {
    // The token as drawn, allowing a line break between any two of its characters.
    const drawn = new RegExp([...token].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\n?'));
    const m = drawn.exec(text);
    assert.ok(m, `${token} is not in the PDF`);
    const lines = m[0].split('\n');
    if (lines.length > 1) wrapped++;
    for (const line of lines.slice(0, -1)) assert.match(line, /[.\\/]$/, `${token} breaks after "${line}", not at a separator`);
    if (/^\d{4}-\d\d-\d\dT/.test(token)) assert.equal(lines.length, 1, `the timestamp ${token} is broken`);
  }
  assert.ok(wrapped >= 2, 'long setting names wrapped in the PDF (else this test measures nothing)');
});
