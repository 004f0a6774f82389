// `pairaudit collect`: registered here; its implementation is imported lazily when it runs.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import type { Role } from '../../types.js';
import { maxInputSize, maxInputSizeOption, readStdin, refuseOutputOverInputs, printWarnings, writeOutput, type CliIO } from '../io.js';
import { secretKeyFileOption, secretKeyFrom } from '../secret-key.js';
import { ROLES } from '../../vocabulary.js';
import { checkJsonOutput } from '../render.js';

interface CollectFlags {
  output?: string;
  lenient?: boolean;
  profile?: string;
  role?: Role;
  label?: string;
  at?: string;
  instance?: string;
  secretKeyFile?: string;
  maxInputSize?: string;
}

export function registerCollect(program: Command, io: CliIO): void {
  program
    .command('collect')
    .description('Turn registry exports or server bundles into snapshots (canonical JSON): one input → one snapshot, several → a JSON array')
    .argument('<inputs...>', 'a registry export (.reg, reg query /s text), a bundle folder, a snapshot JSON, or - for standard input')
    .option('-o, --output <file>', 'write the JSON to this file instead of standard output')
    .option('--lenient', 'keep going past lines that fit no registry syntax (they become warnings in the snapshot)')
    .option('--profile <file>', 'a corrected copy of profiles/geo-scada.json to name the settings with')
    .addOption(program.createOption('--role <role>', 'role of the server (one input only; overrides the bundle manifest)').choices(ROLES))
    .option('--label <name>', 'label of the server (one input only; default: its server label, else host name, else file name)')
    .option('--at <time>', 'collection time (ISO 8601) for inputs that do not record one (default: none; the snapshot then has no collected.at)')
    .option('--instance <name>', 'Geo SCADA named instance to read (the ClearSCADA-<name> key); default: the only one, or the default instance')
    .option(...secretKeyFileOption)
    .option(...maxInputSizeOption)
    .action(async (inputs: string[], flags: CollectFlags) => {
      if (inputs.length > 1 && (flags.role !== undefined || flags.label !== undefined)) {
        throw new UsageError('--role and --label apply to one input; collect the servers one at a time, or put the role in each bundle.json');
      }
      if (inputs.filter((i) => i === '-').length > 1) throw new UsageError('standard input (-) can be read only once');
      const maxBytes = maxInputSize(flags.maxInputSize);
      checkJsonOutput(flags.output);
      refuseOutputOverInputs(io, [['-o', flags.output]], [...inputs, flags.profile, flags.secretKeyFile]);
      const [{ collectServer, collectFromBytes }, { canonicalJson }, { loadCliProfile }] = await Promise.all([import('../../collect/index.js'), import('../../snapshot/canonical.js'), import('../profile.js')]);
      const opts = {
        toolVersion: io.version,
        at: flags.at,
        lenient: flags.lenient === true,
        profile: flags.profile !== undefined ? await loadCliProfile(io, flags.profile) : undefined,
        secretKey: secretKeyFrom(io, flags.secretKeyFile),
        role: flags.role,
        label: flags.label,
        instance: flags.instance,
        maxInputSize: maxBytes,
      };
      const snapshots = [];
      for (const input of inputs) {
        const s = input === '-' ? collectFromBytes(await readStdin(io, maxBytes), '<stdin>', opts) : await collectServer(resolve(io.cwd, input), { ...opts, displayName: input });
        printWarnings(io, input, s.warnings);
        snapshots.push(s);
      }
      const json = snapshots.length === 1 ? canonicalJson(snapshots[0]) : `[${snapshots.map(canonicalJson).join(',')}]`;
      writeOutput(io, `${json}\n`, flags.output === undefined || flags.output === '-' ? undefined : resolve(io.cwd, flags.output), 'snapshot.json');
    });
}
