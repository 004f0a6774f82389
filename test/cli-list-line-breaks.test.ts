// Whole pairs through the CLI (the unit tests are test/report-list-line-breaks.test.ts): a REG_MULTI_SZ value whose
// items hold CR/LF and LF, and a REG_SZ whose carriage returns are alone or after a line feed, written into the
// exports as Windows `reg export` writes them (UTF-16LE with a BOM), audited in every format, the saved result
// re-rendered (`pairaudit report`), the fleet's HTML and PDF, and the change record of the two values recorded
// before and after (`record`, `changes`). Each item is one line, a line break in it shown as ⏎, and no text that
// followed a break starts a line of any report; a carriage return shows as `\x0d`. JSON keeps the values as they are.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { AuditResult } from '../src/types.js';
import { redundancyProfile, runCli, writeFleetInventory } from './cli-harness.js';
import { chromiumArgs, chromiumPath, missing } from './prerequisites.js';
import { pdfText } from './report-fixture.js';
import { writeOtherLayoutPair } from './report-gathered-fixture.js';
import { AUDIT_FORMATS, assertOneLineEach, type ReadAs } from './report-reader-lines.js';

const ROOT = join(import.meta.dirname, '..');
const utf16 = (s: string): string => [...Buffer.from(s, 'utf16le')].map((b) => b.toString(16).padStart(2, '0')).join(',');

// Under Redundancy\StandbyA of fixtures/inputs/other-layout, read with the profile corrected for that layout: values
// no mapping names, each its own finding of the catch-all (reg:Redundancy\StandbyA\Routes, …\Note).
const ROUTES = ['x\r\nPort = 5999', 'y\nBackupPort = 5998', 'z'];
const NOTE = 'first\rLinkName = cr\nsecond\n\rLinkName = nlcr\n\r- forged item\r# forged heading\r| forged | row |';
const HOSTILE = [`"Routes"=hex(7):${utf16(`${ROUTES.join('\0')}\0\0`)}`, `"Note"=hex(1):${utf16(`${NOTE}\0`)}`];
const PLAIN = [`"Routes"=hex(7):${utf16('x\0y\0z\0\0')}`, `"Note"=hex(1):${utf16('first\0')}`];
const ROUTES_SETTING = 'reg:Redundancy\\StandbyA\\Routes';

/** What a line break inside a value would start a line with (test/report-list-line-breaks.test.ts FORGED). */
const FORGED = /^(?:Port = 5999|BackupPort = 5998|LinkName = |- forged|# forged|\| forged)/;
/** The items as every format shows them. */
const ITEMS = ['x⏎Port = 5999', 'y⏎BackupPort = 5998'];

const AUDIT_ARGS = ['audit', 'main.reg', 'standby-a.reg', '--at', '2026-11-20T08:15:00Z'];

interface PairDir {
  dir: string;
  profile: string;
  opts: { cwd: string; now: string };
}

/** The pair written into a new folder (the Main's values hostile, the Standby's plain), a fleet of it, and the corrected profile. */
function pairDir(t: TestContext): PairDir {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-list-breaks-'));
  const profile = redundancyProfile(ROOT);
  t.after(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(dirname(profile), { recursive: true, force: true });
  });
  writeOtherLayoutPair(dir, HOSTILE, PLAIN);
  writeFleetInventory(dir, ['      - { name: other, servers: { main: main.reg, standby-a: standby-a.reg } }']);
  return { dir, profile, opts: { cwd: dir, now: '2026-11-20T08:20:00Z' } };
}

/** `pairaudit <args>` in `format` as text (a PDF written to a file and read with pdftotext: undefined without it). */
async function cliReport(args: string[], format: Exclude<ReadAs, 'markup'>, at: PairDir, code: number): Promise<string | undefined> {
  if (format === 'pdf') {
    const file = join(at.dir, `${args[0]}.pdf`);
    const r = await runCli([...args, '-o', file, '-q'], at.opts);
    assert.equal(r.code, code, r.stderr);
    return pdfText(readFileSync(file));
  }
  const r = await runCli([...args, '--format', format], at.opts);
  assert.equal(r.code, code, r.stderr);
  return r.stdout;
}

/** Asserts what every report shows: each item one line (exactly a line where the format shows the diff), no forged line, no CR written. */
function assertShown(what: string, readAs: ReadAs, out: string, whole: boolean): void {
  assertOneLineEach(readAs, out, FORGED, ITEMS, whole);
  assert.doesNotMatch(out, /\r(?!\n)/, `${what}: a carriage return written`);
  if (readAs === 'pdf') assert.match(out, /first\s*\\x0dLink/, what);
  else assertOneLineEach(readAs, out, FORGED, ['first\\x0dLinkName = cr']);
}

test('audit --format json: the values as they are, every line break escaped; the saved result for `report`', async (t) => {
  const at = pairDir(t);
  const r = await runCli([...AUDIT_ARGS, '--profile', at.profile, '--format', 'json'], at.opts);
  assert.equal(r.code, 1, r.stderr);
  assert.doesNotMatch(r.stdout, /\r/);
  const result = JSON.parse(r.stdout) as AuditResult;
  const values = (setting: string) => result.findings.find((f) => f.setting === setting)?.values;
  assert.deepEqual(values(ROUTES_SETTING), { main: ROUTES, 'standby-a': ['x', 'y', 'z'] });
  assert.deepEqual(values('reg:Redundancy\\StandbyA\\Note'), { main: NOTE, 'standby-a': 'first' });
});


for (const [format, whole] of AUDIT_FORMATS) {
  test(`audit --format ${format}, and the saved result re-rendered: a list's item with CR/LF or LF in it is one line`, async (t) => {
    const at = pairDir(t);
    const out = await cliReport([...AUDIT_ARGS, '--profile', at.profile], format, at, 1);
    if (out === undefined) return t.skip('pdftotext is not installed');
    assertShown(`audit ${format}`, format, out, whole);
    const saved = await runCli([...AUDIT_ARGS, '--profile', at.profile, '--format', 'json', '-o', 'result.json', '-q'], at.opts);
    assert.equal(saved.code, 1, saved.stderr);
    assertShown(`report ${format}`, format, (await cliReport(['report', 'result.json'], format, at, 0))!, whole);
  });
}

for (const format of ['html', 'pdf'] as const) {
  test(`fleet --format ${format}: a list's item with CR/LF or LF in it is one line, in the pair's findings and its summary`, async (t) => {
    const at = pairDir(t);
    const out = await cliReport(['fleet', 'fleet.yaml', '--profile', at.profile], format, at, 1);
    if (out === undefined) return t.skip('pdftotext is not installed');
    assertShown(`fleet ${format}`, format === 'html' ? 'markup' : format, out, false);
  });
}

// The change record of the Main's two values, recorded plain and then hostile: each a one-line text before and after.
const CHANGE_FORMATS: [Exclude<ReadAs, 'html'>, 'text' | 'json' | 'markdown' | 'html' | 'pdf'][] = [
  ['text', 'text'],
  ['markdown', 'markdown'],
  ['markup', 'html'],
  ['pdf', 'pdf'],
  ['json', 'json'],
];

test('changes: a list\'s item with CR/LF or LF in it, before and after, is one line in every format', async (t) => {
  const at = pairDir(t);
  const store = join(at.dir, 'store');
  for (const [seq, values] of [[1, PLAIN], [2, HOSTILE]] as const) {
    writeOtherLayoutPair(at.dir, values, PLAIN);
    const r = await runCli(['record', 'main.reg', '--pair', 'P', '--role', 'main', '--at', `2026-11-1${seq}T08:00:00Z`, '--profile', at.profile, '--store', store], at.opts);
    assert.equal(r.code, 0, r.stderr);
  }
  for (const [readAs, format] of CHANGE_FORMATS) {
    const out = await cliReport(['changes', '--store', store], format, at, 0);
    if (out === undefined) return t.skip('pdftotext is not installed');
    if (format === 'json') {
      const rows = (JSON.parse(out) as { changes: { setting: string; from?: unknown; to?: unknown }[] }).changes;
      assert.deepEqual(rows.find((c) => c.setting === ROUTES_SETTING)?.to, ROUTES, 'JSON keeps the values as they are');
      assert.doesNotMatch(out, /\r/);
      continue;
    }
    assertShown(`changes ${format}`, readAs, out, false);
  }
});

test('html in Chromium: a list\'s item with CR/LF or LF in it is one line in its cell, its details and its diff', { timeout: 120_000 }, async (t) => {
  const why = missing('chromium');
  if (why !== false) return t.skip(why);
  const at = pairDir(t);
  const file = join(at.dir, 'report.html');
  const r = await runCli([...AUDIT_ARGS, '--profile', at.profile, '-o', file, '-q'], at.opts);
  assert.equal(r.code, 1, r.stderr);
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await page.goto(pathToFileURL(file).href);
    const toggle = page.getByRole('button', { name: `Details of ${ROUTES_SETTING}`, exact: true });
    const row = page.locator('#findings tr.f').filter({ has: toggle });
    await toggle.click();
    const detail = page.locator('#findings tr.detail');
    // What the reader sees, line by line: the row (its message too), the servers' values and the diff.
    const seen = [...(await row.allInnerTexts()), ...(await detail.locator('pre').allInnerTexts())].flatMap((s) => s.split(/\r\n|\r|\n/)).map((l) => l.trim().replace(/^[-+] /, ''));
    assert.deepEqual(seen.filter((l) => FORGED.test(l)), []);
    for (const item of ITEMS) assert.ok(seen.includes(item), `${item}:\n${seen.join('\n')}`);
  } finally {
    await browser.close();
  }
});
