// A step of `npm run build`, after tsc: joins the built command line (dist/cli/main.js and every module it
// imports from dist) into one CommonJS file, dist/cli/bundle.cjs, that src/cli/launch.cts runs with a code cache.
// The small packages nearly every run loads go in with it; the others stay in node_modules, required as before.
// The bundle holds no path of the machine that built it: each module's `import.meta.url` becomes its dist file's
// URL found from the bundle's own folder.
import { build, type Plugin } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLE_FILE, CACHE_FILE, WRAPPER_HEAD, WRAPPER_TAIL } from '../cli/launch.cjs';
import { writeBuildFile } from './output.js';

const META_URL = /\bimport\.meta\.url\b/g;
/** `createRequire(import.meta.url)(` is `require(` in a CommonJS file, and esbuild then sees what is required. */
const OWN_REQUIRE = /\bcreateRequire\(import\.meta\.url\)\(/g;

/**
 * Packages inside the bundle (their code then in the code cache, no file of theirs resolved at run time): those a
 * common run loads (commander always, fast-json-stable-stringify for JSON, diff for text). The large ones (pdfkit,
 * handlebars, yaml, fast-xml-parser) load only for the commands that need them and stay outside.
 */
export const INLINE_PACKAGES: ReadonlySet<string> = new Set(['commander', 'diff', 'fast-json-stable-stringify']);
const URL_HELPER = '__pairauditModuleUrl';

/** Defined first in the bundle: a module's URL from its path relative to the bundle's folder (dist/cli). */
const banner = `const ${URL_HELPER} = (path) => require("node:url").pathToFileURL(require("node:path").join(__dirname, path)).href;`;

/**
 * Module source as the bundle holds it: `import.meta.url` written as the URL of `file` seen from `bundleDir`,
 * `createRequire(import.meta.url)(x)` as `require(x)`, and no `#!` line (the bundle runs inside a function).
 */
export function relocateMetaUrl(source: string, file: string, bundleDir: string): string {
  const path = relative(bundleDir, file).split(sep).join('/');
  return source.replace(/^#!.*/, '').replace(OWN_REQUIRE, 'require(').replace(META_URL, `${URL_HELPER}(${JSON.stringify(path)})`);
}

/** The package a bare specifier names (`@scope/name/x` → `@scope/name`). */
export function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * Built-in modules an inlined package requires when it loads but uses only on a path pairaudit never takes, as the
 * module loaded on first use instead: commander spawns a subcommand's own executable with child_process, which
 * also loads net and dgram (~2.5 ms of every run).
 */
export const LAZY_BUILTINS: ReadonlyMap<string, { builtin: string; functions: readonly string[] }> = new Map([['commander', { builtin: 'node:child_process', functions: ['spawn'] }]]);
const LAZY = 'pairaudit-lazy-builtin';

/** The module that stands for `builtin`: each of `functions` loads it on its first call. */
export function lazyBuiltinSource(builtin: string, functions: readonly string[]): string {
  const calls = functions.map((f) => `${f}: (...args) => load().${f}(...args)`).join(', ');
  return `let loaded; const load = () => (loaded ??= require(${JSON.stringify(builtin)})); module.exports = { ${calls} };`;
}

/** The package a file under node_modules belongs to (undefined for any other file). */
function packageOfFile(file: string): string | undefined {
  const parts = file.split(/[\\/]/);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0 || at + 1 >= parts.length) return undefined;
  return parts[at + 1].startsWith('@') ? parts.slice(at + 1, at + 3).join('/') : parts[at + 1];
}

function relocation(distDir: string, bundleDir: string): Plugin {
  return {
    name: 'relocate-import-meta-url',
    setup(b) {
      b.onResolve({ filter: /^node:/ }, (args) => {
        const pkg = packageOfFile(args.importer);
        const lazy = pkg === undefined ? undefined : LAZY_BUILTINS.get(pkg);
        return lazy?.builtin === args.path ? { path: args.path, namespace: LAZY } : undefined;
      });
      b.onLoad({ filter: /.*/, namespace: LAZY }, (args) => {
        const lazy = [...LAZY_BUILTINS.values()].find((l) => l.builtin === args.path);
        return lazy === undefined ? undefined : { contents: lazyBuiltinSource(lazy.builtin, lazy.functions), loader: 'js' };
      });
      b.onResolve({ filter: /^[^./]/ }, (args) => (INLINE_PACKAGES.has(packageOf(args.path)) || args.path.startsWith('node:') ? undefined : { path: args.path, external: true }));
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
    write: false,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // `import('pkg')` written as require: a script compiled with a code cache has no way to load ES modules on
    // Node 20 (its dynamic-import hook is lost with the cache), and every package here has a CommonJS entry.
    supported: { 'dynamic-import': false },
    legalComments: 'eof',
    minifyWhitespace: true,
    banner: { js: WRAPPER_HEAD + banner },
    footer: { js: WRAPPER_TAIL },
    plugins: [relocation(distDir, bundleDir)],
    logLevel: 'silent',
  });
  for (const w of result.warnings) {
    // `import.meta` stays only on the path that starts workers from TypeScript sources (src/threads.ts), which a
    // bundle never takes; any other warning is shown.
    if (!w.text.includes('"import.meta" is not available')) process.stderr.write(`bundle: ${w.text}\n`);
  }
  writeBuildFile(outfile, result.outputFiles[0].contents);
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
