// How many dots a pattern's matches hold at most (pure): a name with more dotted segments cannot match, and
// neither can any name that shares its text up to the dot too many, so the selection skips them all by one
// search (`drivers.<driver>.settings.…` under a regex for a driver key's own values) instead of running the
// regex on each.
//
// Lower-casing keeps every dot and makes no new one, so a lower-cased name has the dots of its name.
import { classEnd, groupEnd, quantifierAt } from './pattern-needs.js';

/**
 * The most dots a glob's match holds: a glob without `**` is its dots and `*`s that each match within one
 * segment; undefined with `**` (any number).
 */
export function globMaxDots(source: string): number | undefined {
  if (source.includes('**')) return undefined;
  let dots = 0;
  for (let i = 0; i < source.length; i++) if (source[i] === '.') dots++;
  return dots;
}

/**
 * The most dots a match of an anchored regex (`^…$`) holds, counted when it is read as a sequence of: literal
 * characters (`\.` is a dot: each counts one, and may not be repeated or optional), atoms that match no dot
 * (`[^.]`-style classes, classes of letters, digits and `_`, `\d`, `\w`, `\s`, other escaped punctuation),
 * each maybe repeated, groups whose content matches no dot, and lookarounds (they match nothing). Undefined
 * for anything else (`.`, `\W`, a dot in a group or under a quantifier, an alternation at the top level).
 */
export function regexMaxDots(body: string): number | undefined {
  if (!body.startsWith('^') || !body.endsWith('$')) return undefined;
  const end = body.length - 1;
  let dots = 0;
  let i = 1;
  while (i < end) {
    if (body[i] === '\\' && body[i + 1] === '.') {
      dots++;
      i += 2;
      if (quantifierAt(body, i) !== 0) return undefined;
      continue;
    }
    if (body.startsWith('(?=', i) || body.startsWith('(?!', i) || body.startsWith('(?<=', i) || body.startsWith('(?<!', i)) {
      const next = groupEnd(body, i);
      if (next < 0 || next > end || quantifierAt(body, next) !== 0) return undefined;
      i = next;
      continue;
    }
    const next = noDotAtomEnd(body, i);
    if (next < 0 || next > end) return undefined;
    const q = quantifierAt(body, next);
    if (q < 0) return undefined;
    i = next + q;
  }
  // The `$` must be the anchor, not an escaped character (`\$` read as an atom would have ended past it).
  return i === end ? dots : undefined;
}

/** Index just past an atom at `i` that can match no dot; -1 when the atom is anything else. */
function noDotAtomEnd(body: string, i: number): number {
  const ch = body[i];
  if (ch === '\\') {
    const next = body[i + 1] ?? '';
    // \d \w \s and escaped punctuation other than the dot; not \D \W \S (they match a dot), \b, digits (backreferences) or other letters.
    if (/^[dws]$/.test(next) || /^[\x21-\x2d\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]$/.test(next)) return i + 2;
    return -1;
  }
  if (ch === '[') {
    const close = classEnd(body, i);
    if (close < 0) return -1;
    const inner = body.slice(i + 1, close - 1);
    // A negated class that lists the dot (alone, escaped or in a range: every dot in a class is the dot), or a class of letters, digits, `_` and their ranges (all above the dot).
    if (inner.startsWith('^')) return inner.includes('.') ? close : -1;
    return /^([A-Za-z0-9_]|\\[dw])+$/.test(inner.replace(/[A-Za-z0-9]-[A-Za-z0-9]/g, 'a')) ? close : -1;
  }
  if (ch === '(') {
    const close = groupEnd(body, i);
    if (close < 0) return -1;
    let inner = body.slice(i + 1, close - 1);
    if (inner.startsWith('?:')) inner = inner.slice(2);
    else if (inner.startsWith('?')) return -1;
    // Each alternative a sequence of atoms that match no dot.
    for (const alt of splitTopLevel(inner)) {
      let k = 0;
      while (k < alt.length) {
        const next = noDotAtomEnd(alt, k);
        if (next < 0) return -1;
        const q = quantifierAt(alt, next);
        if (q < 0) return -1;
        k = next + q;
      }
    }
    return close;
  }
  // A literal character: not special, not the dot.
  return /^[\x20-\x7e]$/.test(ch ?? '') && !'^$.|?*+()[]{}\\'.includes(ch) ? i + 1 : -1;
}

/** The alternatives of a group's content, split at its top-level `|`. */
function splitTopLevel(inner: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let k = 0; k < inner.length; k++) {
    const ch = inner[k];
    if (ch === '\\') k++;
    else if (ch === '[') {
      const close = classEnd(inner, k);
      if (close < 0) return [inner];
      k = close - 1;
    } else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) {
      out.push(inner.slice(from, k));
      from = k + 1;
    }
  }
  out.push(inner.slice(from));
  return out;
}
