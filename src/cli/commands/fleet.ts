// `pairaudit fleet`: audits every pair of an inventory in parallel and writes one fleet report; implementation imported lazily.
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { ExitCode, InputError, isPairauditError, UsageError } from '../../errors.js';
import { jobsOption, maxInputSize, maxInputSizeOption, printWarnings, refuseOutputOverInputs, type CliIO } from '../io.js';
import type { ServerWarnings } from '../../fleet/audit-pair.js';
import { FLEET_FORMATS, isSeverity } from '../../vocabulary.js';
import { addReportOptions, checkBinaryTarget, fleetSummary, formatContext, note, resolveFormat, writeReport, type ReportOptions } from '../render.js';
import { startProgress } from '../progress.js';
import { helpEpilogue } from '../help.js';
import { runSecretKeyFor, secretKeyFileOption } from '../secret-key.js';
import { storeDir } from '../store-folder.js';
import { decodeWrittenText } from '../../text-file.js';
import { AUTHOR_DEFAULT } from './history.js';
import { loweredRules } from '../../report/headline-notes.js';

interface FleetOptions extends ReportOptions {
  jobs?: string;
  failOn?: string;
  record?: boolean;
  attribute?: boolean;
  store?: string;
  author?: string;
  ticket?: string;
  profile?: string;
  maxInputSize?: string;
  secretKeyFile?: string;
}

export function registerFleet(program: Command, io: CliIO): void {
  addReportOptions(
    program
      .command('fleet')
      .description('Audit every pair listed in an inventory (sites → pairs → servers) and write one fleet report; exit code is the worst pair\'s')
      .argument('<inventory>', 'inventory file, YAML or JSON (format below)'),
    FLEET_FORMATS,
  )
    .option('--fail-on <severity>', 'for every pair: blocker, warning or info (replaces the inventory\'s failOn); none reports only (exit 0 unless an input is unreadable)')
    .option('--profile <file>', 'a corrected copy of profiles/geo-scada.json, for the pairs whose inventory names no profile')
    .option('-j, --jobs <n>', 'pairs audited at once (default: one per CPU core)')
    .option('--attribute', 'say for each drift which server changed since the pair\'s approved baseline (`pairaudit approve --pair <site>/<pair>`)')
    .option('--record', 'journal every pair\'s snapshots and audit in the history store, under <site>/<pair>')
    .option('--store <dir>', 'history store folder for --attribute and --record (default: PAIRAUDIT_STORE, else .pairaudit)')
    .option('--author <name>', `who ran it, journaled with --record ${AUTHOR_DEFAULT}`)
    .option('--ticket <id>', 'change ticket journaled with --record')
    .option(...secretKeyFileOption)
    .option(...maxInputSizeOption)
    .addHelpText(
      'after',
      helpEpilogue(`
Inventory (YAML or JSON; paths relative to the inventory file):
  # defaults: also rules, config, waivers, profile; per site or pair too
  defaults: { failOn: warning }
  sites:
    - name: North WTP
      pairs:
        - name: scada
          servers: { main: north/a.reg, standby-a: north/b-bundle/ }
          waivers: north-waivers.yaml

Exit codes: the worst pair's: 2 if any pair's input could not be read (the other pairs are still audited),
else 1 drift, else 3 incomplete evidence, else 0 (0 too with --fail-on none, unless an input could not be read); 70 for an internal error.

Examples:
  pairaudit fleet fleet.yaml -o fleet.html
  pairaudit fleet fleet.yaml --format junit -o fleet.xml --jobs 4
  pairaudit fleet fleet.yaml -o fleet.md --fail-on none
  pairaudit fleet fleet.yaml -o fleet.pdf --record --author "J. Smith" \\
    --ticket CHG-1234`),
    )
    .action(async (inventoryPath: string, opts: FleetOptions) => {
      const format = resolveFormat(opts, FLEET_FORMATS);
      checkBinaryTarget(io, format, opts);
      const failOn = opts.failOn?.toLowerCase();
      if (failOn !== undefined && failOn !== 'none' && !isSeverity(failOn)) throw new UsageError(`--fail-on ${JSON.stringify(opts.failOn)} is not a severity; use blocker, warning, info or none`);
      const jobs = jobsOption(opts.jobs);
      const maxBytes = maxInputSize(opts.maxInputSize);
      const file = resolve(io.cwd, inventoryPath);
      let text: string;
      try {
        const { readInputFile } = await import('../../collect/input.js');
        text = decodeWrittenText(await readInputFile(file, inventoryPath, maxBytes), inventoryPath);
      } catch (e) {
        if (e instanceof InputError) throw e;
        throw new InputError(inventoryPath, undefined, `cannot read the inventory (${(e as NodeJS.ErrnoException).code ?? 'error'}); check the path`);
      }
      const { parseInventory } = await import('../../fleet/inventory.js');
      const inventory = parseInventory(text, inventoryPath, dirname(file));
      refuseOutputOverInputs(io, [['-o', opts.output]], [file, ...inventory.pairs.flatMap((p) => [...p.servers.map((s) => s.path), p.options.waivers, p.options.config]), opts.secretKeyFile]);
      if (failOn !== undefined && isSeverity(failOn)) for (const p of inventory.pairs) p.options.failOn = failOn;
      if (opts.profile !== undefined) {
        const profile = resolve(io.cwd, opts.profile);
        // Checked once here: a bad --profile is a usage error of the run, not an error row on every pair; named as given.
        const { loadCliProfile } = await import('../profile.js');
        await loadCliProfile(io, opts.profile);
        for (const p of inventory.pairs) p.options.profile ??= profile;
      }
      for (const s of inventory.pairs.flatMap((p) => p.servers)) s.maxInputSize = maxBytes;
      const { auditFleet } = await import('../../fleet/run.js');
      const ctx = { now: io.now(), toolVersion: io.version };
      const store = storeDir(io, opts.store);
      let recorder: Awaited<ReturnType<typeof import('../../fleet/record.js').fleetRecorder>> | undefined;
      if (opts.record) {
        const [{ fleetRecorder }, { hostname }, { authorOf }] = await Promise.all([import('../../fleet/record.js'), import('node:os'), import('./history.js')]);
        const isAlive = (pid: number): boolean => {
          try {
            process.kill(pid, 0);
            return true;
          } catch (e) {
            return (e as NodeJS.ErrnoException).code === 'EPERM';
          }
        };
        // Each pair's profile file by inventory id: its secret patterns mask what is journalled for the pair.
        const profiles = new Map(inventory.pairs.map((p) => [p.id, p.options.profile]));
        recorder = await fleetRecorder({
          store,
          author: authorOf(io, opts.author),
          ticket: opts.ticket,
          now: ctx.now,
          process: { pid: process.pid, host: hostname(), isAlive },
          profileOf: (id) => profiles.get(id),
          ...(io.env.PAIRAUDIT_SIGN_KEY ? { signKeyFile: resolve(io.cwd, io.env.PAIRAUDIT_SIGN_KEY) } : {}),
        });
      }
      // Redrawn in place for a person at a terminal; a plain line at each tenth into a pipe or a CI log.
      const bar = startProgress(io, inventory.pairs.length, 'pairs audited', opts.quiet === true);
      const notRecorded: string[] = [];
      const warned: { id: string; servers: ServerWarnings[] }[] = [];
      // Pairs whose config file set rules the verdict would rest on lower: said even with --quiet, as audit says it.
      const loweredBy: string[] = [];
      // Waivers naming no servers that waived a pair's drift (they would waive it on any pair), and waiver files that
      // mix both kinds (once each): said even with --quiet too.
      const unscoped: string[] = [];
      const mixedFiles = new Set<string>();
      const secretKey = await runSecretKeyFor(io, { record: opts.record === true, comparesWithStore: opts.attribute === true, store: opts.store, keyFile: opts.secretKeyFile });
      const audited = await auditFleet(inventory, ctx, {
        jobs,
        ...(secretKey !== undefined ? { secretKey } : {}),
        onPair: bar ? (r, done) => bar.tick(done, r.id) : undefined,
        history: { ...(opts.attribute ? { attributeFrom: store } : {}), ...(recorder ? { keepSnapshots: true } : {}) },
        onPairInOrder: (audited) => {
          if (audited.warnings !== undefined) warned.push({ id: audited.result.id, servers: audited.warnings });
          const lowered = audited.result.audit === undefined ? undefined : loweredRules(audited.result.audit);
          if (lowered !== undefined) loweredBy.push(`${audited.result.id}: ${lowered}`);
          for (const w of audited.result.unscopedWaivers ?? []) unscoped.push(`${audited.result.id}: ${w}`);
          if (audited.waiverFileNote !== undefined) mixedFiles.add(audited.waiverFileNote);
          // A pair the store refuses (forward-only, a lock) is not recorded; the others still are, and the run says which.
          return recorder?.record(audited).catch((e: unknown) => {
            if (!isPairauditError(e)) throw e;
            notRecorded.push(`${audited.result.id}: not recorded in the history store: ${e.message}`);
          });
        },
      });
      bar?.end();
      // What collecting each server warned of, on standard error as `audit` prints it, naming the pair and the server
      // first; once the progress bar is done, in inventory order (the reports list them too).
      for (const { id, servers } of warned) for (const s of servers) printWarnings(io, s.given, s.warnings, { path: s.path, about: `${id} (${s.label})` });
      for (const line of [...loweredBy, ...mixedFiles, ...unscoped]) io.stderr(`pairaudit: warning: ${line}\n`);
      if (recorder) note(io, opts, `recorded ${recorder.count()} audit${recorder.count() === 1 ? '' : 's'} in the history store ${store}`);
      // --fail-on none reports only: the run's exit code, and what the reports state, is 0 unless an input could not be
      // read (2) or the run failed (70); the result says it was reported only either way.
      const kept: number[] = [ExitCode.INPUT, ExitCode.INTERNAL];
      const result = failOn === 'none' ? { ...audited, exitCode: kept.includes(audited.exitCode) ? audited.exitCode : ExitCode.OK, reportOnly: true as const } : audited;
      const { renderFleet } = await import('../../report/fleet/index.js');
      const toStdout = opts.output === undefined || opts.output === '-';
      const report = await renderFleet(result, format, formatContext(io, format, toStdout, opts));
      writeReport(io, report, opts, fleetSummary(result));
      io.exitCode = result.exitCode;
      // A refused write is exit 2, as for audit --record, after the report of what was audited.
      for (const line of notRecorded) io.stderr(`pairaudit: ${line}\n`);
      if (notRecorded.length > 0) io.exitCode = ExitCode.INPUT;
    });
}
