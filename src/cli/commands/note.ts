// `pairaudit note`: explains a recorded change after the fact (a new journal entry).
import type { Command } from 'commander';
import type { CliIO } from '../io.js';
import { AUTHOR_DEFAULT, authorOf, openCliStore, signKeyOption, storeOption } from './history.js';

export function registerNote(program: Command, io: CliIO): void {
  program
    .command('note')
    .description('Explain a recorded change after the fact (a new journal entry; nothing is rewritten)')
    .argument('<target>', 'a change id as `changes` lists it (42.3), or a journal entry number (42)')
    .requiredOption('--text <text>', 'the explanation')
    .option('--author <name>', `who explains ${AUTHOR_DEFAULT}`)
    .option('--ticket <id>', 'change ticket')
    .option(...signKeyOption)
    .option(...storeOption)
    .action(async (target: string, opts: { text: string; author?: string; ticket?: string; store?: string; signKey?: string }) => {
      const store = await openCliStore(io, opts.store, opts.signKey);
      const { addNote } = await import('../../history/index.js');
      const e = await addNote(store, target, { at: io.now().toISOString(), author: authorOf(io, opts.author), ticket: opts.ticket, note: opts.text });
      io.stdout(`note on ${target} recorded (entry ${e.seq})\n`);
    });
}
