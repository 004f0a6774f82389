// The PDF report read back with poppler's pdftotext: verdict, every failing setting, page numbers, non-Latin text, fonts.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatPdf } from '../src/report/pdf/index.js';
import PDFDocument from 'pdfkit';
import { findPdfFonts, PdfFonts } from '../src/report/pdf/fonts.js';
import { manyFindings, nonLatin, sampleResult } from './report-fixture.js';
import { missing } from './prerequisites.js';


/** Writes the PDF and returns pdftotext's text, or skips the test when poppler-utils is missing. */
function readBack(t: TestContext, bytes: Uint8Array, tool: 'pdftotext' | 'pdffonts' | 'pdfinfo' = 'pdftotext'): string | undefined {
  const why = missing('pdftotext');
  if (why !== false) {
    t.skip(why);
    return undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-pdf-'));
  try {
    const file = join(dir, 'report.pdf');
    writeFileSync(file, bytes);
    return execFileSync(tool, tool === 'pdftotext' ? [file, '-'] : [file], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('pdf: pdftotext reads the verdict, every failing setting, page x of y and non-Latin text', async (t) => {
  const result = sampleResult();
  const text = readBack(t, await formatPdf(result, { color: false }));
  if (text === undefined) return;
  const flat = text.replace(/\s+/g, ' ');
  assert.match(flat, /DRIFT/);
  for (const f of result.findings.filter((x) => x.status === 'fail')) {
    // Long setting names may wrap inside their table cell; compare without the break.
    assert.ok(text.replace(/\s+/g, '').includes(f.setting), `missing failing setting ${f.setting}`);
  }
  const pages = Number(/Page 1 of (\d+)/.exec(flat)?.[1]);
  assert.ok(pages >= 2, 'no "Page 1 of N"');
  assert.match(flat, new RegExp(`Page ${pages} of ${pages}`));
  const fonts = findPdfFonts();
  if (fonts.cjk === undefined) t.diagnostic('no CJK font found (install fonts-wqy-microhei): only the Latin part of the non-Latin string is checked');
  const squeeze = (x: string): string => x.replace(/\s+/g, '');
  assert.ok(squeeze(text).includes(squeeze(fonts.cjk ? nonLatin : 'Überwachung —')), `non-Latin text ${nonLatin} not extracted`);
  assert.match(flat, /Reviewed by/);
  assert.match(flat, /Signature/);
  for (const s of result.servers) assert.ok(text.includes(s.fingerprint), `footer lacks fingerprint of ${s.label}`);
});

test('pdf: the findings table header repeats on every page', async (t) => {
  const bytes = await formatPdf(sampleResult(manyFindings(120)), { color: false });
  const text = readBack(t, bytes);
  if (text === undefined) return;
  const pages = text.split('\f').filter((p) => p.trim() !== '');
  assert.ok(pages.length >= 4, `expected several pages, got ${pages.length}`);
  // Page 1 is the cover; every page after it continues a table under its repeated caption and header.
  const headers: Record<string, RegExp> = {
    'Findings that need attention': /Setting, rule and finding/,
    'Passed checks': /Setting\s+Rule\s+Values/,
    Waivers: /Rule and setting\s+State/,
  };
  for (const [i, page] of pages.slice(1, -1).entries()) {
    const caption = Object.keys(headers).find((c) => page.trimStart().startsWith(c));
    assert.ok(caption, `page ${i + 2} does not start with a table caption`);
    assert.match(page, headers[caption]!, `page ${i + 2} lacks the header of ${caption}`);
  }
  assert.match(pages[2]!, /\(continued\)/);
});

test('pdf: text outside WinAnsi is set in embedded font subsets; the rest in standard Helvetica', async (t) => {
  const out = readBack(t, await formatPdf(sampleResult(), { color: false }), 'pdffonts');
  if (out === undefined) return;
  const rows = out.split('\n').slice(2).filter((l) => l.trim() !== '');
  if (findPdfFonts().regular === undefined) {
    t.diagnostic('no TrueType font found (install fonts-dejavu-core fonts-wqy-microhei): the PDF uses Helvetica only');
    return;
  }
  const embedded = rows.filter((row) => !/^Helvetica/.test(row));
  assert.ok(embedded.length > 0, 'no embedded font, although the report has CJK text and arrows');
  for (const row of embedded) assert.match(row, /\byes\s+yes\s+yes\b/, `font not embedded as a subset: ${row}`);
});

test('pdf: font search picks Debian, then Windows fonts, and honours an explicit file', () => {
  const present = (files: string[]) => (p: string) => files.includes(p);
  const debian = findPdfFonts({ exists: present(['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc']) });
  assert.equal(debian.regular?.path, join('/usr/share/fonts/truetype/dejavu', 'DejaVuSans.ttf'));
  assert.equal(debian.bold?.path, debian.regular?.path, 'no bold file: regular stands in');
  assert.deepEqual(debian.cjk, { path: join('/usr/share/fonts/truetype/wqy', 'wqy-microhei.ttc'), postscriptName: 'WenQuanYiMicroHei' });
  const windows = findPdfFonts({ fontDirs: ['D:\\Win\\Fonts'], exists: present([join('D:\\Win\\Fonts', 'segoeui.ttf'), join('D:\\Win\\Fonts', 'segoeuib.ttf'), join('D:\\Win\\Fonts', 'msyh.ttc')]) });
  assert.equal(windows.regular?.path, join('D:\\Win\\Fonts', 'segoeui.ttf'));
  assert.equal(windows.cjk?.postscriptName, 'MicrosoftYaHei');
  const cjkOnly = findPdfFonts({ exists: present(['/usr/share/fonts/truetype/wqy/wqy-microhei.ttc']) });
  assert.equal(cjkOnly.regular, cjkOnly.cjk, 'the CJK font sets Latin text too');
  assert.deepEqual(findPdfFonts({ exists: () => false }), {});
  assert.deepEqual(findPdfFonts({ fontFile: 'C:\\fonts\\x.ttc#XFont' }).regular, { path: 'C:\\fonts\\x.ttc', postscriptName: 'XFont' });
});

test('pdf: without any TrueType font, text outside WinAnsi becomes its code point instead of garbage', () => {
  const doc = new PDFDocument({ autoFirstPage: false });
  const fonts = new PdfFonts(doc, {});
  assert.equal(fonts.embedded, false);
  assert.equal(fonts.use(`Ü — ${'監視'} ok`), 'Ü — \\u{76e3}\\u{8996} ok');
  const embedded = new PdfFonts(new PDFDocument({ autoFirstPage: false }), findPdfFonts());
  if (embedded.embedded) assert.equal(embedded.use('監視'), findPdfFonts().cjk ? '監視' : '\\u{76e3}\\u{8996}', 'without a CJK font, code points (not an empty box)');
});
