// File primitives of the history store: atomic writes (temp file, fsync, rename) and the writer lock.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeSync, readdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { StoreError } from '../errors.js';

/** This process, as the lock file records it; passed in because only the CLI may touch `process`. */
export interface ProcessInfo {
  pid: number;
  host: string;
  /** False only when the process surely no longer exists (same host). */
  isAlive: (pid: number) => boolean;
}

const IO_MEANING: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large for the file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a file is where a folder should be',
  EISDIR: 'a folder is where a file should be',
  EEXIST: 'something is already where a folder should be',
  EIO: 'input/output error (failing disk or network share?)',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files on the system',
  EBUSY: 'the file is in use (locked by another program?)',
  ENAMETOOLONG: 'the path is too long',
  ENOENT: 'a file or folder is missing (moved or deleted meanwhile, or on a drive that is read-only or gone)',
};

/**
 * A file-system failure inside the store (disk full, permission denied, a file where a folder should be) as a
 * one-line StoreError (exit 2) that names the path; other errors are returned as they are.
 */
export function storeIoError(e: unknown, fallbackPath: string, kept = 'the store keeps what it had before this command'): unknown {
  const err = e as NodeJS.ErrnoException | undefined;
  const code = typeof err?.code === 'string' ? err.code : undefined;
  if (code === undefined || !(code in IO_MEANING) || e instanceof StoreError) return e;
  return new StoreError(`${err?.path ?? fallbackPath}: ${IO_MEANING[code]} (${code}); ${kept} (run \`pairaudit verify\` to see)`);
}

/**
 * Creates the folder of a new store (and its parents). Any failure is one line naming the folder: Node's recursive
 * mkdir reports a read-only file system as ENOENT, and a file on the path as ENOTDIR or EEXIST.
 */
export function createStoreFolder(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === undefined) throw e;
    const why = code === 'ENOENT' ? 'a folder on the path cannot be created (a read-only or missing drive?)' : (IO_MEANING[code] ?? 'the file system refused');
    throw new StoreError(`${dir}: cannot create the store folder: ${why} (${code}); check the path and that you may write there, or choose another folder with --store`);
  }
}

/** Flushes a folder's entry list, so that a rename survives a power cut. Windows cannot open folders: skip. */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    /* not supported on this platform or file system */
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function writeAndSync(path: string, data: string | Uint8Array, flags: string, mode?: number): void {
  const fd = openSync(path, flags, mode);
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes `data` to `target` so that readers see either nothing or the whole file: a temporary file in
 * the store's tmp/ folder (same volume), fsync, rename, fsync of the target folder.
 */
export function writeFileAtomic(tmpDir: string, target: string, data: string | Uint8Array, mode?: number): void {
  mkdirSync(tmpDir, { recursive: true });
  mkdirSync(dirname(target), { recursive: true });
  const tmp = join(tmpDir, `${randomBytes(6).toString('hex')}.tmp`); // a TEMP_NAME
  try {
    writeAndSync(tmp, data, 'w', mode);
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  fsyncDir(dirname(target));
}

/** The name writeFileAtomic gives a temporary file: 12 hex digits and `.tmp`. */
export const TEMP_NAME = /^[0-9a-f]{12}\.tmp$/;

/** The entries of `tmpDir` (none when it does not exist). */
function tmpEntries(tmpDir: string): string[] {
  try {
    return readdirSync(tmpDir);
  } catch {
    return [];
  }
}

/**
 * Removes the temporary files a killed writer left (TEMP_NAME); only the lock holder may call it. Anything else in
 * tmp/ is not pairaudit's (a folder given as --store that had a tmp/ of its own) and is never deleted.
 */
export function clearTmp(tmpDir: string): number {
  const ours = tmpEntries(tmpDir).filter((n) => TEMP_NAME.test(n));
  for (const name of ours) rmSync(join(tmpDir, name), { force: true });
  return ours.length;
}

/** What tmp/ holds that pairaudit did not write there (see clearTmp). */
export function foreignTmp(tmpDir: string): string[] {
  return tmpEntries(tmpDir).filter((n) => !TEMP_NAME.test(n));
}

export interface LockInfo {
  pid: number;
  host: string;
  since: string;
  command: string;
}

export function readLockInfo(lockPath: string): LockInfo | 'absent' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(lockPath, 'utf8');
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'absent' : 'unreadable';
  }
  try {
    const info = JSON.parse(text) as LockInfo;
    if (typeof info.pid === 'number' && typeof info.host === 'string') return info;
  } catch {
    /* a lock being written, or a torn one */
  }
  return 'unreadable';
}

function ageMs(path: string, now: number): number {
  try {
    return now - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** A lock whose content never became readable is stale after this long (its writer died mid-write). */
const UNREADABLE_LOCK_STALE_MS = 5_000;
/** A lock-breaker marker older than this was left by a process that died while breaking a lock. */
const BREAKER_STALE_MS = 10_000;

export interface LockOptions {
  process: ProcessInfo;
  command: string;
  timeoutMs: number;
  /** Wall clock for lock ages (not the reproducible clock: PAIRAUDIT_NOW must not make locks look stale). */
  wallClock?: () => number;
}

function describeHolder(info: LockInfo | 'unreadable'): string {
  return info === 'unreadable' ? 'an unreadable lock' : `pid ${info.pid} on ${info.host} since ${info.since} (${info.command})`;
}

function isStale(lockPath: string, info: LockInfo | 'unreadable', opts: LockOptions, now: number): boolean {
  if (info === 'unreadable') return ageMs(lockPath, now) > UNREADABLE_LOCK_STALE_MS;
  return info.host === opts.process.host && !opts.process.isAlive(info.pid);
}

/**
 * Removes a stale lock. A marker file created with O_EXCL makes sure only one process breaks it, and
 * the lock is re-read under the marker, so a fresh lock taken meanwhile by a live process survives.
 */
function breakStaleLock(lockPath: string, seen: string, now: number): void {
  const breaker = `${lockPath}.break`;
  let fd: number;
  try {
    fd = openSync(breaker, 'wx');
  } catch {
    if (ageMs(breaker, now) > BREAKER_STALE_MS) rmSync(breaker, { force: true });
    return;
  }
  closeSync(fd);
  try {
    let current: string | undefined;
    try {
      current = readFileSync(lockPath, 'utf8');
    } catch {
      current = undefined;
    }
    if (current === seen) unlinkSync(lockPath);
  } finally {
    rmSync(breaker, { force: true });
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Takes the store's writer lock (O_EXCL lock file with pid and host), waiting up to `timeoutMs`. */
export async function acquireLock(lockPath: string, opts: LockOptions): Promise<() => void> {
  const wall = opts.wallClock ?? Date.now;
  const deadline = wall() + opts.timeoutMs;
  const content = JSON.stringify({ pid: opts.process.pid, host: opts.process.host, since: new Date(wall()).toISOString(), command: opts.command });
  for (let attempt = 0; ; attempt++) {
    try {
      writeAndSync(lockPath, content, 'wx');
      return () => {
        // Only remove the lock if it is still ours.
        try {
          if (readFileSync(lockPath, 'utf8') === content) unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') {
        if (code === 'ENOENT') throw new StoreError(`${dirname(lockPath)}: store folder vanished while locking; check --store`);
        throw new StoreError(`${lockPath}: cannot create the lock file (${code ?? 'error'}); check the store folder is writable`);
      }
    }
    const info = readLockInfo(lockPath);
    if (info === 'absent') continue;
    if (isStale(lockPath, info, opts, wall())) {
      let seen: string | undefined;
      try {
        seen = readFileSync(lockPath, 'utf8');
      } catch {
        seen = undefined;
      }
      if (seen !== undefined) breakStaleLock(lockPath, seen, wall());
      continue;
    }
    if (wall() > deadline) {
      throw new StoreError(
        `${lockPath}: the store is locked by ${describeHolder(info)}; wait for that command to finish, or, if no pairaudit is running there, delete the lock file`,
      );
    }
    await sleep(10 + Math.min(attempt, 10) * 5 + Math.floor(Math.random() * 10));
  }
}
