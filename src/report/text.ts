// Text format for a terminal: the verdict first, failing findings by severity with where to fix them, then counts.
import type { AuditResult, Severity } from '../types.js';
import type { FormatContext } from './context.js';
import { ASSUMED_MARK, buildAuditView, countRows, shownLines, unknownReason, waiverStateLabels, type AuditView, type FindingView } from './view.js';
import { STATUSES, statusLabels } from '../vocabulary.js';
import { pushLines, wrap, wrapPath } from './wrap.js';

// The line wrapping lives in ./wrap.js (the CLI's help imports it without the report's view model).
export { wrap, wrapPath };

type Style = 'bold' | 'dim' | 'red' | 'yellow' | 'green' | 'cyan';
const ansi: Record<Style, [string, string]> = {
  bold: ['\u001b[1m', '\u001b[22m'],
  dim: ['\u001b[2m', '\u001b[22m'],
  red: ['\u001b[31m', '\u001b[39m'],
  yellow: ['\u001b[33m', '\u001b[39m'],
  green: ['\u001b[32m', '\u001b[39m'],
  cyan: ['\u001b[36m', '\u001b[39m'],
};
const severityStyle: Record<Severity, Style> = { blocker: 'red', warning: 'yellow', info: 'cyan' };

/** A NO-GO lists at most this many reasons up front; the findings below list them all. */
const maxReasons = 20;

export function formatText(result: AuditResult, ctx: FormatContext): string {
  return renderTextView(buildAuditView(result), ctx);
}

/** Renders a view; exported so that other text reports can reuse the layout. */
export function renderTextView(view: AuditView, ctx: FormatContext): string {
  const width = Math.max(40, ctx.width ?? 80);
  const paint = (style: Style, s: string): string => (ctx.color ? `${ansi[style][0]}${s}${ansi[style][1]}` : s);
  const out: string[] = [];
  const verdictStyle: Style = view.verdict === 'in-parity' ? 'green' : view.verdict === 'drift' ? 'red' : 'yellow';

  const goLabel = view.goLabel;
  if (goLabel !== undefined) {
    const label = goLabel.padEnd(7);
    pushLines(out, wrap(view.headline, width, label, ' '.repeat(label.length)).map((l, i) => (i === 0 ? paint('bold', paint(view.go ? 'green' : 'red', goLabel)) + l.slice(goLabel.length) : l)));
    for (const reason of view.reasons.slice(0, maxReasons)) pushLines(out, wrap(`- ${reason}`, width, '  ', '    '));
    if (view.reasons.length > maxReasons) out.push(`  ...and ${view.reasons.length - maxReasons} more (listed below)`);
  } else {
    out.push(paint('bold', paint(verdictStyle, view.verdictLabel)));
    pushLines(out, wrap(view.headline, width));
  }
  out.push('');
  pushLines(out, wrap(view.pair, width, 'Pair:  ', '       '));
  if (goLabel !== undefined) pushLines(out, wrap(`${view.verdictLabel}: ${view.headlineOfAudit}`, width, 'Audit: ', '       '));
  pushLines(out, wrap(`${view.generatedAt}, fail on ${view.failOn}, ${view.rulePack.ruleCount} rules (pack ${view.rulePack.hash.replace(/^sha256:/, '').slice(0, 12)}), ${view.tool.name} ${view.tool.version}`, width, goLabel !== undefined ? 'Run:   ' : 'Audit: ', '       '));

  for (const group of view.failing) {
    out.push('');
    out.push(rule(paint('bold', paint(severityStyle[group.severity], `${group.label.toUpperCase()}: ${group.findings.length} failed`)), `${group.label}: ${group.findings.length} failed`, width));
    for (const f of group.findings) pushLines(out, findingLines(f, width, paint));
  }
  if (view.unknowns.length > 0) {
    out.push('');
    const heading = `UNKNOWN: ${view.unknowns.length} not evaluated (${unknownReason(view.unknowns)})`;
    out.push(rule(paint('bold', paint('yellow', heading)), heading, width));
    for (const f of view.unknowns) {
      pushLines(out, wrap(`? ${f.setting} [${f.severity}] (${f.ruleId})${f.assumed ? ` [${ASSUMED_MARK}]` : ''}`, width, '', '  '));
      pushLines(out, wrap(f.message, width, '  '));
    }
  }
  if (view.waivers.length > 0) {
    const attention = view.waivers.filter((w) => w.attention).length;
    const heading = `WAIVERS: ${view.waivers.length}${attention > 0 ? `, ${attention} need attention` : ''}`;
    out.push('');
    out.push(rule(paint('bold', heading), heading, width));
    for (const w of view.waivers) {
      pushLines(out, wrap(`${w.attention ? '!' : '-'} ${w.setting}  (${w.ruleId}): ${w.stateLabel}`, width, '', '    ').map((l, i) => (i === 0 && w.attention ? paint('yellow', l) : l)));
      if (w.covers !== '') pushLines(out, wrap(w.covers, width, '    '));
      for (const c of w.changes) pushLines(out, wrap(c, width, '    ', '      '));
      pushLines(out, wrap(`Approved by ${w.approvedBy}, expires ${w.expires}: ${w.reason}`, width, '    ', '      '));
    }
  }

  if (view.collectionWarnings.length > 0) {
    const heading = `COLLECTION WARNINGS: ${view.collectionWarnings.length}`;
    out.push('');
    out.push(rule(paint('bold', paint('yellow', heading)), heading, width));
    for (const w of view.collectionWarnings) pushLines(out, wrap(`! ${w}`, width, '', '    '));
  }

  if (view.confirmByHand.length > 0) {
    out.push('');
    out.push(rule(paint('bold', 'SIGN-OFF: confirm by hand before changing over'), 'SIGN-OFF: confirm by hand before changing over', width));
    for (const c of view.confirmByHand) pushLines(out, wrap(`[ ] ${c}`, width, '', '    '));
  }

  out.push('');
  pushLines(out, countTable(view, paint));
  out.push('');
  return out.join('\n');
}

function findingLines(f: FindingView, width: number, paint: (s: Style, t: string) => string): string[] {
  const lines: string[] = [];
  const mark = f.status === 'fail' ? 'x' : f.status === 'unknown' ? '?' : '-';
  const head = `${mark} ${f.setting}  (${f.ruleId})${f.assumed ? `  [${ASSUMED_MARK}]` : ''}`;
  pushLines(lines, wrap(head, width, '', '    ').map((l, i) => (i === 0 ? paint('bold', l) : l)));
  pushLines(lines, wrap(f.message, width, '    '));
  const labelWidth = f.values.reduce((m, v) => Math.max(m, `${v.roleLabel} (${v.server})`.length), -Infinity);
  for (const v of f.values) {
    const label = `${v.roleLabel} (${v.server})`.padEnd(labelWidth);
    const indent = ' '.repeat(Math.min(6 + labelWidth, 40));
    // A key's settings gathered (`name = value` lines): one a line, as every format shows them; a line too long for
    // the width goes on further in, so that it does not read as the next setting.
    const gathered = shownLines(f, v);
    if (gathered === undefined) pushLines(lines, wrap(v.text, width, `    ${label}  `, indent));
    else gathered.forEach((line, i) => pushLines(lines, wrap(line, width, i === 0 ? `    ${label}  ` : indent, `${indent}  `)));
    if (v.where !== '') pushLines(lines, wrapPath(`at ${v.where}`, width, '      ', '         ').map((l) => paint('dim', l)));
  }
  for (const d of f.diff ?? []) {
    lines.push(`    diff ${f.values[0]!.roleLabel} -> ${d.against}:`);
    for (const l of d.lines) pushLines(lines, wrap(l.text, width, `      ${l.op} `, '        ').map((s) => (l.op === '-' ? paint('red', s) : l.op === '+' ? paint('green', s) : s)));
  }
  for (const change of f.changes) pushLines(lines, wrap(change, width, '    Changed: ', '             '));
  if (f.remediation !== '') pushLines(lines, wrap(`Fix: ${f.remediation}`, width, '    ', '         '));
  if (f.citations.length > 0) pushLines(lines, wrap(`Sources: ${f.citations.map((c) => c.title).join('; ')}`, width, '    ', '             ').map((l) => paint('dim', l)));
  if (f.waiver) pushLines(lines, wrap(`Waiver (${waiverStateLabels[f.waiver.state]}): ${f.waiver.reason} (approved by ${f.waiver.approvedBy}, expires ${f.waiver.expires})`, width, '    ', '      '));
  return lines;
}

function countTable(view: AuditView, paint: (s: Style, t: string) => string): string[] {
  const header = `${'Counts'.padEnd(10)}${STATUSES.map((s) => statusLabels[s].padStart(9)).join('')}${'Total'.padStart(9)}`;
  const rows = countRows(view).map((r) => `${r.label.padEnd(10)}${STATUSES.map((s) => String(r.cells[s]).padStart(9)).join('')}${String(r.total).padStart(9)}`);
  rows.splice(rows.length - 1, 0, '-'.repeat(header.length));
  return [paint('bold', header), ...rows];
}

/** A section heading padded with a rule to the full width; `plain` is the heading without colour codes. */
function rule(heading: string, plain: string, width: number): string {
  return `${heading} ${'-'.repeat(Math.max(3, width - plain.length - 1))}`;
}
