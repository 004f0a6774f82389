// How long a value every human format shows, and how it says the rest was cut (pure). The JSON report keeps it whole.

/**
 * The characters of a value a report shows (each line of a value, each item of a list counted). What real settings
 * hold stays far under it: a path (260 characters, 32,767 at the most with long paths, never seen in a Geo SCADA
 * key), a connection string (a few hundred), a REG_MULTI_SZ list of addresses or paths (a few dozen items).
 * Windows' own guidance is that a value of more than 2,048 bytes belongs in a file, not the registry ("Registry
 * element size limits"); 4,096 characters is twice that, so no setting as written by a tool is cut, while a 1 MB
 * value (an export the registry allows, edited or hostile) no longer makes a Markdown ticket, a JUnit page or an
 * HTML report unreadable.
 */
export const SHOWN_LIMIT = 4096;

/**
 * A finding's message holds up to two values (`Main has …, Standby A has …`) and its sentence: it is cut when it
 * is longer than that after each of its values is cut (a saved result without the values' data).
 */
export const MESSAGE_LIMIT = 3 * SHOWN_LIMIT;

/** `1,048,576`: the same in every locale (a report is the same bytes wherever it is made). */
function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** What follows a value cut after its first characters (and `…`): how much is left out, and where it is whole. */
function cutMarker(more: number, unit = 'character'): string {
  return `(cut: ${count(more)} more ${unit}${more === 1 ? '' : 's'}; the JSON report has the whole value)`;
}

/** What opens a value shown from further in: how much before it is left out. */
function cutBeforeMarker(before: number, unit = 'character'): string {
  return `(cut: the first ${count(before)} ${unit}${before === 1 ? '' : 's'}) …`;
}

/**
 * Where `text` may be cut at or before `at`: not between the two halves of a character beyond U+FFFF, nor inside the
 * escape a neutralised character is shown as (`\u202e`, `\x1b`: sanitize.ts), which would read as other text.
 */
function cutPoint(text: string, at: number): number {
  let i = Math.max(0, Math.min(at, text.length));
  if (i > 0 && i < text.length && /[\ud800-\udbff]/.test(text[i - 1]!) && /[\udc00-\udfff]/.test(text[i]!)) i--;
  const open = /\\(?:x[0-9a-f]?|u[0-9a-f]{0,3})$/.exec(text.slice(Math.max(0, i - 6), i));
  return open === null ? i : i - open[0].length;
}

/**
 * A text of at most `limit` characters and the marker: its start, or from `from` on (values that differ only past
 * the limit are shown where they differ). A JSON-quoted text (`"…"`, a value shown exactly) keeps its closing quote.
 */
export function cutText(text: string, limit = SHOWN_LIMIT, from = 0): string {
  if (text.length <= limit && from === 0) return text;
  const start = from > 0 ? cutPoint(text, from) : 0;
  if (start === 0 && text.length <= limit) return text;
  const end = start + limit >= text.length ? text.length : cutPoint(text, start + limit);
  const quoted = text.length > 1 && text.startsWith('"') && text.endsWith('"') && end < text.length;
  const head = start > 0 ? `${cutBeforeMarker(start)}${text.slice(start, end)}` : text.slice(0, end);
  return end === text.length ? head : `${head}…${quoted ? '"' : ''} ${cutMarker(text.length - end)}`;
}

/**
 * Lines (a list's items, a text's lines) holding at most `limit` characters in all: the lines past it left out and
 * said so on a line of their own, a line that crosses it cut; from line `from` on, when the lines before are the same.
 */
export function cutLines(lines: string[], limit = SHOWN_LIMIT, from = 0): string[] {
  if (from === 0) {
    // Most values are far under the limit: the same lines, no copy.
    let total = 0;
    for (const line of lines) if ((total += line.length) > limit) break;
    if (total <= limit) return lines;
  }
  const out: string[] = from > 0 ? [cutBeforeMarker(from, 'line')] : [];
  let room = limit;
  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!;
    if (room <= 0) {
      out.push(`… ${cutMarker(lines.length - i, 'line')}`);
      break;
    }
    out.push(cutText(line, room));
    room -= line.length;
  }
  return out;
}

/**
 * A finding's message with each value in it cut: the engine writes a value into the message as its data holds it
 * (`mainValue`, `otherValue`), so a 1 MB value was in the message twice. What is still longer than MESSAGE_LIMIT
 * (a saved result that lacks the data) is cut as one text.
 */
export function cutMessage(message: string, data?: Readonly<Record<string, string | number>>): string {
  if (message.length <= SHOWN_LIMIT) return message;
  const long = Object.values(data ?? {}).filter((v): v is string => typeof v === 'string' && v.length > SHOWN_LIMIT && message.includes(v));
  // Two values that differ only past the limit (`Main has "AAA…", Standby A has "AAA…"`) are shown where they differ.
  let from = 0;
  for (let i = 0; i < long.length; i++)
    for (let j = i + 1; j < long.length; j++) if (long[i] !== long[j] && cutText(long[i]!) === cutText(long[j]!)) from = Math.max(from, firstDifference(long[i]!, long[j]!) - CONTEXT);
  let out = message;
  for (const value of long) out = out.split(value).join(cutText(value, SHOWN_LIMIT, from));
  return cutText(out, MESSAGE_LIMIT);
}

/** Characters shown before the first difference of values that differ past SHOWN_LIMIT. */
export const CONTEXT = 200;

/** The first position where two texts differ (the shorter one's length when one starts the other). */
export function firstDifference(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}
