// Report formats of an audit result: a lazily loaded map from format name to a pure formatter.
import type { AuditResult } from '../types.js';

export type FormatName = 'text' | 'json' | 'junit' | 'markdown' | 'html' | 'pdf';

/** Every format, in the order `--help` lists them. */
export const formatNames: readonly FormatName[] = ['text', 'json', 'junit', 'markdown', 'html', 'pdf'];

/** What a formatter may know about where its output goes; everything else comes from the result. */
export interface FormatContext {
  /** ANSI colour in text output (the CLI sets it from isTTY and NO_COLOR). */
  color: boolean;
  /** Only for "generated" lines that are not the audit time; formatters default to result.generatedAt. */
  now?: Date;
  /** Text width in columns (text format); default 80. */
  width?: number;
  /** PDF: one font file for all text (`path` or `path#PostScriptName` for a .ttc); overrides the search. */
  fontFile?: string;
  /** PDF: extra font folders to search (the CLI adds %WINDIR%\\Fonts on Windows). */
  fontDirs?: string[];
}

/** A formatter: a pure function of the result (same input, same bytes). */
export type AuditFormatter = (result: AuditResult, ctx: FormatContext) => string | Uint8Array | Promise<string | Uint8Array>;

/** Formats whose output is bytes rather than text. */
export const binaryFormats: ReadonlySet<FormatName> = new Set<FormatName>(['pdf']);

// Stylelint style: each formatter is imported only when used, so handlebars and pdfkit load on demand.
const loaders: Record<FormatName, () => Promise<AuditFormatter>> = {
  text: async () => (await import('./text.js')).formatText,
  json: async () => (await import('./json.js')).formatJson,
  junit: async () => (await import('./junit.js')).formatJunit,
  markdown: async () => (await import('./markdown.js')).formatMarkdown,
  html: async () => (await import('./html/index.js')).formatHtml,
  pdf: async () => (await import('./pdf/index.js')).formatPdf,
};

export function isFormatName(name: string): name is FormatName {
  return Object.prototype.hasOwnProperty.call(loaders, name);
}

/** Loads one formatter by name. */
export async function loadFormatter(format: FormatName): Promise<AuditFormatter> {
  return loaders[format]();
}

/** Renders an audit (or check) result in one format: a string for text formats, bytes for PDF. */
export async function renderAudit(result: AuditResult, format: FormatName, ctx: FormatContext): Promise<string | Uint8Array> {
  const formatter = await loadFormatter(format);
  return formatter(result, ctx);
}
