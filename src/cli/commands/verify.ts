// `pairaudit verify`: recomputes every hash of the journal and checks the stored files.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { VerifyReport } from '../../history/index.js';
import type { CliIO } from '../io.js';
import { UsageError } from '../../errors.js';
import { addFormatOptions, checkBinaryTarget, resolveFormat, TEXT_OR_JSON, writeReport, type ReportOptions } from '../render.js';
import { cliProcessInfo, openCliStore, storeOption } from './history.js';

/** The text report: `intact: …` (and what --deep and --key checked), or `BROKEN at entry N` with every problem. */
function verifyText(report: VerifyReport, deep: boolean): string {
  const out: string[] = [];
  if (report.ok) {
    // Without --deep, the snapshots the next commands read (each server's latest, each pair's latest baseline) are unpacked too.
    const unpacked = !deep && report.snapshotsInflated > 0 ? ` (the ${report.snapshotsInflated} snapshot${report.snapshotsInflated === 1 ? '' : 's'} read next also unpacked against ${report.snapshotsInflated === 1 ? 'its fingerprint' : 'their fingerprints'})` : '';
    out.push(`intact: ${report.entries} entries, ${report.snapshotsChecked} snapshot and ${report.auditsChecked} audit references checked${unpacked}; head ${report.head.seq} ${report.head.hash}`);
    // Plain verify hashes the stored files; --deep also reads what is inside them.
    if (deep) out.push(`deep: every stored snapshot (${report.snapshotsChecked} reference${report.snapshotsChecked === 1 ? '' : 's'}) decompressed, parsed and re-hashed: each is the canonical JSON of its fingerprint`);
    if (report.signatures?.firstSigned !== undefined) out.push(`signed: entries ${report.signatures.firstSigned}-${report.entries} with ${report.signatures.key}`);
    // Plain verify also checks signatures with the keys the store holds.
    if (report.storeKeys !== undefined) out.push(`signatures: every signed entry checked with the public key${report.storeKeys.length === 1 ? '' : 's'} the store holds (keys/: ${report.storeKeys.join(', ')}); compare ${report.storeKeys.length === 1 ? 'it' : 'them'} with the key id on your signed change record, or check with \`--key\``);
  } else {
    out.push(`BROKEN at entry ${report.firstBrokenSeq}: ${report.problems[0].file}: ${report.problems[0].detail}`);
    for (const p of report.problems.slice(1)) out.push(`  also entry ${p.seq}: ${p.file}: ${p.detail}`);
    const intact = report.entries === 0 ? 'no entry is intact' : report.entries === 1 ? `entry 1 is intact (head ${report.head.hash})` : `entries 1-${report.entries} are intact (head ${report.head.hash})`;
    // Only the bytes of the first broken file changed (CRLF, a byte-order mark): put them back rather than restore.
    const next = report.problems[0].intact === true ? `nothing to restore from a backup: put the bytes of ${report.problems[0].file} back as said, then verify again` : "restore the rest from a backup or the store's git history";
    out.push(`${intact}; ${next}`);
  }
  for (const n of report.notices) out.push(`note: ${n}`);
  return `${out.join('\n')}\n`;
}

export function registerVerify(program: Command, io: CliIO): void {
  addFormatOptions(
    program
      .command('verify')
      .description('Recompute every hash of the history journal and check the stored snapshots; exit 0 when intact, 1 when not')
      .option('--deep', 'also re-hash the content of every stored snapshot (slower)'),
    TEXT_OR_JSON,
  )
    .option('--key <pubfile>', 'check the signatures: every entry from the first one signed with this public key (`pairaudit keygen`) on must be signed with it')
    .option('--head <hash>', 'the journal head hash you kept (printed on every change record and by verify): the journal must still hold that entry; detects entries deleted from its end with head.json rewritten, and a replaced store')
    .option(...storeOption)
    .action(async (opts: ReportOptions & { deep?: boolean; key?: string; head?: string; store?: string }) => {
      // A bad --format or -o is a usage error before the store is read.
      const format = resolveFormat(opts, TEXT_OR_JSON);
      checkBinaryTarget(io, format, opts);
      const head = opts.head?.trim().toLowerCase();
      if (head !== undefined && !/^[0-9a-f]{64}$/.test(head)) throw new UsageError(`--head ${JSON.stringify(opts.head)}: expected the 64 hex digits of a journal head hash, as a change record or \`pairaudit verify\` prints it`);
      const store = await openCliStore(io, opts.store, undefined, 'read');
      const { verifyStore, loadPublicKey } = await import('../../history/index.js');
      const key = opts.key === undefined ? undefined : loadPublicKey(resolve(io.cwd, opts.key));
      const report = verifyStore(store, { deep: opts.deep === true, process: cliProcessInfo(), ...(key !== undefined ? { key } : {}), ...(head !== undefined ? { head } : {}) });
      const data = format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : verifyText(report, opts.deep === true);
      writeReport(io, data, opts, report.ok ? `intact: ${report.entries} entries` : `BROKEN at entry ${report.firstBrokenSeq}`);
      io.exitCode = report.ok ? 0 : 1;
    });
}
