// `pairaudit migrate`: brings a store written by an older pairaudit to the current format version.
import type { Command } from 'commander';
import type { CliIO } from '../io.js';
import { AUTHOR_DEFAULT, authorOf, openCliStore, signKeyOption, storeOption, type WriteOpts } from './history.js';
import { helpEpilogue } from '../help.js';

export function registerMigrate(program: Command, io: CliIO): void {
  program
    .command('migrate')
    .description('Bring a history store written by an older pairaudit to the current format: a new journal, the old one kept aside')
    .option('--author <name>', `who migrates ${AUTHOR_DEFAULT}`)
    .option('--ticket <id>', 'change ticket')
    .option('--note <text>', 'why (journalled with the migration)')
    .option('--profile <file>', 'a site profile (a corrected copy of profiles/geo-scada.json): its secretValueNames and secretContent hide secrets in the text given too, beside the bundled patterns')
    .option(...signKeyOption)
    .option(...storeOption)
    .addHelpText(
      'after',
      helpEpilogue(`
Rewrites the journal entry for entry (every entry keeps its number, so change ids stay valid), appends an
entry that names the old journal's head hash and what each format version changed, and moves the old
journal to retired/v<version>-<head>/ in the store, a whole store that \`pairaudit verify --store\` checks.
Nothing is deleted: dispose of the retired folder as your records policy says. Secrets an older version
kept in clear (a Pwd, a connection string's Password= part) are replaced in the new journal and stored files
by keyed hashes under the store's own key (secret.key); the retired folder still holds them.

Exit codes: 0 migrated (or nothing to do); 2 not a store, or a store that fails verification.`),
    )
    .action(async (opts: WriteOpts & { profile?: string }) => {
      // Author, ticket and text masked by the site profile's secret patterns as well as the bundled ones (as `record`).
      const [{ loadCliProfile }, { freeTextDetector }] = await Promise.all([import('../profile.js'), import('../../snapshot/secrets.js')]);
      const secrets = freeTextDetector(opts.profile !== undefined ? await loadCliProfile(io, opts.profile) : undefined);
      const store = await openCliStore(io, opts.store, opts.signKey);
      const { migrateStore } = await import('../../history/index.js');
      // migrateStore masks with the bundled patterns (metaFields); the text comes to it masked by the site's already.
      const masked = (text: string | undefined): string | undefined => (text === undefined ? undefined : secrets.maskText(text));
      const out = await migrateStore(store, { at: io.now().toISOString(), author: secrets.maskText(authorOf(io, opts.author)), ticket: masked(opts.ticket), note: masked(opts.note) });
      if (out.kind === 'up-to-date') io.stdout(`${store.dir}: already at format version ${out.version}; nothing to do\n`);
      else if (out.kind === 'finished') io.stdout(`${store.dir}: finished an interrupted migration to format version ${out.version}; the old journal is in ${out.retired}\n`);
      else {
        const e = out.entry;
        io.stdout(`${store.dir}: migrated from format version ${e.from.version} to ${e.to} (entry ${e.seq}; the old head was entry ${e.from.head.seq} ${e.from.head.hash})\n`);
        for (const step of e.steps) {
          io.stdout(`  version ${step.version}: ${step.title}\n`);
          for (const line of step.changed) io.stdout(`    ${line}\n`);
        }
        io.stdout(`the old journal is in ${out.retired} (a whole store: \`pairaudit verify --store ${out.retired}\`); nothing was deleted\n`);
      }
    });
}
