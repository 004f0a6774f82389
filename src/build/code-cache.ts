// The last step of `npm run build`, after bundle.ts: runs the one-file build (dist/cli/bundle.cjs) in-process on
// the sample pair, then writes V8's code cache of it beside it (bundle.cjs.v8cache): the compiled form of every function those runs
// called, so that a user's run of the same commands does not compile them again. The cache is headed by a SHA-256
// of the bundle and of itself (src/cli/launch.cts reads it only for that bundle, whole); V8 itself refuses it on
// another version.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLE_FILE, CACHE_FILE, codeCacheFile, loadBundle } from '../cli/launch.cjs';
import { quietIO, writeBuildFile } from './output.js';

/** The command lines run before the cache is taken: the common ones, on the bundled sample pair. */
export function warmUpRuns(root: string): string[][] {
  const sample = join(root, 'fixtures', 'pairs', 'sample');
  const pair = [join(sample, 'main'), join(sample, 'standby-a')];
  return [
    ['audit', ...pair, '--format', 'json'],
    ['audit', ...pair, '--format', 'text'],
    ['collect', pair[0]],
    ['--version'],
  ];
}

/**
 * Loads the bundle in `cliDir` without a cache, runs `runs` through it, and writes the code cache. Returns the
 * cache's size; throws when there is no bundle or a run fails (a cache of a broken build is worth nothing).
 */
export async function writeCodeCache(cliDir: string, runs: readonly string[][], cwd: string): Promise<number> {
  const loaded = loadBundle(cliDir, false);
  if (loaded === undefined) throw new Error(`no bundle in ${cliDir} (npm run build makes it)`);
  for (const argv of runs) {
    const io = quietIO(cwd);
    const code = await loaded.exports.run([...argv], io);
    if (code > 1) throw new Error(`warm-up run \`pairaudit ${argv.join(' ')}\` exited with ${code}`);
  }
  // Hashed as read, as the launcher hashes it.
  const bundle = await readFile(join(cliDir, BUNDLE_FILE));
  const data = codeCacheFile(bundle, loaded.script.createCachedData());
  writeBuildFile(join(cliDir, CACHE_FILE), data);
  return data.length;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const distDir = dirname(dirname(fileURLToPath(import.meta.url)));
  const root = dirname(distDir);
  try {
    await writeCodeCache(join(distDir, 'cli'), warmUpRuns(root), root);
  } catch (e) {
    process.stderr.write(`code-cache: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}
