// Building blocks of every PDF report: a reproducible document, a table whose header repeats on each page,
// "Page x of y" footers, a sign-off block, and the bytes. Shared by the audit, change-record and fleet reports.
import PDFDocument from 'pdfkit';
import { findPdfFonts, missingGlyphsMessage, PdfFonts, type FontSearchOptions } from './fonts.js';
import { breakSegments, unbreakableUnits } from '../breaks.js';

export const pdfColors = {
  ink: '#1b1f24',
  muted: '#59636e',
  faint: '#8c959f',
  line: '#d0d7de',
  soft: '#f3f5f7',
  ok: '#1a7f37',
  bad: '#c62828',
  warn: '#9a6700',
  info: '#0b5cad',
} as const;

export interface PdfReport {
  doc: PDFKit.PDFDocument;
  fonts: PdfFonts;
  /** Left margin, content width and the lowest y that content may reach (above the footer). */
  left: number;
  width: number;
  bottom: number;
}

export interface PdfReportOptions extends FontSearchOptions {
  title: string;
  subject?: string;
  /** Fixed document date (CreationDate and ModDate), so the same input gives the same bytes. */
  date: Date;
  author?: string;
  /** Told once, when the document ends, which characters it shows as code points (no font has them) and how to fix that. */
  warn?: (message: string) => void;
}

const margin = 40;
const footerSpace = 30;

/** A4 portrait document with fixed dates, buffered pages (for "Page x of y"), and embedded fonts. */
export function createPdfReport(opts: PdfReportOptions): PdfReport {
  const date = Number.isNaN(opts.date.getTime()) ? new Date(0) : opts.date;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: margin, left: margin, right: margin, bottom: margin },
    bufferPages: true,
    autoFirstPage: true,
    compress: true,
    info: { Title: opts.title, Subject: opts.subject ?? opts.title, Author: opts.author ?? 'pairaudit', Creator: 'pairaudit', Producer: 'pairaudit (pdfkit)', CreationDate: date, ModDate: date },
    lang: 'en',
    displayTitle: true,
  });
  const set = findPdfFonts(opts);
  const fonts = new PdfFonts(doc, set);
  const warn = opts.warn;
  if (warn !== undefined) {
    doc.once('end', () => {
      const message = missingGlyphsMessage(fonts.missing, set, opts);
      if (message !== undefined) warn(message);
    });
  }
  fonts.use('', 'regular', 10);
  doc.fillColor(pdfColors.ink);
  return { doc, fonts, left: margin, width: doc.page.width - 2 * margin, bottom: doc.page.height - margin - footerSpace };
}

/** Ends the document and collects its bytes (call after the footers). */
export function pdfBytes(doc: PDFKit.PDFDocument): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
    doc.end();
  });
}

/**
 * Compresses and writes out the content drawn on the current page so far, and gives the page a second,
 * empty content stream for what comes later (the footer, once the page count is known). With buffered
 * pages pdfkit would otherwise keep every drawing operation of every page in memory, as one small
 * array per operation, until the end: for 10,000 findings that is gigabytes and most of the time in GC.
 * A page's content streams are one stream to a PDF reader, so the output is the same picture.
 */
function sealPageContent(doc: PDFKit.PDFDocument): void {
  const page = doc.page as unknown as { content?: { end?: () => void }; dictionary?: { data?: { Contents?: unknown } } };
  const contents = page.dictionary?.data;
  if (page.content?.end === undefined || contents === undefined || contents.Contents !== page.content) return;
  const sealed = page.content;
  const fresh = (doc as unknown as { ref: () => { end: () => void } }).ref();
  contents.Contents = [sealed, fresh];
  page.content = fresh;
  sealed.end!();
}

/** Starts a new page and puts the cursor at the top margin. */
export function newPage(r: PdfReport): void {
  sealPageContent(r.doc);
  r.doc.addPage();
  r.doc.x = r.left;
  r.doc.y = margin;
}

/** Makes sure `height` points fit above the footer, else starts a new page; returns true when it broke the page. */
export function ensureSpace(r: PdfReport, height: number): boolean {
  if (r.doc.y + height <= r.bottom) return false;
  newPage(r);
  return true;
}

/** A run of text inside a table cell or paragraph. */
export interface PdfRun {
  text: string;
  bold?: boolean;
  size?: number;
  color?: string;
  /** An http(s) URL the run's text links to. */
  link?: string;
}

export type PdfCell = PdfRun[];

export interface PdfColumn {
  header: string;
  width: number;
}

export interface PdfTableOptions {
  columns: PdfColumn[];
  rows: PdfCell[][];
  /** Background of a row (e.g. a light tint for failures); default: none. */
  rowFill?: (row: number) => string | undefined;
  /** Longer cell text is cut (with a note), so that one huge value cannot make a row taller than a page. */
  maxCellChars?: number;
  /** A caption drawn above the table and repeated (with "continued") on later pages. */
  caption?: string;
}

const pad = 4;
const lineGap = 0.5;

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}${CUT_NOTE}` : text;
}

/** A run broken into lines that fit its width: laid out once, used to measure and to draw. */
interface LaidOutRun {
  lines: LaidOutLine[];
  weight: 'regular' | 'bold';
  size: number;
  color: string;
  lineHeight: number;
  /** The text as the selected font can show it (see PdfFonts.use), for the font choice when drawing. */
  shown: string;
  link?: string;
}

interface LaidOutLine {
  text: string;
  /** Width in points, passed to pdfkit so that it does not measure the line again. */
  width: number;
  words: number;
}

/**
 * Breaks text into lines of at most `width` points with the current font: at spaces; a word wider than the
 * line after its separators (src/report/breaks.ts), and inside a part only when it alone is wider (hashes).
 * Word widths are cached per font and size, so a table of 10,000 rows measures each distinct word once (pdfkit's own wrapper is much slower).
 */
function wrapLines(r: PdfReport, text: string, width: number, cacheKey: string): LaidOutLine[] {
  const { doc } = r;
  const cache = widthCache(r, cacheKey);
  const measure = (w: string): number => {
    let v = cache.get(w);
    if (v === undefined) {
      v = doc.widthOfString(w);
      cache.set(w, v);
    }
    return v;
  };
  const space = measure(' ');
  const lines: LaidOutLine[] = [];
  let line = '';
  let lineWidth = 0;
  let words = 0;
  const push = (): void => {
    lines.push({ text: line, width: lineWidth, words });
    line = '';
    lineWidth = 0;
    words = 0;
  };
  /**
   * Adds a piece (a word after a space, or a part of an over-long word) to the line when it fits, else
   * starts the next line with it; false when the piece alone is wider than a line (the line is then empty).
   */
  const place = (piece: string, after: ' ' | ''): boolean => {
    const pw = measure(piece);
    const gap = after === ' ' ? space : 0;
    if (line !== '' && lineWidth + gap + pw <= width) {
      line += after + piece;
      lineWidth += gap + pw;
      if (after === ' ') words++;
      return true;
    }
    if (line !== '') push();
    if (pw > width) return false;
    line = piece;
    lineWidth = pw;
    words = 1;
    return true;
  };
  for (const paragraph of text.split('\n')) {
    for (const word of paragraph.split(' ')) {
      if (word === '' || place(word, ' ')) continue;
      // A word wider than the line (a setting name, a registry path): break it after its separators (`.`, `\`,
      // `/`), and inside a part only when that part alone is wider than the line (a hash), never inside an escape (`\u0090`).
      for (const part of breakSegments(word)) {
        if (place(part, '')) continue;
        for (const ch of unbreakableUnits(part)) {
          const cw = measure(ch);
          if (line !== '' && lineWidth + cw > width) push();
          line += ch;
          lineWidth += cw;
          words = 1;
        }
      }
    }
    push();
  }
  return lines;
}

const widthCaches = new WeakMap<PdfReport, Map<string, Map<string, number>>>();
function widthCache(r: PdfReport, key: string): Map<string, number> {
  let byFont = widthCaches.get(r);
  if (byFont === undefined) widthCaches.set(r, (byFont = new Map()));
  let cache = byFont.get(key);
  if (cache === undefined) byFont.set(key, (cache = new Map()));
  return cache;
}

function layoutRun(r: PdfReport, run: PdfRun, width: number, maxChars: number): LaidOutRun {
  const weight = run.bold ? 'bold' : 'regular';
  const size = run.size ?? 8;
  const shown = r.fonts.use(clip(run.text, maxChars), weight, size);
  const fontKey = `${r.fonts.current}|${size}`;
  return { lines: wrapLines(r, shown, width, fontKey), weight, size, color: run.color ?? pdfColors.ink, lineHeight: r.doc.currentLineHeight(true) + lineGap, shown, ...(run.link !== undefined ? { link: run.link } : {}) };
}

/** Room a table's caption and header take above its first row. */
const TABLE_HEAD = 40;

/**
 * A laid-out cell no taller than `max`: the lines past it are dropped and the note that the text was cut takes
 * the last lines kept, wrapped to the column (`width`) in the run's font.
 */
function clipToHeight(r: PdfReport, cell: { runs: LaidOutRun[]; height: number }, width: number, max: number): { runs: LaidOutRun[]; height: number } {
  if (cell.height <= max) return cell;
  const runs: LaidOutRun[] = [];
  let height = 2 * pad;
  for (const run of cell.runs) {
    const room = Math.floor((max - height) / run.lineHeight);
    if (room >= run.lines.length) {
      runs.push(run);
      height += run.lines.length * run.lineHeight;
      continue;
    }
    const shown = r.fonts.use(CUT_NOTE, run.weight, run.size);
    const note = wrapLines(r, shown, width - 2 * pad, `${r.fonts.current}|${run.size}`);
    const kept = Math.max(0, room - note.length);
    runs.push({ ...run, lines: run.lines.slice(0, kept) }, { ...run, lines: note, shown });
    height += (kept + note.length) * run.lineHeight;
    break;
  }
  return { runs, height };
}

const CUT_NOTE = '… (cut; full text in the HTML or JSON report)';

function layoutCell(r: PdfReport, cell: PdfCell, width: number, maxChars: number): { runs: LaidOutRun[]; height: number } {
  const runs = cell.map((run) => layoutRun(r, run, width - 2 * pad, maxChars));
  return { runs, height: runs.reduce((h, run) => h + run.lines.length * run.lineHeight, 0) + 2 * pad };
}

/** Draws laid-out runs from (x, y) down; pdfkit's fast path (no width, no line breaking) for each line. */
function drawRuns(r: PdfReport, runs: LaidOutRun[], x: number, y: number): void {
  const { doc } = r;
  let cy = y;
  let color = '';
  for (const run of runs) {
    r.fonts.use(run.shown, run.weight, run.size);
    if (run.color !== color) doc.fillColor((color = run.color));
    for (const line of run.lines) {
      // textWidth/wordCount: pdfkit would otherwise measure every line again (kerning lookups, allocations).
      if (line.text !== '') doc.text(line.text, x, cy, { lineBreak: false, textWidth: line.width, wordCount: line.words, ...(run.link !== undefined ? { link: run.link } : {}) } as PDFKit.Mixins.TextOptions);
      cy += run.lineHeight;
    }
  }
}

function drawHeader(r: PdfReport, columns: PdfColumn[], caption: string | undefined, continued: boolean): void {
  const { doc } = r;
  if (caption) {
    doc.fillColor(pdfColors.ink);
    const text = r.fonts.use(continued ? `${caption} (continued)` : caption, 'bold', 11);
    doc.text(text, r.left, doc.y, { width: r.width });
    doc.moveDown(0.3);
  }
  const y = doc.y;
  const cells = columns.map((c) => layoutCell(r, [{ text: c.header, bold: true, size: 7.5, color: '#ffffff' }], c.width, 200));
  const h = cells.reduce((m, c) => Math.max(m, c.height), -Infinity);
  doc.save().rect(r.left, y, r.width, h).fill(pdfColors.ink).restore();
  let x = r.left;
  columns.forEach((c, j) => {
    drawRuns(r, cells[j]!.runs, x + pad, y + pad);
    x += c.width;
  });
  doc.fillColor(pdfColors.ink);
  doc.y = y + h;
  doc.x = r.left;
}

/** Draws a table; the header (and caption) repeats at the top of every page the table continues on. */
export function drawTable(r: PdfReport, opts: PdfTableOptions): void {
  const { doc } = r;
  const maxChars = opts.maxCellChars ?? 700;
  // A row is at most what a fresh page holds under the table's header: a taller one is cut to it, so that
  // nothing runs into the footer (a note of 3,000 characters without a space wraps to ~120 lines in a column).
  const fresh = r.bottom - doc.page.margins.top - TABLE_HEAD;
  const rowOf = (row: PdfCell[]) => {
    const cells = opts.columns.map((c, j) => clipToHeight(r, layoutCell(r, row[j] ?? [], c.width, maxChars), c.width, fresh));
    return { cells, h: cells.reduce((m, c) => Math.max(m, c.height), -Infinity) };
  };
  const first = opts.rows.length > 0 ? rowOf(opts.rows[0]!) : undefined;
  // The caption and header go where the first row fits below them: never alone at the foot of a page.
  if (doc.y + TABLE_HEAD + (first?.h ?? 0) > r.bottom) newPage(r);
  drawHeader(r, opts.columns, opts.caption, false);
  opts.rows.forEach((row, i) => {
    const { cells, h } = i === 0 && first !== undefined ? first : rowOf(row);
    if (doc.y + h > r.bottom) {
      newPage(r);
      drawHeader(r, opts.columns, opts.caption, true);
    }
    const y = doc.y;
    const fill = opts.rowFill?.(i);
    if (fill) doc.save().rect(r.left, y, r.width, h).fill(fill).restore();
    let x = r.left;
    opts.columns.forEach((c, j) => {
      drawRuns(r, cells[j]!.runs, x + pad, y + pad);
      x += c.width;
    });
    doc.save().moveTo(r.left, y + h).lineTo(r.left + r.width, y + h).lineWidth(0.5).strokeColor(pdfColors.line).stroke().restore();
    doc.fillColor(pdfColors.ink);
    doc.y = y + h;
    doc.x = r.left;
  });
  doc.moveDown(0.8);
}

/** A paragraph of runs at the cursor, full width. */
export function paragraph(r: PdfReport, runs: PdfRun[], gapAfter = 0.4): void {
  const { doc } = r;
  for (const run of runs) {
    const text = r.fonts.use(run.text, run.bold ? 'bold' : 'regular', run.size ?? 9);
    ensureSpace(r, doc.heightOfString(text, { width: r.width }));
    doc.fillColor(run.color ?? pdfColors.ink).text(text, r.left, doc.y, { width: r.width });
  }
  doc.fillColor(pdfColors.ink);
  doc.moveDown(gapAfter);
}

/** A status shown as white capitals on a coloured pill (`PENDING`). */
export interface PdfBadge {
  text: string;
  color: string;
}

/**
 * A section heading with a rule under it; keeps at least `keep` points of content with it on the page. A badge
 * follows the heading's text on its first line (at the right end when the text fills the line).
 */
export function heading(r: PdfReport, text: string, keep = 60, badge?: PdfBadge): void {
  const { doc } = r;
  ensureSpace(r, 30 + keep);
  doc.moveDown(0.3);
  const pill = badge === undefined ? undefined : { text: r.fonts.use(badge.text, 'bold', 8), color: badge.color };
  const pillWidth = pill === undefined ? 0 : doc.widthOfString(pill.text) + 10;
  const t = r.fonts.use(text, 'bold', 12.5);
  const top = doc.y;
  const room = pill === undefined ? r.width : r.width - pillWidth - 8;
  const end = r.left + Math.min(doc.widthOfString(t), room) + 8;
  doc.fillColor(pdfColors.ink).text(t, r.left, top, { width: room });
  const y = doc.y + 2;
  if (pill !== undefined) {
    doc.save().roundedRect(end, top + 1, pillWidth, 12, 6).fill(pill.color).restore();
    doc.fillColor('#ffffff').text(r.fonts.use(pill.text, 'bold', 8), end + 5, top + 3.5, { lineBreak: false });
    doc.fillColor(pdfColors.ink);
  }
  doc.save().moveTo(r.left, y).lineTo(r.left + r.width, y).lineWidth(0.8).strokeColor(pdfColors.line).stroke().restore();
  doc.y = y + 6;
}

/** The sign-off block: reviewed by, date, signature, with room to write by hand. */
export function drawSignOff(r: PdfReport, statement = 'I have reviewed this report and its findings.', confirmByHand: readonly string[] = []): void {
  const { doc } = r;
  ensureSpace(r, 150 + confirmByHand.length * 14);
  heading(r, 'Sign-off', 110);
  paragraph(r, [{ text: statement, size: 9, color: pdfColors.muted }], 1);
  if (confirmByHand.length > 0) paragraph(r, [{ text: 'Confirmed by hand before changing over:', bold: true, size: 9 }], 0.3);
  for (const c of confirmByHand) paragraph(r, [{ text: `[  ]  ${c}`, size: 9 }], 0.3);
  const y = doc.y + 10;
  const colW = (r.width - 40) / 3;
  ['Reviewed by (name, role)', 'Date', 'Signature'].forEach((label, i) => {
    const x = r.left + i * (colW + 20);
    doc.save().rect(x, y, colW, 48).lineWidth(0.6).strokeColor(pdfColors.faint).stroke().restore();
    doc.fillColor(pdfColors.muted);
    const t = r.fonts.use(label, 'regular', 7.5);
    doc.text(t, x, y + 52, { width: colW });
  });
  doc.fillColor(pdfColors.ink);
  doc.y = y + 72;
  doc.x = r.left;
}

/**
 * Writes the footer on every buffered page: `left` text (e.g. fingerprints) and "Page x of y".
 * Call once, after all content. The bottom margin is lifted while writing so pdfkit adds no page.
 */
export function drawFooters(r: PdfReport, left: (page: number, pages: number) => string): void {
  const { doc } = r;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const savedBottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - margin - 14;
    doc.save().moveTo(r.left, y - 4).lineTo(r.left + r.width, y - 4).lineWidth(0.5).strokeColor(pdfColors.line).stroke().restore();
    const pageText = `Page ${i - range.start + 1} of ${range.count}`;
    doc.fillColor(pdfColors.muted);
    const lt = r.fonts.use(left(i - range.start + 1, range.count), 'regular', 6.5);
    doc.text(lt, r.left, y, { width: r.width - 80, lineBreak: true, height: 20, ellipsis: true });
    const pt = r.fonts.use(pageText, 'regular', 7.5);
    doc.text(pt, r.left + r.width - 80, y, { width: 80, align: 'right', lineBreak: false });
    doc.page.margins.bottom = savedBottom;
  }
  doc.fillColor(pdfColors.ink);
}
