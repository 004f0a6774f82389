// Where long names may break: after `.`, `:`, `\` and `/` (setting names, registry keys, paths, IPv6
// addresses), never inside a word. HTML marks these places with <wbr> (the audit page's script gets this
// pattern in its data); the PDF line breaker uses the same places (pure).

/**
 * A place a line may break: after `\` or `/`, and after `.` or `:` unless digits stand on both sides (an IPv4
 * address, a version, the time of a timestamp stay whole), when more text follows.
 */
export const AFTER_SEPARATOR = /(?<=[\\/])(?=[^\s.:\\/])|(?<=[.:])(?=[^\s.:\\/\d])|(?<=\D[.:])(?=\d)/u;

/**
 * Splits text after each separator: `historic.historicData.keepOnlineWeeks` → `historic.`, `historicData.`,
 * `keepOnlineWeeks`; `10.30.1.19` and `2026-11-20T08:15:03.123Z` stay whole.
 */
export function breakSegments(text: string): string[] {
  return text.split(AFTER_SEPARATOR);
}
