// What some checks need beyond Node and the repository: a tool (Chromium, poppler's pdftotext, cmark-gfm, util-linux
// `script`), the built bin, the generated fixtures. On a developer's machine a missing one skips the check
// and says what to install; under CI=true (.ci/run sets it) it fails the run instead, because CI must run
// every check: a check that skips there passes without having looked at anything.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

export const chromiumPath = '/usr/bin/chromium';
/** A Latin font without CJK glyphs (Debian's fonts-dejavu-core, which CI installs), for the checks of characters no font has. */
export const dejavuSans = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
/** A CJK font without `⏎` (Debian's fonts-wqy-microhei, which CI installs), as pdf/fonts.ts names it. */
export const wqyMicroHei = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';
/** How the checks start Chromium: no sandbox (CI runs as root), no GPU, no network of its own. */
export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const root = join(import.meta.dirname, '..');

/**
 * What dist/cli/launch.cjs in `cliDir` makes of its bundle, asked in a fresh process: 'cached' (run with its code
 * cache), 'compiled' (run, the cache refused) or 'modules' (no bundle, or one older than the modules).
 */
export function bundleState(cliDir: string, env: NodeJS.ProcessEnv = process.env): 'cached' | 'compiled' | 'modules' {
  const code = `const b = require(${JSON.stringify(join(cliDir, 'launch.cjs'))}).loadBundle(${JSON.stringify(cliDir)}); process.stdout.write(b === undefined ? 'modules' : b.cached ? 'cached' : 'compiled')`;
  const r = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', env });
  if (r.status !== 0 || !['cached', 'compiled', 'modules'].includes(r.stdout)) throw new Error(`launch.cjs in ${cliDir} could not be asked: ${r.stderr}`);
  return r.stdout as 'cached' | 'compiled' | 'modules';
}

/** What an installed package holds beside dist/ (linked into an installedCopy). */
const INSTALLED_BESIDE_DIST = ['node_modules', 'rules', 'templates', 'profiles', 'fixtures', 'package.json'];

/**
 * A copy of the package as npm installs it, in `dir`: dist/ copied without tsc's build info (times kept), the data
 * folders and package.json linked, except those named in `without` (an incomplete installation).
 */
export function installedCopy(dir: string, without: readonly string[] = []): string {
  cpSync(join(root, 'dist'), join(dir, 'dist'), { recursive: true, preserveTimestamps: true, filter: (f) => !f.endsWith('.tsbuildinfo') });
  for (const name of INSTALLED_BESIDE_DIST) if (!without.includes(name)) symlinkSync(join(root, name), join(dir, name));
  return dir;
}

/** The command as npm installs it (package.json `bin`): dist/cli/launch.cjs, which runs the one-file build. */
export const installedBin = join(root, (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: { pairaudit: string } }).bin.pairaudit);

/** Runs `tool` with `args`; false when it cannot be started. */
function runs(tool: string, args: string[]): boolean {
  try {
    execFileSync(tool, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const prerequisites = {
  chromium: { present: () => existsSync(chromiumPath), missing: `${chromiumPath} is not installed (apt-get install chromium)` },
  pdftotext: { present: () => runs('pdftotext', ['-v']), missing: 'pdftotext is not installed (apt-get install poppler-utils)' },
  cmarkGfm: { present: () => runs('cmark-gfm', ['--version']), missing: "cmark-gfm (GitHub's Markdown parser) is not installed (apt-get install cmark-gfm)" },
  dejavu: { present: () => existsSync(dejavuSans), missing: `${dejavuSans} is not installed (apt-get install fonts-dejavu-core)` },
  wqy: { present: () => existsSync(wqyMicroHei), missing: `${wqyMicroHei} is not installed (apt-get install fonts-wqy-microhei)` },
  script: { present: () => runs('script', ['--version']), missing: 'util-linux `script` is not installed (apt-get install bsdutils)' },
  dist: {
    present: () => ['main.js', 'launch.cjs', 'bundle.cjs', 'bundle.cjs.v8cache'].every((f) => existsSync(join(root, 'dist', 'cli', f))),
    missing: 'dist/ is not built (run `npm run build`)',
  },
  fixtures: {
    present: () => existsSync(join(root, 'fixtures', 'pairs', 'healthy')) && existsSync(join(root, 'fixtures', 'malformed', 'invalid-hex.reg')),
    missing: 'fixtures/pairs or fixtures/malformed is missing (run `node --import tsx fixtures/generate.ts`)',
  },
} as const;

export type Prerequisite = keyof typeof prerequisites;

const known = new Map<Prerequisite, boolean>();

function present(need: Prerequisite): boolean {
  let is = known.get(need);
  if (is === undefined) known.set(need, (is = prerequisites[need].present()));
  return is;
}

/** Whether a missing prerequisite fails the run instead of skipping the check. */
export function inCi(): boolean {
  return process.env.CI === 'true';
}

/**
 * False when every one of `needs` is there; else why the check is skipped (for `{ skip }` or `t.skip`).
 * Under CI=true a missing prerequisite throws instead: the check (or, at registration, its file) fails.
 */
export function missing(...needs: Prerequisite[]): string | false {
  for (const need of needs) {
    if (present(need)) continue;
    const why = prerequisites[need].missing;
    if (inCi()) throw new Error(`${why}: CI (CI=true) must run this check`);
    return `${why}; the check did not run`;
  }
  return false;
}
