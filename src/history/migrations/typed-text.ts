// What people typed (an entry's author, ticket and note; a waiver's reason), masked again by the secrets step with
// today's free-text patterns, where an older version journalled it masked by its own.
//
// An older version could hide the wrong word: a word between a secret's name and the passphrase that its patterns
// did not know as a connector was read as the value (`das Kennwort lautete Nord-Licht` journalled as `das Kennwort
// (hidden) Nord-Licht`, `la contraseña ha sido cambiada a Cielo-Azul` as `la contraseña (hidden) sido cambiada a
// Cielo-Azul`). Today's patterns, reading that text, see a value already hidden and pass what follows, so the
// passphrase would stay in clear: the word the `(hidden)` stands for is lost, and the text is read again without it.
import { CONNECTORS, VALUE_AFTER } from '../../snapshot/free-text-words.js';
import { HIDDEN, type SecretDetector } from '../../snapshot/secrets.js';

/**
 * `masked` where it hides more than `text` did, else `text`: what an earlier step hid, read again
 * (`Password=(hidden)"`, the pattern taking the quote too), is no secret in clear, and masking it again would eat
 * what follows.
 */
export function hidingMore(text: string, masked: string): string {
  return masked.split(HIDDEN).length > text.split(HIDDEN).length ? masked : text;
}

/** Text typed by a person as `record` masks it today, the words an older version hid instead of a value read again. */
export function maskTypedAgain(text: string, detector: SecretDetector): string {
  const mask = (t: string): string => detector.maskText(t);
  return hidingMore(text, afterLostWords(mask(text), mask));
}

const escaped = HIDDEN.replace(/[()]/g, '\\$&');
/** A `(hidden)` with something after it on its line (blanks between); what stands before it is read by wordBefore. */
const HIDDEN_THEN_TEXT = new RegExp(`${escaped}[ \\t]+(?=\\S)`, 'g');
const FIRST_WORD = /^[\p{L}'\u2019]+/u;
const WORD_CHAR = /[\p{L}'\u2019]/u;

/**
 * The word of prose right before `at` (`Kennwort` in `das Kennwort (hidden)`): letters (and apostrophes) starting
 * with a letter, after the start or a blank or `(`, then blanks up to `at`; undefined for anything else (a flag such
 * as `-p` or `/rp`, `name=`). A scan back from `at`, so that each match costs what stands before it, not the text.
 */
function wordBefore(text: string, at: number): string | undefined {
  let i = at;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  if (i === at) return undefined;
  const end = i;
  while (i > 0 && WORD_CHAR.test(text[i - 1])) i--;
  if (i === end || !/\p{L}/u.test(text[i]) || (i > 0 && !/[\s(]/.test(text[i - 1]))) return undefined;
  return text.slice(i, end);
}

/** How far before and after a `(hidden)` the text is read again: a value and its context are one line, and short. */
const WINDOW_BEFORE = 256;
const WINDOW_AFTER = 4096;

/**
 * `masked` with what follows each `(hidden)` after a word of prose that is no connector (a secret's name) read as if
 * the word it stands for were lost: when today's patterns, without it, hide the word right after (`das Kennwort
 * Nord-Licht`), or hide a value after a run of connectors that starts with one leading to no value alone (`la
 * contraseña sido cambiada a Cielo-Azul`: `ha` was lost), that is hidden too. A run that starts with `was` or `is`
 * (`the password (hidden) was sent`) is the value then prose, and stays as it is. The text is read again within
 * the `(hidden)`'s line, at most WINDOW_BEFORE and WINDOW_AFTER characters around it: a note of many such values
 * costs each its window, not the whole note (a 40 kB note of them took 11 s read whole).
 */
function afterLostWords(masked: string, mask: (text: string) => string): string {
  let out = masked;
  HIDDEN_THEN_TEXT.lastIndex = 0;
  for (let m = HIDDEN_THEN_TEXT.exec(out); m !== null; m = HIDDEN_THEN_TEXT.exec(out)) {
    const word = wordBefore(out, m.index);
    // After a connector the value is where today's patterns put it (`geändert auf (hidden) ran …`).
    if (word === undefined || CONNECTORS.has(word.toLowerCase())) continue;
    const lineStart = out.lastIndexOf('\n', m.index) + 1;
    const from = m.index + m[0].length;
    const lineEnd = out.indexOf('\n', from);
    const to = Math.min(lineEnd < 0 ? out.length : lineEnd, from + WINDOW_AFTER);
    const before = out.slice(Math.max(lineStart, m.index - WINDOW_BEFORE), m.index);
    const after = out.slice(from, to);
    const again = mask(before + after);
    const rest = again.startsWith(before) ? again.slice(before.length) : after;
    const first = (FIRST_WORD.exec(after)?.[0] ?? '').toLowerCase();
    const lostConnector = CONNECTORS.has(first) && !VALUE_AFTER.has(first);
    if (hidingMore(after, rest) !== after && (rest.startsWith(HIDDEN) || lostConnector)) out = out.slice(0, from) + rest + out.slice(to);
    HIDDEN_THEN_TEXT.lastIndex = from;
  }
  return out;
}
