// Two servers of a pair hold mostly the same setting names, and most of their values and value names are equal
// too: a table's strings replaced by the equal ones of another table (the previous one built on this thread, or
// the other server's), so the pair keeps one copy of each. A string per setting name is most of a snapshot's
// memory; the second server's copies are garbage as soon as they are replaced.
import type { SettingValue } from '../types.js';
import type { SortedSettings } from './table.js';

/**
 * Replaces the names of `t` by the equal names of `like`, and where a name is shared, the row's string value and
 * value name by the row of `like`'s when equal. Equal strings are interchangeable: every reader sees the same
 * values. Both tables' names are sorted in code-unit order with no two equal (a snapshot's table); the columns
 * of `t` are arrays it may write (a table just built or unpacked), `like` is only read. Returns how many names
 * are shared.
 */
export function shareStrings(t: SortedSettings, like: SortedSettings): number {
  const names = t.names as string[];
  const values = t.values as SettingValue[];
  const valueNames = t.valueNames as (string | undefined)[];
  const theirs = like.names;
  const theirValues = like.values;
  const theirValueNames = like.valueNames;
  let shared = 0;
  let j = 0;
  for (let i = 0; i < names.length && j < theirs.length; i++) {
    const name = names[i];
    // Mostly the next name of `like` is this one: one comparison.
    if (theirs[j] !== name) {
      while (j < theirs.length && theirs[j] < name) j++;
      if (j === theirs.length || theirs[j] !== name) continue;
    }
    names[i] = theirs[j];
    const value = values[i];
    if (typeof value === 'string' && value === theirValues[j]) values[i] = theirValues[j];
    const valueName = valueNames[i];
    if (valueName !== undefined && valueName === theirValueNames[j]) valueNames[i] = theirValueNames[j];
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
