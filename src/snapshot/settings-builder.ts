// The settings of a snapshot being built: names unique ignoring case, in the order added, then one sorted table.
import type { SecretValue, Setting } from '../types.js';
import { lowerHash, NameIndex, sortedUnlessClashing } from './name-index.js';
import { hiddenPartName } from './secrets.js';
import { tableFromSettings, type SortedSettings } from './table.js';

export type Warn = (file: string, line: number | undefined, m: string) => void;

/**
 * With `deferred`, names are not looked up as they are added (a lookup per name, at random places of a large
 * table, was most of the cost): `settle()` then checks them all at once. Made for the registry's values, whose
 * names rarely meet; when some do, the caller adds them again to a builder that is not deferred, which keeps
 * the first and warns as always.
 */
export class SettingsBuilder {
  /** Display names and settings, in the order added (parallel arrays: no object per setting). */
  private readonly names: string[] = [];
  private readonly settings: Setting[] = [];
  /** Positions in `names` by name, ignoring case. */
  private readonly byLower = new NameIndex(this.names);
  /** While deferred: lowerHash of each name added (grown as needed). */
  private deferred: Uint32Array | undefined;

  constructor(
    private readonly warn: Warn,
    deferred = false,
  ) {
    if (deferred) this.deferred = new Uint32Array(1 << 12);
  }

  /**
   * Ends a deferred start: true when no two names added meet ignoring case (they are then indexed as if added
   * one by one); false when some do, and this builder is to be dropped.
   */
  settle(): boolean {
    const hashes = this.deferred;
    if (hashes === undefined) return true;
    const sorted = sortedUnlessClashing(this.names, hashes, this.names.length);
    if (sorted === undefined) return false;
    this.byLower.insertSorted(sorted);
    this.deferred = undefined;
    return true;
  }

  private defer(hash: number): void {
    let hashes = this.deferred as Uint32Array;
    if (this.names.length === hashes.length) {
      hashes = new Uint32Array(hashes.length * 2);
      hashes.set(this.deferred as Uint32Array);
      this.deferred = hashes;
    }
    hashes[this.names.length] = hash;
  }

  private index(): NameIndex {
    if (this.deferred !== undefined) throw new Error('internal: settings looked up before settle()');
    return this.byLower;
  }

  get(name: string): Setting | undefined {
    const i = this.index().find(name);
    return i < 0 ? undefined : this.settings[i];
  }

  entries(): [string, Setting][] {
    return this.names.map((n, i) => [n, this.settings[i]]);
  }

  /** Sets a setting, replacing one of the same name (case-insensitively) with all it carried (`assumed` too). */
  replace(name: string, setting: Setting): void {
    const taken = this.index().find(name);
    if (taken < 0) this.add(name, setting);
    else this.settings[taken] = setting;
  }

  /**
   * Adds a setting; a name already taken (case-insensitively) falls back to `fallback`, with a warning. With
   * `hidden` (the keyed hash of the secret inside a text), adds it beside the setting as `<name>#hidden`.
   */
  add(name: string, setting: Setting, fallback?: string, hidden?: SecretValue): void {
    const taken = this.tryAdd(name, setting, hidden);
    if (taken >= 0) this.taken(name, taken, setting, fallback, hidden);
  }

  /**
   * Adds the setting (and `hidden` beside it) when no setting has its name, ignoring case, and returns -1;
   * otherwise adds nothing and returns the position of the setting that has it. `hash`: lowerHash(name), when known (or -1).
   */
  tryAdd(name: string, setting: Setting, hidden?: SecretValue, hash = -1): number {
    if (hash < 0) hash = lowerHash(name);
    if (this.deferred !== undefined) this.defer(hash);
    else {
      const taken = this.byLower.find(name, hash);
      if (taken >= 0) return taken;
      this.byLower.insert(this.names.length, hash);
    }
    this.names.push(name);
    this.settings.push(setting);
    if (hidden !== undefined) this.add(hiddenPartName(name), { source: setting.source, value: hidden });
    return -1;
  }

  /** A setting whose name is taken by the one at `taken`: kept as `fallback` when that is free, with a warning; else dropped, with a warning. */
  taken(name: string, taken: number, setting: Setting, fallback?: string, hidden?: SecretValue): void {
    const src = setting.source;
    if (fallback !== undefined && this.index().find(fallback) < 0) {
      this.warn(src.file, src.line, `setting "${name}" is already taken by "${this.names[taken]}"; kept this value as "${fallback}"`);
      const copy = { ...setting };
      delete copy.assumed;
      this.add(fallback, copy, undefined, hidden);
      return;
    }
    this.warn(src.file, src.line, `setting "${name}" is defined twice; kept the first`);
  }

  /** The settings sorted by name in code-unit order (as canonical JSON writes them), in parallel arrays. */
  toTable(): SortedSettings {
    const names = this.names;
    // Names are unique (ignoring case, so as written too): one comparison per call.
    const order = names.map((_, i) => i).sort((a, b) => (a === b ? 0 : names[a] < names[b] ? -1 : 1));
    return tableFromSettings(
      order.map((i) => names[i]),
      order.map((i) => this.settings[i]),
    );
  }
}
