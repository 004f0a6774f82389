// firewall.json (Get-NetFirewallRule -Direction Inbound with each rule's port and application filter) and
// firewall-profiles.json (Get-NetFirewallProfile), enums written by name: the same in every Windows language,
// unlike netsh's labels. Read into the records the netsh parser gives, so the checks cannot tell them apart.
import { InputError } from '../../errors.js';
import { asList, JsonLines, prop, readJson } from './json.js';
import { PROFILES, type FirewallRule, type Profile, type ProfileState } from './firewall.js';
import type { Outcome } from './w32tm.js';

const RULES_HINT =
  'expected firewall.json as collectors/Collect-PairAudit.ps1 writes it (Get-NetFirewallRule -Direction Inbound: Name, DisplayName, Enabled, Direction, Profile, Action, with the port filter\'s Protocol, LocalPort, IcmpType and the application filter\'s Program)';
const PROFILES_HINT = 'expected firewall-profiles.json as collectors/Collect-PairAudit.ps1 writes it (Get-NetFirewallProfile: Name, Enabled, DefaultInboundAction, AllowInboundRules)';

/** A value pairaudit cannot take as written: the file's firewall evidence is then unknown, with this reason. */
class Unreadable extends Error {
  constructor(
    message: string,
    readonly line: number | undefined,
  ) {
    super(message);
  }
}

/** Lines of the keys of entry `i` of a list of `count` objects; none when the keys are not one per entry. */
function entryLines(text: string, keys: readonly string[], count: number): (i: number, key: string) => number | undefined {
  const json = new JsonLines(text);
  const byKey = new Map(keys.map((k) => [k, json.every(k)]));
  return (i, key) => {
    const lines = byKey.get(key);
    return lines !== undefined && lines.length === count ? lines[i] : undefined;
  };
}

function objects(json: unknown, file: string, hint: string): Record<string, unknown>[] {
  return asList(json).map((item, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new InputError(file, undefined, `entry ${i + 1} is not an object; ${hint}`);
    return item as Record<string, unknown>;
  });
}

/** A string property; null or missing is `fallback`. */
function text(o: Record<string, unknown>, name: string, fallback: string, file: string, line: number | undefined, hint: string): string {
  const v = prop(o, name);
  if (v === null || v === undefined) return fallback;
  if (typeof v !== 'string') throw new InputError(file, line, `"${name}" must be a string, found ${JSON.stringify(v).slice(0, 60)}; ${hint}`);
  return v.trim();
}

/** A list of strings (PowerShell writes a list of one as the string itself), joined with commas as netsh prints it. */
function list(o: Record<string, unknown>, name: string, file: string, line: number | undefined): string[] {
  const v = prop(o, name);
  const items = v === null || v === undefined ? [] : Array.isArray(v) ? v : [v];
  return items.map((x) => {
    if (typeof x === 'number' && Number.isInteger(x)) return String(x);
    if (typeof x !== 'string') throw new InputError(file, line, `"${name}" must list strings, found ${JSON.stringify(x).slice(0, 60)}; ${RULES_HINT}`);
    return x.trim();
  });
}

/** Enums must be names: ConvertTo-Json of Windows PowerShell 5.1 writes an enum the collector did not convert as its number. */
function enumName(o: Record<string, unknown>, name: string, allowed: readonly string[], fallback: string | undefined, line: number | undefined, what: string): string {
  const v = prop(o, name);
  if ((v === null || v === undefined) && fallback !== undefined) return fallback;
  if (typeof v === 'boolean' && allowed.includes('True')) return v ? 'True' : 'False';
  if (typeof v === 'number') {
    throw new Unreadable(`${what}: "${name}" is written as the number ${v}, not as its name; pairaudit reads the names (${allowed.join(', ')}) the collectors write with [string]: collect again with collectors/Collect-PairAudit.ps1`, line);
  }
  const found = typeof v === 'string' ? allowed.find((a) => a.toLowerCase() === v.trim().toLowerCase()) : undefined;
  if (found === undefined) throw new Unreadable(`${what}: "${name}" is ${JSON.stringify(v)?.slice(0, 60) ?? 'missing'}; expected one of ${allowed.join(', ')}`, line);
  return found;
}

/** Documented profile bits (NET_FW_PROFILE_TYPE2; the cmdlets' Any is 0): the one enum read as a number too. */
const PROFILE_BITS: readonly [number, Profile][] = [
  [1, 'Domain'],
  [2, 'Private'],
  [4, 'Public'],
];
const ALL_PROFILES = 0x7fffffff;

/** `Any`, `Domain, Private` ([string] of the Profile flags), or their documented bit values. */
function profilesOf(v: unknown, line: number | undefined, what: string): Profile[] {
  if (typeof v === 'number') {
    if (v === 0 || v === ALL_PROFILES) return [...PROFILES];
    if (!Number.isInteger(v) || v < 0 || (v & ~7) !== 0) throw new Unreadable(`${what}: "Profile" ${v} is not a combination of the documented bits (1 Domain, 2 Private, 4 Public; 0 Any)`, line);
    return PROFILE_BITS.filter(([bit]) => (v & bit) !== 0).map(([, p]) => p);
  }
  if (v === null || v === undefined) return [...PROFILES];
  if (typeof v !== 'string') throw new Unreadable(`${what}: "Profile" is ${JSON.stringify(v).slice(0, 60)}; expected Any or profile names (Domain, Private, Public)`, line);
  const out = new Set<Profile>();
  for (const part of v.split(',').map((p) => p.trim().toLowerCase())) {
    if (part === 'any' || part === 'all') return [...PROFILES];
    const p = PROFILES.find((x) => x.toLowerCase() === part);
    if (p !== undefined) out.add(p);
    else if (part !== 'notapplicable' && part !== '') throw new Unreadable(`${what}: "Profile" ${JSON.stringify(v)} names ${JSON.stringify(part)}, not Any, Domain, Private or Public`, line);
  }
  return PROFILES.filter((p) => out.has(p));
}

/** IANA numbers the port filter may show for the protocols the checks look at, as netsh names them. */
const PROTOCOL_NAMES: Record<string, string> = { '1': 'ICMPv4', '6': 'TCP', '17': 'UDP', '58': 'ICMPv6' };

function protocolOf(o: Record<string, unknown>, file: string, line: number | undefined): string {
  const v = prop(o, 'Protocol');
  const raw = typeof v === 'number' && Number.isInteger(v) ? String(v) : text(o, 'Protocol', 'Any', file, line, RULES_HINT);
  return PROTOCOL_NAMES[raw] ?? raw;
}

/** Reads firewall.json; a malformed file throws InputError, values it cannot take (enum numbers) give unknown. */
export function parseFirewallRulesJson(source: string, file: string): Outcome<FirewallRule[]> {
  const items = objects(readJson(source, file, RULES_HINT), file, RULES_HINT);
  const lineOf = entryLines(source, ['Name', 'Enabled', 'Profile', 'Action', 'Direction'], items.length);
  try {
    const rules = items.map((o, i): FirewallRule => {
      const at = lineOf(i, 'Name');
      const id = text(o, 'Name', '', file, at, RULES_HINT);
      if (id === '') throw new InputError(file, at, `entry ${i + 1} has no "Name"; ${RULES_HINT}`);
      const name = text(o, 'DisplayName', '', file, at, RULES_HINT) || id;
      const what = `rule ${JSON.stringify(name.slice(0, 80))}`;
      const direction = enumName(o, 'Direction', ['Inbound', 'Outbound'], 'Inbound', lineOf(i, 'Direction') ?? at, what);
      const action = enumName(o, 'Action', ['Allow', 'Block', 'AllowBypass', 'NotConfigured'], undefined, lineOf(i, 'Action') ?? at, what);
      const icmpTypes = list(o, 'IcmpType', file, at).map((t) => t.replace(/:.*$/, ''));
      return {
        name,
        line: at ?? 0,
        enabled: enumName(o, 'Enabled', ['True', 'False'], undefined, lineOf(i, 'Enabled') ?? at, what) === 'True',
        direction: direction === 'Inbound' ? 'In' : 'Out',
        profiles: profilesOf(prop(o, 'Profile'), lineOf(i, 'Profile') ?? at, what),
        protocol: protocolOf(o, file, at),
        localPort: list(o, 'LocalPort', file, at).join(',') || 'Any',
        icmpTypes: icmpTypes.every((t) => /^any$/i.test(t)) ? [] : icmpTypes,
        program: text(o, 'Program', 'Any', file, at, RULES_HINT) || 'Any',
        // netsh prints an allow rule that overrides block rules as Bypass.
        action: action === 'AllowBypass' ? 'Bypass' : action,
      };
    });
    return { value: rules };
  } catch (e) {
    if (e instanceof Unreadable) return { unknown: `${e.message}; the firewall checks are unknown for this server`, ...(e.line === undefined ? {} : { line: e.line }) };
    throw e;
  }
}

/**
 * Reads firewall-profiles.json: each profile's Enabled, DefaultInboundAction and AllowInboundRules (False is "Block
 * all connections", netsh's BlockInboundAlways). NotConfigured is the Windows default: on, blocking inbound.
 */
export function parseFirewallProfilesJson(source: string, file: string): Outcome<Partial<Record<Profile, ProfileState>>> {
  const items = objects(readJson(source, file, PROFILES_HINT), file, PROFILES_HINT);
  const lineOf = entryLines(source, ['Name', 'Enabled', 'DefaultInboundAction', 'AllowInboundRules'], items.length);
  const out: Partial<Record<Profile, ProfileState>> = {};
  try {
    items.forEach((o, i) => {
      const at = lineOf(i, 'Name');
      const name = text(o, 'Name', '', file, at, PROFILES_HINT);
      const profile = PROFILES.find((p) => p.toLowerCase() === name.toLowerCase());
      if (profile === undefined) throw new InputError(file, at, `entry ${i + 1}: "Name" ${JSON.stringify(name.slice(0, 40))} is not Domain, Private or Public; ${PROFILES_HINT}`);
      const what = `profile ${profile}`;
      const on = enumName(o, 'Enabled', ['True', 'False', 'NotConfigured'], 'NotConfigured', lineOf(i, 'Enabled') ?? at, what) !== 'False';
      const inbound = enumName(o, 'DefaultInboundAction', ['Allow', 'Block', 'NotConfigured'], 'NotConfigured', lineOf(i, 'DefaultInboundAction') ?? at, what);
      const rulesAllowed = enumName(o, 'AllowInboundRules', ['True', 'False', 'NotConfigured'], 'NotConfigured', lineOf(i, 'AllowInboundRules') ?? at, what) !== 'False';
      const state: ProfileState = { on, inbound: inbound === 'Allow' ? 'allow' : rulesAllowed ? 'block' : 'blockAlways', line: at ?? 0 };
      // As the netsh reader: the line is the one that lets traffic in (or keeps it all out) by the profile's own state.
      const stateLine = !on ? lineOf(i, 'Enabled') : state.inbound === 'allow' ? lineOf(i, 'DefaultInboundAction') : state.inbound === 'blockAlways' ? lineOf(i, 'AllowInboundRules') : undefined;
      if (stateLine !== undefined) state.line = stateLine;
      out[profile] = state;
    });
  } catch (e) {
    if (e instanceof Unreadable) return { unknown: `${e.message}; the firewall checks are unknown for this server`, ...(e.line === undefined ? {} : { line: e.line }) };
    throw e;
  }
  if (Object.keys(out).length === 0) return { unknown: 'lists no profile; expected the output of Get-NetFirewallProfile' };
  return { value: out };
}

