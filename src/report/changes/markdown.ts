// Change record as Markdown: a summary, a table of changes (undocumented ones in bold), the head hash and sign-off.
import { escapeMarkdown, markdownCode } from '../escape.js';
import { serverLabel, shortTime, type ChangeRecordView } from './view.js';

export function formatChangesMarkdown(view: ChangeRecordView): string {
  const out: string[] = [];
  out.push(`# ${escapeMarkdown(view.title)}`, '');
  if (view.site) out.push(`- **Site:** ${escapeMarkdown(view.site)}`);
  if (view.pair) out.push(`- **Pair:** ${escapeMarkdown(view.pair)}`);
  if (view.server) out.push(`- **Server:** ${escapeMarkdown(view.server)}`);
  out.push(`- **Period:** ${escapeMarkdown(view.period.label)}`);
  out.push(`- **Changes:** ${view.counts.changes} on ${view.counts.servers} server(s); **${view.counts.undocumented} undocumented**`);
  out.push(`- **Journal head:** entry ${view.journal.head.seq}, \`${view.journal.head.hash}\``);
  out.push(`- **Generated:** ${escapeMarkdown(view.generatedAt)} by ${escapeMarkdown(`${view.tool.name} ${view.tool.version}`)}`, '');
  if (view.changes.length === 0) out.push('No changes in this period.', '');
  else {
    out.push('| Id | Server | Setting | Before | After | First seen | Who | Why | Ticket |');
    out.push('|---|---|---|---|---|---|---|---|---|');
    for (const c of view.changes) {
      const why = c.documented ? escapeMarkdown(c.why) : '**UNDOCUMENTED**';
      out.push(
        `| ${c.id} | ${escapeMarkdown(serverLabel(c))} | ${markdownCode(c.setting)} (${c.kindLabel}) | ${markdownCode(c.before)} | ${markdownCode(c.after)} | ${escapeMarkdown(shortTime(c.firstSeen))} | ${escapeMarkdown(c.who)} | ${why} | ${escapeMarkdown(c.ticket)} |`,
      );
    }
    out.push('');
  }
  out.push('## Sign-off', '');
  out.push('| Role | Name | Signature | Date |', '|---|---|---|---|');
  for (const s of view.signOff) out.push(`| ${escapeMarkdown(s.role)} | | | |`);
  out.push('');
  return out.join('\n');
}
