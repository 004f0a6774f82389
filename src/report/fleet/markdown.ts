// Fleet Markdown for a change ticket or a wiki: the fleet's state, one row per pair (worst first), then each pair's failing findings.
import type { FleetResult } from '../../fleet/types.js';
import type { FormatContext } from '../context.js';
import { escapeMarkdown as md, markdownCode } from '../escape.js';
import { findingTable } from '../markdown.js';
import { buildAuditView } from '../view.js';
import { buildFleetView, countColumns } from './view.js';

export function formatFleetMarkdown(result: FleetResult, _ctx?: FormatContext): string {
  const view = buildFleetView(result);
  const out: string[] = [];
  out.push(`## pairaudit fleet: ${md(view.worstLabel)}`, '', `**${md(view.worstLabel)}**: ${md(view.summary)}`, '');
  out.push(`| Pair | Outcome | ${countColumns.map((c) => c.label).join(' | ')} | Most serious finding |`, `|---|---|${countColumns.map(() => '---:|').join('')}---|`);
  const rows = view.rows;
  for (const r of rows) {
    out.push(`| ${md(r.id)} | ${md(r.outcomeLabel)} | ${countColumns.map((c) => r.counts[c.key]).join(' | ')} | ${r.outcome === 'in-parity' ? '' : md(r.headline)} |`);
  }
  out.push('');
  for (const r of rows) {
    const audit = r.pair.audit;
    if (audit === undefined || (r.outcome === 'in-parity' && r.warnings.length === 0 && r.notes.length === 0)) continue;
    const pairView = buildAuditView(audit);
    const failing = pairView.failing.flatMap((g) => g.findings);
    out.push(`### ${md(r.id)}: ${md(r.outcomeLabel)}`, '', md(pairView.pair), '');
    // What the verdict does not rest on, under the pair's heading as its own audit puts it in the headline.
    for (const n of r.notes) out.push(`> **Note:** ${md(n)}`, '');
    const roles = pairView.servers.map((s) => s.role);
    if (failing.length > 0) out.push(`#### Failing findings (${failing.length})`, '', ...findingTable(failing, roles));
    if (pairView.unknowns.length > 0) out.push(`#### Unknown (${pairView.unknowns.length})`, '', ...findingTable(pairView.unknowns, roles));
    if (r.warnings.length > 0) out.push(`#### Collection warnings (${r.warnings.length})`, '', ...r.warnings.map((w) => `- ${md(w)}`), '');
  }
  const errors = rows.filter((r) => r.outcome === 'error');
  if (errors.length > 0) {
    out.push(`### Not audited (${errors.length})`, '');
    for (const r of errors) out.push(`- ${md(r.id)}: ${md(r.headline)}`);
    out.push('');
  }
  out.push(`<sub>${md(result.tool.name)} ${md(result.tool.version)}, ${md(result.generatedAt)}, inventory ${markdownCode(result.inventory)}, exit code ${md(view.exitCodeText)}</sub>`, '');
  return out.join('\n');
}
