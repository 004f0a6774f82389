// Indexing (pure): one server's settings sorted by lower-cased name, in parallel arrays, and the names and
// addresses it answers to.
import type { Provenance, RegTypeName, Role, Setting, SettingValue, Snapshot } from '../types.js';
import { sortedSettings, type SortedSettings } from '../snapshot/settings.js';
import { assumedAt as assumedInTable, provenanceAt, regTypeAt as regTypeInTable, settingAt } from '../snapshot/table.js';
import { lowerOrder, lowerOrderLike, type LowerOrder } from './lower-order.js';
import type { SortedNames } from './lower-names.js';

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
  /**
   * Setting names sorted by their lower-cased form (one per lower-cased name; that form made on demand and
   * searched without making it), and in parallel the row of the snapshot's settings table holding the setting
   * (read with valueAt, sourceAt, assumedAt).
   */
  names: SortedNames;
  rows: Int32Array;
  table: SortedSettings;
  byLower: EntryLookup;
  identity: Set<string>;
  /** Whether the snapshot says which IP addresses / host names the server has (a bundle's ipconfig, hostname). */
  knowsAddresses: boolean;
  knowsHostNames: boolean;
  partnersType?: string;
  /** The server's hosts file (`host.hosts.<name>` → addresses), lower-cased names. */
  hosts: Map<string, string[]>;
  /** How the snapshot's table was ordered (for indexing another server of the group like this one). */
  order: LowerOrder;
  /** When indexed from another server's order: the names both have (the same name, case and all) and this server's own. */
  shared?: { server: IndexedServer; hereOf: Int32Array; own: Int32Array; identical: boolean };
}

/**
 * The settings a server's names come from (`identity`), besides the snapshot's own `server.names` and `hostname`.
 * Not `server.label`: the Server Configuration Tool's label is free text that names no host (it keeps the old
 * machine's name when the registry is restored onto a replacement), so a partner dialling it reaches whatever
 * DNS gives for that name, not this server.
 */
export const IDENTITY_SETTINGS: readonly string[] = ['host.names', 'host.hostname'];

/**
 * Indexes a server: its settings sorted by lower-cased name, then name (of two names that differ only in case
 * the first in that order is kept), read from the snapshot's table without building its settings record.
 * `like`: another server of the group, already indexed; the names both have are placed from its order.
 */
export function indexServer(role: Role, snapshot: Snapshot, like?: IndexedServer): IndexedServer {
  const order = like === undefined ? lowerOrder(sortedSettings(snapshot)) : lowerOrderLike(sortedSettings(snapshot), like.order);
  const { names, rows, table } = order;
  const server: IndexedServer = {
    role,
    order,
    snapshot,
    names,
    rows,
    table,
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
  if (like !== undefined && order.like !== undefined) server.shared = { server: like, hereOf: order.like.hereOf, own: order.like.own, identical: order.like.identical };
  const identity = server.identity;
  const add = (v: unknown): void => {
    if (typeof v === 'string' && v.trim() !== '') identity.add(v.trim().toLowerCase());
    else if (Array.isArray(v)) v.forEach(add);
  };
  add(snapshot.server.names);
  add(snapshot.server.hostname);
  for (const name of IDENTITY_SETTINGS) add(settingOf(server, name)?.value);
  const type = settingOf(server, 'partners.type')?.value;
  if (typeof type === 'string') server.partnersType = type;
  server.knowsAddresses = [...identity].some(isAddress);
  server.knowsHostNames = snapshot.server.hostname !== undefined || indexOf(server, 'host.hostname') >= 0 || indexOf(server, 'host.names') >= 0;
  for (let i = names.firstAtOrAfter('host.hosts.'); i < names.length && names.startsWith(i, 'host.hosts.'); i++) {
    const v = valueAt(server, i);
    const addresses = (Array.isArray(v) ? v : [v]).filter((a): a is string => typeof a === 'string').map((a) => a.toLowerCase());
    server.hosts.set(names.lower(i).slice('host.hosts.'.length), addresses);
  }
  return server;
}

/** The entry at position `i` of the server's sorted arrays. */
export function entryAt(server: IndexedServer, i: number): Entry {
  return { name: server.names.name(i), lower: server.names.lower(i), setting: settingAt(server.table, server.rows[i]), index: i };
}

/** The value of the setting at position `i` of the server's sorted arrays. */
export function valueAt(server: IndexedServer, i: number): SettingValue {
  return server.table.values[server.rows[i]];
}

/** Where the setting at position `i` was read (made now: only what a finding reports). */
export function sourceAt(server: IndexedServer, i: number): Provenance {
  return provenanceAt(server.table, server.rows[i]);
}

/** Whether the setting at position `i` was named through an assumed mapping. */
export function assumedAt(server: IndexedServer, i: number): boolean {
  return assumedInTable(server.table, server.rows[i]) === true;
}

/** The registry type of the setting at position `i` (undefined for evidence that is not a registry value). */
export function regTypeAt(server: IndexedServer, i: number): RegTypeName | undefined {
  return regTypeInTable(server.table, server.rows[i]);
}

/**
 * The two registry types when the settings at `mi` (Main) and `oi` are both registry values stored as different
 * types (REG_DWORD and REG_QWORD or REG_SZ, REG_SZ and REG_EXPAND_SZ), else undefined. The profile converts both to
 * the same value, but a server reads a value as the type it expects: what it does with another type is not
 * documented (it may ignore the value and use its default), so the values are not known to act alike.
 */
export function typesDiffer(main: IndexedServer, mi: number, other: IndexedServer, oi: number): [RegTypeName, RegTypeName] | undefined {
  if (mi < 0 || oi < 0) return undefined;
  const a = regTypeAt(main, mi);
  const b = regTypeAt(other, oi);
  return a !== undefined && b !== undefined && a !== b ? [a, b] : undefined;
}

/** Position of a lower-cased name in the server's sorted arrays; -1 when the server has no such setting. */
export function indexOf(server: IndexedServer, lower: string): number {
  return server.names.indexOf(lower);
}

/**
 * Whether the server has a lower-cased name, searched from position `near` outwards (a name close to it in
 * sorted order, such as a driver's `installed` beside its other settings, is found in a few steps that stay
 * in the cache, where a binary search over all names takes one cache miss per step).
 */
export function hasNear(server: IndexedServer, lower: string, near: number): boolean {
  return indexNear(server, lower, near) >= 0;
}

/** Position of a lower-cased name searched from position `near` outwards (as hasNear); -1 when the server has no such setting. */
export function indexNear(server: IndexedServer, lower: string, near: number): number {
  const names = server.names;
  const i = names.firstAtOrAfterNear(lower, near);
  return i < names.length && names.equals(i, lower) ? i : -1;
}

/** The setting of a lower-cased name, if the server has it. */
export function settingOf(server: IndexedServer, lower: string): Setting | undefined {
  const i = indexOf(server, lower);
  return i < 0 ? undefined : settingAt(server.table, server.rows[i]);
}

/** Whether the setting of a lower-cased name was named through an assumed mapping (false when the server lacks it). */
export function assumedOf(server: IndexedServer, lower: string): boolean {
  const i = indexOf(server, lower);
  return i >= 0 && assumedAt(server, i);
}

/** An IPv4 or IPv6 address rather than a host name. */
export function isAddress(text: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(text) || text.includes(':');
}

/** Code-unit order of two strings (the order findings and names are sorted in). */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
