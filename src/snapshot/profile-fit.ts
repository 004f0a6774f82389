// How well a profile fits one server's export (pure): per group of settings, the mappings that named a value
// and those that found nothing, and the keys under the root that no mapping claims.
import type { Snapshot } from '../types.js';
import type { Profile, ProfileMapping } from './profile.js';

export interface MappingFit {
  setting: string;
  /** Where the mapping looks, relative to the profile root: `Partners\Type`, `Driver{Driver}` (a key's presence). */
  where: string;
  assumed: boolean;
  found: boolean;
}

export interface GroupFit {
  /** The first segment of the mappings' setting names: `partners`, `historic`, `drivers`, … */
  group: string;
  expected: number;
  found: number;
  /** Mappings of the group that public documentation does not confirm. */
  assumed: number;
  /** A group fits when at least one of its mappings named a value. */
  fits: boolean;
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

/** The fit of `profile` to one snapshot built with it. */
export function profileFit(profile: Profile, snapshot: Snapshot): ProfileFit {
  const names = Object.keys(snapshot.settings);
  const byGroup = new Map<string, MappingFit[]>();
  for (const m of profile.mappings) {
    const group = m.setting.split('.')[0];
    const re = settingRe(m);
    const fit: MappingFit = { setting: m.setting, where: where(m), assumed: m.assumed, found: names.some((n) => re.test(n)) };
    byGroup.set(group, [...(byGroup.get(group) ?? []), fit]);
  }
  const groups = [...byGroup.entries()].map(([group, mappings]): GroupFit => {
    const found = mappings.filter((m) => m.found).length;
    return { group, expected: mappings.length, found, assumed: mappings.filter((m) => m.assumed).length, fits: found > 0, mappings };
  });
  const counts = new Map<string, number>();
  for (const n of names) {
    // `reg:<key under the root>\<value>`; values outside the root are written with their full path (HKEY_…).
    if (!n.startsWith('reg:') || /^reg:HKEY_/i.test(n)) continue;
    const rel = n.slice(4);
    const cut = rel.lastIndexOf('\\');
    const key = cut < 0 ? '(root)' : rel.slice(0, cut);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const unclaimed = [...counts.entries()].map(([key, values]) => ({ key, values })).sort((a, b) => b.values - a.values || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { profile: profile.name, groups, unclaimed, fits: groups.every((g) => g.fits) };
}
