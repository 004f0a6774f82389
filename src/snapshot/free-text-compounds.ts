// A word of parts joined by hyphens after a secret's bare name: a passphrase (`password Blue-Sky`, `password
// blue-sky`, `password Open-Sesame`) or a compound of prose (`password self-service portal`, `password Reset-Link
// sent`, `password re-entered`), told apart by how it is written and by closed lists of words (free-text-words.ts).
import { ACRONYMS, COMPOUNDS, CONNECTORS, FOLLOWER_ENDING, PREFIXES, QUALIFIERS, isFollower, isFollowerNoun } from './free-text-words.js';

/**
 * Parts of letters joined by single hyphens (`Blue-Sky`). Linear: a letter and `-` never match the same character,
 * so a long run of either (a 100 kB line of hyphens) is read once, never backtracked into.
 */
export const HYPHENATED = /^\p{L}+(?:-\p{L}+)+$/u;

/** Each part after the first starts with a capital (`Blue-Sky`, `blue-Sky`). Linear as HYPHENATED: `[^-]` is never `-`. */
const CAPITALISED_PARTS = /^[^-]+(?:-\p{Lu}[^-]*)+$/u;

/**
 * A hyphenated word after a secret's bare name that is its value, each part judged as a word of its own. Prose, in
 * any case, when it is one of COMPOUNDS (`self-service`, `Reset-Link`, `Two-Factor`), or when every part is a
 * prefix (of 1 or 2 letters: `re`, `co`, `e`, `Wi`; PREFIXES: `self`, `pre`), a follower or a connector (`Change-Request
 * 42`, `Re-Entered`, `Self-Service`). Else, by how it is written:
 *
 * - Each part after the first capitalised, not all capitals (`Blue-Sky`, `PIN Blue-Sky`, `Open-Sesame`): a value
 *   after any name, as a capitalised word is (`PIN Sesame`).
 * - Lower case, or capitalised only at its start (`blue-sky`, `Blue-sky`): a value after a strong name (not `pass`,
 *   `PIN`, `token`, which are English words too: `token bucket-rate-limiter` stays), unless it reads as a compound of
 *   prose: a part other than the last a prefix, a connector or a follower noun (`reset-link`, `pre-set`, `up-to-date`,
 *   but not an adjective of PROSE: `correct-horse-battery-staple`, `open-sesame` are values), or the last part, the
 *   compound's head, a word that would be prose alone after the name (`password write-protected`, `password
 *   hard-coded`, `password read-only`, as `password protected`). A lower-case passphrase after a strong name is so
 *   hidden (`password blue-sky`) while the compounds prose writes there stay.
 * - All capitals (`BLUE-SKY`, `OPEN-SESAME`, `CORRECT-HORSE-BATTERY`): a value after a strong name, unless a part is
 *   a prefix, a connector, a follower noun or an acronym (ACRONYMS), as names of systems and standards are written
 *   (`NORTH-HMI`, `PCI-DSS`, `NT-HASH`). Not after `pass`, `PIN`, `token`, as a lower-case word there.
 */
export function hyphenatedValue(word: string, strong: boolean): boolean {
  const parts = word.toLowerCase().split('-');
  if (proseByParts(parts)) return false;
  if (/\p{Ll}/u.test(word) && CAPITALISED_PARTS.test(word)) return true;
  if (!strong) return false;
  if (!/\p{Lu}/u.test(word.slice(1))) return !lowerCaseProse(parts);
  return !parts.some(joinsOrNoun) && !word.split('-').some(isAcronym);
}

/**
 * A hyphenated word after `is` or `to` that is prose, not the value (`the password is up-to-date`, `is well-known`,
 * `is out-of-date`, `is hard-coded`): a compound of prose in any case, or in lower case by its parts, as
 * hyphenatedValue reads one. Written with capitals inside (`Blue-Sky`, `BLUE-SKY`, `NORTH-HMI`) or no compound of
 * prose (`blue-sky`), it is the value: `is` then one word is how a note gives a password.
 */
export function hyphenatedProse(word: string): boolean {
  if (!HYPHENATED.test(word)) return false;
  const parts = word.toLowerCase().split('-');
  return proseByParts(parts) || (!/\p{Lu}/u.test(word.slice(1)) && lowerCaseProse(parts));
}

/** One of COMPOUNDS (`self-service`, `Reset-Link`), or every part a prefix, a connector or a follower (`Re-Entered`). */
function proseByParts(parts: readonly string[]): boolean {
  return isCompound(parts.join('-')) || parts.every((p) => joins(p) || isFollower(p));
}

/**
 * A compound of prose in lower case: a part other than the last a prefix, a connector or a follower noun (`reset-link`,
 * `up-to-date`), or the last a word that would be prose alone (`write-protected`, `read-only`).
 */
function lowerCaseProse(parts: readonly string[]): boolean {
  const head = parts[parts.length - 1];
  return parts.slice(0, -1).some(joinsOrNoun) || joins(head) || isFollower(head) || FOLLOWER_ENDING.test(head);
}

function joinsOrNoun(part: string): boolean {
  return joins(part) || isFollowerNoun(part);
}

/** An acronym of ACRONYMS in capitals, perhaps with a version (`SHA`, `WPA2`, `CHAPv2`); bounded, so read at once. */
const ACRONYM = /^(\p{Lu}{1,8})(?:v?\d{1,3}(?:\.\d{1,3})?)?$/u;
/** A standard's number or version (`256`, `1.2`, `27001`, `v3`). */
const NUMBER_PART = /^v?\d{1,8}(?:\.\d{1,4}){0,3}$/;

function isAcronym(part: string): boolean {
  const m = ACRONYM.exec(part);
  return m !== null && ACRONYMS.has(m[1].toLowerCase());
}

/**
 * A standard's, an algorithm's, a protocol's or a ticket's name after a secret's name, not its value: an acronym, then
 * acronyms or numbers, joined by hyphens (`password SHA-256`, `TLS-1.2`, `WPA2-PSK`, `MS-CHAPv2`, `KB-12345`). Only
 * the acronyms the list knows, written in capitals: `password ABC-123` and `password aes-128` stay hidden.
 */
export function isStandardName(word: string): boolean {
  if (word.length > 40) return false;
  const parts = word.split('-');
  return parts.length >= 2 && isAcronym(parts[0]) && parts.slice(1).every((p) => isAcronym(p) || NUMBER_PART.test(p));
}

/** A part that joins a compound of prose: a prefix (1 or 2 letters, or PREFIXES), a connector or a qualifier (`to`, `of`). */
function joins(part: string): boolean {
  return part.length <= 2 || PREFIXES.has(part) || CONNECTORS.has(part) || QUALIFIERS.has(part);
}

/** Whether `lower` is one of COMPOUNDS or the plural of one (`e-mails`, `reset-links`). */
function isCompound(lower: string): boolean {
  return COMPOUNDS.has(lower) || (lower.endsWith('s') && COMPOUNDS.has(lower.slice(0, -1)));
}
