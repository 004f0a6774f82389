// `pairaudit profile check`: how well the profile fits real exports, group by group; implementation imported lazily.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { writeOutput, type CliIO } from '../io.js';
import type { ProfileFit } from '../../snapshot/profile-fit.js';

interface ProfileCheckOptions {
  profile?: string;
  format: string;
  instance?: string;
}

const SHOWN_MISSING = 6;
const SHOWN_UNCLAIMED = 10;

function formatFitText(input: string, fit: ProfileFit): string {
  const out = [`${input}: profile "${fit.profile}" ${fit.fits ? 'fits' : 'does NOT fit'}`];
  const width = fit.groups.reduce((w, g) => Math.max(w, g.group.length), 0);
  for (const g of fit.groups) {
    const confirmed = g.expected - g.assumed;
    out.push(`  ${g.fits ? 'ok ' : 'NO '} ${g.group.padEnd(width)}  ${g.found} of ${g.expected} mappings found (${g.assumed} assumed, ${confirmed} confirmed)`);
    const missing = g.mappings.filter((m) => !m.found);
    if (missing.length === g.expected || !g.fits) {
      for (const m of missing.slice(0, SHOWN_MISSING)) out.push(`        missing: ${m.setting} ← ${m.where} (${m.assumed ? 'assumed' : 'confirmed'})`);
      if (missing.length > SHOWN_MISSING) out.push(`        ...and ${missing.length - SHOWN_MISSING} more`);
    }
  }
  if (fit.unclaimed.length > 0) {
    out.push('  keys no mapping claims (values):');
    for (const u of fit.unclaimed.slice(0, SHOWN_UNCLAIMED)) out.push(`        ${u.key} (${u.values})`);
    if (fit.unclaimed.length > SHOWN_UNCLAIMED) out.push(`        ...and ${fit.unclaimed.length - SHOWN_UNCLAIMED} more keys`);
  }
  return out.join('\n');
}

export function registerProfile(program: Command, io: CliIO): void {
  const profile = program.command('profile').description('Check how well the registry profile fits real exports');
  profile
    .command('check')
    .description('Per group of settings (partners, historic, drivers, …): mappings found and missing, assumed or confirmed, and the keys no mapping claims')
    .argument('<input...>', 'registry exports or bundle folders of the servers')
    .option('--profile <file>', 'the profile to check (default: the bundled profiles/geo-scada.json)')
    .option('--instance <name>', 'Geo SCADA named instance to read')
    .option('-f, --format <format>', 'text or json', 'text')
    .addHelpText(
      'after',
      `
A group fits an export when at least one of its mappings names a value there. A group that finds nothing
while other keys hold values usually means the site keeps those settings under other names: copy the
profile, map the keys listed as unclaimed, and pass the copy with --profile (see profiles/README.md).

Exit codes: 0 every group fits every input; 1 a group does not fit; 2 usage or input error.

Examples:
  pairaudit profile check bundles/main bundles/standby
  pairaudit profile check site-a.reg --profile site-geo-scada.json --format json`,
    )
    .action(async (inputs: string[], opts: ProfileCheckOptions) => {
      const format = opts.format.toLowerCase();
      if (format !== 'text' && format !== 'json') throw new UsageError(`--format ${JSON.stringify(opts.format)}: expected text or json`);
      const [{ collectServer, loadProfile, defaultProfile }, { profileFit }, { default: stringify }] = await Promise.all([
        import('../../collect/index.js'),
        import('../../snapshot/profile-fit.js'),
        import('fast-json-stable-stringify'),
      ]);
      const p = opts.profile !== undefined ? await loadProfile(resolve(io.cwd, opts.profile)) : defaultProfile();
      const fits: { input: string; fit: ProfileFit }[] = [];
      for (const input of inputs) {
        const snapshot = await collectServer(resolve(io.cwd, input), { toolVersion: io.version, profile: p, displayName: input, ...(opts.instance !== undefined ? { instance: opts.instance } : {}) });
        fits.push({ input, fit: profileFit(p, snapshot) });
      }
      writeOutput(io, format === 'json' ? `${stringify({ inputs: fits })}\n` : `${fits.map((f) => formatFitText(f.input, f.fit)).join('\n\n')}\n`);
      io.exitCode = fits.every((f) => f.fit.fits) ? 0 : 1;
    });
}
