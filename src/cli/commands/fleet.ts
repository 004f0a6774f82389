// `pairaudit fleet`: audits every pair of an inventory in parallel and writes one fleet report; implementation imported lazily.
import { dirname, extname, resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError, UsageError } from '../../errors.js';
import { maxInputSize, maxInputSizeOption, refuseOutputOverInputs, writeOutput, type CliIO } from '../io.js';
import { formatContext } from '../render.js';

interface FleetOptions {
  format?: string;
  output?: string;
  jobs?: string;
  record?: boolean;
  attribute?: boolean;
  store?: string;
  author?: string;
  ticket?: string;
  profile?: string;
  maxInputSize?: string;
}

/** A one-line progress bar, redrawn in place on a terminal's stderr. */
function progressBar(io: CliIO, total: number): { tick: (done: number, id: string) => void; end: () => void } {
  const width = 30;
  let last = '';
  return {
    tick(done, id) {
      const filled = Math.round((done / total) * width);
      const line = `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${id}`.slice(0, 100);
      io.stderr(line.padEnd(last.length));
      last = line;
    },
    end() {
      if (last !== '') io.stderr('\r' + ' '.repeat(last.length) + '\r');
    },
  };
}

const fleetFormats = ['text', 'json', 'junit', 'html', 'pdf'] as const;
type FleetFormat = (typeof fleetFormats)[number];
const formatByExtension: Record<string, FleetFormat> = { '.txt': 'text', '.json': 'json', '.xml': 'junit', '.html': 'html', '.htm': 'html', '.pdf': 'pdf' };

/** As for `audit`: --format, else the -o extension, else text on a terminal and json when piped. */
function fleetFormat(io: CliIO, opts: FleetOptions): FleetFormat {
  if (opts.format !== undefined) {
    const name = opts.format.toLowerCase();
    if (!(fleetFormats as readonly string[]).includes(name)) throw new UsageError(`--format ${JSON.stringify(opts.format)} is not a fleet report format; use one of ${fleetFormats.join(', ')}`);
    return name as FleetFormat;
  }
  const byExt = opts.output !== undefined && opts.output !== '-' ? formatByExtension[extname(opts.output).toLowerCase()] : undefined;
  return byExt ?? (io.isTTY ? 'text' : 'json');
}

export function registerFleet(program: Command, io: CliIO): void {
  program
    .command('fleet')
    .description('Audit every pair listed in an inventory (sites → pairs → servers) and write one fleet report; exit code is the worst pair\'s')
    .argument('<inventory>', 'inventory file, YAML or JSON (format below)')
    .option('-f, --format <format>', 'text, json, junit, html or pdf (default: from the -o extension, else text on a terminal and json otherwise)')
    .option('-o, --output <file>', 'write the report to this file (atomically) instead of standard output')
    .option('--profile <file>', 'a corrected copy of profiles/geo-scada.json, for the pairs whose inventory names no profile')
    .option('-j, --jobs <n>', 'pairs audited at once (default: one per CPU core)')
    .option('--attribute', 'say for each drift which server changed since the pair\'s approved baseline (`pairaudit approve --pair <site>/<pair>`)')
    .option('--record', 'journal every pair\'s snapshots and audit in the history store, under <site>/<pair>')
    .option('--store <dir>', 'history store folder for --attribute and --record (default: PAIRAUDIT_STORE, else .pairaudit)')
    .option('--author <name>', 'author journaled with --record (default: the user name)')
    .option('--ticket <id>', 'change ticket journaled with --record')
    .option(...maxInputSizeOption)
    .addHelpText(
      'after',
      `
Inventory (YAML or JSON; paths relative to the inventory file):
  defaults: { failOn: warning }            # also rules, config, waivers, profile; per site or pair too
  sites:
    - name: North WTP
      pairs:
        - name: scada
          servers: { main: north/a.reg, standby-a: north/b-bundle/ }
          waivers: north-waivers.yaml

Exit codes: the worst pair's: 2 if any pair's input could not be read (the other pairs are still audited),
else 1 drift, else 3 incomplete evidence, else 0; 70 for an internal error.

Examples:
  pairaudit fleet fleet.yaml -o fleet.html
  pairaudit fleet fleet.yaml --format junit -o fleet.xml --jobs 4
  pairaudit fleet fleet.yaml --format pdf -o fleet.pdf --record --author "J. Smith" --ticket CHG-1234`,
    )
    .action(async (inventoryPath: string, opts: FleetOptions) => {
      const format = fleetFormat(io, opts);
      let jobs: number | undefined;
      if (opts.jobs !== undefined) {
        jobs = Number(opts.jobs);
        if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs ${opts.jobs}: expected a whole number of 1 or more`);
      }
      const maxBytes = maxInputSize(opts.maxInputSize);
      const file = resolve(io.cwd, inventoryPath);
      let text: string;
      try {
        const { readInputFile } = await import('../../collect/input.js');
        text = (await readInputFile(file, inventoryPath, maxBytes)).toString('utf8');
      } catch (e) {
        if (e instanceof InputError) throw e;
        throw new InputError(inventoryPath, undefined, `cannot read the inventory (${(e as NodeJS.ErrnoException).code ?? 'error'}); check the path`);
      }
      const { parseInventory } = await import('../../fleet/inventory.js');
      const inventory = parseInventory(text, inventoryPath, dirname(file));
      refuseOutputOverInputs(io, [['-o', opts.output]], [file, ...inventory.pairs.flatMap((p) => [...p.servers.map((s) => s.path), p.options.waivers, p.options.config])]);
      if (opts.profile !== undefined) {
        const profile = resolve(io.cwd, opts.profile);
        // Checked once here: a bad --profile is a usage error of the run, not an error row on every pair.
        const { loadProfile } = await import('../../collect/index.js');
        await loadProfile(profile);
        for (const p of inventory.pairs) p.options.profile ??= profile;
      }
      for (const s of inventory.pairs.flatMap((p) => p.servers)) s.maxInputSize = maxBytes;
      const { auditFleet } = await import('../../fleet/run.js');
      const ctx = { now: io.now(), toolVersion: io.version };
      const store = resolve(io.cwd, opts.store ?? io.env.PAIRAUDIT_STORE ?? '.pairaudit');
      let recorder: Awaited<ReturnType<typeof import('../../fleet/record.js').fleetRecorder>> | undefined;
      if (opts.record) {
        const [{ fleetRecorder }, { hostname }] = await Promise.all([import('../../fleet/record.js'), import('node:os')]);
        const isAlive = (pid: number): boolean => {
          try {
            process.kill(pid, 0);
            return true;
          } catch (e) {
            return (e as NodeJS.ErrnoException).code === 'EPERM';
          }
        };
        recorder = await fleetRecorder({
          store,
          author: opts.author ?? io.env.USER ?? io.env.USERNAME ?? 'unknown',
          ticket: opts.ticket,
          now: ctx.now,
          process: { pid: process.pid, host: hostname(), isAlive },
          ...(io.env.PAIRAUDIT_SIGN_KEY ? { signKeyFile: resolve(io.cwd, io.env.PAIRAUDIT_SIGN_KEY) } : {}),
        });
      }
      // Drawn only for a person at a terminal: never into a pipe, a file or a CI log.
      const bar = io.isTTY && process.stderr.isTTY === true ? progressBar(io, inventory.pairs.length) : undefined;
      const { secretKeyFrom, storeSecretKey } = await import('../secret-key.js');
      const secretKey = recorder ? storeSecretKey(io) : secretKeyFrom(io);
      const result = await auditFleet(inventory, ctx, {
        jobs,
        ...(secretKey !== undefined ? { secretKey } : {}),
        onPair: bar ? (r, done) => bar.tick(done, r.id) : undefined,
        history: { ...(opts.attribute ? { attributeFrom: store } : {}), ...(recorder ? { keepSnapshots: true } : {}) },
        ...(recorder ? { onPairInOrder: (audited) => recorder.record(audited) } : {}),
      });
      bar?.end();
      if (recorder) io.stderr(`pairaudit: recorded ${recorder.count()} audit${recorder.count() === 1 ? '' : 's'} in the history store ${store}\n`);
      const { renderFleet } = await import('../../report/fleet/index.js');
      const toStdout = opts.output === undefined || opts.output === '-';
      const report = await renderFleet(result, format, formatContext(io, toStdout));
      writeOutput(io, report, toStdout ? undefined : resolve(io.cwd, opts.output as string));
      io.exitCode = result.exitCode;
    });
}
