// Free text a person typed (a note, a ticket, an author, a waiver's reason) with the value that follows a secret's
// name hidden: `PIN=1234`, `PIN: 1234`, `password is hunter2`, `set AdminPassword to Xy12!`, `pass abc123`.
import { HYPHENATED, hyphenatedProse, hyphenatedValue, isStandardName } from './free-text-compounds.js';
import { isKept, type KeptMarks } from './free-text-kept.js';
import { hideScriptValues } from './free-text-script.js';
import { HIDDEN, SECRET_WORDS } from './secret-patterns.js';
import { CONNECTORS, FOLLOWER_ENDING, NAME_NOUNS, NAME_TAILS, PROSE, QUALIFIERS, VALUE_AFTER, WEAK_NAMES, isCmdletName, isFollower, isKnownCmdlet, leadsAfter } from './free-text-words.js';

/**
 * A `name=value` in free text: a name of letters, digits, `_`, `-` and `.` (quoted or not) at the start or after a
 * separator, and its value up to the next `;`, line end or NUL, as the key=value content pattern reads one.
 */
const NAMED_VALUE = /(?<![\w.-])["']?([A-Za-z][\w.-]{0,63})["']?\s*=\s*([^;\0\n\r]*)/g;

/** A word of free text: letters (any script), digits, `_`, and `.`, `-`, `'` inside (`db.password`, `parola d'ordine`). */
const WORD = /[\p{L}_](?:[\p{L}\p{N}_.'\u2019-]*[\p{L}\p{N}_])?/gu;

/**
 * Stands, while free text is masked, for a `=` that is no name's: of an arrow after a secret's name (`PIN => 4711`,
 * which the `name=value` patterns would read as `PIN=` and a value `> 4711`) and of a script's assignment of a
 * command or a variable (`$pw = Read-Host`; free-text-script.ts). A private-use character: a text holding one
 * already is masked without it (maskTypedText).
 */
const PLAIN_EQUALS = '\uE000';
/** An arrow: `->`, `=>` (its `=` perhaps PLAIN_EQUALS), `→`, `⇒`. */
const ARROW = String.raw`-+>|[=\uE000]+>|\u2192|\u21d2`;
/**
 * After a name: its closing quote, if any, then `:`, `=` or an arrow (`->`, `=>`, `→`), or `:` and an arrow
 * (`password: => x`), with the value on the same line.
 */
const STRONG = new RegExp(String.raw`["'\u2019]?[ \t]*(?:${ARROW}|:(?:[ \t]*(?:${ARROW}))?|=)[ \t]*`, 'uy');
/** After a name: what STRONG reads before an arrow `=>`, and the arrow's `=`. */
const ARROW_EQUALS = /["'\u2019]?[ \t]*(?::[ \t]*)?(=+)>/uy;
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

interface Word {
  at: number;
  end: number;
  text: string;
}

/** Where a hidden part starts and ends. */
type Span = [number, number];

/**
 * `text` with the value of every `name=value` whose name is a secret's replaced by HIDDEN (`PIN=(hidden)`, up to the
 * next `;` or line end), as the bundled key=value pattern reads a connection string.
 */
export function hideNamedValues(text: string, isSecretName: (name: string) => boolean, kept: KeptMarks): string {
  if (!text.includes('=')) return text;
  const isName = proseAware(isSecretName);
  return text.replace(NAMED_VALUE, (whole, name: string, value: string) => (value.trim() === '' || isKept(value, kept) || !isName(name) ? whole : whole.slice(0, whole.length - value.length) + HIDDEN));
}

/** A secret word, the whole of a word (`password`, `passwd`, `token`, `Kennwort`). */
const SECRET_WORD = new RegExp(`^(?:${SECRET_WORDS})$`, 'u');
/** A word of prose as it is written: lower case, capitalised, or all capitals (not `SecretKey`, `Db_Pass`). */
const PLAIN_WORD = /^(?:\p{Lu}?\p{Ll}+|\p{Lu}+)$/u;

/**
 * `isSecretName` for free text: a word of prose that merely starts like a secret word (`secretary: Mrs Smith`,
 * `tokenised: no`, `Secretariat`) is not a secret's name, nor part of one (`the secretary is`), though a value name
 * starting so is one (`SecretKey`, `TokenValue`); a secret word whole, or with a plural or a name's own ending, stays
 * one (`passwd`, `passwords`, `secretkey`, `secretpassword`; NAME_TAILS).
 */
function proseAware(isSecretName: (name: string) => boolean): (name: string) => boolean {
  const prose = (word: string): boolean => PLAIN_WORD.test(word) && startsLikeSecretWord(word.toLowerCase(), isSecretName);
  // Each word of a name of words (`the secretary is` is none), and the last part of one of parts (`client_secretary`).
  return (name) => !name.split(/[ \t]+/).some(prose) && !prose(lastPart(name)) && isSecretName(name);
}

/**
 * The last part of a name of parts (`secretary` of `client_secretary`, `db.password`, `mot de passe`): after its last
 * blank, `.`, `_` or `-`, found by a scan from the end. A regex for it (`[^\s._-]*$`) is tried from each start, so a
 * 50 kB word before a blank or a `-` (`bbb…b x`, any free text) took seconds, the square of its length.
 */
function lastPart(name: string): string {
  let at = name.length;
  while (at > 0 && !/[\s._-]/u.test(name[at - 1])) at--;
  return name.slice(at);
}

/** Whether `lower` is a secret word with more after it that is neither a name's ending nor a secret's name. */
function startsLikeSecretWord(lower: string, isSecretName: (name: string) => boolean): boolean {
  if (SECRET_WORD.test(lower)) return false;
  let starts = false;
  for (let cut = lower.length - 1; cut >= 2; cut--) {
    if (!SECRET_WORD.test(lower.slice(0, cut))) continue;
    const rest = lower.slice(cut);
    if (NAME_TAILS.has(rest) || isSecretName(rest)) return false;
    starts = true;
  }
  return starts;
}

/** An element of pasted XML whose content is on its line (`<password>hunter2</password>`, `<ns:Pin a="1">4711</ns:Pin>`). */
const ELEMENT = /<([A-Za-z_][\w.-]{0,63}:)?([A-Za-z_][\w.-]{0,63})((?:[ \t][^<>\n\r]*)?>)([^<\n\r]*)(<\/\1?\2[ \t]*>)/g;

/** `text` with the content of every element named like a secret hidden (`<password>(hidden)</password>`). */
function hideElementValues(text: string, isName: (name: string) => boolean, kept: KeptMarks): string {
  if (!text.includes('</')) return text;
  return text.replace(ELEMENT, (whole, ns: string | undefined, name: string, open: string, value: string, close: string) =>
    value.trim() === '' || isKept(value, kept) || !isName(name) ? whole : `<${ns ?? ''}${name}${open}${HIDDEN}${close}`,
  );
}

/**
 * `text` with the value that follows a secret's name (one to three words: `PIN`, `AdminPassword`, `api key`,
 * `mot de passe`, a profile's names too) replaced by HIDDEN, in these forms:
 *
 * - `name: value`, `name = value`: the value up to the next `;`, line end or NUL (as `name=value` is read: a
 *   password may hold blanks), whatever it is (`Password: changed on Tuesday` hides `changed on Tuesday`); with
 *   nothing after the `:` on its line, the next line's.
 * - `name is value`, `name was value`, `name to value` (also `is now`, `was changed to`, `set to`; `ist`, `lautet`,
 *   `est`, `es`, `geändert auf`, `changé en`): one token (a quoted piece to its closing quote), unless it is a prose
 *   word (PROSE: `the password is not set`, `the PIN to the RTU`) or a compound of prose (`is up-to-date`, `is
 *   well-known`; not `is blue-sky`).
 * - `name changed from old to new`: the old value when it looks like one (below), and the new one as after `to`.
 * - either, with what the secret is for between (`for`, `of`, `on`, `at`, `für`, `pour` and up to 3 words): `password
 *   for RTU-7: abc`, `PIN of the panel is 4711`.
 * - `name value`: one token, only when it looks like a value: at least 4 characters (not counting brackets and
 *   punctuation around it) with a digit or a symbol other than `-` and `'` (`PIN 1234`, `pass abc123`, `pwd P@ss`;
 *   not `PIN count raised`, `pass the check`, `pass 2`, `SNMP community string`), a quoted piece, or a word that is
 *   no prose (valueWord: `password Hunter`, `PIN Sesame`, `password hunter`; not `password reset done`). A word of
 *   parts joined by `-` (hyphenatedValue, free-text-compounds.ts) is a value when its parts after the first start
 *   with a capital (`password Blue-Sky`, `Kennwort Blau-Himmel`, `password Open-Sesame`), or, after a name that is
 *   no English word, in lower case or capitals (`password blue-sky`, `pwd OPEN-SESAME`); it is prose when it is a
 *   compound of prose (COMPOUNDS: `self-service`, `Reset-Link`; or by its parts: `re-entered`, `e-mail`, `up-to-date`,
 *   `Change-Request`, `Wi-Fi`, `write-protected`), and so is a real cmdlet's name (`Get-Credential`, `New-LocalUser`;
 *   isKnownCmdlet), while one only shaped like it (`Open-Sesame`: no cmdlet has the noun) is judged as any word, and
 *   a standard's or a system's name (`SHA-256`, `PCI-DSS`, `KB-12345`, `NORTH-HMI`; ACRONYMS).
 * - a value followed by another (`PIN 1234 -> 5678`, `was hunter1, now hunter2`, `hunter2 (was hunter1)`): both.
 * - `<name>value</name>` (pasted XML). Pasted command lines (`net user NAME PASSWORD`, `psexec -u admin -p x`, `curl
 *   -u admin:x`, `ConvertTo-SecureString "x"`) are the content patterns' (secret-patterns.ts), run before this.
 *
 * A name is also a secret's name followed by a noun of its own (`PIN number: 4711`; NAME_NOUNS), and not a word of
 * prose that starts like one (`secretary: Mrs Smith`; proseAware).
 * The token hidden runs to the next blank, punctuation at its end included (`Xy12!`, `1234.`): it may be part of
 * the secret. A value that is already hidden (`kept`) is left as it is, so masking twice changes nothing.
 */
export function hideNaturalValues(text: string, isSecretName: (name: string) => boolean, kept: KeptMarks): string {
  const isName = proseAware(isSecretName);
  text = hideElementValues(text, isName, kept);
  const words = wordsOf(text);
  let out = '';
  let last = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w.at < last) continue;
    // The name first: a value is read (to the line's end, for `name: value`) only after a secret's name.
    if (!endsSecretName(text, words, i, isName)) continue;
    const spans = valueAfter(text, words, i, kept);
    if (spans === undefined) continue;
    for (const [from, to] of spans) {
      out += text.slice(last, from) + HIDDEN;
      last = to;
    }
  }
  return last === 0 ? text : out + text.slice(last);
}

/** The words of `text` (WORD), where each starts and ends. */
function wordsOf(text: string): Word[] {
  return [...text.matchAll(WORD)].map((m) => ({ at: m.index, end: m.index + m[0].length, text: m[0] }));
}

/**
 * Free text a person typed, masked: a script's literals assigned to secrets (hideScriptValues), `maskPatterns`
 * (the content patterns and `name=value`), then the forms of prose (hideNaturalValues). Before the patterns, the
 * `=` of a script's assignment of code (`$pw = Read-Host`) and of an arrow after a secret's name (`PIN => 4711`) is
 * made PLAIN_EQUALS, so that neither reads as a name's `=` (`PIN => (hidden)`, not `PIN =(hidden)`); back after.
 */
export function maskTypedText(text: string, isSecretName: (name: string) => boolean, kept: KeptMarks, maskPatterns: (text: string) => string): string {
  const isName = proseAware(isSecretName);
  const plain = text.includes(PLAIN_EQUALS) ? undefined : PLAIN_EQUALS;
  let t = hideScriptValues(text, isName, kept, plain);
  if (plain !== undefined && t.includes('=>')) t = plainArrows(t, isName);
  const masked = hideNaturalValues(maskPatterns(t), isSecretName, kept);
  return plain === undefined || !t.includes(plain) ? masked : masked.replaceAll(plain, '=');
}

/** `text` with the `=` of each arrow `=>` after a secret's name (ARROW_EQUALS) made PLAIN_EQUALS. */
function plainArrows(text: string, isName: (name: string) => boolean): string {
  const words = wordsOf(text);
  let out = '';
  let last = 0;
  for (let i = 0; i < words.length; i++) {
    ARROW_EQUALS.lastIndex = words[i].end;
    const m = ARROW_EQUALS.exec(text);
    if (m === null || !endsSecretName(text, words, i, isName)) continue;
    const at = words[i].end + m[0].length - 1 - m[1].length;
    out += text.slice(last, at) + PLAIN_EQUALS.repeat(m[1].length);
    last = at + m[1].length;
  }
  return last === 0 ? text : out + text.slice(last);
}

/** Where the values that would follow word `i` (as a secret's name) start and end; undefined when none does. */
function valueAfter(text: string, words: readonly Word[], i: number, kept: KeptMarks): Span[] | undefined {
  const strong = matchAt(STRONG, text, words[i].end);
  if (strong !== undefined) return valueToEnd(text, words[i].end + strong.length, kept);
  const blanks = matchAt(BLANKS, text, words[i].end);
  if (blanks === undefined) return undefined;
  let at = words[i].end + blanks.length;
  // A cmdlet named by a secret's noun (`Get-Credential`, `Set-Secret`): its arguments, as after a weak name.
  if (isCmdletName(words[i].text)) return cmdletArguments(text, at, kept, false);
  let j = i + 1;
  // What the secret is for (`password for RTU-7: abc`, `PIN of the panel is 1234`): up to 3 words, then `:`, `=` or connectors.
  let qualified = false;
  if (j < words.length && words[j].at === at && qualifies(words, j)) {
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
  const token = tokenAt(text, at, kept);
  if (token === undefined) return undefined;
  const span: Span = [at, at + token.length];
  if (run.length > 0) {
    const lastWord = run[run.length - 1];
    if (lastWord === 'from') return run.length > 1 ? fromTo(text, span, token, kept) : undefined;
    const leads = VALUE_AFTER.has(lastWord) || (run.length > 1 && leadsAfter(run[run.length - 2], lastWord));
    // A standard's name after `is` is what the secret is (`the password is SHA-256 hashed`), not its value.
    return leads && !isProse(token) && !isStandardName(core(token)) ? chain(text, span, kept) : undefined;
  }
  // A script's parameter given a variable (`Connect-Rtu -Credential $adminCred`) is code, not the value.
  if (text[words[i].at - 1] === '-' && SCRIPT_VARIABLE.test(token)) return undefined;
  const strongName = !WEAK_NAMES.has(words[i].text.toLowerCase());
  // A cmdlet after a bare name stands for no value, and its arguments may hold one (`password Get-Foo Hunter2`, also
  // once hidden: masking twice changes nothing); with none, a cmdlet's shape whose noun no cmdlet has (`password
  // Open-Sesame`) is a passphrase, judged as any word.
  if (isCmdletName(token)) {
    const gap = gapEnd(text, at + token.length);
    const args = gap === undefined ? undefined : cmdletArguments(text, gap, kept, strongName);
    const hiddenArgs = gap !== undefined && kept.some((k) => text.startsWith(k, gap));
    if (args !== undefined || hiddenArgs || isKnownCmdlet(token)) return args;
  }
  return isValue(token, strongName) ? chain(text, span, kept) : undefined;
}

/**
 * Whether word `j` starts what a secret is for (QUALIFIERS); German's `auf` too before a system's name (`Passwort auf
 * RTU-7 geändert`: on RTU-7; isStandardName), though before any other word it leads to the value (`Passwort auf
 * Blau-Himmel gesetzt`, VALUE_AFTER), which `auf RTU-7` then may follow (`Passwort auf RTU-7 auf Blau-Himmel geändert`).
 */
function qualifies(words: readonly Word[], j: number): boolean {
  const lower = words[j].text.toLowerCase();
  return QUALIFIERS.has(lower) || (lower === 'auf' && j + 1 < words.length && isStandardName(words[j + 1].text));
}

/**
 * A token that is a value after a bare name: quoted, like a value, or a word that is no prose (valueWord); not a
 * standard's name (`password SHA-256`, `KB-12345`; isStandardName).
 */
function isValue(token: string, strong: boolean): boolean {
  return quoted(token) || (!isStandardName(core(token)) && (looksLikeValue(token) || valueWord(token, strong)));
}

/**
 * The values among a cmdlet's first two arguments in prose, from `at` (`Set-Secret admin Hunter2`: a name, then the
 * secret), the second as after a weak name; a variable is none (`Set-Secret x $pw`), and a word of prose first
 * (`Set-Secret with`, `Get-Credential, then`) or a flag ends them: `the Get-Credential output was empty` stays as
 * written, a flag's value is hidden by the flag's name (`-Secret Hunter2`).
 */
function cmdletArguments(text: string, at: number, kept: KeptMarks, strong: boolean): Span[] | undefined {
  const spans: Span[] = [];
  for (let k = 0, from: number | undefined = at; k < 2 && from !== undefined; k++) {
    const token = tokenAt(text, from, kept);
    if (token === undefined || token.startsWith('-')) break;
    const word = core(token).toLowerCase();
    if (SCRIPT_VARIABLE.test(token)) {
      // A variable names no value.
    } else if (isValue(token, strong && k === 0)) spans.push([from, from + token.length]);
    else if (PROSE.has(word) || CONNECTORS.has(word) || core(token) !== token) break;
    from = gapEnd(text, from + token.length);
  }
  return spans.length === 0 ? undefined : spans;
}

/** A variable of PowerShell or a shell (`$adminCred`, `$env:DB_PASS`, `${pw}`), to the end of a token. */
const SCRIPT_VARIABLE = /^\$(?:\{[^}\s]+\}|(?:env:)?[A-Za-z_]\w*)[,;)]*$/;

/** A token at `at` (VALUE_TOKEN), unless it has a part hidden already (`vault:(hidden)`, by a site's content pattern). */
function tokenAt(text: string, at: number, kept: KeptMarks): string | undefined {
  const token = matchAt(VALUE_TOKEN, text, at);
  return token === undefined || kept.some((k) => token.includes(k)) ? undefined : token;
}

function quoted(token: string): boolean {
  return token.length >= 2 && (token.startsWith('"') || token.startsWith("'"));
}

/** Punctuation that may follow a token's value (`hunter2.`, `(Blue-Sky),`, `'x'`). */
const TRAILING = new Set([...'.,;:!?)]}\'"\u2019']);

/**
 * The token without brackets before it and punctuation after it (TRAILING), found by a scan from the end: a regex for
 * it (`[.!]+$`) is tried from each start, so a 50 kB run of `!` before a letter took seconds, as lastPart's.
 */
function core(token: string): string {
  const c = token.replace(/^[([{]+/, '');
  let end = c.length;
  while (end > 0 && TRAILING.has(c[end - 1])) end--;
  return c.slice(0, end);
}

/** A token that is a word of prose after `is` or `to` (PROSE) or a compound of prose (`up-to-date`), unless quoted. */
function isProse(token: string): boolean {
  return !quoted(token) && (PROSE.has(core(token).toLowerCase()) || hyphenatedProse(core(token)));
}

/**
 * `from old to new` (after a connector: `PIN changed from 1234 to 5678`): the old value when it looks like one (as a
 * bare name's), and the value after a `to` that follows it or comes within 3 tokens (`from the default to Hunter2`).
 */
function fromTo(text: string, span: Span, token: string, kept: KeptMarks): Span[] | undefined {
  if (quoted(token) || looksLikeValue(token) || valueWord(token, false)) return chain(text, span, kept);
  let at = span[1];
  for (let k = 0; k < 3; k++) {
    const gap = gapEnd(text, at);
    const next = gap === undefined ? undefined : tokenAt(text, gap, kept);
    if (gap === undefined || next === undefined) return undefined;
    if (next.toLowerCase() === 'to') {
      const valueAt = gapEnd(text, gap + next.length);
      const value = valueAt === undefined ? undefined : tokenAt(text, valueAt, kept);
      return valueAt === undefined || value === undefined || isProse(value) ? undefined : chain(text, [valueAt, valueAt + value.length], kept);
    }
    at = gap + next.length;
  }
  return undefined;
}

/**
 * What leads from one value to the next: an arrow, or blanks, a word (`to`, `now`, `(was`, `(old:`) or a change
 * (`changed to`, `was set to`, `replaced by`) and blanks.
 */
const NEXT_VALUE = new RegExp(
  String.raw`[ \t]*(?:${ARROW})[ \t]*|,?[ \t]+\(?(?:(?:(?:was|is|has[ \t]+been)[ \t]+)?(?:changed|set|reset|updated|rotated|replaced)[ \t]+(?:to|with|by)|to|now|then|was|old:?|previously:?|formerly:?)[ \t]+`,
  'uy',
);

/** The value `first`, and each that follows it (NEXT_VALUE) and is no prose (`PIN 1234 -> 5678`, `hunter2 (was hunter1)`). */
function chain(text: string, first: Span, kept: KeptMarks): Span[] {
  const spans = [first];
  for (let at = first[1]; spans.length < 5; ) {
    const lead = matchAt(NEXT_VALUE, text, at);
    const token = lead === undefined ? undefined : tokenAt(text, at + lead.length, kept);
    if (lead === undefined || token === undefined || (!quoted(token) && isFollower(core(token).toLowerCase()))) break;
    spans.push([at + lead.length, at + lead.length + token.length]);
    at += lead.length + token.length;
  }
  return spans;
}

/** A line break, then the blanks that indent the next line. */
const NEXT_LINE = /(?:\r\n|\n|\r)[ \t]*/y;

/**
 * A value after `:` or `=` from `at` (VALUE_TO_END), unless empty or hidden already; when nothing follows on that
 * line, the next line's (`Password:` then `hunter2` on a line of its own).
 */
function valueToEnd(text: string, at: number, kept: KeptMarks): Span[] | undefined {
  let from = at;
  let v = matchAt(VALUE_TO_END, text, from)!.trimEnd();
  const next = v === '' ? matchAt(NEXT_LINE, text, from) : undefined;
  if (next !== undefined) {
    from += next.length;
    v = matchAt(VALUE_TO_END, text, from)!.trimEnd();
  }
  return v === '' || isKept(v, kept) ? undefined : [[from, from + v.length]];
}

/** Where the blanks after `at` end (on the same line), or undefined when none follow. */
function gapEnd(text: string, at: number): number | undefined {
  const gap = matchAt(GAP, text, at);
  return gap === undefined ? undefined : at + gap.length;
}

/** A token that reads as a value, not a word of prose: 4 characters or more with a digit or a symbol. */
function looksLikeValue(token: string): boolean {
  const c = core(token);
  return c.length >= 4 && /[\p{N}]|[^\p{L}\p{N}'\u2019-]/u.test(c);
}

/**
 * A word (letters only; hyphenated ones: hyphenatedValue) after a secret's bare name that is its value, not prose:
 * not a follower of a secret's name in a change record (FOLLOWERS, PROSE, the connectors: `reset`, `policy`,
 * `changed`, `Tuesday`), and either written with a capital (`password Hunter`, `PIN Sesame`, `token OpenSesame`)
 * or, after a name that is no English word (`password`, `pwd`, `Kennwort`; `strong`), in lower case or capitals
 * without an ending of prose (`password hunter`; not `password protected`, `password requirements`). After `pass`,
 * `PIN`, `token` (WEAK_NAMES) a lower-case word stays: `pass muster`, `pin header`, `token bucket`.
 */
function valueWord(token: string, strong: boolean): boolean {
  const word = core(token);
  // A real cmdlet in brackets (`-Credential (New-Object …)`) is code, as one without them (valueAfter).
  if (HYPHENATED.test(word)) return !isKnownCmdlet(word) && hyphenatedValue(word, strong);
  if (!/^\p{L}+$/u.test(word)) return false;
  const lower = word.toLowerCase();
  if (isFollower(lower) || CONNECTORS.has(lower) || QUALIFIERS.has(lower)) return false;
  if (/\p{Lu}/u.test(word) && /\p{Ll}/u.test(word)) return true;
  return strong && !FOLLOWER_ENDING.test(lower);
}

/**
 * Whether word `i` ends a secret's name: the word alone, or with the one or two words before it on the same line
 * (`api key`, `mot de passe`) when they do not make one without it (`Password for RTU` is the name `Password` and
 * the words `for RTU`, not a name ending in `RTU`); or a noun of a name (NAME_NOUNS) after one (`PIN number`).
 */
function endsSecretName(text: string, words: readonly Word[], i: number, isSecretName: (name: string) => boolean): boolean {
  if (isSecretName(words[i].text)) return true;
  for (let k = 1; k <= 2 && i - k >= 0; k++) {
    const first = words[i - k];
    if (!/^[ \t]+$/.test(text.slice(first.end, words[i - k + 1].at))) return false;
    if (isSecretName(text.slice(first.at, words[i].end)) && !isSecretName(text.slice(first.at, words[i - 1].end))) return true;
  }
  return NAME_NOUNS.has(words[i].text.toLowerCase()) && i > 0 && /^[ \t]+$/.test(text.slice(words[i - 1].end, words[i].at)) && endsSecretName(text, words, i - 1, isSecretName);
}
