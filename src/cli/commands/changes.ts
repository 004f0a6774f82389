// `pairaudit changes`: the change record (every setting added, removed or changed, with who, when and why, and the
// changeovers) or the changeover record (--changeovers), in text, JSON, Markdown, HTML or PDF.
import type { Command } from 'commander';
import { ExitCode, UsageError } from '../../errors.js';
import type { CliIO } from '../io.js';
import { addPeriodOptions, parsePeriod } from '../period.js';
import { addReportOptions, changesSummary, checkBinaryTarget, formatContext, resolveFormat, writeReport, type ReportOptions } from '../render.js';
import { helpEpilogue } from '../help.js';
import { CHANGE_FORMATS } from '../../vocabulary.js';
import { openCliStore, storeOption } from './history.js';

interface ChangesOptions extends ReportOptions {
  changeovers?: boolean;
  failOnUndocumented?: boolean;
  server?: string;
  pair?: string;
  since?: string;
  until?: string;
  site?: string;
  title?: string;
  store?: string;
}

export function registerChanges(program: Command, io: CliIO): void {
  const cmd = program
    .command('changes')
    .description('List every setting added, removed or changed between consecutive snapshots, with who, when and why, and the changeovers; undocumented changes flagged')
    .option('--changeovers', 'the changeover record instead: one section per changeover in the period (servers, roles before and after, both checks, changes across it, sign-off)')
    .option('--server <name>', 'only this server')
    .option('--pair <name>', 'only the servers of this pair');
  addReportOptions(addPeriodOptions(cmd, 'changes first seen or recorded (changeovers: first collection after them, or recorded)'), CHANGE_FORMATS)
    .option('--fail-on-undocumented', 'exit 1 when a change in the period (with --changeovers: across a changeover) is undocumented, for CI')
    .option('--site <name>', 'site name for the record')
    .option('--title <text>', 'title of the record (default: Change record, or Changeover record with --changeovers)')
    .option(...storeOption)
    .addHelpText(
      'after',
      helpEpilogue(`
Exit codes: 0 written; 1 with --fail-on-undocumented when a change in the period is undocumented; 2 usage
error or no (or a damaged) store.

Examples:
  pairaudit changes --since 7d
  pairaudit changes --pair "North WTP/scada" --since 2026-11-01 \\
    --until 2026-11-30 -o changes.pdf
  pairaudit changes --changeovers --pair "North WTP/scada" --since 2w \\
    -o changeover.pdf
  pairaudit changes --since 24h --fail-on-undocumented --quiet -o changes.md`),
    )
    .action(async (opts: ChangesOptions) => {
      const format = resolveFormat(opts, CHANGE_FORMATS);
      checkBinaryTarget(io, format, opts);
      const { since, until } = parsePeriod(opts, io.now());
      const store = await openCliStore(io, opts.store, undefined, 'read');
      const [{ listChanges, listChangeovers, signersOf, indexJournal, isNamed, backdatedInPeriod }, { renderChanges, buildChangeRecordView }] = await Promise.all([import('../../history/index.js'), import('../../report/changes/index.js')]);
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
      const last = entries[entries.length - 1];
      const view = buildChangeRecordView({
        rows: focus === 'changeovers' ? [] : listChanges(entries, filter, index),
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
      // An entry dated in the period but written after later ones: an earlier record of the period lacks it. Said even
      // with --quiet, as a record's reader must know the period was written into after the fact.
      for (const line of backdatedInPeriod(entries, { since, until, pair: opts.pair })) io.stderr(`pairaudit: warning: ${line}\n`);
      const toStdout = opts.output === undefined || opts.output === '-';
      writeReport(io, await renderChanges(view, format, formatContext(io, format, toStdout, opts)), opts, changesSummary(view));
      if (opts.failOnUndocumented === true && undocumentedIn(view) > 0) io.exitCode = ExitCode.DRIFT;
    });
}

/** Undocumented changes in the record: in the period, or across its changeovers (--changeovers). */
function undocumentedIn(view: import('../../report/changes/view.js').ChangeRecordView): number {
  return view.focus === 'changeovers' ? view.changeovers.reduce((n, c) => n + c.undocumented, 0) : view.counts.undocumented;
}
