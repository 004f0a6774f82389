// `pairaudit check`: the pre-changeover go/no-go check; registered here, implementation imported lazily when it runs.
import type { Command } from 'commander';
import { ExitCode, UsageError } from '../../errors.js';
import type { CliIO } from '../io.js';
import type { GroupOptions } from './audit.js';
import { addGroupOptions } from './audit.js';
import { helpEpilogue } from '../help.js';

function minutes(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`${flag} ${JSON.stringify(text)} is not a number of minutes; write e.g. ${flag} 15`);
  return n;
}

export function registerCheck(program: Command, io: CliIO): void {
  addGroupOptions(program.command('check').description('Pre-changeover check: GO or NO-GO, minutes before a changeover; only blockers (failed or unknown) stop it'))
    .option('--max-age <minutes>', 'snapshots collected longer ago than this are unknown evidence (default 15, or thresholds.snapshotMaxAgeMinutes)')
    .option('--max-skew <minutes>', 'snapshots collected further apart than this are unknown evidence (default 5, or thresholds.snapshotMaxSkewMinutes)')
    .addHelpText(
      'after',
      helpEpilogue(`
Prints GO or NO-GO first, with the reasons, then the findings. Only blocker rules decide: a failed blocker,
or blocker evidence that is unknown (missing, or snapshots older than --max-age or further apart than
--max-skew, or an input that records no collection time: a bare export without --at) is NO-GO.

Roles are taken from the evidence as for \`audit\`: a Standby given first is an error (exit 2), not a GO.
An export the profile does not fit (see \`pairaudit profile check\`) leaves its group's rules unknown: NO-GO.

Changeovers: \`--pair P --record\` journals the check. Run it before the vendor's test changeover and
again after it: when the Main role is then on another server of the pair, a changeover entry is
journalled too; \`pairaudit changes --changeovers --pair P -o changeover.pdf\` writes the record to sign.

Exit codes: 0 GO; 1 NO-GO because a blocker failed; 3 NO-GO because blocker evidence is unknown (collect
again); 2 usage or input error (also: an order that contradicts the recorded roles, the same input twice,
an export holding no ClearSCADA key).

Examples:
  pairaudit check bundles/main bundles/standby
  pairaudit check main.reg standby.reg --at 2026-11-25T11:50:00Z -o check.pdf
  pairaudit check bundles/main bundles/standby --pair "North WTP/scada" --record`),
    )
    .action(async (main: string, others: string[], opts: GroupOptions & { maxAge?: string; maxSkew?: string }) => {
      const maxAge = minutes('--max-age', opts.maxAge);
      const maxSkew = minutes('--max-skew', opts.maxSkew);
      const [{ prepareGroup, exitCodeOf, finishGroup }, { auditGroup }] = await Promise.all([import('./audit.js'), import('../../engine/audit.js')]);
      const group = await prepareGroup(io, [main, ...others], opts, (config) => ({
        ...config,
        thresholds: { ...config.thresholds, ...(maxAge !== undefined ? { snapshotMaxAgeMinutes: maxAge } : {}), ...(maxSkew !== undefined ? { snapshotMaxSkewMinutes: maxSkew } : {}) },
      }));
      const result = await finishGroup(io, group, auditGroup({ ...group, kind: 'check' }, { now: io.now(), toolVersion: io.version }), opts);
      io.exitCode = result.go === true ? ExitCode.OK : exitCodeOf(result);
    });
}
