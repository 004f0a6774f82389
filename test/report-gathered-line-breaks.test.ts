// A key's settings gathered into one value (unclaimedKeyDiffers, the ambiguity groups) are shown one setting a line.
// A setting's own value may hold a line break (a REG_MULTI_SZ item written by a tool with CR/LF in it; a result file
// edited to hold a text where the engine writes lines), and what follows it (`Port = 5999`) read as another setting
// of the key: the PDF, the HTML cells and the Markdown table started a new line there, the text format a space,
// JUnit alone showed ⏎. Now the view model gives each setting one line, a line break in it shown as ⏎ (display.ts
// settingLines), and every format shows that line; JSON keeps the value as it is.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { AuditResult, Finding } from '../src/types.js';
import { renderAudit } from '../src/report/index.js';
import { renderFleet } from '../src/report/fleet/index.js';
import { buildAuditView } from '../src/report/view.js';
import { pdfText, sampleFindings, sampleResult } from './report-fixture.js';
import { runCli, writeFleetInventory } from './cli-harness.js';
import { chromiumArgs, chromiumPath, missing } from './prerequisites.js';
import { GATHERED_SETTING, fleetOf, gatheredFinding, writeOtherLayoutPair } from './report-gathered-fixture.js';
import { assertOneLineEach as assertShared } from './report-reader-lines.js';

/** A line of a report that starts with a forged setting: what follows a line break inside a setting's value. */
const FORGED = /^(?:Port = 5999|BackupPort = 5998|LinkName = forged|LinkPassword =)/;

type Format = 'text' | 'json' | 'junit' | 'markdown' | 'html' | 'pdf';

/** Asserts that no line of `out` reads as a forged setting and that each expected setting is shown on one line (test/report-reader-lines.ts). */
function assertOneLineEach(format: Format | 'fleet-html', out: string, shown: readonly string[]): void {
  assertShared(format === 'fleet-html' ? 'markup' : format, out, FORGED, shown);
}

/** The report in `format` as text (a PDF through pdftotext), or undefined when pdftotext is not installed. */
async function rendered(result: AuditResult, format: Format): Promise<string | undefined> {
  const out = await renderAudit(result, format, { color: false, width: 100 });
  return typeof out === 'string' ? out : pdfText(out);
}

// [what, message id, values (as a result holds them), the lines each server's value is shown as, in every format]
const VIEW_ROWS: [string, string, Finding['values'], { main: string[]; 'standby-a': string[] }][] = [
  [
    'a REG_MULTI_SZ item with CR/LF and one with LF',
    'unclaimedKeyDiffers',
    { main: ['Address = "10.20.1.12"', 'Routes = [x\r\nPort = 5999, y\nBackupPort = 5998]'], 'standby-a': ['Address = "10.20.1.12"', 'Routes = [x, y]'] },
    { main: ['Address = "10.20.1.12"', 'Routes = [x⏎Port = 5999, y⏎BackupPort = 5998]'], 'standby-a': ['Address = "10.20.1.12"', 'Routes = [x, y]'] },
  ],
  [
    'an ambiguity group',
    'relatedAmbiguousGroup',
    { main: ['interleave = 4', 'note = [a\r\nLinkName = forged]'], 'standby-a': ['interleave = 4'] },
    { main: ['interleave = 4', 'note = [a⏎LinkName = forged]'], 'standby-a': ['interleave = 4'] },
  ],
  // A result file may be edited: a text where the engine writes lines is one setting, not split at its breaks.
  ['a text, not lines', 'steeredAmbiguousGroup', { main: 'Note = a\r\nPort = 5999\nBackupPort = 5998', 'standby-a': ['Note = a'] }, { main: ['Note = a⏎Port = 5999⏎BackupPort = 5998'], 'standby-a': ['Note = a'] }],
  // Values that differ but would read alike once the break is ⏎ (a value holding ⏎ itself) are shown exactly.
  ['a break and a ⏎ written', 'unclaimedKeyDiffers', { main: ['Note = a\nPort = 5999'], 'standby-a': ['Note = a⏎Port = 5999'] }, { main: ['"Note = a\\nPort = 5999"'], 'standby-a': ['"Note = a⏎Port = 5999"'] }],
];

for (const [what, messageId, values, lines] of VIEW_ROWS) {
  test(`view: a gathered key's setting with a line break in it is one line (${what})`, async () => {
    const result = sampleResult([...sampleFindings(), gatheredFinding(messageId, values)]);
    const f = buildAuditView(result).findings.find((x) => x.setting === GATHERED_SETTING)!;
    assert.deepEqual(Object.fromEntries(f.values.map((v) => [v.role, v.lines])), lines);
    for (const d of f.diff ?? []) assert.deepEqual(d.lines.filter((l) => /[\r\n]/.test(l.text)), [], 'the diff of the lines too');
    // JSON keeps the values as they are.
    const json = JSON.parse((await renderAudit(result, 'json', { color: false })) as string) as AuditResult;
    assert.deepEqual(json.findings.find((x) => x.setting === GATHERED_SETTING)!.values, values);
  });
}

const AUDIT_FORMATS: Format[] = ['text', 'junit', 'markdown', 'html', 'pdf'];

for (const format of AUDIT_FORMATS) {
  test(`${format}: a gathered key's setting with a line break in it is one line, never another setting's`, async (t) => {
    for (const [, messageId, values, lines] of VIEW_ROWS) {
      const out = await rendered(sampleResult([...sampleFindings(), gatheredFinding(messageId, values)]), format);
      if (out === undefined) return t.skip('pdftotext is not installed');
      assertOneLineEach(format, out, [...lines.main, ...lines['standby-a']].filter((l) => l.includes('⏎')));
    }
  });
}

// The fleet's HTML and PDF show a pair's findings themselves; its JUnit and Markdown are the audit's.
const FLEET_FORMATS = ['html', 'pdf', 'junit', 'markdown'] as const;

for (const format of FLEET_FORMATS) {
  test(`fleet ${format}: a gathered key's setting with a line break in it is one line, never another setting's`, async (t) => {
    for (const [, messageId, values, lines] of VIEW_ROWS) {
      const out = await renderFleet(fleetOf(sampleResult([...sampleFindings(), gatheredFinding(messageId, values)])), format, { color: false });
      const text = typeof out === 'string' ? out : pdfText(out);
      if (text === undefined) return t.skip('pdftotext is not installed');
      assertOneLineEach(format === 'html' ? 'fleet-html' : format, text, [...lines.main, ...lines['standby-a']].filter((l) => l.includes('⏎')));
    }
  });
}

// Whole pairs through the CLI: fixtures/inputs/other-layout (the profile does not fit: the values of Redundancy\StandbyA
// gathered by the catch-all), the Main's key holding a REG_MULTI_SZ whose items hold CR/LF and LF and a REG_SZ with
// CR/LF, each followed by a setting's `Name = value`. The engine writes a text quoted, its break as \r\n, and a list's
// items so too (src/engine/values.ts formatValue), so the audit's lines hold no break; the result saved as JSON,
// edited so that the Main's values are one text with breaks, is re-rendered (`pairaudit report`).
const utf16 = (s: string): string => [...Buffer.from(s, 'utf16le')].map((b) => b.toString(16).padStart(2, '0')).join(',');
const ON_MAIN = [`"Routes"=hex(7):${utf16('x\r\nPort = 5999\0y\nBackupPort = 5998\0\0')}`, `"Note"=hex(1):${utf16('n\r\nLinkPassword = secret-looking\0')}`];
const ON_STANDBY = [`"Routes"=hex(7):${utf16('x\0y\0\0')}`];
const RAW = 'Routes = ["x\\r\\nPort = 5999", "y\\nBackupPort = 5998"]';
const SHOWN = RAW;
const EDITED = 'Routes = [x]\r\nPort = 5999\nLinkName = forged';
const EDITED_SHOWN = 'Routes = [x]⏎Port = 5999⏎LinkName = forged';
const AUDIT_ARGS = ['audit', 'main.reg', 'standby-a.reg', '--at', '2026-11-20T08:15:00Z'];
const GATHERED_KEY = 'reg:Redundancy\\StandbyA\\*';

interface PairDir {
  dir: string;
  opts: { cwd: string; now: string };
}

/**
 * The pair written into a new folder, a fleet of one pair over it, and the audit's JSON result with the Main's
 * gathered values made one text with line breaks (edited.json). JSON keeps the values as the engine wrote them.
 */
async function pairDir(t: TestContext): Promise<PairDir> {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-gathered-breaks-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeOtherLayoutPair(dir, ON_MAIN, ON_STANDBY);
  writeFleetInventory(dir, ['      - { name: other, servers: { main: main.reg, standby-a: standby-a.reg } }']);
  const opts = { cwd: dir, now: '2026-11-20T08:20:00Z' };
  const r = await runCli([...AUDIT_ARGS, '--format', 'json'], opts);
  assert.equal(r.code, 3, r.stderr);
  const result = JSON.parse(r.stdout) as AuditResult;
  const f = result.findings.find((x) => x.messageId === 'unclaimedKeyDiffers' && x.setting === GATHERED_KEY);
  assert.ok(f && Array.isArray(f.values.main) && f.values.main.includes(RAW), `json keeps the value as it is: ${JSON.stringify(f?.values.main)}`);
  f.values.main = EDITED;
  writeFileSync(join(dir, 'edited.json'), JSON.stringify(result));
  return { dir, opts };
}

/** The report the CLI writes in `format` as text (a PDF written to a file and read with pdftotext). */
async function cliReport(t: TestContext, args: string[], format: Format, at: PairDir): Promise<string | undefined> {
  const code = args[0] === 'report' ? 0 : 3;
  if (format === 'pdf') {
    const file = join(at.dir, `${args[0]}.pdf`);
    const r = await runCli([...args, '-o', file, '-q'], at.opts);
    assert.equal(r.code, code, r.stderr);
    const text = pdfText(readFileSync(file));
    if (text === undefined) t.skip('pdftotext is not installed');
    return text;
  }
  const r = await runCli([...args, '--format', format], at.opts);
  assert.equal(r.code, code, r.stderr);
  return r.stdout;
}

// [command, format]: every format of the audit (the saved result re-rendered in it too), and the fleet's HTML and PDF.
const CLI_ROWS: ['audit' | 'fleet', Format][] = [...AUDIT_FORMATS.map((f): ['audit', Format] => ['audit', f]), ['fleet', 'html'], ['fleet', 'pdf']];

for (const [command, format] of CLI_ROWS) {
  test(`${command} --format ${format}: an export's setting with CR/LF or LF in it is one line of its key's values`, async (t) => {
    const at = await pairDir(t);
    const how = command === 'fleet' && format === 'html' ? 'fleet-html' : format;
    const out = await cliReport(t, command === 'audit' ? AUDIT_ARGS : ['fleet', 'fleet.yaml'], format, at);
    if (out === undefined) return;
    assertOneLineEach(how, out, [SHOWN]);
    if (command === 'fleet') return;
    const again = await cliReport(t, ['report', 'edited.json'], format, at);
    assertOneLineEach(how, again!, [EDITED_SHOWN]);
  });
}

test('html in Chromium: an export\'s setting with CR/LF or LF in it is one line in its cell, its details and its diff', { timeout: 120_000 }, async (t) => {
  const why = missing('chromium');
  if (why !== false) return t.skip(why);
  const at = await pairDir(t);
  const file = join(at.dir, 'report.html');
  const r = await runCli([...AUDIT_ARGS, '-o', file, '-q'], at.opts);
  assert.equal(r.code, 3, r.stderr);
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await page.goto(pathToFileURL(file).href);
    const toggle = page.getByRole('button', { name: 'Details of reg:Redundancy\\StandbyA\\*', exact: true });
    const row = page.locator('#findings tr.f').filter({ has: toggle });
    await toggle.click();
    const detail = page.locator('#findings tr.detail');
    // What the reader sees, line by line: the cells, the servers' values and the diff.
    const seen = [...(await row.locator('td.val').allInnerTexts()), ...(await detail.locator('pre').allInnerTexts())].flatMap((s) => s.split('\n')).map((l) => l.trim().replace(/^[-+] /, ''));
    assert.deepEqual(seen.filter((l) => FORGED.test(l)), []);
    assert.ok(seen.includes(SHOWN), seen.join('\n'));
  } finally {
    await browser.close();
  }
});

// A lapsed waiver of a gathered key says what changed, as one-line texts (display.ts displayText): a list's item
// with a line break in it showed the break there, in JUnit, Markdown, PDF and the HTML's waiver line.
const WAIVED = gatheredFinding('unclaimedKeyDiffers', { main: ['Routes = [x\nPort = 5999]'], 'standby-a': ['Routes = [x]'] });
WAIVED.waiver = { state: 'values-changed', reason: 'link under test', approvedBy: 'ops', expires: '2026-12-31', changed: [{ role: 'main', accepted: ['Routes = [x]'], found: ['Routes = [x\r\nPort = 5999]'] }] };

for (const format of AUDIT_FORMATS) {
  test(`${format}: a lapsed waiver of a gathered key says what changed on one line`, async (t) => {
    const out = await rendered(sampleResult([...sampleFindings(), WAIVED]), format);
    if (out === undefined) return t.skip('pdftotext is not installed');
    assertOneLineEach(format, out, ['now [Routes = [x⏎Port = 5999]]']);
  });
}
