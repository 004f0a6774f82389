// Registry export parser: .reg files (version 5 and REGEDIT4) and `reg query /s` text into a RegTree.
import { open } from 'node:fs/promises';
import { Buffer } from 'node:buffer';
import { InputError } from '../../errors.js';
import type { RegTree } from '../../types.js';
import { RegeditParser } from './regedit.js';
import { parseRegQuery } from './reg-query.js';
import { forEachUnitLine, LineReader, openRegistryText } from './text.js';

export interface ParseRegistryOptions {
  /** File name used in error messages and warnings. */
  file: string;
  /** Lines that fit no syntax become warnings in `tree.warnings` instead of errors. */
  lenient?: boolean;
}

/**
 * Parses the bytes of a registry export, detecting encoding and format. Pure: throws InputError (exit
 * code 2) naming the file and line for anything that is not a readable export.
 */
export function parseRegistry(bytes: Uint8Array, opts: ParseRegistryOptions): RegTree {
  const text = openRegistryText(bytes, opts.file);
  const ctx = { file: opts.file, lenient: opts.lenient === true };
  if (text.format === 'reg-query') return parseRegQuery(new LineReader(text.buf, text.start, text.encoding), ctx);
  const parser = new RegeditParser(text.format, ctx);
  forEachUnitLine(text, parser);
  return parser.finish();
}

export interface ReadRegistryOptions {
  lenient?: boolean;
  /** Name to show in messages instead of `path` (e.g. the path as the user typed it). */
  displayName?: string;
}

/** Reads a file into one buffer with few large reads (fs.readFile reads 512 KB at a time, slow on 100 MB). */
async function readWhole(path: string): Promise<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const stat = await fh.stat();
    // A pipe or device has no size up front: read it to the end.
    if (!stat.isFile()) return await fh.readFile();
    const size = stat.size;
    const buf = Buffer.allocUnsafeSlow(size);
    let got = 0;
    while (got < size) {
      const { bytesRead } = await fh.read(buf, got, Math.min(size - got, 64 << 20), got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return got === size ? buf : buf.subarray(0, got);
  } finally {
    await fh.close();
  }
}

/** Reads and parses an export file. The file is read once; lines are decoded one at a time. */
export async function readRegistryFile(path: string, opts: ReadRegistryOptions = {}): Promise<RegTree> {
  const file = opts.displayName ?? path;
  let bytes: Uint8Array;
  try {
    bytes = await readWhole(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(file, undefined, 'no such file; check the path');
    if (code === 'EISDIR') throw new InputError(file, undefined, 'is a folder, not a registry export file');
    if (code === 'EACCES' || code === 'EPERM') throw new InputError(file, undefined, 'cannot be read (permission denied)');
    throw new InputError(file, undefined, `cannot be read (${code ?? String(e)})`);
  }
  return parseRegistry(bytes, { file, lenient: opts.lenient });
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
