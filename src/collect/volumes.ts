// Volume listings from a bundle: `Get-Volume | ConvertTo-Json` or `wmic logicaldisk get Caption,FreeSpace,Size /format:csv`.
import { InputError } from '../errors.js';
import { splitLines } from './text.js';

export interface VolumeEntry {
  /** Drive letter, upper-case, no colon. */
  letter: string;
  freeBytes: number;
  totalBytes: number;
  line?: number;
}

const HINT_JSON = 'expected the output of `Get-Volume | ConvertTo-Json`';
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

/**
 * Reads `Get-Volume | ConvertTo-Json` (one object, or a list): DriveLetter, Size, SizeRemaining. Also takes
 * `Get-CimInstance Win32_LogicalDisk | ConvertTo-Json` (DeviceID, Size, FreeSpace). Volumes without a drive
 * letter or a size (recovery partitions, empty DVD drives) are skipped.
 */
export function parseVolumesJson(text: string, file: string): VolumeEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new InputError(file, undefined, `not valid JSON (${(e as Error).message}); ${HINT_JSON}`);
  }
  const items = Array.isArray(json) ? json : [json];
  const lines = splitLines(text);
  const out: VolumeEntry[] = [];
  items.forEach((item, i) => {
    if (typeof item !== 'object' || item === null) throw new InputError(file, undefined, `volume ${i + 1} is not an object; ${HINT_JSON}`);
    const o = item as Record<string, unknown>;
    const letter = driveLetter(pick(o, ['driveletter', 'deviceid', 'caption']));
    if (letter === undefined) return;
    const total = byteCount(pick(o, ['size']));
    const free = byteCount(pick(o, ['sizeremaining', 'freespace']));
    if (total === undefined || free === undefined || total === 0) return;
    const at = lines.findIndex((l) => new RegExp(`"(DriveLetter|DeviceID|Caption)"\\s*:\\s*"${letter}:?`, 'i').test(l));
    out.push(at >= 0 ? { letter, freeBytes: free, totalBytes: total, line: at + 1 } : { letter, freeBytes: free, totalBytes: total });
  });
  if (items.length > 0 && out.length === 0 && !items.some((x) => typeof x === 'object' && x !== null && pick(x as Record<string, unknown>, ['size']) !== undefined)) {
    throw new InputError(file, undefined, `no volume has a Size; ${HINT_JSON}`);
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
    out.push({ letter, freeBytes: free, totalBytes: total, line: i + 1 });
  }
  if (header === undefined) throw new InputError(file, undefined, `is empty; ${HINT_CSV}`);
  return sortVolumes(out, file);
}

function sortVolumes(v: VolumeEntry[], file: string): VolumeEntry[] {
  const seen = new Set<string>();
  for (const x of v) {
    if (seen.has(x.letter)) throw new InputError(file, x.line, `drive ${x.letter}: is listed twice`);
    seen.add(x.letter);
  }
  return v.sort((a, b) => a.letter.localeCompare(b.letter));
}
