// A draft profile from real exports (pure): the profile given, with each group it does not find moved to the
// unclaimed key that holds its value names, and every other unclaimed key outside the groups' areas mapped
// to a `site.…` setting. Marked `"draft": true`: `--profile` refuses it until a person has reviewed it.
import type { Snapshot } from '../types.js';
import type { Profile, ProfileMapping } from './profile.js';
import { groupAreas, groupOf, outsideEveryArea, profileFit, unclaimedKey } from './profile-fit.js';

/** The `source` tag of every mapping a draft adds or moves. */
export const DRAFT_SOURCE = 'DRAFT';

const PLACEHOLDER = /\{[A-Za-z][A-Za-z0-9]*(:camel)?\}/g;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A key or value-name template as a test (any placeholder matches one key segment or name). */
function templateTest(template: string): RegExp {
  const literals = template.split(PLACEHOLDER).filter((_, i) => i % 2 === 0);
  return new RegExp(`^${literals.map(escapeRe).join('[^\\\\]+')}$`, 'i');
}

/** Unclaimed values outside every group's area: key as first written → its value names. */
function unclaimedOutside(profile: Profile, snapshots: Snapshot[]): Map<string, { key: string; values: Set<string> }> {
  const areas = groupAreas(profile);
  const out = new Map<string, { key: string; values: Set<string> }>();
  for (const s of snapshots) {
    for (const name of Object.keys(s.settings)) {
      const key = unclaimedKey(name);
      if (key === undefined || !outsideEveryArea(areas, key)) continue;
      const entry = out.get(key.toLowerCase()) ?? { key, values: new Set<string>() };
      entry.values.add((key === '(root)' ? name.slice(4) : name.slice(5 + key.length)).toLowerCase());
      out.set(key.toLowerCase(), entry);
    }
  }
  return out;
}

/** How many of the mappings' values an unclaimed top key `top` would hold, were it the mappings' first key. */
function score(mappings: ProfileMapping[], first: string, top: string, unclaimed: Map<string, { key: string; values: Set<string> }>): number {
  let n = 0;
  for (const m of mappings) {
    if (m.value === undefined || m.value === '@') continue;
    const key = templateTest(`${top}${m.key.slice(first.length)}`);
    const value = templateTest(m.value);
    for (const u of unclaimed.values()) if (key.test(u.key) && [...u.values].some((v) => value.test(v))) n++;
  }
  return n;
}

/** `Redundancy\StandbyA` → `site.redundancy.standbyA`. */
function siteSetting(key: string): string {
  const parts = key === '(root)' ? ['root'] : key.split('\\').map((p) => p.replace(/[^A-Za-z0-9]/g, '') || 'key');
  return ['site', ...parts.map((p) => p.charAt(0).toLowerCase() + p.slice(1))].join('.');
}

/** The draft: `profile` moved and extended to what the exports hold; `inputs` name the exports in its note. */
export function draftProfile(profile: Profile, snapshots: Snapshot[], inputs: string[]): Profile {
  const fits = snapshots.map((s) => profileFit(profile, s));
  const misfits = [...new Set(fits.flatMap((f) => f.misfits))];
  const unclaimed = unclaimedOutside(profile, snapshots);
  const mappings = profile.mappings.map((m) => ({ ...m }));
  const used = new Set<string>();
  for (const group of misfits) {
    const own = mappings.filter((m) => groupOf(m.setting) === group && m.source !== DRAFT_SOURCE);
    for (const first of [...new Set(own.map((m) => m.key.split('\\')[0]))]) {
      if (first === '' || first.includes('{')) continue;
      const moved = own.filter((m) => m.key.split('\\')[0] === first);
      const tops = [...new Set([...unclaimed.values()].map((u) => u.key.split('\\')[0]).filter((t) => t !== '(root)'))].sort();
      const best = tops.map((top) => ({ top, n: score(moved, first, top, unclaimed) })).reduce((a, b) => (b.n > a.n ? b : a), { top: '', n: 0 });
      if (best.n === 0) continue;
      used.add(best.top.toLowerCase());
      for (const m of moved) {
        m.note = `drafted: was ${m.key === '' ? '(root)' : m.key}; ${best.n} of the group's values found under ${best.top}${m.note !== undefined ? `; ${m.note}` : ''}`;
        m.key = `${best.top}${m.key.slice(first.length)}`;
        m.source = DRAFT_SOURCE;
      }
    }
  }
  for (const u of [...unclaimed.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    if (used.has(u.key.split('\\')[0].toLowerCase())) continue;
    const key = u.key === '(root)' ? '' : u.key;
    mappings.push({ setting: `${siteSetting(u.key)}.{Value}`, key, value: '{Value}', type: 'auto', assumed: true, source: DRAFT_SOURCE, note: `drafted: ${u.values.size} value(s) no mapping claimed; rename the setting to what a rule selects, or remove the mapping` });
  }
  return {
    ...profile,
    draft: true,
    sources: { ...profile.sources, [DRAFT_SOURCE]: `drafted by pairaudit profile check from ${inputs.join(', ')}: review every mapping with this source` },
    mappings,
  };
}
