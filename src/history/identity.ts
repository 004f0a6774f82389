// Who a server is in the history: its pair and its host (computer name, else label); role belongs to each snapshot.
import type { Snapshot } from '../types.js';

export const key = (name: string): string => name.toLowerCase();

/** The host identity of a snapshot: its computer name (with the named instance), else the given fallback name. */
export function hostOf(snapshot: Snapshot, fallback: string): string {
  const host = snapshot.server.hostname?.trim();
  const base = host !== undefined && host !== '' ? host : fallback;
  const instance = snapshot.server.instance?.trim();
  return instance !== undefined && instance !== '' ? `${base}\\${instance}` : base;
}

/** The key of a server's history: pair and host, case-insensitive; a server recorded without a pair has pair "". */
export function serverKey(s: { pair?: string; host: string }): string {
  return `${key(s.pair ?? '')}\n${key(s.host)}`;
}

/** "NORTH-B (SCADA-N2) in North WTP/scada": how messages name a server. */
export function describeServer(s: { server: string; host: string; pair?: string }): string {
  const host = key(s.host) === key(s.server) ? '' : ` (${s.host})`;
  return `${s.server}${host}${s.pair !== undefined ? ` in ${s.pair}` : ' (no pair)'}`;
}

/**
 * Whether two host identities name one computer: the same name (case-insensitive), or one is a fully qualified
 * name of the other (`scada-n1.plant.local` and `SCADA-N1`), with the same named instance if any.
 */
export function sameHost(a: string, b: string): boolean {
  if (key(a) === key(b)) return true;
  const [hostA, ...instA] = key(a).split('\\');
  const [hostB, ...instB] = key(b).split('\\');
  if (instA.join('\\') !== instB.join('\\')) return false;
  const [short, long] = hostA.includes('.') ? [hostB, hostA] : [hostA, hostB];
  // An IP address is not a fully qualified name: 10.0.0.5 is not the host "10".
  return !short.includes('.') && long.includes('.') && !/^[\d.]+$/.test(long) && long.split('.')[0] === short;
}
