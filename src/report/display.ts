// How a value reads in a report: one line, or lines for a diff (pure). Values shown side by side that differ but
// would read alike (80 and "80", "abc" and "abc ", an absent value and the text "(absent)") are shown exactly.
import type { DisplayValue } from '../types.js';
import { isSecretDisplay, safeDisplayValue } from './safe-value.js';
import { humanBytes } from '../units.js';
import { CONTEXT, cutLines, cutText, firstDifference, SHOWN_LIMIT } from './cut.js';
import { holdsRtlText } from './direction.js';

/**
 * The findings whose value on each server is the settings of one key as `name = value` lines (the engine's
 * ambiguity groups, src/engine/ambiguous-groups.ts; the catch-all's values of a key no mapping names): a report
 * shows such a value one line each, not as one bracketed list.
 */
const LINE_VALUE_MESSAGES: ReadonlySet<string> = new Set(['steeredAmbiguousGroup', 'relatedAmbiguousGroup', 'unclaimedKeyDiffers']);

/** Whether a finding of this message id holds `name = value` lines as its values (LINE_VALUE_MESSAGES). */
export const valuesAreLines = (messageId: string): boolean => LINE_VALUE_MESSAGES.has(messageId);

/** What a report prints for a value that is not there. */
export const ABSENT_TEXT = '(absent)';

/** How every format shows a line break inside a value (the PDF prints pdf/fonts.ts's fallback where a font lacks it). */
export const LINE_BREAK_MARK = '⏎';

/**
 * A text on one line: each line break in it shown as LINE_BREAK_MARK, so that what follows never starts a report's
 * line. A lone carriage return is left to the sanitising layer (sanitize.ts), which shows it as `\x0d` in every format.
 */
export function oneLine(text: string): string {
  return text.replace(/\r?\n/g, LINE_BREAK_MARK);
}

/** One-line display of a value. */
export function displayText(value: DisplayValue | undefined): string {
  const v = safeDisplayValue(value);
  if (v === null) return ABSENT_TEXT;
  if (isSecretDisplay(v)) return secretText(v);
  // A list's items too: a REG_MULTI_SZ item may hold a line break (its lines are in displayLines, for a diff).
  if (Array.isArray(v)) return `[${v.map((item) => (item === '' ? '""' : oneLine(String(item)))).join(', ')}]`;
  if (v === '') return '""';
  return oneLine(String(v));
}

/**
 * The value as lines (for a line diff): a text's lines, or a list's items one a line. A REG_MULTI_SZ item may hold a
 * line break (`hex(7):` data can hold any character), and what follows it would read as another item in the diff:
 * it is shown as LINE_BREAK_MARK, as in displayText.
 */
export function displayLines(value: DisplayValue | undefined): string[] {
  const v = safeDisplayValue(value);
  if (Array.isArray(v)) return v.map((item) => oneLine(String(item)));
  if (typeof v === 'string' && v !== '') return v.split(/\r?\n/);
  return [displayText(v)];
}

/**
 * The value exactly: a text in JSON's quotes and escapes (spaces at its ends, line breaks and a text that reads as a
 * number or as "(absent)" show), a number bare, a list as its quoted items; secrets and absent values as displayText.
 */
export function exactText(value: DisplayValue | undefined): string {
  const v = safeDisplayValue(value);
  if (v === null || isSecretDisplay(v)) return displayText(v);
  if (Array.isArray(v)) return `[${v.map((item) => JSON.stringify(item)).join(', ')}]`;
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/** exactText's lines: each line of a text, or each item of a list, in quotes. */
function exactLines(value: DisplayValue | undefined): string[] {
  const v = safeDisplayValue(value);
  if (Array.isArray(v)) return v.map((item) => JSON.stringify(item));
  if (typeof v === 'string' && v !== '') return v.split(/(?<=\n)/).map((line) => JSON.stringify(line));
  return [exactText(v)];
}

/** Whether two values read the same to a person: equal values, or two secrets not known to differ. */
export function sameDisplay(a: DisplayValue, b: DisplayValue): boolean {
  if (isSecretDisplay(a) || isSecretDisplay(b)) {
    if (!isSecretDisplay(a) || !isSecretDisplay(b)) return false;
    if (a.set !== b.set) return false;
    return !a.set || b.same !== false;
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

export interface ShownValue {
  text: string;
  lines: string[];
}

export interface ShowOptions {
  /** Numbers shown as sizes (a setting whose name ends in "bytes"): `1.5 GiB`, exact bytes when shown exactly. */
  sizes?: boolean;
  /** The values are a key's settings gathered (valuesAreLines): one line per setting (settingLines). */
  settings?: boolean;
}

/**
 * A key's settings gathered, as shown: one line per setting, whatever the setting's value holds. A value from an
 * export (a REG_MULTI_SZ item, a result file's text) may hold a line break, and what follows it, `LinkPassword =
 * …`, would read as another setting of the key: it is shown as ⏎, as in any one-line value. A value that is not a
 * list (a result file's text where the engine writes lines) is one setting, not split at its line breaks.
 */
function settingLines(value: DisplayValue | undefined, exactly: boolean): ShownValue {
  const v = safeDisplayValue(value);
  if (exactly) return { text: exactText(v), lines: Array.isArray(v) ? v.map((line) => JSON.stringify(line)) : [exactText(v)] };
  return { text: displayText(v), lines: Array.isArray(v) ? v.map((line) => oneLine(String(line))) : [displayText(v)] };
}

/**
 * Values shown side by side (a finding's servers, a change's before and after): each as displayText (sizes as a
 * person reads them), unless two of them differ but would read alike; then every one exactly (exactText), so that
 * the difference the report states can be seen.
 */
export function showValues(values: readonly (DisplayValue | undefined)[], opts: ShowOptions = {}): ShownValue[] {
  const size = (v: DisplayValue | undefined): string | undefined => (opts.sizes === true && typeof v === 'number' ? humanBytes(v) : undefined);
  const plain = values.map((v) => {
    const s = size(v);
    if (s !== undefined) return { text: s, lines: [s] };
    return opts.settings === true ? settingLines(v, false) : { text: displayText(v), lines: displayLines(v) };
  });
  const chosen = !readAlike(values, plain) && !values.some(holdsRtl)
    ? plain
    : values.map((v) => {
        if (opts.sizes === true && typeof v === 'number') return { text: `${v} bytes`, lines: [`${v} bytes`] };
        return opts.settings === true ? settingLines(v, true) : { text: exactText(v), lines: exactLines(v) };
      });
  return cutShown(values, chosen);
}

/**
 * The values as a report shows them: each cut to SHOWN_LIMIT (cut.ts). Values that differ only past it would read
 * alike cut there, so they are shown from a little before where they first differ (the text, and the lines).
 */
function cutShown(values: readonly (DisplayValue | undefined)[], shown: readonly ShownValue[]): ShownValue[] {
  const cut = shown.map((s) => ({ text: cutText(s.text), lines: cutLines(s.lines) }));
  const untouched = cut.every((c, i) => c.text === shown[i]!.text && c.lines === shown[i]!.lines);
  if (untouched || !readAlike(values, cut)) return cut;
  let at = Infinity;
  let line = Infinity;
  for (let i = 0; i < shown.length; i++)
    for (let j = i + 1; j < shown.length; j++) {
      const a = shown[i]!;
      const b = shown[j]!;
      if (a.text !== b.text) at = Math.min(at, firstDifference(a.text, b.text));
      const n = Math.min(a.lines.length, b.lines.length);
      let k = 0;
      while (k < n && a.lines[k] === b.lines[k]) k++;
      if (k < a.lines.length || k < b.lines.length) line = Math.min(line, k);
    }
  // Some context before the difference: the end of a path or of the list item before it.
  const fromText = at === Infinity ? 0 : Math.max(0, at - CONTEXT);
  const fromLine = line === Infinity ? 0 : Math.max(0, line - 3);
  return shown.map((s) => ({ text: cutText(s.text, SHOWN_LIMIT, fromText), lines: cutLines(s.lines, SHOWN_LIMIT, fromLine) }));
}


/**
 * Whether a value holds right-to-left letters (direction.ts). Laid out by Unicode's bidirectional rules (a browser, a
 * PDF reader, some terminals), such a value takes the quotes, commas and arrows beside it into its own direction:
 * `["א", "ב"]` read as `["ב", "א"]`, a change `א → ב` as `ב → א`. Such values are shown exactly, each text in quotes,
 * so that where each starts and ends stays visible, and the HTML and Markdown reports isolate each quoted text.
 */
function holdsRtl(value: DisplayValue | undefined): boolean {
  if (typeof value === 'string') return holdsRtlText(value);
  return Array.isArray(value) && value.some((item) => typeof item === 'string' && holdsRtlText(item));
}

/** True when two values that differ would be shown alike, as one text or as one list of lines. */
function readAlike(values: readonly (DisplayValue | undefined)[], shown: readonly ShownValue[]): boolean {
  for (let i = 0; i < values.length; i++)
    for (let j = i + 1; j < values.length; j++) {
      const a = values[i] ?? null;
      const b = values[j] ?? null;
      // Two secrets read only as set / same / different; a secret beside a text that reads as it ("set") is told apart.
      if (sameDisplay(a, b) || (isSecretDisplay(a) && isSecretDisplay(b))) continue;
      if (readForm(shown[i]!.text) === readForm(shown[j]!.text) || readForm(shown[i]!.lines.join('\n')) === readForm(shown[j]!.lines.join('\n'))) return true;
    }
  return false;
}

/**
 * A text as a reader sees it: spaces at the ends of its lines unseen, a run of spaces (no-break ones too) read as
 * one, characters that show nothing (zero-width, soft hyphen, direction marks) unseen.
 */
function readForm(text: string): string {
  return text
    .replace(/[\u00ad\u200b-\u200f\u2060-\u2064\u2066-\u2069\u202a-\u202e\ufeff]/g, '')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .trim();
}

function secretText(v: { set: boolean; same?: boolean }): string {
  return v.set ? (v.same === undefined ? 'set' : v.same ? 'set (same)' : 'set (different)') : 'not set';
}

/** A value before and after a change, as showValues shows them side by side: `[before, after]`. */
export function showChange(before: DisplayValue | undefined, after: DisplayValue | undefined): [string, string] {
  const [b, a] = showValues([before, after]);
  return [b!.text, a!.text];
}

/** A waiver's accepted value against the value found now: `accepted 80, now 81`. */
export function acceptedNow(accepted: DisplayValue | undefined, found: DisplayValue | undefined): string {
  const [was, now] = showChange(accepted, found);
  return `accepted ${was}, now ${now}`;
}
