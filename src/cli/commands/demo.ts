// `pairaudit demo`: the main job on the bundled sample pair (what `npm start` runs): audit it and write every report.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import type { Role } from '../../types.js';
import { packageRoot, writeOutput, type CliIO } from '../io.js';
import { FORMATS, formatExtensions, ROLES, type FormatName } from '../../vocabulary.js';

/** `audit.junit.xml` rather than `audit.xml`, so the file says what it holds. */
const fileSuffix = (format: FormatName): string => (format === 'junit' ? '.junit.xml' : formatExtensions[format]);

/** The server folders of a pair folder (`main/`, `standby-a/`, …), Main first. */
function serverFolders(pairDir: string): { role: Role; dir: string }[] {
  if (!existsSync(pairDir) || !statSync(pairDir).isDirectory()) throw new UsageError(`${pairDir}: no such pair folder; give a folder with one bundle folder per role (main/, standby-a/, …)`);
  // Folder names in any case (Main/, Standby-A/ on Windows): joined as they are written.
  const names = new Map(readdirSync(pairDir).map((n) => [n.toLowerCase(), n]));
  const servers = ROLES.filter((r) => names.has(r)).map((role) => ({ role, dir: join(pairDir, names.get(role)!) }));
  if (servers[0]?.role !== 'main' || servers.length < 2) throw new UsageError(`${pairDir}: a pair folder needs main/ and at least one of standby-a/, standby-b/, permanent-a/ …`);
  return servers;
}

export function registerDemo(program: Command, io: CliIO): void {
  program
    .command('demo')
    .description('Audit the bundled sample pair and write its report in every format (what `npm start` runs)')
    .option('--pair <dir>', 'a pair folder: one bundle folder per role (main/, standby-a/, …)', join(packageRoot, 'fixtures', 'pairs', 'sample'))
    .option('--out <dir>', 'folder for the reports', 'out')
    .action(async (opts: { pair: string; out: string }) => {
      const pairDir = resolve(io.cwd, opts.pair);
      const outDir = resolve(io.cwd, opts.out);
      const servers = serverFolders(pairDir);
      const waivers = join(pairDir, 'waivers.yaml');
      const { prepareGroup } = await import('./audit.js');
      const group = await prepareGroup(
        io,
        servers.map((s) => s.dir),
        { roles: servers.map((s) => s.role).join(','), ...(existsSync(waivers) ? { waivers } : {}) },
      );
      const [{ auditGroup }, { renderAudit }, { formatContext }] = await Promise.all([import('../../engine/index.js'), import('../../report/index.js'), import('../render.js')]);
      const result = auditGroup({ ...group, failOn: 'warning', kind: 'audit' }, { now: io.now(), toolVersion: io.version });
      const written: string[] = [];
      for (const format of FORMATS) {
        const file = join(outDir, `audit${fileSuffix(format)}`);
        writeOutput(io, await renderAudit(result, format, formatContext(io, format, false)), file);
        written.push(relative(io.cwd, file) || file);
      }
      io.stdout(await renderAudit(result, 'text', formatContext(io, 'text', true)));
      io.stdout(`\nSample pair: ${relative(io.cwd, pairDir) || pairDir}\nReports written:\n${written.map((f) => `  ${f}`).join('\n')}\n`);
      // A demo succeeds when its reports are written, whatever the sample pair's verdict.
    });
}
