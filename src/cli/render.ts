// How every reporting command picks its format and writes the report: --format, -o, colour, fonts.
import { extname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import type { AuditResult } from '../types.js';
import type { FleetResult } from '../fleet/types.js';
import type { FormatContext } from '../report/context.js';
import type { ChangeRecordView } from '../report/changes/view.js';
import { binaryFormats, formatExtensions, formatAliasesOf, formatExtensionsOf, formatFromExtension, formatFromName, FORMATS, verdictLabels, type FormatName } from '../vocabulary.js';
import { writeOutput, type CliIO, type OutputData } from './io.js';
import { letYoungGenerationGrow } from './v8-flags.cjs';

/** Every audit report format (from the vocabulary, so registering options loads no report code). */
export const reportFormats: readonly FormatName[] = FORMATS;

export interface ReportOptions {
  format?: string;
  output?: string;
  /** --quiet: no summary line, no progress (errors and the report itself still appear). */
  quiet?: boolean;
  /** --color / --no-color; undefined leaves it to NO_COLOR, FORCE_COLOR and the terminal. */
  color?: boolean;
}

/** The formats of a command that reports as text or JSON only (`verify`, `rules list`/`show`, `profile check`). */
export const TEXT_OR_JSON: readonly FormatName[] = ['text', 'json'];

/** Adds `-f`, `-o` and `--quiet` to a command that writes a report: the format rule of resolveFormat. */
export function addFormatOptions(cmd: Command, formats: readonly FormatName[] = FORMATS): Command {
  return cmd
    .option('-f, --format <format>', `report format: ${formats.join(', ')} (default: from the -o extension, else text)`)
    .option('-o, --output <file>', 'write the report to this file (atomically) instead of standard output; one summary line goes to standard error')
    .option('-q, --quiet', 'no summary line and no progress (errors and the report still appear)');
}

/** Adds `-f`, `-o`, `--quiet` and `--color/--no-color` to a reporting command. */
export function addReportOptions(cmd: Command, formats: readonly FormatName[] = FORMATS): Command {
  return addFormatOptions(cmd, formats)
    .option('--color', 'colour the text report even when NO_COLOR is set or standard output is not a terminal')
    .option('--no-color', 'no colour in the text report');
}

const toStdout = (opts: ReportOptions): boolean => opts.output === undefined || opts.output === '-';

/**
 * The one format rule of every reporting command: --format if given (a name or an alias such as md, htm);
 * else the -o file's extension; else text. An unknown format, an unknown extension, or an -o file
 * without extension and without --format is a usage error that lists what is valid.
 */
export function resolveFormat<F extends FormatName>(opts: ReportOptions, formats: readonly F[] = FORMATS as readonly F[]): F {
  const valid = (f: FormatName | undefined): f is F => f !== undefined && (formats as readonly FormatName[]).includes(f);
  if (opts.format !== undefined) {
    const f = formatFromName(opts.format);
    if (valid(f)) return f;
    const aliases = formatAliasesOf(formats);
    const also = aliases.length === 0 ? '' : ` (${aliases.length === 1 ? `${aliases[0]} is` : `${aliases.slice(0, -1).join(', ')} and ${aliases.at(-1)} are`} accepted too)`;
    throw new UsageError(`--format ${JSON.stringify(opts.format)} is not a format of this report; use one of ${formats.join(', ')}${also}`);
  }
  if (toStdout(opts)) return 'text' as F;
  if (/[\\/]$/.test(opts.output!)) throw new UsageError(`-o ${opts.output}: a folder; give a file name inside it, e.g. -o ${opts.output}report${formatExtensions[formats.includes('html' as F) ? 'html' : formats[0]!]}`);
  const ext = extname(opts.output!);
  const extensions = formatExtensionsOf(formats).join(', ');
  if (ext === '') throw new UsageError(`-o ${opts.output}: no extension to tell the format by; name the file with one of ${extensions}, or give --format (${formats.join(', ')})`);
  const f = formatFromExtension(ext);
  if (valid(f)) return f;
  throw new UsageError(`-o ${opts.output}: ${JSON.stringify(ext)} names no format of this report; use one of ${extensions}, or give --format (${formats.join(', ')})`);
}

/**
 * `parse` and `collect` write JSON and nothing else: an -o whose extension names another format (`main.html`,
 * `snapshot.md`) is a mistake, refused before any work; any other name (`main.snapshot`, none) is the JSON.
 */
export function checkJsonOutput(output: string | undefined): void {
  if (output === undefined || output === '-') return;
  const format = formatFromExtension(extname(output));
  if (format !== undefined && format !== 'json') throw new UsageError(`-o ${output}: ${JSON.stringify(extname(output))} names the ${format} format, but this command writes JSON only; name the file with .json`);
}

/**
 * Colour for text on standard output: --color/--no-color first, then NO_COLOR (https://no-color.org: any
 * non-empty value), then FORCE_COLOR (non-empty, not 0), else only on a terminal. Never into a file.
 */
export function useColor(io: CliIO, toStdout: boolean, flag?: boolean): boolean {
  if (!toStdout || flag === false) return false;
  if (flag === true) return true;
  const noColor = io.env.NO_COLOR;
  if (noColor !== undefined && noColor !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '' && io.env.FORCE_COLOR !== '0') return true;
  return io.isTTY;
}

/** The narrowest and widest layout of a text report on a terminal: narrower leaves no room for the labels, wider is hard to read. */
export const TERMINAL_WIDTH = { min: 40, max: 120 } as const;

/**
 * The width to lay a text report out for when standard output is a terminal: COLUMNS when set (a user's override),
 * else the terminal's own width (shells do not export COLUMNS, Windows consoles never set it), kept within
 * TERMINAL_WIDTH. Undefined (80) for a pipe or a file, so a report written there is the same whatever the terminal.
 */
export function terminalWidth(io: CliIO): number | undefined {
  if (!io.isTTY) return undefined;
  const fromEnv = Number(io.env.COLUMNS);
  const columns = io.env.COLUMNS !== undefined && Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : io.stdoutColumns?.();
  if (columns === undefined || !Number.isInteger(columns) || columns <= 0) return undefined;
  return Math.min(Math.max(columns, TERMINAL_WIDTH.min), TERMINAL_WIDTH.max);
}

/**
 * The formatter context for a report in `format`: colour, width, and where PDF fonts may be found. Called just
 * before the report is rendered: for a PDF, V8 may grow its young generation again (letYoungGenerationGrow).
 */
export function formatContext(io: CliIO, format: string, toStdout: boolean, opts: Pick<ReportOptions, 'color'> = {}): FormatContext {
  if (format === 'pdf') letYoungGenerationGrow();
  const width = toStdout ? terminalWidth(io) : undefined;
  // The output guard passes the report's own colour codes only when colour is on (main.ts guardStreams).
  if (toStdout) io.ownColour = useColor(io, true, opts.color);
  const windir = io.env.WINDIR ?? io.env.SystemRoot;
  const fontFile = io.env.PAIRAUDIT_PDF_FONT;
  return {
    color: useColor(io, toStdout, opts.color),
    now: io.now(),
    ...(width !== undefined ? { width } : {}),
    ...(fontFile ? { fontFile } : {}),
    ...(windir ? { fontDirs: [join(windir, 'Fonts')] } : {}),
    warn: (message) => io.stderr(`pairaudit: warning: ${message}\n`),
  };
}

/** Refuses a PDF to a terminal, before any work is done. */
export function checkBinaryTarget(io: CliIO, format: FormatName, opts: ReportOptions): void {
  if (binaryFormats.has(format) && toStdout(opts) && io.isTTY) throw new UsageError(`a ${format.toUpperCase()} is binary and would garble the terminal; write it to a file with -o report${formatExtensions[format]}`);
}

/**
 * Writes a rendered report to standard output, or atomically to -o FILE followed by one summary line on
 * standard error (`pairaudit: DRIFT: 3 failed, …; wrote audit.html`) unless --quiet.
 */
export function writeReport(io: CliIO, data: OutputData, opts: ReportOptions, summary: string): void {
  if (toStdout(opts)) {
    writeOutput(io, data);
    return;
  }
  writeOutput(io, data, resolve(io.cwd, opts.output!), `report${formatExtensions[resolveFormat(opts)]}`);
  if (opts.quiet !== true) io.stderr(`pairaudit: ${summary}; wrote ${opts.output}\n`);
}

/** A side note on standard error (journal entries recorded, …), dropped by --quiet. */
export function note(io: CliIO, opts: ReportOptions, text: string): void {
  if (opts.quiet !== true) io.stderr(`pairaudit: ${text}\n`);
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The summary line of an audit or check: `DRIFT: 3 failed, 1 unknown, 2 waived, 40 passed`. */
export function auditSummary(result: AuditResult): string {
  const t = result.totals;
  const head = result.kind === 'check' ? ((result.go ?? result.verdict === 'in-parity') ? 'GO' : 'NO-GO') : verdictLabels[result.verdict];
  return `${head}: ${t.fail} failed, ${t.unknown} unknown, ${t.waived} waived, ${t.pass} passed`;
}

/** The summary line of a fleet: `DRIFT: 12 pairs, 2 drift, 1 incomplete, 9 in parity, 0 errors`. */
export function fleetSummary(result: FleetResult): string {
  const o = result.outcomes;
  const worst = o.error > 0 ? 'ERROR' : o.drift > 0 ? 'DRIFT' : o.incomplete > 0 ? 'INCOMPLETE' : 'IN PARITY';
  return `${worst}: ${plural(result.pairs.length, 'pair')}, ${o.drift} drift, ${o.incomplete} incomplete, ${o['in-parity']} in parity, ${plural(o.error, 'error')}`;
}

/** The summary line of a change record (`14 changes, 3 undocumented, 1 changeover`) or of a changeover record. */
export function changesSummary(view: Pick<ChangeRecordView, 'counts' | 'focus' | 'changeovers'>): string {
  const changeovers = view.counts.changeovers ?? 0;
  if (view.focus === 'changeovers') {
    const across = view.changeovers.reduce((n, c) => n + c.changes.length, 0);
    const undocumented = view.changeovers.reduce((n, c) => n + c.undocumented, 0);
    return `${plural(changeovers, 'changeover')}, ${plural(across, 'setting change')} across them, ${undocumented} undocumented`;
  }
  return `${plural(view.counts.changes, 'change')}, ${view.counts.undocumented} undocumented${changeovers > 0 ? `, ${plural(changeovers, 'changeover')}` : ''}`;
}

/** Renders an audit or check result in the chosen format and writes it to stdout or -o FILE. */
export async function writeAuditReport(io: CliIO, result: AuditResult, opts: ReportOptions): Promise<FormatName> {
  const format = resolveFormat(opts);
  checkBinaryTarget(io, format, opts);
  // JSON in pieces of about 20 K characters (formatJsonPieces): a report of many findings is never one string (nor its UTF-8 copy).
  // They come as UTF-8 already neutralised (each string as it is written), so the output guard does not scan them again.
  const ctx = formatContext(io, format, toStdout(opts), opts);
  const data = format === 'json' ? (await import('../report/json.js')).formatJsonBytes(result) : await (await import('../report/index.js')).renderAudit(result, format, ctx);
  writeReport(io, data, opts, auditSummary(result));
  return format;
}
