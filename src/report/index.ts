// Report formats of an audit result: a lazily loaded map from format name to a pure formatter.
import type { AuditResult } from '../types.js';
import { formatterMap, type Formatter } from './formatter-map.js';
import { FORMATS, binaryFormats, type FormatName } from '../vocabulary.js';

export type { FormatContext } from './context.js';
export type { FormatName };
export { binaryFormats };

/** Every format, in the order `--help` lists them. */
export const formatNames: readonly FormatName[] = FORMATS;

/** A formatter: a pure function of the result (same input, same bytes). */
export type AuditFormatter = Formatter<AuditResult>;

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
