// Indexing (pure): one server's settings sorted by lower-cased name, in parallel arrays, and the names and
// addresses it answers to.
import type { Role, Setting, Snapshot } from '../types.js';
import { firstAtOrAfter, sortedSettings } from '../snapshot/settings.js';

/** One setting of an indexed server, built on demand (the index itself keeps no object per setting). */
export interface Entry {
  name: string;
  lower: string;
  setting: Setting;
  /** Position in the server's sorted arrays. */
  index: number;
}

/** Settings by lower-cased name, found by binary search over the sorted names. */
export interface EntryLookup {
  get(lower: string): Entry | undefined;
  has(lower: string): boolean;
}

/** One server, indexed once: settings by lower-cased name, and the names and addresses it answers to. */
export interface IndexedServer {
  role: Role;
  snapshot: Snapshot;
  /** Setting names sorted by their lower-cased form (one per lower-cased name), and in parallel that form and the setting. */
  names: readonly string[];
  lowers: readonly string[];
  settings: readonly Setting[];
  byLower: EntryLookup;
  identity: Set<string>;
  /** Whether the snapshot says which IP addresses / host names the server has (a bundle's ipconfig, hostname). */
  knowsAddresses: boolean;
  knowsHostNames: boolean;
  partnersType?: string;
  /** The server's hosts file (`host.hosts.<name>` → addresses), lower-cased names. */
  hosts: Map<string, string[]>;
}

/**
 * The settings sorted by lower-cased name, then name; of two names that differ only in case the first in
 * that order is kept. Read from the snapshot's table (sorted by name) without building its settings record.
 */
function sortedByLowerName(snapshot: Snapshot): { names: readonly string[]; lowers: readonly string[]; settings: readonly Setting[] } {
  const table = sortedSettings(snapshot);
  const all = table.names;
  const lowerAll = all.map(lowerCase);
  let sorted = true;
  for (let i = 1; i < all.length && sorted; i++) sorted = lowerAll[i - 1] < lowerAll[i] || (lowerAll[i - 1] === lowerAll[i] && all[i - 1] < all[i]);
  if (sorted && !hasCaseTwins(lowerAll)) return { names: all, lowers: lowerAll, settings: table.settings };
  // Sorted by lower-cased name, so that a pattern's literal prefix is found by binary search (names in
  // code-unit order are nearly so: only upper-case letters move).
  const order = all.map((_, i) => i);
  if (!sorted) order.sort((a, b) => cmp(lowerAll[a], lowerAll[b]) || cmp(all[a], all[b]));
  const names: string[] = [];
  const lowers: string[] = [];
  const settings: Setting[] = [];
  for (const i of order) {
    // Two names that differ only in case: the first in sorted order wins, whatever the input order.
    if (lowers.length > 0 && lowers[lowers.length - 1] === lowerAll[i]) continue;
    names.push(all[i]);
    lowers.push(lowerAll[i]);
    settings.push(table.settings[i]);
  }
  return { names, lowers, settings };
}

/** True when two neighbours of a sorted list are the same (names that differ only in case). */
function hasCaseTwins(sortedLowers: readonly string[]): boolean {
  for (let i = 1; i < sortedLowers.length; i++) if (sortedLowers[i - 1] === sortedLowers[i]) return true;
  return false;
}

/** Lower-cases a name, without a new string when it has no upper-case letter (most profile names). */
function lowerCase(name: string): string {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c > 127) return name.toLowerCase();
  }
  return name;
}

export function indexServer(role: Role, snapshot: Snapshot): IndexedServer {
  const { names, lowers, settings } = sortedByLowerName(snapshot);
  const server: IndexedServer = {
    role,
    snapshot,
    names,
    lowers,
    settings,
    byLower: {
      get: (lower) => {
        const i = indexOf(server, lower);
        return i < 0 ? undefined : entryAt(server, i);
      },
      has: (lower) => indexOf(server, lower) >= 0,
    },
    identity: new Set<string>(),
    knowsAddresses: false,
    knowsHostNames: false,
    hosts: new Map<string, string[]>(),
  };
  const identity = server.identity;
  const add = (v: unknown): void => {
    if (typeof v === 'string' && v.trim() !== '') identity.add(v.trim().toLowerCase());
    else if (Array.isArray(v)) v.forEach(add);
  };
  add(snapshot.server.names);
  add(snapshot.server.hostname);
  for (const name of ['host.names', 'host.hostname', 'server.label']) add(settingOf(server, name)?.value);
  const type = settingOf(server, 'partners.type')?.value;
  if (typeof type === 'string') server.partnersType = type;
  server.knowsAddresses = [...identity].some(isAddress);
  server.knowsHostNames = snapshot.server.hostname !== undefined || indexOf(server, 'host.hostname') >= 0 || indexOf(server, 'host.names') >= 0;
  for (let i = firstAtOrAfter(lowers, 'host.hosts.'); i < lowers.length && lowers[i].startsWith('host.hosts.'); i++) {
    const v = settings[i].value;
    const addresses = (Array.isArray(v) ? v : [v]).filter((a): a is string => typeof a === 'string').map((a) => a.toLowerCase());
    server.hosts.set(lowers[i].slice('host.hosts.'.length), addresses);
  }
  return server;
}

/** The entry at position `i` of the server's sorted arrays. */
export function entryAt(server: IndexedServer, i: number): Entry {
  return { name: server.names[i], lower: server.lowers[i], setting: server.settings[i], index: i };
}

/** Position of a lower-cased name in the server's sorted arrays; -1 when the server has no such setting. */
export function indexOf(server: IndexedServer, lower: string): number {
  const i = firstAtOrAfter(server.lowers, lower);
  return i < server.lowers.length && server.lowers[i] === lower ? i : -1;
}

/** The setting of a lower-cased name, if the server has it. */
export function settingOf(server: IndexedServer, lower: string): Setting | undefined {
  const i = indexOf(server, lower);
  return i < 0 ? undefined : server.settings[i];
}

/** An IPv4 or IPv6 address rather than a host name. */
export function isAddress(text: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(text) || text.includes(':');
}

/** Index of the first lower-cased name ≥ prefix (the names are sorted): the snapshot side's binary search. */
export { firstAtOrAfter };

/** Code-unit order of two strings (the order findings and names are sorted in). */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
