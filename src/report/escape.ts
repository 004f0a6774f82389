// Escaping for every markup a report writes: HTML, XML 1.0 (with illegal characters removed), Markdown.
import { holdsRtlText, quotedPieces } from './direction.js';

// The same entities Handlebars writes, so text escaped here and in templates looks alike.
const htmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;', '`': '&#x60;', '=': '&#x3D;' };

/** Escapes text for HTML element content and quoted attribute values (same set as Handlebars). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`=]/g, (c) => htmlEntities[c]!);
}

// XML 1.0 allows only #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF];
// with the u flag a lone surrogate is one code point in D800-DFFF, so it is removed too.
const illegalXml = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Removes the characters XML 1.0 cannot carry at all (control characters, lone surrogates, U+FFFE/FFFF). */
export function stripIllegalXml(text: string): string {
  return text.replace(illegalXml, '');
}

const xmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes text for XML content and attribute values; line breaks in attributes stay as character references. */
export function escapeXml(text: string, attribute = false): string {
  const escaped = stripIllegalXml(text).replace(/[&<>"']/g, (c) => xmlEntities[c]!);
  return attribute ? escaped.replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;') : escaped;
}

/** What opens a block at the start of a line: a heading, a list item, a rule of dashes, a numbered item. */
const BLOCK_START = /^(?:#(?=#{0,5}(?:[ \t]|$))|[+-](?=[ \t]|$)|-(?=(?:[ \t]*-){2,}[ \t]*$)|(\d{1,9})([.)])(?=[ \t]|$))/;

/**
 * Where GitHub's Markdown (cmark-gfm's autolink extension) makes a link of plain text: `https://`, `http://`,
 * `ftp://` (any case) and `www.`. The colon or the dot is escaped (`https\://`, `www\.`): the parser reads an
 * escape before it looks for a link, so the text shows as it is and links nowhere (another scheme's too: a renderer
 * may link more than GitHub's).
 */
const AUTOLINK_START = /:(?=\/\/)|(?<=www)\.(?=\S)/gi;
/**
 * An e-mail address (`ops@evil.example`, `mailto:` and `xmpp:` ones too) is linked after the text is parsed and its
 * escapes resolved, so an escape does not stop it; an empty element before the `@` splits the text it is found in.
 */
const EMAIL_AT = /(?<=[a-z0-9.+_-])@(?=[a-z0-9_-])/gi;

/**
 * Escapes text for one Markdown table cell, inline run or list item: backslash-escapes the punctuation that is
 * markup inside a line (emphasis, code, links, table pipes, strikethrough), turns `<` `>` `&` into entities (no raw
 * HTML gets through; so `>` cannot open a quote), and line breaks into `<br>`. At the start, what opens a block
 * where the text starts one (a list item `- ${text}`): `# ` a heading, `- ` `+ ` a list, `---` a rule, `1. ` a
 * numbered list (BLOCK_START), so that a server label `# IN PARITY` in a warning cannot print as a heading of the
 * report; `#1`, `-5` and `0.1.0` open nothing and are left as they are.
 */
export function escapeMarkdown(text: string): string {
  const escaped = holdsRtlText(text) ? isolatedMarkdown(text) : escapeInline(text);
  return escaped.replace(BLOCK_START, (m, digits?: string, mark?: string) => (digits === undefined ? `\\${m}` : `${digits}\\${mark}`));
}

function escapeInline(text: string): string {
  return text
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(AUTOLINK_START, '\\$&')
    .replace(EMAIL_AT, '<wbr>@')
    .replace(/\r?\n/g, '<br>');
}

/**
 * Each quoted text holding right-to-left letters (a value, direction.ts) in a `<span dir="auto">`, which isolates it
 * as a <bdi> does (GitHub's Markdown keeps span and dir, and drops bdi): `["א", "ב"]` read as `["ב", "א"]` in a
 * rendered ticket, a change `"א" → "ב"` as `"ב" → "א"`.
 */
function isolatedMarkdown(text: string): string {
  return quotedPieces(text)
    .map((p) => (p.quoted && holdsRtlText(p.text) ? `<span dir="auto">${escapeInline(p.text)}</span>` : escapeInline(p.text)))
    .join('');
}

/**
 * Text as inline code in Markdown, for setting names and values; falls back to escaped text when it has backticks or
 * breaks, and to code in HTML when it holds right-to-left text (its quoted texts isolated: a code span holds no markup).
 */
export function markdownCode(text: string): string {
  if (holdsRtlText(text)) return `<code>${escapeMarkdown(text)}</code>`;
  if (text === '' || /[`\r\n|<>&]/.test(text)) return escapeMarkdown(text);
  return `\`${text}\``;
}

/**
 * A Markdown link `[text](url)`: the text escaped as above, the URL with the characters that could end or
 * break the destination percent-encoded. Callers pass http(s) URLs only (the view drops every other scheme).
 */
export function markdownLink(text: string, url: string): string {
  const destination = url.replace(/[()<>\s|\\`"']/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `[${escapeMarkdown(text)}](${destination})`;
}
