// Fleet HTML: one self-contained file (no network): a sortable summary of every pair (worst first), each
// linking to that pair's audit further down. templates/fleet.html.hbs, fed by the fleet view model only.
import type { FleetResult } from '../../fleet/types.js';
import { readAsset } from '../assets.js';
import { countRows, shownLines, waiverStateLabels } from '../view.js';
import { STATUSES, statusLabels } from '../../vocabulary.js';
import { renderHtmlPage, template } from '../html/page.js';
import { buildFleetView, countColumns, outcomeOrder, pairDetail, type PairRow } from './view.js';

export function formatFleetHtml(result: FleetResult): string {
  const view = buildFleetView(result);
  const model = {
    worst: view.worst,
    worstLabel: view.worstLabel,
    summary: view.summary,
    inventory: result.inventory,
    generatedAt: result.generatedAt,
    tool: result.tool,
    exitCode: view.exitCodeText,
    columns: [
      { key: 'site', label: 'Site', type: 'text' },
      { key: 'pair', label: 'Pair', type: 'text' },
      { key: 'outcome', label: 'Outcome', type: 'number' },
      ...countColumns.map((c) => ({ ...c, type: 'number' })),
    ],
    rows: view.rows.map(rowModel),
  };
  // The report's page shell: inline CSS and script allowed by hash only, nothing fetched.
  return renderHtmlPage({
    title: `pairaudit fleet: ${view.summary}`,
    body: template('fleet.html.hbs')(model),
    css: readAsset('fleet.css'),
    script: readAsset('fleet-report.js'),
    generator: `${result.tool.name} ${result.tool.version}`,
  });
}

function rowModel(r: PairRow) {
  const detail = pairDetail(r);
  return {
    ...r,
    siteKey: r.site.toLowerCase(),
    pairKey: r.name.toLowerCase(),
    rank: outcomeOrder.indexOf(r.outcome),
    counts: countColumns.map((c) => ({ key: c.key, n: r.counts[c.key] })),
    headline: r.outcome === 'in-parity' ? '' : r.headline,
    error: r.pair.error ?? 'error',
    detail: detail && {
      ...detail.audit,
      servers: detail.servers,
      notes: detail.notes,
      verdictNotes: r.notes,
      statusLabels: STATUSES.map((s) => statusLabels[s]),
      countRows: countRows(detail.audit).map((c) => ({ ...c, cells: STATUSES.map((s) => c.cells[s]) })),
      findings: detail.findings.map((f) => ({
        ...f,
        // A key's settings gathered (`name = value` lines): the template lists them a line each, as the audit's HTML does.
        values: f.values.map((v) => ({ ...v, shownLines: shownLines(f, v) })),
        waiver: f.waiver && { ...f.waiver, stateLabel: waiverStateLabels[f.waiver.state] },
      })),
    },
  };
}
