// Builds a Snapshot from parsed exports and host facts: registry → named settings through a profile (pure).
import { InputError } from '../errors.js';
import type { Provenance, RegValue, Role, SecretValue, Setting, SettingValue, Snapshot, SourceFile, RegTree } from '../types.js';
import { compileProfile, KeyMatch, type CompiledProfile, type ProfileMapping, type Profile } from './profile.js';
import { RegistryView, type ViewKey, type ViewValue } from './registry-view.js';
import { hiddenPartName, protectValue, runSecretKey, safeTreeWarnings, SNAPSHOT_SCHEMA_VERSION } from './secrets.js';
import { snapshotWithTable, type SortedSettings } from './table.js';

export interface VolumeFact {
  /** Drive letter, upper-case, without the colon (`C`), or a folder mount point without its trailing backslash (`D:\SCADA\Data`). */
  volume: string;
  freeBytes: number;
  totalBytes: number;
  source: Provenance;
}

export interface HostFacts {
  hostname?: { value: string; source: Provenance };
  /** Host names (short and FQDN) and addresses the server answers to. */
  names: string[];
  namesSource?: Provenance;
  /** Entries of the hosts file: name (lower-cased) → the addresses it resolves to. */
  hostsFile?: { name: string; addresses: string[]; source: Provenance }[];
  /** Environment variables database locations may be written with (environment.json). */
  environment?: { name: string; value: string; source: Provenance }[];
  /** Size of each database location folder, keyed by the folder as the registry writes it (dbsize.json). */
  dbSize?: { path: string; bytes: number; source: Provenance }[];
  /** Evidence the bundle's collection script was too old to write (see src/collect/evidence/collected.ts). */
  notCollected?: { evidence: string[]; source: Provenance };
}

/** Read access to the settings named so far (registry, host and disk), for evidence that depends on them. */
export interface SettingsView {
  get(name: string): Setting | undefined;
  /** Every setting named so far, in the order added. */
  entries(): [string, Setting][];
}

/**
 * Settings derived from evidence outside the registry once the registry's settings exist (the collect layer
 * supplies it). `replace`: a confirmed source that wins over the setting the profile read (uninstall.reg's
 * product version over the assumed `Version` value).
 */
export type DeriveSettings = (view: SettingsView) => { name: string; setting: Setting; replace?: true }[];

export interface BuildSnapshotInput {
  /** Registry exports, applied in this order. */
  trees: { tree: RegTree; source: SourceFile }[];
  volumes?: { volumes: VolumeFact[]; source: SourceFile };
  host?: HostFacts;
  /** Other files read (hostname, ipconfig, bundle manifest), recorded with their sha256. */
  extraSources?: SourceFile[];
  /** ISO 8601; leave it out when the input records no collection time (never "now"). */
  collectedAt?: string;
  collector: { name: string; version: string };
  /** How registry values are named (the caller loads it: the bundled Geo SCADA profile, or `--profile FILE`). */
  profile: Profile;
  /** HMAC key for secrets; defaults to a random key for this run (runSecretKey), so hashes compare within it only. */
  secretKey?: string | Uint8Array;
  role?: Role;
  label?: string;
  /** Geo SCADA named instance to read; by default the only one in the export, or the default instance. */
  instance?: string;
  warnings?: NonNullable<Snapshot['warnings']>;
  /** Settings from evidence outside the registry (firewall, time, service, anti-virus), added last. */
  derive?: DeriveSettings;
}

interface Root {
  path: string;
  lower: string;
  instance?: string;
  parentIndex: number;
}

/** Finds `HKEY_LOCAL_MACHINE\<parent>\ClearSCADA[-<instance>]` keys in the merged view. */
function findRoots(view: RegistryView, profile: Profile): Root[] {
  const roots: Root[] = [];
  const base = profile.root.key.toLowerCase();
  const prefix = profile.root.instancePrefix.toLowerCase();
  // The view's keys are lower-cased paths.
  for (const [lower, key] of view.keys) {
    profile.root.parents.forEach((parent, parentIndex) => {
      const head = `hkey_local_machine\\${parent.toLowerCase()}\\`;
      if (!lower.startsWith(head)) return;
      const last = lower.slice(head.length);
      if (last.includes('\\')) return;
      if (last === base) roots.push({ path: key.path, lower, parentIndex });
      else if (last.startsWith(prefix) && last.length > prefix.length) roots.push({ path: key.path, lower, parentIndex, instance: key.path.slice(head.length + prefix.length) });
    });
  }
  return roots.sort((a, b) => a.parentIndex - b.parentIndex || a.lower.localeCompare(b.lower));
}

function chooseRoot(roots: Root[], wanted: string | undefined, file: string, warn: (m: string) => void): Root | undefined {
  if (wanted !== undefined && wanted !== '') {
    const r = roots.find((x) => x.instance?.toLowerCase() === wanted.toLowerCase());
    if (r === undefined) {
      const found = roots.map((x) => x.instance ?? '(default)');
      throw new InputError(file, undefined, `no Geo SCADA instance "${wanted}" in the export (found: ${found.length > 0 ? [...new Set(found)].join(', ') : 'none'}); check --instance`);
    }
    return r;
  }
  const instances = [...new Set(roots.map((r) => r.instance?.toLowerCase() ?? ''))];
  if (instances.length > 1) {
    const named = roots.filter((r) => r.instance !== undefined).map((r) => r.instance as string);
    const deflt = roots.find((r) => r.instance === undefined);
    if (deflt === undefined) throw new InputError(file, undefined, `the export holds several Geo SCADA instances (${[...new Set(named)].join(', ')}); choose one with --instance`);
    warn(`the export also holds named instance(s) ${[...new Set(named)].join(', ')}; read the default instance (use --instance to read another)`);
    return deflt;
  }
  return roots[0];
}

function typed(v: RegValue): SettingValue {
  if (v.type === 'REG_QWORD' && typeof v.data === 'string' && /^\d+$/.test(v.data)) {
    const n = Number(v.data);
    return Number.isSafeInteger(n) ? n : v.data;
  }
  return Array.isArray(v.data) ? [...v.data] : v.data;
}

const TEXT_TYPES = new Set(['REG_SZ', 'REG_EXPAND_SZ', 'REG_LINK']);

/** Applies a mapping's conversion; on a mismatch keeps the value as typed and says why (never the data). */
function convert(v: RegValue, m: ProfileMapping): { value: SettingValue; problem?: string } {
  const plain = typed(v);
  switch (m.type ?? 'auto') {
    case 'auto':
      return { value: plain };
    case 'string':
      return TEXT_TYPES.has(v.type) ? { value: plain } : { value: plain, problem: `expected a string value, found ${v.type}` };
    case 'number':
      return typeof plain === 'number' ? { value: plain } : { value: plain, problem: `expected a DWORD or QWORD, found ${v.type}` };
    case 'string[]':
      return Array.isArray(plain) ? { value: plain } : { value: plain, problem: `expected a REG_MULTI_SZ list, found ${v.type}` };
    case 'boolean':
      if (plain === 0 || plain === 1) return { value: plain === 1 };
      return { value: plain, problem: typeof plain === 'number' ? `expected a DWORD 0 or 1, found ${plain}` : `expected a DWORD 0 or 1, found ${v.type}` };
    case 'enum': {
      const name = typeof plain === 'number' ? m.enum?.[String(plain)] : undefined;
      if (name !== undefined) return { value: name };
      return { value: plain, problem: typeof plain === 'number' ? `DWORD ${plain} is not one of the known values ${Object.keys(m.enum ?? {}).join(', ')}` : `expected a DWORD, found ${v.type}` };
    }
  }
}

class SettingsBuilder {
  /** Lower-cased name → index in `names` / `settings`; a Map, because a plain object with 10^5+ keys is slow to grow. */
  private readonly byLower = new Map<string, number>();
  /** Display names and settings, in the order added (parallel arrays: no object per setting). */
  private readonly names: string[] = [];
  private readonly settings: Setting[] = [];
  constructor(private readonly warn: (file: string, line: number | undefined, m: string) => void) {}

  get(name: string): Setting | undefined {
    const i = this.byLower.get(name.toLowerCase());
    return i === undefined ? undefined : this.settings[i];
  }

  entries(): [string, Setting][] {
    return this.names.map((n, i) => [n, this.settings[i]]);
  }

  /** Sets a setting, replacing one of the same name (case-insensitively) with all it carried (`assumed` too). */
  replace(name: string, setting: Setting): void {
    const taken = this.byLower.get(name.toLowerCase());
    if (taken === undefined) this.add(name, setting);
    else this.settings[taken] = setting;
  }

  /**
   * Adds a setting; a name already taken (case-insensitively) falls back to `fallback`, with a warning. With
   * `hidden` (the keyed hash of the secret inside a text), adds it beside the setting as `<name>#hidden`.
   */
  add(name: string, setting: Setting, fallback?: string, hidden?: SecretValue, lower = name.toLowerCase()): void {
    const taken = this.byLower.get(lower);
    if (taken === undefined) {
      this.byLower.set(lower, this.names.length);
      this.names.push(name);
      this.settings.push(setting);
      if (hidden !== undefined) this.add(hiddenPartName(name), { source: setting.source, value: hidden });
      return;
    }
    const src = setting.source;
    if (fallback !== undefined && !this.byLower.has(fallback.toLowerCase())) {
      this.warn(src.file, src.line, `setting "${name}" is already taken by "${this.names[taken]}"; kept this value as "${fallback}"`);
      const copy = { ...setting };
      delete copy.assumed;
      this.add(fallback, copy, undefined, hidden);
      return;
    }
    this.warn(src.file, src.line, `setting "${name}" is defined twice; kept the first`);
  }

  /** Adds a registry value's setting (and the hash of the secret inside its text, if any); `lower`: the name lower-cased, when known. */
  addValue(name: string, v: { setting: Setting; hidden?: SecretValue }, fallback?: string, lower?: string): void {
    this.add(name, v.setting, fallback, v.hidden, lower);
  }

  /** The settings sorted by name in code-unit order (as canonical JSON writes them), in parallel arrays. */
  toTable(): SortedSettings {
    const names = this.names;
    const order = names.map((_, i) => i).sort((a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0));
    return { names: order.map((i) => names[i]), settings: order.map((i) => this.settings[i]) };
  }
}

function regName(keyPath: string, valueName: string): string {
  const v = valueName === '' ? '@' : valueName;
  return keyPath === '' ? `reg:${v}` : `reg:${keyPath}\\${v}`;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}

/**
 * regName(keyPath, valueName).toLowerCase() from the parts lower-cased once (`keyLower`: regName's prefix for the
 * key, lower-cased; `valueLower`: the value name lower-cased): the same string where both are ASCII, whose
 * lower-casing is per character (elsewhere, e.g. a Greek final sigma, it depends on the neighbours). Undefined otherwise.
 */
function regNameLower(keyLower: string | undefined, valueName: string, valueLower: string): string | undefined {
  if (keyLower === undefined || !isAscii(valueName)) return undefined;
  return `${keyLower}${valueName === '' ? '@' : valueLower}`;
}

/** The same provenance with its fields in sorted order (see SettingsBuilder.toTable). */
function sortedSource(p: Provenance): Provenance {
  const out: Provenance = { file: p.file };
  if (p.key !== undefined) out.key = p.key;
  if (p.line !== undefined) out.line = p.line;
  if (p.valueName !== undefined) out.valueName = p.valueName;
  return out;
}

/** Why an export without the product's key cannot be audited: what it holds instead, and what to export. */
function noRootMessage(view: RegistryView, profile: Profile): string {
  const written = [...view.keys.values()].filter((k) => k.implied !== true).map((k) => k.path);
  const lower = written.map((p) => p.toLowerCase());
  const tops = written.filter((p, i) => !lower.some((q, j) => j !== i && lower[i].startsWith(`${q}\\`))).sort();
  const holds = tops.length === 0 ? 'no registry key at all' : tops.length <= 2 ? tops.join(' and ') : `${tops.slice(0, 2).join(', ')} and ${tops.length - 2} other key(s)`;
  return `holds no ${profile.root.key} key (it holds ${holds}); export HKLM\\${profile.root.parents[0]}\\${profile.root.key} (or ${profile.root.instancePrefix}<instance>) with the collection script, or check that this is the right file`;
}

/**
 * For a named instance: a test giving the path relative to the machine-wide key (the default instance's
 * root, beside the instance's) of a key the instance reads from there, the profile's `root.sharedKeys`
 * (driver registrations) the instance's own key does not hold. Undefined for the default instance.
 */
function sharedKeys(profile: Profile, roots: Root[], root: Root | undefined, keys: [string, ViewKey][], rootPrefix: string | undefined): ((lower: string, path: string) => string | undefined) | undefined {
  const globs = profile.root.sharedKeys ?? [];
  if (root?.instance === undefined || globs.length === 0) return undefined;
  const machine = roots.find((r) => r.instance === undefined && r.parentIndex === root.parentIndex) ?? roots.find((r) => r.instance === undefined);
  if (machine === undefined) return undefined;
  const res = globs.map((g) => new RegExp(`^${g.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i'));
  // The instance's own first keys win over the machine-wide ones of the same name.
  const own = new Set(keys.filter(([lower]) => lower.startsWith(rootPrefix as string)).map(([lower]) => lower.slice((rootPrefix as string).length).split('\\')[0]));
  const prefix = `${machine.lower}\\`;
  return (lower, path) => {
    if (!lower.startsWith(prefix)) return undefined;
    const rel = path.slice(prefix.length);
    const first = rel.split('\\')[0];
    return res.some((re) => re.test(first)) && !own.has(first.toLowerCase()) ? rel : undefined;
  };
}

/**
 * Applies the exports in order and adds their values to `out`, named through the profile; returns the
 * profile root found. (A function of its own, so that the merged view is garbage once the settings exist.)
 */
function addRegistrySettings(
  input: BuildSnapshotInput,
  cp: CompiledProfile,
  out: SettingsBuilder,
  warn: (file: string, line: number | undefined, m: string) => void,
  firstFile: string,
  secretKey: string | Uint8Array,
): Root | undefined {
  const profile = cp.profile;
  const view = new RegistryView();
  for (const { tree, source } of input.trees) {
    view.applyTree(tree, source.file);
    // A lenient parser's warning may quote the line, and the line may hold a secret (or the rest of one).
    for (const w of safeTreeWarnings(tree, cp.secrets)) warn(source.file, w.line, w.message);
  }

  const roots = findRoots(view, profile);
  const root = chooseRoot(roots, input.instance, firstFile, (m) => warn(firstFile, undefined, m));
  if (root === undefined && input.trees.length > 0) throw new InputError(firstFile, undefined, noRootMessage(view, profile));

  // The view's keys are lower-cased paths.
  const keys = [...view.keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const rootPrefix = root === undefined ? undefined : `${root.lower}\\`;
  const shared = sharedKeys(profile, roots, root, keys, rootPrefix);
  let ignored = 0;
  for (const [lower, key] of keys) {
    const inRoot = root !== undefined && (lower === root.lower || lower.startsWith(rootPrefix as string));
    const sharedRel = shared?.(lower, key.path);
    if (inRoot) {
      mapKey(cp, key, key.path.slice(root.path.length + 1), out, warn, secretKey);
    } else if (sharedRel !== undefined) {
      mapKey(cp, key, sharedRel, out, warn, secretKey);
    } else if (profile.outsideRoot === 'keep') {
      for (const vl of [...key.values.keys()].sort()) {
        const vv = key.values.get(vl) as ViewValue;
        out.addValue(regName(key.path, vv.name), valueSetting(cp, vv, typed(vv.value), secretKey));
      }
    } else {
      ignored += key.values.size;
    }
  }
  if (ignored > 0) warn(firstFile, undefined, `${ignored} value(s) outside the ${profile.root.key} key were ignored (the profile says "outsideRoot": "ignore")`);
  return root;
}

/**
 * Builds one server's snapshot. Registry sections apply in order as an import would (a repeated key merges,
 * a deleted key removes its subtree, a deleted value removes the value); names compare case-insensitively
 * and keep their display case. Values under the profile root become named settings or `reg:<relative
 * path>\<value>`; values elsewhere become `reg:<full path>\<value>` (or are ignored, as the profile says).
 */
export function buildSnapshot(input: BuildSnapshotInput): Snapshot {
  const profile = input.profile;
  const cp = compileProfile(profile);
  const secretKey = input.secretKey ?? runSecretKey();
  const warnings: NonNullable<Snapshot['warnings']> = [...(input.warnings ?? [])];
  const warn = (file: string, line: number | undefined, message: string): void => {
    warnings.push(line === undefined ? { file, message } : { file, line, message });
  };
  const firstFile = input.trees[0]?.source.file ?? input.volumes?.source.file ?? 'input';

  const out = new SettingsBuilder(warn);
  const root = addRegistrySettings(input, cp, out, warn, firstFile, secretKey);

  const host = input.host;
  if (host?.hostname !== undefined) out.add('host.hostname', { source: sortedSource(host.hostname.source), value: host.hostname.value });
  const names = hostNames(host);
  if (host !== undefined && names.length > 0) out.add('host.names', { source: sortedSource(host.namesSource ?? host.hostname?.source ?? { file: firstFile }), value: names });
  for (const a of host?.hostsFile ?? []) out.add(`host.hosts.${a.name}`, { source: sortedSource(a.source), value: [...a.addresses] });
  for (const e of host?.environment ?? []) out.add(`host.env.${e.name}`, { source: sortedSource(e.source), value: e.value });
  for (const d of host?.dbSize ?? []) out.add(`host.dbSize.${d.path}`, { source: sortedSource(d.source), value: d.bytes });
  if (host?.notCollected !== undefined && host.notCollected.evidence.length > 0) {
    out.add('host.notCollected', { source: sortedSource(host.notCollected.source), value: [...host.notCollected.evidence] });
  }
  for (const v of input.volumes?.volumes ?? []) {
    out.add(`disk.${v.volume}.freeBytes`, { source: sortedSource(v.source), value: v.freeBytes });
    out.add(`disk.${v.volume}.totalBytes`, { source: sortedSource(v.source), value: v.totalBytes });
  }
  for (const d of input.derive?.(out) ?? []) {
    const setting = { source: sortedSource(d.setting.source), value: d.setting.value };
    if (d.replace === true) out.replace(d.name, setting);
    else out.add(d.name, setting);
  }

  const labelSetting = out.get('server.label')?.value;
  const hostname = host?.hostname?.value;
  const label = input.label ?? (typeof labelSetting === 'string' && labelSetting !== '' ? labelSetting : (hostname ?? firstFile));
  // Objects are built with their fields in sorted order, as canonical JSON writes them.
  const server: Snapshot['server'] = hostname === undefined ? { label, names } : { hostname, label, names };
  if (root?.instance !== undefined) server.instance = root.instance;
  if (input.role !== undefined) server.role = input.role;

  const sources: SourceFile[] = [...input.trees.map((t) => t.source)];
  if (input.volumes) sources.push(input.volumes.source);
  for (const s of input.extraSources ?? []) sources.push(s);

  // The settings record is built from the sorted table when first read (table.ts): the fingerprint needs only the table.
  return snapshotWithTable(
    {
      collected: { ...(input.collectedAt !== undefined ? { at: input.collectedAt } : {}), collector: { name: input.collector.name, version: input.collector.version }, profile: profile.name, sources },
      schemaVersion: SNAPSHOT_SCHEMA_VERSION,
      server,
      ...(warnings.length > 0 ? { warnings } : {}),
    },
    out.toTable(),
  );
}

function hostNames(host: HostFacts | undefined): string[] {
  if (host === undefined) return [];
  const all = [...(host.hostname ? [host.hostname.value] : []), ...host.names].map((n) => n.trim().toLowerCase()).filter((n) => n !== '');
  return [...new Set(all)].sort();
}

function valueSetting(cp: CompiledProfile, vv: ViewValue, raw: SettingValue, secretKey: string | Uint8Array, assumed?: boolean): { setting: Setting; hidden?: SecretValue } {
  // Fields in sorted order (see SettingsBuilder.toTable); `keyAsWritten` is one string per section, shared.
  const source: Provenance = { file: vv.file, key: vv.keyAsWritten, line: vv.value.line, valueName: vv.name };
  const regType = vv.value.type;
  const { value, hidden } = protectValue(cp.secrets, vv.name, raw, vv.value.data, regType, secretKey);
  const setting: Setting = assumed ? { assumed: true, regType, source, value } : { regType, source, value };
  return hidden === undefined ? { setting } : { setting, hidden };
}

function mapKey(
  cp: CompiledProfile,
  key: ViewKey,
  rel: string,
  out: SettingsBuilder,
  warn: (file: string, line: number | undefined, m: string) => void,
  secretKey: string | Uint8Array,
): void {
  const match = new KeyMatch(cp, rel);
  for (const { name, mapping } of match.present) {
    const source: Provenance = { file: key.file, key: key.path, line: key.line };
    out.add(name, mapping.assumed ? { assumed: true, source, value: true } : { source, value: true });
  }
  // regName's prefix for this key, lower-cased once (see regNameLower).
  const keyLower = isAscii(rel) ? (rel === '' ? 'reg:' : `reg:${rel.toLowerCase()}\\`) : undefined;
  for (const vl of [...key.values.keys()].sort()) {
    const vv = key.values.get(vl) as ViewValue;
    const named = match.nameValue(vv.name, vl);
    if (named === undefined) {
      out.addValue(regName(rel, vv.name), valueSetting(cp, vv, typed(vv.value), secretKey), undefined, regNameLower(keyLower, vv.name, vl));
      continue;
    }
    const { value, problem } = convert(vv.value, named.mapping);
    if (problem !== undefined) warn(vv.file, vv.value.line, `${named.name}: ${problem}; kept as written (correct the "${cp.profile.name}" profile if this layout is real)`);
    out.addValue(named.name, valueSetting(cp, vv, value, secretKey, named.mapping.assumed), regName(rel, vv.name));
  }
}
