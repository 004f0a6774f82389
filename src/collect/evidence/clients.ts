// Settings from Systems.xml (client connections): `clients.systems`, and per system its servers, compression, enabled
// state, the servers' costs and the connection timeouts.
import type { Provenance, Setting } from '../../types.js';
import type { ClientSystems } from './systems-xml.js';

/** The database port a `<Server>` without `port` connects to [PORTS]. */
export const DEFAULT_CLIENT_PORT = 5481;

/**
 * `clients.systems`: the system names, sorted; `clients.default`: the default system;
 * `clients.<system>.servers`: `name:port` of each server (lower-cased name, the default port filled in), sorted;
 * `clients.<system>.compress`: the `compress` of its servers (`false` when not written, one value when all agree);
 * `clients.<system>.enabled`: the system's `enabled` (a disabled system connects no client);
 * `clients.<system>.costs`: `name:cost` of each server that writes a cost (which server its clients prefer), sorted;
 * `clients.<system>.connectTimeout`, `clients.<system>.requestTimeout`: the values its servers write (one value when
 * all agree). Each of the last three only where a server of the system writes it (no default is documented).
 */
export function clientSettings(x: ClientSystems, file: string): { name: string; setting: Setting }[] {
  const at = (line: number | undefined): Provenance => (line === undefined ? { file } : { file, line });
  const out: { name: string; setting: Setting }[] = [];
  out.push({ name: 'clients.systems', setting: { source: at(x.systems[0]?.line), value: x.systems.map((s) => s.name).sort() } });
  if (x.defaultSystem !== undefined) out.push({ name: 'clients.default', setting: { source: at(x.defaultLine), value: x.defaultSystem } });
  for (const s of x.systems) {
    const servers = s.servers.map((v) => `${v.name.toLowerCase()}:${v.port ?? DEFAULT_CLIENT_PORT}`).sort();
    out.push({ name: `clients.${s.name}.servers`, setting: { source: at(s.line), value: servers } });
    const compress = [...new Set(s.servers.map((v) => (v.compress ?? 'false').toLowerCase()))].sort();
    out.push({ name: `clients.${s.name}.compress`, setting: { source: at(s.line), value: compress.length === 1 ? compress[0] : compress } });
    out.push({ name: `clients.${s.name}.enabled`, setting: { source: at(s.line), value: s.enabled } });
    const costs = s.servers.flatMap((v) => (v.cost === undefined ? [] : [`${v.name.toLowerCase()}:${v.cost}`])).sort();
    if (costs.length > 0) out.push({ name: `clients.${s.name}.costs`, setting: { source: at(s.line), value: costs } });
    for (const a of ['connectTimeout', 'requestTimeout'] as const) {
      const values = [...new Set(s.servers.flatMap((v) => (v[a] === undefined ? [] : [v[a]])))].sort();
      if (values.length > 0) out.push({ name: `clients.${s.name}.${a}`, setting: { source: at(s.line), value: values.length === 1 ? values[0] : values } });
    }
  }
  return out;
}
