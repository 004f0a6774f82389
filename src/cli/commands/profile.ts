// `pairaudit profile check`: how well the profile fits real exports, group by group; implementation imported lazily.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { refuseOutputOverInputs, writeOutput, type CliIO } from '../io.js';
import { helpEpilogue } from '../help.js';
import { resolveFormat, TEXT_OR_JSON } from '../render.js';
import type { ProfileFit } from '../../snapshot/profile-fit.js';
import { bundledPackDir } from '../../vocabulary.js';

interface ProfileCheckOptions {
  profile?: string;
  format?: string;
  instance?: string;
  /** Where to write a draft profile mapping the keys no mapping claims. */
  output?: string;
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
    .option('-f, --format <format>', `report format: ${TEXT_OR_JSON.join(', ')} (default: text; -o is the draft profile, not the report)`)
    .option('-o, --output <file>', 'also write a draft profile: groups the exports lack moved to the unclaimed keys holding their values, other unclaimed keys mapped as site.* settings, marked "draft": true (--profile refuses it until you review it and remove the mark)')
    .addHelpText(
      'after',
      helpEpilogue(`
A group fits an export when one of its anchor settings (the profile's "groups") names a value there, or,
for a group without anchors, any of its mappings. A group that finds nothing
while other keys hold values usually means the site keeps those settings under other names: copy the
profile, map the keys listed as unclaimed, and pass the copy with --profile (see profiles/README.md).

With -o, a draft profile is written: review every mapping whose source is DRAFT (the note says what it
was), then remove "draft": true; until then --profile refuses the file (exit 2).

A bundled rule whose settings the profile names nothing as (a mapping renamed or removed) is listed too.

Exit codes: 0 every group fits every input and every rule has settings to read; 1 a group does not fit, or a
rule reads nothing; 2 usage or input error.

Examples:
  pairaudit profile check bundles/main bundles/standby
  pairaudit profile check site-a.reg --profile site-geo-scada.json --format json
  pairaudit profile check main.reg standby.reg -o site-profile.json`),
    )
    .action(async (inputs: string[], opts: ProfileCheckOptions) => {
      // The format rule without -o: here -o names the draft profile, and the report goes to standard output.
      const format = resolveFormat({ ...(opts.format !== undefined ? { format: opts.format } : {}) }, TEXT_OR_JSON);
      const [{ collectServer, defaultProfile }, { profileFit }, { default: stringify }, { loadCliProfile }] = await Promise.all([
        import('../../collect/index.js'),
        import('../../snapshot/profile-fit.js'),
        import('fast-json-stable-stringify'),
        import('../profile.js'),
      ]);
      if (opts.output === '-') throw new UsageError('-o -: the draft profile needs a file name (the report goes to standard output)');
      refuseOutputOverInputs(io, [['-o', opts.output]], [...inputs, opts.profile]);
      const p = opts.profile !== undefined ? await loadCliProfile(io, opts.profile) : defaultProfile();
      const fits: { input: string; fit: ProfileFit }[] = [];
      const snapshots = [];
      for (const input of inputs) {
        const snapshot = await collectServer(resolve(io.cwd, input), { toolVersion: io.version, profile: p, displayName: input, ...(opts.instance !== undefined ? { instance: opts.instance } : {}) });
        snapshots.push(snapshot);
        fits.push({ input, fit: profileFit(p, snapshot) });
      }
      if (opts.output !== undefined) {
        const { draftProfile } = await import('../../snapshot/profile-draft.js');
        const draft = { $comment: 'DRAFT written by pairaudit profile check: review every mapping whose source is DRAFT, then remove "draft": true (--profile refuses a draft). See profiles/README.md.', ...draftProfile(p, snapshots, inputs) };
        writeOutput(io, `${JSON.stringify(draft, null, 2)}\n`, resolve(io.cwd, opts.output), 'profile.json');
      }
      // The bundled rules this profile leaves without a setting to read (a mapping renamed or removed): each would say nothing.
      const { loadRules, rulesUnnamed } = await import('../../engine/index.js');
      const unnamed = rulesUnnamed(p, (await loadRules([bundledPackDir])).rules, defaultProfile());
      const rulesText = unnamed.length === 0 ? '' : `\n\nrules that read settings profile "${p.name}" names nothing as (a mapping renamed or removed?): their audits report them unknown\n${unnamed.map((u) => `  ${u.rule}: ${u.pattern}${u.partial ? ' (the bundled profile names it; the rule compares the rest)' : ''}`).join('\n')}`;
      writeOutput(io, format === 'json' ? `${stringify({ inputs: fits, rulesUnnamed: unnamed })}\n` : `${fits.map((f) => formatFitText(f.input, f.fit)).join('\n\n')}${rulesText}\n`);
      io.exitCode = fits.every((f) => f.fit.fits) && unnamed.length === 0 ? 0 : 1;
    });
}
