// History commands (`record`, `changes`, `note`, `approve`, `verify`): registered here, implemented lazily.
import { hostname } from 'node:os';
import { extname, resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import type { HistoryStore, ProcessInfo } from '../../history/index.js';
import type { Role, Snapshot } from '../../types.js';
import { maxInputSize, maxInputSizeOption, writeOutput, type CliIO } from '../io.js';
import { formatContext } from '../render.js';

const ROLES: readonly Role[] = ['main', 'standby-a', 'standby-b', 'permanent-a', 'permanent-b', 'permanent-c', 'permanent-d'];

/** This process, for the store's lock: pid, host, and whether another pid still runs (signal 0). */
export function cliProcessInfo(): ProcessInfo {
  return {
    pid: process.pid,
    host: hostname(),
    isAlive: (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch (e) {
        // EPERM: it exists but belongs to someone else.
        return (e as NodeJS.ErrnoException).code === 'EPERM';
      }
    },
  };
}

/** The store folder: --store, else PAIRAUDIT_STORE, else .pairaudit/ in the working directory. */
export function storeDir(io: CliIO, option?: string): string {
  const dir = option ?? io.env.PAIRAUDIT_STORE;
  return resolve(io.cwd, dir === undefined || dir === '' ? '.pairaudit' : dir);
}

/** Opens the store for a command (also used by `audit --record`). */
export async function openCliStore(io: CliIO, option?: string): Promise<HistoryStore> {
  const { openStore } = await import('../../history/index.js');
  return openStore(storeDir(io, option), { process: cliProcessInfo() });
}

/** --author, else the login name (USERNAME on Windows, USER elsewhere). */
export function authorOf(io: CliIO, option?: string): string {
  const name = option ?? io.env.USERNAME ?? io.env.USER ?? io.env.LOGNAME;
  return name === undefined || name.trim() === '' ? 'unknown' : name.trim();
}

/**
 * For `audit --record` (wired by the lead): journals the audit result, after recording the audited
 * snapshots, in the store chosen by --store / PAIRAUDIT_STORE. Returns the entry's sequence number.
 */
export async function recordAuditFromCli(
  io: CliIO,
  result: import('../../types.js').AuditResult,
  opts: { store?: string; pair?: string; author?: string; ticket?: string; note?: string; snapshots?: { role: Role; snapshot: Snapshot; server?: string }[] },
): Promise<number> {
  const store = await openCliStore(io, opts.store);
  const { recordAudit } = await import('../../history/index.js');
  const entry = await recordAudit(store, result, { at: io.now().toISOString(), author: authorOf(io, opts.author), ticket: opts.ticket, note: opts.note, pair: opts.pair, snapshots: opts.snapshots });
  return entry.seq;
}

/**
 * For `audit --pair NAME` (wired by the lead): fills Finding.attribution from the pair's approved
 * baseline, if any. With the audited snapshots, drift not recorded yet is attributed too.
 */
export async function attributeFromCli(
  io: CliIO,
  storeOption: string | undefined,
  pair: string,
  result: import('../../types.js').AuditResult,
  snapshots?: { role: Role; snapshot: Snapshot }[],
): Promise<import('../../types.js').AuditResult> {
  const store = await openCliStore(io, storeOption);
  if (!store.exists()) return result;
  const { attributeFindings } = await import('../../history/index.js');
  return attributeFindings(store, pair, result, snapshots);
}

function parseRole(text: string | undefined): Role | undefined {
  if (text === undefined) return undefined;
  const role = text.toLowerCase() as Role;
  if (!ROLES.includes(role)) throw new UsageError(`--role ${JSON.stringify(text)}: expected one of ${ROLES.join(', ')}`);
  return role;
}

function parseTime(option: string, text: string | undefined, endOfDay: boolean): string | undefined {
  if (text === undefined) return undefined;
  // A bare date means the whole day: --since 2026-11-01 --until 2026-11-30 includes the 30th.
  const bare = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const d = new Date(bare ? `${text}T${endOfDay ? '23:59:59.999' : '00:00:00.000'}Z` : text);
  if (Number.isNaN(d.getTime())) throw new UsageError(`${option} ${JSON.stringify(text)}: expected a date (2026-11-20) or an ISO time (2026-11-20T14:00:00Z)`);
  return d.toISOString();
}

const CHANGE_FORMATS = ['text', 'json', 'markdown', 'html', 'pdf'] as const;
type ChangeFormat = (typeof CHANGE_FORMATS)[number];
const changeFormatByExtension: Record<string, ChangeFormat> = { '.txt': 'text', '.json': 'json', '.md': 'markdown', '.markdown': 'markdown', '.html': 'html', '.htm': 'html', '.pdf': 'pdf' };

/** --format, else the -o file's extension, else text. */
function changeFormat(format: string | undefined, output: string | undefined): ChangeFormat {
  if (format !== undefined) {
    const name = format.toLowerCase() as ChangeFormat;
    if (!CHANGE_FORMATS.includes(name)) throw new UsageError(`--format ${JSON.stringify(format)}: expected one of ${CHANGE_FORMATS.join(', ')}`);
    return name;
  }
  return (output !== undefined && changeFormatByExtension[extname(output).toLowerCase()]) || 'text';
}

interface WriteOpts {
  store?: string;
  author?: string;
  ticket?: string;
  note?: string;
}

interface InputFlags {
  at?: string;
  lenient?: boolean;
  profile?: string;
  instance?: string;
  maxInputSize?: string;
}

/** Reads what `record` was given (export, bundle folder or snapshot JSON) through the collector. */
async function readInput(io: CliIO, input: string, flags: InputFlags, role?: Role): Promise<Snapshot> {
  const { collectServer, loadProfile } = await import('../../collect/index.js');
  const key = io.env.PAIRAUDIT_SECRET_KEY;
  const snapshot = await collectServer(resolve(io.cwd, input), {
    now: io.now(),
    toolVersion: io.version,
    at: flags.at,
    lenient: flags.lenient === true,
    profile: flags.profile !== undefined ? await loadProfile(resolve(io.cwd, flags.profile)) : undefined,
    secretKey: key !== undefined && key !== '' ? key : undefined,
    role,
    instance: flags.instance,
    maxInputSize: maxInputSize(flags.maxInputSize),
  });
  for (const w of snapshot.warnings ?? []) io.stderr(`pairaudit: warning: ${input}: ${w.file}${w.line !== undefined ? `: line ${w.line}` : ''}: ${w.message}\n`);
  return snapshot;
}

export function registerHistory(program: Command, io: CliIO): void {
  const storeOption = ['--store <dir>', 'history store folder (default: $PAIRAUDIT_STORE, else .pairaudit in the working directory)'] as const;

  program
    .command('record')
    .description("Record a server's snapshot in the history store; journals it as unchanged when nothing changed since its last snapshot")
    .argument('<input>', 'a registry export, a collection bundle folder, or a snapshot JSON')
    .option('--server <name>', "name of the server in the history (default: the snapshot's server label)")
    .option('--pair <name>', 'the pair this server belongs to')
    .option('--role <role>', `its role in the pair: ${ROLES.join(', ')}`)
    .option('--author <name>', 'who records (default: $USERNAME / $USER)')
    .option('--ticket <id>', 'change ticket')
    .option('--note <text>', 'why the configuration changed')
    .option('--at <time>', 'collection time (ISO 8601) for an export that does not record one; default: now')
    .option('--lenient', 'keep going past lines that fit no registry syntax')
    .option('--profile <file>', 'a corrected copy of profiles/geo-scada.json')
    .option('--instance <name>', 'Geo SCADA named instance to read')
    .option(...maxInputSizeOption)
    .option(...storeOption)
    .action(async (input: string, opts: WriteOpts & InputFlags & { server?: string; pair?: string; role?: string }) => {
      const role = parseRole(opts.role);
      const snapshot = await readInput(io, input, opts, role);
      if (opts.pair !== undefined && (role ?? snapshot.server.role) === undefined) {
        throw new UsageError('record: --pair needs --role (main, standby-a, ...) so that the pair knows which server is which');
      }
      const store = await openCliStore(io, opts.store);
      const { recordSnapshot } = await import('../../history/index.js');
      const out = await recordSnapshot(store, snapshot, {
        at: io.now().toISOString(),
        author: authorOf(io, opts.author),
        ticket: opts.ticket,
        note: opts.note,
        server: opts.server,
        pair: opts.pair,
        role,
      });
      const e = out.entry;
      if (e.type === 'checked-unchanged') io.stdout(`${e.server}: unchanged since entry ${e.previous.seq}; journalled as checked (entry ${e.seq})\n`);
      else if (out.first) io.stdout(`${e.server}: first snapshot recorded (entry ${e.seq}, ${e.settingCount} settings, ${e.fingerprint.slice(0, 12)})\n`);
      else {
        const { displayText } = await import('../../report/view.js');
        io.stdout(`${e.server}: ${out.changes.length} change(s) recorded (entry ${e.seq})\n`);
        out.changes.forEach((c, i) => {
          const before = c.kind === 'added' ? '(absent)' : displayText(c.from);
          const after = c.kind === 'removed' ? '(absent)' : displayText(c.to);
          io.stdout(`  [${e.seq}.${i + 1}] ${c.setting}: ${before} → ${after}\n`);
        });
        if (e.note === undefined) io.stdout(`  no --note given: explain with \`pairaudit note ${e.seq} --text ...\`\n`);
      }
    });

  program
    .command('changes')
    .description('List every setting added, removed or changed between consecutive snapshots, with who, when and why; undocumented changes flagged')
    .option('--server <name>', 'only this server')
    .option('--pair <name>', 'only the servers of this pair')
    .option('--since <date>', 'changes first seen at or after this date/time')
    .option('--until <date>', 'changes first seen at or before this date/time')
    .option('-f, --format <format>', 'text, json, markdown, html or pdf (default: from the -o extension, else text)')
    .option('-o, --output <file>', 'write to this file (atomically) instead of standard output')
    .option('--site <name>', 'site name for the change record')
    .option('--title <text>', 'title of the change record', 'Change record')
    .option(...storeOption)
    .action(async (opts: { server?: string; pair?: string; since?: string; until?: string; format?: string; output?: string; site?: string; title: string; store?: string }) => {
      const format = changeFormat(opts.format, opts.output);
      const since = parseTime('--since', opts.since, false);
      const until = parseTime('--until', opts.until, true);
      const toStdout = opts.output === undefined || opts.output === '-';
      if (format === 'pdf' && toStdout && io.isTTY) throw new UsageError('a PDF is binary and would garble the terminal; write it to a file with -o changes.pdf');
      const store = await openCliStore(io, opts.store);
      const [{ listChanges, indexJournal }, { renderChanges, buildChangeRecordView }] = await Promise.all([import('../../history/index.js'), import('../../report/changes/index.js')]);
      const entries = store.readJournal();
      // A misspelt name would give an empty record that looks like "no changes": say so instead.
      const index = indexJournal(entries);
      const known = (names: string[]) => (names.length > 0 ? names.sort().join(', ') : 'none yet');
      if (opts.server !== undefined && !index.servers.has(opts.server.toLowerCase())) {
        throw new UsageError(`--server ${JSON.stringify(opts.server)}: no such server in the store; known servers: ${known([...index.servers.values()].map((s) => s.name))}`);
      }
      if (opts.pair !== undefined && !index.pairs.has(opts.pair.toLowerCase())) {
        throw new UsageError(`--pair ${JSON.stringify(opts.pair)}: no such pair in the store; known pairs: ${known([...index.pairs.values()].map((p) => p.name))}`);
      }
      const rows = listChanges(entries, { server: opts.server, pair: opts.pair, since, until }, index);
      const last = entries[entries.length - 1];
      const view = buildChangeRecordView({
        rows,
        head: last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: '0'.repeat(64) },
        entries: entries.length,
        generatedAt: io.now().toISOString(),
        tool: { name: 'pairaudit', version: io.version },
        site: opts.site,
        pair: opts.pair,
        server: opts.server,
        since,
        until,
        title: opts.title,
      });
      const data = await renderChanges(view, format, formatContext(io, toStdout));
      writeOutput(io, data, toStdout ? undefined : resolve(io.cwd, opts.output!));
    });

  program
    .command('note')
    .description('Explain a recorded change after the fact (a new journal entry; nothing is rewritten)')
    .argument('<target>', 'a change id as `changes` lists it (42.3), or a journal entry number (42)')
    .requiredOption('--text <text>', 'the explanation')
    .option('--author <name>', 'who explains (default: $USERNAME / $USER)')
    .option('--ticket <id>', 'change ticket')
    .option(...storeOption)
    .action(async (target: string, opts: { text: string; author?: string; ticket?: string; store?: string }) => {
      const store = await openCliStore(io, opts.store);
      const { addNote } = await import('../../history/index.js');
      const e = await addNote(store, target, { at: io.now().toISOString(), author: authorOf(io, opts.author), ticket: opts.ticket, note: opts.text });
      io.stdout(`note on ${target} recorded (entry ${e.seq})\n`);
    });

  program
    .command('approve')
    .description("Record the pair's current snapshots as its approved baseline; later audits say which server changed since")
    .requiredOption('--pair <name>', 'the pair')
    .option('--author <name>', 'who approves (default: $USERNAME / $USER)')
    .option('--ticket <id>', 'change ticket')
    .option('--note <text>', 'why this baseline is approved')
    .option(...storeOption)
    .action(async (opts: WriteOpts & { pair: string }) => {
      const store = await openCliStore(io, opts.store);
      const { approveBaseline } = await import('../../history/index.js');
      const e = await approveBaseline(store, opts.pair, { at: io.now().toISOString(), author: authorOf(io, opts.author), ticket: opts.ticket, note: opts.note });
      io.stdout(`baseline of ${e.pair} approved (entry ${e.seq}):\n`);
      for (const s of e.servers) io.stdout(`  ${s.role}: ${s.server} snapshot ${s.fingerprint.slice(0, 12)} (entry ${s.seq})\n`);
    });

  program
    .command('verify')
    .description('Recompute every hash of the history journal and check the stored snapshots; exit 0 when intact, 1 when not')
    .option('--deep', 'also re-hash the content of every stored snapshot (slower)')
    .option('--format <format>', 'text or json', 'text')
    .option(...storeOption)
    .action(async (opts: { deep?: boolean; format: string; store?: string }) => {
      if (opts.format !== 'text' && opts.format !== 'json') throw new UsageError(`--format ${JSON.stringify(opts.format)}: expected text or json`);
      const store = await openCliStore(io, opts.store);
      const { verifyStore } = await import('../../history/index.js');
      const report = verifyStore(store, { deep: opts.deep === true, process: cliProcessInfo() });
      if (opts.format === 'json') io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      else {
        if (report.ok) io.stdout(`intact: ${report.entries} entries, ${report.snapshotsChecked} snapshot and ${report.auditsChecked} audit references checked; head ${report.head.seq} ${report.head.hash}\n`);
        else {
          io.stdout(`BROKEN at entry ${report.firstBrokenSeq}: ${report.problems[0].file}: ${report.problems[0].detail}\n`);
          for (const p of report.problems.slice(1)) io.stdout(`  also entry ${p.seq}: ${p.file}: ${p.detail}\n`);
          io.stdout(`entries 1-${report.entries} are intact (head ${report.head.hash}); restore the rest from a backup or the store's git history\n`);
        }
        for (const n of report.notices) io.stdout(`note: ${n}\n`);
      }
      io.exitCode = report.ok ? 0 : 1;
    });
}
