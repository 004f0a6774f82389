// Topology (pure): the partner links between servers, how they are named, and which server an address reaches.
import type { Provenance } from '../types.js';
import { isAddress, type IndexedServer } from './indexing.js';

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

/** Where the names a server answers to come from, for a finding's provenance. */
export function identitySource(server: IndexedServer): Provenance | null {
  return server.byLower.get('host.names')?.setting.source ?? server.byLower.get('server.label')?.setting.source ?? null;
}

/** The link of `server` that points at `target`: by address when one resolves, else Standby A by convention. */
export function backLink(server: IndexedServer, target: IndexedServer): string {
  for (const link of ['standbyA', 'standbyB']) {
    const v = server.byLower.get(`partners.${link.toLowerCase()}.address`)?.setting.value;
    if (typeof v === 'string' && resolves(v, target)) return link;
  }
  return 'standbyA';
}
