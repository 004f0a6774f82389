// `pairaudit changes`: the change record (every setting added, removed or changed, with who, when and why) in text, JSON, Markdown, HTML or PDF.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { writeOutput, type CliIO } from '../io.js';
import { formatContext } from '../render.js';
import { changeFormat, openCliStore, parseTime, storeOption } from './history.js';

export function registerChanges(program: Command, io: CliIO): void {
  program
    .command('changes')
    .description('List every setting added, removed or changed between consecutive snapshots, with who, when and why; undocumented changes flagged')
    .option('--server <name>', 'only this server')
    .option('--pair <name>', 'only the servers of this pair')
    .option('--changeovers', 'the changeover record instead: one section per changeover in the period (servers, roles before and after, both checks, changes across it, sign-off)')
    .option('--since <date>', 'changes first seen at or after this date/time')
    .option('--until <date>', 'changes first seen at or before this date/time')
    .option('-f, --format <format>', 'text, json, markdown, html or pdf (default: from the -o extension, else text)')
    .option('-o, --output <file>', 'write to this file (atomically) instead of standard output')
    .option('--site <name>', 'site name for the change record')
    .option('--title <text>', 'title of the record (default: Change record, or Changeover record with --changeovers)')
    .option(...storeOption)
    .action(async (opts: { changeovers?: boolean; server?: string; pair?: string; since?: string; until?: string; format?: string; output?: string; site?: string; title?: string; store?: string }) => {
      const format = changeFormat(opts.format, opts.output);
      const since = parseTime('--since', opts.since, false);
      const until = parseTime('--until', opts.until, true);
      const toStdout = opts.output === undefined || opts.output === '-';
      if (format === 'pdf' && toStdout && io.isTTY) throw new UsageError('a PDF is binary and would garble the terminal; write it to a file with -o changes.pdf');
      const store = await openCliStore(io, opts.store);
      const [{ listChanges, listChangeovers, signersOf, indexJournal, isNamed }, { renderChanges, buildChangeRecordView }] = await Promise.all([import('../../history/index.js'), import('../../report/changes/index.js')]);
      const entries = store.readJournal();
      // A misspelt name would give an empty record that looks like "no changes": say so instead.
      const index = indexJournal(entries);
      const known = (names: string[]) => (names.length > 0 ? names.sort().join(', ') : 'none yet');
      if (opts.server !== undefined && ![...index.servers.values()].some((s) => isNamed(s, opts.server!))) {
        throw new UsageError(`--server ${JSON.stringify(opts.server)}: no such server in the store; known servers: ${known([...new Set([...index.servers.values()].map((s) => s.name))])}`);
      }
      if (opts.pair !== undefined && !index.pairs.has(opts.pair.toLowerCase())) {
        throw new UsageError(`--pair ${JSON.stringify(opts.pair)}: no such pair in the store; known pairs: ${known([...index.pairs.values()].map((p) => p.name))}`);
      }
      const filter = { server: opts.server, pair: opts.pair, since, until };
      const focus = opts.changeovers === true ? 'changeovers' : 'changes';
      const rows = focus === 'changeovers' ? [] : listChanges(entries, filter, index);
      const last = entries[entries.length - 1];
      const view = buildChangeRecordView({
        rows,
        changeovers: listChangeovers(entries, filter, index),
        focus,
        signers: signersOf(entries),
        head: last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: '0'.repeat(64) },
        entries: entries.length,
        generatedAt: io.now().toISOString(),
        tool: { name: 'pairaudit', version: io.version },
        site: opts.site,
        pair: opts.pair,
        server: opts.server,
        since,
        until,
        ...(opts.title !== undefined ? { title: opts.title } : {}),
      });
      const data = await renderChanges(view, format, formatContext(io, toStdout));
      writeOutput(io, data, toStdout ? undefined : resolve(io.cwd, opts.output!));
    });
}
