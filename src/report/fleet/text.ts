// Fleet text format: the fleet's state first, then one line per pair (worst first) and each error's message.
import type { FleetResult } from '../../fleet/types.js';
import type { FormatContext } from '../context.js';
import { wrap } from '../text.js';
import { buildFleetView, type PairRow } from './view.js';

const colour = { red: ['\u001b[31m', '\u001b[39m'], yellow: ['\u001b[33m', '\u001b[39m'], green: ['\u001b[32m', '\u001b[39m'], bold: ['\u001b[1m', '\u001b[22m'] } as const;

export function formatFleetText(result: FleetResult, ctx: FormatContext): string {
  const width = Math.max(60, ctx.width ?? 80);
  const paint = (c: keyof typeof colour, s: string): string => (ctx.color ? `${colour[c][0]}${s}${colour[c][1]}` : s);
  const view = buildFleetView(result);
  const style = (o: PairRow['outcome']): keyof typeof colour => (o === 'in-parity' ? 'green' : o === 'incomplete' ? 'yellow' : 'red');
  const out: string[] = [];
  const head = `FLEET ${view.worstLabel}`;
  const first = `${head}  ${view.summary}`;
  const headLines = first.length <= width ? [first] : wrap(first, width, '', '  ');
  out.push(...headLines.map((l, i) => (i === 0 ? paint('bold', paint(style(view.worst), head)) + l.slice(head.length) : l)));
  out.push(...wrap(`Inventory: ${result.inventory}, ${result.generatedAt}, ${result.tool.name} ${result.tool.version}`, width, '', '  '));
  out.push('');
  const idWidth = Math.min(32, view.rows.reduce((m, r) => Math.max(m, r.id.length), 4));
  out.push(`${'PAIR'.padEnd(idWidth)}  ${'OUTCOME'.padEnd(10)}  BLK  WRN  INF  UNK`);
  for (const r of view.rows) {
    // A pair's id is whole (cut, two pairs of one long site read the same): a long one on a line of its own.
    if (r.id.length > idWidth) out.push(...wrap(r.id, width, '', '  '));
    const id = r.id.length > idWidth ? ''.padEnd(idWidth) : r.id.padEnd(idWidth);
    const n = (x: number): string => String(x).padStart(3);
    out.push(`${id}  ${paint(style(r.outcome), r.outcomeLabel.padEnd(10))}  ${n(r.failed.blocker)}  ${n(r.failed.warning)}  ${n(r.failed.info)}  ${n(r.unknown)}`);
    // The most serious finding on its own line: it never fits a column at 80 characters.
    if (r.outcome !== 'in-parity' && r.outcome !== 'error' && r.pair.top) out.push(...wrap(r.headline, width, '    ', '      '));
    // What collecting its evidence warned of (a pair in parity too: a stale file, a code page not decoded).
    for (const w of r.warnings) out.push(...wrap(`! ${w}`, width, '    ', '      '));
    // What the verdict does not rest on (rules its config set lower, waivers naming no servers): a pair in parity too.
    for (const n of r.notes) out.push(...wrap(`* ${n}`, width, '    ', '      '));
  }
  const errors = view.rows.filter((r) => r.outcome === 'error');
  if (errors.length > 0) {
    out.push('');
    out.push(paint('bold', paint('red', `ERRORS: ${errors.length} pair${errors.length === 1 ? '' : 's'} not audited`)));
    for (const r of errors) out.push(...wrap(`- ${r.id}: ${r.headline}`, width, '', '  '));
  }
  out.push('');
  out.push(...wrap(`Exit code ${view.exitCodeText}. Run \`pairaudit audit\` on a pair, or --format html, for its findings.`, width));
  return `${out.join('\n')}\n`;
}
