// A step of `npm run build`, after tsc: joins the built command line (dist/cli/main.js and every module it
// imports from dist) into one CommonJS file, dist/cli/bundle.cjs, that src/cli/launch.cts runs with a code cache.
// Packages stay outside (required from node_modules as before). The bundle holds no path of the machine that
// built it: each module's `import.meta.url` becomes its dist file's URL found from the bundle's own folder.
import { build, type Plugin } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLE_FILE, CACHE_FILE } from '../cli/launch.cjs';

const META_URL = /\bimport\.meta\.url\b/g;
const URL_HELPER = '__pairauditModuleUrl';

/** Defined first in the bundle: a module's URL from its path relative to the bundle's folder (dist/cli). */
const banner = `const ${URL_HELPER} = (path) => require("node:url").pathToFileURL(require("node:path").join(__dirname, path)).href;`;

/**
 * Module source as the bundle holds it: `import.meta.url` written as the URL of `file` seen from `bundleDir`, and
 * no `#!` line (the bundle runs inside a function).
 */
export function relocateMetaUrl(source: string, file: string, bundleDir: string): string {
  const path = relative(bundleDir, file).split(sep).join('/');
  return source.replace(/^#!.*/, '').replace(META_URL, `${URL_HELPER}(${JSON.stringify(path)})`);
}

function relocation(distDir: string, bundleDir: string): Plugin {
  return {
    name: 'relocate-import-meta-url',
    setup(b) {
      b.onLoad({ filter: /\.js$/ }, async (args) => {
        if (!args.path.startsWith(distDir + sep)) return undefined;
        return { contents: relocateMetaUrl(await readFile(args.path, 'utf8'), args.path, bundleDir), loader: 'js' };
      });
    },
  };
}

/** Writes dist/cli/bundle.cjs from the built modules under `distDir`; the old code cache is removed first. */
export async function bundleCli(distDir: string): Promise<string> {
  const bundleDir = join(distDir, 'cli');
  const outfile = join(bundleDir, BUNDLE_FILE);
  // A cache is valid only for the bundle it was made from: never leave one beside a new bundle.
  await rm(join(bundleDir, CACHE_FILE), { force: true });
  const result = await build({
    entryPoints: [join(bundleDir, 'main.js')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    // `import('pkg')` written as require: a script compiled with a code cache has no way to load ES modules on
    // Node 20 (its dynamic-import hook is lost with the cache), and every package here has a CommonJS entry.
    supported: { 'dynamic-import': false },
    legalComments: 'none',
    minifyWhitespace: true,
    banner: { js: banner },
    plugins: [relocation(distDir, bundleDir)],
    logLevel: 'silent',
  });
  for (const w of result.warnings) {
    // `import.meta` stays only on the path that starts workers from TypeScript sources (src/threads.ts), which a
    // bundle never takes; any other warning is shown.
    if (!w.text.includes('"import.meta" is not available')) process.stderr.write(`bundle: ${w.text}\n`);
  }
  return outfile;
}

const distDir = dirname(dirname(fileURLToPath(import.meta.url)));
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    await bundleCli(distDir);
  } catch (e) {
    process.stderr.write(`bundle: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}
