// Sections of the change-record PDF: the changes table, the changeovers beside it, or one signed section per changeover.
import { drawSignOff, drawTable, heading, newPage, paragraph, pdfColors, type PdfCell, type PdfReport } from '../pdf/document.js';
import { mainMove } from './changeovers.js';
import { seenWhen, serverLabel, shortTime, type ChangeoverView, type ChangeView } from './view.js';

const undocumentedTint = '#fff4d6';

/** The mark of a changeover not journalled yet, beside its entry number (the text format's `(pending)`, pendingText's `PENDING:`). */
const PENDING = 'PENDING';
const pendingMark = { text: PENDING, bold: true, size: 6, color: pdfColors.warn };

const recordedBy = (c: ChangeoverView) => `${c.who}${c.ticket ? `, ticket ${c.ticket}` : ''}`;

/** One row per changeover, for the change record that lists them beside the setting changes. */
export function drawChangeoverList(r: PdfReport, changeovers: ChangeoverView[]): void {
  drawTable(r, {
    caption: 'Changeovers',
    columns: [
      { header: 'Entry', width: 36 },
      { header: 'Pair', width: 70 },
      { header: 'Main before → after', width: 130 },
      { header: 'Between', width: 74 },
      { header: 'Checks before / after', width: 85 },
      { header: 'Settings changed', width: 50 },
      { header: 'Recorded by', width: r.width - 445 },
    ],
    rows: changeovers.map((c) => [
      [{ text: String(c.seq) }, ...(c.pending === true ? [pendingMark] : [])],
      [{ text: c.pair }],
      [{ text: c.mainBefore.name }, { text: `→ ${c.mainAfter.name}`, bold: true }],
      [{ text: shortTime(c.between.before) }, { text: shortTime(c.between.after) }],
      [{ text: `${c.preCheck.label} (${c.preCheck.seq})` }, { text: `${c.postCheck.label} (${c.postCheck.seq})` }],
      [{ text: c.changed ? String(c.changes.length) : 'none', bold: c.undocumented > 0, color: c.undocumented > 0 ? pdfColors.bad : pdfColors.ink }],
      [{ text: recordedBy(c) }, ...(c.note ? [{ text: c.note, size: 7, color: pdfColors.muted }] : [])],
    ]),
  });
}

const checkColor = (c: ChangeoverView['preCheck']) => ((c.go ?? c.verdict === 'in-parity') ? pdfColors.ok : pdfColors.bad);

/** The record an engineer signs after a test changeover: servers, roles before and after, both checks, the changes across it. */
export function drawChangeoverSection(r: PdfReport, c: ChangeoverView, first: boolean): void {
  if (!first) newPage(r);
  heading(r, `Changeover ${c.seq}: ${c.pair}`, 160, c.pending === true ? { text: PENDING, color: pdfColors.warn } : undefined);
  paragraph(r, [{ text: mainMove(c), bold: true, size: 11 }], 0.2);
  paragraph(r, [{ text: `Between ${shortTime(c.between.before)} (the last collection before) and ${shortTime(c.between.after)} (the first collection after). Recorded by ${recordedBy(c)} at ${shortTime(c.recordedAt)}.`, size: 9 }], 0.2);
  if (c.note) paragraph(r, [{ text: `Note: ${c.note}`, size: 9 }], 0.2);
  drawTable(r, {
    caption: 'Servers and roles',
    columns: [
      { header: 'Server', width: r.width - 240 },
      { header: 'Role before', width: 120 },
      { header: 'Role after', width: 120 },
    ],
    rows: c.servers.map((s) => [[{ text: s.name, bold: true }], [{ text: s.before }], [{ text: s.after, bold: s.after === 'Main' }]]),
  });
  drawTable(r, {
    caption: 'Checks',
    columns: [
      { header: '', width: 90 },
      { header: 'Result', width: 110 },
      { header: 'Journal entry', width: 90 },
      { header: 'Run at', width: r.width - 290 },
    ],
    rows: [
      ['Pre-check', c.preCheck] as const,
      ['Post-check', c.postCheck] as const,
    ].map(([name, k]) => [[{ text: name, bold: true }], [{ text: k.label, bold: true, color: checkColor(k) }], [{ text: String(k.seq) }], [{ text: shortTime(k.generatedAt) }]]),
  });
  if (c.changed) {
    paragraph(r, [{ text: `${c.changes.length} setting change(s) across the changeover, ${c.undocumented} undocumented:`, size: 9, bold: true, color: c.undocumented > 0 ? pdfColors.bad : pdfColors.ink }], 0.3);
    drawChanges(r, c.changes, 'Changes across the changeover');
  } else paragraph(r, [{ text: 'No setting changed across the changeover.', size: 9, bold: true, color: pdfColors.ok }], 0.6);
  drawSignOff(r, `I performed or witnessed changeover ${c.seq} of ${c.pair} (${mainMove(c)}) and have reviewed both checks and the ${c.changes.length} setting change(s) across it.`);
}

/** The table of setting changes: id, server, setting, values, when, who, why (undocumented rows tinted). */
export function drawChanges(r: PdfReport, changes: ChangeView[], caption: string): void {
  // A4 portrait has 515 pt of width: the values share what the fixed columns leave.
  const cols = { id: 32, server: 68, setting: 92, when: 54, who: 44, why: 84 };
  const valueWidth = (r.width - Object.values(cols).reduce((a, b) => a + b, 0)) / 2;
  drawTable(r, {
    caption,
    columns: [
      { header: 'Id', width: cols.id },
      { header: 'Server', width: cols.server },
      { header: 'Setting', width: cols.setting },
      { header: 'Before', width: valueWidth },
      { header: 'After', width: valueWidth },
      { header: 'First seen', width: cols.when },
      { header: 'Who', width: cols.who },
      { header: 'Why / ticket', width: cols.why },
    ],
    rows: changes.map((c): PdfCell[] => [
      [{ text: c.id }],
      [{ text: serverLabel(c) }],
      [{ text: c.setting, bold: true }, { text: c.kindLabel, size: 7, color: pdfColors.muted }],
      [{ text: c.before, color: c.kind === 'added' ? pdfColors.faint : pdfColors.ink }],
      [{ text: c.after, color: c.kind === 'removed' ? pdfColors.faint : pdfColors.ink }],
      [{ text: seenWhen(c) }],
      [{ text: c.who }],
      [c.documented ? { text: c.why } : { text: 'Undocumented', bold: true, color: pdfColors.bad }, ...(c.ticket ? [{ text: `ticket ${c.ticket}`, size: 7, color: pdfColors.muted }] : [])],
    ]),
    rowFill: (i) => (changes[i].documented ? undefined : undocumentedTint),
  });
}
