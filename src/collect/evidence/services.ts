// services.json: the Win32_Service entries whose command line runs DBServer.exe (the Geo SCADA server service).
import { InputError } from '../../errors.js';
import { asList, JsonLines, prop, readJson } from './json.js';
import type { Outcome } from './w32tm.js';

export interface ServerService {
  name: string;
  displayName: string;
  pathName: string;
  /** Win32_Service StartMode: Auto (also delayed start), Manual, Disabled. */
  startMode: string;
  state: string;
  /** The account it runs under (`LocalSystem`, `.\scada-svc`, `NT AUTHORITY\NetworkService`). */
  startName: string;
  line?: number;
}

const HINT = 'expected services.json as collectors/Collect-PairAudit.ps1 writes it (Win32_Service Name, DisplayName, PathName, StartMode, State, StartName)';

function text(o: Record<string, unknown>, name: string, file: string, line: number | undefined): string {
  const v = prop(o, name);
  if (v === null || v === undefined) return '';
  if (typeof v !== 'string') throw new InputError(file, line, `"${name}" must be a string, found ${JSON.stringify(v).slice(0, 60)}; ${HINT}`);
  return v;
}

export function parseServicesJson(source: string, file: string): ServerService[] {
  const lines = new JsonLines(source);
  return asList(readJson(source, file, HINT)).map((item, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new InputError(file, undefined, `entry ${i + 1} is not an object; ${HINT}`);
    const o = item as Record<string, unknown>;
    const line = lines.find('Name', undefined, i);
    const s: ServerService = {
      name: text(o, 'Name', file, line),
      displayName: text(o, 'DisplayName', file, line),
      pathName: text(o, 'PathName', file, line),
      startMode: text(o, 'StartMode', file, line),
      state: text(o, 'State', file, line),
      startName: text(o, 'StartName', file, line),
    };
    if (s.name === '') throw new InputError(file, line, `entry ${i + 1} has no "Name"; ${HINT}`);
    return line === undefined ? s : { ...s, line };
  });
}

/**
 * The server service of this bundle: the only one, or for a named instance the one whose name or command
 * line names the instance. Several candidates, or none, cannot be told apart: unknown.
 */
export function pickServerService(services: ServerService[], instance: string | undefined): Outcome<ServerService> {
  if (services.length === 0) return { unknown: 'no service runs DBServer.exe (is the Geo SCADA server installed as a service here?)' };
  if (services.length === 1) return { value: services[0] };
  const want = instance?.toLowerCase();
  const named = want === undefined || want === '' ? [] : services.filter((s) => s.name.toLowerCase().includes(want) || s.pathName.toLowerCase().includes(want));
  if (named.length === 1) return { value: named[0] };
  return { unknown: `${services.length} services run DBServer.exe (${services.map((s) => s.name).join(', ')}) and none is told apart by the instance name; the service checks are unknown` };
}
