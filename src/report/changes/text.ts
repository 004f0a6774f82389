// Change record as terminal text: one block per change, undocumented changes marked, changeovers, head hash at the end.
import type { FormatContext } from '../context.js';
import { wrap } from '../text.js';
import { pushLines } from '../wrap.js';
import { mainMove } from './changeovers.js';
import { seenWhen, serverLabel, shortTime, signerLine, type ChangeoverView, type ChangeRecordView, type ChangeView } from './view.js';

/** wrap() for the common case in one step: a short printable-ASCII line needs no measuring (30,000 changes). */
function fit(text: string, width: number, first = '', rest = first): string[] {
  if (first.length + text.length <= width && /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(text) && !text.includes('  ')) return [first + text];
  return wrap(text, width, first, rest);
}

type Paint = (code: [string, string], s: string) => string;
const bold: [string, string] = ['\u001b[1m', '\u001b[22m'];
const yellow: [string, string] = ['\u001b[33m', '\u001b[39m'];
const dim: [string, string] = ['\u001b[2m', '\u001b[22m'];

function changeBlock(c: ChangeView, width: number, paint: Paint, indent = ''): string[] {
  const out: string[] = [];
  const mark = c.documented ? '-' : '!';
  pushLines(out, fit(`${mark} [${c.id}] ${serverLabel(c)}  ${c.setting}  ${c.kindLabel}`, width, indent, `${indent}    `).map((l, i) => (i === 0 ? paint(bold, l) : l)));
  pushLines(out, fit(`${c.before} → ${c.after}`, width, `${indent}    `, `${indent}      `));
  pushLines(out, fit(`first seen ${seenWhen(c)}${c.since ? ` (last seen unchanged ${shortTime(c.since)})` : ''}, recorded by ${c.recordedBy}`, width, `${indent}    `, `${indent}      `).map((l) => paint(dim, l)));
  if (c.documented) pushLines(out, fit(`why: ${c.why} — ${c.who}${c.ticket ? `, ticket ${c.ticket}` : ''}`, width, `${indent}    `, `${indent}      `));
  else pushLines(out, fit(`UNDOCUMENTED: no note explains this change${c.ticket ? ` (ticket ${c.ticket})` : ''}; add one with \`pairaudit note ${c.id} --text ...\``, width, `${indent}    `, `${indent}      `).map((l) => paint(yellow, l)));
  return out;
}

function changeoverBlock(c: ChangeoverView, width: number, paint: Paint, detail: boolean): string[] {
  const out: string[] = [];
  const line = (text: string) => pushLines(out, fit(text, width, '    ', '      '));
  pushLines(out, fit(`* [${c.seq}] ${c.pair}: ${mainMove(c)}`, width, '', '    ').map((l, i) => (i === 0 ? paint(bold, l) : l)));
  line(`between ${shortTime(c.between.before)} (last collection before) and ${shortTime(c.between.after)} (first collection after)`);
  line(`roles before: ${c.rolesBefore.map((h) => `${h.roleLabel} ${h.name}`).join(', ')}`);
  line(`roles after: ${c.rolesAfter.map((h) => `${h.roleLabel} ${h.name}`).join(', ')}`);
  line(`pre-check: ${c.preCheck.label} (entry ${c.preCheck.seq}, ${shortTime(c.preCheck.generatedAt)}); post-check: ${c.postCheck.label} (entry ${c.postCheck.seq}, ${shortTime(c.postCheck.generatedAt)})`);
  const changed = c.changed ? `${c.changes.length} (${c.undocumented} undocumented)${detail ? '' : `: ${c.changes.map((x) => x.id).join(', ')}`}` : 'none';
  pushLines(out, fit(`settings changed across it: ${changed}`, width, '    ', '      ').map((l) => (c.undocumented > 0 ? paint(yellow, l) : l)));
  line(`recorded by ${c.who}${c.ticket ? `, ticket ${c.ticket}` : ''}${c.note ? `: ${c.note}` : ''}`);
  if (detail)
    for (const x of c.changes) {
      out.push('');
      pushLines(out, changeBlock(x, width, paint, '    '));
    }
  return out;
}

export function formatChangesText(view: ChangeRecordView, ctx: FormatContext): string {
  const width = Math.max(40, ctx.width ?? 80);
  const paint: Paint = (code, s) => (ctx.color ? `${code[0]}${s}${code[1]}` : s);
  const out: string[] = [];
  const changeovers = view.focus === 'changeovers';
  const scope = [view.site && `site ${view.site}`, view.pair && `pair ${view.pair}`, view.server && `server ${view.server}`].filter(Boolean).join(', ');
  out.push(paint(bold, `${view.title}${scope ? ` — ${scope}` : ''}`));
  pushLines(out, fit(`Period: ${view.period.label}`, width, '', '        '));
  if (changeovers) out.push(`${view.counts.changeovers} changeover(s)`);
  else pushLines(out, fit(`${view.counts.changes} change(s) on ${view.counts.servers} server(s), ${view.counts.undocumented} undocumented`, width));
  if (view.changeovers.length > 0) {
    if (!changeovers) out.push('', `Changeovers (${view.changeovers.length})`);
    for (const c of view.changeovers) {
      out.push('');
      pushLines(out, changeoverBlock(c, width, paint, changeovers));
    }
  }
  if (!changeovers) {
    if (view.changeovers.length > 0 && view.changes.length > 0) out.push('', `Changes (${view.changes.length})`);
    for (const c of view.changes) {
      out.push('');
      pushLines(out, changeBlock(c, width, paint));
    }
    if (view.changes.length === 0) out.push('', 'No changes in this period.');
  } else if (view.changeovers.length === 0) out.push('', 'No changeovers in this period.');
  out.push('');
  pushLines(out, fit(`Journal head: entry ${view.journal.head.seq}, sha256 ${view.journal.head.hash} (${view.journal.entries} entries checked)`, width, '', '  '));
  for (const s of view.signers) pushLines(out, fit(signerLine(s), width, '', '  '));
  out.push(`Generated ${view.generatedAt} by ${view.tool.name} ${view.tool.version}`);
  out.push('');
  return out.join('\n');
}
