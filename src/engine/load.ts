// Loading rule packs, waiver files and config files from disk; validation itself is pure (rule-schema, waivers, config).
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import stringify from 'fast-json-stable-stringify';
import { ConfigError } from '../errors.js';
import type { AuditConfig, Rule, RuleDefinition, RulePack, SourceTable, Waiver } from './types.js';
import { parseSourceTable, SOURCES_FILE } from './sources.js';
import { parseRuleText } from './rule-schema.js';
import { parseWaivers } from './waivers.js';
import { parseConfig } from './config.js';

/** The definition of a rule without where it was loaded from: what the pack hash covers. */
export function ruleDefinition(rule: Rule | RuleDefinition): RuleDefinition {
  const { pack: _pack, file: _file, ...definition } = rule as Rule;
  return definition;
}

/** Builds a pack from parsed rules: rejects duplicate ids, sorts by id, hashes the canonical definitions. */
export function buildRulePack(rules: Rule[], packs: string[]): RulePack {
  const byId = new Map<string, Rule>();
  for (const r of rules) {
    const existing = byId.get(r.id);
    if (existing !== undefined) {
      throw new ConfigError(r.file, undefined, `rule \`${r.id}\`: field \`id\`: duplicate id, also defined in ${existing.file}; rename one of them (a pack cannot replace a bundled rule; override its severity in --config instead)`);
    }
    byId.set(r.id, r);
  }
  const sorted = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  const hash = createHash('sha256').update(stringify(sorted.map(ruleDefinition))).digest('hex');
  return { packs, rules: sorted, hash };
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, undefined, `cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'}); check the path`);
  }
}

/**
 * A folder's source table (`sources.json`) with the first folder's: a user pack cites the bundled pack's
 * sources and its own. A tag means one document in a whole run, so a user pack cannot redefine one.
 */
async function loadSources(dir: string, names: string[], inherited: SourceTable): Promise<SourceTable> {
  if (!names.includes(SOURCES_FILE)) return inherited;
  const file = join(dir, SOURCES_FILE);
  const own = parseSourceTable(await readText(file), file);
  for (const [tag, s] of own) {
    const before = inherited.get(tag);
    if (before !== undefined && (before.url !== s.url || before.title !== s.title)) {
      throw new ConfigError(file, undefined, `source \`${tag}\`: the bundled pack already cites [${tag}] as ${before.url}; choose another tag`);
    }
  }
  return new Map([...inherited, ...own]);
}

/**
 * Loads every `<id>.json` rule in each folder (not the `<id>.test.json` case tables beside them, nor the
 * source table `sources.json`). The first folder is normally the bundled pack; later ones are the user's
 * `--rules` packs.
 */
export async function loadRules(dirs: string[]): Promise<RulePack> {
  const rules: Rule[] = [];
  const packs: string[] = [];
  let bundledSources: SourceTable = new Map();
  for (const [d, dir] of dirs.entries()) {
    let all: string[];
    try {
      all = await readdir(dir);
    } catch (e) {
      throw new ConfigError(dir, undefined, `cannot read the rule folder (${(e as NodeJS.ErrnoException).code ?? 'error'}); check the --rules path`);
    }
    const sources = await loadSources(dir, all, bundledSources);
    if (d === 0) bundledSources = sources;
    const names = all.filter((n) => n.endsWith('.json') && !n.endsWith('.test.json') && n !== SOURCES_FILE).sort();
    if (names.length === 0) throw new ConfigError(dir, undefined, 'has no rule files (<id>.json); check the --rules path');
    const pack = basename(dir);
    packs.push(pack);
    // Read all files at once, then validate them in name order, so that the first mistake is the one reported.
    const reads = names.map((name) => readText(join(dir, name)).then((text) => ({ text }), (error: unknown) => ({ error })));
    for (const [i, name] of names.entries()) {
      const file = join(dir, name);
      const read = await reads[i];
      if ('error' in read) throw read.error;
      const definition = parseRuleText(read.text, file, name.slice(0, -'.json'.length), sources);
      rules.push({ ...definition, pack, file });
    }
  }
  return buildRulePack(rules, packs);
}

/** Reads and validates a waiver file; fails before any audit work when anything in it is wrong. */
export async function loadWaivers(file: string, pack?: RulePack): Promise<Waiver[]> {
  return parseWaivers(await readText(file), file, pack);
}

/** Reads and validates a config file (YAML or JSON). */
export async function loadConfig(file: string, pack?: RulePack): Promise<AuditConfig> {
  return parseConfig(await readText(file), file, pack);
}
