// Registry export parser: .reg files (version 5 and REGEDIT4) and `reg query /s` text into a RegTree.
import type { FileHandle } from 'node:fs/promises';
import { Buffer } from 'node:buffer';
import { InputError } from '../../errors.js';
import type { RegTree } from '../../types.js';
import { RegeditParser } from './regedit.js';
import { DEFAULT_VALUE_NAMES, parseRegQuery } from './reg-query.js';
import { queryCodePage } from './reg-query-code-page.js';
import { ANSI_GUESS_WARNING, knownAnsiCodePage } from './ansi.js';
import { DEFAULT_MAX_INPUT_SIZE, openInputFile } from '../input.js';
import { forEachUnitLine, forEachUtf16LineStreamed, LineReader, openRegistryText } from './text.js';

export interface ParseRegistryOptions {
  /** File name used in error messages and warnings. */
  file: string;
  /** Lines that fit no syntax become warnings in `tree.warnings` instead of errors. */
  lenient?: boolean;
  /** The ANSI code page of the Windows the file comes from, when known (a bundle's): an ANSI .reg file is read in it. */
  ansiCodePage?: number;
}

/**
 * Parses the bytes of a registry export, detecting encoding and format. Pure: throws InputError (exit
 * code 2) naming the file and line for anything that is not a readable export.
 */
export function parseRegistry(bytes: Uint8Array, opts: ParseRegistryOptions): RegTree {
  const codePage = opts.ansiCodePage !== undefined && knownAnsiCodePage(opts.ansiCodePage) ? opts.ansiCodePage : undefined;
  const text = openRegistryText(bytes, opts.file, bytes.byteLength, codePage);
  const ctx = { file: opts.file, lenient: opts.lenient === true };
  if (text.format === 'reg-query') {
    // Bare text that is not UTF-8 is ANSI or, redirected by cmd, the console's OEM code page: its labels tell which.
    const oem = text.encoding === 'windows-1252' ? queryCodePage(text.buf.subarray(text.start), DEFAULT_VALUE_NAMES) : {};
    const tree = oem.utf8 === undefined ? parseRegQuery(new LineReader(text.buf, text.start, text.encoding), ctx) : parseRegistry(oem.utf8, opts);
    if (oem.warning !== undefined) tree.warnings = [oem.warning, ...(tree.warnings ?? [])].sort((a, b) => a.line - b.line);
    return tree;
  }
  const parser = new RegeditParser(text.format, ctx, text.encoding === 'utf-16le', bytes.byteLength, codePage, codePage === undefined);
  forEachUnitLine(text, parser);
  const tree = parser.finish();
  // ANSI text whose code page nothing records: read as Windows-1252, which is right only for Western European Windows.
  const [inText, inData] = [text.ansiGuessLine, parser.ansiGuessLine];
  const line = inText === undefined ? inData : inData === undefined ? inText : Math.min(inText, inData);
  if (line !== undefined) tree.warnings = [...(tree.warnings ?? []), { line, message: ANSI_GUESS_WARNING }].sort((a, b) => a.line - b.line);
  return tree;
}

export interface ReadRegistryOptions {
  lenient?: boolean;
  /** Name to show in messages instead of `path` (e.g. the path as the user typed it). */
  displayName?: string;
  /** Larger files are refused (exit 2); default 512 MB. */
  maxBytes?: number;
  /** Bytes read at a time from a UTF-16LE export, 1 MiB by default (made even; tests cut lines everywhere with small ones). */
  chunkBytes?: number;
}

/**
 * Bytes read at a time when streaming a UTF-16LE export (even, so code units never straddle reads). Two buffers
 * of about twice this live through a whole parse, long enough to be promoted, so they are garbage held until a
 * major collection, often the process's end. Measured in turn against 1 MiB: at 512 KiB the 200k-setting pair
 * peaks ~4 MB lower (151 against 155 MB) and the 20k pair costs the same CPU (0.99x, ten pairs); at 256 KiB the
 * 20k pair took 1.08x the CPU (twelve pairs), for no lower peak.
 */
const STREAM_CHUNK = 1 << 19;

async function readFully(fh: FileHandle, buf: Buffer, offset: number, length: number, position: number): Promise<number> {
  let got = 0;
  while (got < length) {
    const { bytesRead } = await fh.read(buf, offset + got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got;
}

/** Sees the bytes of a streamed file as they are read: each range once, in file order (to hash it while it is parsed). */
export type OnBytes = (bytes: Uint8Array) => void;

/**
 * Reads an open file and parses it, streamed when it is a UTF-16LE export larger than `chunk` (even; tests make
 * it small to cut lines everywhere), with `onBytes` told of every byte read. With `wholeUnlessStreamed`, a file
 * that is not streamed is returned whole instead of parsed, for the caller to tell what it is.
 */
async function parseOpenFile(fh: FileHandle, size: number, file: string, lenient: boolean, chunk: number, onBytes?: OnBytes, wholeUnlessStreamed = false): Promise<RegTree | Buffer> {
  // At least 64 KiB first, for the header; room for a chunk after it, where the streamed reader reads the next one.
  const head = Math.min(size, Math.max(chunk, 1 << 16));
  const first = Buffer.allocUnsafeSlow(Math.min(size, head + chunk));
  const filled = await readFully(fh, first, 0, head, 0);
  // What `reg export` writes (UTF-16LE with BOM) is streamed; other encodings are small hand-made files.
  if (filled < size && first[0] === 0xff && first[1] === 0xfe) {
    const text = openedHead(first.subarray(0, filled), file, size);
    if (text !== undefined && text.format !== 'reg-query' && text.encoding === 'utf-16le') {
      const parser = new RegeditParser(text.format, { file, lenient }, true, size);
      onBytes?.(first.subarray(0, filled));
      let position = filled;
      const readNext = async (buf: Buffer, offset: number, length: number): Promise<number> => {
        const { bytesRead } = await fh.read(buf, offset, length, position);
        position += bytesRead;
        onBytes?.(buf.subarray(offset, offset + bytesRead));
        return bytesRead;
      };
      await forEachUtf16LineStreamed(first, filled, text.start, readNext, parser, chunk);
      return parser.finish();
    }
  }
  let all = first.subarray(0, filled);
  if (filled < size) {
    all = Buffer.allocUnsafeSlow(size);
    first.copy(all, 0, 0, filled);
    const got = filled + (await readFully(fh, all, filled, size - filled, filled));
    all = all.subarray(0, got);
  }
  return wholeUnlessStreamed ? all : parseRegistry(all, { file, lenient });
}

/**
 * The head of a file opened as a registry export, or undefined when the head alone cannot say what the file is (no
 * header in it, e.g. a megabyte of blank lines first): the whole file then decides, as when it is read whole.
 */
function openedHead(head: Uint8Array, file: string, size: number): ReturnType<typeof openRegistryText> | undefined {
  try {
    return openRegistryText(head, file, size);
  } catch (e) {
    if (e instanceof InputError) return undefined;
    throw e;
  }
}

function readError(file: string, e: unknown): InputError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new InputError(file, undefined, 'no such file; check the path');
  if (code === 'EISDIR') return new InputError(file, undefined, 'is a folder, not a registry export file');
  if (code === 'EACCES' || code === 'EPERM') return new InputError(file, undefined, 'cannot be read (permission denied)');
  return new InputError(file, undefined, `cannot be read (${code ?? String(e)})`);
}

function chunkOf(opts: ReadRegistryOptions): number {
  return Math.max(4, (opts.chunkBytes ?? STREAM_CHUNK) & ~1);
}

/**
 * For collecting a server from a file that may be a snapshot as well as an export: a UTF-16LE export larger than a
 * chunk (what `reg export` writes) is parsed as it is read, as readRegistryFile does, and never held whole, with
 * `onBytes` told of every byte read; any other file comes back whole, unparsed. `shown` names the file in errors about
 * opening it (as readInputFile does); system errors (ENOENT, EACCES...) are thrown as they are, for the caller to
 * word; parse errors are InputErrors naming `displayName`.
 */
export async function readExportOrBytes(path: string, shown: string, opts: ReadRegistryOptions & { onBytes: OnBytes }): Promise<{ tree: RegTree } | { bytes: Buffer }> {
  const file = opts.displayName ?? path;
  const { fh, size } = await openInputFile(path, shown, opts.maxBytes ?? DEFAULT_MAX_INPUT_SIZE);
  try {
    const read = await parseOpenFile(fh, size, file, opts.lenient === true, chunkOf(opts), opts.onBytes, true);
    return Buffer.isBuffer(read) ? { bytes: read } : { tree: read };
  } finally {
    await fh.close();
  }
}

/**
 * Reads and parses an export file. A UTF-16LE export (what `reg export` writes) is read and parsed a chunk
 * at a time, so even a large file is never held in memory; other files are read whole.
 */
export async function readRegistryFile(path: string, opts: ReadRegistryOptions = {}): Promise<RegTree> {
  const file = opts.displayName ?? path;
  let fh: FileHandle;
  let size: number;
  try {
    // Regular files only: a FIFO or a device (/dev/zero) is refused, not read forever.
    ({ fh, size } = await openInputFile(path, file, opts.maxBytes ?? DEFAULT_MAX_INPUT_SIZE));
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw readError(file, e);
  }
  try {
    return (await parseOpenFile(fh, size, file, opts.lenient === true, chunkOf(opts))) as RegTree;
  } catch (e) {
    // System errors (EISDIR on read, EIO...) become one-line input errors; parse errors pass through.
    if (typeof (e as NodeJS.ErrnoException).code === 'string' && !(e instanceof InputError)) throw readError(file, e);
    throw e;
  } finally {
    await fh.close();
  }
}

/** The JSON shape `pairaudit parse` prints (documented in the README): the tree without line numbers. */
export interface ParseJson {
  format: RegTree['format'];
  keys: {
    path: string;
    deleted?: true;
    values: { name: string; type: string; data: string | string[] | number; deleted?: true }[];
  }[];
  warnings?: { line: number; message: string }[];
}

export function toParseJson(tree: RegTree): ParseJson {
  const out: ParseJson = {
    format: tree.format,
    keys: tree.keys.map((k) => {
      const values = k.values.map((v) => (v.deleted ? { name: v.name, type: v.type, data: v.data, deleted: true as const } : { name: v.name, type: v.type, data: v.data }));
      // Property order as the documented shape lists it.
      return k.deleted ? { path: k.path, deleted: true as const, values } : { path: k.path, values };
    }),
  };
  if (tree.warnings !== undefined && tree.warnings.length > 0) out.warnings = tree.warnings.map((w) => ({ line: w.line, message: w.message }));
  return out;
}
