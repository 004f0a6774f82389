// How well a profile fits one server's export (pure): per group of settings, the mappings that named a value
// and those that found nothing, and the keys under the root that no mapping claims.
import type { Snapshot } from '../types.js';
import type { Profile, ProfileMapping } from './profile.js';
import { firstNameAtOrAfter, namePrefixEnd } from './settings.js';
import { sortedSettings } from './table.js';
import { flat } from './name-index.js';
import { indexInName, type NameColumn } from './name-column.js';

export interface MappingFit {
  setting: string;
  /** Where the mapping looks, relative to the profile root: `Partners\Type`, `Driver{Driver}` (a key's presence). */
  where: string;
  assumed: boolean;
  found: boolean;
  /** One of the group's anchors (see `Profile.groups`). */
  anchor: boolean;
}

export interface GroupFit {
  /** The first segment of the mappings' setting names: `partners`, `historic`, `drivers`, … */
  group: string;
  expected: number;
  found: number;
  /** Mappings of the group that public documentation does not confirm. */
  assumed: number;
  /**
   * A group fits when one of its anchors (the profile's `groups.<group>.anchors`) named a value; a group
   * without anchors, when any of its mappings did.
   */
  fits: boolean;
  /** True when the profile names the group's anchors: audits judge only such groups (see `misfitGroups`). */
  anchored: boolean;
  mappings: MappingFit[];
}

export interface UnclaimedKey {
  /** Key path relative to the profile root. */
  key: string;
  values: number;
}

export interface ProfileFit {
  profile: string;
  groups: GroupFit[];
  /** Keys under the root holding values no mapping claimed, most values first. */
  unclaimed: UnclaimedKey[];
  fits: boolean;
  /**
   * Anchored groups whose anchors are absent while values no mapping claims exist under the root: the site
   * probably keeps those settings under other keys, so their rules cannot be judged.
   */
  misfits: string[];
}

const PLACEHOLDER = /\{[A-Za-z][A-Za-z0-9]*(:camel)?\}/g;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A regular expression matching every setting name the mapping can produce. */
function settingRe(m: ProfileMapping): RegExp {
  const parts = m.setting.split(PLACEHOLDER);
  // split() with a capture group interleaves the `:camel` captures: keep the literal parts only.
  const literals = parts.filter((_, i) => i % 2 === 0);
  return new RegExp(`^${literals.map(escapeRe).join('.+')}$`, 'i');
}

function where(m: ProfileMapping): string {
  if (m.present === true) return m.key;
  const value = m.value === '@' ? '(default)' : (m.value ?? '');
  return m.key === '' ? value : `${m.key}\\${value}`;
}

/** The group of a setting name or template: its first dotted part. */
export function groupOf(setting: string): string {
  const dot = setting.indexOf('.');
  return dot < 0 ? setting : setting.slice(0, dot);
}

/**
 * A group's *area*: the first key segments its mappings use, as case-insensitive tests of a key path
 * relative to the root (`partners` → `Partners\**`; `drivers` → `Driver*`; a mapping of a root value → the
 * root's own values). A value no mapping claims outside every group's area is where a misplaced group's
 * settings would be.
 */
export function groupAreas(profile: Profile): Map<string, RegExp[]> {
  const areas = new Map<string, Map<string, RegExp>>();
  for (const m of profile.mappings) {
    const first = m.key.split('\\')[0];
    const literals = first.split(PLACEHOLDER).filter((_, i) => i % 2 === 0);
    const re = first === '' ? /^$/ : new RegExp(`^${literals.map(escapeRe).join('[^\\\\]*')}(\\\\|$)`, 'i');
    const group = groupOf(m.setting);
    const list = areas.get(group) ?? new Map<string, RegExp>();
    list.set(re.source, re);
    areas.set(group, list);
  }
  return new Map([...areas].map(([g, res]) => [g, [...res.values()]]));
}

/** Relative key of a `reg:` setting under the root (`(root)` for a value of the root key); undefined for other names. */
export function unclaimedKey(name: string): string | undefined {
  // `reg:<key under the root>\<value>`; values outside the root are written with their full path (HKEY_…).
  if (!name.startsWith('reg:') || /^reg:HKEY_/i.test(name)) return undefined;
  const rel = name.slice(4);
  const cut = rel.lastIndexOf('\\');
  return cut < 0 ? '(root)' : rel.slice(0, cut);
}

/** True when the key (relative to the root, `(root)` for the root) lies in no group's area. */
export function outsideEveryArea(areas: Map<string, RegExp[]>, key: string): boolean {
  const k = key === '(root)' ? '' : key;
  for (const res of areas.values()) if (res.some((re) => re.test(k))) return false;
  return true;
}

/** Whether `re` matches any of `names` in the ranges (pairs of start, end). */
function anyMatches(names: NameColumn, ranges: readonly number[], re: RegExp): boolean {
  for (let r = 0; r < ranges.length; r += 2) for (let i = ranges[r]; i < ranges[r + 1]; i++) if (re.test(names.at(i))) return true;
  return false;
}

/**
 * The fit of `profile` to one snapshot built with it. `counts`: the snapshot's unclaimed values per key, when
 * the caller has them (see unclaimedCountsLike); counted from its names otherwise.
 */
export function profileFit(profile: Profile, snapshot: Snapshot, counts?: ReadonlyMap<string, number>): ProfileFit {
  const names = sortedSettings(snapshot).names;
  // Names by their first part, lower-cased: a mapping is tested against its own group's names only. Unmapped
  // values (`reg:…`, most of a large export) are in no group unless a mapping's setting starts with `reg:` too.
  const regGroup = profile.mappings.some((m) => groupOf(m.setting).toLowerCase().startsWith('reg:'));
  // Per lower-cased first part, the ranges [start, end) of its names (a flat list of pairs). Names are sorted:
  // those of one first part as written follow each other, so each run's end is found by search, not name by name.
  const namesOf = new Map<string, number[]>();
  for (let i = 0; i < names.length; ) {
    const n = names.at(i);
    if (!regGroup && n.startsWith('reg:')) {
      i = namePrefixEnd(names, 'reg:', i);
      continue;
    }
    const group = groupOf(n);
    const end = group.length < n.length ? namePrefixEnd(names, `${group}.`, i) : i + 1;
    const first = group.toLowerCase();
    const ranges = namesOf.get(first);
    if (ranges === undefined) namesOf.set(first, [i, end]);
    else ranges.push(i, end);
    i = end;
  }
  const byGroup = new Map<string, MappingFit[]>();
  for (const m of profile.mappings) {
    const group = groupOf(m.setting);
    const re = settingRe(m);
    const anchor = profile.groups?.[group]?.anchors.includes(m.setting) === true;
    const found = anyMatches(names, group.includes('{') ? [0, names.length] : (namesOf.get(group.toLowerCase()) ?? []), re);
    const fit: MappingFit = { setting: m.setting, where: where(m), assumed: m.assumed, found, anchor };
    byGroup.set(group, [...(byGroup.get(group) ?? []), fit]);
  }
  const groups = [...byGroup.entries()].map(([group, mappings]): GroupFit => {
    const found = mappings.filter((m) => m.found).length;
    const anchored = mappings.some((m) => m.anchor);
    const fits = anchored ? mappings.some((m) => m.anchor && m.found) : found > 0;
    return { group, expected: mappings.length, found, assumed: mappings.filter((m) => m.assumed).length, fits, anchored, mappings };
  });
  const unclaimed = [...(counts ?? unclaimedCounts(names)).entries()].map(([key, values]) => ({ key, values })).sort((a, b) => b.values - a.values || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const misfits = unclaimed.length === 0 ? [] : groups.filter((g) => g.anchored && !g.fits).map((g) => g.group);
  return { profile: profile.name, groups, unclaimed, fits: groups.every((g) => g.fits), misfits };
}

/** How many values each key under the root holds (its unclaimedKey), counted over sorted `names` (code-unit order). */
export function unclaimedCounts(names: NameColumn): Map<string, number> {
  const counts = new Map<string, number>();
  // Only `reg:` names have an unclaimed key, and they follow each other.
  const regStart = firstNameAtOrAfter(names, 'reg:');
  const regEnd = namePrefixEnd(names, 'reg:', regStart);
  for (let i = regStart; i < regEnd; ) {
    const key = unclaimedKey(names.at(i));
    if (key === undefined) {
      i++;
      continue;
    }
    // The values of one key that follow it directly: the names under `reg:<key>\` are found by search, and
    // only whether each has no further `\` (a subkey's value) is read name by name.
    let end = i + 1;
    if (key !== '(root)') {
      const head = flat(`reg:${key}\\`);
      end = directValuesEnd(names, i + 1, namePrefixEnd(names, head, i), head.length);
    }
    counts.set(key, (counts.get(key) ?? 0) + end - i);
    i = end;
  }
  return counts;
}

/**
 * The end of the names from `start` (before `under`, all under one key's head of `headLength` code units)
 * that have no further backslash: the key's values that follow each other. A small function ending with its
 * loop: compiled alone, not with the counting around it.
 */
function directValuesEnd(names: NameColumn, start: number, under: number, headLength: number): number {
  let end = start;
  while (end < under && indexInName(names, end, '\\', headLength) < 0) end++;
  return end;
}

/**
 * The unclaimed counts of a snapshot made from another's (`base`, from unclaimedCounts): the names only the
 * other has taken away, the names only this one has added. The same counts as unclaimedCounts over this
 * snapshot's names, reading only the names that differ.
 */
export function unclaimedCountsLike(base: ReadonlyMap<string, number>, removed: Iterable<string>, added: Iterable<string>): Map<string, number> {
  const counts = new Map(base);
  for (const name of removed) {
    const key = unclaimedKey(name);
    if (key === undefined) continue;
    const n = (counts.get(key) as number) - 1;
    if (n === 0) counts.delete(key);
    else counts.set(key, n);
  }
  for (const name of added) {
    const key = unclaimedKey(name);
    if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
