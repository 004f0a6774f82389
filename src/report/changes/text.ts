// Change record as terminal text: one block per change, undocumented changes marked, head hash at the end.
import type { FormatContext } from '../context.js';
import { wrap } from '../text.js';
import { serverLabel, shortTime, type ChangeRecordView } from './view.js';

/** wrap() for the common case in one step: a short printable-ASCII line needs no measuring (30,000 changes). */
function fit(text: string, width: number, first = '', rest = first): string[] {
  if (first.length + text.length <= width && /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(text) && !text.includes('  ')) return [first + text];
  return wrap(text, width, first, rest);
}

export function formatChangesText(view: ChangeRecordView, ctx: FormatContext): string {
  const width = Math.max(40, ctx.width ?? 80);
  const paint = (code: [string, string], s: string) => (ctx.color ? `${code[0]}${s}${code[1]}` : s);
  const bold: [string, string] = ['\u001b[1m', '\u001b[22m'];
  const yellow: [string, string] = ['\u001b[33m', '\u001b[39m'];
  const dim: [string, string] = ['\u001b[2m', '\u001b[22m'];
  const out: string[] = [];
  const scope = [view.site && `site ${view.site}`, view.pair && `pair ${view.pair}`, view.server && `server ${view.server}`].filter(Boolean).join(', ');
  out.push(paint(bold, `${view.title}${scope ? ` — ${scope}` : ''}`));
  out.push(...fit(`Period: ${view.period.label}`, width, '', '        '));
  out.push(
    ...fit(
      `${view.counts.changes} change(s) on ${view.counts.servers} server(s), ${view.counts.undocumented} undocumented`,
      width,
    ),
  );
  for (const c of view.changes) {
    out.push('');
    const mark = c.documented ? '-' : '!';
    out.push(...fit(`${mark} [${c.id}] ${serverLabel(c)}  ${c.setting}  ${c.kindLabel}`, width, '', '    ').map((l, i) => (i === 0 ? paint(bold, l) : l)));
    out.push(...fit(`${c.before} → ${c.after}`, width, '    ', '      '));
    out.push(...fit(`first seen ${shortTime(c.firstSeen)}${c.since ? ` (previous snapshot ${shortTime(c.since)})` : ''}, recorded by ${c.recordedBy}`, width, '    ', '      ').map((l) => paint(dim, l)));
    if (c.documented) out.push(...fit(`why: ${c.why} — ${c.who}${c.ticket ? `, ticket ${c.ticket}` : ''}`, width, '    ', '      '));
    else out.push(...fit(`UNDOCUMENTED: no note explains this change${c.ticket ? ` (ticket ${c.ticket})` : ''}; add one with \`pairaudit note ${c.id} --text ...\``, width, '    ', '      ').map((l) => paint(yellow, l)));
  }
  if (view.changes.length === 0) out.push('', 'No changes in this period.');
  out.push('');
  out.push(...fit(`Journal head: entry ${view.journal.head.seq}, sha256 ${view.journal.head.hash} (${view.journal.entries} entries checked)`, width, '', '  '));
  out.push(`Generated ${view.generatedAt} by ${view.tool.name} ${view.tool.version}`);
  out.push('');
  return out.join('\n');
}
