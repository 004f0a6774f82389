// HTML format: one self-contained, filterable page; details are built on demand from embedded JSON so 10,000 findings stay light.
import type { AuditResult, Status } from '../../types.js';
import type { FormatContext } from '../index.js';
import { readAsset } from '../assets.js';
import { buildAuditView, countRows, displayText, severityLabels, severityOrder, statusLabels, statusOrder, type AuditView, type FindingView } from '../view.js';
import { renderHtmlPage, template } from './page.js';

/** What the page script needs to build one finding's detail panel (text only; the script uses textContent). */
export interface FindingDetailData {
  title: string;
  ruleId: string;
  message: string;
  rationale: string;
  remediation: string;
  values: { role: string; server: string; lines: string[]; where: string; secret: boolean }[];
  diff?: { against: string; lines: [string, string][] }[];
  waiver?: string;
  attribution?: string[];
}

export function formatHtml(result: AuditResult, _ctx?: FormatContext): string {
  return renderAuditHtml(buildAuditView(result));
}

export function renderAuditHtml(view: AuditView): string {
  const verdictText = view.goLabel ?? view.verdictLabel;
  const body = template('audit.html.hbs')(auditTemplateModel(view));
  return renderHtmlPage({
    title: `pairaudit ${view.kind}: ${verdictText} · ${view.servers.map((s) => s.label).join(' ↔ ')}`,
    body,
    script: readAsset('audit-report.js'),
    data: view.findings.map(detailData),
    dataId: 'finding-data',
    generator: `${view.tool.name} ${view.tool.version}`,
  });
}

const maxBannerReasons = 8;

function auditTemplateModel(view: AuditView) {
  // Passing checks are hidden at first when something needs attention (the engineer is chasing drift).
  const hidePasses = view.findings.some((f) => f.status !== 'pass');
  const statusCount = (st: Status): number => view.findings.filter((f) => f.status === st).length;
  const roles = view.servers.map((s) => s.role);
  const rows = view.findings.map((f) => findingRow(f, roles, hidePasses));
  const waiverRows = [
    ...view.findings.filter((f) => f.waiver).map((f) => ({ ruleId: f.ruleId, setting: f.setting, ...f.waiver! })),
    ...view.waiverIssues,
  ];
  return {
    kind: view.kind,
    verdictText: view.goLabel ?? view.verdictLabel,
    verdictClass: view.goLabel ? view.goLabel.toLowerCase() : view.verdict,
    headline: view.headline,
    // A check's banner says why it is NO-GO; an audit's findings table already lists every failure.
    reasons: view.kind === 'check' ? view.reasons.slice(0, maxBannerReasons) : [],
    moreReasons: view.kind === 'check' ? Math.max(0, view.reasons.length - maxBannerReasons) : 0,
    pair: view.pair,
    generatedAt: view.generatedAt,
    failOn: view.failOn,
    servers: view.servers,
    statusLabels: statusOrder.map((s) => statusLabels[s]),
    countRows: countRows(view).map((r) => ({
      label: r.label,
      rowClass: r.label === 'Total' ? 'total' : '',
      total: r.total,
      cells: statusOrder.map((s) => ({ n: r.cells[s], cls: r.cells[s] === 0 ? 'zero' : `nonzero-${s}` })),
    })),
    findingCount: view.findings.length,
    shownCount: rows.filter((r) => !r.hidden).length,
    hiddenPasses: hidePasses ? statusCount('pass') : 0,
    severityChips: severityOrder.map((s) => ({ value: s, label: severityLabels[s], n: view.findings.filter((f) => f.severity === s).length, pressed: 'true' })),
    statusChips: statusOrder.map((s) => ({ value: s, label: statusLabels[s], n: statusCount(s), pressed: s === 'pass' && hidePasses ? 'false' : 'true' })),
    categories: view.categories,
    rows,
    unknowns: view.unknowns,
    waiverRows,
    waiverCount: waiverRows.length,
    rulePack: view.rulePack,
    rulePackNames: view.rulePack.packs.join(', '),
    tool: view.tool,
  };
}

function findingRow(f: FindingView, roles: string[], hidePasses: boolean) {
  return {
    i: f.index,
    sev: f.severity,
    sevLabel: f.severityLabel,
    st: f.status,
    stLabel: f.statusLabel,
    cat: f.category,
    key: `${f.setting} ${f.ruleId}`.toLowerCase(),
    setting: f.setting,
    message: f.message,
    ruleId: f.ruleId,
    hidden: hidePasses && f.status === 'pass',
    cells: roles.map((role) => {
      const v = f.values.find((x) => x.role === role);
      if (v === undefined) return { text: '', absent: true, secret: false, differs: false };
      return { text: v.text, absent: v.absent, secret: v.secret, differs: !f.same && f.status !== 'pass' };
    }),
  };
}

function detailData(f: FindingView): FindingDetailData {
  const w = f.waiver;
  return {
    title: f.title,
    ruleId: f.ruleId,
    message: f.message,
    rationale: f.rationale,
    remediation: f.remediation,
    values: f.values.map((v) => ({ role: v.roleLabel, server: v.server, lines: v.absent || v.secret ? [v.text] : v.lines, where: v.where, secret: v.secret })),
    ...(f.diff ? { diff: f.diff.map((d) => ({ against: d.against, lines: d.lines.map((l): [string, string] => [l.op, l.text]) })) } : {}),
    ...(w ? { waiver: `${w.state}: ${w.reason} (approved by ${w.approvedBy}, expires ${w.expires})` } : {}),
    ...(f.attribution ? { attribution: f.attribution.map((a) => `${a.server}: ${displayText(a.from)} → ${displayText(a.to)} first seen ${a.firstSeen}${a.author ? ` by ${a.author}` : ''}${a.ticket ? ` (${a.ticket})` : ''}${a.note ? `: ${a.note}` : ''}`) } : {}),
  };
}
