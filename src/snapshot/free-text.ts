// Free text a person typed (a note, a ticket, an author, a waiver's reason) with the value that follows a secret's
// name hidden: `PIN=1234`, `PIN: 1234`, `password is hunter2`, `set AdminPassword to Xy12!`, `pass abc123`.
import { HIDDEN } from './secret-patterns.js';

/**
 * A `name=value` in free text: a name of letters, digits, `_`, `-` and `.` (quoted or not) at the start or after a
 * separator, and its value up to the next `;`, line end or NUL, as the key=value content pattern reads one.
 */
const NAMED_VALUE = /(?<![\w.-])["']?([A-Za-z][\w.-]{0,63})["']?\s*=\s*([^;\0\n\r]*)/g;

/** A word of free text: letters (any script), digits, `_`, and `.`, `-`, `'` inside (`db.password`, `parola d'ordine`). */
const WORD = /[\p{L}_](?:[\p{L}\p{N}_.'\u2019-]*[\p{L}\p{N}_])?/gu;

/** After a name: its closing quote, if any, then `:` or `=` (with the value on the same line). */
const STRONG = /["'\u2019]?[ \t]*[:=][ \t]*/uy;
/** After a name: its closing quote, if any, then blanks (the words or the value that follow on the same line). */
const BLANKS = /["'\u2019]?[ \t]+/uy;
/** A value after `:` or `=`: a quoted opening part (doubled quotes inside), then up to the next `;`, line end or NUL. */
const VALUE_TO_END = /(?:"(?:[^"]|"")*"|'(?:[^']|'')*')?[^;\0\n\r]*/uy;
/** A value of one token: a quoted piece (to its closing quote), else up to the next blank. */
const VALUE_TOKEN = /(?:"[^"\n\r]*"|'[^'\n\r]*'|[^\s]+)/uy;
/** Blanks after a connector word. */
const GAP = /[ \t]+/y;

/** The match of a sticky pattern at `at`, or undefined. */
function matchAt(re: RegExp, text: string, at: number): string | undefined {
  re.lastIndex = at;
  return re.exec(text)?.[0];
}

/**
 * Words that may stand between a secret's name and its value (`is`, `is now`, `was changed to`, `set to`): the
 * value follows only when the last of them is `is`, `ist`, `was`, `to`, or `now` after `is`; otherwise they are prose
 * (`the password was changed on Tuesday`, `PIN to be changed`) and nothing is hidden.
 */
const CONNECTORS = new Set(['is', 'ist', 'to', 'now', 'was', 'has', 'have', 'been', 'be', 'will', 'set', 'changed', 'reset', 'updated', 'rotated', 'temporarily', 'also', 'then']);
const VALUE_AFTER = new Set(['is', 'ist', 'was', 'to']);
/** Words that start what a secret is for, between its name and `:`, `=` or a connector (`password for RTU-7: abc`). */
const QUALIFIERS = new Set(['for', 'of', 'on', 'at']);

/**
 * Words that, after `is` or `to`, are prose and not a value (`the password is not set`, `the PIN is the same`,
 * `the password to the RTU`, `a token to access the API`). Any other word there is taken for the value and hidden.
 */
const PROSE = new Set(
  (
    'a an the this that these those it its my our your their his her him them me us no not never none nothing now still also only just already then again ' +
    'set unset reset changed rotated updated expired expiring required needed stored kept saved hidden masked encrypted hashed empty blank missing ' +
    'unchanged same different correct incorrect wrong right valid invalid known unknown new old default temporary locked unlocked disabled enabled shared ' +
    'in on at for from with by of into onto via per over under after before and or but be been being do does did ' +
    'change rotate update unlock lock access log login logon sign use enter open read write get configure connect authenticate verify check ' +
    'what which who whom where when why how one each every all any some'
  ).split(' '),
);

interface Word {
  at: number;
  end: number;
  text: string;
}

/** What is already hidden (or withheld) and so is not hidden again. */
export type KeptMarks = readonly string[];

/**
 * `text` with the value of every `name=value` whose name is a secret's replaced by HIDDEN (`PIN=(hidden)`, up to the
 * next `;` or line end), as the bundled key=value pattern reads a connection string.
 */
export function hideNamedValues(text: string, isSecretName: (name: string) => boolean, kept: KeptMarks): string {
  if (!text.includes('=')) return text;
  return text.replace(NAMED_VALUE, (whole, name: string, value: string) => (value.trim() === '' || startsWithAny(value, kept) || !isSecretName(name) ? whole : whole.slice(0, whole.length - value.length) + HIDDEN));
}

/**
 * `text` with the value that follows a secret's name (one to three words: `PIN`, `AdminPassword`, `api key`,
 * `mot de passe`, a profile's names too) replaced by HIDDEN, in these forms:
 *
 * - `name: value`, `name = value`: the value up to the next `;`, line end or NUL (as `name=value` is read: a
 *   password may hold blanks), whatever it is (`Password: changed on Tuesday` hides `changed on Tuesday`); with
 *   nothing after the `:` on its line, the next line's.
 * - `name is value`, `name was value`, `name to value` (also `is now`, `was changed to`, `set to`; `ist`): one token (a quoted piece
 *   to its closing quote), unless it is a prose word (PROSE: `the password is not set`, `the PIN to the RTU`).
 * - either, with what the secret is for between (`for`, `of`, `on`, `at` and up to 3 words): `password for RTU-7:
 *   abc`, `PIN of the panel is 4711`.
 * - `name value`: one token, only when it looks like a value: at least 4 characters (not counting brackets and
 *   punctuation around it) with a digit or a symbol other than `-` and `'` (`PIN 1234`, `pass abc123`, `pwd P@ss`;
 *   not `PIN count raised`, `pass the check`, `pass 2`, `SNMP community string`), or a quoted piece.
 *
 * The token hidden runs to the next blank, punctuation at its end included (`Xy12!`, `1234.`): it may be part of
 * the secret. A value that is already hidden (`kept`) is left as it is, so masking twice changes nothing.
 */
export function hideNaturalValues(text: string, isSecretName: (name: string) => boolean, kept: KeptMarks): string {
  const words: Word[] = [...text.matchAll(WORD)].map((m) => ({ at: m.index, end: m.index + m[0].length, text: m[0] }));
  let out = '';
  let last = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w.at < last) continue;
    const value = valueAfter(text, words, i, kept);
    if (value === undefined || !endsSecretName(text, words, i, isSecretName)) continue;
    out += text.slice(last, value[0]) + HIDDEN;
    last = value[1];
  }
  return last === 0 ? text : out + text.slice(last);
}

/** Where the value that would follow word `i` (as a secret's name) starts and ends; undefined when none does. */
function valueAfter(text: string, words: readonly Word[], i: number, kept: KeptMarks): [number, number] | undefined {
  const strong = matchAt(STRONG, text, words[i].end);
  if (strong !== undefined) return valueToEnd(text, words[i].end + strong.length, kept);
  const blanks = matchAt(BLANKS, text, words[i].end);
  if (blanks === undefined) return undefined;
  let at = words[i].end + blanks.length;
  let j = i + 1;
  // What the secret is for (`password for RTU-7: abc`, `PIN of the panel is 1234`): up to 3 words, then `:`, `=` or connectors.
  let qualified = false;
  if (j < words.length && words[j].at === at && QUALIFIERS.has(words[j].text.toLowerCase())) {
    for (let k = j + 1; k < words.length && k <= j + 3 && words[k].at === gapEnd(text, words[k - 1].end); k++) {
      const strongAfter = matchAt(STRONG, text, words[k].end);
      if (strongAfter !== undefined) return valueToEnd(text, words[k].end + strongAfter.length, kept);
      const gap = gapEnd(text, words[k].end);
      if (gap === undefined) return undefined;
      if (k + 1 < words.length && CONNECTORS.has(words[k + 1].text.toLowerCase())) {
        at = gap;
        j = k + 1;
        qualified = true;
        break;
      }
    }
    if (!qualified) return undefined;
  }
  // Connector words, each after blanks on the same line: the value follows the last.
  const run: string[] = [];
  for (; j < words.length && run.length < 4 && words[j].at === at && CONNECTORS.has(words[j].text.toLowerCase()); j++) {
    const gap = gapEnd(text, words[j].end);
    if (gap === undefined) break;
    run.push(words[j].text.toLowerCase());
    at = gap;
  }
  if (qualified && run.length === 0) return undefined;
  const token = matchAt(VALUE_TOKEN, text, at);
  // A token with a part hidden already (`vault:(hidden)`, by a site's content pattern) is left as it is.
  if (token === undefined || kept.some((k) => token.includes(k))) return undefined;
  const quoted = token.length >= 2 && (token.startsWith('"') || token.startsWith("'"));
  if (run.length > 0) {
    const lastWord = run[run.length - 1];
    const leads = VALUE_AFTER.has(lastWord) || (lastWord === 'now' && run.length > 1 && run[run.length - 2] === 'is');
    if (!leads) return undefined;
    const bare = token.replace(/^[([{]+/, '').replace(/[.,;:!?)\]}]+$/, '').toLowerCase();
    return quoted || !PROSE.has(bare) ? [at, at + token.length] : undefined;
  }
  return quoted || looksLikeValue(token) ? [at, at + token.length] : undefined;
}

/** A line break, then the blanks that indent the next line. */
const NEXT_LINE = /(?:\r\n|\n|\r)[ \t]*/y;

/**
 * A value after `:` or `=` from `at` (VALUE_TO_END), unless empty or hidden already; when nothing follows on that
 * line, the next line's (`Password:` then `hunter2` on a line of its own).
 */
function valueToEnd(text: string, at: number, kept: KeptMarks): [number, number] | undefined {
  let from = at;
  let v = matchAt(VALUE_TO_END, text, from)!.trimEnd();
  const next = v === '' ? matchAt(NEXT_LINE, text, from) : undefined;
  if (next !== undefined) {
    from += next.length;
    v = matchAt(VALUE_TO_END, text, from)!.trimEnd();
  }
  return v === '' || startsWithAny(v, kept) ? undefined : [from, from + v.length];
}

/** Where the blanks after `at` end (on the same line), or undefined when none follow. */
function gapEnd(text: string, at: number): number | undefined {
  const gap = matchAt(GAP, text, at);
  return gap === undefined ? undefined : at + gap.length;
}

/** A token that reads as a value, not a word of prose: 4 characters or more with a digit or a symbol. */
function looksLikeValue(token: string): boolean {
  const core = token.replace(/^[([{]+/, '').replace(/[.,;:!?)\]}'"\u2019]+$/u, '');
  return core.length >= 4 && /[\p{N}]|[^\p{L}\p{N}'\u2019-]/u.test(core);
}

/**
 * Whether word `i` ends a secret's name: the word alone, or with the one or two words before it on the same line
 * (`api key`, `mot de passe`) when they do not make one without it (`Password for RTU` is the name `Password` and
 * the words `for RTU`, not a name ending in `RTU`).
 */
function endsSecretName(text: string, words: readonly Word[], i: number, isSecretName: (name: string) => boolean): boolean {
  if (isSecretName(words[i].text)) return true;
  for (let k = 1; k <= 2 && i - k >= 0; k++) {
    const first = words[i - k];
    if (!/^[ \t]+$/.test(text.slice(first.end, words[i - k + 1].at))) return false;
    if (isSecretName(text.slice(first.at, words[i].end)) && !isSecretName(text.slice(first.at, words[i - 1].end))) return true;
  }
  return false;
}

function startsWithAny(value: string, kept: KeptMarks): boolean {
  const v = value.trimStart();
  return kept.some((k) => v.startsWith(k));
}
