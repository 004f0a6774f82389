// A parsed registry export held as columns: a row per value (name, type, data, line) and a row per key section, with
// no object per value. The RegTree the parser returns reads like any other; its `keys` (a RegKey and a
// RegValue per value) are made only when something reads them (`pairaudit parse`, a library caller), while
// the snapshot builder reads the columns (`treeColumns`).
import type { ParseWarning, RegData, RegFormat, RegKey, RegTree, RegTypeName, RegValue } from '../types.js';

/**
 * The sections of an export in file order and their values. The values of section `k` are rows
 * `keyFirst[k]` up to `keyFirst[k + 1]` (or `rowCount` for the last): each value belongs to the section
 * above it, so a section's values are one run of rows.
 */
export class RegColumns {
  readonly keyPaths: string[] = [];
  readonly keyLines: number[] = [];
  readonly keyFirst: number[] = [];
  /** Sections that delete their key (`[-path]`); undefined while there are none. */
  keyDeleted: Set<number> | undefined;
  /** Value names ("" for the default value), as written. */
  readonly names: string[] = [];
  readonly types: RegTypeName[] = [];
  readonly data: RegData[] = [];
  /** 1-based line where each value starts. */
  readonly lines: number[] = [];
  /** Rows of deleted values (`"name"=-`, type REG_NONE, data ""); undefined while there are none. */
  deleted: Set<number> | undefined;

  get keyCount(): number {
    return this.keyPaths.length;
  }

  get rowCount(): number {
    return this.names.length;
  }

  /** The row after the last value of section `k`. */
  end(k: number): number {
    return k + 1 < this.keyFirst.length ? this.keyFirst[k + 1] : this.names.length;
  }

  addKey(path: string, line: number, deleted: boolean): void {
    if (deleted) (this.keyDeleted ??= new Set()).add(this.keyPaths.length);
    this.keyPaths.push(path);
    this.keyLines.push(line);
    this.keyFirst.push(this.names.length);
  }

  /** Adds a value to the last section. */
  addValue(name: string, type: RegTypeName, data: RegData, line: number): void {
    this.names.push(name);
    this.types.push(type);
    this.data.push(data);
    this.lines.push(line);
  }

  /** Adds `"name"=-` to the last section. */
  addDeleted(name: string, line: number): void {
    (this.deleted ??= new Set()).add(this.names.length);
    this.addValue(name, 'REG_NONE', '', line);
  }

  /** Section `k` as a RegKey, values and all (as the parser made them before it wrote columns). */
  key(k: number): RegKey {
    const values: RegValue[] = [];
    for (let r = this.keyFirst[k], end = this.end(k); r < end; r++) {
      const v: RegValue = { name: this.names[r], type: this.types[r], data: this.data[r], line: this.lines[r] };
      if (this.deleted?.has(r) === true) v.deleted = true;
      values.push(v);
    }
    const key: RegKey = { path: this.keyPaths[k], values, line: this.keyLines[k] };
    if (this.keyDeleted?.has(k) === true) key.deleted = true;
    return key;
  }

  /** The sections of a tree of objects (a `reg query` parse, a library caller's tree) as columns. */
  static fromKeys(keys: readonly RegKey[]): RegColumns {
    const c = new RegColumns();
    for (const key of keys) {
      c.addKey(key.path, key.line, key.deleted === true);
      for (const v of key.values) {
        if (v.deleted === true) (c.deleted ??= new Set()).add(c.names.length);
        c.addValue(v.name, v.type, v.data, v.line);
      }
    }
    return c;
  }
}

/** Trees whose `keys` have not been read yet, and their columns. */
const columnsOf = new WeakMap<RegTree, RegColumns>();
/** Keys made for trees frozen or sealed before their first read (the accessor cannot be replaced there). */
const keptKeys = new WeakMap<RegTree, RegKey[]>();

/** Replaces the lazy `keys` accessor by a plain data property holding `keys` (or, on a frozen tree, keeps them aside). */
function settle(tree: RegTree, keys: RegKey[]): RegKey[] {
  columnsOf.delete(tree);
  if (Object.isExtensible(tree)) Object.defineProperty(tree, 'keys', { value: keys, writable: true, enumerable: true, configurable: true });
  else keptKeys.set(tree, keys);
  return keys;
}

/**
 * A RegTree of `format` whose `keys` are made from `columns` the first time they are read; from then on those
 * objects are the tree (a caller may change them), and the columns are dropped.
 */
export function columnarTree(format: RegFormat, columns: RegColumns, warnings: ParseWarning[]): RegTree {
  const tree = { format } as RegTree;
  Object.defineProperty(tree, 'keys', {
    enumerable: true,
    configurable: true,
    get(this: RegTree): RegKey[] {
      const kept = keptKeys.get(tree);
      if (kept !== undefined) return kept;
      const keys: RegKey[] = [];
      for (let k = 0; k < columns.keyCount; k++) keys.push(columns.key(k));
      return settle(tree, keys);
    },
    set(this: RegTree, keys: RegKey[]) {
      settle(tree, keys);
    },
  });
  if (warnings.length > 0) tree.warnings = warnings;
  columnsOf.set(tree, columns);
  return tree;
}

/** The columns of a tree the parser returned, while its `keys` were never read; undefined otherwise. */
export function treeColumns(tree: RegTree): RegColumns | undefined {
  return columnsOf.get(tree);
}
