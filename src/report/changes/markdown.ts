// Change record as Markdown: a summary, changeovers, a table of changes (undocumented ones in bold), the head hash and sign-off.
// Every text is escaped, labels and ids too: a saved record that `pairaudit report` renders may have been edited.
import { escapeMarkdown, markdownCode } from '../escape.js';
import { mainMove } from './changeovers.js';
import { pushLines } from '../wrap.js';
import { seenWhen, serverLabel, shortTime, type ChangeoverView, type ChangeRecordView, type ChangeView } from './view.js';

function changesTable(changes: ChangeView[]): string[] {
  const out = ['| Id | Server | Setting | Before | After | First seen | Who | Why | Ticket |', '|---|---|---|---|---|---|---|---|---|'];
  for (const c of changes) {
    const why = c.documented ? escapeMarkdown(c.why) : '**UNDOCUMENTED**';
    out.push(
      `| ${escapeMarkdown(c.id)} | ${escapeMarkdown(serverLabel(c))} | ${markdownCode(c.setting)} (${escapeMarkdown(c.kindLabel)}) | ${markdownCode(c.before)} | ${markdownCode(c.after)} | ${escapeMarkdown(seenWhen(c))} | ${escapeMarkdown(c.who)} | ${why} | ${escapeMarkdown(c.ticket)} |`,
    );
  }
  return [...out, ''];
}

function signOffTable(view: ChangeRecordView): string[] {
  return ['| Role | Name | Signature | Date |', '|---|---|---|---|', ...view.signOff.map((s) => `| ${escapeMarkdown(s.role)} | | | |`), ''];
}

const recordedBy = (c: ChangeoverView) => `${escapeMarkdown(c.who)}${c.ticket ? `, ticket ${escapeMarkdown(c.ticket)}` : ''}${c.note ? `: ${escapeMarkdown(c.note)}` : ''}`;

/** One section per changeover: servers and roles, both checks, the changes across it, sign-off. */
function changeoverSection(c: ChangeoverView, view: ChangeRecordView): string[] {
  const out = [`## Changeover ${c.seq}: ${escapeMarkdown(c.pair)}`, ''];
  out.push(`- **${escapeMarkdown(mainMove(c))}**`);
  out.push(`- **Between:** ${escapeMarkdown(shortTime(c.between.before))} (last collection before) and ${escapeMarkdown(shortTime(c.between.after))} (first collection after)`);
  out.push(`- **Pre-check:** ${escapeMarkdown(c.preCheck.label)} (entry ${c.preCheck.seq}, ${escapeMarkdown(shortTime(c.preCheck.generatedAt))})`);
  out.push(`- **Post-check:** ${escapeMarkdown(c.postCheck.label)} (entry ${c.postCheck.seq}, ${escapeMarkdown(shortTime(c.postCheck.generatedAt))})`);
  out.push(`- **Recorded by:** ${recordedBy(c)}`, '');
  out.push('| Server | Role before | Role after |', '|---|---|---|');
  for (const s of c.servers) out.push(`| ${escapeMarkdown(s.name)} | ${escapeMarkdown(s.before)} | ${escapeMarkdown(s.after)} |`);
  out.push('');
  if (c.changed) out.push(`Settings changed across it: ${c.changes.length} (${c.undocumented} undocumented).`, '', ...changesTable(c.changes));
  else out.push('No setting changed across it.', '');
  out.push(`### Sign-off of changeover ${c.seq}`, '', ...signOffTable(view));
  return out;
}

export function formatChangesMarkdown(view: ChangeRecordView): string {
  const out: string[] = [];
  const focus = view.focus === 'changeovers';
  out.push(`# ${escapeMarkdown(view.title)}`, '');
  if (view.site) out.push(`- **Site:** ${escapeMarkdown(view.site)}`);
  if (view.pair) out.push(`- **Pair:** ${escapeMarkdown(view.pair)}`);
  if (view.server) out.push(`- **Server:** ${escapeMarkdown(view.server)}`);
  out.push(`- **Period:** ${escapeMarkdown(view.period.label)}`);
  if (focus) out.push(`- **Changeovers:** ${view.counts.changeovers}`);
  else out.push(`- **Changes:** ${view.counts.changes} on ${view.counts.servers} server(s); **${view.counts.undocumented} undocumented**`);
  out.push(`- **Journal head:** entry ${view.journal.head.seq}, \`${view.journal.head.hash}\``);
  for (const s of view.signers) out.push(`- **Signed:** entries ${s.first}-${s.last} (${s.entries}) with key \`${s.key}\`; check the signatures with \`pairaudit verify --key\``);
  out.push(`- **Generated:** ${escapeMarkdown(view.generatedAt)} by ${escapeMarkdown(`${view.tool.name} ${view.tool.version}`)}`, '');
  if (focus) {
    if (view.changeovers.length === 0) out.push('No changeovers in this period.', '');
    for (const c of view.changeovers) pushLines(out, changeoverSection(c, view));
    return out.join('\n');
  }
  if (view.changeovers.length > 0) {
    out.push('## Changeovers', '', '| Entry | Pair | Main before → after | Between | Pre-check | Post-check | Settings changed | Recorded by |', '|---|---|---|---|---|---|---|---|');
    for (const c of view.changeovers) {
      out.push(
        `| ${c.seq}${c.pending === true ? ' (pending)' : ''} | ${escapeMarkdown(c.pair)} | ${escapeMarkdown(`${c.mainBefore.name} → ${c.mainAfter.name}`)} | ${escapeMarkdown(`${shortTime(c.between.before)} – ${shortTime(c.between.after)}`)} | ${escapeMarkdown(c.preCheck.label)} (${c.preCheck.seq}) | ${escapeMarkdown(c.postCheck.label)} (${c.postCheck.seq}) | ${c.changed ? `${c.changes.length}: ${escapeMarkdown(c.changes.map((x) => x.id).join(', '))}` : 'none'} | ${recordedBy(c)} |`,
      );
    }
    out.push('', '## Changes', '');
  }
  if (view.changes.length === 0) out.push('No changes in this period.', '');
  else pushLines(out, changesTable(view.changes));
  out.push('## Sign-off', '', ...signOffTable(view));
  return out.join('\n');
}
