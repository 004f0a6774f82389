// How every reporting command picks its format and writes the report: --format, -o, colour, fonts.
import { extname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import type { AuditResult } from '../types.js';
import type { FormatContext, FormatName } from '../report/index.js';
import { writeOutput, type CliIO } from './io.js';

/** Mirrors formatNames in src/report/index.ts, kept here so registering options loads no report code. */
export const reportFormats: readonly FormatName[] = ['text', 'json', 'junit', 'markdown', 'html', 'pdf'];

const formatByExtension: Record<string, FormatName> = {
  '.txt': 'text',
  '.json': 'json',
  '.xml': 'junit',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.pdf': 'pdf',
};

export interface ReportOptions {
  format?: string;
  output?: string;
}

/** Adds `--format` and `-o, --output` to a command. */
export function addReportOptions(cmd: Command): Command {
  return cmd
    .option('-f, --format <format>', `report format: ${reportFormats.join(', ')} (default: from the -o extension, else text on a terminal and json otherwise)`)
    .option('-o, --output <file>', 'write the report to this file (atomically) instead of standard output');
}

/**
 * The format to use: --format if given; else from the output file's extension; else text on a terminal
 * and json when piped (scripts get a stable document).
 */
export function resolveFormat(io: CliIO, opts: ReportOptions): FormatName {
  if (opts.format !== undefined) {
    const name = opts.format.toLowerCase();
    if (!(reportFormats as readonly string[]).includes(name)) throw new UsageError(`--format ${JSON.stringify(opts.format)} is not a report format; use one of ${reportFormats.join(', ')}`);
    return name as FormatName;
  }
  if (opts.output !== undefined && opts.output !== '-') {
    const byExt = formatByExtension[extname(opts.output).toLowerCase()];
    if (byExt) return byExt;
  }
  return io.isTTY ? 'text' : 'json';
}

/** Colour only for a terminal, never with NO_COLOR (https://no-color.org: any non-empty value). */
export function useColor(io: CliIO, toStdout: boolean): boolean {
  const noColor = io.env.NO_COLOR;
  if (noColor !== undefined && noColor !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '' && io.env.FORCE_COLOR !== '0') return toStdout;
  return toStdout && io.isTTY;
}

/** The formatter context for this run: colour, width, and where PDF fonts may be found. */
export function formatContext(io: CliIO, toStdout: boolean): FormatContext {
  const columns = Number(io.env.COLUMNS);
  const windir = io.env.WINDIR ?? io.env.SystemRoot;
  const fontFile = io.env.PAIRAUDIT_PDF_FONT;
  return {
    color: useColor(io, toStdout),
    now: io.now(),
    ...(toStdout && io.isTTY && Number.isInteger(columns) && columns >= 40 ? { width: Math.min(columns, 120) } : {}),
    ...(fontFile ? { fontFile } : {}),
    ...(windir ? { fontDirs: [join(windir, 'Fonts')] } : {}),
  };
}

/** Renders an audit or check result in the chosen format and writes it to stdout or -o FILE. */
export async function writeAuditReport(io: CliIO, result: AuditResult, opts: ReportOptions): Promise<FormatName> {
  const format = resolveFormat(io, opts);
  const toStdout = opts.output === undefined || opts.output === '-';
  if (format === 'pdf' && toStdout && io.isTTY) throw new UsageError('a PDF is binary and would garble the terminal; write it to a file with -o report.pdf');
  const { renderAudit } = await import('../report/index.js');
  const data = await renderAudit(result, format, formatContext(io, toStdout));
  writeOutput(io, data, toStdout ? undefined : resolve(io.cwd, opts.output!));
  return format;
}
