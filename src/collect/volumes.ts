// Volume listings from a bundle: `Get-CimInstance Win32_Volume | ConvertTo-Json` (with mount points),
// `Get-Volume | ConvertTo-Json` (earlier collectors) or `wmic logicaldisk get Caption,FreeSpace,Size /format:csv`.
import { InputError } from '../errors.js';
import { splitLines } from './text.js';
import { parseJsonText } from '../json-text.js';

export interface VolumeEntry {
  /**
   * Where the volume is mounted: a drive letter, upper-case, no colon (`C`) for a drive root; else the mount
   * folder as Windows lists it, without its trailing backslash (`D:\SCADA\Historic`).
   */
  volume: string;
  freeBytes: number;
  totalBytes: number;
  line?: number;
}

const HINT_JSON = 'expected the output of `Get-CimInstance Win32_Volume | ConvertTo-Json` or `Get-Volume | ConvertTo-Json`';
const HINT_CSV = 'expected the output of `wmic logicaldisk get Caption,FreeSpace,Size /format:csv`';

function byteCount(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
  if (typeof v === 'string' && /^\d+$/.test(v.trim())) return Number(v.trim());
  return undefined;
}

/** `C`, `C:`, `C:\` or a character code (67) → `C`; anything else → undefined. */
function driveLetter(v: unknown): string | undefined {
  if (typeof v === 'number' && v >= 65 && v <= 122) v = String.fromCharCode(v);
  if (typeof v !== 'string') return undefined;
  const m = /^([A-Za-z])(:\\?)?$/.exec(v.trim());
  return m ? m[1].toUpperCase() : undefined;
}

function pick(o: Record<string, unknown>, names: string[]): unknown {
  for (const [k, v] of Object.entries(o)) if (names.includes(k.toLowerCase())) return v;
  return undefined;
}

/** `D:\SCADA\Data\` (a folder mount point as Win32_Volume names it) → `D:\SCADA\Data`; anything else → undefined. */
function mountFolder(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^([A-Za-z]):\\(.*[^\\])\\?$/.exec(v.trim());
  return m ? `${m[1].toUpperCase()}:\\${m[2]}` : undefined;
}

/**
 * Reads a JSON volume listing (one object, or a list):
 * - `Get-CimInstance Win32_Volume` (Name, Capacity, FreeSpace): every volume with a drive letter or a folder
 *   mount point; volumes mounted nowhere (`\\?\Volume{…}\`) are skipped;
 * - `Get-Volume` (DriveLetter, Size, SizeRemaining) as earlier collectors wrote it;
 * - `Get-CimInstance Win32_LogicalDisk` (DeviceID, Size, FreeSpace).
 * Volumes without a size (recovery partitions, empty DVD drives) are skipped.
 */
export function parseVolumesJson(text: string, file: string): VolumeEntry[] {
  const json = parseJsonText(text, (line, detail) => new InputError(file, line, `not valid JSON (${detail}); ${HINT_JSON}`));
  const items = Array.isArray(json) ? json : [json];
  const lines = splitLines(text);
  const out: VolumeEntry[] = [];
  items.forEach((item, i) => {
    if (typeof item !== 'object' || item === null) throw new InputError(file, undefined, `volume ${i + 1} is not an object; ${HINT_JSON}`);
    const o = item as Record<string, unknown>;
    const letter = driveLetter(pick(o, ['driveletter'])) ?? driveLetter(pick(o, ['name'])) ?? driveLetter(pick(o, ['deviceid', 'caption']));
    const mount = letter === undefined ? mountFolder(pick(o, ['name'])) : undefined;
    if (letter === undefined && mount === undefined) return;
    const total = byteCount(pick(o, ['size', 'capacity']));
    const free = byteCount(pick(o, ['sizeremaining', 'freespace']));
    if (total === undefined || free === undefined || total === 0) return;
    const at =
      mount !== undefined
        ? lines.findIndex((l) => /"Name"\s*:/i.test(l) && l.includes(JSON.stringify(pick(o, ['name']))))
        : lines.findIndex((l) => new RegExp(`"(DriveLetter|DeviceID|Caption|Name)"\\s*:\\s*"${letter}(:(\\\\\\\\)?)?"`, 'i').test(l));
    const volume = (letter ?? mount) as string;
    out.push(at >= 0 ? { volume, freeBytes: free, totalBytes: total, line: at + 1 } : { volume, freeBytes: free, totalBytes: total });
  });
  if (items.length > 0 && out.length === 0 && !items.some((x) => typeof x === 'object' && x !== null && pick(x as Record<string, unknown>, ['size', 'capacity']) !== undefined)) {
    throw new InputError(file, undefined, `no volume has a Size or Capacity; ${HINT_JSON}`);
  }
  return sortVolumes(out, file);
}

/**
 * Reads wmic's CSV: a blank first line, a header `Node,Caption,FreeSpace,Size` (any column order), one row
 * per logical disk. Rows with empty sizes (no media) are skipped.
 */
export function parseVolumesCsv(text: string, file: string): VolumeEntry[] {
  const lines = splitLines(text);
  let header: string[] | undefined;
  const out: VolumeEntry[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const cells = line.split(',').map((c) => c.trim());
    if (header === undefined) {
      if (/^no instance/i.test(line)) return [];
      header = cells.map((c) => c.toLowerCase());
      if (!header.includes('size') || !header.includes('freespace') || !(header.includes('caption') || header.includes('deviceid') || header.includes('name'))) {
        throw new InputError(file, i + 1, `expected a header with Caption, FreeSpace and Size columns, found ${JSON.stringify(line.slice(0, 80))}; ${HINT_CSV}`);
      }
      continue;
    }
    if (cells.length !== header.length) throw new InputError(file, i + 1, `expected ${header.length} columns, found ${cells.length}; ${HINT_CSV}`);
    const cell = (name: string): string | undefined => {
      const k = header?.indexOf(name) ?? -1;
      return k >= 0 ? cells[k] : undefined;
    };
    const letter = driveLetter(cell('caption') ?? cell('deviceid') ?? cell('name'));
    if (letter === undefined) throw new InputError(file, i + 1, `expected a drive such as C: in the Caption column; ${HINT_CSV}`);
    const sizeText = cell('size') ?? '';
    const freeText = cell('freespace') ?? '';
    if (sizeText === '' && freeText === '') continue;
    const total = byteCount(sizeText);
    const free = byteCount(freeText);
    if (total === undefined || free === undefined) throw new InputError(file, i + 1, `expected byte counts in FreeSpace and Size, found ${JSON.stringify(freeText)} and ${JSON.stringify(sizeText)}`);
    if (total === 0) continue;
    out.push({ volume: letter, freeBytes: free, totalBytes: total, line: i + 1 });
  }
  if (header === undefined) throw new InputError(file, undefined, `is empty; ${HINT_CSV}`);
  return sortVolumes(out, file);
}

function sortVolumes(v: VolumeEntry[], file: string): VolumeEntry[] {
  const seen = new Set<string>();
  for (const x of v) {
    const key = x.volume.toLowerCase();
    if (seen.has(key)) throw new InputError(file, x.line, x.volume.length === 1 ? `drive ${x.volume}: is listed twice` : `mount point ${x.volume} is listed twice`);
    seen.add(key);
  }
  return v.sort((a, b) => (a.volume < b.volume ? -1 : a.volume > b.volume ? 1 : 0));
}
