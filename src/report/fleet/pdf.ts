// Fleet PDF: the summary of every pair first, then a page per pair (servers, counts, what failed), on the report's PDF building blocks.
import type { FleetResult, PairOutcome } from '../../fleet/types.js';
import type { Severity, Status } from '../../types.js';
import type { FormatContext } from '../context.js';
import { createPdfReport, drawFooters, drawSignOff, drawTable, heading, newPage, paragraph, pdfBytes, pdfColors, type PdfCell, type PdfReport } from '../pdf/document.js';
import { countRows, shownLines } from '../view.js';
import { STATUSES, statusLabels } from '../../vocabulary.js';
import { buildFleetView, pairDetail, type PairRow } from './view.js';

const outcomeColor: Record<PairOutcome, string> = { 'in-parity': pdfColors.ok, drift: pdfColors.bad, error: pdfColors.bad, incomplete: pdfColors.warn };
const severityColor: Record<Severity, string> = { blocker: pdfColors.bad, warning: pdfColors.warn, info: pdfColors.info };
const statusColor: Record<Status, string> = { fail: pdfColors.bad, unknown: pdfColors.warn, waived: pdfColors.muted, pass: pdfColors.ok };

export async function formatFleetPdf(result: FleetResult, ctx: Partial<Pick<FormatContext, 'fontFile' | 'fontDirs' | 'warn'>> = {}): Promise<Uint8Array> {
  const view = buildFleetView(result);
  const r = createPdfReport({ title: `pairaudit fleet audit: ${view.summary}`, date: new Date(result.generatedAt), fontFile: ctx.fontFile, fontDirs: ctx.fontDirs, warn: ctx.warn });
  paragraph(r, [{ text: 'PAIRAUDIT · FLEET CONFIGURATION AUDIT', size: 8, color: pdfColors.muted }], 0.2);
  paragraph(r, [{ text: `FLEET ${view.worstLabel}`, bold: true, size: 20, color: outcomeColor[view.worst] }], 0.1);
  paragraph(r, [{ text: view.summary, bold: true, size: 11 }, { text: `Inventory ${result.inventory} · audited ${result.generatedAt} · ${result.tool.name} ${result.tool.version} · exit code ${view.exitCodeText}`, size: 8.5, color: pdfColors.muted }], 0.6);
  const w = r.width;
  drawTable(r, {
    caption: `Pairs (${view.rows.length})`,
    columns: [
      { header: 'Pair', width: w * 0.24 },
      { header: 'Outcome', width: w * 0.12 },
      { header: 'Blk', width: w * 0.06 },
      { header: 'Wrn', width: w * 0.06 },
      { header: 'Inf', width: w * 0.06 },
      { header: 'Unk', width: w * 0.06 },
      { header: 'Most serious finding', width: w * 0.4 },
    ],
    rows: view.rows.map((row) => summaryRow(row)),
    maxCellChars: 240,
    rowFill: (i) => (view.rows[i]!.outcome === 'in-parity' ? undefined : i % 2 ? '#fdf3f2' : '#fbeae8'),
  });
  drawSignOff(r, `I have reviewed this fleet audit of ${view.rows.length} pairs and the findings of each pair on the following pages.`);
  // A page per pair, in the summary's order (worst first).
  view.rows.forEach((row, i) => pairPage(r, row, `PAIR ${i + 1} OF ${view.rows.length}`));
  drawFooters(r, () => `pairaudit fleet · ${result.inventory} · ${result.generatedAt}`);
  return pdfBytes(r.doc);
}

function count(n: number, color: string): PdfCell {
  return [{ text: String(n), bold: n > 0, color: n > 0 ? color : pdfColors.faint }];
}

function summaryRow(row: PairRow): PdfCell[] {
  return [
    [{ text: row.id, bold: true }],
    [{ text: row.outcomeLabel, bold: true, color: outcomeColor[row.outcome] }],
    count(row.failed.blocker, pdfColors.bad),
    count(row.failed.warning, pdfColors.warn),
    count(row.failed.info, pdfColors.info),
    count(row.unknown, pdfColors.warn),
    [{ text: row.outcome === 'in-parity' ? '' : row.headline, size: 7.5 }],
  ];
}

function pairPage(r: PdfReport, row: PairRow, position: string): void {
  newPage(r);
  paragraph(r, [{ text: `${position} · ${row.site}`, size: 8, color: pdfColors.muted }], 0.1);
  paragraph(r, [{ text: row.id, bold: true, size: 16 }, { text: row.outcomeLabel, bold: true, size: 13, color: outcomeColor[row.outcome] }], 0.5);
  const detail = pairDetail(row);
  if (detail === undefined) {
    paragraph(r, [{ text: `Not audited: ${row.headline}`, bold: true, size: 10, color: pdfColors.bad }], 0.5);
    drawTable(r, { caption: 'Servers', columns: [{ header: 'Role', width: 110 }, { header: 'File (as given in the inventory)', width: r.width - 110 }], rows: row.given.map((s) => [[{ text: s.roleLabel, bold: true }], [{ text: s.path }]]) });
    return;
  }
  const view = detail.audit;
  const t = view.totals;
  paragraph(r, [{ text: `${t.fail} failed, ${t.unknown} unknown, ${t.waived} waived, ${t.pass} passed (fail on ${view.failOn}).`, size: 10 }], 0.5);
  // What the verdict does not rest on (rules the pair's config set lower, waivers naming no servers), under its totals.
  if (row.notes.length > 0) paragraph(r, row.notes.map((n, i) => ({ text: `${i > 0 ? '\n' : ''}${n}`, bold: true, size: 8.5, color: pdfColors.warn })), 0.5);
  drawTable(r, {
    caption: 'Servers',
    columns: [
      { header: 'Role', width: 62 },
      { header: 'Server', width: 90 },
      { header: 'File', width: 130 },
      { header: 'Snapshot fingerprint', width: r.width - 282 },
    ],
    rows: detail.servers.map((s) => [[{ text: s.roleLabel, bold: true }], [{ text: s.label }], [{ text: s.given }], [{ text: s.fingerprint, size: 7 }]]),
  });
  drawTable(r, {
    caption: 'Findings by severity and status',
    columns: [{ header: 'Severity', width: 120 }, ...STATUSES.map((s) => ({ header: statusLabels[s], width: (r.width - 190) / 4 })), { header: 'Total', width: 70 }],
    rows: countRows(view).map((c) => [[{ text: c.label, bold: true }], ...STATUSES.map((s): PdfCell => [{ text: String(c.cells[s]), color: c.cells[s] === 0 ? pdfColors.faint : statusColor[s] }]), [{ text: String(c.total), bold: true }]]),
  });
  if (detail.notes !== undefined) paragraph(r, [{ text: detail.notes, size: 8, color: pdfColors.muted }], 0.5);
  if (row.warnings.length > 0) paragraph(r, [{ text: `Collection warnings (${row.warnings.length}):`, bold: true, size: 8 }, ...row.warnings.map((w) => ({ text: `\n• ${w}`, size: 8 }))], 0.5);
  const shown = detail.findings;
  if (shown.length === 0) {
    heading(r, 'Findings', 20);
    paragraph(r, [{ text: `All ${view.totals.pass} checks passed.`, size: 9, color: pdfColors.muted }]);
    return;
  }
  drawTable(r, {
    caption: `Failed, unknown and waived findings (${shown.length}; ${view.totals.pass} checks passed)`,
    columns: [
      { header: 'Severity / status', width: 60 },
      { header: 'Setting, rule and finding', width: 190 },
      { header: 'Values and where', width: r.width - 250 },
    ],
    rows: shown.map((f) => [
      [
        { text: f.severityLabel, bold: true, size: 7.5, color: severityColor[f.severity] },
        { text: f.statusLabel.toUpperCase(), bold: true, size: 7.5, color: statusColor[f.status] },
      ],
      [
        { text: f.setting, bold: true },
        { text: f.ruleId, size: 6.5, color: pdfColors.muted },
        { text: f.message, size: 7.5 },
        ...f.changes.map((c) => ({ text: `Changed: ${c}`, size: 6.5, color: pdfColors.info })),
      ],
      f.values.flatMap((v) => [
        // A key's settings gathered (`name = value` lines): a line each under the server, as the audit's PDF shows them.
        { text: `${v.roleLabel} · ${v.server}: ${shownLines(f, v)?.map((line) => `\n${line}`).join('') ?? v.text}`, size: 7.5, color: v.absent ? pdfColors.faint : pdfColors.ink },
        ...(v.where ? [{ text: v.where, size: 6.5, color: pdfColors.muted }] : []),
      ]),
    ]),
    maxCellChars: 400,
  });
}
