// dbsize.json: the size of each database location folder, measured on the server by the collection script.
import { InputError } from '../../errors.js';
import { asList, JsonLines, prop, readJson } from './json.js';

export interface DbFolderSize {
  /** The Locations value name (`Data`, `Historic`, …), or `(default)` for the vendor's default folder. */
  location: string;
  /** The folder as the registry writes it (may hold `%VAR%`); the key the engine joins `locations.*` values on. */
  path: string;
  /** Bytes of every file below the folder; undefined when the folder could not be measured (see `error`). */
  bytes?: number;
  error?: string;
  line?: number;
}

const HINT = 'expected dbsize.json as collectors/Collect-PairAudit.ps1 writes it ([{"Location", "Path", "FullPath", "Bytes", "Error"}, …])';

/**
 * Reads a list (or one object) of `{"Location": "Data", "Path": "%ProgramData%\\…\\Database", "FullPath":
 * "C:\\ProgramData\\…\\Database", "Bytes": 123456, "Error": null}`. `Bytes` is null when the folder is missing
 * or unreadable; `Error` then says why. Path compares case-insensitively; a folder listed twice is an error.
 */
export function parseDbSizeJson(text: string, file: string): DbFolderSize[] {
  const items = asList(readJson(text, file, HINT));
  const lines = new JsonLines(text);
  const seen = new Map<string, number>();
  const out: DbFolderSize[] = [];
  items.forEach((item, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new InputError(file, undefined, `entry ${i + 1} is not an object; ${HINT}`);
    const o = item as Record<string, unknown>;
    const path = prop(o, 'Path');
    if (typeof path !== 'string' || path.trim() === '') throw new InputError(file, lines.find('Path', undefined, i), `entry ${i + 1} has no "Path"; ${HINT}`);
    const line = lines.find('Path', JSON.stringify(path).slice(0, -1));
    const location = prop(o, 'Location');
    const bytes = prop(o, 'Bytes');
    const error = prop(o, 'Error');
    const entry: DbFolderSize = { location: typeof location === 'string' && location !== '' ? location : '(default)', path };
    if (typeof bytes === 'number') {
      if (!Number.isSafeInteger(bytes) || bytes < 0) throw new InputError(file, line, `folder ${path}: "Bytes" must be a whole number of bytes, found ${bytes}`);
      entry.bytes = bytes;
    } else if (bytes !== null && bytes !== undefined) {
      throw new InputError(file, line, `folder ${path}: "Bytes" must be a number or null, found ${JSON.stringify(bytes).slice(0, 60)}`);
    }
    if (entry.bytes === undefined) entry.error = typeof error === 'string' && error !== '' ? error : 'not measured';
    if (line !== undefined) entry.line = line;
    const key = path.toLowerCase();
    const prev = seen.get(key);
    if (prev !== undefined) {
      const p = out[prev];
      if (p.bytes !== entry.bytes) throw new InputError(file, line, `folder ${path} is listed twice with different sizes`);
      return; // two locations in one folder: one size
    }
    seen.set(key, out.length);
    out.push(entry);
  });
  return out;
}
