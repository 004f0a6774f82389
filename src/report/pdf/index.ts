// PDF format for the auditor: a cover (pair, verdict, counts), the findings table, waivers, and a sign-off block.
import type { AuditResult, Severity, Status } from '../../types.js';
import type { FormatContext } from '../context.js';
import { ASSUMED_MARK, buildAuditView, citedBy, countRows, shownLines, waiverStateLabels, type AuditView, type FindingView } from '../view.js';
import { STATUSES, statusLabels } from '../../vocabulary.js';
import { createPdfReport, drawFooters, drawSignOff, drawTable, heading, newPage, paragraph, pdfBytes, pdfColors, type PdfCell, type PdfReport } from './document.js';

const severityColor: Record<Severity, string> = { blocker: pdfColors.bad, warning: pdfColors.warn, info: pdfColors.info };
const statusColor: Record<Status, string> = { fail: pdfColors.bad, unknown: pdfColors.warn, waived: pdfColors.muted, pass: pdfColors.ok };

export async function formatPdf(result: AuditResult, ctx: FormatContext): Promise<Uint8Array> {
  return renderAuditPdf(buildAuditView(result), ctx);
}

export async function renderAuditPdf(view: AuditView, ctx: Pick<FormatContext, 'fontFile' | 'fontDirs' | 'warn'>): Promise<Uint8Array> {
  const title = `pairaudit ${view.kind === 'check' ? 'changeover check' : 'audit'}: ${view.servers.map((s) => s.label).join(' / ')}`;
  const r = createPdfReport({ title, date: new Date(view.generatedAt), fontFile: ctx.fontFile, fontDirs: ctx.fontDirs, warn: ctx.warn });
  drawCover(r, view);
  newPage(r);
  drawFindings(r, view);
  drawPassed(r, view);
  drawWaivers(r, view);
  drawSources(r, view);
  drawCollectionWarnings(r, view);
  drawSignOff(r, `I have reviewed this ${view.kind === 'check' ? 'changeover check' : 'audit'} of ${view.pair} and its ${view.findings.length} findings.`, view.confirmByHand);
  // Two lines fit under the page: a pair's fingerprints whole, one a line; a larger group's each cut to its first
  // 16 hex digits (enough to tell snapshots apart; the cover lists them whole), so that none is left out.
  const whole = view.servers.length <= 2;
  drawFooters(r, () => view.servers.map((s) => `${s.roleLabel} ${s.label}: ${whole ? s.fingerprint : `${s.fingerprint.slice(0, 16)}…`}`).join(whole ? '\n' : ' · '));
  return pdfBytes(r.doc);
}

function drawCover(r: PdfReport, view: AuditView): void {
  const { doc } = r;
  paragraph(r, [{ text: `PAIRAUDIT · ${view.kind === 'check' ? 'CHANGEOVER CHECK' : 'CONFIGURATION AUDIT'} OF A HOT-STANDBY PAIR`, size: 8, color: pdfColors.muted }], 0.2);
  paragraph(r, [{ text: view.pair, bold: true, size: 16 }], 0.8);

  // Verdict band.
  const verdict = view.goLabel ?? view.verdictLabel;
  const good = view.goLabel ? view.go === true : view.verdict === 'in-parity';
  const color = good ? pdfColors.ok : view.verdict === 'incomplete' && view.goLabel === undefined ? '#b07800' : pdfColors.bad;
  const y = doc.y;
  doc.save().roundedRect(r.left, y, r.width, 58, 4).fill(color).restore();
  doc.fillColor('#ffffff');
  doc.text(r.fonts.use(verdict, 'bold', 24), r.left + 16, y + 15, { width: 170, lineBreak: false });
  const sub = view.goLabel ? `${view.verdictLabel.toLowerCase()}: ${view.headline}` : view.headline;
  doc.text(r.fonts.use(sub, 'regular', 10), r.left + 190, y + 12, { width: r.width - 206, height: 40, ellipsis: true });
  doc.text(r.fonts.use(`Fail on ${view.failOn} · ${view.generatedAt}`, 'regular', 8), r.left + 190, doc.y + 2, { width: r.width - 206, lineBreak: false });
  doc.fillColor(pdfColors.ink);
  doc.y = y + 72;
  doc.x = r.left;
  // What the band may cut short, in full: the profile that does not fit, the roles --roles set, the rules a config
  // lowered, the waivers naming no servers.
  for (const line of [view.profileMisfit, view.roleOverrides, view.severityOverrides, view.unscopedWaivers]) if (line !== undefined) paragraph(r, [{ text: line, size: 9 }], 0.2);

  if (view.kind === 'check' && view.reasons.length > 0) {
    paragraph(r, [{ text: 'Why', bold: true, size: 10 }], 0.1);
    const shown = view.reasons.slice(0, 12);
    paragraph(r, shown.map((t) => ({ text: `• ${t}`, size: 8.5 })), 0.2);
    if (view.reasons.length > shown.length) paragraph(r, [{ text: `…and ${view.reasons.length - shown.length} more in the findings table.`, size: 8.5, color: pdfColors.muted }]);
    doc.moveDown(0.4);
  }

  drawTable(r, {
    caption: 'Servers',
    columns: [
      { header: 'Role', width: 62 },
      { header: 'Server', width: 90 },
      { header: 'Host', width: 100 },
      { header: 'Collected', width: 112 },
      { header: 'Snapshot fingerprint', width: r.width - 364 },
    ],
    rows: view.servers.map((s) => [
      [{ text: s.roleLabel, bold: true }],
      [{ text: s.label }],
      [{ text: s.hostname ?? '' }],
      [{ text: s.collectedAt }],
      [{ text: s.fingerprint, size: 7 }, ...s.sources.map((src) => ({ text: `${src.file} (${src.kind}, sha256 ${src.sha256.slice(0, 16)}…)`, size: 6.5, color: pdfColors.muted }))],
    ]),
  });

  const countCols = [{ header: 'Severity', width: 120 }, ...STATUSES.map((s) => ({ header: statusLabels[s], width: (r.width - 190) / 4 })), { header: 'Total', width: 70 }];
  drawTable(r, {
    caption: 'Findings by severity and status',
    columns: countCols,
    rows: countRows(view).map((row) => [
      [{ text: row.label, bold: true }],
      ...STATUSES.map((s): PdfCell => [{ text: String(row.cells[s]), bold: row.cells[s] > 0 && (s === 'fail' || s === 'unknown'), color: row.cells[s] === 0 ? pdfColors.faint : s === 'fail' ? pdfColors.bad : s === 'unknown' ? pdfColors.warn : pdfColors.ink }]),
      [{ text: String(row.total), bold: true }],
    ]),
    rowFill: (i) => (i === 3 ? pdfColors.soft : undefined),
  });

  heading(r, 'Evidence', 60);
  paragraph(
    r,
    [
      { text: `Rule pack: ${view.rulePack.packs.join(', ')} (${view.rulePack.ruleCount} rules), ${view.rulePack.hash}`, size: 8.5 },
      { text: `Tool: ${view.tool.name} ${view.tool.version}. Audit time: ${view.generatedAt}. Fail threshold: ${view.failOn}.`, size: 8.5 },
      { text: `Unknown findings: ${view.unknowns.length}. Waived: ${view.waived.length}. Waivers needing attention: ${view.waivers.filter((w) => w.attention).length}.`, size: 8.5 },
    ],
    0.4,
  );
}

/** Registry keys in a table cell start at the vendor key; the hive and SOFTWARE\Schneider Electric are the same everywhere. */
function compactWhere(where: string): string {
  return where.replace(/HKLM\\SOFTWARE\\Schneider Electric\\/i, '');
}

function valueCell(f: FindingView, index: number, labelled: boolean): PdfCell {
  const v = f.values[index];
  if (v === undefined) return [];
  const cell: PdfCell = labelled ? [{ text: `${v.roleLabel} · ${v.server}`, size: 6.5, color: pdfColors.muted }] : [];
  // A key's settings gathered: one a line in the cell, not one bracketed list.
  cell.push({ text: shownLines(f, v)?.join('\n') ?? v.text, size: 8, bold: !f.same && f.status !== 'pass', color: v.absent ? pdfColors.faint : pdfColors.ink });
  if (v.where) cell.push({ text: compactWhere(v.where), size: 6.5, color: pdfColors.muted });
  return cell;
}

function drawFindings(r: PdfReport, view: AuditView): void {
  const valueCount = view.findings.reduce((m, f) => Math.max(m, f.values.length), 2);
  const fixed = 56 + 140 + 120;
  const valueWidth = (r.width - fixed) / valueCount;
  // When every finding compares the same servers in the same order, the header names them and the cells need no label.
  const first = view.findings[0]?.values.map((v) => v.role).join() ?? '';
  const uniform = view.findings.every((f) => f.values.map((v) => v.role).join() === first);
  const columns = [
    { header: 'Severity / status', width: 56 },
    { header: 'Setting, rule and finding', width: 140 },
    ...Array.from({ length: valueCount }, (_, i) => {
      const v = view.findings[0]?.values[i];
      return { header: uniform && v ? `${v.roleLabel} · ${v.server}: value, where` : `Value and where (${i === 0 ? 'first' : 'other'} server)`, width: valueWidth };
    }),
    { header: 'How to fix', width: 120 },
  ];
  const attention = view.findings.filter((f) => f.status !== 'pass');
  if (attention.length === 0) {
    heading(r, 'Findings that need attention');
    paragraph(r, [{ text: view.findings.length === 0 ? 'The rule pack produced no findings.' : `None: all ${view.findings.length} checks passed.`, size: 9, color: pdfColors.muted }]);
    return;
  }
  drawTable(r, {
    caption: `Findings that need attention (${attention.length} of ${view.findings.length})`,
    columns,
    rows: attention.map((f) => [
      [
        { text: f.severityLabel, bold: true, size: 7.5, color: severityColor[f.severity] },
        { text: f.statusLabel.toUpperCase(), bold: true, size: 7.5, color: statusColor[f.status] },
      ],
      [
        { text: f.setting, bold: true, size: 8 },
        ...(f.assumed ? [{ text: `(${ASSUMED_MARK})`, size: 6.5, color: pdfColors.info }] : []),
        { text: f.ruleId, size: 6.5, color: pdfColors.muted },
        { text: f.message, size: 7.5 },
        ...f.changes.map((c) => ({ text: `Changed: ${c}`, size: 6.5, color: pdfColors.info })),
        ...(f.diff ? f.diff.map((d) => ({ text: `${f.values[0]?.roleLabel ?? ''} → ${d.against}:\n${d.lines.filter((l) => l.op !== ' ').map((l) => `${l.op} ${l.text}`).join('\n')}`, size: 7 })) : []),
      ],
      ...Array.from({ length: valueCount }, (_, i) => valueCell(f, i, !uniform)),
      [
        { text: f.status === 'pass' ? '' : f.remediation, size: 7 },
        ...(f.citations.length > 0 ? [{ text: `Sources: ${f.citations.map((c) => c.tag).join(', ')} (listed at the end)`, size: 6.5, color: pdfColors.muted }] : []),
        ...(f.waiver ? [{ text: `Waiver (${waiverStateLabels[f.waiver.state]}): ${f.waiver.reason} (${f.waiver.approvedBy}, expires ${f.waiver.expires})`, size: 6.5, color: pdfColors.muted }] : []),
      ],
    ]),
    rowFill: (i) => (attention[i]!.status === 'fail' ? '#fdf3f2' : attention[i]!.status === 'unknown' ? '#fff8e5' : undefined),
  });
}

/** Passing checks, one compact line each: what was compared and found equal. */
function drawPassed(r: PdfReport, view: AuditView): void {
  const passed = view.findings.filter((f) => f.status === 'pass');
  if (passed.length === 0) return;
  r.doc.moveDown(0.5);
  drawTable(r, {
    caption: `Passed checks (${passed.length})`,
    columns: [
      { header: 'Severity', width: 56 },
      { header: 'Setting', width: 190 },
      { header: 'Rule', width: 110 },
      { header: 'Values', width: r.width - 356 },
    ],
    rows: passed.map((f) => [
      [{ text: f.severityLabel, size: 7, color: severityColor[f.severity] }],
      [{ text: f.assumed ? `${f.setting} (${ASSUMED_MARK})` : f.setting, size: 7 }],
      [{ text: f.ruleId, size: 7, color: pdfColors.muted }],
      [{ text: f.values.map((v) => `${v.roleLabel}: ${v.text}`).join('   '), size: 7 }],
    ]),
    maxCellChars: 200,
  });
}

function drawWaivers(r: PdfReport, view: AuditView): void {
  const rows = view.waivers;
  if (rows.length === 0) return;
  r.doc.moveDown(0.5);
  drawTable(r, {
    caption: `Waivers (${rows.length})`,
    columns: [
      { header: 'Rule and setting', width: 130 },
      { header: 'State', width: 70 },
      { header: 'Finding it covers', width: r.width - 400 },
      { header: 'Approved by, expires', width: 80 },
      { header: 'Reason', width: 120 },
    ],
    rows: rows.map((w) => [
      [{ text: w.setting, bold: true }, { text: w.ruleId, size: 6.5, color: pdfColors.muted }],
      [{ text: w.stateLabel, bold: true, color: w.state === 'active' ? pdfColors.ok : w.state === 'unused' ? pdfColors.muted : pdfColors.bad }],
      [{ text: w.covers || '—', size: 7 }, ...w.changes.map((c) => ({ text: c, size: 7, color: pdfColors.bad }))],
      [{ text: w.approvedBy }, { text: w.expires, size: 7, color: pdfColors.muted }],
      [{ text: w.reason }],
    ]),
  });
}

/** The documents the findings that need attention cite: tag, title, and the URL as a link. */
function drawSources(r: PdfReport, view: AuditView): void {
  const cited = citedBy(view.findings.filter((f) => f.status !== 'pass'), view.citations);
  if (cited.length === 0) return;
  r.doc.moveDown(0.5);
  drawTable(r, {
    caption: `Sources (${cited.length})`,
    columns: [
      { header: 'Tag', width: 60 },
      { header: 'Document', width: r.width - 60 },
    ],
    rows: cited.map((c) => [
      [{ text: c.tag, bold: true }],
      [{ text: c.title, link: c.url }, { text: c.url, size: 6.5, color: pdfColors.info, link: c.url }],
    ]),
  });
}

/** What collecting the servers' evidence warned of, a row each. */
function drawCollectionWarnings(r: PdfReport, view: AuditView): void {
  if (view.collectionWarnings.length === 0) return;
  r.doc.moveDown(0.5);
  drawTable(r, {
    caption: `Collection warnings (${view.collectionWarnings.length})`,
    columns: [{ header: 'Server, file and line: warning', width: r.width }],
    rows: view.collectionWarnings.map((w) => [[{ text: w }]]),
  });
}
