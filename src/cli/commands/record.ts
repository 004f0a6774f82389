// `pairaudit record`: a server's snapshot into the history store (or a checked-unchanged entry).
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { maxInputSizeOption, type CliIO } from '../io.js';
import { AUTHOR_DEFAULT, authorOf, backdatedOption, openCliStore, parseRole, readInput, ROLES, signKeyOption, storeOption, type InputFlags, type WriteOpts } from './history.js';

export function registerRecord(program: Command, io: CliIO): void {
  program
    .command('record')
    .description("Record a server's snapshot in the history store; journals it as unchanged when nothing changed since its last snapshot")
    .argument('<input>', 'a registry export, a collection bundle folder, or a snapshot JSON')
    .option('--server <name>', "name of the server in the history (default: the snapshot's server label)")
    .option('--pair <name>', 'the pair this server belongs to')
    .option('--role <role>', `its role in the pair: ${ROLES.join(', ')}`)
    .option('--author <name>', `who records ${AUTHOR_DEFAULT}`)
    .option('--ticket <id>', 'change ticket')
    .option('--note <text>', 'why the configuration changed')
    .option('--at <time>', 'collection time (ISO 8601) of an export that does not record one (required for it: a history entry never guesses the time)')
    .option('--late', "accept a snapshot collected before the server's latest recorded one, as late evidence (no changes)")
    .option(...backdatedOption)
    .option('--lenient', 'keep going past lines that fit no registry syntax')
    .option('--profile <file>', 'a corrected copy of profiles/geo-scada.json')
    .option('--instance <name>', 'Geo SCADA named instance to read')
    .option(...maxInputSizeOption)
    .option(...signKeyOption)
    .option(...storeOption)
    .action(async (input: string, opts: WriteOpts & InputFlags & { server?: string; pair?: string; role?: string; late?: boolean }) => {
      const role = parseRole(opts.role);
      const [{ loadCliProfile }, { freeTextDetector }] = await Promise.all([import('../profile.js'), import('../../snapshot/secrets.js')]);
      const profile = opts.profile !== undefined ? await loadCliProfile(io, opts.profile) : undefined;
      const snapshot = await readInput(io, input, opts, role, profile);
      if (opts.pair !== undefined && (role ?? snapshot.server.role) === undefined) {
        throw new UsageError('record: --pair needs --role (main, standby-a, ...) so that the pair knows which server is which');
      }
      const store = await openCliStore(io, opts.store, opts.signKey);
      const { recordSnapshot } = await import('../../history/index.js');
      const out = await recordSnapshot(store, snapshot, {
        at: io.now().toISOString(),
        author: authorOf(io, opts.author),
        ticket: opts.ticket,
        note: opts.note,
        server: opts.server,
        pair: opts.pair,
        role,
        late: opts.late === true,
        ...(opts.backdated !== undefined ? { backdated: opts.backdated } : {}),
        // Author, ticket and note masked by the site profile's secret patterns as well as the bundled ones.
        secrets: freeTextDetector(profile),
      });
      const e = out.entry;
      if (e.type === 'snapshot-recorded' && e.late === true) io.stdout(`${e.server}: late evidence recorded (entry ${e.seq}, collected ${e.collectedAt}); compared with nothing\n`);
      else if (e.type === 'checked-unchanged') io.stdout(`${e.server}: unchanged since entry ${e.previous.seq}; journalled as checked (entry ${e.seq})\n`);
      else if (out.first) io.stdout(`${e.server}: first snapshot recorded (entry ${e.seq}, ${e.settingCount} settings, ${e.fingerprint.slice(0, 12)})\n`);
      else {
        const { showChange } = await import('../../report/display.js');
        io.stdout(`${e.server}: ${out.changes.length} change(s) recorded (entry ${e.seq})\n`);
        out.changes.forEach((c, i) => {
          const [before, after] = showChange(c.kind === 'added' ? null : c.from, c.kind === 'removed' ? null : c.to);
          io.stdout(`  [${e.seq}.${i + 1}] ${c.setting}: ${before} → ${after}\n`);
        });
        if (e.note === undefined) io.stdout(`  no --note given: explain with \`pairaudit note ${e.seq} --text ...\`\n`);
      }
    });
}
