// Whether a value's or a key's name is a secret's: the name patterns (`secretValueNames`), tested on the name as
// written and with its CamelCase words split, and the key rule (every value below a key named like a secret).
import { HIDDEN_NAME_END } from './secret-names-hidden.js';

/**
 * The name with its CamelCase words split by `_` (`AdminPIN` → `Admin_PIN`, `DbPW` → `Db_PW`, `SNMPPin` →
 * `SNMP_Pin`, `X2Pin` → `X2_Pin`), so that a pattern can ask for a short word of its own (`PIN`, not `Spin`) with
 * the `i` flag, which cannot tell the case of a letter. The same string when the name has no such boundary.
 */
export function splitCamelWords(name: string): string {
  return name.replace(CAMEL_BOUNDARY, '$1_$2').replace(ACRONYM_BOUNDARY, '$1_$2');
}

const CAMEL_BOUNDARY = /([a-z0-9])([A-Z])/g;
/** The end of an acronym before a word (`SNMPPin`: between `P` and `Pi`). */
const ACRONYM_BOUNDARY = /([A-Z])([A-Z][a-z])/g;

/** Answers kept per name (value names repeat across keys: every driver's settings); cleared when this many. */
const CACHE_LIMIT = 1 << 16;

/** A name pattern, and a cheaper test every name it matches passes (when known: NAME_MAY_MATCH). */
export interface NamePattern {
  re: RegExp;
  mayMatch?: RegExp;
}

/**
 * The name patterns of a detector (one or more: a site profile's and the bundled one, for free text), with the
 * answers kept per name and per key path.
 */
export class SecretNames {
  private readonly patterns: readonly NamePattern[];
  private readonly names = new Map<string, boolean>();
  private readonly keys = new Map<string, boolean>();

  constructor(patterns: readonly NamePattern[]) {
    this.patterns = patterns;
  }

  /**
   * True for a value name (or a setting name: the test is anchored at its end) whose data is a secret; a key's
   * default value (`reg:Sec\Password\@`) by the key's last segment.
   */
  isSecretName(name: string): boolean {
    if (name.endsWith('\\@')) name = name.slice(0, -2);
    if (name === '') return false;
    let secret = this.names.get(name);
    if (secret === undefined) {
      secret = this.test(name);
      if (this.names.size >= CACHE_LIMIT) this.names.clear();
      this.names.set(name, secret);
    }
    return secret;
  }

  /**
   * True when a segment of a key's path is named like a secret (`…\Sec\Password`, `…\Credentials\Site1`,
   * `…\SNMP\Community`): every value of such a key, and of the keys below it, is a secret whatever its own name.
   */
  isSecretKey(path: string): boolean {
    if (path === '') return false;
    let secret = this.keys.get(path);
    if (secret === undefined) {
      // By its parent's answer (kept: a key's siblings and subkeys share it) and its own last segment.
      const cut = path.lastIndexOf('\\');
      const last = path.slice(cut + 1);
      secret = (cut > 0 && this.isSecretKey(path.slice(0, cut))) || (last !== '' && this.isSecretName(last));
      if (this.keys.size >= CACHE_LIMIT) this.keys.clear();
      this.keys.set(path, secret);
    }
    return secret;
  }

  private test(name: string): boolean {
    // A key's or value's name that held a secret (secret-names-hidden.ts): what is below it or in it is one's too.
    if (HIDDEN_NAME_END.test(name)) return true;
    let split: string | undefined;
    for (const { re, mayMatch } of this.patterns) {
      if (mayMatch !== undefined && !mayMatch.test(name)) continue;
      split ??= splitCamelWords(name);
      if (re.test(name) || (split !== name && re.test(split))) return true;
    }
    return false;
  }
}
