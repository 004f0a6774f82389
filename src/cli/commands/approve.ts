// `pairaudit approve`: the pair's current snapshots become its approved baseline.
import type { Command } from 'commander';
import type { CliIO } from '../io.js';
import { AUTHOR_DEFAULT, authorOf, backdatedOption, openCliStore, signKeyOption, storeOption, type WriteOpts } from './history.js';

export function registerApprove(program: Command, io: CliIO): void {
  program
    .command('approve')
    .description("Record the pair's current snapshots as its approved baseline; later audits say which server changed since")
    .requiredOption('--pair <name>', 'the pair')
    .option('--author <name>', `who approves ${AUTHOR_DEFAULT}`)
    .option('--ticket <id>', 'change ticket')
    .option('--note <text>', 'why this baseline is approved')
    .option('--profile <file>', 'a site profile (a corrected copy of profiles/geo-scada.json): its secretValueNames and secretContent hide secrets in the text given too, beside the bundled patterns')
    .option(...backdatedOption)
    .option(...signKeyOption)
    .option(...storeOption)
    .action(async (opts: WriteOpts & { pair: string; profile?: string }) => {
      // Author, ticket and text masked by the site profile's secret patterns as well as the bundled ones (as `record`).
      const [{ loadCliProfile }, { freeTextDetector }] = await Promise.all([import('../profile.js'), import('../../snapshot/secrets.js')]);
      const secrets = freeTextDetector(opts.profile !== undefined ? await loadCliProfile(io, opts.profile) : undefined);
      const store = await openCliStore(io, opts.store, opts.signKey);
      const { approveBaseline } = await import('../../history/index.js');
      const e = await approveBaseline(store, opts.pair, { at: io.now().toISOString(), author: authorOf(io, opts.author), ticket: opts.ticket, note: opts.note, backdated: opts.backdated, secrets });
      io.stdout(`baseline of ${e.pair} approved (entry ${e.seq}):\n`);
      for (const s of e.servers) io.stdout(`  ${s.role}: ${s.server} snapshot ${s.fingerprint.slice(0, 12)} (entry ${s.seq})\n`);
    });
}
