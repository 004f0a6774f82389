// Two servers of a pair hold mostly the same setting names, and most of their values and value names are equal
// too: a table's strings replaced by the equal ones of another table (the previous one built on this thread), so
// the pair keeps one copy of each. The names' parts are shared as the second table is built (PartTexts), its
// string values and value names once it is (shareStrings); the second server's copies are garbage at once.
import type { SettingValue } from '../types.js';
import { compareNames, PartNames } from './name-column.js';
import { byteColumns, valueNameAt, type SortedSettings } from './table.js';

/**
 * Replaces, for the names `t` shares with `like`, the row's string value and value name by the row of `like`'s
 * when equal. Equal strings are interchangeable: every reader sees the same values. Both tables' names are sorted
 * in code-unit order with no two equal (a snapshot's table); the columns of `t` are arrays it may write (a table
 * just built or unpacked), `like` is only read. Returns how many names are shared. (The names' own texts are
 * shared as the table is built: a part equal to one of the previous table's is kept as that one, see PartTexts.)
 */
export function shareStrings(t: SortedSettings, like: SortedSettings): number {
  const names = t.names;
  const values = t.values as SettingValue[];
  const theirs = like.names;
  const theirValues = like.values;
  // Value names held as ids (typed-columns.ts) are shared once per distinct name; others row by row.
  const ours = byteColumns(t)?.valueNames;
  const their = byteColumns(like)?.valueNames;
  if (ours !== undefined && their !== undefined) ours.shareWith(their);
  const valueNames = ours === undefined ? (t.valueNames as (string | undefined)[]) : undefined;
  let shared = 0;
  let j = 0;
  for (let i = 0; i < names.length && j < theirs.length; i++) {
    // Mostly the next name of `like` is this one: one comparison.
    let c = compareNames(theirs, j, names, i);
    while (c < 0 && ++j < theirs.length) c = compareNames(theirs, j, names, i);
    if (c !== 0) continue;
    const value = values[i];
    if (typeof value === 'string' && value === theirValues[j]) values[i] = theirValues[j];
    if (valueNames !== undefined) {
      const valueName = valueNames[i];
      const theirValueName = valueName === undefined ? undefined : valueNameAt(like, j);
      if (valueName !== undefined && valueName === theirValueName) valueNames[i] = theirValueName;
    }
    shared++;
    j++;
  }
  return shared;
}

/** The table built last on this thread (held weakly: it lives as long as its snapshot reads from it). */
let previous: WeakRef<SortedSettings> | undefined;

/**
 * Shares the strings of `t`, a table just built, with the table built before it on this thread if that one is
 * still alive (a pair's first server, when the second is built), then remembers `t` for the next.
 */
export function shareWithPrevious(t: SortedSettings): void {
  const like = previous?.deref();
  if (like !== undefined) shareStrings(t, like);
  previous = new WeakRef(t);
}

/**
 * The texts of the name parts of a table, by text: a builder keeps a part equal to one of them as that string (a
 * pair's second server then holds the first's texts: one copy of each, and the readers that compare the two
 * servers' names find most parts the same string). The lookups are made when first asked for.
 */
export class PartTexts {
  private heads: Map<string, string> | undefined;
  private tails: Map<string, string> | undefined;

  constructor(private readonly names: PartNames) {}

  head(text: string): string | undefined {
    return (this.heads ??= byText(this.names.heads)).get(text);
  }

  tail(text: string): string | undefined {
    return (this.tails ??= byText(this.names.tails)).get(text);
  }
}

function byText(texts: readonly string[]): Map<string, string> {
  return new Map(texts.map((t) => [t, t]));
}

/** The parts of the table built last on this thread, while it is alive and held as parts; undefined otherwise. */
export function previousParts(): PartTexts | undefined {
  const like = previous?.deref();
  return like !== undefined && like.names instanceof PartNames ? new PartTexts(like.names) : undefined;
}
