// Secret values (stored passwords, keys, tokens): found by name and by content, kept only as set / not set
// plus a keyed hash, or with the secret part of a text hidden; never in clear.
import type { ParseWarning, RegData, RegTree, RegTypeName, SecretValue, SettingValue } from '../types.js';
import { hideNamedValues, maskTypedText } from './free-text.js';
import { SecretNames } from './secret-names.js';
import { isSecretValue, runSecretKey, SECRET_SHOWN_START, toSecretValue } from './secret-values.js';
import { COMMAND_GATE, UPPER_CASE } from './secret-command-patterns.js';
import { NameMasker } from './secret-names-hidden.js';
import { DEFAULT_SECRET_CONTENT, DEFAULT_SECRET_NAMES, HIDDEN, isUserPassword64, MAY_MATCH, NAME_MAY_MATCH, TEXT_NEEDS, TEXT_PIECES, USER_PASSWORD_64, type SecretContentPattern } from './secret-patterns.js';

export { DEFAULT_SECRET_CONTENT, DEFAULT_SECRET_NAMES, HIDDEN, type SecretContentPattern } from './secret-patterns.js';
export { splitCamelWords } from './secret-names.js';
export { HIDDEN_PART_SUFFIX, hiddenPartName, isSecretValue, runSecretKey, secretKeyId, SNAPSHOT_SCHEMA_VERSION, toSecretValue } from './secret-values.js';

/** What the detector found in one value. */
export type SecretMatch =
  | { kind: 'none' }
  /** The whole value is a secret; `why` names the rule (`name` or a content pattern's name). */
  | { kind: 'whole'; compare: 'hash' | 'presence'; why: string }
  /** Parts of a text (or list) are secret: `masked` is the data with those parts replaced by HIDDEN; `parts` what they hid. */
  | { kind: 'partial'; masked: string | string[]; parts: string[]; why: string };

interface CompiledContent {
  spec: SecretContentPattern;
  re: RegExp;
  partial: boolean;
  /** A test the data passes whenever the pattern can match it (cheaper than the pattern): known for the default patterns. */
  mayMatch?: (data: string) => boolean;
  /** A pattern of TEXT_PIECES: tried only on a text holding one of the pieces (SecretDetector's textPieces). */
  piece?: true;
  /** A pattern of COMMAND_GATE: tried only on a text holding one of its names (SecretDetector's commandNames). */
  command?: true;
}

const NONE: SecretMatch = { kind: 'none' };
/** What `inspect` finds in a value whose name is a secret's (one object for all: read, never changed). */
export const SECRET_BY_NAME: SecretMatch = Object.freeze({ kind: 'whole', compare: 'hash', why: 'name' });
const TEXT_TYPES = new Set<string>(['REG_SZ', 'REG_EXPAND_SZ', 'REG_LINK', 'REG_MULTI_SZ']);
const HEX = /^(?:[0-9a-f]{2})+$/;

/** Thrown for a pattern that is not a valid regular expression; profile validation turns it into a ConfigError. */
export class SecretPatternError extends Error {}

function compile(source: string, flags: string, what: string): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (e) {
    throw new SecretPatternError(`${what}: not a valid regular expression (${(e as Error).message})`);
  }
}

/**
 * Finds secrets in registry values by their name and by their content. Built from a profile's
 * `secretValueNames` and `secretContent` (`fromProfile`), or with the defaults (`defaultSecretDetector()`).
 */
export class SecretDetector {
  private readonly names: SecretNames;
  private readonly content: CompiledContent[];
  /**
   * Matches every text some text pattern may match, when each has characters in TEXT_NEEDS or pieces in TEXT_PIECES
   * (one regex: a character class and the pieces as alternatives, one scan of a value); undefined otherwise.
   */
  private readonly textNeeds: RegExp | undefined;
  /** Matches a text holding a piece of TEXT_PIECES (`eyJ`, `Bearer `): one scan for all the patterns they stand for. */
  private readonly textPieces: RegExp;
  /** Matches a text holding a name COMMAND_GATE's patterns ask for: one search for all of them. */
  private readonly commandNames = COMMAND_GATE.names;

  /** `names`: one pattern, or several (a value is a secret when any says so: a site profile's and the bundled one). */
  constructor(names: string | readonly string[] = DEFAULT_SECRET_NAMES, content: readonly SecretContentPattern[] = DEFAULT_SECRET_CONTENT) {
    const sources = typeof names === 'string' ? [names] : [...new Set(names)];
    this.names = new SecretNames(sources.map((n) => ({ re: compile(n, 'i', 'secretValueNames'), ...(NAME_MAY_MATCH.has(n) ? { mayMatch: NAME_MAY_MATCH.get(n) } : {}) })));
    this.content = content.map((spec, i) => {
      // d: the indices of the `secret` group; no u flag, so patterns read as `secretValueNames` always has.
      const re = compile(spec.pattern, 'dgi', `secretContent[${i}].pattern`);
      const c: CompiledContent = { spec, re, partial: /\(\?<secret>/.test(spec.pattern) };
      const mayMatch = MAY_MATCH.get(spec.pattern);
      if (TEXT_PIECES.has(spec.pattern)) c.piece = true;
      else if (mayMatch !== undefined) c.mayMatch = mayMatch;
      if (COMMAND_GATE.patterns.has(spec.pattern)) c.command = true;
      return c;
    });
    const text = content.filter((spec) => spec.in === 'text');
    const chars = [...new Set(text.flatMap((spec) => [...(TEXT_NEEDS.get(spec.pattern) ?? '')]))];
    const pieces = content.flatMap((spec) => TEXT_PIECES.get(spec.pattern) ?? []).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    // A pattern that never matches when there are no pieces.
    this.textPieces = new RegExp(pieces.length === 0 ? '(?!)' : pieces.join('|'));
    const shortcut = text.every((spec) => TEXT_NEEDS.has(spec.pattern) || TEXT_PIECES.has(spec.pattern));
    this.textNeeds = shortcut ? new RegExp([...(chars.length > 0 ? [`[${chars.map((c) => `\\${c}`).join('')}]`] : []), ...pieces].join('|')) : undefined;
  }

  /**
   * A profile's patterns beside the bundled ones: a site profile adds to what is hidden, never takes a bundled
   * pattern away (a site's copy of an earlier profile would otherwise miss what a newer pairaudit finds).
   */
  static fromProfile(p: ProfileSecrets): SecretDetector {
    let d = profileDetectors.get(p);
    if (d === undefined) {
      const content = [...(p.secretContent ?? []), ...DEFAULT_SECRET_CONTENT.filter((c) => !(p.secretContent ?? []).some((q) => q.pattern === c.pattern))];
      d = new SecretDetector([p.secretValueNames, DEFAULT_SECRET_NAMES], content);
      profileDetectors.set(p, d);
    }
    return d;
  }

  /**
   * True for a value name (or a setting name: the test is anchored at its end) whose data is a secret; a key's
   * default value (`reg:Sec\Password\@`) by the key's last segment. A name is tested as written and with its
   * CamelCase words split by `_` (`AdminPIN` as `Admin_PIN`).
   */
  isSecretName(name: string): boolean {
    return this.names.isSecretName(name);
  }

  /** True for a key named like a secret, or below one (`…\Password`, `…\Credentials\Site1`): all its values are secrets. */
  isSecretKey(path: string): boolean {
    return this.names.isSecretKey(path);
  }

  /**
   * Whether a registry value is a secret by name: by its own name, or by its key's (a key named like a secret, or
   * below one, holds only secrets; a default value, `@`, is told by its key alone).
   */
  isSecretValueName(valueName: string, keyPath: string | undefined): boolean {
    if (keyPath !== undefined && this.isSecretKey(keyPath)) return true;
    return valueName !== '' && valueName !== '@' && this.isSecretName(valueName);
  }

  /**
   * What is secret in one value: by its name, else by its content. `type` is the registry type when
   * known; without it a string of hex digits is also tested against the binary patterns.
   */
  inspect(name: string, data: RegData | SettingValue, type?: RegTypeName): SecretMatch {
    if (this.isSecretName(name)) return SECRET_BY_NAME;
    return this.inspectContent(data, type);
  }

  /** What is secret in a registry value: by its name or its key's (isSecretValueName), else by its content. */
  inspectValue(keyPath: string | undefined, valueName: string, data: RegData | SettingValue, type?: RegTypeName): SecretMatch {
    if (this.isSecretValueName(valueName, keyPath)) return SECRET_BY_NAME;
    return this.inspectContent(data, type);
  }

  /** Content patterns only (for values whose name is not known to be a secret). */
  inspectContent(data: RegData | SettingValue, type?: RegTypeName): SecretMatch {
    if (typeof data === 'string') {
      const text = type === undefined || TEXT_TYPES.has(type);
      const binary = type === undefined ? HEX.test(data) : !text;
      return this.scan(data, text, binary, asText);
    }
    return Array.isArray(data) ? this.inspectList(data) : NONE;
  }

  /**
   * inspectContent for a list (REG_MULTI_SZ). A method of its own: its closures hold `data`, which inspectContent
   * would otherwise keep in a context made on every call (one per value of an export), not only for lists.
   */
  private inspectList(data: readonly unknown[]): SecretMatch {
    if (!data.every((x) => typeof x === 'string')) return NONE;
    // Elements joined by NUL (which they cannot contain), so that a PEM block over several elements is found.
    const joined = data.join('\u0000');
    return this.scan(joined, true, false, (masked) => (data.length === 0 ? [] : masked.split('\u0000')));
  }

  private scan(data: string, text: boolean, binary: boolean, shape: (masked: string) => string | string[]): SecretMatch {
    // No text pattern can match (and no binary one is tried): the one scan of textNeeds (a character, `eyJ`,
    // `Bearer `) says so.
    if (!binary && this.textNeeds !== undefined && !this.textNeeds.test(data)) return NONE;
    let masked: string | undefined;
    let why = '';
    let parts: string[] | undefined;
    // Whether the data holds a piece of TEXT_PIECES, or a command's name: each tested once, for the first pattern that needs it.
    let piece: boolean | undefined;
    let command: boolean | undefined;
    for (const c of this.content) {
      if (c.spec.in === 'text' ? !text : !binary) continue;
      // A partial pattern reads the text as the patterns before it left it.
      const subject = c.partial ? (masked ?? data) : data;
      if (c.piece === true && !(piece ??= this.textPieces.test(data))) continue;
      if (c.command === true && !(command ??= this.commandNames.test(data))) continue;
      if (c.mayMatch !== undefined && !c.mayMatch(subject)) continue;
      c.re.lastIndex = 0;
      if (!c.partial) {
        if (c.re.test(subject)) return { kind: 'whole', compare: c.spec.compare ?? 'hash', why: c.spec.name };
        continue;
      }
      const next = hideGroups(subject, c.re, (parts ??= []));
      if (next !== undefined) {
        masked = next;
        why ||= c.spec.name;
      }
    }
    return masked === undefined ? NONE : { kind: 'partial', masked: shape(masked), parts: parts ?? [], why };
  }

  /**
   * Free text a person typed (a note, a ticket, an author, a waiver's reason) with every content secret hidden,
   * the value of every `name=value` whose name is a secret's (`PIN=1234`, `Community=public`: a profile's
   * `secretValueNames` too), and the value after a secret's name in the other forms people write (`PIN: 1234`,
   * `password is hunter2`, `pass abc123`; maskTypedText in free-text.ts).
   */
  maskText(text: string): string {
    return maskTypedText(text, this.secretName, KEPT, this.patternsMasked);
  }

  /** maskPatterns, bound (for free-text.ts). */
  private readonly patternsMasked = (text: string): string => this.maskPatterns(text);

  /**
   * A text with every content secret hidden and the value of every `name=value` whose name is a secret's: what
   * maskText does but the forms of prose, which a program's message is not (`--secret-key-file /x/secret.key: …`).
   */
  private maskPatterns(text: string): string {
    let out = text;
    for (const c of this.content) {
      if (c.spec.in !== 'text') continue;
      if (c.partial) out = hideGroups(out, c.re) ?? out;
      else {
        c.re.lastIndex = 0;
        if (c.re.test(out)) out = out.replace(c.re, HIDDEN);
      }
    }
    return hideNamedValues(out, this.secretName, KEPT);
  }

  /** isSecretName, bound (for free-text.ts). */
  private readonly secretName = (name: string): boolean => this.isSecretName(name);

  /**
   * An error or warning message that may quote input: when any quoted piece ("…") names a secret value
   * (a word that is a secret name, e.g. `"Password"`, or a line like `"Password"=hunter2`), every other
   * quoted piece is withheld, because the message may quote that value's data; content secrets are hidden too.
   * The value's name stays only where the parser's messages name a value (`of "Password"`, `value "Password"`,
   * `for "Password"`, `"Password"=`): data that looks like a secret name (a password `TopSecret`) is withheld.
   */
  maskMessage(message: string): string {
    const quoted = [...message.matchAll(QUOTED)].filter((m) => m[0].startsWith('"'));
    const mentionsSecret = quoted.some((m) => this.quotesSecretName(unquote(m[0])));
    let out = message;
    if (mentionsSecret) {
      out = message.replace(QUOTED, (q, at: number) => {
        if (!q.startsWith('"')) return q;
        const inner = unquote(q);
        const namePosition = message.startsWith('=', at + q.length) || /(?:\bof|\bvalue|\bfor) $/.test(message.slice(Math.max(0, at - 6), at));
        return namePosition && this.isSecretName(inner) && /^[\w .-]+$/.test(inner) ? q : WITHHELD_PIECE;
      });
    }
    return this.maskPatterns(out);
  }

  /** True when a quoted piece of input holds a secret value's name as one of its words. */
  private quotesSecretName(text: string): boolean {
    if (this.isSecretName(text)) return true;
    for (const word of text.split(/[^\w-]+/)) if (word !== '' && this.isSecretName(word)) return true;
    return false;
  }
}

/** What a message says in place of a quoted piece of input that may hold a secret. */
const WITHHELD_PIECE = '(withheld: it may hold a secret)';
/**
 * A value after a secret's name that starts with these is hidden already: `(hidden)`, a withheld piece, and how a
 * report shows a secret (`LinkPassword = (secret, set; differs, values hidden)` in a key's gathered values).
 */
const KEPT = [HIDDEN, WITHHELD_PIECE, SECRET_SHOWN_START];

/** What a profile says of secrets (`secretValueNames`, `secretContent`). */
export interface ProfileSecrets {
  secretValueNames: string;
  secretContent?: readonly SecretContentPattern[];
}

/** A text's masked form as it is (a list's is split again). */
const asText = (masked: string): string => masked;

/**
 * A double-quoted piece as JSON.stringify writes it (escapes included; one left open runs to the end), or one of
 * the parser's own phrases that quote a backslash (`(trailing "\")`, `(continued with "\" from`, `with \\ and \"
 * escapes`), which read as a piece left open would withhold the rest of the message. Matched left to right, so
 * that such a phrase inside a quoted piece of input is part of that piece (its quotes escaped there).
 */
const QUOTED = /\(trailing "\\"\)|\(continued with "\\" from|with \\\\ and \\" escapes|"(?:[^"\\]|\\.)*(?:"|\\?$)/g;

function unquote(q: string): string {
  if (q.length < 2 || !q.endsWith('"')) return q.slice(1);
  try {
    return JSON.parse(q) as string;
  } catch {
    return q.slice(1, -1);
  }
}

/**
 * `text` with every match's `secret` group replaced by HIDDEN (empty groups stay empty; a `userPassword64` group that
 * holds no base64 `user:password`, or an `upperCase` group written in lower case, leaves its match shown); undefined
 * when none matched. What each group hid is pushed
 * to `parts`, in order.
 */
function hideGroups(text: string, re: RegExp, parts?: string[]): string | undefined {
  re.lastIndex = 0;
  let out = '';
  let last = 0;
  let found = false;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0] === '') re.lastIndex++;
    const at = m.indices?.groups?.secret;
    if (at === undefined || at[0] === at[1]) continue;
    // A token the pattern could not tell from a word (`Basic YTpi`, `Basic settings`): hidden when it decodes to a user:password.
    const encoded = m.groups?.[USER_PASSWORD_64];
    if (encoded !== undefined && !isUserPassword64(encoded)) continue;
    // A flag the pattern could not tell from another of its letter (an MQTT client's `-P 12345`, `-p 1883`).
    const upper = m.groups?.[UPPER_CASE];
    if (upper !== undefined && upper !== upper.toUpperCase()) continue;
    // A part spanning REG_MULTI_SZ elements (joined by NUL) is hidden element by element, keeping their count.
    const part = text.slice(at[0], at[1]);
    // Hidden already (a snapshot masked before, spaces around it kept): nothing to hide, and nothing to hash.
    if (part.trim() === HIDDEN) continue;
    parts?.push(part);
    out += text.slice(last, at[0]) + (part.includes('\u0000') ? part.split('\u0000').map((p) => (p === '' ? '' : HIDDEN)).join('\u0000') : HIDDEN);
    last = at[1];
    found = true;
  }
  return found ? out + text.slice(last) : undefined;
}

let defaultDetector: SecretDetector | undefined;

/** The detector with the default name and content patterns (reports and error messages, which have no profile). */
export function defaultSecretDetector(): SecretDetector {
  defaultDetector ??= new SecretDetector();
  return defaultDetector;
}

/**
 * The detector for free text a person typed (a note, a ticket, an author, a waiver's reason): the bundled
 * patterns, and with a site profile its `secretValueNames` and `secretContent` as well.
 */
export function freeTextDetector(profile?: ProfileSecrets): SecretDetector {
  return profile === undefined ? defaultSecretDetector() : SecretDetector.fromProfile(profile);
}

const profileDetectors = new WeakMap<ProfileSecrets, SecretDetector>();

/**
 * Free text a person typed (a note, a ticket, an author, a waiver's reason) with every secret the content
 * patterns find, and the value of every `name=value` whose name is a secret's, replaced by `(hidden)`
 * (`Pwd=(hidden)`, `PIN=(hidden)`): where it is read or journalled, and where a report shows text an earlier
 * version stored as typed. `detector`: freeTextDetector(a site profile); default the bundled patterns.
 */
export function maskFreeText(text: string, detector: SecretDetector = defaultSecretDetector()): string {
  return detector.maskText(text);
}

/** A setting value with its secrets dealt with, and for a text with a secret inside, the hash of the hidden part. */
export interface ProtectedValue {
  value: SettingValue;
  /** Keyed hash of the hidden parts (joined by NUL), for the setting `hiddenPartName(name)`. */
  hidden?: SecretValue;
}

/**
 * A setting value with its secrets dealt with: a whole secret becomes a SecretValue (set / not set and a
 * keyed hash), a text with a secret inside keeps its readable part (the secret replaced by HIDDEN) and the
 * keyed hash of what was hidden, any other value is returned as it is. `data` is the registry data the value
 * came from (hashed in full).
 */
export function protectValue(detector: SecretDetector, name: string, value: SettingValue, data: RegData, type: RegTypeName | undefined, key: string | Uint8Array = runSecretKey()): ProtectedValue {
  if (isSecretValue(value)) return { value };
  const found = detector.inspect(name, data, type);
  return found.kind === 'none' ? { value } : protectFound(found, data, key);
}

/** What protectValue returns for data in which the detector found a secret (`found`). */
export function protectFound(found: Exclude<SecretMatch, { kind: 'none' }>, data: RegData, key: string | Uint8Array): ProtectedValue {
  if (found.kind === 'partial') return { value: found.masked, hidden: toSecretValue(found.parts, key) };
  return { value: toSecretValue(data, key, found.compare) };
}

/** What a warning says instead when the line it is about may hold (the rest of) a secret. */
export const WITHHELD_LINE = 'a line could not be read (its text is withheld: it may hold a secret)';

/**
 * A lenient parse's warnings, safe to show: a warning quotes its line, and a line that lies after a secret
 * value and before the next key or value the parser read may hold the rest of it (a hex value broken over
 * lines); such a warning is withheld whole, others go through `maskMessage`.
 */
export function safeTreeWarnings(tree: RegTree, detector: SecretDetector): ParseWarning[] {
  const warnings = tree.warnings ?? [];
  if (warnings.length === 0) return [];
  const starts: { line: number; secret: boolean }[] = [];
  for (const k of tree.keys) {
    starts.push({ line: k.line, secret: false });
    for (const v of k.values) starts.push({ line: v.line, secret: detector.inspectValue(k.path, v.name, v.data, v.type).kind !== 'none' });
  }
  starts.sort((a, b) => a.line - b.line);
  const afterSecret = (line: number): boolean => {
    let lo = 0;
    let hi = starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid].line < line) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found >= 0 && starts[found].secret;
  };
  return warnings.map((w) => ({ line: w.line, message: afterSecret(w.line) ? WITHHELD_LINE : detector.maskMessage(w.message) }));
}

/**
 * A parse tree with its secrets hidden (`pairaudit parse` without --show-secrets): whole secrets as HIDDEN, others
 * masked; a key or value name that holds a secret as its placeholder (secret-names-hidden.ts) under `key` (this
 * run's, by default). Values are judged by their names as written, before those are masked.
 */
export function hideTreeSecrets(tree: RegTree, detector: SecretDetector, key: string | Uint8Array = runSecretKey()): RegTree {
  const names = new NameMasker(detector, key);
  const keys = tree.keys.map((k) => ({
    ...k,
    path: names.path(k.path),
    values: k.values.map((v) => {
      const name = names.part(v.name);
      const named = name === v.name ? v : { ...v, name };
      if (v.deleted) return named;
      const found = detector.inspectValue(k.path, v.name, v.data, v.type);
      if (found.kind === 'none') return named;
      return { ...named, data: found.kind === 'partial' ? found.masked : HIDDEN };
    }),
  }));
  const out: RegTree = { ...tree, keys };
  if (tree.warnings !== undefined) out.warnings = safeTreeWarnings(tree, detector);
  return out;
}
