// HTML format: one self-contained, filterable page; details are built on demand from embedded JSON so 10,000 findings stay light.
import type { AuditResult, Status } from '../../types.js';
import type { FormatContext } from '../context.js';
import { readAsset } from '../assets.js';
import { buildAuditView, countRows, unknownReason, waiverStateLabels, type AuditView } from '../view.js';
import { acceptedNow } from '../display.js';
import { QUOTED_TEXT } from '../direction.js';
import { roleLabel, SEVERITIES, STATUSES, severityLabels, statusLabels } from '../../vocabulary.js';
import { renderHtmlPage, template } from './page.js';
import { AFTER_SEPARATOR } from '../breaks.js';

/**
 * The findings as the page script reads them: every string once in `strings`, referred to by index, so
 * 10,000 findings that share rules, files and values stay a few MB. The script only ever sets textContent.
 */
export interface FindingsData {
  strings: string[];
  /** Column label per server (`Main · SCADA-A`), by column. */
  columns: number[];
  findings: CompactFinding[];
  /** Where a long name may break (src/report/breaks.ts): the script puts a <wbr> there. */
  breakAt: string;
  /** A quoted text (a value in a message or a line: direction.ts QUOTED_TEXT): the script puts each in a <bdi>. */
  quoted: string;
  /** The severities and statuses the findings' `s` and `t` index, with their labels. */
  vocabulary: { severities: readonly string[]; severityLabels: string[]; statuses: readonly string[]; statusLabels: string[] };
}

interface CompactValue {
  /** One-line text. */
  t: number;
  /** Lines (lists, multi-line strings) when they differ from the one-line text. */
  l?: number[];
  /** Where to fix it. */
  w?: number;
  /** 0 value, 1 absent, 2 secret. */
  k: 0 | 1 | 2;
}

interface CompactFinding {
  s: number; // severity index: blocker, warning, info
  t: number; // status index: fail, unknown, waived, pass
  c: number; // category
  n: number; // setting
  m: number; // message
  r: number; // rule id
  h: number; // rule title
  ra: number; // rationale
  re: number; // remediation
  v: (CompactValue | 0)[]; // value per server column; 0 where this finding does not compare that server
  x: 0 | 1; // values differ and need attention
  ln?: 1; // each value is `name = value` lines (a key's settings gathered): one a line in its cell
  d?: [number, number, [string, number][]][]; // line diffs: from, against, [op, line]
  w?: number; // waiver text
  a?: number[]; // attribution lines
  as?: 1; // rests on an assumed profile mapping
  rf?: [number, number, number][]; // cited sources: tag, title, url (http(s) only)
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
    data: findingsData(view),
    dataId: 'finding-data',
    generator: `${view.tool.name} ${view.tool.version}`,
  });
}

const maxBannerReasons = 8;
/** The unknowns and waivers sections list this many; the findings table filters to the rest. */
const maxListed = 200;

function auditTemplateModel(view: AuditView) {
  // Passing checks are hidden at first when something needs attention (the engineer is chasing drift).
  const hidePasses = view.findings.some((f) => f.status !== 'pass');
  const statusCount = (st: Status): number => view.findings.filter((f) => f.status === st).length;
  const waiverRows = view.waivers;
  return {
    kind: view.kind,
    verdictText: view.goLabel ?? view.verdictLabel,
    verdictClass: view.goLabel ? view.goLabel.toLowerCase() : view.verdict,
    headline: view.headline,
    // A check's banner says why it is NO-GO; an audit's findings table already lists every failure.
    reasons: view.kind === 'check' ? view.reasons.slice(0, maxBannerReasons) : [],
    moreReasons: view.kind === 'check' ? Math.max(0, view.reasons.length - maxBannerReasons) : 0,
    pair: view.pair,
    confirmByHand: view.confirmByHand,
    collectionWarnings: view.collectionWarnings,
    generatedAt: view.generatedAt,
    failOn: view.failOn,
    servers: view.servers,
    statusLabels: STATUSES.map((s) => statusLabels[s]),
    countRows: countRows(view).map((r) => ({
      label: r.label,
      rowClass: r.label === 'Total' ? 'total' : '',
      total: r.total,
      cells: STATUSES.map((s) => ({ n: r.cells[s], cls: r.cells[s] === 0 ? 'zero' : `nonzero-${s}` })),
    })),
    findingCount: view.findings.length,
    hiddenPasses: hidePasses ? statusCount('pass') : 0,
    severityChips: SEVERITIES.map((s) => ({ value: s, label: severityLabels[s], n: view.findings.filter((f) => f.severity === s).length, pressed: 'true' })),
    statusChips: STATUSES.map((s) => ({ value: s, label: statusLabels[s], n: statusCount(s), pressed: s === 'pass' && hidePasses ? 'false' : 'true' })),
    categories: view.categories,
    unknowns: view.unknowns.slice(0, maxListed),
    moreUnknowns: Math.max(0, view.unknowns.length - maxListed),
    unknownCount: view.unknowns.length,
    unknownReason: unknownReason(view.unknowns),
    waiverRows: waiverRows.slice(0, maxListed),
    moreWaivers: Math.max(0, waiverRows.length - maxListed),
    waiverCount: waiverRows.length,
    citations: view.citations,
    rulePack: view.rulePack,
    rulePackNames: view.rulePack.packs.join(', '),
    tool: view.tool,
  };
}

/** Builds the compact, interned findings data for the page script. */
export function findingsData(view: AuditView): FindingsData {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const id = (text: string): number => {
    let i = index.get(text);
    if (i === undefined) {
      i = strings.length;
      strings.push(text);
      index.set(text, i);
    }
    return i;
  };
  const columns = view.servers.map((s) => id(`${s.roleLabel} · ${s.label}`));
  const roles = view.servers.map((s) => s.role);
  const findings = view.findings.map((f): CompactFinding => {
    const values = roles.map((role): CompactValue | 0 => {
      const v = f.values.find((x) => x.role === role);
      if (v === undefined) return 0;
      const lines = !v.absent && !v.secret && (v.lines.length > 1 || v.lines[0] !== v.text) ? v.lines.map(id) : undefined;
      return { t: id(v.text), ...(lines ? { l: lines } : {}), ...(v.where ? { w: id(v.where) } : {}), k: v.absent ? 1 : v.secret ? 2 : 0 };
    });
    const w = f.waiver;
    const from = f.values[0]?.roleLabel ?? '';
    return {
      s: SEVERITIES.indexOf(f.severity),
      t: STATUSES.indexOf(f.status),
      c: id(f.category),
      n: id(f.setting),
      m: id(f.message),
      r: id(f.ruleId),
      h: id(f.title),
      ra: id(f.rationale),
      re: id(f.remediation),
      v: values,
      x: !f.same && f.status !== 'pass' ? 1 : 0,
      ...(f.valueLines ? { ln: 1 as const } : {}),
      ...(f.diff ? { d: f.diff.map((d): [number, number, [string, number][]] => [id(from), id(d.against), d.lines.map((l): [string, number] => [l.op, id(l.text)])]) } : {}),
      ...(w ? { w: id(`${waiverStateLabels[w.state]}: ${w.reason} (approved by ${w.approvedBy}, expires ${w.expires})${(w.changed ?? []).map((c) => `; ${roleLabel(c.role)}: ${acceptedNow(c.accepted, c.found)}`).join('')}${(w.unpinned ?? []).map((r) => `; ${roleLabel(r)}: no accepted value in the waiver`).join('')}`) } : {}),
      ...(f.changes.length > 0 ? { a: f.changes.map(id) } : {}),
      ...(f.assumed ? { as: 1 as const } : {}),
      ...(f.citations.length > 0 ? { rf: f.citations.map((c): [number, number, number] => [id(c.tag), id(c.title), id(c.url)]) } : {}),
    };
  });
  const vocabulary = { severities: SEVERITIES, severityLabels: SEVERITIES.map((x) => severityLabels[x]), statuses: STATUSES, statusLabels: STATUSES.map((x) => statusLabels[x]) };
  return { strings, columns, findings, breakAt: AFTER_SEPARATOR.source, quoted: QUOTED_TEXT, vocabulary };
}
