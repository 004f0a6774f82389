// Where long names may break: after `.`, `:`, `\` and `/` (setting names, registry keys, paths, IPv6
// addresses), never inside a word, nor inside the escape a neutralised character is shown as (`\u0090`). HTML
// marks these places with <wbr> (the audit page's script gets this pattern in its data); the PDF line breaker and
// the text wrapper use the same places (pure).
import { SHOWN_AFTER_BACKSLASH } from './sanitize.js';

/**
 * A place a line may break: after `/`; after `\` unless it opens an escape (`\x1b`, `\u202e`: sanitize.ts); after
 * `.` or `:` unless digits stand on both sides (an IPv4 address, a version, the time of a timestamp stay whole);
 * when more text follows.
 */
export const AFTER_SEPARATOR = new RegExp(String.raw`(?<=\/)(?=[^\s.:\\/])|(?<=\\)(?!${SHOWN_AFTER_BACKSLASH})(?=[^\s.:\\/])|(?<=[.:])(?=[^\s.:\\/\d])|(?<=\D[.:])(?=\d)`, 'u');

/**
 * Splits text after each separator: `historic.historicData.keepOnlineWeeks` → `historic.`, `historicData.`,
 * `keepOnlineWeeks`; `10.30.1.19` and `2026-11-20T08:15:03.123Z` stay whole.
 */
export function breakSegments(text: string): string[] {
  return text.split(AFTER_SEPARATOR);
}

/** After a backslash, unless it opens an escape: where wrapPath breaks a registry location. */
export const AFTER_BACKSLASH = new RegExp(String.raw`(?<=\\)(?!${SHOWN_AFTER_BACKSLASH})`, 'u');

const UNITS = new RegExp(String.raw`\\(?:${SHOWN_AFTER_BACKSLASH})|[^]`, 'gu');

/**
 * The smallest pieces a line may be cut into, where a word is wider than the line: its characters, an escape
 * (`\u0090`) as one.
 */
export function unbreakableUnits(text: string): Iterable<string> {
  return text.includes('\\') ? (text.match(UNITS) ?? []) : text;
}
