// Indexing (pure): one server's settings by lower-cased name, sorted, and the names and addresses it answers to.
import type { Role, Setting, Snapshot } from '../types.js';

export interface Entry {
  name: string;
  lower: string;
  setting: Setting;
  /** Position in the server's sorted `entries`. */
  index: number;
}

/** One server, indexed once: settings by lower-cased name, and the names and addresses it answers to. */
export interface IndexedServer {
  role: Role;
  snapshot: Snapshot;
  byLower: Map<string, Entry>;
  entries: Entry[];
  identity: Set<string>;
  /** Whether the snapshot says which IP addresses / host names the server has (a bundle's ipconfig, hostname). */
  knowsAddresses: boolean;
  knowsHostNames: boolean;
  partnersType?: string;
  /** The server's hosts file (`host.hosts.<name>` → addresses), lower-cased names. */
  hosts: Map<string, string[]>;
}

export function indexServer(role: Role, snapshot: Snapshot): IndexedServer {
  const all = Object.keys(snapshot.settings).map((name) => ({ name, lower: name.toLowerCase(), setting: snapshot.settings[name], index: 0 }));
  // Sorted by lower-cased name, so that a pattern's literal prefix is found by binary search.
  all.sort((a, b) => cmp(a.lower, b.lower) || cmp(a.name, b.name));
  // Two names that differ only in case: the first in sorted order wins, whatever the input order.
  const entries = all.filter((e, i) => i === 0 || e.lower !== all[i - 1].lower);
  const byLower = new Map<string, Entry>();
  entries.forEach((e, i) => {
    e.index = i;
    byLower.set(e.lower, e);
  });
  const identity = new Set<string>();
  const add = (v: unknown): void => {
    if (typeof v === 'string' && v.trim() !== '') identity.add(v.trim().toLowerCase());
    else if (Array.isArray(v)) v.forEach(add);
  };
  add(snapshot.server.names);
  add(snapshot.server.hostname);
  for (const name of ['host.names', 'host.hostname', 'server.label']) add(byLower.get(name)?.setting.value);
  const type = byLower.get('partners.type')?.setting.value;
  const knowsAddresses = [...identity].some(isAddress);
  const knowsHostNames = snapshot.server.hostname !== undefined || byLower.has('host.hostname') || byLower.has('host.names');
  const hosts = new Map<string, string[]>();
  for (let i = firstAtOrAfter(entries, 'host.hosts.'); i < entries.length && entries[i].lower.startsWith('host.hosts.'); i++) {
    const v = entries[i].setting.value;
    const addresses = (Array.isArray(v) ? v : [v]).filter((a): a is string => typeof a === 'string').map((a) => a.toLowerCase());
    hosts.set(entries[i].lower.slice('host.hosts.'.length), addresses);
  }
  return { role, snapshot, byLower, entries, identity, knowsAddresses, knowsHostNames, partnersType: typeof type === 'string' ? type : undefined, hosts };
}

/** An IPv4 or IPv6 address rather than a host name. */
export function isAddress(text: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(text) || text.includes(':');
}

/** Index of the first entry whose lower-cased name is ≥ prefix (entries are sorted by it). */
export function firstAtOrAfter(entries: Entry[], prefix: string): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid].lower < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Code-unit order of two strings (the order findings and names are sorted in). */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
