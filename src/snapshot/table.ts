// A built snapshot's settings as one sorted table (names and settings in parallel arrays), with the
// `settings` record built from it only when something reads it.
//
// A record of 10^5+ settings is slow to build and to walk (Object.keys and a hash lookup per name on a
// dictionary-mode object); the fingerprint and, through the accessors of settings.ts, other readers walk the
// table instead. The record stays the public shape: reading `snapshot.settings` (JSON.stringify, a spread,
// structuredClone, a worker message) builds it once, and from then on it is the only truth (the table is
// dropped, so a record changed afterwards is never shadowed by a stale table).
import type { Setting, Snapshot } from '../types.js';

/** Settings sorted by name in code-unit order (the order canonical JSON writes them), in parallel arrays. */
export interface SortedSettings {
  readonly names: readonly string[];
  readonly settings: readonly Setting[];
}

const tables = new WeakMap<Snapshot, SortedSettings>();
/** Records built for snapshots frozen or sealed before their first read (the accessor cannot be replaced there). */
const records = new WeakMap<Snapshot, Record<string, Setting>>();

/** Replaces the lazy `settings` accessor by a plain data property holding `record` (or, on a frozen snapshot, keeps it aside). */
function settle(s: Snapshot, record: Record<string, Setting>): Record<string, Setting> {
  tables.delete(s);
  if (Object.isExtensible(s)) Object.defineProperty(s, 'settings', { value: record, writable: true, enumerable: true, configurable: true });
  else records.set(s, record);
  return record;
}

/**
 * A snapshot whose `settings` is built from `table` (names sorted in code-unit order, no two equal) the
 * first time it is read. `fields` are the other fields, in the order the snapshot's keys are to have.
 */
export function snapshotWithTable(fields: Omit<Snapshot, 'settings'>, table: SortedSettings): Snapshot {
  const s = {} as Snapshot;
  for (const [k, v] of Object.entries(fields)) {
    // `settings` goes where canonical order puts it: after `server`, before `warnings`.
    if (k === 'warnings') defineLazySettings(s);
    (s as unknown as Record<string, unknown>)[k] = v;
  }
  if (!Object.prototype.hasOwnProperty.call(s, 'settings')) defineLazySettings(s);
  tables.set(s, table);
  return s;
}

function defineLazySettings(s: Snapshot): void {
  Object.defineProperty(s, 'settings', {
    enumerable: true,
    configurable: true,
    get(this: Snapshot): Record<string, Setting> {
      const kept = records.get(s);
      if (kept !== undefined) return kept;
      const t = tables.get(s) as SortedSettings;
      const record: Record<string, Setting> = {};
      for (let i = 0; i < t.names.length; i++) record[t.names[i]] = t.settings[i];
      return settle(s, record);
    },
    set(this: Snapshot, record: Record<string, Setting>) {
      settle(s, record);
    },
  });
}

/** Names in code-unit order (as canonical JSON writes them); the same array when already sorted. */
export function sortedNames(record: object): string[] {
  const names = Object.keys(record);
  for (let i = 1; i < names.length; i++) if (!(names[i - 1] < names[i])) return names.sort();
  return names;
}

/**
 * The settings sorted by name in code-unit order: the snapshot's table while its record was never read,
 * else built from the record (one Object.keys and a lookup per name).
 */
export function sortedSettings(s: Snapshot): SortedSettings {
  const t = tables.get(s);
  if (t !== undefined) return t;
  const names = sortedNames(s.settings);
  return { names, settings: names.map((n) => s.settings[n]) };
}

/** Whether the snapshot still holds its table (its `settings` record not built yet): for tests. */
export function hasSettingsTable(s: Snapshot): boolean {
  return tables.has(s);
}
