// Wrapping text to a terminal's width (CJK characters take two columns): the text formats and the CLI's help.
import { AFTER_BACKSLASH, unbreakableUnits } from './breaks.js';

/** Characters that take two columns in a terminal (CJK, full-width forms). */
const WIDE = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]|[\u{20000}-\u{3FFFD}]/gu;
/** A character from U+1100 on (also each half of a surrogate pair): below it, each code unit is one column. */
const PAST_NARROW = /[\u1100-\uffff]/;
const PAIR = /[\ud800-\udbff][\udc00-\udfff]/g;

/**
 * Appends `lines` to `out` one by one. A spread (`out.push(...lines)`) passes each line as an argument on the stack,
 * and a value of a few megabytes wraps into more lines than the stack holds: the report failed with a RangeError.
 */
export function pushLines(out: string[], lines: readonly string[]): void {
  for (const line of lines) out.push(line);
}

/** The columns `s` takes: one per character (a surrogate pair is one), two for a wide one. */
export function columns(s: string): number {
  if (!PAST_NARROW.test(s)) return s.length;
  return s.length - (s.match(PAIR)?.length ?? 0) + (s.match(WIDE)?.length ?? 0);
}

/**
 * Wraps a registry location after a backslash rather than at the space in `Schneider Electric`, so a
 * wrapped key still reads (and copies) as one path; never after the backslash of an escape (`\u0090`).
 */
export function wrapPath(text: string, width: number, first = '', rest = first): string[] {
  const tokens = text.split(AFTER_BACKSLASH);
  const lines: string[] = [];
  let line = first;
  for (const token of tokens) {
    if (line !== first && line !== rest && columns(line) + columns(token) > width) {
      lines.push(line);
      line = rest;
    }
    line += token;
  }
  lines.push(line);
  // A single segment longer than a line still has to break somewhere.
  return lines.flatMap((l, i) => (columns(l) <= width ? [l] : wrap(l.slice(i === 0 ? first.length : rest.length), width, i === 0 ? first : rest, rest)));
}

/**
 * Wraps `text` to `width` columns: the first line starts with `first`, the others with `rest`.
 * Breaks at spaces, and inside a word only when the word alone is longer than a line (paths, hashes).
 */
export function wrap(text: string, width: number, first = '', rest = first): string[] {
  const lines: string[] = [];
  let line = first;
  let lineCols = columns(first);
  let empty = true;
  const push = (): void => {
    lines.push(line.replace(/\s+$/, ''));
    line = rest;
    lineCols = columns(rest);
    empty = true;
  };
  for (const word of text.replace(/[\r\n\t]+/g, ' ').split(' ')) {
    if (word === '') continue;
    const wordCols = columns(word);
    const sep = empty ? 0 : 1;
    if (lineCols + sep + wordCols <= width) {
      line += (empty ? '' : ' ') + word;
      lineCols += sep + wordCols;
      empty = false;
      continue;
    }
    if (!empty) push();
    // Cut the word where the width runs out, in one pass over its characters (a 200,000-character value
    // took 12-15 s when each cut measured and copied the rest of the word again); a line holds at least one.
    // An escape a neutralised character is shown as (`\u0090`) is one piece.
    let cut = '';
    let cutCols = 0;
    for (const ch of unbreakableUnits(word)) {
      const c = ch.length === 1 && ch < '\u1100' ? 1 : columns(ch);
      if (cut !== '' && lineCols + cutCols + c > width) {
        line += cut;
        push();
        cut = '';
        cutCols = 0;
      }
      cut += ch;
      cutCols += c;
    }
    line += cut;
    lineCols += cutCols;
    empty = false;
  }
  if (!empty || lines.length === 0) push();
  return lines;
}
