// Settings from the evidence files outside the registry (time, service, firewall, anti-virus, client
// connections), each with its file and line as source. Parsing happens when the bundle is read; the settings
// that depend on registry values (the database port, the database folders) are derived once the snapshot has them.
import type { Provenance, Setting } from '../../types.js';
import type { DeriveSettings, SettingsView } from '../../snapshot/build.js';
import { parseW32tmConfiguration, parseW32tmStatus, type Outcome } from './w32tm.js';
import { parseServicesJson, pickServerService } from './services.js';
import { allowedProfiles, parseFirewallProfiles, parseFirewallRules, type FirewallRule, type Profile, type ProfileState, type Traffic } from './firewall.js';
import { parseFirewallProfilesJson, parseFirewallRulesJson } from './firewall-json.js';
import { parseDefenderJson, type DefenderExclusions } from './defender.js';
import { parseSystemsXml } from './systems-xml.js';
import { clientSettings } from './clients.js';
import { filesSettings, uninstallSettings } from './installed-settings.js';
import type { RegTree } from '../../types.js';

export type Warning = { file: string; line?: number; message: string };
type Out = ReturnType<DeriveSettings>;

/** The evidence files read by this module, by lower-cased name. */
export const SETTINGS_FILES = ['w32tm-status.txt', 'w32tm-configuration.txt', 'services.json', 'firewall.txt', 'firewall-profiles.txt', 'firewall.json', 'firewall-profiles.json', 'defender.json', 'systems.xml', 'files.json'] as const;

const at = (file: string, line: number | undefined): Provenance => (line === undefined ? { file } : { file, line });
/** `reads`: the settings the value was worked out from (build.ts: one of them ambiguous leaves it ambiguous). */
const set = (out: Out, name: string, file: string, line: number | undefined, value: Setting['value'], reads?: string[]): void => {
  out.push({ name, setting: { source: at(file, line), value }, ...(reads !== undefined && reads.length > 0 ? { reads } : {}) });
};

function take<T>(o: Outcome<T>, file: string, warnings: Warning[]): T | undefined {
  if ('value' in o) return o.value;
  warnings.push({ ...at(file, o.line), message: o.unknown });
  return undefined;
}

export interface EvidenceFiles {
  /** Decoded text by lower-cased file name, with the name as found in the bundle. */
  get(lower: string): { name: string; text: string } | undefined;
}

/**
 * Reads the files (throwing InputError on a malformed JSON file) and returns the warnings for evidence that
 * cannot be told (another language, the administrator placeholder, the service not found) and a function
 * that adds the settings to the snapshot.
 */
export function readEvidence(files: EvidenceFiles, instance: string | undefined, uninstall?: { name: string; tree: RegTree }): { warnings: Warning[]; derive: DeriveSettings } {
  const warnings: Warning[] = [];
  const fixed: Out = [];

  const status = files.get('w32tm-status.txt');
  if (status !== undefined) {
    const s = take(parseW32tmStatus(status.text), status.name, warnings);
    if (s !== undefined) {
      set(fixed, 'time.source', status.name, s.sourceLine, s.source);
    }
  }
  const config = files.get('w32tm-configuration.txt');
  if (config !== undefined) {
    const c = take(parseW32tmConfiguration(config.text), config.name, warnings);
    if (c !== undefined) {
      set(fixed, 'time.type', config.name, c.typeLine, c.type);
      // Peers matter only where the type says to use them (NTP, AllSync); a domain member syncs from its DC.
      if (/^(ntp|allsync)$/i.test(c.type) && c.ntpServers !== undefined) set(fixed, 'time.ntpServers', config.name, c.ntpServerLine, [...c.ntpServers].sort());
    }
  }

  const services = files.get('services.json');
  if (services !== undefined) {
    const svc = take(pickServerService(parseServicesJson(services.text, services.name), instance), services.name, warnings);
    if (svc !== undefined) {
      set(fixed, 'service.startMode', services.name, svc.line, svc.startMode);
      set(fixed, 'service.account', services.name, svc.line, svc.startName);
    }
  }

  // firewall.json (NetSecurity cmdlets, enums by name) reads the same in every language; netsh's text only in English.
  // Where it is present the text files are not read, so a German netsh listing beside it warns of nothing.
  const fromJson = files.get('firewall.json') !== undefined;
  const rulesFile = files.get(fromJson ? 'firewall.json' : 'firewall.txt');
  const profilesFile = files.get(fromJson ? 'firewall-profiles.json' : 'firewall-profiles.txt');
  let rules: FirewallRule[] | undefined;
  let profiles: Partial<Record<Profile, ProfileState>> | undefined;
  if (rulesFile !== undefined) rules = take(fromJson ? parseFirewallRulesJson(rulesFile.text, rulesFile.name) : parseFirewallRules(rulesFile.text), rulesFile.name, warnings);
  if (profilesFile !== undefined) profiles = take(fromJson ? parseFirewallProfilesJson(profilesFile.text, profilesFile.name) : parseFirewallProfiles(profilesFile.text), profilesFile.name, warnings);
  if (rulesFile !== undefined && profilesFile === undefined) {
    const want = fromJson ? 'firewall-profiles.json' : 'firewall-profiles.txt';
    warnings.push({ file: rulesFile.name, message: `no ${want}: every profile is taken to be on and to block inbound traffic (the Windows default)` });
  }

  const defenderFile = files.get('defender.json');
  const defender = defenderFile === undefined ? undefined : take(parseDefenderJson(defenderFile.text, defenderFile.name), defenderFile.name, warnings);

  const systems = files.get('systems.xml');
  if (systems !== undefined) for (const c of clientSettings(parseSystemsXml(systems.text, systems.name), systems.name)) fixed.push(c);

  const installed = uninstall === undefined ? [] : uninstallSettings(uninstall.tree, uninstall.name, warnings);
  const filesFile = files.get('files.json');
  const fromFiles = filesFile === undefined ? undefined : filesSettings(filesFile.text, filesFile.name);

  const derive: DeriveSettings = (view) => {
    const out: Out = [...fixed, ...installed];
    if (fromFiles !== undefined) for (const d of fromFiles(view)) out.push(d);
    if (rulesFile !== undefined && rules !== undefined && (profilesFile === undefined || profiles !== undefined)) {
      firewallSettings(out, { rules: rulesFile.name, profiles: profilesFile?.name }, rules, profiles ?? {}, view);
    }
    if (defenderFile !== undefined && defender !== undefined) antivirusSettings(out, defenderFile.name, defender, view);
    return out;
  };
  return { warnings, derive };
}

/** Client advise connections, default range [CLFW]. */
const ADVISE_PORTS = [5500, 5501, 5502, 5503, 5504, 5505, 5506, 5507, 5508, 5509];
const DEFAULT_DB_PORT = 5481;

function firewallSettings(out: Out, files: { rules: string; profiles: string | undefined }, rules: FirewallRule[], profiles: Partial<Record<Profile, ProfileState>>, view: SettingsView): void {
  const port = view.get('db.port')?.value;
  const dbPort = typeof port === 'number' && Number.isInteger(port) ? port : DEFAULT_DB_PORT;
  // A profile whose own state lets the traffic in (firewall off) or keeps it out (BlockInboundAlways) is shown from
  // firewall-profiles.txt (or .json): that is where the two servers differ when their rules are the same.
  const put = (name: string, a: { line?: number; stateLine?: number }, value: Profile[], reads?: string[]): void => {
    if (a.stateLine !== undefined && files.profiles !== undefined) set(out, name, files.profiles, a.stateLine, value, reads);
    // Line 0: a rule whose place in firewall.json could not be told (its keys not one per rule).
    else set(out, name, files.rules, a.line === 0 ? undefined : a.line, value, reads);
  };
  const one = (name: string, what: Traffic, reads?: string[]): void => {
    const a = allowedProfiles(rules, profiles, what);
    put(name, a, a.profiles, reads);
  };
  one('firewall.dbPort', { tcpPort: dbPort }, ['db.port']);
  // The advise range is open in a profile only when every port of it is.
  const each = ADVISE_PORTS.map((p) => allowedProfiles(rules, profiles, { tcpPort: p }));
  const common = each.reduce<Profile[]>((acc, a) => acc.filter((p) => a.profiles.includes(p)), [...each[0].profiles]);
  put('firewall.advisePorts', each[0], common);
  one('firewall.icmpEcho', { icmpEcho: true });
}

/** `%ProgramData%\x` → `C:\ProgramData\x` with the server's own environment.json (host.env.*); unknown variables stay. */
function expand(path: string, view: SettingsView, reads?: string[]): string {
  return path.replace(/%([^%\\]+)%/g, (m, name: string) => {
    reads?.push(`host.env.${name}`);
    const v = view.get(`host.env.${name}`)?.value;
    return typeof v === 'string' ? v : m;
  });
}

function normalise(p: string): string {
  return p.replace(/[\\/]+\*?$/, '').replace(/\//g, '\\').toLowerCase();
}

function isUnder(folder: string, excluded: string): boolean {
  const f = normalise(folder);
  const e = normalise(excluded);
  return e !== '' && (f === e || f.startsWith(`${e}\\`));
}

/**
 * `antivirus.unexcludedFolders`: the database folders (`locations.*`, else the vendor's default folder) and
 * install folders that no ExclusionPath covers; `antivirus.unexcludedProcesses`: DBServer.exe unless an
 * ExclusionProcess names it. Empty lists are what the vendor asks for [AVX].
 */
function antivirusSettings(out: Out, file: string, d: DefenderExclusions, view: SettingsView): void {
  const folders: string[] = [];
  const reads: string[] = ['product.installLocation', 'product.installLocationX86'];
  for (const [name, s] of view.matching(/^locations\./i)) {
    reads.push(name);
    if (typeof s.value === 'string' && s.value.trim() !== '') folders.push(s.value.trim());
  }
  if (folders.length === 0) folders.push('%ProgramData%\\Schneider Electric\\ClearSCADA\\Database');
  for (const name of ['product.installLocation', 'product.installLocationX86']) {
    const v = view.get(name)?.value;
    if (typeof v === 'string' && v.trim() !== '') folders.push(v.trim());
  }
  const excluded = d.paths.map((p) => expand(p, view, reads));
  const missing = [...new Set(folders.map((f) => expand(f, view, reads)).filter((f) => !excluded.some((e) => isUnder(f, e))))].sort();
  set(out, 'antivirus.unexcludedFolders', file, d.line, missing, reads);
  const processExcluded = d.processes.some((p) => /(^|\\)DBServer\.exe$/i.test(p.trim()));
  set(out, 'antivirus.unexcludedProcesses', file, d.line, processExcluded ? [] : ['DBServer.exe']);
}
