// `pairaudit verify`: recomputes every hash of the journal and checks the stored files.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import type { CliIO } from '../io.js';
import { cliProcessInfo, openCliStore, storeOption } from './history.js';

export function registerVerify(program: Command, io: CliIO): void {
  program
    .command('verify')
    .description('Recompute every hash of the history journal and check the stored snapshots; exit 0 when intact, 1 when not')
    .option('--deep', 'also re-hash the content of every stored snapshot (slower)')
    .option('--format <format>', 'text or json', 'text')
    .option('--key <pubfile>', 'check the signatures: every entry from the first one signed with this public key (`pairaudit keygen`) on must be signed with it')
    .option(...storeOption)
    .action(async (opts: { deep?: boolean; format: string; key?: string; store?: string }) => {
      if (opts.format !== 'text' && opts.format !== 'json') throw new UsageError(`--format ${JSON.stringify(opts.format)}: expected text or json`);
      const store = await openCliStore(io, opts.store);
      const { verifyStore, loadPublicKey } = await import('../../history/index.js');
      const key = opts.key === undefined ? undefined : loadPublicKey(resolve(io.cwd, opts.key));
      const report = verifyStore(store, { deep: opts.deep === true, process: cliProcessInfo(), ...(key !== undefined ? { key } : {}) });
      if (opts.format === 'json') io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      else {
        if (report.ok) {
          io.stdout(`intact: ${report.entries} entries, ${report.snapshotsChecked} snapshot and ${report.auditsChecked} audit references checked; head ${report.head.seq} ${report.head.hash}\n`);
          // Plain verify hashes the stored files; --deep also reads what is inside them.
          if (opts.deep === true) io.stdout(`deep: every stored snapshot (${report.snapshotsChecked} reference${report.snapshotsChecked === 1 ? '' : 's'}) decompressed, parsed and re-hashed: each is the canonical JSON of its fingerprint\n`);
          if (report.signatures?.firstSigned !== undefined) io.stdout(`signed: entries ${report.signatures.firstSigned}-${report.entries} with ${report.signatures.key}\n`);
        }
        else {
          io.stdout(`BROKEN at entry ${report.firstBrokenSeq}: ${report.problems[0].file}: ${report.problems[0].detail}\n`);
          for (const p of report.problems.slice(1)) io.stdout(`  also entry ${p.seq}: ${p.file}: ${p.detail}\n`);
          io.stdout(`entries 1-${report.entries} are intact (head ${report.head.hash}); restore the rest from a backup or the store's git history\n`);
        }
        for (const n of report.notices) io.stdout(`note: ${n}\n`);
      }
      io.exitCode = report.ok ? 0 : 1;
    });
}
