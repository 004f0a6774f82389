// Options as a person types them: commander keeps the last of an option given twice, so a first `--config` or
// `--fail-on` would be dropped without a word; only the options written to repeat (`--rules`) may.
import type { Command, Option } from 'commander';
import { UsageError } from '../errors.js';

/** The parser of a repeatable option (`--rules a --rules b`): each value is added to the list. */
export function repeatable(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

const takesValue = (o: Option): boolean => o.required || o.optional;

/**
 * Refuses an option that takes a value and is given twice in `args` (the words after the program's name), for
 * the command they name (descending into subcommands such as `rules test`). Options parsed by `repeatable`
 * may repeat; flags without a value (`-q -q`) change nothing by repeating.
 */
export function refuseRepeatedOptions(program: Command, args: readonly string[]): void {
  let cmd = program;
  let i = 0;
  for (let sub = cmd.commands.find((c) => c.name() === args[i]); sub !== undefined; sub = cmd.commands.find((c) => c.name() === args[i])) {
    cmd = sub;
    i++;
  }
  const seen = new Set<Option>();
  for (; i < args.length; i++) {
    const word = args[i];
    if (word === '--') return;
    if (!word.startsWith('-') || word === '-') continue;
    const flag = word.startsWith('--') ? word.split('=')[0] : word.slice(0, 2);
    const option = cmd.options.find((o) => o.long === flag || o.short === flag);
    if (option === undefined || !takesValue(option)) continue;
    // The value written as the next word (`--note "--config"` is a note): not read as an option.
    if (!word.includes('=') && (word.startsWith('--') || word.length === 2)) i++;
    if ((option as Option & { parseArg?: unknown }).parseArg === repeatable) continue;
    if (seen.has(option)) throw new UsageError(`${option.long ?? option.short} is given twice; give it once (the first would be dropped without a word)`);
    seen.add(option);
  }
}
