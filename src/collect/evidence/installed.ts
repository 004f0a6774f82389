// What is installed, from Windows' own records rather than the assumed ClearSCADA registry layout:
// uninstall.reg (`reg export` of HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall, a documented Windows
// layout: one key per product with DisplayName, DisplayVersion, Publisher) and files.json (name, file version,
// size and time of each *.exe/*.dll directly in the install folder).
import { InputError } from '../../errors.js';
import type { RegTree } from '../../types.js';
import { asList, JsonLines, prop, readJson } from './json.js';
import type { Outcome } from './w32tm.js';

export interface UninstallEntry {
  /** The Uninstall subkey (a product code or a name). */
  key: string;
  displayName: string;
  displayVersion: string;
  /** Line of the DisplayVersion value. */
  line: number;
}

/** Products of Geo SCADA by any of its names (Geo SCADA Expert, ClearSCADA). */
const PRODUCT = /\b(Geo\s*SCADA|ClearSCADA)\b/i;

/** The Uninstall entries whose DisplayName names Geo SCADA / ClearSCADA and that have a DisplayVersion. */
export function geoScadaEntries(tree: RegTree): UninstallEntry[] {
  const out: UninstallEntry[] = [];
  for (const k of tree.keys) {
    if (k.deleted === true || !/\\Uninstall\\[^\\]+$/i.test(k.path)) continue;
    const value = (name: string): { text: string; line: number } | undefined => {
      const v = k.values.find((x) => x.name.toLowerCase() === name.toLowerCase() && x.deleted !== true);
      return v === undefined || typeof v.data !== 'string' ? undefined : { text: v.data.trim(), line: v.line };
    };
    const name = value('DisplayName');
    const version = value('DisplayVersion');
    if (name === undefined || !PRODUCT.test(name.text) || version === undefined || version.text === '') continue;
    out.push({ key: k.path, displayName: name.text, displayVersion: version.text, line: version.line });
  }
  return out;
}

/**
 * The installed product version: the DisplayVersion all Geo SCADA entries agree on. None, or entries that
 * disagree (several products of different versions), cannot tell it: unknown, and the registry value stays.
 */
export function installedVersion(entries: UninstallEntry[]): Outcome<UninstallEntry> {
  if (entries.length === 0) return { unknown: 'lists no Geo SCADA or ClearSCADA product with a DisplayVersion; product.version is taken from the ClearSCADA key' };
  const versions = [...new Set(entries.map((e) => e.displayVersion))].sort();
  if (versions.length > 1) {
    return { unknown: `lists Geo SCADA products of different versions (${entries.map((e) => `${e.displayName} ${e.displayVersion}`).join(', ')}); product.version is taken from the ClearSCADA key`, line: entries[0].line };
  }
  return { value: entries[0] };
}

export interface InstalledFile {
  name: string;
  fileVersion: string;
  size?: number;
  time?: string;
  line?: number;
}

const HINT = 'expected files.json as collectors/Collect-PairAudit.ps1 writes it ({"Folder": "…", "Files": [{"Name", "FileVersion", "ProductVersion", "Length", "LastWriteTimeUtc"}]})';

/** Reads files.json. A malformed file is an InputError naming the file. */
export function parseFilesJson(text: string, file: string): { folder: string; files: InstalledFile[] } {
  const json = readJson(text, file, HINT);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new InputError(file, undefined, `expected one JSON object; ${HINT}`);
  const o = json as Record<string, unknown>;
  const folder = prop(o, 'Folder');
  if (typeof folder !== 'string') throw new InputError(file, undefined, `no "Folder" string; ${HINT}`);
  const lines = new JsonLines(text);
  const files = asList(prop(o, 'Files') ?? null).map((item, i): InstalledFile => {
    const line = lines.find('Name', undefined, i);
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new InputError(file, line, `file entry ${i + 1} is not an object; ${HINT}`);
    const f = item as Record<string, unknown>;
    const name = prop(f, 'Name');
    if (typeof name !== 'string' || name === '') throw new InputError(file, line, `file entry ${i + 1} has no "Name"; ${HINT}`);
    const version = prop(f, 'FileVersion');
    const size = prop(f, 'Length');
    const time = prop(f, 'LastWriteTimeUtc');
    return {
      name,
      // A file without version resources has FileVersion null.
      fileVersion: typeof version === 'string' ? version.trim() : '',
      ...(typeof size === 'number' ? { size } : {}),
      ...(typeof time === 'string' ? { time } : {}),
      ...(line !== undefined ? { line } : {}),
    };
  });
  return { folder, files };
}
