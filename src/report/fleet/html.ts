// Fleet HTML: one self-contained file (no network): a sortable summary of every pair, each linking to that pair's full audit further down.
import type { FleetResult } from '../../fleet/types.js';
import { escapeHtml as h } from '../escape.js';
import { buildAuditView, countRows, waiverStateLabels, type FindingView } from '../view.js';
import { STATUSES } from '../../vocabulary.js';
import { breakableHtml as b, renderHtmlPage } from '../html/page.js';
import { buildFleetView, isNotCollectedNote, notCollectedLine, outcomeOrder, type PairRow } from './view.js';

export function formatFleetHtml(result: FleetResult): string {
  const view = buildFleetView(result);
  const out: string[] = [];
  out.push(
    '<header class="fleet-header">',
    `<div class="fl-banner fl-${view.worst}"><span class="fl-verdict">FLEET ${h(view.worst === 'in-parity' ? 'IN PARITY' : view.worst.toUpperCase())}</span> <span>${h(view.summary)}</span></div>`,
    `<p class="fl-meta">Inventory <code>${h(result.inventory)}</code> · audited ${h(result.generatedAt)} · ${h(result.tool.name)} ${h(result.tool.version)} · exit code ${result.exitCode}</p>`,
    '</header><main class="fleet">',
    '<section id="summary"><h1>Pairs</h1>',
    '<p class="fl-hint">Select a column heading to sort; select a pair to open its audit.</p>',
    '<label class="fl-search">Find a pair <input id="pair-filter" type="search" placeholder="site or pair name"></label>',
    '<table id="pairs" class="fl-sortable"><thead><tr>',
    th('site', 'Site', 'text'),
    th('pair', 'Pair', 'text'),
    th('outcome', 'Outcome', 'number'),
    th('blocker', 'Blockers', 'number'),
    th('warning', 'Warnings', 'number'),
    th('info', 'Info', 'number'),
    th('unknown', 'Unknown', 'number'),
    th('waived', 'Waived', 'number'),
    '<th scope="col">Most serious finding</th>',
    '</tr></thead><tbody>',
  );
  for (const r of view.rows) out.push(summaryRow(r));
  out.push('</tbody></table></section>');
  for (const r of view.rows) out.push(pairSection(r));
  out.push('</main>');
  // The report's page shell: inline CSS and script allowed by hash only, nothing fetched.
  return renderHtmlPage({ title: `pairaudit fleet: ${view.summary}`, body: out.join('\n'), css: CSS, script: SCRIPT, generator: `${result.tool.name} ${result.tool.version}` });
}

function th(key: string, label: string, type: 'text' | 'number'): string {
  return `<th scope="col" aria-sort="none"><button type="button" data-key="${key}" data-type="${type}">${h(label)}</button></th>`;
}

function summaryRow(r: PairRow): string {
  const cell = (n: number, cls: string): string => `<td class="fl-num${n > 0 ? ` fl-${cls}` : ''}">${n}</td>`;
  return [
    `<tr class="fl-row-${r.outcome}" data-site="${h(r.site.toLowerCase())}" data-pair="${h(r.name.toLowerCase())}" data-outcome="${outcomeOrder.indexOf(r.outcome)}" data-blocker="${r.failed.blocker}" data-warning="${r.failed.warning}" data-info="${r.failed.info}" data-unknown="${r.unknown}" data-waived="${r.waived}" data-index="${r.index}">`,
    `<td>${h(r.site)}</td>`,
    `<td><a href="#pair-${r.index}">${h(r.name)}</a></td>`,
    `<td><span class="fl-badge fl-${r.outcome}">${h(r.outcomeLabel)}</span></td>`,
    cell(r.failed.blocker, 'blocker'),
    cell(r.failed.warning, 'warning'),
    cell(r.failed.info, 'info'),
    cell(r.unknown, 'unknown'),
    cell(r.waived, 'waived'),
    `<td class="fl-headline">${r.outcome === 'in-parity' ? '' : b(r.headline)}</td>`,
    '</tr>',
  ].join('');
}

function pairSection(r: PairRow): string {
  const p = r.pair;
  const out: string[] = [`<section class="fl-pair" id="pair-${r.index}" aria-labelledby="pair-${r.index}-title">`];
  out.push(`<h2 id="pair-${r.index}-title"><span class="fl-badge fl-${r.outcome}">${h(r.outcomeLabel)}</span> ${h(r.id)}</h2>`);
  out.push('<p class="fl-back"><a href="#summary">↑ back to the summary</a></p>');
  if (!p.audit) {
    out.push(`<p class="fl-not-audited">Not audited: ${h(p.error ?? 'error')}</p>`);
    out.push('<table class="fl-servers"><thead><tr><th scope="col">Role</th><th scope="col">File</th></tr></thead><tbody>');
    for (const s of p.servers) out.push(`<tr><td>${h(s.role)}</td><td><code>${b(s.path)}</code></td></tr>`);
    out.push('</tbody></table></section>');
    return out.join('\n');
  }
  const view = buildAuditView(p.audit);
  const t = view.totals;
  out.push(`<p class="fl-summary">${t.fail} failed, ${t.unknown} unknown, ${t.waived} waived, ${t.pass} passed (fail on ${h(view.failOn)}).</p>`);
  out.push('<table class="fl-servers"><thead><tr><th scope="col">Role</th><th scope="col">Server</th><th scope="col">File</th><th scope="col">Collected</th><th scope="col">Fingerprint</th></tr></thead><tbody>');
  for (const s of view.servers) {
    const given = p.servers.find((g) => g.role === s.role)?.path ?? '';
    out.push(`<tr><td>${h(s.roleLabel)}</td><td>${h(s.label)}</td><td><code>${b(given)}</code></td><td class="fl-time">${h(s.collectedAt)}</td><td><code class="fl-fp">${h(s.fingerprint)}</code></td></tr>`);
  }
  out.push('</tbody></table>');
  out.push(`<p class="fl-meta">Fail on ${h(view.failOn)} · ${view.rulePack.ruleCount} rules · pack <code>${h(view.rulePack.hash)}</code></p>`);
  out.push('<table class="fl-counts"><thead><tr><th scope="col">Severity</th>');
  for (const st of STATUSES) out.push(`<th scope="col">${h(st)}</th>`);
  out.push('<th scope="col">total</th></tr></thead><tbody>');
  for (const row of countRows(view)) {
    out.push(`<tr><th scope="row">${h(row.label)}</th>${STATUSES.map((st) => `<td class="fl-num">${row.cells[st]}</td>`).join('')}<td class="fl-num">${row.total}</td></tr>`);
  }
  out.push('</tbody></table>');
  const audit = p.audit;
  const notes = notCollectedLine(audit);
  if (notes !== undefined) out.push(`<p class="fl-meta fl-not-collected">${h(notes)}</p>`);
  const notPassed = view.findings.filter((f) => f.status !== 'pass' && !isNotCollectedNote(audit.findings[f.index]));
  if (notPassed.length > 0) {
    out.push('<table class="fl-findings"><thead><tr><th scope="col">Severity</th><th scope="col">Status</th><th scope="col">Setting</th><th scope="col">Values</th><th scope="col">Finding</th></tr></thead><tbody>');
    for (const f of notPassed) out.push(findingRow(f));
    out.push('</tbody></table>');
  }
  const passed = view.totals.pass;
  if (passed > 0) out.push(`<p class="fl-meta">${passed} checks passed (listed by <code>pairaudit audit</code> on this pair).</p>`);
  out.push('</section>');
  return out.join('\n');
}

function findingRow(f: FindingView): string {
  const values = f.values
    .map((v) => `<div class="fl-value"><span class="fl-role">${h(v.roleLabel)}</span> <code>${b(v.text)}</code>${v.where ? `<div class="fl-where">${b(v.where)}</div>` : ''}</div>`)
    .join('');
  const waiver = f.waiver ? `<div class="fl-waiver">Waiver (${h(waiverStateLabels[f.waiver.state])}): ${h(f.waiver.reason)} (${h(f.waiver.approvedBy)}, expires ${h(f.waiver.expires)})</div>` : '';
  return [
    `<tr class="fl-finding fl-${f.severity} fl-${f.status}">`,
    `<td><span class="fl-sev fl-${f.severity}">${h(f.severityLabel)}</span></td>`,
    `<td>${h(f.statusLabel)}</td>`,
    `<td><code>${b(f.setting)}</code><div class="fl-rule">${h(f.ruleId)}</div></td>`,
    `<td>${values}</td>`,
    `<td><div class="fl-msg">${b(f.message)}</div>${f.remediation ? `<div class="fl-fix">Fix: ${h(f.remediation)}</div>` : ''}${waiver}</td>`,
    '</tr>',
  ].join('');
}

const CSS = `
:root{--fg:#1b1f24;--muted:#5b6570;--line:#d5dae0;--bg:#fff;--blk:#b3261e;--wrn:#8a5a00;--inf:#1f5f99;--ok:#1e7b34;--unk:#6b4fa0}
header.fleet-header{padding:16px 24px;border-bottom:1px solid var(--line)}main.fleet{padding:0 24px 48px}
.fl-banner{display:flex;gap:16px;align-items:baseline;padding:12px 16px;border-radius:6px;color:#fff;font-size:16px}
.fl-banner .fl-verdict{font-weight:700;font-size:20px;letter-spacing:.04em}
.fl-banner.fl-in-parity{background:var(--ok)}.fl-banner.fl-drift,.fl-banner.fl-error{background:var(--blk)}.fl-banner.fl-incomplete{background:var(--unk)}
.fl-meta,.fl-hint{color:var(--muted)}code{font-family:ui-monospace,"DejaVu Sans Mono",Consolas,monospace;font-size:12.5px}
main.fleet table{border-collapse:collapse;width:100%;margin:8px 0 16px;display:table}main.fleet th,main.fleet td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
main.fleet thead th{background:#f3f5f7}#pairs thead th{position:sticky;top:0}.fl-summary{font-weight:600}main.fleet td.fl-num{text-align:right;font-variant-numeric:tabular-nums}
th button{all:unset;cursor:pointer;font-weight:600}th button:focus-visible{outline:2px solid var(--inf)}
th[aria-sort=ascending] button::after{content:" ▲"}th[aria-sort=descending] button::after{content:" ▼"}
td.fl-blocker{color:var(--blk);font-weight:700}td.fl-warning{color:var(--wrn);font-weight:700}td.fl-info{color:var(--inf)}td.fl-unknown{color:var(--unk)}
.fl-badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:700;color:#fff}
.fl-badge.fl-in-parity{background:var(--ok)}.fl-badge.fl-drift,.fl-badge.fl-error{background:var(--blk)}.fl-badge.fl-incomplete{background:var(--unk)}
.fl-sev{font-weight:700}.fl-sev.fl-blocker{color:var(--blk)}.fl-sev.fl-warning{color:var(--wrn)}.fl-sev.fl-info{color:var(--inf)}
td.fl-headline{min-width:20ch;max-width:48ch}main.fleet td{overflow-wrap:break-word}
#pairs{font-size:13px}#pairs th{font-size:12px}#pairs th,#pairs td{padding:5px 6px}#pairs td.fl-num,#pairs th button{white-space:nowrap}
.fl-findings td:first-child,.fl-findings td:nth-child(2){white-space:nowrap}.fl-findings td:nth-child(3){min-width:16ch}.fl-findings td:nth-child(4){min-width:18ch}.fl-search{display:inline-block;margin:4px 0}.fl-search input{margin-left:8px;padding:4px 6px}
section.fl-pair{border-top:2px solid var(--line);margin-top:32px;padding-top:8px;content-visibility:auto;contain-intrinsic-size:auto 900px}section.fl-pair h2{font-size:18px}
.fl-not-audited{color:var(--blk);font-weight:600}tr.fl-row-error td.fl-headline{color:var(--blk)}.fl-where,.fl-rule,.fl-fix,.fl-waiver{color:var(--muted);font-size:12px}.fl-value{margin-bottom:4px}.fl-role{font-weight:600}
.fl-fp{word-break:break-all}.fl-time{white-space:nowrap}
@media print{#pairs thead th{position:static}section.fl-pair{content-visibility:visible}.fl-search,.fl-hint,.fl-back{display:none}section.fl-pair{break-before:page}a{color:inherit;text-decoration:none}}
`;

const SCRIPT = `
(function(){
  var table=document.getElementById('pairs');var body=table.tBodies[0];
  table.querySelectorAll('th button').forEach(function(b){b.addEventListener('click',function(){
    var th=b.parentNode;var dir=th.getAttribute('aria-sort')==='ascending'?'descending':'ascending';
    table.querySelectorAll('th').forEach(function(x){if(x.hasAttribute('aria-sort'))x.setAttribute('aria-sort','none')});
    th.setAttribute('aria-sort',dir);var key=b.dataset.key,num=b.dataset.type==='number',sign=dir==='ascending'?1:-1;
    var rows=Array.prototype.slice.call(body.rows);
    rows.sort(function(a,c){var x=a.dataset[key],y=c.dataset[key];var d=num?Number(x)-Number(y):(x<y?-1:x>y?1:0);
      return d*sign||Number(a.dataset.index)-Number(c.dataset.index)});
    var frag=document.createDocumentFragment();rows.forEach(function(r){frag.appendChild(r)});body.appendChild(frag);
  })});
  var f=document.getElementById('pair-filter');f.addEventListener('input',function(){var q=f.value.toLowerCase();
    Array.prototype.forEach.call(body.rows,function(r){r.hidden=q!==''&&(r.dataset.site+'/'+r.dataset.pair).indexOf(q)<0})});
})();
`;
