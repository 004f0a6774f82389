// Topology (pure): the partner links between the servers of a group, derived from their roles and partner
// settings; how links are named; and which server an address reaches.
import type { Provenance, Role } from '../types.js';
import type { SettingRead } from './finding-spec.js';
import { IDENTITY_SETTINGS, isAddress, type IndexedServer } from './indexing.js';
import { ROLES, roleName } from './values.js';

/** `standbyA` → `Standby A`, `permanentC` → `Permanent C`: the tab and column names of the Server Configuration Tool. */
export function linkLabel(link: string): string {
  return link.replace(/^(standby|permanent)([A-D])$/i, (_, kind: string, letter: string) => `${kind[0].toUpperCase()}${kind.slice(1).toLowerCase()} ${letter.toUpperCase()}`);
}

/** How an address reaches a server: one of its names, or an alias in a hosts file (which server's, and the address). */
export type Resolution = { via: 'name' } | { via: 'hosts'; file: IndexedServer; address: string } | undefined;

/**
 * Whether an address reaches a server, as `reachAddress` tells it: `unknown` when the evidence to tell is
 * missing — the dialling server's hosts file maps the name, but the target's addresses are not known
 * (`addresses`), an FQDN names the target's host in a domain while the target's DNS suffix is not known
 * (`suffix`), or the name is an alias only the target's own hosts file maps to one of its addresses (`alias`:
 * the dialling server resolves it from its own hosts file or DNS, and neither is shown to know it).
 */
export type Reach = Resolution | { via: 'unknown'; why: 'addresses' | 'suffix' } | { via: 'unknown'; why: 'alias'; file: IndexedServer; address: string };

const shortName = (n: string): string => n.split('.')[0];
const domainOf = (n: string): string => n.slice(n.indexOf('.') + 1);

/**
 * Where an address `from` dials ends up, as Windows resolves it on `from`: an IP address is the target's when
 * it is one of its addresses. A name is looked up in `from`'s hosts file first (Windows reads it before DNS):
 * an entry decides, and reaches the target only when it maps the name to one of the target's addresses.
 * Otherwise the name reaches the target when it is one of its names, its short host name (DNS appends the
 * suffix), or its host name in the domain of one of its known DNS suffixes (primary, connection-specific or
 * search list: the names the bundle gives it as host name + suffix). An alias only the target's own hosts file
 * gives one of its addresses (`scada-n2-sync` for the sync network card) is unknown: that file is read on the
 * target, not on `from`, which asks DNS, and an alias missing from `from`'s hosts file is the drift to find.
 */
export function reachAddress(address: string, target: IndexedServer, from: IndexedServer): Reach {
  const name = dialledName(address);
  if (isAddress(name)) return target.identity.has(name) ? { via: 'name' } : undefined;
  const mapped = hostsEntry(from, address);
  if (mapped !== undefined && mapped.length > 0) {
    const hit = mapped.find((a) => target.identity.has(a));
    if (hit !== undefined) return { via: 'hosts', file: from, address: hit };
    return target.knowsAddresses ? undefined : { via: 'unknown', why: 'addresses' };
  }
  if (target.identity.has(name)) return { via: 'name' };
  const alias = (target.hosts.get(name) ?? []).find((a) => target.identity.has(a));
  if (alias !== undefined) return { via: 'unknown', why: 'alias', file: target, address: alias };
  const same = [...target.identity].filter((n) => !isAddress(n) && shortName(n) === shortName(name));
  if (same.length === 0) return undefined;
  if (!name.includes('.')) return { via: 'name' };
  // An FQDN whose host part is the target's: the target only when the domain is one of its DNS suffixes.
  const suffixes = same.filter((n) => n.includes('.')).map(domainOf);
  if (suffixes.length === 0) return { via: 'unknown', why: 'suffix' };
  return suffixes.includes(domainOf(name)) ? { via: 'name' } : undefined;
}

/** An address as a name is looked up: trimmed, lower case, without the root's dot. */
const dialledName = (address: string): string => address.trim().toLowerCase().replace(/\.$/, '');

/** The addresses `server`'s own hosts file maps the dialled `address` to, if it has an entry for it. */
export function hostsEntry(server: IndexedServer, address: string): string[] | undefined {
  return server.hosts.get(dialledName(address));
}

/**
 * `reachAddress` for a caller that has no "unknown" answer: an unknown suffix reads as the short-name match it
 * was read as before, an alias of the target's own hosts file as reaching it through that file, as before, and a
 * hosts-file entry whose target addresses are unknown as not reaching it.
 */
export function resolveAddress(address: string, target: IndexedServer, from: IndexedServer): Resolution {
  const r = reachAddress(address, target, from);
  if (r?.via !== 'unknown') return r;
  if (r.why === 'alias') return { via: 'hosts', file: r.file, address: r.address };
  return r.why === 'suffix' ? { via: 'name' } : undefined;
}

/**
 * The settings whether `address`, dialled from `from`, reaches `target` rests on (FindingSpec.reads): the names
 * the target answers to, and either server's hosts-file entry for the address (reachAddress).
 */
export function identityReads(target: IndexedServer, from: IndexedServer, address: string): SettingRead[] {
  const hosts = `host.hosts.${dialledName(address)}`;
  return [...IDENTITY_SETTINGS.map((setting) => ({ role: target.role, setting })), { role: from.role, setting: hosts }, { role: target.role, setting: hosts }];
}

/** Where the names a server answers to come from, for a finding's provenance. */
export function identitySource(server: IndexedServer): Provenance | null {
  return server.byLower.get('host.names')?.setting.source ?? server.byLower.get('host.hostname')?.setting.source ?? null;
}

/** One end of a link: the server and its partner link (`standbyA`, `permanentC`…) towards the other end. */
export interface LinkEnd {
  server: IndexedServer;
  /** Undefined when the server has no link that could point at the other end (nothing to configure). */
  link?: string;
  /** The link has an address at this end. */
  configured: boolean;
}

/**
 * A link between two servers of the group: `a` comes first in role order (Main, Standby A, Standby B,
 * Permanent Standbys). Links between the Main and the Standbys always exist; a link to a Permanent Standby
 * exists when either end configures it.
 */
export interface PartnerLink {
  a: LinkEnd;
  b: LinkEnd;
}

const STANDBY_LINKS = ['standbyA', 'standbyB'];
const PERMANENT_LINKS = ['permanentA', 'permanentB', 'permanentC', 'permanentD'];
/** The Main and Standbys, in the order their Standby-tab columns A and B list the other two. */
const SYNC_ROLES: Role[] = ['main', 'standby-a', 'standby-b'];

function isPermanent(role: Role): boolean {
  return role.startsWith('permanent-');
}

function addressOf(server: IndexedServer, link: string): string | undefined {
  const v = server.byLower.get(`partners.${link.toLowerCase()}.address`)?.setting.value;
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

/** The link a server uses for `target` when no address resolves: the column the vendor's layout gives it. */
function conventionalLink(from: Role, target: Role): string | undefined {
  if (isPermanent(target)) return isPermanent(from) ? undefined : `permanent${target.slice(-1).toUpperCase()}`;
  // A Permanent Standby's Standby tab lists the Main (A) and the Standby (B).
  if (isPermanent(from)) return target === 'main' ? 'standbyA' : target === 'standby-a' ? 'standbyB' : undefined;
  // Main: A = Standby A, B = Standby B; Standby A: A = Main, B = Standby B; Standby B: A = Main, B = Standby A.
  const others = SYNC_ROLES.filter((r) => r !== from);
  const i = others.indexOf(target);
  return i < 0 ? undefined : STANDBY_LINKS[i];
}

/** The link of `server` that points at `target`: by address when one resolves, else by the vendor's layout. */
export function linkTowards(server: IndexedServer, target: IndexedServer): LinkEnd {
  const candidates = isPermanent(target.role) && !isPermanent(server.role) ? PERMANENT_LINKS : STANDBY_LINKS;
  for (const link of candidates) {
    const address = addressOf(server, link);
    const reach = address === undefined ? undefined : reachAddress(address, target, server);
    if (reach !== undefined && reach.via !== 'unknown') return { server, link, configured: true };
  }
  const link = conventionalLink(server.role, target.role);
  return { server, ...(link !== undefined ? { link } : {}), configured: link !== undefined && addressOf(server, link) !== undefined };
}

/**
 * What which link each end of `link` uses rests on (FindingSpec.reads) besides the chosen link's own address (the
 * comparators read that one, end by end): as linkTowards chooses, each link it tries before the one that reaches the
 * other end (every one when none does and the vendor's layout chooses), and the names its address may reach. Another
 * value of an address tried before would choose another link.
 */
export function linkChoiceReads(link: PartnerLink): SettingRead[] {
  const reads: SettingRead[] = [];
  for (const [end, target] of [
    [link.a, link.b.server],
    [link.b, link.a.server],
  ] as const) {
    const server = end.server;
    const candidates = isPermanent(target.role) && !isPermanent(server.role) ? PERMANENT_LINKS : STANDBY_LINKS;
    for (const candidate of candidates) {
      const address = addressOf(server, candidate);
      const reach = address === undefined ? undefined : reachAddress(address, target, server);
      if (reach !== undefined && reach.via !== 'unknown') break;
      reads.push({ role: server.role, setting: `partners.${candidate}.address` });
      if (address !== undefined) reads.push(...identityReads(target, server, address));
    }
  }
  return reads;
}

/** True when the snapshot holds the server's partner settings at all (else a missing link is missing evidence). */
export function knowsPartners(server: IndexedServer): boolean {
  const i = server.names.firstAtOrAfter('partners.');
  return i < server.names.length && server.names.startsWith(i, 'partners.');
}

/** Every link of the group: each pair of Main/Standbys, and each Permanent Standby with each server either end links. */
export function groupLinks(servers: IndexedServer[]): PartnerLink[] {
  const ordered = [...servers].sort((x, y) => ROLES.indexOf(x.role) - ROLES.indexOf(y.role));
  const links: PartnerLink[] = [];
  for (let i = 0; i < ordered.length; i++) {
    for (let j = i + 1; j < ordered.length; j++) {
      const [x, y] = [ordered[i], ordered[j]];
      if (isPermanent(x.role) && isPermanent(y.role)) continue;
      const a = linkTowards(x, y);
      const b = linkTowards(y, x);
      if ((isPermanent(x.role) || isPermanent(y.role)) && !a.configured && !b.configured) continue;
      links.push({ a, b });
    }
  }
  return links;
}

/** A partner link a server configures towards a server the audit was not given. */
export interface OutsideLink {
  server: IndexedServer;
  link: string;
  address: string;
}

/**
 * The partner links of the group's servers that reach no other server of the group: the address answers to
 * none of them (by name or hosts file), and the server the vendor's layout puts in that column is not among
 * them either (a link to a server that is present but dials the wrong address is the address rules' to find).
 * A Triple Standby's Main given with Standby B only has a Standby A link here: that server and its links were
 * not audited.
 */
export function linksOutsideGroup(servers: readonly IndexedServer[]): OutsideLink[] {
  const out: OutsideLink[] = [];
  for (const server of servers) {
    const links = isPermanent(server.role) ? STANDBY_LINKS : [...STANDBY_LINKS, ...PERMANENT_LINKS];
    for (const link of links) {
      const address = addressOf(server, link);
      if (address === undefined) continue;
      // A link whose end cannot be told (unknown addresses or DNS suffix) is not reported as leaving the group.
      const reached = servers.some((t) => t !== server && (conventionalLink(server.role, t.role) === link || reachAddress(address, t, server) !== undefined));
      if (!reached) out.push({ server, link, address });
    }
  }
  return out;
}

/** What whether a server's links reach the group rests on (FindingSpec.reads): each address, and the names it may reach. */
export function linkAddressReads(server: IndexedServer, servers: readonly IndexedServer[]): SettingRead[] {
  const reads: SettingRead[] = [];
  for (const link of [...STANDBY_LINKS, ...PERMANENT_LINKS]) {
    const address = addressOf(server, link);
    if (address === undefined) continue;
    reads.push({ role: server.role, setting: `partners.${link}.address` });
    for (const t of servers) if (t !== server) reads.push(...identityReads(t, server, address));
  }
  return reads;
}

/** `Standby A ↔ Standby B`: a link named by both its ends. */
export function linkName(link: PartnerLink): string {
  return `${roleName(link.a.server.role)} ↔ ${roleName(link.b.server.role)}`;
}
