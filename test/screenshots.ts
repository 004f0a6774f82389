// Regenerates the README's screenshots from the built CLI: the sample pair's HTML audit report and a fleet report of
// fixture pairs, rendered in Debian's Chromium. Run with `npm run screenshots` (builds first); look at the PNGs before
// committing them. The clock and the secrets' key are fixed, so the same tree gives the same pages.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from './prerequisites.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'test', 'snapshots');
const cli = join(root, 'dist', 'cli', 'main.js');
const env = { ...process.env, PAIRAUDIT_NOW: '2026-11-20T08:20:00Z', PAIRAUDIT_SECRET_KEY: 'screenshots', NO_COLOR: '1' };
const pairs = (name: string, roles = ['main', 'standby-a']): string => `{ ${roles.map((r) => `${r}: ${JSON.stringify(join(root, 'fixtures', 'pairs', name, r))}`).join(', ')} }`;

/** Runs the CLI; a drifted audit exits 1, which is what the screenshots show. */
function pairaudit(args: string[], cwd: string): void {
  try {
    execFileSync(process.execPath, [cli, ...args], { cwd, env, stdio: ['ignore', 'ignore', 'inherit'] });
  } catch (e) {
    if ((e as { status?: number }).status !== 1) throw e;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'pairaudit-screenshots-'));
try {
  pairaudit(['demo', '--out', 'demo'], dir);
  writeFileSync(
    join(dir, 'fleet.yaml'),
    [
      'sites:',
      '  - name: North WTP',
      '    pairs:',
      `      - { name: sample, servers: ${pairs('sample')}, waivers: ${JSON.stringify(join(root, 'fixtures', 'pairs', 'sample', 'waivers.yaml'))} }`,
      `      - { name: historian, servers: ${pairs('drift-historic-retention')} }`,
      `      - { name: telemetry, servers: ${pairs('healthy-evidence')} }`,
      '  - name: South PS',
      '    pairs:',
      `      - { name: triple, servers: ${pairs('triple-standby', ['main', 'standby-a', 'standby-b'])} }`,
      `      - { name: disk, servers: ${pairs('drift-standby-disk-full')} }`,
      `      - { name: ports, servers: ${pairs('drift-db-port')} }`,
      '',
    ].join('\n'),
  );
  pairaudit(['fleet', 'fleet.yaml', '-o', 'fleet.html', '--jobs', '1', '--quiet'], dir);

  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
  try {
    for (const [file, png, height] of [
      [join(dir, 'demo', 'audit.html'), 'report-screenshot.png', 900],
      [join(dir, 'fleet.html'), 'fleet-screenshot.png', 640],
    ] as const) {
      const page = await browser.newPage({ viewport: { width: 1200, height }, deviceScaleFactor: 1 });
      // Nothing but the file itself may load (the reports fetch nothing; this makes sure of it).
      await page.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
      await page.goto(pathToFileURL(file).href);
      await page.screenshot({ path: join(out, png) });
      await page.close();
      console.log(`wrote ${join('test', 'snapshots', png)}`);
    }
  } finally {
    await browser.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
