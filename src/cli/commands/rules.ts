// `pairaudit rules`: list, show and test rule packs; registered here, the engine is imported lazily when it runs.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { ExitCode, UsageError } from '../../errors.js';
import { writeOutput, type CliIO } from '../io.js';
import { addFormatOptions, resolveFormat, TEXT_OR_JSON, writeReport, type ReportOptions } from '../render.js';
import { bundledPackDir } from '../../vocabulary.js';
import { repeatable } from '../options.js';
import { decodeWrittenText } from '../../text-file.js';

interface RulesOptions extends ReportOptions {
  rules?: string[];
}

async function loadPack(io: CliIO, opts: RulesOptions) {
  const { loadRules } = await import('../../engine/index.js');
  // Each folder named in errors as given (relative stays relative), as audit --rules names it.
  return loadRules([bundledPackDir, ...(opts.rules ?? []).map((d) => resolve(io.cwd, d))], undefined, [undefined, ...(opts.rules ?? [])]);
}

export function registerRules(program: Command, io: CliIO): void {
  const rules = program.command('rules').description('List, show and test the rule packs (the bundled Geo SCADA pack and any --rules folder)');
  const common = (cmd: Command): Command =>
    addFormatOptions(cmd.option('--rules <dir>', 'an extra rule pack folder (repeatable)', repeatable), TEXT_OR_JSON);

  common(rules.command('list').description('One line per rule: id, severity, category, title')).action(async (opts: RulesOptions) => {
    const f = resolveFormat(opts, TEXT_OR_JSON);
    const pack = await loadPack(io, opts);
    const [{ formatRuleList, ruleDefinition }, { default: stringify }] = await Promise.all([import('../../engine/index.js'), import('fast-json-stable-stringify')]);
    const data = f === 'json' ? stringify({ packs: pack.packs, hash: pack.hash, rules: pack.rules.map((r) => ({ ...ruleDefinition(r), pack: r.pack })) }) + '\n' : formatRuleList(pack);
    writeReport(io, data, opts, `${pack.rules.length} rules`);
  });

  common(rules.command('show').description('Everything about one rule: what it selects, how it compares, why, and where to fix it').argument('<id>', 'rule id, e.g. db-port')).action(
    async (id: string, opts: RulesOptions) => {
      const f = resolveFormat(opts, TEXT_OR_JSON);
      const pack = await loadPack(io, opts);
      const rule = pack.rules.find((r) => r.id === id);
      if (rule === undefined) {
        const { suggestRuleId } = await import('../../engine/suggest.js');
        const hint = suggestRuleId(id, pack.rules.map((r) => r.id));
        throw new UsageError(`no rule \`${id}\`; ${hint !== undefined ? `did you mean \`${hint}\`? ` : ''}run \`pairaudit rules list\` for the ids`);
      }
      const [{ formatRule, ruleDefinition }, { default: stringify }] = await Promise.all([import('../../engine/index.js'), import('fast-json-stable-stringify')]);
      writeReport(io, f === 'json' ? stringify({ ...ruleDefinition(rule), pack: rule.pack }) + '\n' : formatRule(rule), opts, `rule ${rule.id}`);
    },
  );

  rules
    .command('test')
    .description('Run each rule\'s table of cases (<id>.test.json beside <id>.json) in the given packs (default: the bundled pack)')
    .argument('[dirs...]', 'rule pack folders')
    .option('--profile <file>', 'the profile the cases with `profile: true` are judged against (default: the bundled one), as `audit --profile`')
    .action(async (dirs: string[], opts: { profile?: string }) => {
      const [{ loadRules, parseCaseTable, runRuleCases }, { defaultProfile }, { loadCliProfile }] = await Promise.all([import('../../engine/index.js'), import('../../collect/profile/load.js'), import('../profile.js')]);
      const site = opts.profile === undefined ? undefined : await loadCliProfile(io, opts.profile);
      const profiles = site === undefined ? { profile: defaultProfile() } : { profile: site, baseProfile: defaultProfile() };
      const folders = dirs.length > 0 ? dirs.map((d) => resolve(io.cwd, d)) : [bundledPackDir];
      // A site pack cites the bundled pack's sources as well as its own (as audit --rules loads it): loaded
      // behind the bundled pack, and only the folders given are tested; errors name each as given.
      const given = folders.flatMap((f, i) => (f === bundledPackDir ? [] : [{ f, shown: dirs[i] }]));
      const pack = await loadRules([bundledPackDir, ...given.map((g) => g.f)], undefined, [undefined, ...given.map((g) => g.shown)]);
      const tested = pack.rules.filter((r) => folders.includes(dirname(r.file)));
      let failed = 0;
      const lines: string[] = [];
      for (const rule of tested) {
        const file = join(dirname(rule.file), `${rule.id}.test.json`);
        if (!existsSync(file)) {
          failed++;
          lines.push(`FAIL ${rule.id}: no ${rule.id}.test.json beside the rule`);
          continue;
        }
        const table = parseCaseTable(decodeWrittenText(readFileSync(file), file), file);
        for (const outcome of runRuleCases(rule, table, profiles)) {
          if (outcome.problem === undefined) continue;
          failed++;
          lines.push(`FAIL ${rule.id} (${outcome.valid ? 'valid' : 'invalid'} case "${outcome.name}"): ${outcome.problem}`);
        }
      }
      lines.push(`${tested.length} rules, ${failed === 0 ? 'all cases hold' : `${failed} problems`}`);
      writeOutput(io, lines.join('\n') + '\n');
      io.exitCode = failed === 0 ? ExitCode.OK : ExitCode.DRIFT;
    });
}
