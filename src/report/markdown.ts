// Markdown for pasting into a change ticket: verdict, counts, failing findings, unknowns and waivers.
import type { AuditResult } from '../types.js';
import type { FormatContext } from './context.js';
import { escapeMarkdown, markdownCode, markdownLink } from './escape.js';
import { pushLines } from './wrap.js';
import { ASSUMED_MARK, buildAuditView, citedBy, countRows, shownLines, unknownReason, type FindingView } from './view.js';
import { isRole, roleLabel, STATUSES, statusLabels } from '../vocabulary.js';

export function formatMarkdown(result: AuditResult, _ctx?: FormatContext): string {
  const view = buildAuditView(result);
  const md = escapeMarkdown;
  const out: string[] = [];
  const title = view.goLabel ? `${view.goLabel} (${view.verdictLabel.toLowerCase()})` : view.verdictLabel;
  out.push(`## pairaudit ${view.kind}: ${title}`, '');
  out.push(`**${md(view.goLabel ?? view.verdictLabel)}**: ${md(view.headline)}`, '');
  // A check says why it is NO-GO; an audit's failing-findings table below already lists every failure.
  if (view.kind === 'check' && view.reasons.length > 0) {
    for (const r of view.reasons) out.push(`- ${md(r)}`);
    out.push('');
  }
  out.push('| Server | Role | Fingerprint | Collected |', '|---|---|---|---|');
  for (const s of view.servers) out.push(`| ${md(s.label)} | ${md(s.roleLabel)} | ${markdownCode(s.fingerprint)} | ${md(s.collectedAt)} |`);
  out.push('');
  out.push(`| Severity | ${STATUSES.map((s) => statusLabels[s]).join(' | ')} | Total |`, `|---|${STATUSES.map(() => '---:').join('|')}|---:|`);
  for (const r of countRows(view)) out.push(`| ${r.label} | ${STATUSES.map((s) => r.cells[s]).join(' | ')} | ${r.total} |`);
  out.push('');

  const failing = view.failing.flatMap((g) => g.findings);
  if (failing.length > 0) {
    out.push(`### Failing findings (${failing.length})`, '');
    pushLines(out, findingTable(failing, view.servers.map((s) => s.role)));
  }
  if (view.unknowns.length > 0) {
    out.push(`### Unknown: ${unknownReason(view.unknowns)} (${view.unknowns.length})`, '');
    pushLines(out, findingTable(view.unknowns, view.servers.map((s) => s.role)));
  }
  if (view.waivers.length > 0) {
    out.push(`### Waivers (${view.waivers.length})`, '', '| Rule | Setting | State | Finding it covers | Approved by | Expires | Reason |', '|---|---|---|---|---|---|---|');
    for (const w of view.waivers) {
      const covers = [w.covers, ...w.changes].filter(Boolean).map(md).join('<br>');
      out.push(`| ${markdownCode(w.ruleId)} | ${markdownCode(w.setting)} | ${w.attention ? `**${md(w.stateLabel)}**` : md(w.stateLabel)} | ${covers} | ${md(w.approvedBy)} | ${md(w.expires)} | ${md(w.reason)} |`);
    }
    out.push('');
  }
  const cited = citedBy([...failing, ...view.unknowns], view.citations);
  if (cited.length > 0) {
    out.push(`### Sources (${cited.length})`, '');
    for (const c of cited) out.push(`- ${markdownCode(c.tag)} ${markdownLink(c.title, c.url)}`);
    out.push('');
  }
  if (view.collectionWarnings.length > 0) {
    out.push(`### Collection warnings (${view.collectionWarnings.length})`, '');
    for (const w of view.collectionWarnings) out.push(`- ${md(w)}`);
    out.push('');
  }
  if (view.confirmByHand.length > 0) {
    out.push('### Sign-off: confirm by hand before changing over', '');
    for (const c of view.confirmByHand) out.push(`- [ ] ${md(c)}`);
    out.push('');
  }
  out.push(
    `<sub>${md(view.tool.name)} ${md(view.tool.version)}, ${md(view.generatedAt)}, fail on ${md(view.failOn)}, rule pack ${markdownCode(view.rulePack.hash)} (${view.rulePack.ruleCount} rules)</sub>`,
    '',
  );
  return out.join('\n');
}

/** A table of findings with one value column per server; shared with the fleet report. */
export function findingTable(findings: FindingView[], roles: string[]): string[] {
  const md = escapeMarkdown;
  const serverCols = roles.length > 0 ? roles : ['main'];
  const labels = serverCols.map((r) => findings.flatMap((f) => f.values).find((v) => v.role === r)?.roleLabel ?? (isRole(r) ? roleLabel(r) : r));
  const out = [`| Severity | Setting | Rule | ${labels.map(md).join(' | ')} | Finding | Where to fix |`, `|---|---|---|${labels.map(() => '---').join('|')}|---|---|`];
  for (const f of findings) {
    const cells = serverCols.map((role) => {
      const v = f.values.find((x) => x.role === role);
      if (v === undefined) return '';
      // A key's settings gathered (`name = value` lines): one a line in the cell, not one bracketed list.
      return shownLines(f, v)?.map(markdownCode).join('<br>') ?? markdownCode(v.text);
    });
    // "Where to fix" holds where (file:line, key › value) and how; "Finding" what is wrong and who changed it.
    const where = [
      ...f.values.filter((v) => v.where).map((v) => `${md(v.roleLabel)}: ${md(v.where)}`),
      ...(f.remediation ? [`Fix: ${md(f.remediation)}`] : []),
      ...(f.citations.length > 0 ? [`Sources: ${f.citations.map((c) => markdownLink(c.tag, c.url)).join(' ')}`] : []),
    ].join('<br>');
    out.push(`| ${md(f.severityLabel)} | ${markdownCode(f.setting)}${f.assumed ? ` *(${ASSUMED_MARK})*` : ''} | ${markdownCode(f.ruleId)} | ${cells.join(' | ')} | ${md(f.message)}${f.changes.map((c) => `<br>Changed: ${md(c)}`).join('')} | ${where} |`);
  }
  out.push('');
  return out;
}

