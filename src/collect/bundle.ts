// A server bundle folder: registry export, volume listing, host identity and manifest, read into one input.
import { readdir } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { join } from 'node:path';
import { InputError, naming, unreadable } from '../errors.js';
import type { Provenance, RegTree, SourceFile } from '../types.js';
import type { DeriveSettings, HostFacts, VolumeFact } from '../snapshot/build.js';
import { parseRegistry } from './registry/index.js';
import { sourceFile } from './source-record.js';
import { decodeText, inOemCodePage, oemAsUtf8 } from './text.js';
import { knownOemCodePage } from './oem.js';
import { ANSI_GUESS_WARNING, bundleAnsiCodePage, knownAnsiCodePage, recordedAnsiWarning, UTF8_CODE_PAGE } from './registry/ansi.js';
import { parseHostname, parseIpconfig, type IpconfigInfo } from './host.js';
import { parseHostNamesJson, parseIpAddressesJson } from './evidence/ip-json.js';
import { parseVolumesCsv, parseVolumesJson } from './volumes.js';
import { parseBundleManifest, type BundleManifest } from './manifest.js';
import { conflictingClaims, type ComputerClaim } from './host-identity.js';
import { parseHosts } from './evidence/hosts.js';
import { parseEnvironmentJson } from './evidence/environment.js';
import { parseDbSizeJson } from './evidence/dbsize.js';
import { notCollected } from './evidence/collected.js';
import { BUNDLE_EVIDENCE_FILES as EVIDENCE_FILES, BUNDLE_FILE_NAMES as KNOWN, BUNDLE_MACHINE_EXPORT as MACHINE_EXPORT, readInputFile } from './input.js';
import { readEvidence, SETTINGS_FILES } from './evidence/settings.js';
import { treeColumns } from '../snapshot/reg-columns.js';
import { normaliseKeyPath } from '../snapshot/registry-view.js';

/** Files holding a tool's console output, which cmd's `>` writes in the OEM code page. */
const TOOL_OUTPUT: ReadonlySet<string> = new Set(['w32tm-status.txt', 'w32tm-configuration.txt', 'firewall.txt', 'firewall-profiles.txt']);

export interface BundleContents {
  trees: { tree: RegTree; source: SourceFile }[];
  volumes?: { volumes: VolumeFact[]; source: SourceFile };
  host?: HostFacts;
  extraSources: SourceFile[];
  manifest?: BundleManifest;
  warnings: { file: string; line?: number; message: string }[];
  /** Settings from the evidence outside the registry (time, service, firewall, anti-virus). */
  derive?: DeriveSettings;
}

/**
 * Reads a bundle folder: every `*.reg` (applied in name order; two exports of one key are refused), else `reg-query.txt`; `volumes.json` or
 * `volumes.csv`; `hostname.txt`; `ipconfig.txt`, `ip-addresses.json`, `host-names.json`; `hosts`; `environment.json`; `dbsize.json`; `bundle.json`.
 * File names compare case-insensitively.
 * Source and provenance names are the file names within the folder.
 */
export async function readBundle(dir: string, opts: { lenient?: boolean; displayName?: string; maxInputSize?: number; instance?: string } = {}): Promise<BundleContents> {
  const shown = opts.displayName ?? dir;
  try {
    return await readBundleFiles(dir, shown, opts.lenient, opts.maxInputSize, opts.instance);
  } catch (e) {
    throw inBundle(e, shown);
  }
}

/**
 * Parsers and the snapshot builder name a file as it is recorded in the snapshot (its name inside the bundle); an
 * error must also say which bundle, since every server's bundle holds a ClearSCADA.reg: `e` with the bundle's path.
 */
export function inBundle(e: unknown, shown: string): unknown {
  return e instanceof InputError && e.file !== shown ? naming(e, e.file, join(shown, e.file)) : e;
}

/**
 * The order a bundle's exports apply in: their names lower-cased, by code unit, so that it is the same on every
 * machine (a locale's order is not: Swedish sorts Ä after Z, German beside A); names equal but for case by code unit.
 */
export function byNameOrder(a: string, b: string): number {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

/** The first key an export writes (the key `reg export` was given), or undefined for an export with none. */
function firstKeyPath(tree: RegTree): string | undefined {
  return treeColumns(tree)?.keyPaths[0] ?? tree.keys[0]?.path;
}

/**
 * Two exports of one key in a bundle (a stale `ClearSCADA_old.reg` left beside `ClearSCADA.reg`) would merge in name
 * order, the older one overriding the current values or adding back what the current one lacks: refused. Exports of
 * different keys (the machine-wide key beside a named instance's) are what the collectors write, and stay allowed.
 */
function refuseSecondExport(exported: Map<string, string>, tree: RegTree, name: string, shown: string): void {
  const first = firstKeyPath(tree);
  if (first === undefined) return;
  const key = normaliseKeyPath(first);
  const other = exported.get(key.toLowerCase());
  if (other === undefined) {
    exported.set(key.toLowerCase(), name);
    return;
  }
  throw new InputError(
    name,
    undefined,
    `exports the same key as ${join(shown, other)} (${key}): one of them is stale and would be merged with the other; keep the current export in the bundle folder and move the other out of it`,
  );
}

/**
 * The names and addresses the server answers to, into `host`: from host-names.json and ip-addresses.json (collector
 * 2.3, read in any language) where present, else from ipconfig.txt, whose labels and address states are localised.
 * False when the bundle has none of the three. `ipconfigText`: ipconfig.txt's text (cmd's `>` wrote it in the OEM code page).
 */
async function readHostNames(
  files: Map<string, string>,
  host: HostFacts,
  out: BundleContents,
  read: (name: string) => Promise<Uint8Array>,
  ipconfigText: (name: string, bytes: Uint8Array) => string,
  claims: ComputerClaim[],
): Promise<boolean> {
  const ipconfigFile = files.get('ipconfig.txt');
  const addressesFile = files.get('ip-addresses.json');
  const namesFile = files.get('host-names.json');
  if (ipconfigFile === undefined && addressesFile === undefined && namesFile === undefined) return false;
  const warn = (file: string, w: { line?: number; message: string }): void => void out.warnings.push({ file, ...(w.line === undefined ? {} : { line: w.line }), message: w.message });
  let names: Omit<IpconfigInfo, 'addresses' | 'warnings'> | undefined;
  let namesFrom: string | undefined;
  let addresses: { address: string }[] = [];
  let addressesFrom: string | undefined;
  if (namesFile !== undefined) {
    const bytes = await read(namesFile);
    names = parseHostNamesJson(decodeText(bytes), namesFile);
    namesFrom = namesFile;
    out.extraSources.push(sourceFile('other', namesFile, bytes));
  }
  if (addressesFile !== undefined) {
    const bytes = await read(addressesFile);
    const ip = parseIpAddressesJson(decodeText(bytes), addressesFile);
    for (const w of ip.warnings) warn(addressesFile, w);
    addresses = ip.addresses;
    addressesFrom = addressesFile;
    out.extraSources.push(sourceFile('other', addressesFile, bytes));
  }
  if (ipconfigFile !== undefined) {
    const bytes = await read(ipconfigFile);
    // Beside both JSON files ipconfig.txt is recorded but not read: its language no longer matters.
    if (names === undefined || addressesFrom === undefined) {
      const ip = parseIpconfig(ipconfigText(ipconfigFile, bytes), ipconfigFile, addressesFrom === undefined ? {} : { addressesFrom });
      for (const w of ip.warnings) warn(ipconfigFile, w);
      if (names === undefined) {
        names = ip;
        namesFrom = ipconfigFile;
      }
      if (addressesFrom === undefined) {
        addresses = ip.addresses;
        addressesFrom = ipconfigFile;
      }
    }
    out.extraSources.push(sourceFile('ipconfig', ipconfigFile, bytes));
  }
  if (names !== undefined && namesFrom !== undefined) {
    if (names.hostName !== undefined) claims.push({ file: namesFrom, name: names.hostName });
    if (host.hostname === undefined && names.hostName !== undefined) {
      host.hostname = { value: names.hostName, source: names.hostNameLine === undefined ? { file: namesFrom } : { file: namesFrom, line: names.hostNameLine } };
    }
    const short = names.hostName ?? host.hostname?.value;
    if (short !== undefined) {
      host.names.push(short);
      if (names.primaryDnsSuffix !== undefined) host.names.push(`${short}.${names.primaryDnsSuffix}`);
      for (const suffix of names.dnsSuffixes) if (suffix.toLowerCase() !== names.primaryDnsSuffix?.toLowerCase()) host.names.push(`${short}.${suffix}`);
    }
  }
  host.names.push(...addresses.map((a) => a.address));
  host.namesSource = { file: (addressesFrom ?? namesFrom) as string };
  return true;
}

/**
 * Whether a .reg file is ANSI text that is not UTF-8: no byte-order mark (UTF-16LE as `reg export` writes it, UTF-8,
 * UTF-16BE) and not valid UTF-8. On a server whose ANSI code page is UTF-8 such a file was not saved there as ANSI.
 */
function ansiNotUtf8(b: Uint8Array): boolean {
  const bom = (b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff) || (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf);
  return !bom && !isUtf8(b);
}

async function readBundleFiles(dir: string, shown: string, lenient: boolean | undefined, maxInputSize: number | undefined, instance: string | undefined): Promise<BundleContents> {
  const opts = { lenient };
  let entries: { name: string; isFile: boolean }[];
  try {
    // Anything but a folder counts: a FIFO or device named like a bundle file is refused when read, not skipped.
    entries = (await readdir(dir, { withFileTypes: true })).map((e) => ({ name: e.name, isFile: !e.isDirectory() }));
  } catch (e) {
    throw new InputError(shown, undefined, `cannot read the bundle folder (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const files = new Map(entries.filter((e) => e.isFile).map((e) => [e.name.toLowerCase(), e.name]));
  const out: BundleContents = { trees: [], extraSources: [], warnings: [] };
  const read = async (name: string): Promise<Uint8Array> => {
    try {
      return await readInputFile(join(dir, name), name, maxInputSize);
    } catch (e) {
      if (e instanceof InputError) throw e;
      throw new InputError(name, undefined, unreadable(e));
    }
  };

  // The manifest first: its oemCodePage is the encoding of the tools' output that cmd redirected (reg query's too).
  const manifestName = files.get('bundle.json');
  const manifestBytes = manifestName === undefined ? undefined : await read(manifestName);
  if (manifestName !== undefined && manifestBytes !== undefined) out.manifest = parseBundleManifest(decodeText(manifestBytes), manifestName);
  const oem = out.manifest?.oemCodePage;
  // A .reg file without a BOM (REGEDIT4, or an export re-saved as ANSI) is in the machine's ANSI code page: the one
  // bundle.json records, else (an older bundle) the one of the console code page's locale.
  const ansiCodePage = bundleAnsiCodePage(out.manifest);
  const recorded = out.manifest?.ansiCodePage;
  const parseExport = (bytes: Uint8Array, name: string): RegTree => {
    const unreadable = recorded !== undefined && (!knownAnsiCodePage(recorded) || (recorded === UTF8_CODE_PAGE && ansiNotUtf8(bytes)));
    if (!unreadable) return parseRegistry(bytes, { file: name, lenient: opts.lenient, ansiCodePage });
    // Read as Windows-1252, as without a code page; the warning of that guess says why, at the same line.
    const tree = parseRegistry(bytes, { file: name, lenient: opts.lenient });
    const message = recordedAnsiWarning(recorded, manifestName as string);
    if (tree.warnings !== undefined) tree.warnings = tree.warnings.map((w) => (w.message === ANSI_GUESS_WARNING ? { ...w, message } : w));
    return tree;
  };
  // The bytes of a tool's output cmd redirected. In a code page not in our tables (852 on a Polish, Czech or Hungarian
  // console) its non-ASCII text is read as Windows-1252, and a warning says so in every report (ASCII reads the same
  // in all); refusing the bundle stopped a check on one accented rule name.
  const oemOutput = (name: string, bytes: Uint8Array): Uint8Array => {
    if (oem !== undefined && !knownOemCodePage(oem) && inOemCodePage(bytes)) {
      out.warnings.push({
        file: name,
        message: `holds non-ASCII text in code page ${oem} (${manifestName as string} "oemCodePage"), which pairaudit cannot decode: read as Windows-1252, so accented text in it may not match the other server's; collect with the PowerShell collector (Collect-PairAudit.ps1), which writes UTF-16`,
      });
    }
    return bytes;
  };

  const regFiles = [...files.values()].filter((n) => n.toLowerCase().endsWith('.reg') && !EVIDENCE_FILES.has(n.toLowerCase())).sort(byNameOrder);
  const regQuery = files.get('reg-query.txt');
  if (regFiles.length === 0 && regQuery === undefined) {
    throw new InputError(shown, undefined, 'no registry export in the bundle folder (expected *.reg or reg-query.txt); collect it with collectors/Collect-PairAudit.ps1 or collect-pairaudit.cmd');
  }
  const exported = new Map<string, string>();
  for (const name of regFiles) {
    const bytes = await read(name);
    const tree = parseExport(bytes, name);
    refuseSecondExport(exported, tree, name, shown);
    out.trees.push({ tree, source: sourceFile('registry', name, bytes) });
  }
  if (regQuery !== undefined) {
    // The cmd collector's fallback for a named instance: reg-query.txt holds the instance's key, and the machine-wide
    // key's export beside it only what every instance shares (MACHINE_EXPORT); a .reg of the instance wins.
    const instanceExports = regFiles.filter((n) => n.toLowerCase() !== MACHINE_EXPORT);
    if (instanceExports.length > 0) out.warnings.push({ file: regQuery, message: `ignored: the bundle also has ${instanceExports.join(', ')}, which is read instead` });
    else {
      const bytes = oemOutput(regQuery, await read(regQuery));
      // `reg query /s > reg-query.txt` (collect-pairaudit.cmd) writes in the console's OEM code page.
      out.trees.push({ tree: parseRegistry(oemAsUtf8(bytes, oem) ?? bytes, { file: regQuery, lenient: opts.lenient }), source: sourceFile('reg-query', regQuery, bytes) });
    }
  }

  const volJson = files.get('volumes.json');
  const volCsv = files.get('volumes.csv');
  if (volJson !== undefined || volCsv !== undefined) {
    const name = (volJson ?? volCsv) as string;
    if (volJson !== undefined && volCsv !== undefined) out.warnings.push({ file: volCsv, message: `ignored: ${volJson} is read instead` });
    const bytes = await read(name);
    const text = decodeText(bytes);
    const entries = volJson !== undefined ? parseVolumesJson(text, name) : parseVolumesCsv(text, name);
    out.volumes = {
      volumes: entries.map((v) => ({ volume: v.volume, freeBytes: v.freeBytes, totalBytes: v.totalBytes, source: v.line === undefined ? { file: name } : { file: name, line: v.line } })),
      source: sourceFile('volumes', name, bytes),
    };
  }

  const host: HostFacts = { names: [] };
  let hasHost = false;
  const claims: ComputerClaim[] = [];
  if (out.manifest?.computerName !== undefined) claims.push({ file: manifestName as string, name: out.manifest.computerName });
  const hostnameFile = files.get('hostname.txt');
  if (hostnameFile !== undefined) {
    const bytes = oemOutput(hostnameFile, await read(hostnameFile));
    const h = parseHostname(decodeText(bytes, oem), hostnameFile);
    host.hostname = { value: h.hostname, source: { file: hostnameFile, line: h.line } };
    claims.push({ file: hostnameFile, name: h.hostname });
    out.extraSources.push(sourceFile('hostname', hostnameFile, bytes));
    hasHost = true;
  }
  if (await readHostNames(files, host, out, read, (name, bytes) => decodeText(oemOutput(name, bytes), oem), claims)) hasHost = true;
  const conflict = conflictingClaims(claims);
  if (conflict !== undefined) {
    // Neither machine's names are this server's for certain: none is kept, so the partner-address checks are unknown.
    const [a, b] = conflict;
    out.warnings.push({
      file: b.file,
      message: `names the computer ${JSON.stringify(b.name)}, but ${a.file} names ${JSON.stringify(a.name)}: the bundle holds files of two machines, so none of its host names and addresses is taken as this server's and the partner-address checks are unknown; collect the bundle again on the one server`,
    });
    delete host.hostname;
    host.names = [];
    delete host.namesSource;
  }
  const at = (file: string, line: number | undefined): Provenance => (line === undefined ? { file } : { file, line });
  const hostsName = files.get('hosts');
  if (hostsName !== undefined) {
    const bytes = await read(hostsName);
    const h = parseHosts(decodeText(bytes));
    host.hostsFile = h.entries.map((e) => ({ name: e.name, addresses: e.addresses, source: at(hostsName, e.line) }));
    for (const w of h.warnings) out.warnings.push({ file: hostsName, line: w.line, message: w.message });
    out.extraSources.push(sourceFile('other', hostsName, bytes));
    hasHost = true;
  }
  const envName = files.get('environment.json');
  if (envName !== undefined) {
    const bytes = await read(envName);
    host.environment = parseEnvironmentJson(decodeText(bytes), envName).map((e) => ({ name: e.name, value: e.value, source: at(envName, e.line) }));
    out.extraSources.push(sourceFile('other', envName, bytes));
    hasHost = true;
  }
  const dbSizeName = files.get('dbsize.json');
  if (dbSizeName !== undefined) {
    const bytes = await read(dbSizeName);
    host.dbSize = [];
    for (const d of parseDbSizeJson(decodeText(bytes), dbSizeName)) {
      if (d.bytes !== undefined) host.dbSize.push({ path: d.path, bytes: d.bytes, source: at(dbSizeName, d.line) });
      else out.warnings.push({ ...at(dbSizeName, d.line), message: `folder ${d.path} (${d.location}) was not measured: ${d.error ?? 'no size'}` });
    }
    out.extraSources.push(sourceFile('other', dbSizeName, bytes));
    hasHost = true;
  }

  if (manifestName !== undefined && manifestBytes !== undefined) {
    out.extraSources.push(sourceFile('other', manifestName, manifestBytes));
    const missing = notCollected(out.manifest);
    if (missing.length > 0) {
      host.notCollected = { evidence: missing, source: { file: manifestName } };
      hasHost = true;
    }
  }
  if (hasHost) out.host = host;

  const texts = new Map<string, { name: string; text: string }>();
  for (const lower of SETTINGS_FILES) {
    const name = files.get(lower);
    if (name === undefined) continue;
    const bytes = TOOL_OUTPUT.has(lower) ? oemOutput(name, await read(name)) : await read(name);
    texts.set(lower, { name, text: decodeText(bytes, TOOL_OUTPUT.has(lower) ? oem : undefined) });
    out.extraSources.push(sourceFile('other', name, bytes));
  }
  const uninstallName = files.get('uninstall.reg');
  let uninstall: { name: string; tree: RegTree } | undefined;
  if (uninstallName !== undefined) {
    const bytes = await read(uninstallName);
    uninstall = { name: uninstallName, tree: parseExport(bytes, uninstallName) };
    out.extraSources.push(sourceFile('other', uninstallName, bytes));
  }
  if (texts.size > 0 || uninstall !== undefined) {
    const ev = readEvidence(texts, instance ?? out.manifest?.instance, uninstall);
    for (const w of ev.warnings) out.warnings.push(w);
    out.derive = ev.derive;
  }

  for (const [lower, name] of files) {
    if (!KNOWN.has(lower) && !EVIDENCE_FILES.has(lower) && !lower.endsWith('.reg')) out.warnings.push({ file: name, message: 'not a bundle file; ignored' });
  }
  return out;
}
