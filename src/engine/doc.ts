// Human-readable rule documentation, generated from the rules themselves: `rules list`, `rules show` and the pack README.
import type { Rule, RulePack } from './types.js';

function describeCompare(rule: Rule): string {
  const c = rule.compare;
  const opts = Object.entries(c)
    .filter(([k]) => k !== 'kind')
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ');
  return opts === '' ? c.kind : `${c.kind} (${opts})`;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** One line per rule: id, severity, category, title. */
export function formatRuleList(pack: RulePack): string {
  const idWidth = pack.rules.reduce((m, r) => Math.max(m, r.id.length), 2);
  const catWidth = pack.rules.reduce((m, r) => Math.max(m, r.category.length), 8);
  const lines = pack.rules.map((r) => `${pad(r.id, idWidth)}  ${pad(r.severity, 8)}  ${pad(r.category, catWidth)}  ${r.title}`);
  return `${pad('id', idWidth)}  ${pad('severity', 8)}  ${pad('category', catWidth)}  title\n${lines.join('\n')}\n\n${pack.rules.length} rules from ${pack.packs.join(', ')} (pack hash ${pack.hash.slice(0, 12)})\n`;
}

/** Everything about one rule, as plain text. */
export function formatRule(rule: Rule): string {
  const out = [
    `${rule.id} — ${rule.title}`,
    `severity: ${rule.severity}    category: ${rule.category}    pack: ${rule.pack}`,
    `selects: ${rule.select.length === 0 ? '(no settings: snapshot metadata)' : rule.select.join(', ')}`,
    `compares: ${describeCompare(rule)}`,
    `evidence: ${rule.evidence ?? 'optional'}${rule.evidence === 'required' ? ' (a missing setting is unknown, never a pass)' : ''}`,
  ];
  const a = rule.appliesTo;
  if (a?.roles !== undefined) out.push(`roles: ${a.roles.join(', ')}`);
  if (a?.partnerTypes !== undefined) out.push(`partner types: ${a.partnerTypes.join(', ')}`);
  if (a?.commands !== undefined) out.push(`commands: ${a.commands.join(', ')}`);
  for (const o of a?.overrides ?? []) {
    const what = o.skip === true ? 'skipped' : [o.severity !== undefined ? `severity ${o.severity}` : '', o.compare !== undefined ? `compare ${JSON.stringify(o.compare)}` : ''].filter(Boolean).join(', ');
    out.push(`for ${o.roles.join(', ')}: ${what}${o.note !== undefined ? ` — ${o.note}` : ''}`);
  }
  out.push('', 'Why:', rule.rationale, '', 'Fix:', rule.remediation);
  if (rule.references.length > 0) out.push('', 'References:', ...rule.references.flatMap((r) => [`  [${r.tag}] ${r.title}`, `        ${r.url}`]));
  return out.join('\n') + '\n';
}

/** The pack's README table of rules and of the documents they cite (a test keeps rules/<pack>/README.md equal to this). */
export function formatRuleCatalogMarkdown(pack: RulePack): string {
  const cell = (text: string): string => text.replace(/\|/g, '\\|');
  const rows = pack.rules.map((r) => `| \`${r.id}\` | ${r.severity} | ${r.category} | ${r.compare.kind} | ${cell(r.title)} | ${r.references.map((x) => `[${x.tag}](#source-${x.tag.toLowerCase()})`).join(' ')} |`);
  const sources = new Map(pack.rules.flatMap((r) => r.references.map((x) => [x.tag, x] as const)));
  const sourceRows = [...sources.values()]
    .sort((a, b) => (a.tag < b.tag ? -1 : 1))
    .map((x) => `| <a id="source-${x.tag.toLowerCase()}"></a>${x.tag} | [${cell(x.title).replace(/[[\]]/g, '\\$&')}](${x.url}) |`);
  return [
    '| id | severity | category | kind | title | vendor documents |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    'Vendor documents (`sources.json`):',
    '',
    '| tag | document |',
    '|---|---|',
    ...sourceRows,
  ].join('\n') + '\n';
}
