// `pairaudit parse`: registered here; its implementation is imported lazily when it runs.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { maxInputSize, maxInputSizeOption, readStdin, refuseOutputOverInputs, writeOutput, type CliIO } from '../io.js';
import { checkJsonOutput } from '../render.js';

export function registerParse(program: Command, io: CliIO): void {
  program
    .command('parse')
    .description('Print a registry export (.reg file or `reg query /s` text) as a JSON tree')
    .argument('<export>', 'the export file, or - to read standard input')
    .option('--lenient', 'report lines that fit no registry syntax as warnings in the output instead of failing')
    .option('--profile <file>', 'profile whose secret patterns (secretValueNames, secretContent) hide values (default: the bundled Geo SCADA profile)')
    .option('--show-secrets', 'print secret values in clear (for debugging a parse on your own machine only: the output then holds passwords)')
    .option('-o, --output <file>', 'write the JSON to this file instead of standard output')
    .option(...maxInputSizeOption)
    .action(async (exportPath: string, opts: { lenient?: boolean; output?: string; maxInputSize?: string; profile?: string; showSecrets?: boolean }) => {
      const maxBytes = maxInputSize(opts.maxInputSize);
      checkJsonOutput(opts.output);
      refuseOutputOverInputs(io, [['-o', opts.output]], [exportPath]);
      const [{ parseRegistry, readRegistryFile, toParseJson }, { defaultProfile }, { SecretDetector, hideTreeSecrets }, { loadCliProfile }] = await Promise.all([
        import('../../collect/registry/index.js'),
        import('../../collect/profile/load.js'),
        import('../../snapshot/secrets.js'),
        import('../profile.js'),
      ]);
      const lenient = opts.lenient === true;
      const profile = opts.profile === undefined ? defaultProfile() : await loadCliProfile(io, opts.profile);
      const parsed =
        exportPath === '-'
          ? parseRegistry(await readStdin(io, maxBytes), { file: '<stdin>', lenient })
          : await readRegistryFile(resolve(io.cwd, exportPath), { lenient, displayName: exportPath, maxBytes });
      const tree = opts.showSecrets === true ? parsed : hideTreeSecrets(parsed, SecretDetector.fromProfile(profile));
      const json = JSON.stringify(toParseJson(tree), null, 2) + '\n';
      writeOutput(io, json, opts.output === undefined || opts.output === '-' ? undefined : resolve(io.cwd, opts.output), 'tree.json');
    });
}
