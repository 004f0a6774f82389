// The CLI's edge: what a command may touch (streams, clock, environment), and atomic output writing.
import { Buffer } from 'node:buffer';
import { mkdirSync, readFileSync, realpathSync, renameSync, openSync, fsyncSync, closeSync, unlinkSync, statSync, writeSync } from 'node:fs';
import { dirname, join, basename, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { atLine, PairauditError, ExitCode, InstallationError, unreadable, UsageError } from '../errors.js';
import { DEFAULT_MAX_INPUT_SIZE, isBundleFileName, parseSize, readLimited, tooLarge } from '../collect/input.js';
import { neutralise } from '../report/sanitize.js';
import { oneLine } from '../report/display.js';

/** Everything a command needs from the outside world, so commands can be run in-process by tests. */
export interface CliIO {
  stdout: (text: string | Uint8Array) => void;
  stderr: (text: string) => void;
  /** True when stdout is a terminal (colour, progress bars). */
  isTTY: boolean;
  env: Record<string, string | undefined>;
  now: () => Date;
  version: string;
  cwd: string;
  /** Set by a command to the exit code it wants; the default is 0. */
  exitCode: number;
  /** Set when a report's colour is decided (--color/--no-color): the output guard then keeps its colour codes or not. */
  ownColour?: boolean;
  /** True when standard error is a terminal (progress redrawn in place). */
  stderrIsTTY?: boolean;
  /** The width of the terminal on standard error, read at each redraw (it may be resized). */
  stderrColumns?: () => number | undefined;
  /** The width of the terminal on standard output (process.stdout.columns), as stderrColumns is standard error's. */
  stdoutColumns?: () => number | undefined;
  /** Standard input as bytes; tests supply it, the real CLI reads the process's stdin. */
  readStdin?: () => Promise<Uint8Array>;
  /** Set when a command loads --profile (loadCliProfile): masks an error message with the profile's secret patterns. */
  maskSecrets?: (message: string) => string;
}

/** Standard input as bytes (for `-` arguments), refused past `maxBytes`; the parsers detect the encoding themselves. */
export async function readStdin(io: CliIO, maxBytes = DEFAULT_MAX_INPUT_SIZE): Promise<Uint8Array> {
  if (io.readStdin) {
    const bytes = await io.readStdin();
    if (bytes.byteLength > maxBytes) throw tooLarge('<stdin>', undefined, maxBytes);
    return bytes;
  }
  return readLimited(process.stdin, '<stdin>', maxBytes);
}

/** A snapshot's warning, as collection records it: the file within the input (a bundle's file, or the export itself; a whole path kept as it is), and its line. */
export interface InputWarning {
  file: string;
  line?: number;
  message: string;
}

/** What the user named as a server's input: an export file, a bundle folder, or standard input (`-`). */
export type InputKind = 'file' | 'folder' | 'stdin';

/**
 * The line that reports a collection warning of `input` (as the user named it) of `kind`: the file once, as a path
 * the user can open (an export as named, a bundle's file joined to the folder, a whole path as it is), then the line.
 */
export function warningLine(input: string, kind: InputKind, w: InputWarning, about?: string): string {
  const file = kind === 'stdin' || isAbsolute(w.file) ? w.file : kind === 'folder' ? join(input, w.file) : input;
  // One line whatever it quotes: a bundle's file name, a fleet's pair name or a server label may hold a line break,
  // and what follows it would read as a line of pairaudit's own (`pairaudit: IN PARITY …`).
  return `${oneLine(`pairaudit: warning: ${about === undefined ? '' : `${about}: `}${atLine(file, w.line, w.message)}`)}\n`;
}

/**
 * Writes a collected snapshot's warnings to standard error, a line each (warningLine). The input's kind is read from
 * the file system only when there is a warning: names alone cannot tell a folder `x/hosts` from a file of that name.
 * `where.path`: the input's own path, when `input` names it otherwise than from the working directory (a fleet's
 * inventory names it from its own folder); `where.about`: what the input belongs to, named first (a fleet's pair).
 */
export function printWarnings(io: CliIO, input: string, warnings: readonly InputWarning[] | undefined, where: { path?: string; about?: string } = {}): void {
  if (warnings === undefined || warnings.length === 0) return;
  const kind: InputKind = input === '-' ? 'stdin' : statSync(where.path ?? resolve(io.cwd, input), { throwIfNoEntry: false })?.isDirectory() === true ? 'folder' : 'file';
  for (const w of warnings) io.stderr(warningLine(input, kind, w, where.about));
}

/** `--max-input-size`, for every command that reads exports, bundles or snapshots. */
export const maxInputSizeOption = ['--max-input-size <size>', 'refuse an input file larger than this: bytes, or a number with KB, MB or GB (default 512MB)'] as const;

/** `--jobs N` (fleet, audit, check): a whole number of 1 or more; undefined when not given. */
export function jobsOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const jobs = Number(text);
  if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs ${text}: expected a whole number of 1 or more`);
  return jobs;
}

/** The byte limit from --max-input-size (default 512 MB). */
export function maxInputSize(text: string | undefined): number {
  return text === undefined ? DEFAULT_MAX_INPUT_SIZE : parseSize(text);
}

/** The package root (where package.json, rules/, templates/ and profiles/ live), from src/ or dist/. */
export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * pairaudit's version, from its package.json. Throws a PairauditError (exit code 70, one line) when the file cannot be
 * read or holds no version: an incomplete installation, not a bug.
 */
export function readToolVersion(root: string = packageRoot): string {
  const file = join(root, 'package.json');
  let pkg: unknown;
  try {
    pkg = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InstallationError(file, e instanceof SyntaxError ? 'is not JSON' : unreadable(e));
  }
  const version = typeof pkg === 'object' && pkg !== null ? (pkg as { version?: unknown }).version : undefined;
  if (typeof version !== 'string' || version === '') throw new InstallationError(file, 'names no version');
  return version;
}

/** What a command writes: text or bytes whole, or in pieces (a large JSON report) never joined into one. */
export type OutputData = string | Uint8Array | Iterable<string | Uint8Array>;

/**
 * Writes a report or snapshot: to stdout when `file` is undefined or "-", else atomically (temporary
 * file in the same folder, fsync, rename), so a failure never leaves a half-written output behind. Pieces are
 * written one by one, text through the same output guard as whole text, bytes as they are. `example`: a file name
 * of what is written (`report.json`), which the error for a folder given as `file` suggests inside it.
 */
export function writeOutput(io: CliIO, data: OutputData, file?: string, example = 'report.html'): void {
  const pieces: Iterable<string | Uint8Array> = typeof data === 'string' || data instanceof Uint8Array ? [data] : data;
  if (file === undefined || file === '-') {
    for (const piece of pieces) io.stdout(piece);
    return;
  }
  const dir = dirname(file);
  const tmp = join(dir, `.${basename(file)}.${process.pid}.tmp`);
  try {
    if (isSpecialFile(file)) {
      // A device or pipe (/dev/null, /dev/stdout, a FIFO): write to it; renaming over it would replace it.
      writePieces(file, pieces);
      return;
    }
    mkdirSync(dir, { recursive: true });
    writePieces(tmp, pieces, true);
    renameSync(tmp, file);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* the temporary file may not exist */
    }
    const code = (e as NodeJS.ErrnoException).code;
    // Only the file system's errors are the output's; anything else (a bug while making the pieces) passes on.
    if (typeof code !== 'string') throw e;
    const why = code === 'EISDIR' ? 'a folder; give a file name inside it, e.g. -o ' + join(file, example) : outputFailure(code);
    throw new PairauditError(`${file}: ${why}`, ExitCode.INPUT);
  }
}

/** Why output could not be written, from the system's error code, with what to do (a file's or standard output's). */
export function outputFailure(code: string): string {
  // EEXIST: creating the folder met a file of that name.
  return code === 'EACCES' || code === 'EPERM' ? `cannot write output (${code}); choose a folder you may write to`
    : code === 'ENOTDIR' || code === 'EEXIST' ? `cannot write output (${code}); a part of the path is a file, not a folder`
    : code === 'ENOSPC' || code === 'EDQUOT' ? `cannot write output (${code}); the disk is full (or the quota used up): free some space and run the command again`
    : `cannot write output (${code}); check the folder exists and is writable`;
}

/**
 * Writes the pieces to `file` (created or truncated), text through the output guard: a text file is shown on a
 * terminal later (`type`, `cat`), the same layer as standard output (run()). With `sync`, fsync before closing.
 */
function writePieces(file: string, pieces: Iterable<string | Uint8Array>, sync = false): void {
  const fd = openSync(file, 'w');
  try {
    for (const piece of pieces) writeAll(fd, typeof piece === 'string' ? Buffer.from(neutralise(piece), 'utf8') : piece);
    if (sync) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** writeSync until every byte is written (it may write fewer than asked). */
function writeAll(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.byteLength; ) done += writeSync(fd, bytes, done, bytes.byteLength - done);
}

/** The file behind a path: its real path and identity; undefined when it does not exist. */
function fileIdentity(path: string): { real: string; dev: number; ino: number; dir: boolean } | undefined {
  try {
    const st = statSync(path);
    return { real: realpathSync.native(path), dev: st.dev, ino: st.ino, dir: st.isDirectory() };
  } catch {
    return undefined;
  }
}

/**
 * Refuses (exit 2), before any work, an output file that is one of the command's inputs (the same real
 * path, or the same file through a hard link) or a file an input bundle folder reads: writing the report
 * there would replace the export, waiver file or inventory it was made from.
 */
export function refuseOutputOverInputs(io: CliIO, outputs: [flag: string, file: string | undefined][], inputs: (string | undefined)[]): void {
  for (const [flag, output] of outputs) {
    if (output === undefined || output === '-') continue;
    const out = fileIdentity(resolve(io.cwd, output));
    if (out === undefined || out.dir) continue;
    for (const input of inputs) {
      if (input === undefined || input === '-') continue;
      const inp = fileIdentity(resolve(io.cwd, input));
      if (inp === undefined) continue;
      const same = inp.real === out.real || (out.ino !== 0 && inp.dev === out.dev && inp.ino === out.ino);
      const inBundle = inp.dir && dirname(out.real) === inp.real && isBundleFileName(basename(out.real));
      if (same || inBundle) {
        const what = inBundle ? `a file of the input bundle folder ${input}` : input === output ? 'an input' : `the input ${input}`;
        throw new UsageError(`${flag} ${output}: is ${what}; writing there would replace it; choose another file`);
      }
    }
  }
}

/** True when `file` exists and is not a regular file (a device, a FIFO, a socket). */
function isSpecialFile(file: string): boolean {
  try {
    const st = statSync(file);
    return !st.isFile() && !st.isDirectory();
  } catch {
    return false;
  }
}
