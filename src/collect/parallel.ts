// Collecting the servers of one run in parallel: this thread collects one while worker threads collect others.
//
// Reading, parsing, building and fingerprinting a 200,000-setting export takes over a second of one core; an
// audit of a pair did it twice in turn. Here each worker (parallel-worker.ts) returns its snapshot packed as
// columns (table-transfer.ts) with its fingerprint, and this thread unpacks it. Standard input is read here.
// A worker starts only where it pays: its start-up (~0.15 s) must be shorter than collecting a large input.
import { statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism, loadavg } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { ConfigError, ExitCode, InputError, PairauditError, StoreError, UsageError, type ExitCodeValue } from '../errors.js';
import type { Snapshot } from '../types.js';
import { fingerprint } from '../snapshot/canonical.js';
import { runSecretKey } from '../snapshot/secrets.js';
import { unpackSnapshot, type PackedSnapshot } from '../snapshot/table-transfer.js';
import { collectGarbage } from '../memory.js';
import { startWorker } from '../threads.js';
import { collectFromBytes, collectServer, type CollectOptions } from './server.js';

/**
 * An input at least this large (a folder: its files together) is worth a worker thread: ~100,000 settings in
 * UTF-16, about 0.7 s to collect. A worker's own cost (start-up, a cold JIT, packing) was 0.5-0.7 s of CPU on
 * the 20k pair (1.6 MB exports), about what it could save there even on an idle core.
 */
export const WORKER_MIN_BYTES = 8 * 1024 * 1024;

/**
 * After collecting an input at least this large on this thread, its garbage is collected at once (src/memory.ts),
 * before the next input or the audit allocates. Measured on the 200k-setting pair (2 x 16 MB exports, in turn through
 * the one-file build): peak 142 MB with a collection after each export, 153 MB with one after the first only, 161 MB
 * with none (session 14); with the young generation kept small (src/cli/v8-flags.cts) 109 MB, 122 MB, and 121-134 MB
 * varying from run to run. Each costs ~25-30 ms on the 2-core machine (~2% of the run). A real server's export
 * (~2 MB) is far below it.
 */
export const RELEASE_MIN_BYTES = 8 * 1024 * 1024;

export interface CollectedServer {
  snapshot: Snapshot;
  /** fingerprint(snapshot), computed where the snapshot was built. */
  fingerprint: string;
}

export interface ParallelHints {
  /** Inputs collected at once (`--jobs`): this thread and up to jobs − 1 workers, whatever the inputs' sizes and the load. */
  jobs?: number;
  /** Cores to use; default availableParallelism(). One core: no worker. */
  cpus?: number;
  /** The 1-minute load average; default os.loadavg()'s (0 on Windows, where it is not measured). */
  load?: number;
  /** Inputs smaller than this are not worth a worker; default WORKER_MIN_BYTES. */
  minBytes?: number;
  /** Called after this thread collects an input of `releaseMinBytes` or more; default collectGarbage (tests count the calls). */
  release?: (bytes: number) => void;
  /** Default RELEASE_MIN_BYTES. */
  releaseMinBytes?: number;
  /** Each input as the user gave it (errors name it so), by position; default the path itself. */
  shown?: readonly (string | undefined)[];
}

/** Messages between this thread and a worker. */
export interface CollectTask {
  path: string;
  opts: CollectOptions;
}
export type CollectReply = { ok: true; packed: PackedSnapshot; fingerprint: string } | { ok: false; error: ErrorReply };

/** A thrown error as a message: typed errors keep their class, message, exit code, file and line. */
export interface ErrorReply {
  kind?: keyof typeof TYPED;
  name: string;
  message: string;
  stack?: string;
  exitCode?: ExitCodeValue;
  file?: string;
  line?: number;
}

// Most specific first: the first class an error is an instance of names it.
const TYPED = { ConfigError, InputError, UsageError, StoreError, PairauditError };

export function errorReply(e: unknown): ErrorReply {
  if (!(e instanceof Error)) return { name: 'Error', message: String(e) };
  const kind = (Object.keys(TYPED) as (keyof typeof TYPED)[]).find((k) => e instanceof TYPED[k]);
  const reply: ErrorReply = { name: e.name, message: e.message, ...(e.stack !== undefined ? { stack: e.stack } : {}) };
  if (kind === undefined) return reply;
  const typed = e as PairauditError & { file?: string; line?: number };
  return { ...reply, kind, exitCode: typed.exitCode, ...(typed.file !== undefined ? { file: typed.file } : {}), ...(typed.line !== undefined ? { line: typed.line } : {}) };
}

/** The error `errorReply` described, rebuilt in this thread: the same class, message and exit code. */
export function errorFromReply(r: ErrorReply): Error {
  let e: Error;
  if (r.kind === 'ConfigError' || r.kind === 'InputError') e = new TYPED[r.kind](r.file ?? '', r.line, '');
  else if (r.kind !== undefined) e = new TYPED[r.kind](r.message, r.exitCode);
  else {
    e = new Error(r.message);
    e.name = r.name;
  }
  e.message = r.message;
  if (e instanceof PairauditError) (e as { exitCode: ExitCodeValue }).exitCode = r.exitCode ?? ExitCode.INPUT;
  else if (r.stack !== undefined) e.stack = r.stack;
  return e;
}

/** Bytes an input holds: a file's size, a folder's files' together (not its subfolders'); 0 when it cannot be read. */
function inputBytes(path: string): number {
  try {
    const st = statSync(path);
    if (!st.isDirectory()) return st.size;
    let bytes = 0;
    for (const entry of readdirSync(path, { withFileTypes: true })) if (entry.isFile()) bytes += statSync(join(path, entry.name)).size;
    return bytes;
  } catch {
    return 0;
  }
}

/**
 * Workers worth starting: one per idle core beside this thread's, for the large inputs beside the one this
 * thread collects; none reads stdin. A worker costs CPU time of its own (start-up, a second cold JIT, packing:
 * ~0.8 s for a 200,000-setting server) and saves wall time only on a core nothing else wants: the load average
 * beyond one task (perhaps this program's previous run) counts cores other programs keep busy, as `make -l` does.
 * `jobs` (--jobs) overrides the cores, the sizes and the load.
 */
export function workerCount(inputs: readonly string[], hints: ParallelHints): number {
  const files = inputs.filter((i) => i !== '-');
  if (hints.jobs !== undefined) return Math.max(0, Math.min(hints.jobs - 1, inputs.length - 1, files.length));
  const cpus = hints.cpus ?? availableParallelism();
  const busy = Math.floor(Math.max(0, (hints.load ?? loadavg()[0]) - 1));
  const minBytes = hints.minBytes ?? WORKER_MIN_BYTES;
  // Standard input's size is unknown until it is read: it counts as large.
  const large = inputs.length - files.length + files.filter((f) => inputBytes(f) >= minBytes).length;
  return Math.max(0, Math.min(cpus - 1 - busy, large - 1, files.length));
}

/** One worker thread, collecting one input at a time. */
class CollectorThread {
  private readonly worker: Worker;
  private pending?: { resolve: (c: CollectedServer) => void; reject: (e: Error) => void };
  private failure?: Error;

  constructor() {
    this.worker = startWorker('collect/parallel-worker', undefined);
    this.worker.on('message', (reply: CollectReply) => {
      const p = this.pending;
      this.pending = undefined;
      if (reply.ok) p?.resolve({ snapshot: unpackSnapshot(reply.packed), fingerprint: reply.fingerprint });
      else p?.reject(errorFromReply(reply.error));
    });
    // A worker that dies (it catches every error of its input) is a bug or a lack of memory: an internal error.
    this.worker.on('error', (e) => this.fail(new Error(`a collecting thread failed: ${e.message}`)));
    this.worker.on('exit', (code) => this.fail(new Error(`a collecting thread stopped (exit code ${code})`)));
  }

  private fail(e: Error): void {
    this.failure ??= e;
    this.pending?.reject(this.failure);
    this.pending = undefined;
  }

  collect(path: string, opts: CollectOptions): Promise<CollectedServer> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage({ path, opts } satisfies CollectTask);
    });
  }

  close(): void {
    void this.worker.terminate();
  }
}

export interface ServerCollection {
  /**
   * Collects every input (a path, or `-` for standard input, read with `readStdin`) in argument order: the
   * snapshots and their fingerprints, or the first error in argument order (as collecting them one after the
   * other would throw it).
   */
  collect(opts: CollectOptions, readStdin: () => Promise<Uint8Array>): Promise<CollectedServer[]>;
  /** Stops the workers (call it whatever happened: a worker left running keeps the process alive). */
  close(): void;
}

/**
 * Starts the workers for `inputs` (paths, `-` for standard input) at once, so that they load while the caller
 * prepares the rest of the run; `collect` then hands them their inputs.
 */
export function startCollection(inputs: readonly string[], hints: ParallelHints = {}): ServerCollection {
  const threads = Array.from({ length: workerCount(inputs, hints) }, () => new CollectorThread());
  return {
    collect: (opts, readStdin) => collectAll(inputs, threads, opts, readStdin, { call: hints.release ?? collectGarbage, minBytes: hints.releaseMinBytes ?? RELEASE_MIN_BYTES }, hints.shown ?? []),
    close: () => threads.forEach((t) => t.close()),
  };
}

interface Deferred {
  promise: Promise<CollectedServer>;
  resolve: (c: CollectedServer) => void;
  reject: (e: unknown) => void;
}

function deferred(): Deferred {
  const d = {} as Deferred;
  d.promise = new Promise((resolve, reject) => Object.assign(d, { resolve, reject }));
  // Awaited in argument order: one after the first failure in that order is never awaited (no unhandled rejection).
  d.promise.catch(() => undefined);
  return d;
}

async function collectAll(inputs: readonly string[], threads: CollectorThread[], given: CollectOptions, readStdin: () => Promise<Uint8Array>, release: { call: (bytes: number) => void; minBytes: number }, shown: readonly (string | undefined)[]): Promise<CollectedServer[]> {
  // Without a given key each thread would hash secrets under a random key of its own, and every secret of a
  // server collected on another thread would compare as unknown: the workers are given this thread's run key.
  const opts = threads.length === 0 || given.secretKey !== undefined ? given : { ...given, secretKey: runSecretKey() };
  const optsOf = (i: number): CollectOptions => (shown[i] === undefined ? opts : { ...opts, displayName: shown[i] });
  const results = inputs.map(deferred);
  const here = async (input: string, i: number): Promise<CollectedServer> => {
    let snapshot: Snapshot;
    let bytes: number;
    if (input === '-') {
      const read = await readStdin();
      bytes = read.byteLength;
      snapshot = collectFromBytes(read, '<stdin>', opts);
    } else {
      bytes = inputBytes(input);
      snapshot = await collectServer(input, optsOf(i));
    }
    const collected = { snapshot, fingerprint: fingerprint(snapshot) };
    if (bytes >= release.minBytes) release.call(bytes);
    return collected;
  };
  // Inputs after a failed one are not started: the first failure in argument order is the one reported.
  let limit = inputs.length;
  const run = async (i: number, collect: (input: string, i: number) => Promise<CollectedServer>): Promise<boolean> => {
    try {
      results[i].resolve(await collect(inputs[i], i));
      return true;
    } catch (e) {
      limit = Math.min(limit, i);
      results[i].reject(e);
      return false;
    }
  };
  if (threads.length === 0) {
    // In argument order, standard input where it stands: nothing is read after a failure.
    for (let i = 0; i < inputs.length && (await run(i, here)); i++);
  } else {
    const files = inputs.flatMap((input, i) => (input === '-' ? [] : [i]));
    let taken = 0;
    const take = (): number | undefined => (taken < files.length && files[taken] < limit ? files[taken++] : undefined);
    const stdin = inputs.indexOf('-');
    // This thread starts first (standard input, else the first file), then each worker takes the next file.
    const ownFirst = stdin >= 0 ? stdin : take();
    const own = async (): Promise<void> => {
      for (let i = ownFirst; i !== undefined && (await run(i, here)); i = take());
    };
    const worker = async (t: CollectorThread, first: number | undefined): Promise<void> => {
      for (let i = first; i !== undefined && (await run(i, (input, k) => t.collect(input, optsOf(k)))); i = take());
      t.close();
    };
    const firsts = threads.map(() => take());
    void own();
    threads.forEach((t, k) => void worker(t, firsts[k]));
  }
  const collected: CollectedServer[] = [];
  for (const r of results) collected.push(await r.promise);
  return collected;
}
