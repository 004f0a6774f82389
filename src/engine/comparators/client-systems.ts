// policy test `client-system-lists-pair`: each server's client connections (Systems.xml, `clients.<system>.servers`)
// hold a system that lists the Main and the other server, each with the port its own database listens on (db.port).
import type { DisplayValue, Provenance, Role } from '../../types.js';
import { entryAt, type IndexedServer } from '../indexing.js';
import { identityReads, reachAddress } from '../topology.js';
import type { SettingRead } from '../finding-spec.js';
import { roleName } from '../values.js';
import { notCollectedOn } from '../evidence.js';

/** The port a server's database listens on when DB\Port is not set [PORTS]. */
const DEFAULT_DB_PORT = 5481;

export const CLIENT_SYSTEM_MESSAGES = {
  systemListsPair: "{{reader}}'s client connections (Systems.xml) hold system {{system}}, which lists {{servers}}",
  noPairSystem: "{{reader}}'s client connections (Systems.xml) hold no system listing both {{main}} and {{other}}; its systems: {{systems}}",
  pairSystemDisabled: "{{reader}}'s system {{system}} (Systems.xml) lists {{main}} and {{other}} but is disabled (enabled=\"false\"), so no client on {{reader}} connects to the pair; enable it in Client Configuration, then collect again",
  clientPortWrong: "{{reader}}'s system {{system}} (Systems.xml) connects to {{target}} ({{name}}) on port {{listed}}, but {{target}}'s database listens on port {{port}} (DB\\Port)",
  noClientSystems: "{{reader}}'s client connections are not in its snapshot, so whether they list {{main}} and {{other}} is unknown; collect a bundle with Systems.xml",
} as const;

type Id = keyof typeof CLIENT_SYSTEM_MESSAGES | 'notCollected';

interface Report {
  (f: { status: 'pass' | 'fail' | 'unknown'; severity?: 'info'; setting: string; servers: IndexedServer[]; messageId: Id; data: Record<string, string | number>; values: Partial<Record<Role, DisplayValue>>; sources: Partial<Record<Role, Provenance | null>>; reads?: SettingRead[] }): void;
}

/**
 * `clients.<system>.servers` of a server: system → its `name:port` entries, with the setting's name and source,
 * and whether the system is enabled (`clients.<system>.enabled`; a snapshot without it is taken as enabled).
 */
function systemsOf(s: IndexedServer): { system: string; setting: string; entries: { name: string; port: number }[]; source: Provenance; enabled: boolean; enabledSource?: Provenance }[] {
  const out = [];
  for (let i = s.names.firstAtOrAfter('clients.'); i < s.names.length && s.names.startsWith(i, 'clients.'); i++) {
    const e = entryAt(s, i);
    const m = /^clients\.(.+)\.servers$/i.exec(e.name);
    if (m === null || !Array.isArray(e.setting.value)) continue;
    const entries = e.setting.value.filter((x): x is string => typeof x === 'string').map((x) => {
      const at = x.lastIndexOf(':');
      return { name: x.slice(0, at), port: Number(x.slice(at + 1)) };
    });
    const enabled = s.byLower.get(`clients.${m[1].toLowerCase()}.enabled`)?.setting;
    out.push({ system: m[1], setting: e.name, entries, source: e.setting.source, enabled: enabled?.value !== false, ...(enabled === undefined ? {} : { enabledSource: enabled.source }) });
  }
  return out;
}

/**
 * Whether `reader`'s entry `name` denotes `target`, as the reader resolves it (its hosts file first, then the
 * target's names: topology's reachAddress). Where that cannot be told (unknown addresses or DNS suffix) the
 * entry is taken to denote it: the partner-address rules report those unknowns.
 */
function denotes(name: string, target: IndexedServer, reader: IndexedServer): boolean {
  return reachAddress(name, target, reader) !== undefined;
}

/**
 * What a verdict on `reader`'s systems rests on (FindingSpec.reads): the systems' servers and enabled flags, the
 * names the two servers answer to as the reader resolves each entry, and the port each server's database listens on.
 */
function pairReads(reader: IndexedServer, systems: ReturnType<typeof systemsOf>, targets: IndexedServer[]): SettingRead[] {
  const reads: SettingRead[] = [];
  for (const s of systems) {
    reads.push({ role: reader.role, setting: s.setting }, { role: reader.role, setting: `clients.${s.system}.enabled` });
    for (const e of s.entries) for (const t of targets) reads.push(...identityReads(t, reader, e.name));
  }
  for (const t of targets) reads.push({ role: t.role, setting: 'db.port' });
  return reads;
}

function dbPort(s: IndexedServer): number {
  const v = s.byLower.get('db.port')?.setting.value;
  return typeof v === 'number' && Number.isInteger(v) ? v : DEFAULT_DB_PORT;
}

/** Checks the client connections of the Main and of `other`, each against both servers. */
export function clientSystemListsPair(report: Report, main: IndexedServer, other: IndexedServer): void {
  for (const reader of [main, other]) {
    const readerName = roleName(reader.role);
    const data = { reader: readerName, main: roleName(main.role), other: roleName(other.role) };
    const systems = systemsOf(reader);
    if (!reader.byLower.has('clients.systems')) {
      if (notCollectedOn(reader, 'Systems.xml')) report({ status: 'unknown', severity: 'info', setting: 'clients.*.servers', servers: [reader], messageId: 'notCollected', data: { check: 'The client connections check', server: readerName, evidence: 'Systems.xml' }, values: {}, sources: {} });
      else report({ status: 'unknown', setting: 'clients.*.servers', servers: [reader], messageId: 'noClientSystems', data, values: {}, sources: { [reader.role]: null } });
      continue;
    }
    const reads = pairReads(reader, systems, [main, other]);
    const listing = systems.filter((s) => s.entries.some((e) => denotes(e.name, main, reader)) && s.entries.some((e) => denotes(e.name, other, reader)));
    const found = listing.find((s) => s.enabled);
    const disabled = listing[0];
    if (found === undefined && disabled !== undefined) {
      // A disabled system connects no client: it is not the pair's client connection, however it lists the servers.
      report({ status: 'fail', setting: disabled.setting, servers: [reader], messageId: 'pairSystemDisabled', data: { ...data, system: disabled.system }, values: { [reader.role]: 'enabled="false"' }, sources: { [reader.role]: disabled.enabledSource ?? disabled.source }, reads });
      continue;
    }
    if (found === undefined) {
      const listed = systems.map((s) => `${s.system}${s.enabled ? '' : ' (disabled)'}: ${s.entries.map((e) => `${e.name}:${e.port}`).join(', ') || '(no server)'}`).join('; ') || '(none)';
      report({ status: 'fail', setting: 'clients.*.servers', servers: [reader], messageId: 'noPairSystem', data: { ...data, systems: listed }, values: { [reader.role]: listed }, sources: { [reader.role]: reader.byLower.get('clients.systems')?.setting.source ?? null }, reads });
      continue;
    }
    let ok = true;
    for (const target of [main, other]) {
      const port = dbPort(target);
      const entry = found.entries.find((e) => denotes(e.name, target, reader));
      if (entry === undefined || entry.port === port) continue;
      ok = false;
      report({ status: 'fail', setting: found.setting, servers: [reader], messageId: 'clientPortWrong', data: { reader: readerName, system: found.system, target: roleName(target.role), name: entry.name, listed: entry.port, port }, values: { [reader.role]: `${entry.name}:${entry.port}` }, sources: { [reader.role]: found.source }, reads });
    }
    if (ok) {
      const servers = found.entries.map((e) => `${e.name}:${e.port}`).join(', ');
      report({ status: 'pass', setting: found.setting, servers: [reader], messageId: 'systemListsPair', data: { reader: readerName, system: found.system, servers }, values: { [reader.role]: servers }, sources: { [reader.role]: found.source }, reads });
    }
  }
}
