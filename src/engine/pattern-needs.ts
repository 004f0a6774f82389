// What text a name must hold to match a pattern (pure): literal parts of a glob or regex, lower-cased, that
// every match contains in order. A necessary condition only: a name that fails it cannot match, so the
// selection skips it without running the regex; a name that passes is still tested by the regex.
//
// Sound for the `i` flag without `u`: there a non-ASCII character never matches an ASCII one, and the
// lower-cased name holds each ASCII character of the match lower-cased, in place. So only ASCII literal
// text becomes a need; anything else (classes, lookarounds, escapes of letters) only ends the text known.

/** Texts a matching lower-cased name holds in this order without overlap (each element: one of its alternatives). */
export interface NameNeeds {
  seq: readonly (readonly string[])[];
  /** The last element ends the name. */
  end: boolean;
  /**
   * With `end`: the last code unit of each of the last element's alternatives, so that a name is rejected by
   * its last character before any alternative is compared (undefined when an alternative is empty).
   */
  lastCodes?: readonly number[];
}

export const NO_NEEDS: NameNeeds = { seq: [], end: false };

const isAscii = (s: string): boolean => /^[\x20-\x7e]*$/.test(s);

/** A glob's needs: its literal parts between the `*`s (the first and last are its prefix and suffix, tested apart). */
export function globNeeds(lowerSource: string): NameNeeds {
  const parts = lowerSource.split('*').slice(1, -1).filter((p) => p !== '' && isAscii(p));
  return { seq: parts.map((p) => [p]), end: false };
}

/** True when `a|b` splits the whole regex (not only inside a group), so nothing is needed by every match. */
export function hasTopLevelAlternation(body: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\\') i++;
    else if (inClass) inClass = ch !== ']';
    else if (ch === '[') inClass = true;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) return true;
  }
  return false;
}

/** One element of a regex at the top level: a literal character, a group of literal alternatives, or anything else. */
type Atom = { kind: 'char'; text: string } | { kind: 'alts'; alts: string[] } | { kind: 'other' };

/** A literal character at `i` (`x` or `\.`): its text and length; undefined for anything special. */
function literalAt(body: string, i: number): { text: string; length: number } | undefined {
  const ch = body[i];
  if (ch === '\\') {
    const next = body[i + 1] ?? '';
    return /^[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]$/.test(next) ? { text: next, length: 2 } : undefined;
  }
  return /^[\x20-\x7e]$/.test(ch) && !'^$.|?*+()[]{}'.includes(ch) ? { text: ch, length: 1 } : undefined;
}

/** Index just past the `]` closing the class that opens at `i`; -1 when it never closes. */
export function classEnd(body: string, i: number): number {
  for (let k = i + 1; k < body.length; k++) {
    if (body[k] === '\\') k++;
    else if (body[k] === ']') return k + 1;
  }
  return -1;
}

/** Index just past the `)` closing the group that opens at `i`; -1 when it never closes. */
export function groupEnd(body: string, i: number): number {
  let depth = 0;
  for (let k = i; k < body.length; k++) {
    const ch = body[k];
    if (ch === '\\') k++;
    else if (ch === '[') {
      k = classEnd(body, k) - 1;
      if (k < 0) return -1;
    } else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return k + 1;
  }
  return -1;
}

/** The alternatives of a group's content when each is plain literal text (`Date|Time`); undefined otherwise. */
function literalAlternatives(inner: string): string[] | undefined {
  const alts: string[] = [];
  let text = '';
  for (let k = 0; k < inner.length; ) {
    if (inner[k] === '|') {
      alts.push(text);
      text = '';
      k++;
      continue;
    }
    const lit = literalAt(inner, k);
    if (lit === undefined) return undefined;
    text += lit.text;
    k += lit.length;
  }
  alts.push(text);
  return alts.some((a) => a === '') ? undefined : alts.map((a) => a.toLowerCase());
}

/** The length of a quantifier at `i` (`?`, `*`, `+`, `{2,3}`, each maybe lazy), 0 when none; -1 for a `{` that is none. */
export function quantifierAt(body: string, i: number): number {
  let n = 0;
  if ('?*+'.includes(body[i] ?? 'x')) n = 1;
  else if (body[i] === '{') {
    const m = /^\{\d+(,\d*)?\}/.exec(body.slice(i));
    if (m === null) return -1;
    n = m[0].length;
  }
  if (n > 0 && body[i + n] === '?') n++;
  return n;
}

/**
 * A regex's needs (`^reg:(.*\\)?Install(Date|Time)$` → `reg:`, `install`, then `date` or `time` at the end).
 * The analysis stops, keeping what it found, at anything it does not read (an escape of a letter, a `{`).
 */
export function regexNeeds(body: string): NameNeeds {
  if (hasTopLevelAlternation(body)) return NO_NEEDS;
  const seq: string[][] = [];
  let run = '';
  const flush = (): void => {
    if (run !== '') seq.push([run]);
    run = '';
  };
  // Whether the last element pushed (or the run) ends right where the next atom starts.
  let adjacent = false;
  let i = body.startsWith('^') ? 1 : 0;
  while (i < body.length) {
    if (body[i] === '$' && i === body.length - 1) {
      const end = adjacent;
      flush();
      return end ? { seq, end, ...lastCodesOf(seq) } : { seq, end };
    }
    let atom: Atom;
    let next: number;
    const lit = literalAt(body, i);
    if (lit !== undefined) {
      atom = { kind: 'char', text: lit.text.toLowerCase() };
      next = i + lit.length;
    } else if (body[i] === '(') {
      next = groupEnd(body, i);
      if (next < 0) break;
      const content = body.slice(i + 1, next - 1);
      const alts = content.startsWith('?:') ? literalAlternatives(content.slice(2)) : content.startsWith('?') ? undefined : literalAlternatives(content);
      atom = alts === undefined ? { kind: 'other' } : { kind: 'alts', alts };
    } else if (body[i] === '[') {
      next = classEnd(body, i);
      if (next < 0) break;
      atom = { kind: 'other' };
    } else if (body[i] === '\\' && /^[dDwWsSbB]$/.test(body[i + 1] ?? '')) {
      atom = { kind: 'other' };
      next = i + 2;
    } else if (body[i] === '.' || body[i] === '^' || body[i] === '$') {
      atom = { kind: 'other' };
      next = i + 1;
    } else break;
    const q = quantifierAt(body, next);
    if (q < 0) break;
    const quantifier = body[next] ?? '';
    next += q;
    if (atom.kind === 'char' && q === 0) {
      run += atom.text;
      adjacent = true;
    } else if (atom.kind === 'char' && quantifier === '+') {
      // At least one: the text up to it is needed, but what follows may come after more of it.
      run += atom.text;
      flush();
      adjacent = false;
    } else if (atom.kind === 'alts' && (q === 0 || quantifier === '+')) {
      flush();
      seq.push(atom.alts);
      adjacent = q === 0;
    } else {
      flush();
      adjacent = false;
    }
    i = next;
  }
  flush();
  return { seq, end: false };
}

/** The last code units of the last element's alternatives (see NameNeeds.lastCodes); {} when one is empty. */
function lastCodesOf(seq: readonly (readonly string[])[]): { lastCodes?: readonly number[] } {
  const alts = seq[seq.length - 1] ?? [];
  if (alts.length === 0 || alts.some((a) => a === '')) return {};
  return { lastCodes: [...new Set(alts.map((a) => a.charCodeAt(a.length - 1)))] };
}

/** Whether `code` is one of `codes`. */
function oneOf(codes: readonly number[], code: number): boolean {
  for (let i = 0; i < codes.length; i++) if (codes[i] === code) return true;
  return false;
}

function endsWithAny(lower: string, alts: readonly string[]): boolean {
  for (let i = 0; i < alts.length; i++) if (lower.endsWith(alts[i])) return true;
  return false;
}

/**
 * Whether a name as written may hold the needs, by its last code unit: not when the needs end the name and that
 * code unit is ASCII and lower-cased is none of NameNeeds.lastCodes (an ASCII code unit lower-cases the same
 * whatever precedes it). Rejects most names before one is lower-cased (a `…Count$` regex over every `reg:` name).
 */
export function mayHoldNeeds(name: string, needs: NameNeeds): boolean {
  return name.length === 0 || mayEndAs(name.charCodeAt(name.length - 1), needs);
}

/** mayHoldNeeds for a name that ends with the code unit `x`. */
export function mayEndAs(x: number, needs: NameNeeds): boolean {
  const codes = needs.lastCodes;
  if (!needs.end || codes === undefined) return true;
  return x > 0x7f || oneOf(codes, x >= 65 && x <= 90 ? x + 32 : x);
}

/** Whether a name as written holds the needs, lower-cased only when its last code unit leaves it possible (mayHoldNeeds). */
export function nameHoldsNeeds(name: string, needs: NameNeeds): boolean {
  return needs.seq.length === 0 || (mayHoldNeeds(name, needs) && holdsNeeds(name.toLowerCase(), needs));
}

/** Whether a lower-cased name holds the needs (texts in order without overlap; the last at the end when it must be). */
export function holdsNeeds(lower: string, needs: NameNeeds): boolean {
  const { seq } = needs;
  // The end first: a test of the name's last characters rejects most names before any search.
  if (needs.end && ((needs.lastCodes !== undefined && !oneOf(needs.lastCodes, lower.charCodeAt(lower.length - 1))) || !endsWithAny(lower, seq[seq.length - 1]))) return false;
  let pos = 0;
  for (let e = 0; e < seq.length; e++) {
    const alts = seq[e];
    if (needs.end && e === seq.length - 1) {
      for (const a of alts) if (lower.length - a.length >= pos && lower.endsWith(a)) return true;
      return false;
    }
    // The alternative that ends first leaves the most room for the rest.
    let best = -1;
    for (const a of alts) {
      const at = lower.indexOf(a, pos);
      if (at >= 0 && (best < 0 || at + a.length < best)) best = at + a.length;
    }
    if (best < 0) return false;
    pos = best;
  }
  return true;
}
