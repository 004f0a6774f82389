// `pairaudit note`: explains a recorded change after the fact (a new journal entry).
import type { Command } from 'commander';
import type { CliIO } from '../io.js';
import { AUTHOR_DEFAULT, authorOf, backdatedOption, openCliStore, signKeyOption, storeOption } from './history.js';

export function registerNote(program: Command, io: CliIO): void {
  program
    .command('note')
    .description('Explain a recorded change after the fact (a new journal entry; nothing is rewritten)')
    .argument('<target>', 'a change id as `changes` lists it (42.3), or a journal entry number (42)')
    .requiredOption('--text <text>', 'the explanation')
    .option('--author <name>', `who explains ${AUTHOR_DEFAULT}`)
    .option('--ticket <id>', 'change ticket')
    .option('--profile <file>', 'a site profile (a corrected copy of profiles/geo-scada.json): its secretValueNames and secretContent hide secrets in the text given too, beside the bundled patterns')
    .option(...backdatedOption)
    .option(...signKeyOption)
    .option(...storeOption)
    .action(async (target: string, opts: { text: string; author?: string; ticket?: string; backdated?: string; store?: string; signKey?: string; profile?: string }) => {
      // Author, ticket and text masked by the site profile's secret patterns as well as the bundled ones (as `record`).
      const [{ loadCliProfile }, { freeTextDetector }] = await Promise.all([import('../profile.js'), import('../../snapshot/secrets.js')]);
      const secrets = freeTextDetector(opts.profile !== undefined ? await loadCliProfile(io, opts.profile) : undefined);
      const store = await openCliStore(io, opts.store, opts.signKey);
      const { addNote } = await import('../../history/index.js');
      const e = await addNote(store, target, { at: io.now().toISOString(), author: authorOf(io, opts.author), ticket: opts.ticket, note: opts.text, backdated: opts.backdated, secrets });
      io.stdout(`note on ${target} recorded (entry ${e.seq})\n`);
    });
}
