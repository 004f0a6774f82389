// Parses and validates a fleet inventory (YAML or JSON): sites, their pairs, each server's file and role, per-pair options.
import { isAbsolute, resolve, sep } from 'node:path';
import { LineCounter, YAMLMap, isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node as YamlNode, type Pair } from 'yaml';
import { ConfigError } from '../errors.js';
import { isMergeKey } from '../engine/yaml-source.js';
import type { Role, Severity } from '../types.js';
import type { Inventory, InventoryPair, InventoryServer, PairOptions } from './types.js';
import { compareRoles, roleAliases, ROLES, SEVERITIES } from '../vocabulary.js';

const OPTION_FIELDS = ['rules', 'config', 'waivers', 'profile', 'instance', 'failOn'];

/** Walks the YAML nodes, so that every error names the line of the offending field. */
class Walker {
  constructor(
    private readonly file: string,
    private readonly lines: LineCounter,
    private readonly doc: Document,
  ) {}

  /** The node an alias (`*name`) stands for; any other node as it is. */
  deref(node: YamlNode | null | undefined): YamlNode | null | undefined {
    return isAlias(node) ? (node.resolve(this.doc) as YamlNode | undefined) : node;
  }

  lineOf(node: YamlNode | null | undefined): number | undefined {
    const offset = node?.range?.[0];
    return offset === undefined ? undefined : this.lines.linePos(offset).line;
  }

  fail(node: YamlNode | null | undefined, field: string, detail: string): never {
    throw new ConfigError(this.file, this.lineOf(node), `${field}: ${detail}`);
  }

  /** The mapping `given` is (or an alias names), its merge keys applied (`mergedPairs`), every field checked against `allowed`. */
  map(given: YamlNode | null | undefined, field: string, allowed: readonly string[], example: string): YAMLMap<YamlNode, YamlNode> {
    const node = this.deref(given);
    if (!isMap(node)) this.fail(given, field, `expected a mapping, e.g. ${example}`);
    const pairs = this.mergedPairs(node as YAMLMap<YamlNode, YamlNode>, field, new Set());
    for (const pair of pairs) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!allowed.includes(key)) {
        this.fail(pair.key as YamlNode, `${field}.${key}`, `unknown field; expected one of ${allowed.join(', ')}`);
      }
    }
    if (!node.items.some((p) => isMergeKey(p.key))) return node as YAMLMap<YamlNode, YamlNode>;
    // A copy holding the merged pairs; the mapping's own place (range) kept, for the lines of errors about it.
    const merged = new YAMLMap<YamlNode, YamlNode>();
    merged.items = pairs;
    merged.range = node.range;
    return merged;
  }

  /**
   * A mapping's pairs with its merge keys (`<<: *defaults`, `<<: [*a, *b]`) applied as the yaml package's `merge`
   * option does: the mapping's own keys win, then those of the merged mappings in the order given (a merged
   * mapping's own merge keys applied first). A merged pair keeps its node: an error about it names its own line.
   */
  private mergedPairs(map: YAMLMap<YamlNode, YamlNode>, field: string, open: Set<YamlNode>): Pair<YamlNode, YamlNode>[] {
    const own: Pair<YamlNode, YamlNode>[] = [];
    const merged: Pair<YamlNode, YamlNode>[] = [];
    open.add(map);
    for (const pair of map.items) {
      if (!isMergeKey(pair.key)) {
        own.push(pair);
        continue;
      }
      const value = this.deref(pair.value);
      const sources = isSeq(value) ? (value.items as YamlNode[]) : [pair.value as YamlNode];
      for (const given of sources) {
        const source = this.deref(given);
        // Named at the alias when the merge gives one (`<<: *packs`), not where the list it names is written.
        const at = isAlias(pair.value) ? pair.value : (given ?? (pair.key as YamlNode));
        if (!isMap(source)) this.fail(at, `${field}.<<`, 'a merge key takes a mapping or a list of mappings, e.g. <<: *defaults or <<: [*site, *pair]');
        if (open.has(source)) this.fail(at, `${field}.<<`, 'merges a mapping into itself; merge another mapping');
        merged.push(...this.mergedPairs(source as YAMLMap<YamlNode, YamlNode>, field, open));
      }
    }
    open.delete(map);
    const keys = new Set(own.map((p) => keyOf(p.key)));
    for (const pair of merged) {
      const key = keyOf(pair.key);
      if (keys.has(key)) continue;
      keys.add(key);
      own.push(pair);
    }
    return own;
  }

  get(map: YAMLMap<YamlNode, YamlNode>, key: string): YamlNode | undefined {
    const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
    return this.deref(pair?.value) ?? undefined;
  }

  /** `owner` gives the line when the field is missing altogether. */
  string(given: YamlNode | null | undefined, field: string, hint: string, owner?: YamlNode): string {
    const node = this.deref(given);
    if (!isScalar(node) || typeof node.value !== 'string' || node.value.trim() === '') this.fail(node ?? owner, field, `expected a non-empty string; ${hint}`);
    return node.value;
  }
}

function keyOf(key: unknown): unknown {
  return isScalar(key) ? key.value : key;
}

/** Inventories travel between Windows and Linux: `\` separates folders on both (no file name here contains one). */
function resolvePath(baseDir: string, given: string): string {
  const native = sep === '/' ? given.replace(/\\/g, '/') : given;
  return isAbsolute(native) ? native : resolve(baseDir, native);
}

function readOptions(w: Walker, map: YAMLMap<YamlNode, YamlNode>, field: string, baseDir: string, inherited: PairOptions): PairOptions {
  const out: PairOptions = { ...inherited, rules: [...inherited.rules], written: { ...inherited.written } };
  const path = (given: string): string => {
    const resolved = resolvePath(baseDir, given);
    out.written![resolved] = given;
    return resolved;
  };
  const rules = w.get(map, 'rules');
  if (rules !== undefined) {
    const list = isSeq(rules) ? (rules.items as YamlNode[]) : [rules];
    out.rules = list.map((r, i) => path(w.string(r, `${field}.rules[${i}]`, 'give the folder of a rule pack')));
  }
  const config = w.get(map, 'config');
  if (config !== undefined) out.config = path(w.string(config, `${field}.config`, 'give the path of a config file'));
  const waivers = w.get(map, 'waivers');
  if (waivers !== undefined) out.waivers = path(w.string(waivers, `${field}.waivers`, 'give the path of a waiver file'));
  const profile = w.get(map, 'profile');
  if (profile !== undefined) out.profile = path(w.string(profile, `${field}.profile`, 'give the path of a profile file (a corrected copy of profiles/geo-scada.json)'));
  const instance = w.get(map, 'instance');
  if (instance !== undefined) out.instance = w.string(instance, `${field}.instance`, 'name the Geo SCADA instance, e.g. instance: Site2 (the ClearSCADA-Site2 key)');
  const failOn = w.get(map, 'failOn');
  if (failOn !== undefined) {
    const v = w.string(failOn, `${field}.failOn`, `use one of ${SEVERITIES.join(', ')}`);
    if (!(SEVERITIES as readonly string[]).includes(v)) w.fail(failOn, `${field}.failOn`, `"${v}" is not a severity; use one of ${SEVERITIES.join(', ')}`);
    out.failOn = v as Severity;
  }
  return out;
}

function readServers(w: Walker, node: YamlNode | undefined, field: string, pairNode: YamlNode, baseDir: string): InventoryServer[] {
  if (node === undefined) w.fail(pairNode, field, 'missing; list each server by role, e.g. servers: { main: a.reg, standby-a: b.reg }');
  const map = w.map(node, field, [...ROLES, ...Object.keys(roleAliases)], '{ main: a.reg, standby-a: b.reg }');
  const servers: InventoryServer[] = [];
  for (const item of map.items) {
    const key = String((item.key as { value: unknown }).value);
    const role = roleAliases[key] ?? (key as Role);
    if (servers.some((s) => s.role === role)) w.fail(item.key as YamlNode, `${field}.${key}`, `role ${role} is given twice; each role names one server`);
    const given = w.string(item.value as YamlNode, `${field}.${key}`, 'give the path of an export, bundle folder or snapshot');
    servers.push({ role, given, path: resolvePath(baseDir, given), line: w.lineOf(item.key as YamlNode) });
  }
  if (!servers.some((s) => s.role === 'main')) w.fail(node, field, 'no main server; add "main: <export, bundle or snapshot>"');
  if (servers.length < 2) w.fail(node, field, 'a pair needs a main and at least one standby; add e.g. "standby-a: <path>"');
  servers.sort((a, b) => compareRoles(a.role, b.role));
  return servers;
}

/**
 * Parses an inventory (YAML, or JSON, which is YAML too). Pure: the caller reads the file; `baseDir` is the
 * folder paths are relative to. Throws ConfigError naming the file, line and field of the first problem.
 */
export function parseInventory(text: string, file: string, baseDir: string): Inventory {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, merge: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = e.linePos?.[0]?.line ?? lines.linePos(e.pos[0]).line;
    throw new ConfigError(file, line, `${e.message.split('\n')[0]}; is this a YAML or JSON inventory?`);
  }
  const w: Walker = new Walker(file, lines, doc);
  const root = w.map(doc.contents as YamlNode, 'inventory', ['version', 'defaults', 'sites'], '{ sites: [ { name: ..., pairs: [...] } ] }');
  const version = w.get(root, 'version');
  if (version !== undefined && !(isScalar(version) && version.value === 1)) w.fail(version, 'version', 'only version 1 is known; write "version: 1" or leave it out');

  let defaults: PairOptions = { rules: [], failOn: 'warning' };
  const defaultsNode = w.get(root, 'defaults');
  if (defaultsNode !== undefined) defaults = readOptions(w, w.map(defaultsNode, 'defaults', OPTION_FIELDS, '{ failOn: warning }'), 'defaults', baseDir, defaults);

  const sitesNode = w.get(root, 'sites');
  if (!isSeq(sitesNode) || sitesNode.items.length === 0) w.fail(sitesNode ?? root, 'sites', 'expected a non-empty list of sites, e.g. sites: [ { name: North, pairs: [...] } ]');

  const pairs: InventoryPair[] = [];
  const seen = new Map<string, number | undefined>();
  (sitesNode.items as YamlNode[]).forEach((siteNode, si) => {
    const siteField = `sites[${si}]`;
    const site = w.map(siteNode, siteField, ['name', 'pairs', ...OPTION_FIELDS], '{ name: North, pairs: [...] }');
    const siteName = w.string(w.get(site, 'name'), `${siteField}.name`, 'name the site, e.g. name: North WTP', site);
    const siteOptions = readOptions(w, site, siteField, baseDir, defaults);
    const pairsNode = w.get(site, 'pairs');
    if (!isSeq(pairsNode) || pairsNode.items.length === 0) w.fail(pairsNode ?? siteNode, `${siteField}.pairs`, 'expected a non-empty list of pairs, e.g. pairs: [ { name: scada, servers: {...} } ]');
    (pairsNode.items as YamlNode[]).forEach((pairNode, pi) => {
      const field = `${siteField}.pairs[${pi}]`;
      const pair = w.map(pairNode, field, ['name', 'servers', ...OPTION_FIELDS], '{ name: scada, servers: { main: a.reg, standby-a: b.reg } }');
      const name = w.string(w.get(pair, 'name'), `${field}.name`, 'name the pair, e.g. name: scada', pair);
      const id = `${siteName}/${name}`;
      if (seen.has(id)) w.fail(pair, `${field}.name`, `pair "${id}" is already listed at line ${seen.get(id)}; give each pair of a site its own name`);
      seen.set(id, w.lineOf(pair));
      const servers = readServers(w, w.get(pair, 'servers'), `${field}.servers`, pairNode, baseDir);
      pairs.push({ id, site: siteName, name, servers, options: readOptions(w, pair, field, baseDir, siteOptions), line: w.lineOf(pair) });
    });
  });
  return { file, pairs };
}
