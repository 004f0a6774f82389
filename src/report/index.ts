// Report formats of an audit result: a lazily loaded map from format name to a pure formatter.
import type { AuditResult } from '../types.js';
import { formatterMap, type Formatter } from './formatter-map.js';

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
export type AuditFormatter = Formatter<AuditResult>;

/** Formats whose output is bytes rather than text. */
export const binaryFormats: ReadonlySet<FormatName> = new Set<FormatName>(['pdf']);

const audit = formatterMap<FormatName, AuditResult>({
  text: async () => (await import('./text.js')).formatText,
  json: async () => (await import('./json.js')).formatJson,
  junit: async () => (await import('./junit.js')).formatJunit,
  markdown: async () => (await import('./markdown.js')).formatMarkdown,
  html: async () => (await import('./html/index.js')).formatHtml,
  pdf: async () => (await import('./pdf/index.js')).formatPdf,
});

export const isFormatName = audit.isName;

/** Loads one formatter by name. */
export const loadFormatter = audit.load;

/** Renders an audit (or check) result in one format: a string for text formats, bytes for PDF. */
export const renderAudit = audit.render;
