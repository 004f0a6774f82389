// Reading settings the way Windows compares names: case-insensitively, keeping the display case.
import type { DisplayValue, Setting, SettingValue, Snapshot } from '../types.js';
import { isSecretValue } from './secrets.js';
import { hasSettingsTable, settingAt, sortedSettings } from './table.js';
import { compareParts, PartNames, partsStartWith, type NameColumn } from './name-column.js';

export { sortedSettings, type SortedSettings } from './table.js';

/**
 * A sorted list read by position, for the searches below: whether the element at `i` sorts before `key`, and
 * whether it starts with `prefix` (key and prefix compared as the list orders its elements: code units for an
 * array of strings, lower-cased forms for the engine's names).
 */
export interface SortedList {
  readonly length: number;
  isBefore(i: number, key: string): boolean;
  startsWith(i: number, prefix: string): boolean;
}

/** An array of strings in code-unit order as a SortedList. */
class CodeUnitList implements SortedList {
  constructor(private readonly sorted: readonly string[]) {}

  get length(): number {
    return this.sorted.length;
  }

  isBefore(i: number, key: string): boolean {
    return this.sorted[i] < key;
  }

  startsWith(i: number, prefix: string): boolean {
    return this.sorted[i].startsWith(prefix);
  }
}

/** A table's names (name-column.ts) in code-unit order as a SortedList: held as parts, compared by them. */
class NameColumnList implements SortedList {
  constructor(private readonly names: NameColumn) {}

  get length(): number {
    return this.names.length;
  }

  isBefore(i: number, key: string): boolean {
    const names = this.names;
    return names instanceof PartNames ? compareParts(names.head(i), names.tail(i), key, '') < 0 : names.at(i) < key;
  }

  startsWith(i: number, prefix: string): boolean {
    const names = this.names;
    return names instanceof PartNames ? partsStartWith(names.head(i), names.tail(i), prefix) : names.at(i).startsWith(prefix);
  }
}

/** The first row of `names` (a table's, in code-unit order) whose name is ≥ `key`; `names.length` when none is. */
export function firstNameAtOrAfter(names: NameColumn, key: string): number {
  return searchFirstAtOrAfter(new NameColumnList(names), key);
}

/** The end of the rows from `start` (the first ≥ prefix) of `names` (a table's) whose names start with `prefix`. */
export function namePrefixEnd(names: NameColumn, prefix: string, start: number): number {
  return searchPrefixEnd(new NameColumnList(names), prefix, start);
}

/** The first position of `list` whose element is ≥ `key`; `list.length` when none is (binary search). */
export function searchFirstAtOrAfter(list: SortedList, key: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list.isBefore(mid, key)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * searchFirstAtOrAfter from position `near` outwards: doubling steps up or down to bracket the answer, then
 * halving. A key close to `near` in sorted order is found in a few steps that stay in the cache, where a
 * binary search over the whole list takes a cache miss per step.
 */
export function searchFirstAtOrAfterNear(list: SortedList, key: string, near: number): number {
  const n = list.length;
  if (near < 0 || near >= n) return searchFirstAtOrAfter(list, key);
  // Invariant once bracketed: element lo is before key (or lo = -1), element hi is not (or hi = n).
  let lo: number;
  let hi: number;
  let step = 1;
  if (list.isBefore(near, key)) {
    lo = near;
    hi = near + 1;
    while (hi < n && list.isBefore(hi, key)) {
      lo = hi;
      step *= 2;
      hi = near + step;
    }
    if (hi > n) hi = n;
  } else {
    hi = near;
    lo = near - 1;
    while (lo >= 0 && !list.isBefore(lo, key)) {
      hi = lo;
      step *= 2;
      lo = near - step;
    }
    if (lo < -1) lo = -1;
  }
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (list.isBefore(mid, key)) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * The end of the elements that start with `prefix`, given `start`, the first ≥ prefix: the first element ≥ the
 * prefix with its last code unit raised by one (every element between starts with the prefix), found by
 * doubling steps from `start` rather than by testing each.
 */
export function searchPrefixEnd(list: SortedList, prefix: string, start: number): number {
  const n = list.length;
  if (start >= n || !list.startsWith(start, prefix)) return start;
  const last = prefix.length - 1;
  if (last < 0) return n;
  const code = prefix.charCodeAt(last);
  // A last code unit of U+FFFF cannot be raised: the elements are tested one by one.
  if (code === 0xffff) {
    let i = start;
    while (i < n && list.startsWith(i, prefix)) i++;
    return i;
  }
  return searchFirstAtOrAfterNear(list, prefix.slice(0, last) + String.fromCharCode(code + 1), start);
}

/** Index of the first of `sorted` (code-unit order) that is ≥ `key`; `sorted.length` when none is. */
export function firstAtOrAfter(sorted: readonly string[], key: string): number {
  return searchFirstAtOrAfter(new CodeUnitList(sorted), key);
}

/** firstAtOrAfter searched from position `near` outwards (searchFirstAtOrAfterNear). */
export function firstAtOrAfterNear(sorted: readonly string[], key: string, near: number): number {
  return searchFirstAtOrAfterNear(new CodeUnitList(sorted), key, near);
}

/** The end of the strings that start with `prefix` in `sorted` (code-unit order), given `start`, the first ≥ prefix (searchPrefixEnd). */
export function prefixEnd(sorted: readonly string[], prefix: string, start: number): number {
  return searchPrefixEnd(new CodeUnitList(sorted), prefix, start);
}

/** Row of `name` in a table's `names` (code-unit order), or -1. */
function indexOf(names: NameColumn, name: string): number {
  const i = firstNameAtOrAfter(names, name);
  return i < names.length && names.at(i) === name ? i : -1;
}

/**
 * Looks a setting up by name, ignoring case (`DB.Port` finds `db.port`). A built snapshot is searched in its
 * sorted table (its settings record is not built for it).
 */
export function getSetting(s: Snapshot, name: string): Setting | undefined {
  if (hasSettingsTable(s)) {
    const t = sortedSettings(s);
    const i = indexOf(t.names, name);
    if (i >= 0) return settingAt(t, i);
    const lower = name.toLowerCase();
    for (let k = 0; k < t.names.length; k++) if (t.names.at(k).toLowerCase() === lower) return settingAt(t, k);
    return undefined;
  }
  const exact = s.settings[name];
  if (exact !== undefined) return exact;
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(s.settings)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** How many settings the snapshot has (without building a built snapshot's settings record). */
export function settingCount(s: Snapshot): number {
  return sortedSettings(s).names.length;
}

/** Index of a snapshot's settings by lower-cased name. */
export function settingsByLowerName(s: Snapshot): Map<string, { name: string; setting: Setting }> {
  const m = new Map<string, { name: string; setting: Setting }>();
  const t = sortedSettings(s);
  for (let i = 0; i < t.names.length; i++) {
    const name = t.names.at(i);
    m.set(name.toLowerCase(), { name, setting: settingAt(t, i) });
  }
  return m;
}

/** How a value may be shown: a secret only as set / not set (and, when compared, same or not). */
export function toDisplayValue(v: SettingValue, same?: boolean): DisplayValue {
  if (isSecretValue(v)) return same === undefined ? { secret: true, set: v.set } : { secret: true, set: v.set, same };
  return Array.isArray(v) ? [...v] : v;
}
