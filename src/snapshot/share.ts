// Two servers of a pair hold mostly the same setting names, and most of their values and value names are equal
// too: a table's strings replaced by the equal ones of another table (the previous one built on this thread, or
// the other server's), so the pair keeps one copy of each. A string per setting name is most of a snapshot's
// memory; the second server's copies are garbage as soon as they are replaced.
import type { SettingValue } from '../types.js';
import { byteColumns, valueNameAt, type SortedSettings } from './table.js';

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
    const name = names[i];
    // Mostly the next name of `like` is this one: one comparison.
    if (theirs[j] !== name) {
      while (j < theirs.length && theirs[j] < name) j++;
      if (j === theirs.length || theirs[j] !== name) continue;
    }
    names[i] = theirs[j];
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
/** For the last table built on this thread, `placeOf[k]`: the row of the k-th setting its builder added (kept as long as the table lives, or until the next is built). */
const addOrders = new WeakMap<SortedSettings, Int32Array>();

/**
 * Shares the strings of `t`, a table just built, with the table built before it on this thread if that one is
 * still alive (a pair's first server, when the second is built), then remembers `t` for the next. `placeOf`:
 * the row of `t` of each setting in the order its builder added them (for `previousNames`).
 */
export function shareWithPrevious(t: SortedSettings, placeOf?: Int32Array): void {
  const like = previous?.deref();
  if (like !== undefined) {
    shareStrings(t, like);
    // Only the last table's order is offered to the next builder.
    addOrders.delete(like);
  }
  previous = new WeakRef(t);
  if (placeOf !== undefined) addOrders.set(t, placeOf);
}

/** Settings of the previous builder looked at from the cursor on, for a name that is not the next one. */
const LOOKAHEAD = 4;

/**
 * The previous table's names in the order its builder added them, offered to a builder as it adds its own: a
 * pair's second server adds nearly the same names in nearly the same order. Taking the first server's string
 * instead of keeping its own equal one means the builder's copy dies young (it lived for the whole build before
 * shareStrings replaced it, long enough to be moved to the old generation, where it stayed as garbage).
 */
export class NameCursor {
  /** How many of the previous builder's settings are behind the cursor. */
  private at = 0;
  /** Registry key (as written) → where the previous builder added the first setting from it; made at the first miss. */
  private firstOfKey: Map<string, number> | undefined;

  constructor(private readonly like: SortedSettings, private readonly placeOf: Int32Array) {}

  /**
   * The previous table's string equal to `head + tail` (a setting read from the registry key `key`, as written;
   * compared by its parts, without making it) when it is at the cursor or a few settings after it, or else a few
   * settings after the first the previous builder added from the same key (a key only one server has put the
   * cursor out of step); the cursor then moves past it. Undefined otherwise.
   */
  share(head: string, tail: string, key: string | undefined): string | undefined {
    const found = this.near(head, tail, this.at);
    if (found >= 0 || key === undefined) return this.take(found);
    const first = (this.firstOfKey ??= this.keyStarts()).get(key);
    return first === undefined || first === this.at ? undefined : this.take(this.near(head, tail, first));
  }

  /** The first of the previous builder's settings from `from` on (a few) named `head + tail`, or -1. */
  private near(head: string, tail: string, from: number): number {
    const { like, placeOf } = this;
    const end = Math.min(from + LOOKAHEAD, placeOf.length);
    const length = head.length + tail.length;
    for (let k = from; k < end; k++) {
      const name = like.names[placeOf[k]];
      if (name.length === length && name.startsWith(head) && name.endsWith(tail)) return k;
    }
    return -1;
  }

  private take(k: number): string | undefined {
    if (k < 0) return undefined;
    this.at = k + 1;
    return this.like.names[this.placeOf[k]];
  }

  private keyStarts(): Map<string, number> {
    const { like, placeOf } = this;
    const first = new Int32Array(like.origins.length).fill(-1);
    for (let k = placeOf.length - 1; k >= 0; k--) first[like.originIds[placeOf[k]]] = k;
    const starts = new Map<string, number>();
    like.origins.forEach((o, id) => {
      if (o.key !== undefined && first[id] >= 0 && !(first[id] >= (starts.get(o.key) ?? Infinity))) starts.set(o.key, first[id]);
    });
    return starts;
  }
}

/** A cursor over the names of the table built last on this thread, while it is alive; undefined otherwise. */
export function previousNames(): NameCursor | undefined {
  const like = previous?.deref();
  const placeOf = like === undefined ? undefined : addOrders.get(like);
  return like === undefined || placeOf === undefined ? undefined : new NameCursor(like, placeOf);
}
