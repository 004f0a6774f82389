// Opening input files: regular files only (a FIFO would hang, a device never ends), never larger than --max-input-size.
import { constants, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { InputError, UsageError } from '../errors.js';

/** Names a bundle folder reads besides its `*.reg` files and the evidence files (compared in lower case). */
export const BUNDLE_FILE_NAMES: ReadonlySet<string> = new Set(['reg-query.txt', 'volumes.json', 'volumes.csv', 'hostname.txt', 'ipconfig.txt', 'ip-addresses.json', 'host-names.json', 'bundle.json', 'hosts', 'environment.json', 'dbsize.json']);

/** The export of the machine-wide key the collectors write beside a named instance's (its drivers' registrations). */
export const BUNDLE_MACHINE_EXPORT = 'clearscada-machine.reg';

/** Evidence files the collectors write that are not registry exports of the ClearSCADA key (read by src/collect/evidence/). */
export const BUNDLE_EVIDENCE_FILES: ReadonlySet<string> = new Set(['uninstall.reg', 'systems.xml', 'firewall.txt', 'firewall-profiles.txt', 'firewall.json', 'firewall-profiles.json', 'w32tm-status.txt', 'w32tm-configuration.txt', 'services.json', 'defender.json', 'files.json']);

/** True for a file name a bundle folder reads. */
export function isBundleFileName(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.endsWith('.reg') || BUNDLE_FILE_NAMES.has(lower) || BUNDLE_EVIDENCE_FILES.has(lower);
}

/** Default of --max-input-size: a real export of a Geo SCADA server is a few MB; 512 MB leaves ample room. */
export const DEFAULT_MAX_INPUT_SIZE = 512 * 1024 * 1024;

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 };

/** `--max-input-size` text: whole bytes, or a number with KB, MB or GB (binary: 1 MB = 1,048,576 bytes). */
export function parseSize(text: string, flag = '--max-input-size'): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?b?)\s*$/i.exec(text);
  const bytes = m === null ? NaN : Math.floor(Number(m[1]) * UNITS[m[2].toLowerCase()]);
  if (!Number.isSafeInteger(bytes) || bytes < 1) throw new UsageError(`${flag} ${JSON.stringify(text)} is not a size; write bytes or a number with KB, MB or GB, e.g. ${flag} 2GB`);
  return bytes;
}

/** A size as people write it: "512 MB", "2 GB", else bytes. */
export function formatSize(bytes: number): string {
  for (const [unit, n] of [
    ['GB', 1024 ** 3],
    ['MB', 1024 ** 2],
    ['KB', 1024],
  ] as const) {
    if (bytes >= n && bytes % n === 0) return `${bytes / n} ${unit}`;
  }
  return `${bytes} byte${bytes === 1 ? "" : "s"}`;
}

/** Why a path that is not a regular file or folder cannot be read as an input. */
function notRegular(st: Stats): string | undefined {
  if (st.isFile() || st.isDirectory()) return undefined;
  const what = st.isFIFO() ? 'a FIFO (named pipe)' : st.isCharacterDevice() ? 'a character device' : st.isBlockDevice() ? 'a block device' : st.isSocket() ? 'a socket' : 'not a regular file';
  return `is ${what}, not a regular file; give an export, bundle folder or snapshot file (standard input is read with -)`;
}

export function tooLarge(shown: string, size: number | undefined, max: number): InputError {
  const what = size === undefined ? `is larger than --max-input-size ${formatSize(max)}` : `is ${formatSize(size)}, larger than --max-input-size ${formatSize(max)}`;
  return new InputError(shown, undefined, `${what}; if it really is an input, raise the limit (e.g. --max-input-size 2GB)`);
}

/** Refuses, before it is opened, a path that exists and is a FIFO, device or socket: opening a FIFO blocks until a writer comes. */
export function refuseSpecialFile(st: Stats, shown: string): void {
  const why = notRegular(st);
  if (why !== undefined) throw new InputError(shown, undefined, why);
}

/**
 * Opens an input file for reading: only a regular file, at most `maxBytes` long. Opened without blocking
 * (POSIX O_NONBLOCK), so a FIFO swapped in for the file cannot hang the run, and checked again once open.
 * System errors (ENOENT, EACCES, EISDIR...) are thrown as they are, for the caller to word.
 */
export async function openInputFile(path: string, shown: string, maxBytes = DEFAULT_MAX_INPUT_SIZE): Promise<{ fh: FileHandle; size: number }> {
  // fs.constants has no O_NONBLOCK on Windows, where there are no FIFOs to open.
  const flags = constants.O_RDONLY | ((constants as { O_NONBLOCK?: number }).O_NONBLOCK ?? 0);
  const fh = await open(path, flags);
  try {
    const st = await fh.stat();
    if (st.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    refuseSpecialFile(st, shown);
    if (st.size > maxBytes) throw tooLarge(shown, st.size, maxBytes);
    return { fh, size: st.size };
  } catch (e) {
    await fh.close();
    throw e;
  }
}

/** Reads a whole input file (see openInputFile); a file that grows while read is cut at `maxBytes` + 1 and refused. */
export async function readInputFile(path: string, shown: string, maxBytes = DEFAULT_MAX_INPUT_SIZE): Promise<Buffer> {
  const { fh, size } = await openInputFile(path, shown, maxBytes);
  try {
    const buf = Buffer.allocUnsafeSlow(size);
    let got = 0;
    while (got < size) {
      const { bytesRead } = await fh.read(buf, got, size - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return got === size ? buf : buf.subarray(0, got);
  } finally {
    await fh.close();
  }
}

/** Collects a stream (standard input) up to `maxBytes`; more is refused as soon as it arrives. */
export async function readLimited(stream: AsyncIterable<Uint8Array | string>, shown: string, maxBytes = DEFAULT_MAX_INPUT_SIZE): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    total += b.length;
    if (total > maxBytes) throw tooLarge(shown, undefined, maxBytes);
    chunks.push(b);
  }
  return Buffer.concat(chunks, total);
}
