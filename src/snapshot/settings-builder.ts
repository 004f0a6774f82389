// The settings of a snapshot being built: names unique ignoring case, in the order added, then one sorted table.
import type { SecretValue, Setting } from '../types.js';
import { lowerHash, NameIndex } from './name-index.js';
import { hiddenPartName } from './secrets.js';
import type { SortedSettings } from './table.js';

export type Warn = (file: string, line: number | undefined, m: string) => void;

export class SettingsBuilder {
  /** Display names and settings, in the order added (parallel arrays: no object per setting). */
  private readonly names: string[] = [];
  private readonly settings: Setting[] = [];
  /** Positions in `names` by name, ignoring case. */
  private readonly byLower = new NameIndex(this.names);
  constructor(private readonly warn: Warn) {}

  get(name: string): Setting | undefined {
    const i = this.byLower.find(name);
    return i < 0 ? undefined : this.settings[i];
  }

  /** Makes room for `more` settings (the values of the exports), so that the index does not grow while adding them. */
  reserve(more: number): void {
    this.byLower.reserve(more);
  }

  entries(): [string, Setting][] {
    return this.names.map((n, i) => [n, this.settings[i]]);
  }

  /** Sets a setting, replacing one of the same name (case-insensitively) with all it carried (`assumed` too). */
  replace(name: string, setting: Setting): void {
    const taken = this.byLower.find(name);
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
    const taken = this.byLower.find(name, hash);
    if (taken >= 0) return taken;
    this.byLower.insert(this.names.length, hash);
    this.names.push(name);
    this.settings.push(setting);
    if (hidden !== undefined) this.add(hiddenPartName(name), { source: setting.source, value: hidden });
    return -1;
  }

  /** A setting whose name is taken by the one at `taken`: kept as `fallback` when that is free, with a warning; else dropped, with a warning. */
  taken(name: string, taken: number, setting: Setting, fallback?: string, hidden?: SecretValue): void {
    const src = setting.source;
    if (fallback !== undefined && this.byLower.find(fallback) < 0) {
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
    const order = names.map((_, i) => i).sort((a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0));
    return { names: order.map((i) => names[i]), settings: order.map((i) => this.settings[i]) };
  }
}
