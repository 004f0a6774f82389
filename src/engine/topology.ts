// Topology (pure): the partner links between the servers of a group, derived from their roles and partner
// settings; how links are named; and which server an address reaches.
import type { Provenance, Role } from '../types.js';
import { isAddress, type IndexedServer } from './indexing.js';
import { ROLES, roleName } from './values.js';

/** `standbyA` → `Standby A`, `permanentC` → `Permanent C`: the tab and column names of the Server Configuration Tool. */
export function linkLabel(link: string): string {
  return link.replace(/^(standby|permanent)([A-D])$/i, (_, kind: string, letter: string) => `${kind[0].toUpperCase()}${kind.slice(1).toLowerCase()} ${letter.toUpperCase()}`);
}

/** True when an address (host name, FQDN or IP) is one of the names the server answers to. */
export function resolves(address: string, server: IndexedServer): boolean {
  const a = address.trim().toLowerCase();
  if (server.identity.has(a)) return true;
  // A short host name matches an FQDN the server answers to, and the reverse (not for IP addresses).
  if (isAddress(a)) return false;
  const short = a.split('.')[0];
  for (const n of server.identity) if (!isAddress(n) && n.split('.')[0] === short) return true;
  return false;
}

/** How an address reaches a server: one of its names, or an alias in a hosts file (which server's, and the address). */
export type Resolution = { via: 'name' } | { via: 'hosts'; file: IndexedServer; address: string } | undefined;

/**
 * Resolves an address `from` dials: one of the target's names or addresses, else a name that the dialling
 * server's hosts file, or the target's own, maps to one of the target's addresses (an alias such as
 * `scada-n2-sync` for the sync network card).
 */
export function resolveAddress(address: string, target: IndexedServer, from: IndexedServer): Resolution {
  if (resolves(address, target)) return { via: 'name' };
  const name = address.trim().toLowerCase().replace(/\.$/, '');
  if (isAddress(name)) return undefined;
  for (const file of [from, target]) {
    const hit = (file.hosts.get(name) ?? []).find((a) => target.identity.has(a));
    if (hit !== undefined) return { via: 'hosts', file, address: hit };
  }
  return undefined;
}

/** Where the names a server answers to come from, for a finding's provenance. */
export function identitySource(server: IndexedServer): Provenance | null {
  return server.byLower.get('host.names')?.setting.source ?? server.byLower.get('server.label')?.setting.source ?? null;
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
    if (address !== undefined && resolveAddress(address, target, server) !== undefined) return { server, link, configured: true };
  }
  const link = conventionalLink(server.role, target.role);
  return { server, ...(link !== undefined ? { link } : {}), configured: link !== undefined && addressOf(server, link) !== undefined };
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
      const reached = servers.some((t) => t !== server && (conventionalLink(server.role, t.role) === link || resolveAddress(address, t, server) !== undefined));
      if (!reached) out.push({ server, link, address });
    }
  }
  return out;
}

/** `Standby A ↔ Standby B`: a link named by both its ends. */
export function linkName(link: PartnerLink): string {
  return `${roleName(link.a.server.role)} ↔ ${roleName(link.b.server.role)}`;
}
