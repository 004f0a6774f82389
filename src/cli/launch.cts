#!/usr/bin/env node
// The installed `pairaudit` command (package.json `bin`). It runs the one-file build of the command line that
// `npm run build` writes beside this file (bundle.cjs) with the V8 code cache written with it: a run then neither
// resolves and links ~100 modules one by one nor compiles again the functions an audit calls. Without a bundle
// that compiles, with one older than the modules, or with PAIRAUDIT_NO_BUNDLE=1, the module build (main.js) runs:
// the same program, a slower start.
// CommonJS on purpose: Node.js gives a code cache only to scripts it compiles through `vm.Script`.
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as vm from 'node:vm';
import { useV8Flags } from './v8-flags.cjs';

export { V8_FLAGS, v8FlagsFor, useV8Flags } from './v8-flags.cjs';

/** The one-file build and its code cache, both in dist/cli beside this file. */
export const BUNDLE_FILE = 'bundle.cjs';
export const CACHE_FILE = 'bundle.cjs.v8cache';

const MAGIC = Buffer.from('pairaudit code cache 1\n', 'latin1');

/**
 * The name the bundle is compiled under, in a run and when its cache is made: V8 keeps the name a code cache was
 * made under (a stack trace of an installed copy named the build machine's dist/ folder), so every compile gives
 * this one, which names no folder of any machine.
 */
export const BUNDLE_SCRIPT_NAME = 'pairaudit/dist/cli/bundle.cjs';

/**
 * The bundle is written wrapped as Node.js wraps a CommonJS file, so that it is read as one string and compiled
 * as it is (no copy of ~0.7 MB to wrap it on every run). Strict, as the ES modules it is made from are: the
 * directive must be the function's first statement.
 */
export const WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname) {"use strict";';
export const WRAPPER_TAIL = '\n})';

/** The SHA-256 that heads a code cache: of the bundle it was made from, then of V8's data. */
function digest(bundle: string | Uint8Array, data: Uint8Array): Buffer {
  return createHash('sha256').update(bundle).update(data).digest();
}

/** A code cache file: its format, the digest, V8's data (src/build/code-cache.ts writes it). */
export function codeCacheFile(bundle: string | Uint8Array, data: Uint8Array): Buffer {
  return Buffer.concat([MAGIC, digest(bundle, data), data]);
}

/**
 * V8's data in `cache` when the cache was made from this very bundle and arrived whole, else undefined (no cache,
 * another bundle's, another format, cut short, damaged). V8 checks only its own version, its flags and the
 * source's length: a bundle changed at the same length would run with functions compiled from the old text, and
 * damaged data crashes the process (a segmentation fault, seen with a byte changed).
 */
export function cachedDataFor(bundle: string | Uint8Array, cache: Buffer | undefined): Buffer | undefined {
  const start = MAGIC.length + 32;
  if (cache === undefined || cache.length <= start || !cache.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const data = cache.subarray(start);
  return cache.subarray(MAGIC.length, start).equals(digest(bundle, data)) ? data : undefined;
}

/** What the bundle exports (src/cli/main.ts). */
export interface BundleExports {
  main(argv?: string[]): Promise<void>;
  run(argv: string[], io: unknown): Promise<number>;
  /** Worker threads start the one-file build through this file (thread.cjs) rather than the modules. */
  startThreadsWith(file: string): void;
  /** In a worker thread started so: runs the module it was started for. */
  runThreadEntry(name: string): Promise<void>;
}

export interface LoadedBundle {
  readonly exports: BundleExports;
  /** The compiled script: `createCachedData()` after a warm-up run gives the cache (src/build/code-cache.ts). */
  readonly script: vm.Script;
  /** True when V8 took the cache. */
  readonly cached: boolean;
}

/**
 * Compiles and runs the bundle in `dir` as Node.js runs a CommonJS file, with the code cache when it fits (V8_FLAGS
 * set first). Undefined when there is no bundle, when it is older than the modules it was made from, or when it
 * does not compile.
 */
export function loadBundle(dir: string, useCache = true): LoadedBundle | undefined {
  useV8Flags();
  const file = join(dir, BUNDLE_FILE);
  const compiled = compile(file, useCache ? join(dir, CACHE_FILE) : undefined);
  if (compiled === undefined) return undefined;
  const module = { exports: {} as BundleExports };
  (compiled.script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dir);
  return { exports: module.exports, ...compiled };
}

/**
 * The bundle compiled, with the cache in `cacheFile` when it fits. Apart from running it: the cache's bytes are
 * garbage once compiled, before the bundle runs (~0.8 MB that would otherwise live to a full collection).
 */
function compile(file: string, cacheFile: string | undefined): Omit<LoadedBundle, 'exports'> | undefined {
  if (isStale(file)) return undefined;
  const bytes = readOptional(file);
  if (bytes === undefined) return undefined;
  // The build writes the bundle in ASCII, whose bytes are its text as latin1: a copy, where UTF-8 is decoded.
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  // Its bytes are hashed as read (the same as the text's UTF-8, without encoding it again).
  const cachedData = cacheFile === undefined ? undefined : cachedDataFor(bytes, readOptional(cacheFile));
  let script: vm.Script;
  try {
    script = new vm.Script(source, { filename: BUNDLE_SCRIPT_NAME, cachedData });
  } catch {
    return undefined; // not JavaScript (cut short, overwritten): the modules run
  }
  return { script, cached: cachedData !== undefined && !script.cachedDataRejected };
}

/**
 * True when tsc wrote dist/ after the bundle was made (a `tsc` or `tsc -b` alone in a checkout): the modules are then
 * newer than the bundle, and they are what runs. An installed package has no build-info file.
 */
export function isStale(file: string): boolean {
  try {
    return statSync(join(file, '..', '..', 'tsconfig.tsbuildinfo')).mtimeMs > statSync(file).mtimeMs;
  } catch {
    return false;
  }
}

function readOptional(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Which build runs: the bundle unless PAIRAUDIT_NO_BUNDLE=1. (Until the collection of each large export was followed
 * by a full garbage collection, src/collect/parallel.ts, inputs past 24 MB ran the modules: the bundle's collector
 * had let the 200k-setting pair peak past 5x the input.)
 */
export function chooseBuild(env: NodeJS.ProcessEnv): 'bundle' | 'modules' {
  return env.PAIRAUDIT_NO_BUNDLE === '1' ? 'modules' : 'bundle';
}

function launch(): void {
  useV8Flags();
  const bundle = chooseBuild(process.env) === 'modules' ? undefined : loadBundle(__dirname)?.exports;
  if (bundle !== undefined) {
    bundle.startThreadsWith(join(__dirname, 'thread.cjs'));
    void bundle.main();
  } else void import('./main.js').then((m: { main(): Promise<void> }) => m.main());
}

if (require.main === module) launch();
