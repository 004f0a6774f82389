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
/**
 * A `(hidden)` after a word of prose (`Kennwort`, `contraseña`; not a flag such as `-p` or `/rp`, nor `name=`), with
 * something after it on its line; the word is group 1.
 */
const AFTER_A_WORD = new RegExp(`(?<=(?:^|[\\s(])(\\p{L}[\\p{L}'\\u2019]*)[ \\t]+)${escaped}[ \\t]+(?=\\S)`, 'gu');
const FIRST_WORD = /^[\p{L}'\u2019]+/u;

/**
 * `masked` with what follows each `(hidden)` after a word of prose that is no connector (a secret's name) read as if
 * the word it stands for were lost: when today's patterns, without it, hide the word right after (`das Kennwort
 * Nord-Licht`), or hide a value after a run of connectors that starts with one leading to no value alone (`la
 * contraseña sido cambiada a Cielo-Azul`: `ha` was lost), that is hidden too. A run that starts with `was` or `is`
 * (`the password (hidden) was sent`) is the value then prose, and stays as it is.
 */
function afterLostWords(masked: string, mask: (text: string) => string): string {
  let out = masked;
  AFTER_A_WORD.lastIndex = 0;
  for (let m = AFTER_A_WORD.exec(out); m !== null; m = AFTER_A_WORD.exec(out)) {
    // After a connector the value is where today's patterns put it (`geändert auf (hidden) ran …`).
    if (CONNECTORS.has(m[1].toLowerCase())) continue;
    const before = out.slice(0, m.index);
    const after = out.slice(m.index + m[0].length);
    const again = mask(before + after);
    const rest = again.startsWith(before) ? again.slice(before.length) : after;
    const first = (FIRST_WORD.exec(after)?.[0] ?? '').toLowerCase();
    const lostConnector = CONNECTORS.has(first) && !VALUE_AFTER.has(first);
    if (hidingMore(after, rest) !== after && (rest.startsWith(HIDDEN) || lostConnector)) out = before + m[0] + rest;
    AFTER_A_WORD.lastIndex = before.length + m[0].length;
  }
  return out;
}
