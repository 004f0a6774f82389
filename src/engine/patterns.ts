// Setting-name patterns of `select` and allow-lists: literal names, globs and /regex/, compiled once.
import { globNeeds, hasTopLevelAlternation, holdsNeeds, NO_NEEDS, regexNeeds, type NameNeeds } from './pattern-needs.js';
import { globMaxDots, regexMaxDots } from './pattern-dots.js';

/** A compiled pattern. `literal` is the lower-cased name when the pattern has no wildcard. */
export interface NamePattern {
  source: string;
  literal?: string;
  /** Lower-cased literal text every match starts with ("" when unknown), to skip non-candidates fast. */
  prefix: string;
  /** Lower-cased literal text every match ends with ("" when unknown), likewise. */
  suffix: string;
  /** Literal texts every match holds (lower-cased): a name without them is not tested by the regex. */
  needs: NameNeeds;
  /** The most dots a match holds (pattern-dots.ts); undefined when any number. */
  maxDots?: number;
  regex: RegExp;
}

/** A cheap test that every name the pattern matches passes (its literal start, end and inner texts). */
export function mayMatch(p: NamePattern, lower: string): boolean {
  return lower.startsWith(p.prefix) && lower.endsWith(p.suffix) && (p.needs.seq.length === 0 || holdsNeeds(lower, p.needs));
}

/** The literal start of a `^...` regex source, up to its first special character. */
function regexPrefix(body: string): string {
  if (!body.startsWith('^')) return '';
  let out = '';
  for (let i = 1; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\\' && i + 1 < body.length && /[.\\/:-]/.test(body[i + 1])) {
      out += body[++i];
      continue;
    }
    if (/[\w:-]/.test(ch)) {
      // A quantifier after it would make the character optional or repeated.
      if (/[?*+{]/.test(body[i + 1] ?? '')) break;
      out += ch;
      continue;
    }
    break;
  }
  return hasTopLevelAlternation(body) ? '' : out.toLowerCase();
}

/**
 * The needs without a first text that is the prefix itself (tested apart, with startsWith), nor first texts the
 * prefix holds (`.` after `drivers.`): every name the prefix leads to holds them, so testing them only
 * lower-cased each name (the driver rule's regex over every short name of each driver). Needs are a test
 * before the regex, which decides: fewer of them select the same names. The last text stays when it must end
 * the name.
 */
function afterPrefix(needs: NameNeeds, prefix: string): NameNeeds {
  const { seq } = needs;
  let drop = 0;
  while (drop < seq.length && (needs.end ? drop < seq.length - 1 : true) && seq[drop].some((text) => prefix.includes(text))) drop++;
  // (A first text that is the prefix itself is one the prefix holds.)
  return drop === 0 ? needs : { ...needs, seq: seq.slice(drop) };
}

/** Why a pattern is invalid, or undefined when it compiles. */
export function patternError(source: string): string | undefined {
  if (typeof source !== 'string' || source.trim() === '') return 'a pattern must be a non-empty string';
  if (source.startsWith('/')) {
    const end = source.lastIndexOf('/');
    if (end <= 0) return `regex pattern ${JSON.stringify(source)} has no closing \`/\`; write it as "/^drivers\\..+$/"`;
    const flags = source.slice(end + 1);
    if (flags !== '' && flags !== 'i') return `regex pattern ${JSON.stringify(source)} has flags "${flags}"; only "i" is allowed (names always match case-insensitively)`;
    try {
      new RegExp(source.slice(1, end), 'i');
    } catch (e) {
      return `regex pattern ${JSON.stringify(source)} does not compile (${(e as Error).message})`;
    }
    return undefined;
  }
  if (/\*{3,}/.test(source)) return `glob ${JSON.stringify(source)} has "***"; use "*" for one dotted segment or "**" for anything`;
  return undefined;
}

function escapeRegex(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/** Patterns compiled in this process, by source: a compiled pattern is never changed, so rules and audits share it. */
const COMPILED = new Map<string, NamePattern>();

/**
 * Compiles a pattern: `/re/` is a regular expression; otherwise `*` matches within one dotted segment
 * (a capture group, `$1`, `$2`...), `**` matches anything (also a capture group). Always case-insensitive.
 * Compiled once per source (an audit compiles each rule's patterns for the rules it runs and again for those
 * that claim settings from the catch-all; the same pattern is shared by several rules).
 */
export function compilePattern(source: string): NamePattern {
  let p = COMPILED.get(source);
  if (p === undefined) {
    p = compileNew(source);
    COMPILED.set(source, p);
  }
  return p;
}

function compileNew(source: string): NamePattern {
  const error = patternError(source);
  if (error !== undefined) throw new Error(error);
  if (source.startsWith('/')) {
    const end = source.lastIndexOf('/');
    const body = source.slice(1, end);
    const prefix = regexPrefix(body);
    const maxDots = regexMaxDots(body);
    return { source, prefix, suffix: '', needs: afterPrefix(regexNeeds(body), prefix), ...(maxDots !== undefined ? { maxDots } : {}), regex: new RegExp(body, 'i') };
  }
  const lower = source.toLowerCase();
  if (!source.includes('*')) return { source, literal: lower, prefix: lower, suffix: lower, needs: NO_NEEDS, regex: new RegExp(`^${escapeRegex(source)}$`, 'i') };
  let body = '';
  // In a `reg:` name a key or value name ends at a backslash too: `reg:Server\\SiteSpecific*` must not reach the
  // values of a subkey `SiteSpecificX\\Deep` (`**` still does).
  const star = lower.startsWith('reg:') ? '([^.\\\\]*)' : '([^.]*)';
  for (let i = 0; i < source.length; i++) {
    if (source[i] === '*' && source[i + 1] === '*') {
      body += '(.*)';
      i++;
    } else if (source[i] === '*') {
      body += star;
    } else {
      body += escapeRegex(source[i]);
    }
  }
  const maxDots = globMaxDots(source);
  return { source, prefix: lower.slice(0, lower.indexOf('*')), suffix: lower.slice(lower.lastIndexOf('*') + 1), needs: globNeeds(lower), ...(maxDots !== undefined ? { maxDots } : {}), regex: new RegExp(`^${body}$`, 'i') };
}

/** Returns the captures when `name` matches, else undefined. */
export function matchPattern(pattern: NamePattern, name: string, lowerName: string): string[] | undefined {
  if (pattern.literal !== undefined) return pattern.literal === lowerName ? [] : undefined;
  const m = pattern.regex.exec(name);
  return m === null ? undefined : m.slice(1);
}

/** A template's `$1`, `$2`... replaced with captures, compiled once (a guard is expanded for every selected name). */
export function templateOf(template: string): (captures: string[]) => string {
  // split() with a capture group: the literal parts at even positions, the capture numbers between them.
  const parts = template.split(/\$(\d)/);
  if (parts.length === 1) return () => template;
  return (captures) => {
    let out = parts[0];
    for (let i = 1; i < parts.length; i += 2) out += (captures[Number(parts[i]) - 1] ?? '') + parts[i + 1];
    return out;
  };
}

/** True when any of the patterns matches the name (`lower`: the name lower-cased, when the caller has it). */
export function matchesAny(patterns: NamePattern[], name: string, lower = name.toLowerCase()): boolean {
  // Only whether one matches: no captures built (the catch-all asks this of every unclaimed name).
  for (const p of patterns) if (mayMatch(p, lower) && (p.literal !== undefined ? p.literal === lower : p.regex.test(name))) return true;
  return false;
}

/** Role globs such as `permanent-*`. */
export function roleMatches(globs: string[] | undefined, role: string): boolean {
  if (globs === undefined) return true;
  return globs.some((g) => (g.endsWith('*') ? role.startsWith(g.slice(0, -1)) : g === role));
}
