// Settings from uninstall.reg and files.json: the product version from Windows' Uninstall key (it replaces the
// assumed ClearSCADA `Version` value), the file versions of DBServer.exe and each driver's executable, and the
// drivers registered without their executable or the reverse.
import type { Provenance, RegTree, Setting } from '../../types.js';
import type { SettingsView } from '../../snapshot/build.js';
import { geoScadaEntries, installedVersion, parseFilesJson, type InstalledFile } from './installed.js';
import type { Outcome } from './w32tm.js';

export type Derived = { name: string; setting: Setting; replace?: true }[];
type Warning = { file: string; line?: number; message: string };

const at = (file: string, line: number | undefined): Provenance => (line === undefined ? { file } : { file, line });

/** The product version uninstall.reg confirms, as a setting that replaces the registry's `product.version`. */
export function uninstallSettings(tree: RegTree, file: string, warnings: Warning[]): Derived {
  const v: Outcome<ReturnType<typeof geoScadaEntries>[number]> = installedVersion(geoScadaEntries(tree));
  if ('unknown' in v) {
    warnings.push({ ...at(file, v.line), message: v.unknown });
    return [];
  }
  const e = v.value;
  return [{ name: 'product.version', setting: { source: { file, key: e.key, line: e.line, valueName: 'DisplayVersion' }, value: e.displayVersion }, replace: true }];
}

const DRIVER_INSTALLED = /^drivers\.([^.]+)\.installed$/i;

/**
 * Reads files.json (InputError when malformed) and returns what derives settings from it once the registry's
 * driver registrations are known: `installed.dbServer.fileVersion`, `installed.drivers.<Name>.fileVersion`,
 * `installed.driversWithoutExecutable` (registered, no executable in the install folder) and
 * `installed.executablesWithoutDriver` (a Driver*.exe no driver key registers).
 */
export function filesSettings(text: string, file: string): (view: SettingsView) => Derived {
  const { files } = parseFilesJson(text, file);
  const byLower = new Map<string, InstalledFile>(files.map((f) => [f.name.toLowerCase(), f]));
  return (view) => {
    const out: Derived = [];
    const dbServer = byLower.get('dbserver.exe');
    if (dbServer !== undefined) out.push({ name: 'installed.dbServer.fileVersion', setting: { source: at(file, dbServer.line), value: dbServer.fileVersion } });
    const registered = new Map<string, string>();
    for (const [name, s] of view.matching(DRIVER_INSTALLED)) {
      const m = DRIVER_INSTALLED.exec(name) as RegExpExecArray;
      if (s.value !== true) continue;
      const task = view.get(`drivers.${m[1]}.task`)?.value;
      registered.set(m[1], typeof task === 'string' && /\.exe$/i.test(task.trim()) ? task.trim().split(/[\\/]/).pop() ?? '' : `Driver${m[1]}.exe`);
    }
    const missing: string[] = [];
    for (const [driver, exe] of registered) {
      const f = byLower.get(exe.toLowerCase());
      if (f === undefined) missing.push(`${driver} (${exe})`);
      else out.push({ name: `installed.drivers.${driver}.fileVersion`, setting: { source: at(file, f.line), value: f.fileVersion } });
    }
    const executables = new Set([...registered.values()].map((e) => e.toLowerCase()));
    const orphans = files.filter((f) => /^Driver.+\.exe$/i.test(f.name) && !executables.has(f.name.toLowerCase())).map((f) => f.name);
    const line = files[0]?.line;
    out.push({ name: 'installed.driversWithoutExecutable', setting: { source: at(file, line), value: missing.sort() } });
    out.push({ name: 'installed.executablesWithoutDriver', setting: { source: at(file, line), value: orphans.sort() } });
    return out;
  };
}
