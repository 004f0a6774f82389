// Loading rule packs, waiver files and config files from disk; validation itself is pure (rule-schema, waivers, config).
//
// Validating a pack's ~70 rule files is most of what loading it costs (cold code, once per run), so `npm run
// build` validates the bundled pack once and writes the result beside this module (`writeRuleCache`). A run uses
// it only for a folder whose files still hold the very text it was made from, read by the same validator:
// anything else (an edited, added or removed file, another sources table, another build) is validated as always.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import stringify from 'fast-json-stable-stringify';
import { ConfigError, InstallationError, unreadable } from '../errors.js';
import { bundledPackDir } from '../vocabulary.js';
import type { AuditConfig, Rule, RuleDefinition, RulePack, SourceTable, Waiver } from './types.js';
import type { SecretDetector } from '../snapshot/secrets.js';
import { decodeWrittenText } from '../text-file.js';

/** The source table's file name in a pack (as sources.ts says; repeated here so a cached load needs no validator). */
const SOURCES_FILE = 'sources.json';

/** The validated bundled pack `npm run build` writes (dist/engine/bundled-rules.json); absent when run from the sources. */
export const RULE_CACHE_FILE = fileURLToPath(new URL('./bundled-rules.json', import.meta.url));

/** The definition of a rule without where it was loaded from: what the pack hash covers. */
export function ruleDefinition(rule: Rule | RuleDefinition): RuleDefinition {
  const { pack: _pack, file: _file, ...definition } = rule as Rule;
  return definition;
}

/**
 * Builds a pack from parsed rules: rejects duplicate ids, sorts by id, hashes the canonical definitions (`hash`:
 * that hash, already computed from the same definitions). `shown`: a rule's file as an error names it (as given).
 */
export function buildRulePack(rules: Rule[], packs: string[], hash?: string, shown: (file: string) => string = (file) => file): RulePack {
  const byId = new Map<string, Rule>();
  for (const r of rules) {
    const existing = byId.get(r.id);
    if (existing !== undefined) {
      throw new ConfigError(shown(r.file), undefined, `rule \`${r.id}\`: field \`id\`: duplicate id, also defined in ${shown(existing.file)}; rename one of them (a pack cannot replace a bundled rule; override its severity in --config instead)`);
    }
    byId.set(r.id, r);
  }
  const sorted = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  return { packs, rules: sorted, hash: hash ?? createHash('sha256').update(stringify(sorted.map(ruleDefinition))).digest('hex') };
}

/** The text of `file`; an error names it `shown` (as the user gave it). */
async function readText(file: string, shown: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw cannotRead(shown, e);
  }
  return decodeWrittenText(bytes, shown);
}

function cannotRead(file: string, e: unknown): ConfigError {
  return new ConfigError(file, undefined, `cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'}); check the path`);
}

/** One pack folder as read: its rule files' names and texts (or the error reading each), and its source table's. */
interface FolderText {
  dir: string;
  /** The folder as errors name it: as given (`--rules ./site` is `./site`, its files `site/<id>.json`). */
  shown: string;
  /** Rule files (`<id>.json`), sorted. */
  names: string[];
  texts: ({ text: string } | { error: ConfigError })[];
  sources?: { text: string } | { error: ConfigError };
}

function readFolder(dir: string, shown: string = dir): FolderText {
  let all: string[];
  try {
    all = readdirSync(dir);
  } catch (e) {
    // The bundled pack ships with pairaudit; any other folder was given with --rules.
    if (dir === bundledPackDir) throw new InstallationError(dir, unreadable(e));
    throw new ConfigError(shown, undefined, `cannot read the rule folder (${(e as NodeJS.ErrnoException).code ?? 'error'}); check the --rules path`);
  }
  const read = (name: string): { text: string } | { error: ConfigError } => {
    try {
      // Saved by Notepad as "Unicode" (UTF-16) as readily as UTF-8, as config and waiver files are.
      return { text: decodeWrittenText(readFileSync(join(dir, name)), join(shown, name)) };
    } catch (e) {
      return { error: e instanceof ConfigError ? e : cannotRead(join(shown, name), e) };
    }
  };
  const names = all.filter((n) => n.endsWith('.json') && !n.endsWith('.test.json') && n !== SOURCES_FILE).sort();
  return { dir, shown, names, texts: names.map(read), ...(all.includes(SOURCES_FILE) ? { sources: read(SOURCES_FILE) } : {}) };
}

/** A folder's validated rules and source table, as the cache keeps them. */
interface CompiledFolder {
  /** cacheKey of the folder's texts. */
  key: string;
  /** The folder's source table with the inherited one (what its rules' references resolved through). */
  sources: [string, { title: string; url: string }][];
  /** Each rule file's definition, in the folder's name order. */
  rules: RuleDefinition[];
  /** The pack hash of these rules alone (buildRulePack's). */
  hash: string;
}

/** The modules whose code shapes a validated definition: a cache made by other code is not used. */
const VALIDATOR_FILES = ['./rule-schema', './sources', './yaml-source', './load'].map((m) => new URL(`${m}${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url));

/**
 * What a folder's validation depends on: the validator's code, the inherited source table, and every file's name
 * and text. undefined when a file cannot be read (that error is reported as without a cache).
 */
function cacheKey(folder: FolderText, inherited: SourceTable): string | undefined {
  const hash = createHash('sha256');
  const field = (text: string): void => void hash.update(`${text.length}:`).update(text);
  try {
    for (const url of VALIDATOR_FILES) field(readFileSync(url, 'utf8'));
  } catch {
    return undefined;
  }
  field(JSON.stringify([...inherited]));
  const files: [string, { text: string } | { error: ConfigError } | undefined][] = [[SOURCES_FILE, folder.sources], ...folder.names.map((n, i) => [n, folder.texts[i]] as [string, { text: string } | { error: ConfigError }])];
  for (const [name, read] of files) {
    if (read !== undefined && 'error' in read) return undefined;
    field(name);
    field(read === undefined ? '' : `+${read.text}`);
  }
  return hash.digest('hex');
}

/** The cached folder with this key, if the cache file holds it. */
function cached(cacheFile: string | undefined, key: string | undefined): CompiledFolder | undefined {
  if (cacheFile === undefined || key === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(cacheFile, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const folder = JSON.parse(text) as CompiledFolder;
    return folder.key === key ? folder : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Validates a folder's rules: a folder's source table (`sources.json`) with the first folder's (a user pack cites
 * the bundled pack's sources and its own; a tag means one document in a whole run, so a user pack cannot redefine
 * one), then each rule file in name order, so that the first mistake is the one reported.
 */
async function compileFolder(folder: FolderText, inherited: SourceTable): Promise<{ sources: SourceTable; rules: RuleDefinition[] }> {
  const [{ parseSourceTable }, { parseRuleText }] = await Promise.all([import('./sources.js'), import('./rule-schema.js')]);
  let sources = inherited;
  if (folder.sources !== undefined) {
    const file = join(folder.shown, SOURCES_FILE);
    if ('error' in folder.sources) throw folder.sources.error;
    const own = parseSourceTable(folder.sources.text, file);
    for (const [tag, s] of own) {
      const before = inherited.get(tag);
      if (before !== undefined && (before.url !== s.url || before.title !== s.title)) {
        throw new ConfigError(file, undefined, `source \`${tag}\`: the bundled pack already cites [${tag}] as ${before.url}; choose another tag`);
      }
    }
    sources = new Map([...inherited, ...own]);
  }
  if (folder.names.length === 0) throw new ConfigError(folder.shown, undefined, 'has no rule files (<id>.json); check the --rules path');
  const rules = folder.names.map((name, i) => {
    const read = folder.texts[i];
    if ('error' in read) throw read.error;
    return parseRuleText(read.text, join(folder.shown, name), name.slice(0, -'.json'.length), sources);
  });
  return { sources, rules };
}

/**
 * Loads every `<id>.json` rule in each folder (not the `<id>.test.json` case tables beside them, nor the
 * source table `sources.json`). The first folder is normally the bundled pack; later ones are the user's
 * `--rules` packs. `cacheFile` (default: the build's cache of the bundled pack) serves a folder whose texts it was made from.
 * `shown`: each folder as the user gave it (errors name it, and its files under it, so), by position; default the path itself.
 */
export async function loadRules(dirs: string[], cacheFile: string | undefined = RULE_CACHE_FILE, shown: readonly (string | undefined)[] = []): Promise<RulePack> {
  const rules: Rule[] = [];
  const packs: string[] = [];
  const shownFiles = new Map<string, string>();
  let bundledSources: SourceTable = new Map();
  let alone: string | undefined;
  for (const [d, dir] of dirs.entries()) {
    const folder = readFolder(dir, shown[d]);
    const inherited = bundledSources;
    const hit = cached(cacheFile, cacheKey(folder, inherited));
    const { sources, rules: definitions } = hit !== undefined ? { sources: new Map(hit.sources), rules: hit.rules } : await compileFolder(folder, inherited);
    if (d === 0) bundledSources = sources;
    if (dirs.length === 1) alone = hit?.hash;
    const pack = basename(dir);
    packs.push(pack);
    for (const [i, definition] of definitions.entries()) {
      rules.push({ ...definition, pack, file: join(dir, folder.names[i]) });
      shownFiles.set(join(dir, folder.names[i]), join(folder.shown, folder.names[i]));
    }
  }
  return buildRulePack(rules, packs, alone, (file) => shownFiles.get(file) ?? file);
}

/** Validates the rule folder `dir` (on its own, as the bundled pack is) and writes what `loadRules` needs to reuse it to `cacheFile`. */
export async function writeRuleCache(dir: string, cacheFile: string = RULE_CACHE_FILE): Promise<void> {
  const folder = readFolder(dir);
  const key = cacheKey(folder, new Map());
  if (key === undefined) throw new ConfigError(dir, undefined, 'a rule file cannot be read; the cache is not written');
  const { sources, rules } = await compileFolder(folder, new Map());
  const { hash } = buildRulePack(rules.map((r, i) => ({ ...r, pack: basename(dir), file: join(dir, folder.names[i]) })), [basename(dir)]);
  writeFileSync(cacheFile, `${JSON.stringify({ key, sources: [...sources], rules, hash } satisfies CompiledFolder)}\n`);
}

/**
 * Reads and validates a waiver file; fails before any audit work when anything in it is wrong. `secrets`: see
 * parseWaivers. `shown`: the file as the user gave it, which errors (and each waiver's `file`) name; default `file`.
 */
export async function loadWaivers(file: string, pack?: RulePack, secrets?: SecretDetector, shown: string = file): Promise<Waiver[]> {
  const { parseWaivers } = await import('./waivers.js');
  return parseWaivers(await readText(file, shown), shown, pack, secrets);
}

/** Reads and validates a config file (YAML or JSON). `shown`: the file as the user gave it, which errors name; default `file`. */
export async function loadConfig(file: string, pack?: RulePack, shown: string = file): Promise<AuditConfig> {
  const { parseConfig } = await import('./config.js');
  return parseConfig(await readText(file, shown), shown, pack);
}
