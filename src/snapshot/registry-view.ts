// Applies the sections of one or more parsed exports in order, the way importing them would.
import type { RegData, RegTree, RegTypeName } from '../types.js';
import { RegColumns, treeColumns } from './reg-columns.js';
import { nameFacts, simpleOrder, type NameFacts } from './value-order.js';
import { isAscii } from './name-column.js';

export { nameFacts, type NameFacts } from './value-order.js';

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

const LONG_HIVES = new Set(Object.values(HIVES));

/** `HKLM\Software\X\` → `HKEY_LOCAL_MACHINE\Software\X`: the long hive name, no empty segments. */
export function normaliseKeyPath(path: string): string {
  // As exports write it: a long hive name, one backslash between segments, none at the end.
  const hive = path.indexOf('\\');
  if (hive > 0 && LONG_HIVES.has(path.slice(0, hive)) && !path.endsWith('\\') && !path.includes('\\\\')) return path;
  const parts = path.split('\\').filter((p) => p !== '');
  if (parts.length > 0) parts[0] = HIVES[parts[0].toLowerCase()] ?? parts[0];
  return parts.join('\\');
}

/** A section applied to a key: section `k` of `cols`, from `file`. */
interface Part {
  cols: RegColumns;
  k: number;
  file: string;
}

/**
 * A key's values as the import leaves them, read as columns (no object per value): the i-th in the order of
 * their lower-cased names (code-unit order) is at position `p = order[i]`, its row `first + p` of `nameIds`
 * (the display name, as first written, is `nameList[nameIds[row]]`), `types` (a position in `typeNames`), `data` and `lines` (as last
 * written); `facts[p]` are the facts of its name. `file` and `keyAsWritten` say which section wrote them
 * all, or, when several did, `files[p]` and `keysAsWritten[p]` say it per value.
 */
export interface KeyValues {
  readonly order: readonly number[];
  readonly first: number;
  readonly nameIds: ArrayLike<number>;
  readonly nameList: readonly string[];
  readonly types: ArrayLike<number>;
  readonly typeNames: readonly RegTypeName[];
  readonly data: readonly RegData[];
  readonly lines: ArrayLike<number>;
  readonly facts: readonly NameFacts[];
  readonly file: string;
  readonly keyAsWritten: string;
  readonly files?: readonly string[];
  readonly keysAsWritten?: readonly string[];
}

/**
 * One key of the view. Its values are not merged into a map as sections apply: the sections are kept, and
 * `values()` reads the common case (a key written by one section, each value once, none deleted) straight
 * from the parser's columns; otherwise it merges them as an import would.
 */
export class ViewKey {
  /** Created only as the ancestor of a written key (an import creates it too). */
  implied?: boolean;
  // The first section that writes values, held in fields of the key (most keys have one): no array and no
  // object per key, which a 200k-setting export's ~6,000 keys would otherwise leave behind per server.
  private cols: RegColumns | undefined = undefined;
  private k = 0;
  private partFile = '';
  /** The sections after the first, if any. */
  private more: Part[] | undefined = undefined;
  /** Whether values() read the one section as it is (each value once, none deleted); undefined before it was asked. */
  private simple: boolean | undefined = undefined;

  constructor(
    /** Normalised full path, display case as first written. */
    public path: string,
    public file: string,
    public line: number,
  ) {}

  addSection(cols: RegColumns, k: number, file: string): void {
    if (cols.end(k) <= cols.keyFirst[k]) return;
    if (this.cols === undefined) {
      this.cols = cols;
      this.k = k;
      this.partFile = file;
    } else (this.more ??= []).push({ cols, k, file });
  }

  /** The sections applied to the key that write values, in order. */
  private parts(): Part[] {
    if (this.cols === undefined) return [];
    const first: Part = { cols: this.cols, k: this.k, file: this.partFile };
    return this.more === undefined ? [first] : [first, ...this.more];
  }

  /** How many values the key holds after the import. */
  get valueCount(): number {
    return this.values()?.order.length ?? 0;
  }

  /** How many values the sections applied to the key write (deleted ones and each one written again included): at least `valueCount`. */
  get valuesWritten(): number {
    const cols = this.cols;
    if (cols === undefined) return 0;
    let n = cols.end(this.k) - cols.keyFirst[this.k];
    if (this.more !== undefined) for (const { cols: c, k } of this.more) n += c.end(k) - c.keyFirst[k];
    return n;
  }

  /** The key's values after the import (see KeyValues); undefined when it holds none. */
  values(): KeyValues | undefined {
    const cols = this.cols;
    if (cols === undefined) return undefined;
    if (this.more === undefined) {
      const k = this.k;
      const first = cols.keyFirst[k];
      const sorted = simpleOrder(cols.nameIds, cols.nameList, first, cols.end(k), cols.deleted);
      this.simple = sorted !== undefined;
      if (sorted !== undefined) return { order: sorted.order, first, nameIds: cols.nameIds, nameList: cols.nameList, types: cols.types, typeNames: cols.typeNames, data: cols.data, lines: cols.lines, facts: sorted.facts, file: this.partFile, keyAsWritten: cols.keyPaths[k] };
    }
    return this.merged();
  }

  /**
   * Values written again with other data, later in the same file or by a later file of the input: the later wins,
   * as an import would, and the caller says so, for the setting is then ambiguous. Across files that is two exports
   * of one server that disagree (a stale second export in a bundle); within one file, a file `reg export` did not
   * write as it is (it writes each key once), but edited or joined from two exports. A value deleted and written
   * again, as a .reg made to patch a key does it, is a new value, not a rewrite; one written again with the same
   * data loses nothing.
   */
  rewrites(): { name: string; earlier: { file: string; line: number }; later: { file: string; line: number } }[] {
    if (this.more === undefined) {
      if (this.simple === undefined) this.values();
      if (this.simple !== false) return [];
    }
    const seen = new Map<string, { file: string; line: number; data: RegData; type: RegTypeName }>();
    const out: ReturnType<ViewKey['rewrites']> = [];
    for (const { cols, r, file, name, lower } of this.written()) {
      if (cols.deleted?.has(r) === true) {
        seen.delete(lower);
        continue;
      }
      const now = { file, line: cols.lines[r], data: cols.data[r], type: cols.typeNames[cols.types[r]] };
      const before = seen.get(lower);
      if (before !== undefined && (before.type !== now.type || !sameData(before.data, now.data))) out.push({ name, earlier: { file: before.file, line: before.line }, later: { file, line: now.line } });
      seen.set(lower, now);
    }
    return out;
  }

  /** Every value row the key's sections write (deletions included), in import order, with its name as written and lower-cased. */
  private *written(): Generator<{ cols: RegColumns; k: number; r: number; file: string; name: string; lower: string }> {
    for (const { cols, k, file } of this.parts()) {
      for (let r = cols.keyFirst[k], end = cols.end(k); r < end; r++) {
        const name = cols.name(r);
        yield { cols, k, r, file, name, lower: name.toLowerCase() };
      }
    }
  }

  /** The sections merged as an import leaves them, as columns of their own. */
  private merged(): KeyValues | undefined {
    // Lower-cased value name → position in the columns below.
    const at = new Map<string, number>();
    const names: string[] = [];
    // Each position's type name is its own entry of typeNames.
    const types: number[] = [];
    const typeNames: RegTypeName[] = [];
    const data: RegData[] = [];
    const lines: number[] = [];
    const files: string[] = [];
    const keysAsWritten: string[] = [];
    for (const { cols, k, r, file, name, lower } of this.written()) {
      if (cols.deleted?.has(r) === true) {
        at.delete(lower);
        continue;
      }
      let p = at.get(lower);
      if (p === undefined) {
        p = names.length;
        at.set(lower, p);
        names.push(name);
      }
      types[p] = p;
      typeNames[p] = cols.typeNames[cols.types[r]];
      data[p] = cols.data[r];
      lines[p] = cols.lines[r];
      files[p] = file;
      keysAsWritten[p] = cols.keyPaths[k];
    }
    if (at.size === 0) return undefined;
    // A name deleted and written again is a new value: the positions still held, in name order.
    const byLower = [...at].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const order = byLower.map(([, p]) => p);
    const all = names.map((n) => nameFacts(n));
    const ids = new Int32Array(names.length);
    for (let p = 0; p < ids.length; p++) ids[p] = p;
    return { order, first: 0, nameIds: ids, nameList: names, types, typeNames, data, lines, facts: all, file: files[order[0]], keyAsWritten: keysAsWritten[order[0]], files, keysAsWritten };
  }
}

function sameData(a: RegData, b: RegData): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

/** `path.slice(0, cut).toLowerCase()`, sliced from `lower` (the whole path lower-cased) where the path is ASCII (lower-cased character by character). */
function lowerPrefix(path: string, lower: string, cut: number, ascii: boolean): string {
  return ascii ? lower.slice(0, cut) : path.slice(0, cut).toLowerCase();
}

/** The registry as it would stand after importing every section in order. */
export class RegistryView {
  /** Lower-cased normalised path → key. */
  readonly keys = new Map<string, ViewKey>();

  /** Applies the sections of `tree`, read from the parser's columns (or, for a tree of objects, from columns made of it). */
  applyTree(tree: RegTree, file: string): void {
    const cols = treeColumns(tree) ?? RegColumns.fromKeys(tree.keys);
    for (let k = 0; k < cols.keyCount; k++) this.applySection(cols, k, file);
  }

  private applySection(cols: RegColumns, k: number, file: string): void {
    const path = normaliseKeyPath(cols.keyPaths[k]);
    const lower = path.toLowerCase();
    if (cols.keyDeleted?.has(k) === true) {
      this.deleteTree(lower);
      return;
    }
    this.ensureKey(path, lower, file, cols.keyLines[k]).addSection(cols, k, file);
  }

  /**
   * Lower-cased path → lower-cased paths of its child keys: deleting a key visits its subtree only. Built at
   * the first deletion (most exports delete nothing), then kept up to date.
   */
  private children: Map<string, Set<string>> | undefined;

  private addChild(path: string, lower: string, ascii: boolean): void {
    const cut = path.lastIndexOf('\\');
    if (cut <= 0 || this.children === undefined) return;
    const parent = lowerPrefix(path, lower, cut, ascii);
    let kids = this.children.get(parent);
    if (kids === undefined) this.children.set(parent, (kids = new Set()));
    kids.add(lower);
  }

  /** Deleting a key removes its whole subtree, including what earlier sections set there. */
  private deleteTree(lower: string): void {
    // Every ancestor of a key exists, so a key that does not exist has no subtree either.
    if (!this.keys.has(lower)) return;
    if (this.children === undefined) {
      this.children = new Map();
      for (const [l, key] of this.keys) this.addChild(key.path, l, isAscii(key.path));
    }
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

  private add(path: string, lower: string, key: ViewKey, ascii: boolean): void {
    this.keys.set(lower, key);
    this.addChild(path, lower, ascii);
  }

  /**
   * Creates the key and, as an import does, its missing ancestors. Walks up from the key only to the first
   * ancestor that exists (all above it exist too), so each key is built once: linear in the paths' length.
   */
  private ensureKey(path: string, lower: string, file: string, line: number): ViewKey {
    const found = this.keys.get(lower);
    if (found !== undefined) {
      if (found.implied) {
        found.path = path;
        found.file = file;
        found.line = line;
        found.implied = undefined;
      }
      return found;
    }
    const ascii = isAscii(path);
    const missing: number[] = [];
    for (let cut = path.lastIndexOf('\\'); cut > 0; cut = path.lastIndexOf('\\', cut - 1)) {
      if (this.keys.has(lowerPrefix(path, lower, cut, ascii))) break;
      missing.push(cut);
    }
    // Top-down, as before: the map's order is the order keys came into being.
    for (let i = missing.length - 1; i >= 0; i--) {
      const ancestor = new ViewKey(path.slice(0, missing[i]), file, line);
      ancestor.implied = true;
      this.add(ancestor.path, lowerPrefix(path, lower, missing[i], ascii), ancestor, ascii);
    }
    const key = new ViewKey(path, file, line);
    this.add(path, lower, key, ascii);
    return key;
  }
}
