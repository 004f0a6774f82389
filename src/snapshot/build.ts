// Builds a Snapshot from parsed exports and host facts: registry → named settings through a profile (pure).
import { InputError } from '../errors.js';
import type { Provenance, Role, Setting, Snapshot, SourceFile, RegTree } from '../types.js';
import type { Profile } from './profile.js';
import { compileProfile, type CompiledProfile } from './profile-match.js';
import { addKeyValues } from './key-values.js';
import { RegistryView, type ViewKey } from './registry-view.js';
import { SettingsBuilder, type Warn } from './settings-builder.js';
import { flat } from './name-index.js';
import { forgetLastOrder } from './value-order.js';
import { runSecretKey, safeTreeWarnings, SNAPSHOT_SCHEMA_VERSION } from './secrets.js';
import { snapshotWithTable } from './table.js';
import { replacedValueWarning } from './replaced-value.js';
import { hideTreeNames, NameMasker } from './secret-names-hidden.js';

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
  /** The settings named so far whose names `re` matches, in the order added (a Setting is made for those only). */
  matching(re: RegExp): [string, Setting][];
}

/**
 * Settings derived from evidence outside the registry once the registry's settings exist (the collect layer
 * supplies it). `replace`: a confirmed source that wins over the setting the profile read (uninstall.reg's
 * product version over the assumed `Version` value). `reads`: the settings the value was worked out from (the
 * database port a firewall rule is looked up for): one the evidence gives two values leaves this one ambiguous too.
 */
export type DeriveSettings = (view: SettingsView) => { name: string; setting: Setting; replace?: true; reads?: string[] }[];

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
  /** The file `instance` was read from (a bundle's `bundle.json`), for messages; absent: `--instance`. */
  instanceFrom?: string;
  warnings?: NonNullable<Snapshot['warnings']>;
  /** Settings from evidence outside the registry (firewall, time, service, anti-virus), added last. */
  derive?: DeriveSettings;
  /**
   * Refuse exports whose only sections are one subkey of the root (see refuseSubkeyExport): set by collection from
   * files; trees built by hand (tests, library callers naming a few values) need not write the root's section.
   */
  refuseSubkeyExport?: boolean;
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
  const heads = profile.root.parents.map((parent) => flat(`hkey_local_machine\\${parent.toLowerCase()}\\`));
  // The view's keys are lower-cased paths.
  for (const [lower, key] of view.keys) {
    heads.forEach((head, parentIndex) => {
      if (!lower.startsWith(head)) return;
      const last = lower.slice(head.length);
      if (last.includes('\\')) return;
      if (last === base) roots.push({ path: key.path, lower, parentIndex });
      else if (last.startsWith(prefix) && last.length > prefix.length) roots.push({ path: key.path, lower, parentIndex, instance: key.path.slice(head.length + prefix.length) });
    });
  }
  return roots.sort((a, b) => a.parentIndex - b.parentIndex || a.lower.localeCompare(b.lower));
}

function chooseRoot(roots: Root[], wanted: string | undefined, file: string, warn: (m: string) => void, wantedFrom?: string): Root | undefined {
  if (wanted !== undefined && wanted !== '') {
    const r = roots.find((x) => x.instance?.toLowerCase() === wanted.toLowerCase());
    if (r === undefined) {
      const found = roots.map((x) => x.instance ?? '(default)');
      const fix = wantedFrom === undefined ? 'check --instance' : `the instance is the one ${wantedFrom} records: check that the export is of that instance, or give --instance`;
      throw new InputError(file, undefined, `no Geo SCADA instance "${wanted}" in the export (found: ${found.length > 0 ? [...new Set(found)].join(', ') : 'none'}); ${fix}`);
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

/**
 * The roots of the named instances other than `root`'s (in either view). Not the machine-wide key: beside a named
 * instance it holds what every instance shares (the product's InstallLocation and Version, the drivers' registrations).
 */
function otherInstances(roots: readonly Root[], root: Root | undefined): Root[] {
  if (root === undefined) return [];
  const name = root.instance?.toLowerCase();
  return roots.filter((r) => r.instance !== undefined && r.instance.toLowerCase() !== name);
}

/**
 * A whole-SOFTWARE export holds the key in both registry views (`SOFTWARE\\Schneider Electric\\ClearSCADA` and
 * `SOFTWARE\\WOW6432Node\\Schneider Electric\\ClearSCADA`); one is stale, and nothing documented tells which one the
 * server reads: reading either could compare one server's live settings with the other's stale ones. Refused.
 */
function refuseTwoViews(roots: Root[], root: Root, fileOf: (r: Root) => string): void {
  const same = (r: Root): boolean => (r.instance?.toLowerCase() ?? '') === (root.instance?.toLowerCase() ?? '');
  const other = roots.find((r) => r !== root && same(r) && r.parentIndex !== root.parentIndex);
  if (other === undefined) return;
  const [file, otherFile] = [fileOf(root), fileOf(other)];
  const where = file === otherFile ? `holds the key in two registry views, ${root.path} and ${other.path}` : `holds ${root.path} and ${otherFile} holds ${other.path}, the key in two registry views`;
  throw new InputError(file, undefined, `${where}: one of them is stale and pairaudit cannot tell which one the server reads; export only the key of the view the server uses (reg export of that one key, as the collection scripts do)`);
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
 * An export of the key (`reg export`, regedit's Export, `reg query /s`) writes the key's own section first, even when
 * it holds no value. A root only implied by the sections of one of its subkeys is an export of that subkey (a driver
 * registration, `DB`): none of the server's other settings are in it, and audited as a whole server every one of them
 * would be missing. Refused. (Sections of several subkeys without the root are hand-made, and read as they are.)
 */
function refuseSubkeyExport(view: RegistryView, root: Root): void {
  const key = view.keys.get(root.lower);
  if (key === undefined || key.implied !== true) return;
  const prefix = flat(`${root.lower}\\`);
  const tops = new Set<string>();
  for (const [lower, k] of view.keys) if (k.implied !== true && lower.startsWith(prefix)) tops.add(lower.slice(prefix.length).split('\\')[0]);
  if (tops.size !== 1) return;
  const sub = view.keys.get(`${prefix}${[...tops][0]}`)?.path ?? `${root.path}\\${[...tops][0]}`;
  const hklm = root.path.replace(/^HKEY_LOCAL_MACHINE\\/i, 'HKLM\\');
  throw new InputError(
    key.file,
    undefined,
    `holds only ${sub}, a subkey of ${root.path}, not the key itself (an export of the key writes its own section first): the rest of the server's configuration is not in it; export the whole key, as the collection scripts do: reg export "${hklm}" server.reg`,
  );
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
  const prefix = flat(`${machine.lower}\\`);
  return (lower, path) => {
    if (!lower.startsWith(prefix)) return undefined;
    const rel = path.slice(prefix.length);
    const first = rel.split('\\')[0];
    return res.some((re) => re.test(first)) && !own.has(first.toLowerCase()) ? rel : undefined;
  };
}

/**
 * Applies the exports in order and adds their values to a builder (`deferred`: see SettingsBuilder), named
 * through the profile; returns it and the profile root found. (A function of its own, so that the merged view
 * is garbage once the settings exist.)
 */
function addRegistrySettings(input: BuildSnapshotInput, cp: CompiledProfile, deferred: boolean, warn: Warn, firstFile: string, secretKey: string | Uint8Array): { out: SettingsBuilder; root: Root | undefined } {
  const profile = cp.profile;
  const view = new RegistryView();
  // Key and value names that hold a secret are masked before anything is named from them (settings, provenance,
  // the warnings that name a key): the view holds none.
  const names = new NameMasker(cp.secrets, secretKey);
  for (const { tree, source } of input.trees) {
    view.applyTree(hideTreeNames(tree, names), source.file);
    // A lenient parser's warning may quote the line, and the line may hold a secret (or the rest of one).
    for (const w of safeTreeWarnings(tree, cp.secrets)) warn(source.file, w.line, w.message);
  }

  const roots = findRoots(view, profile);
  const root = chooseRoot(roots, input.instance, firstFile, (m) => warn(firstFile, undefined, m), input.instanceFrom);
  if (root !== undefined) refuseTwoViews(roots, root, (r) => view.keys.get(r.lower)?.file ?? firstFile);
  if (root === undefined && input.trees.length > 0) throw new InputError(firstFile, undefined, noRootMessage(view, profile));
  if (root !== undefined && input.refuseSubkeyExport === true) refuseSubkeyExport(view, root);

  // The view's keys are lower-cased paths.
  const keys = [...view.keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const rootPrefix = root === undefined ? undefined : flat(`${root.lower}\\`);
  const shared = sharedKeys(profile, roots, root, keys, rootPrefix);
  // What each key's values are named relative to: the root (or the machine-wide key, for a shared key); null:
  // their full path (outside the root, kept); undefined: ignored. Values to come counted as written (at most
  // as many are read), for the builder to make room for them once.
  const rels = new Array<string | null | undefined>(keys.length);
  let rows = 0;
  let ignored = 0;
  // Another named instance's key (an export of the parent key holds every instance): its settings are that
  // instance's, not this one's; the catch-all compared them as this server's (a ServerLabel that differs by design).
  const others = otherInstances(roots, root);
  const notAudited = new Map<Root, number>();
  keys.forEach(([lower, key], i) => {
    const inRoot = root !== undefined && (lower === root.lower || lower.startsWith(rootPrefix as string));
    const other = inRoot ? undefined : others.find((r) => lower === r.lower || lower.startsWith(`${r.lower}\\`));
    const rel = inRoot ? key.path.slice(root.path.length + 1) : (shared?.(lower, key.path) ?? (other !== undefined ? undefined : profile.outsideRoot === 'keep' ? null : undefined));
    rels[i] = rel;
    if (rel !== undefined) rows += key.valuesWritten + 1;
    else if (other !== undefined) notAudited.set(other, (notAudited.get(other) ?? 0) + key.valueCount);
    else ignored += key.valueCount;
  });
  for (const [other, count] of notAudited) {
    if (count > 0) warn(view.keys.get(other.lower)?.file ?? firstFile, undefined, `${count} value(s) of Geo SCADA instance ${other.instance} were not audited (this run reads ${root?.instance ?? 'the default instance'}; --instance ${other.instance} reads it)`);
  }
  const out = new SettingsBuilder(warn, deferred, rows);
  for (let i = 0; i < keys.length; i++) {
    const rel = rels[i];
    if (rel !== undefined) addKeyValues(cp, keys[i][1], rel, out, warn, secretKey);
  }
  forgetLastOrder();
  for (let i = 0; i < keys.length; i++) {
    if (rels[i] === undefined) continue;
    const key = keys[i][1];
    for (const r of key.rewrites()) {
      // The setting the later value became (if any): the evidence gives it two values, and an audit says so.
      const setting = out.nameFrom(r.later.file, r.later.line);
      const message =
        r.earlier.file === r.later.file
          ? `value ${JSON.stringify(r.name)} of ${key.path} is written again with other data than line ${r.earlier.line} gives it (reg export writes each value once: the file was edited or joined from two exports); the later is kept, as an import would keep it; check which is current`
          : `value ${JSON.stringify(r.name)} of ${key.path} replaces the other value ${r.earlier.file} line ${r.earlier.line} gives it (the files apply in name order, as imports would); check which export is current`;
      warn(r.later.file, r.later.line, message, setting);
    }
  }
  if (ignored > 0) warn(firstFile, undefined, `${ignored} value(s) outside the ${profile.root.key} key were ignored (the profile says "outsideRoot": "ignore")`);
  return { out, root };
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
  // Every warning is masked as a snapshot read from a file is (protectSnapshot): a bundle's (dbsize.json's error text
  // may quote a connection string) as much as the builder's own.
  const mask = (message: string): string => cp.secrets.maskMessage(message);
  const warnings: NonNullable<Snapshot['warnings']> = (input.warnings ?? []).map((w) => ({ ...w, message: mask(w.message) }));
  const warn = (file: string, line: number | undefined, message: string, setting?: string): void => {
    warnings.push({ file, ...(line !== undefined ? { line } : {}), message: mask(message), ...(setting !== undefined ? { setting } : {}) });
  };
  const firstFile = input.trees[0]?.source.file ?? input.volumes?.source.file ?? 'input';

  let { out, root } = addRegistrySettings(input, cp, true, warn, firstFile, secretKey);
  if (!out.settle()) {
    // Two settings' names meet ignoring case: named again one by one, so that the first is kept and the
    // other falls back or is dropped with a warning, as always (the warnings of the first pass are dropped).
    warnings.length = input.warnings?.length ?? 0;
    ({ out, root } = addRegistrySettings(input, cp, false, warn, firstFile, secretKey));
  }

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
  const ambiguous = new Set(warnings.flatMap((w) => (w.setting === undefined ? [] : [w.setting.toLowerCase()])));
  for (const d of input.derive?.(out) ?? []) {
    const setting = { source: sortedSource(d.setting.source), value: d.setting.value };
    if (d.replace === true) {
      const read = out.get(d.name);
      const disagree = read === undefined ? undefined : replacedValueWarning(d.name, read, setting);
      if (disagree !== undefined) warn(setting.source.file, setting.source.line, disagree.message, disagree.ambiguous ? d.name : undefined);
      out.replace(d.name, setting);
    } else out.add(d.name, setting);
    const from = d.reads?.find((r) => ambiguous.has(r.toLowerCase()));
    if (from !== undefined) warn(d.setting.source.file, d.setting.source.line, `setting "${d.name}" was worked out from "${from}", which the evidence gives more than one value`, d.name);
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
