// Applies the sections of one or more parsed exports in order, the way importing them would.
import type { RegKey, RegTree, RegValue } from '../types.js';

const HIVES: Record<string, string> = {
  hklm: 'HKEY_LOCAL_MACHINE',
  hkey_local_machine: 'HKEY_LOCAL_MACHINE',
  hkcu: 'HKEY_CURRENT_USER',
  hkey_current_user: 'HKEY_CURRENT_USER',
  hkcr: 'HKEY_CLASSES_ROOT',
  hkey_classes_root: 'HKEY_CLASSES_ROOT',
  hku: 'HKEY_USERS',
  hkey_users: 'HKEY_USERS',
  hkcc: 'HKEY_CURRENT_CONFIG',
  hkey_current_config: 'HKEY_CURRENT_CONFIG',
};

/** `HKLM\Software\X\` → `HKEY_LOCAL_MACHINE\Software\X`: the long hive name, no empty segments. */
export function normaliseKeyPath(path: string): string {
  const parts = path.split('\\').filter((p) => p !== '');
  if (parts.length > 0) parts[0] = HIVES[parts[0].toLowerCase()] ?? parts[0];
  return parts.join('\\');
}

export interface ViewValue {
  /** Display name as first written ("" for the default value). */
  name: string;
  value: RegValue;
  file: string;
  /** The key path as written in the section that set the value. */
  keyAsWritten: string;
}

export interface ViewKey {
  /** Normalised full path, display case as first written. */
  path: string;
  file: string;
  line: number;
  /** Lower-cased value name → value. */
  values: Map<string, ViewValue>;
  /** Created only as the ancestor of a written key (an import creates it too). */
  implied?: boolean;
}

/** The registry as it would stand after importing every section in order. */
export class RegistryView {
  /** Lower-cased normalised path → key. */
  readonly keys = new Map<string, ViewKey>();

  applyTree(tree: RegTree, file: string): void {
    for (const section of tree.keys) this.applySection(section, file);
  }

  applySection(section: RegKey, file: string): void {
    const path = normaliseKeyPath(section.path);
    const lower = path.toLowerCase();
    if (section.deleted) {
      this.deleteTree(lower);
      return;
    }
    const key = this.ensureKey(path, file, section.line);
    for (const v of section.values) {
      const vl = v.name.toLowerCase();
      if (v.deleted) {
        key.values.delete(vl);
        continue;
      }
      const existing = key.values.get(vl);
      key.values.set(vl, { name: existing?.name ?? v.name, value: v, file, keyAsWritten: section.path });
    }
  }

  /** Lower-cased path → lower-cased paths of its child keys: deleting a key visits its subtree only. */
  private readonly children = new Map<string, Set<string>>();

  /** Deleting a key removes its whole subtree, including what earlier sections set there. */
  private deleteTree(lower: string): void {
    // Every ancestor of a key exists, so a key that does not exist has no subtree either.
    if (!this.keys.has(lower)) return;
    const stack = [lower];
    while (stack.length > 0) {
      const k = stack.pop() as string;
      const kids = this.children.get(k);
      if (kids !== undefined) for (const c of kids) stack.push(c);
      this.children.delete(k);
      this.keys.delete(k);
    }
    const cut = lower.lastIndexOf('\\');
    if (cut > 0) this.children.get(lower.slice(0, cut))?.delete(lower);
  }

  private add(path: string, lower: string, key: ViewKey): void {
    this.keys.set(lower, key);
    const cut = path.lastIndexOf('\\');
    if (cut <= 0) return;
    const parent = path.slice(0, cut).toLowerCase();
    let kids = this.children.get(parent);
    if (kids === undefined) this.children.set(parent, (kids = new Set()));
    kids.add(lower);
  }

  /**
   * Creates the key and, as an import does, its missing ancestors. Walks up from the key only to the first
   * ancestor that exists (all above it exist too), so each key is built once: linear in the paths' length.
   */
  private ensureKey(path: string, file: string, line: number): ViewKey {
    const lower = path.toLowerCase();
    const found = this.keys.get(lower);
    if (found !== undefined) {
      if (found.implied) Object.assign(found, { path, file, line, implied: undefined });
      return found;
    }
    const missing: number[] = [];
    for (let cut = path.lastIndexOf('\\'); cut > 0; cut = path.lastIndexOf('\\', cut - 1)) {
      if (this.keys.has(path.slice(0, cut).toLowerCase())) break;
      missing.push(cut);
    }
    // Top-down, as before: the map's order is the order keys came into being.
    for (let i = missing.length - 1; i >= 0; i--) {
      const ancestor = path.slice(0, missing[i]);
      this.add(ancestor, ancestor.toLowerCase(), { path: ancestor, file, line, values: new Map(), implied: true });
    }
    const key: ViewKey = { path, file, line, values: new Map() };
    this.add(path, lower, key);
    return key;
  }
}
