// Change record as PDF: scope and period, the changes table (header repeated, undocumented rows tinted),
// the journal head, a sign-off block and "Page x of y" footers, on the shared PDF building blocks.
import type { FormatContext } from '../context.js';
import { createPdfReport, drawFooters, drawSignOff, drawTable, heading, paragraph, pdfBytes, pdfColors } from '../pdf/document.js';
import { drawChangeoverList, drawChangeoverSection, drawChanges } from './pdf-sections.js';
import { shortTime, signerLine, type ChangeRecordView } from './view.js';

export async function formatChangesPdf(view: ChangeRecordView, ctx: Pick<FormatContext, 'fontFile' | 'fontDirs' | 'warn'> = { }): Promise<Uint8Array> {
  const scope = [view.site && `Site ${view.site}`, view.pair && `Pair ${view.pair}`, view.server && `Server ${view.server}`].filter(Boolean).join(' · ');
  const r = createPdfReport({ title: `${view.title}${scope ? `: ${scope}` : ''}`, subject: 'pairaudit change record', date: new Date(view.generatedAt), fontFile: ctx.fontFile, fontDirs: ctx.fontDirs, warn: ctx.warn });

  const changeovers = view.focus === 'changeovers';
  paragraph(r, [{ text: changeovers ? 'PAIRAUDIT · CHANGEOVER RECORD' : 'PAIRAUDIT · CHANGE RECORD', size: 8, color: pdfColors.muted }], 0.2);
  paragraph(r, [{ text: view.title, bold: true, size: 16 }], 0.3);
  if (scope) paragraph(r, [{ text: scope, size: 10 }], 0.2);
  paragraph(r, [{ text: `Period: ${view.period.label}${view.period.first ? ` (changes first seen ${shortTime(view.period.first)} to ${shortTime(view.period.last ?? '')})` : ''}`, size: 9 }], 0.2);
  if (changeovers) paragraph(r, [{ text: `${view.counts.changeovers} changeover(s) in this period`, size: 10, bold: true }], 0.6);
  else paragraph(
    r,
    [
      {
        text: `${view.counts.changes} change(s) on ${view.counts.servers} server(s): ${view.counts.documented} documented, ${view.counts.undocumented} undocumented${view.counts.undocumented > 0 ? ' (tinted below: no note explains them)' : ''}`,
        size: 10,
        bold: true,
        color: view.counts.undocumented > 0 ? pdfColors.bad : pdfColors.ok,
      },
    ],
    0.6,
  );

  if (view.servers.length > 0) {
    drawTable(r, {
      caption: 'Servers',
      columns: [
        { header: 'Server', width: 160 },
        { header: 'Role', width: 90 },
        { header: 'Pair', width: r.width - 410 },
        { header: 'Changes', width: 80 },
        { header: 'Undocumented', width: 80 },
      ],
      rows: view.servers.map((s) => [[{ text: s.server, bold: true }], [{ text: s.roleLabel ?? '' }], [{ text: s.pair ?? '' }], [{ text: String(s.changes) }], [{ text: String(s.undocumented), bold: s.undocumented > 0, color: s.undocumented > 0 ? pdfColors.bad : pdfColors.faint }]]),
    });
  }

  if (view.changeovers.length > 0 && !changeovers) drawChangeoverList(r, view.changeovers);
  if (changeovers) {
    if (view.changeovers.length === 0) paragraph(r, [{ text: 'No changeovers in this period.', size: 10, color: pdfColors.muted }], 0.8);
    for (const [i, c] of view.changeovers.entries()) drawChangeoverSection(r, c, i === 0);
  } else if (view.changes.length === 0) paragraph(r, [{ text: 'No changes in this period.', size: 10, color: pdfColors.muted }], 0.8);
  else drawChanges(r, view.changes, 'Changes');

  heading(r, 'Journal', 40);
  paragraph(r, [{ text: `Produced from a journal of ${view.journal.entries} entries whose hash chain was checked while reading. Head entry ${view.journal.head.seq}, sha256:`, size: 9 }], 0.1);
  paragraph(r, [{ text: view.journal.head.hash, size: 9, bold: true }], 0.6);
  for (const signer of view.signers) paragraph(r, [{ text: signerLine(signer), size: 9 }], 0.6);
  paragraph(r, [{ text: `Generated ${view.generatedAt} by ${view.tool.name} ${view.tool.version}.`, size: 8, color: pdfColors.muted }], 0.6);

  if (!changeovers) drawSignOff(r, `I have reviewed the ${view.counts.changes} change(s) listed in this record, including the ${view.counts.undocumented} undocumented one(s).`);
  drawFooters(r, () => `${view.title}${scope ? ` · ${scope}` : ''} · journal head ${view.journal.head.seq} ${view.journal.head.hash}`);
  return pdfBytes(r.doc);
}
