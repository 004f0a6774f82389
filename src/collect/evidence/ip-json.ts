// ip-addresses.json (Get-NetIPAddress, AddressState by name) and host-names.json (the host name and DNS suffixes
// ipconfig prints, from .NET and the DnsClient module): the same in every Windows language, unlike ipconfig's labels
// and the states it prints after an address. Read into the records parseIpconfig gives, so the checks cannot tell them apart.
import { isIP } from 'node:net';
import { InputError } from '../../errors.js';
import type { IpconfigInfo } from '../host.js';
import { asList, JsonLines, prop, readJson } from './json.js';

const ADDRESSES_HINT =
  'expected ip-addresses.json as collectors/Collect-PairAudit.ps1 writes it (Get-NetIPAddress: IPAddress, InterfaceAlias, InterfaceIndex, AddressFamily, AddressState, PrefixOrigin, SuffixOrigin, SkipAsSource)';
const NAMES_HINT = 'expected host-names.json as collectors/Collect-PairAudit.ps1 writes it (HostName, PrimaryDnsSuffix, ConnectionSpecificSuffixes, SuffixSearchList)';

/**
 * The duplicate address detection states Get-NetIPAddress names (its -AddressState values). Windows receives on a
 * Preferred address and still on a Deprecated one (no new connections from it, existing ones kept); a Duplicate one
 * another machine holds, a Tentative one is not checked yet, an Invalid one is not used.
 */
const USED_STATES = ['Preferred', 'Deprecated'];
const UNUSED_STATES = ['Duplicate', 'Tentative', 'Invalid'];

/** Loopback addresses: Get-NetIPAddress lists them (the Loopback Pseudo-Interface), ipconfig does not; no partner dials them. */
function isLoopback(address: string): boolean {
  return address === '::1' || /^127\./.test(address);
}

function objects(json: unknown, file: string): Record<string, unknown>[] {
  return asList(json).map((item, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new InputError(file, undefined, `entry ${i + 1} is not an object; ${ADDRESSES_HINT}`);
    return item as Record<string, unknown>;
  });
}

/** Lines of a property, one per entry; none when the entries do not each write it once. */
function linesOf(json: JsonLines, name: string, count: number): (i: number) => number | undefined {
  const lines = json.every(name);
  return (i) => (lines.length === count ? lines[i] : undefined);
}

/**
 * Reads ip-addresses.json: a list (or one object) of addresses. Only Preferred and Deprecated ones are the server's;
 * any other state, a state written as a number, or none is a warning naming the address, which is not counted (a
 * partner dialling it is then told it does not reach this server, never told it does). Malformed JSON, an entry that
 * is not an object or has no IPAddress string throw InputError (exit 2).
 */
export function parseIpAddressesJson(text: string, file: string): Pick<IpconfigInfo, 'addresses' | 'warnings'> {
  const items = objects(readJson(text, file, ADDRESSES_HINT), file);
  const json = new JsonLines(text);
  const addressLine = linesOf(json, 'IPAddress', items.length);
  const stateLine = linesOf(json, 'AddressState', items.length);
  const out: Pick<IpconfigInfo, 'addresses' | 'warnings'> = { addresses: [], warnings: [] };
  items.forEach((o, i) => {
    const line = addressLine(i);
    const raw = prop(o, 'IPAddress');
    if (typeof raw !== 'string' || raw.trim() === '') throw new InputError(file, line, `entry ${i + 1} has no "IPAddress" string; ${ADDRESSES_HINT}`);
    // A link-local IPv6 address carries its zone (`fe80::1%12`), as in ipconfig; the partner settings never do.
    const address = raw.trim().replace(/%[^%\s]*$/, '');
    const at = stateLine(i) ?? line;
    const warn = (message: string): void => void out.warnings.push({ ...(at === undefined ? {} : { line: at }), message });
    if (isIP(address) === 0) {
      out.warnings.push({ ...(line === undefined ? {} : { line }), message: `"IPAddress" ${JSON.stringify(raw.slice(0, 60))} is not an IPv4 or IPv6 address: not counted as this server's address` });
      return;
    }
    if (isLoopback(address)) return;
    const alias = prop(o, 'InterfaceAlias');
    const where = typeof alias === 'string' && alias.trim() !== '' ? `${address} (${alias.trim().slice(0, 60)})` : address;
    const state = prop(o, 'AddressState');
    if (typeof state === 'number') {
      warn(`${where}: "AddressState" is written as the number ${state}, not as its name; pairaudit reads the names (${[...USED_STATES, ...UNUSED_STATES].join(', ')}) the collectors write with [string], so the address is not counted as this server's and a partner dialling it is taken not to reach it: collect again with collectors/Collect-PairAudit.ps1`);
      return;
    }
    const name = typeof state === 'string' ? [...USED_STATES, ...UNUSED_STATES].find((s) => s.toLowerCase() === state.trim().toLowerCase()) : undefined;
    if (name === undefined) {
      warn(`${where}: "AddressState" is ${JSON.stringify(state)?.slice(0, 60) ?? 'missing'}, not one of ${[...USED_STATES, ...UNUSED_STATES].join(', ')}: not counted as this server's address`);
    } else if (UNUSED_STATES.includes(name)) {
      warn(`Get-NetIPAddress gives ${where} the state ${name}: Windows does not use it on this server (another machine holds it, or it is not checked yet), so it is not counted as this server's address and a partner dialling it does not reach this server; resolve the address conflict and collect again`);
    } else {
      out.addresses.push({ address, line: line ?? 0 });
    }
  });
  return out;
}

/** A string property, trimmed; null, missing or blank is undefined. */
function text(o: Record<string, unknown>, name: string, file: string, line: number | undefined): string | undefined {
  const v = prop(o, name);
  if (v === null || v === undefined) return undefined;
  if (typeof v !== 'string') throw new InputError(file, line, `"${name}" must be a string, found ${JSON.stringify(v).slice(0, 60)}; ${NAMES_HINT}`);
  return v.trim() === '' ? undefined : v.trim();
}

/** A list of strings; PowerShell writes a list of one as the string itself. */
function list(o: Record<string, unknown>, name: string, file: string, line: number | undefined): string[] {
  const v = prop(o, name);
  const items = v === null || v === undefined ? [] : Array.isArray(v) ? v : [v];
  return items.flatMap((x) => {
    if (typeof x !== 'string') throw new InputError(file, line, `"${name}" must list strings, found ${JSON.stringify(x).slice(0, 60)}; ${NAMES_HINT}`);
    return x.trim() === '' ? [] : [x.trim()];
  });
}

/**
 * Reads host-names.json, one object: the host name and primary DNS suffix (ipconfig's "Host Name" and "Primary Dns
 * Suffix"), each interface's connection-specific suffix and the suffix search list, which ipconfig's reader takes as
 * the server's other domains (lower case, once each).
 */
export function parseHostNamesJson(source: string, file: string): Omit<IpconfigInfo, 'addresses' | 'warnings'> {
  const json = readJson(source, file, NAMES_HINT);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new InputError(file, undefined, `is not one object; ${NAMES_HINT}`);
  const o = json as Record<string, unknown>;
  const lines = new JsonLines(source);
  const hostNameLine = lines.every('HostName')[0];
  const hostName = text(o, 'HostName', file, hostNameLine);
  if (hostName !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(hostName)) throw new InputError(file, hostNameLine, `"HostName" ${JSON.stringify(hostName.slice(0, 60))} is not a host name; ${NAMES_HINT}`);
  const primaryDnsSuffix = text(o, 'PrimaryDnsSuffix', file, lines.every('PrimaryDnsSuffix')[0]);
  const dnsSuffixes: string[] = [];
  for (const name of ['ConnectionSpecificSuffixes', 'SuffixSearchList']) {
    for (const s of list(o, name, file, lines.every(name)[0])) if (!dnsSuffixes.includes(s.toLowerCase())) dnsSuffixes.push(s.toLowerCase());
  }
  return {
    ...(hostName !== undefined ? { hostName, ...(hostNameLine !== undefined ? { hostNameLine } : {}) } : {}),
    ...(primaryDnsSuffix !== undefined ? { primaryDnsSuffix } : {}),
    dnsSuffixes,
  };
}
