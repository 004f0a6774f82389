// PDF characters that no available font has a glyph for print as their code point (`\u{76e3}`: not as empty boxes, nor as a "?"
// that makes two values alike), with one warning on standard error.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { missingGlyphsMessage, PdfFonts } from '../src/report/pdf/fonts.js';
import { formatPdf } from '../src/report/pdf/index.js';
import { runCli } from './cli-harness.js';
import { tempDir } from './history-fixtures.js';
import { nonLatin, sampleResult } from './report-fixture.js';
import { dejavuSans, missing, wqyMicroHei } from './prerequisites.js';

const latinOnly = { regular: { path: dejavuSans }, bold: { path: dejavuSans } };

/** pdftotext's text of `bytes`; undefined (skipped) when poppler or DejaVu Sans is missing, a failure under CI=true. */
function pdfText(t: TestContext, bytes: Uint8Array): string | undefined {
  const why = missing('pdftotext', 'dejavu');
  if (why !== false) {
    t.skip(why);
    return undefined;
  }
  const { dir, cleanup } = tempDir('pairaudit-pdf-glyphs-');
  t.after(cleanup);
  writeFileSync(join(dir, 'r.pdf'), bytes);
  return execFileSync('pdftotext', [join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
}

test('PdfFonts.use: a character the embedded fonts lack becomes its code point and is noted once; the rest is kept', (t) => {
  const why = missing('dejavu');
  if (why !== false) return t.skip(why);
  const fonts = new PdfFonts(new PDFDocument({ autoFirstPage: false }), latinOnly);
  const cases: [text: string, shown: string][] = [
    ['Überwachung — ok', 'Überwachung — ok'],
    ['Main → Standby', 'Main → Standby'],
    [nonLatin, 'Überwachung — \\u{76e3}\\u{8996}\\u{30b5}\\u{30fc}\\u{30d0}\\u{30fc}'],
    ['監視 and 視', '\\u{76e3}\\u{8996} and \\u{8996}'],
    ['𠀀 (outside the BMP)', '\\u{20000} (outside the BMP)'],
    // As "?" these two printed alike, beside a finding that says they differ; and as a value's own "?".
    ['x𓀀y', 'x\\u{13000}y'],
    ['x𓀁y', 'x\\u{13001}y'],
    ['x?y', 'x?y'],
  ];
  for (const [text, shown] of cases) {
    assert.equal(fonts.use(text), shown, text);
    assert.equal(fonts.use(shown), shown, `${text}: the text as shown is shown as it is`);
  }
  assert.deepEqual([...fonts.missing], ['監', '視', 'サ', 'ー', 'バ', '𠀀', '𓀀', '𓀁']);
});

test('PdfFonts.use: the mark of a line break inside a value (⏎) is ¶ where the face has no ⏎ (Windows\' Segoe UI and Arial, Helvetica), never "?" nor a missing character', (t) => {
  const why = missing('dejavu', 'wqy');
  if (why !== false) return t.skip(why);
  const dejavuSerif = dejavuSans.replace('DejaVuSans.ttf', 'DejaVuSerif.ttf');
  const cases: [name: string, set: ConstructorParameters<typeof PdfFonts>[1], text: string, shown: string][] = [
    ['a face with ⏎ (DejaVu Sans)', latinOnly, 'Routes = [x⏎Port = 5999]', 'Routes = [x⏎Port = 5999]'],
    ['a face without ⏎ (DejaVu Serif, as Arial)', { regular: { path: dejavuSerif }, bold: { path: dejavuSerif } }, 'Routes = [x⏎Port = 5999]', 'Routes = [x¶Port = 5999]'],
    ['no embedded face (Helvetica)', {}, 'Routes = [x⏎Port = 5999]', 'Routes = [x¶Port = 5999]'],
    ['text with CJK: the CJK face has no ⏎', { ...latinOnly, cjk: { path: wqyMicroHei, postscriptName: 'WenQuanYiMicroHei' } }, '監視⏎Port', '監視¶Port'],
    ['a ⏎ in bold', { regular: { path: dejavuSerif }, bold: { path: dejavuSerif } }, 'x⏎y', 'x¶y'],
  ];
  for (const [name, set, text, shown] of cases) {
    const fonts = new PdfFonts(new PDFDocument({ autoFirstPage: false }), set);
    assert.equal(fonts.use(text, name.includes('bold') ? 'bold' : 'regular'), shown, name);
    assert.equal(fonts.use(shown), shown, `${name}: the text as shown is shown as it is`);
    assert.deepEqual([...fonts.missing].filter((ch) => ch === '⏎' || ch === '¶'), [], `${name}: no missing character`);
  }
});

test('missingGlyphsMessage: which characters, and what to install or set', () => {
  const chars = new Set([...'監視サーバー北待機説明']);
  const cases: [missing: Set<string>, set: Parameters<typeof missingGlyphsMessage>[1], fontFile: string | undefined, expected: RegExp | undefined][] = [
    [new Set(), latinOnly, undefined, undefined],
    [chars, latinOnly, undefined, /^the PDF shows 10 characters as code points \(\\u\{…\}\): 監 \(U\+76E3\), 視 \(U\+8996\), .* and 2 more: no CJK font was found; install fonts-wqy-microhei .* or set PAIRAUDIT_PDF_FONT/],
    [new Set(['監']), {}, undefined, /^the PDF shows 1 character as code points \(\\u\{…\}\): 監 \(U\+76E3\): no TrueType font was found; install fonts-dejavu-core and fonts-wqy-microhei/],
    [new Set(['☃']), { ...latinOnly, cjk: { path: '/c.ttc' } }, undefined, /☃ \(U\+2603\): no font found has them; .*PAIRAUDIT_PDF_FONT/],
    [new Set(['監']), latinOnly, '/f.ttf', /the font PAIRAUDIT_PDF_FONT names \(\/f\.ttf\) has no glyph for them/],
  ];
  for (const [chars, set, fontFile, expected] of cases) {
    const message = missingGlyphsMessage(chars, set, fontFile === undefined ? {} : { fontFile });
    if (expected === undefined) assert.equal(message, undefined);
    else assert.match(message ?? '', expected);
  }
});

test('pdf without a CJK font: CJK prints as code points, one warning, the same bytes twice', async (t) => {
  const warnings: string[] = [];
  const ctx = { color: false, fontFile: dejavuSans, warn: (m: string) => void warnings.push(m) };
  const bytes = await formatPdf(sampleResult(), ctx);
  const text = pdfText(t, bytes);
  if (text === undefined) return;
  const flat = text.replace(/\s+/g, '');
  assert.ok(flat.includes('Überwachung—\\u{76e3}\\u{8996}\\u{30b5}\\u{30fc}\\u{30d0}\\u{30fc}'), 'the CJK part of the finding message prints as code points');
  assert.doesNotMatch(text, /監|視/);
  assert.equal(warnings.length, 1, warnings.join('\n'));
  assert.match(warnings[0]!, /^the PDF shows 5 characters as code points \(\\u\{…\}\): 監 \(U\+76E3\), 視 \(U\+8996\), サ \(U\+30B5\), ー \(U\+30FC\), バ \(U\+30D0\): the font PAIRAUDIT_PDF_FONT names/);
  assert.deepEqual(await formatPdf(sampleResult(), ctx), bytes, 'deterministic');
});

/** main.reg and standby.reg in `dir`: the healthy Main's export with a CJK value that differs between them. */
function writeCjkPair(dir: string): void {
  const reg = (value: string) => readFileSync('fixtures/pairs/healthy/main/ClearSCADA.reg', 'utf16le').replace('"Version"="6.84.8512.1"', `"Version"="6.84.8512.1"\r\n"説明"="${value}"`);
  writeFileSync(join(dir, 'main.reg'), reg('監視'), 'utf16le');
  writeFileSync(join(dir, 'standby.reg'), reg('待機'), 'utf16le');
}

test('audit -o a.pdf with a font without CJK: one warning line on standard error, exit as usual', async (t) => {
  const why = missing('dejavu');
  if (why !== false) return t.skip(why);
  const { dir, cleanup } = tempDir('pairaudit-pdf-glyphs-');
  t.after(cleanup);
  writeCjkPair(dir);
  const r = await runCli(['audit', 'main.reg', 'standby.reg', '-o', 'a.pdf'], { cwd: dir, env: { PAIRAUDIT_PDF_FONT: dejavuSans } });
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  assert.equal(lines.filter((l) => l.startsWith('pairaudit: warning: the PDF shows')).length, 1, r.stderr);
  assert.match(r.stderr, /shows 6 characters as code points \(\\u\{…\}\): 説 \(U\+8AAC\), 明 \(U\+660E\), 監 \(U\+76E3\), 視 \(U\+8996\), 待 \(U\+5F85\), 機 \(U\+6A5F\)/);
  assert.match(lines.at(-1)!, /wrote a\.pdf$/);
});

test('fleet -o f.pdf with a font without CJK: the same one warning line as an audit', async (t) => {
  const why = missing('dejavu');
  if (why !== false) return t.skip(why);
  const { dir, cleanup } = tempDir('pairaudit-pdf-glyphs-');
  t.after(cleanup);
  writeCjkPair(dir);
  writeFileSync(join(dir, 'fleet.yaml'), ['sites:', '  - name: North', '    pairs:', '      - { name: cjk, servers: { main: main.reg, standby: standby.reg } }', ''].join('\n'));
  const r = await runCli(['fleet', 'fleet.yaml', '-o', 'f.pdf'], { cwd: dir, env: { PAIRAUDIT_PDF_FONT: dejavuSans } });
  assert.equal(r.stderr.split('\n').filter((l) => l.startsWith('pairaudit: warning: the PDF shows')).length, 1, r.stderr);
  assert.match(r.stderr, /as code points \(\\u\{…\}\): 説 \(U\+8AAC\)/);
});
