// Fleet PDF (pdfkit): a summary of every pair first, then a page per pair with its servers, counts and findings.
import PDFDocument from 'pdfkit';
import { existsSync } from 'node:fs';
import type { FleetResult } from '../../fleet/types.js';
import type { FormatContext } from '../index.js';
import { buildAuditView, countRows, statusOrder } from '../view.js';
import { buildFleetView, type PairRow } from './view.js';

/** A Unicode font where the system has one (Ü, —, Cyrillic print correctly); pdfkit's Helvetica otherwise. */
const FONT_CANDIDATES = [
  ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'],
  ['C:\\Windows\\Fonts\\arial.ttf', 'C:\\Windows\\Fonts\\arialbd.ttf'],
];

const colours: Record<string, string> = { 'in-parity': '#1e7b34', drift: '#b3261e', error: '#b3261e', incomplete: '#6b4fa0', blocker: '#b3261e', warning: '#8a5a00', info: '#1f5f99' };
const MARGIN = 50;

export function formatFleetPdf(result: FleetResult, _ctx?: FormatContext): Promise<Uint8Array> {
  const view = buildFleetView(result);
  const fixed = new Date(result.generatedAt);
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, bufferPages: true, info: { Title: `pairaudit fleet: ${view.summary}`, Creator: `${result.tool.name} ${result.tool.version}`, CreationDate: fixed, ModDate: fixed } });
  const fonts = FONT_CANDIDATES.find(([r, b]) => existsSync(r) && existsSync(b));
  if (fonts) {
    doc.registerFont('body', fonts[0]);
    doc.registerFont('bold', fonts[1]);
  } else {
    doc.registerFont('body', 'Helvetica');
    doc.registerFont('bold', 'Helvetica-Bold');
  }
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Uint8Array>((resolve) => doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks)))));
  const width = doc.page.width - 2 * MARGIN;

  // Cover and summary.
  doc.font('bold').fontSize(20).fillColor('#1b1f24').text('pairaudit fleet audit');
  doc.moveDown(0.3).font('bold').fontSize(14).fillColor(colours[view.worst]).text(`FLEET ${view.worst === 'in-parity' ? 'IN PARITY' : view.worst.toUpperCase()}: ${view.summary}`);
  doc.font('body').fontSize(9).fillColor('#5b6570').text(`Inventory ${result.inventory} · audited ${result.generatedAt} · ${result.tool.name} ${result.tool.version} · exit code ${result.exitCode}`, { width });
  doc.moveDown();
  summaryTable(doc, view.rows, width);

  for (const r of view.rows) pairPage(doc, r, width);

  // Page numbers, once every page exists.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.height - MARGIN + 14;
    doc.font('body').fontSize(8).fillColor('#5b6570');
    doc.text(`pairaudit fleet · ${result.generatedAt}`, MARGIN, bottom, { width, lineBreak: false, height: 10 });
    doc.text(`page ${i + 1} of ${range.count}`, MARGIN, bottom, { width, align: 'right', lineBreak: false, height: 10 });
  }
  doc.end();
  return done;
}

const COLUMNS = [
  { label: 'Pair', width: 0.3 },
  { label: 'Outcome', width: 0.12 },
  { label: 'Blk', width: 0.05 },
  { label: 'Wrn', width: 0.05 },
  { label: 'Inf', width: 0.05 },
  { label: 'Unk', width: 0.05 },
  { label: 'Most serious finding', width: 0.38 },
];

function summaryTable(doc: PDFKit.PDFDocument, rows: PairRow[], width: number): void {
  const header = (): void => {
    const y = doc.y;
    doc.rect(MARGIN, y - 2, width, 14).fill('#e9edf1');
    doc.font('bold').fontSize(8).fillColor('#1b1f24');
    let x = MARGIN;
    for (const c of COLUMNS) {
      doc.text(c.label, x + 2, y + 1, { width: c.width * width - 4, lineBreak: false, height: 10 });
      x += c.width * width;
    }
    doc.y = y + 14;
  };
  header();
  rows.forEach((r, i) => {
    const cells = [r.id, r.outcomeLabel, String(r.failed.blocker), String(r.failed.warning), String(r.failed.info), String(r.unknown), r.outcome === 'in-parity' ? '' : r.headline];
    doc.font('body').fontSize(8);
    const heights = cells.map((c, k) => doc.heightOfString(c, { width: COLUMNS[k].width * width - 4 }));
    const rowHeight = Math.min(40, Math.max(...heights)) + 4;
    if (doc.y + rowHeight > doc.page.height - MARGIN - 10) {
      doc.addPage();
      header();
    }
    const y = doc.y;
    if (i % 2 === 1) doc.rect(MARGIN, y - 1, width, rowHeight).fill('#f6f8fa');
    let x = MARGIN;
    cells.forEach((c, k) => {
      const colour = k === 1 ? colours[r.outcome] : '#1b1f24';
      doc.font(k === 1 ? 'bold' : 'body').fontSize(8).fillColor(colour);
      doc.text(c, x + 2, y + 1, { width: COLUMNS[k].width * width - 4, height: rowHeight - 2, ellipsis: true });
      x += COLUMNS[k].width * width;
    });
    doc.y = y + rowHeight;
  });
}

function pairPage(doc: PDFKit.PDFDocument, r: PairRow, width: number): void {
  doc.addPage();
  const p = r.pair;
  doc.font('bold').fontSize(16).fillColor('#1b1f24').text(r.id, MARGIN, MARGIN, { width });
  doc.font('bold').fontSize(12).fillColor(colours[r.outcome]).text(r.outcomeLabel);
  doc.moveDown(0.5);
  if (!p.audit) {
    doc.font('body').fontSize(10).fillColor('#b3261e').text(`Not audited: ${p.error ?? 'error'}`, { width });
    doc.moveDown(0.5).fillColor('#1b1f24');
    for (const s of p.servers) doc.font('body').fontSize(9).text(`${s.role}: ${s.path}`, { width });
    return;
  }
  const view = buildAuditView(p.audit);
  doc.font('body').fontSize(10).fillColor('#1b1f24').text(view.headline, { width });
  doc.moveDown(0.5);
  for (const s of view.servers) {
    const given = p.servers.find((g) => g.role === s.role)?.path ?? '';
    doc.font('bold').fontSize(9).text(`${s.roleLabel}: `, { continued: true }).font('body').text(`${s.label} · ${given} · collected ${s.collectedAt}`, { width });
    doc.fontSize(7).fillColor('#5b6570').text(s.fingerprint, { width }).fillColor('#1b1f24');
  }
  doc.moveDown(0.5);
  doc.font('body').fontSize(9).text(`Counts (${statusOrder.join(' / ')}): ` + countRows(view).map((c) => `${c.label} ${statusOrder.map((s) => c.cells[s]).join('/')}`).join(' · '), { width });
  doc.moveDown(0.5);
  const shown = view.findings.filter((f) => f.status !== 'pass');
  for (const f of shown) {
    if (doc.y > doc.page.height - MARGIN - 60) doc.addPage();
    doc.font('bold').fontSize(9).fillColor(colours[f.severity]).text(`${f.severityLabel} ${f.statusLabel.toLowerCase()}  `, { continued: true }).fillColor('#1b1f24').text(`${f.setting}  (${f.ruleId})`, { width });
    doc.font('body').fontSize(8.5).text(f.message, { width, indent: 10 });
    for (const v of f.values) doc.fontSize(8).fillColor('#5b6570').text(`${v.roleLabel}: ${v.text}${v.where ? `  at ${v.where}` : ''}`, { width, indent: 10 });
    doc.fillColor('#1b1f24').moveDown(0.3);
  }
  const passed = view.findings.length - shown.length;
  if (passed > 0) doc.font('body').fontSize(8.5).fillColor('#5b6570').text(`${passed} checks passed.`, { width });
}
