// The self-contained HTML page shell shared by every HTML report: CSP by hash, inline CSS/JS, embedded JSON data.
import { createHash } from 'node:crypto';
import Handlebars from 'handlebars';
import { readAsset } from '../assets.js';
import { escapeHtml } from '../escape.js';
import { breakSegments } from '../breaks.js';
import { quotedPieces } from '../direction.js';

export { escapeHtml } from '../escape.js';

/** An isolated Handlebars environment (default escaping on; helpers shared by the report templates). */
export const handlebars = Handlebars.create();
handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
handlebars.registerHelper('breakable', (text: unknown) => new handlebars.SafeString(breakableHtml(String(text ?? ''))));
handlebars.registerHelper('isolated', (text: unknown) => new handlebars.SafeString(isolatedHtml(String(text ?? ''))));

/**
 * Escaped text with each quoted text in it (a value in a message, a change, a list's items: direction.ts) in a
 * <bdi>: right-to-left text in a value cannot take the quotes, commas and arrows around it into its direction.
 */
export function isolatedHtml(text: string): string {
  return quotedPieces(text).map((p) => (p.quoted ? `<bdi>${escapeHtml(p.text)}</bdi>` : escapeHtml(p.text))).join('');
}

/** Escaped text with <wbr> after each separator, so a narrow column breaks a long name at `.` and `\`, never mid-word. */
export function breakableHtml(text: string): string {
  return breakSegments(text).map(escapeHtml).join('<wbr>');
}

const compiled = new Map<string, HandlebarsTemplateDelegate>();

/** Compiles templates/<name> once. Templates escape by default; `{{{ }}}` is only for HTML we built and escaped. */
export function template(name: string): HandlebarsTemplateDelegate {
  let t = compiled.get(name);
  if (t === undefined) {
    t = handlebars.compile(readAsset(name), { strict: false, preventIndent: true });
    compiled.set(name, t);
  }
  return t;
}

/** The stylesheet every HTML report starts from (templates/report.css). */
export function baseCss(): string {
  return readAsset('report.css');
}

function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * JSON for a `<script type="application/json">` block: `<` is written as \u003c so that no value can
 * close the script element or open a comment, whatever it contains.
 */
export function scriptJson(data: unknown): string {
  return JSON.stringify(data).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export interface HtmlPage {
  title: string;
  /** The page body, already rendered (and escaped) by a template. */
  body: string;
  /** Extra CSS appended to the base stylesheet. */
  css?: string;
  /** Inline script (our own code, never data). */
  script?: string;
  /** Data for the script, embedded as JSON in `<script type="application/json" id=dataId>`. */
  data?: unknown;
  dataId?: string;
  generator: string;
}

/**
 * Renders a complete page that fetches nothing: the Content-Security-Policy allows no network source
 * at all, and only the exact inline style and script of this page (by SHA-256), so an injected
 * script or handler would not run even if escaping ever failed.
 */
export function renderHtmlPage(page: HtmlPage): string {
  const css = page.css ? `${baseCss()}\n${page.css}` : baseCss();
  const script = page.script ?? '';
  const csp = [
    "default-src 'none'",
    `style-src ${cspHash(css)}`,
    script ? `script-src ${cspHash(script)}` : "script-src 'none'",
    "img-src data:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return template('page.html.hbs')({
    title: page.title,
    generator: page.generator,
    csp,
    css,
    script,
    body: page.body,
    dataJson: page.data === undefined ? '' : scriptJson(page.data),
    dataId: page.dataId ?? 'page-data',
  });
}
