// Right-to-left text in values: which letters are right-to-left, and how a value is delimited in a line (pure). The
// formats keep such a value from taking the quotes, commas and arrows around it into its direction.

/**
 * Right-to-left letters (Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan, Mandaic, their presentation forms, and
 * those beyond U+FFFF), as a character class for a pattern with the u flag.
 */
export const RTL_LETTER = String.raw`[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]`;

const RTL = new RegExp(RTL_LETTER, 'u');

/** Whether `text` holds a right-to-left letter. */
export function holdsRtlText(text: string): boolean {
  return RTL.test(text);
}

/**
 * A text in JSON's quotes, as a value is written exactly (display.ts exactText) and into a finding's message by the
 * engine: the piece of a line the HTML and Markdown reports isolate.
 */
export const QUOTED_TEXT = String.raw`"(?:[^"\\]|\\.)*"`;

/** A line cut into its quoted texts and what is between them, in order (`quoted` tells which). */
export function quotedPieces(text: string): { text: string; quoted: boolean }[] {
  const out: { text: string; quoted: boolean }[] = [];
  let at = 0;
  for (const m of text.matchAll(new RegExp(QUOTED_TEXT, 'g'))) {
    if (m.index > at) out.push({ text: text.slice(at, m.index), quoted: false });
    out.push({ text: m[0], quoted: true });
    at = m.index + m[0].length;
  }
  if (at < text.length || out.length === 0) out.push({ text: text.slice(at), quoted: false });
  return out;
}
