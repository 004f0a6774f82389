// A parsed registry export held as columns: a row per value (name, type, data, line) and a row per key section, with
// no object per value. The RegTree the parser returns reads like any other; its `keys` (a RegKey and a
// RegValue per value) are made only when something reads them (`pairaudit parse`, a library caller), while
// the snapshot builder reads the columns (`treeColumns`).
import type { ParseWarning, RegData, RegFormat, RegKey, RegTree, RegTypeName, RegValue } from '../types.js';

/** Type names by registry type number (winnt.h). */
export const REG_TYPE_NAMES: readonly RegTypeName[] = [
  'REG_NONE',
  'REG_SZ',
  'REG_EXPAND_SZ',
  'REG_BINARY',
  'REG_DWORD',
  'REG_DWORD_BIG_ENDIAN',
  'REG_LINK',
  'REG_MULTI_SZ',
  'REG_RESOURCE_LIST',
  'REG_FULL_RESOURCE_DESCRIPTOR',
  'REG_RESOURCE_REQUIREMENTS_LIST',
  'REG_QWORD',
];

/**
 * Codes in `RegColumns.types`: the registry type number for these types, known to every RegColumns from the
 * start (others get theirs as met). So reading a second export in a run adds no type the parser's compiled code
 * has not seen added (which would throw that code away).
 */
export const REG_SZ = 1;
export const REG_DWORD = 4;

/**
 * The sections of an export in file order and their values. The values of section `k` are rows
 * `keyFirst[k]` up to `keyFirst[k + 1]` (or `rowCount` for the last): each value belongs to the section
 * above it, so a section's values are one run of rows. Lines, types and value names are typed arrays (a name
 * as an id into `nameList`: an export repeats some hundreds of names over all its values); the data array is
 * made the size the caller expects (`rows`) once, so that it is not copied as it grows.
 * Only the first `rowCount` entries of each value column are rows.
 */
/**
 * An empty array whose elements are already of the kind strings need. Every RegColumns then has arrays of one
 * kind (V8's maps) from the start: the parser's compiled code, made while the first export of a run was read,
 * would otherwise meet arrays of another kind in the second (its first string turns them over) and be thrown away.
 */
function noStrings<T>(): T[] {
  const a: unknown[] = [''];
  a.length = 0;
  return a as T[];
}

export class RegColumns {
  readonly keyPaths: string[] = noStrings();
  readonly keyLines: number[] = [];
  readonly keyFirst: number[] = [];
  /** Sections that delete their key (`[-path]`); undefined while there are none. */
  keyDeleted: Set<number> | undefined;
  /**
   * Each value's name ("" for the default value, as written) as its position in `nameList`: 2 bytes a row, 4
   * once there are more than 65,535 distinct names (see `name`).
   */
  nameIds: Uint16Array | Int32Array;
  /** The distinct value names, in the order first met. */
  readonly nameList: string[] = noStrings();
  private readonly nameIndex = new Map<string, number>();
  readonly data: RegData[];
  /** Each value's registry type, as its position in `typeNames`. */
  types: Int32Array;
  readonly typeNames: RegTypeName[] = [...REG_TYPE_NAMES];
  /** 1-based line where each value starts. */
  lines: Int32Array;
  /** Rows of deleted values (`"name"=-`, type REG_NONE, data ""); undefined while there are none. */
  deleted: Set<number> | undefined;
  private count = 0;
  private readonly typeCodes = new Map<RegTypeName, number>(REG_TYPE_NAMES.map((t, i) => [t, i]));

  /** `rows`: about how many values are to come (more may). */
  constructor(rows = 0) {
    const room = Math.max(rows, 1 << 10);
    // Filled (natively) so that they hold strings from the start, as noStrings() does for the keys.
    this.nameIds = new Uint16Array(room);
    this.data = new Array<RegData>(room).fill('');
    this.types = new Int32Array(room);
    this.lines = new Int32Array(room);
  }

  get keyCount(): number {
    return this.keyPaths.length;
  }

  /** The name of the value at row `r`. */
  name(r: number): string {
    return this.nameList[this.nameIds[r]];
  }

  /** The id of the value name `name` in `nameIds` (added to `nameList` when new). */
  nameId(name: string): number {
    let id = this.nameIndex.get(name);
    if (id === undefined) {
      id = this.nameList.length;
      this.nameList.push(name);
      this.nameIndex.set(name, id);
      if (id === 0x10000) this.nameIds = Int32Array.from(this.nameIds);
    }
    return id;
  }

  get rowCount(): number {
    return this.count;
  }

  /** The row after the last value of section `k`. */
  end(k: number): number {
    return k + 1 < this.keyFirst.length ? this.keyFirst[k + 1] : this.count;
  }

  addKey(path: string, line: number, deleted: boolean): void {
    if (deleted) (this.keyDeleted ??= new Set()).add(this.keyPaths.length);
    this.keyPaths.push(path);
    this.keyLines.push(line);
    this.keyFirst.push(this.count);
  }

  /** The code of the registry type `type` in `types`. */
  typeCode(type: RegTypeName): number {
    let code = this.typeCodes.get(type);
    if (code === undefined) {
      code = this.typeNames.length;
      this.typeNames.push(type);
      this.typeCodes.set(type, code);
    }
    return code;
  }

  /** Adds a value to the last section; `type` is a code from `typeCode` (or REG_SZ, REG_DWORD). */
  addValue(name: string, type: number, data: RegData, line: number): void {
    const row = this.count;
    if (row === this.types.length) this.grow();
    // The id first: a new one may widen nameIds.
    const id = this.nameId(name);
    this.nameIds[row] = id;
    // Past the room made, this appends.
    this.data[row] = data;
    this.types[row] = type;
    this.lines[row] = line;
    this.count = row + 1;
  }

  private grow(): void {
    const types = new Int32Array(this.types.length * 2);
    types.set(this.types);
    this.types = types;
    const lines = new Int32Array(types.length);
    lines.set(this.lines);
    this.lines = lines;
    const ids = this.nameIds instanceof Uint16Array ? new Uint16Array(types.length) : new Int32Array(types.length);
    ids.set(this.nameIds);
    this.nameIds = ids;
  }

  /** Adds `"name"=-` to the last section. */
  addDeleted(name: string, line: number): void {
    (this.deleted ??= new Set()).add(this.count);
    this.addValue(name, this.typeCode('REG_NONE'), '', line);
  }

  /** Section `k` as a RegKey, values and all (as the parser made them before it wrote columns). */
  key(k: number): RegKey {
    const values: RegValue[] = [];
    for (let r = this.keyFirst[k], end = this.end(k); r < end; r++) {
      const v: RegValue = { name: this.name(r), type: this.typeNames[this.types[r]], data: this.data[r], line: this.lines[r] };
      if (this.deleted?.has(r) === true) v.deleted = true;
      values.push(v);
    }
    const key: RegKey = { path: this.keyPaths[k], values, line: this.keyLines[k] };
    if (this.keyDeleted?.has(k) === true) key.deleted = true;
    return key;
  }

  /** The sections of a tree of objects (a `reg query` parse, a library caller's tree) as columns. */
  static fromKeys(keys: readonly RegKey[]): RegColumns {
    let rows = 0;
    for (const key of keys) rows += key.values.length;
    const c = new RegColumns(rows);
    for (const key of keys) {
      c.addKey(key.path, key.line, key.deleted === true);
      for (const v of key.values) {
        if (v.deleted === true) (c.deleted ??= new Set()).add(c.count);
        c.addValue(v.name, c.typeCode(v.type), v.data, v.line);
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
