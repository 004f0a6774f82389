// The settings of a snapshot being built: names unique ignoring case, in the order added, written straight
// into columns (no Setting or Provenance object per setting, no string per name: its two parts, see
// name-column.ts), then sorted once into the snapshot's table.
import type { Provenance, RegTypeName, SecretValue, Setting, SettingValue } from '../types.js';
import { flat, joined, lowerHash, NameIndex, sortedUnlessClashing } from './name-index.js';
import { PartNames } from './name-column.js';
import { partOrder } from './part-order.js';
import { hiddenPartName } from './secrets.js';
import { previousParts, shareWithPrevious, type PartTexts } from './share.js';
import { ByteColumn } from './byte-column.js';
import { IdColumn, LineColumn } from './typed-columns.js';
import { builtTable, numberOrigins, settingAt, type Origin, type SortedSettings } from './table.js';

/** Records a warning; `setting`: the setting whose evidence gave it another value, which was dropped (see Snapshot.warnings). */
export type Warn = (file: string, line: number | undefined, m: string, setting?: string) => void;

/** The name `head + tail` as a flat string (`tail` '' for a name given whole). */
function named(head: string, tail: string): string {
  return tail === '' ? flat(head) : joined(head, tail);
}

/**
 * One column per field of a setting, a row per setting in the order added; the file and registry key a
 * setting came from are an origin id, one per (file, key as written), which the values of one registry
 * section share. `get` makes a Setting only for the setting asked for.
 *
 * With `deferred`, names are not looked up as they are added (a lookup per name, at random places of a large
 * table, was most of the cost): `settle()` then checks them all at once. Made for the registry's values, whose
 * names rarely meet; when some do, the caller adds them again to a builder that is not deferred, which keeps
 * the first and warns as always.
 */
export class SettingsBuilder {
  /** Rows added so far (the columns may be longer: room made up front). */
  private count = 0;
  /** Per row, its name's head and tail as ids into `heads` and `tails` (each distinct text once; grown with `originIds`). */
  private headOf: Uint32Array;
  private tailOf: Uint32Array;
  private readonly heads: string[] = [];
  private readonly tails: string[] = [];
  private readonly headIds = new Map<string, number>();
  private readonly tailIds = new Map<string, number>();
  /** Per id of a value name in `valueNames`, 1 + the id of the tail of the same text (0: not known yet). */
  private tailOfValueName = new Int32Array(256);
  /** The head last added (rows come in runs of one head) and its id. */
  private lastHead: string | undefined;
  private lastHeadId = 0;
  /** The rows' names as a column (over the arrays as they stand). */
  private readonly names = { at: (i: number): string => this.nameAt(i) };
  private readonly values: SettingValue[];
  /** A byte per row (see ByteColumn): a pointer per row for a handful of type names was 8 times the memory. */
  private readonly regTypes: ByteColumn<RegTypeName>;
  /** An id per row into the distinct value names, and a line per row as an Int32Array entry (typed-columns.ts). */
  private readonly valueNames: IdColumn;
  private readonly lines: LineColumn;
  private readonly assumed: ByteColumn<boolean>;
  /** Row → origin id (grown as needed). */
  private originIds: Uint32Array;
  /** Origins in the order first added (numbered again by first citation in name order in `toTable`). */
  private readonly origins: Origin[] = [];
  /** file → key (undefined for none) → origin id. */
  private readonly originIndex = new Map<string, Map<string | undefined, number>>();
  /** The origin last asked for: rows of one section ask for the same one in turn. */
  private lastOrigin = -1;
  /** Positions in `names` by name, ignoring case. */
  private readonly byLower: NameIndex;
  /** While deferred: lowerHash of each name added (grown with `originIds`). */
  private deferred: Uint32Array | undefined;
  /** The texts of the name parts of the table built before this one on this thread: a part equal to one of them is kept as theirs (see share.ts). */
  private like: PartTexts | undefined = previousParts();

  /**
   * `rows`: about how many settings are to come (more may: the columns then grow). Room for them is made
   * once, instead of growing every column as rows come.
   */
  constructor(
    private readonly warn: Warn,
    deferred = false,
    rows = 0,
  ) {
    // Arrays are filled from the start (appended to past their length), so they stay in fast mode.
    this.values = new Array<SettingValue>(rows);
    this.regTypes = new ByteColumn<RegTypeName>(rows);
    this.valueNames = new IdColumn(rows);
    this.lines = new LineColumn(rows);
    this.assumed = new ByteColumn<boolean>(rows);
    this.originIds = new Uint32Array(Math.max(rows, 1 << 10));
    this.headOf = new Uint32Array(this.originIds.length);
    this.tailOf = new Uint32Array(this.originIds.length);
    this.byLower = new NameIndex(this.names);
    if (deferred) this.deferred = new Uint32Array(this.originIds.length);
  }

  /**
   * Ends a deferred start: true when no two names added meet ignoring case (they are then indexed as if added
   * one by one); false when some do, and this builder is to be dropped.
   */
  settle(): boolean {
    const hashes = this.deferred;
    if (hashes === undefined) return true;
    const sorted = sortedUnlessClashing(this.names, hashes, this.count);
    if (sorted === undefined) return false;
    this.byLower.insertSorted(sorted);
    this.deferred = undefined;
    return true;
  }

  private index(): NameIndex {
    if (this.deferred !== undefined) throw new Error('internal: settings looked up before settle()');
    return this.byLower;
  }

  /** The id of the origin (`file`, `key` as written; no key for a file that is not a registry export). */
  origin(file: string, key: string | undefined): number {
    const last = this.lastOrigin;
    if (last >= 0 && this.origins[last].file === file && this.origins[last].key === key) return last;
    let byKey = this.originIndex.get(file);
    if (byKey === undefined) this.originIndex.set(file, (byKey = new Map()));
    let id = byKey.get(key);
    if (id === undefined) {
      id = this.origins.length;
      byKey.set(key, id);
      this.origins.push(key === undefined ? { file } : { file, key });
    }
    return (this.lastOrigin = id);
  }

  /** Row `i`'s name, made now. */
  private nameAt(i: number): string {
    return named(this.heads[this.headOf[i]], this.tails[this.tailOf[i]]);
  }

  /** The id of the head `head`, not the last head added (its text kept as the previous table's when equal). */
  private headId(head: string): number {
    let id = this.headIds.get(head);
    if (id === undefined) {
      id = this.heads.length;
      this.heads.push(this.like?.head(head) ?? flat(head));
      this.headIds.set(head, id);
    }
    this.lastHead = head;
    return (this.lastHeadId = id);
  }

  /** The id of the tail `tail`, as headId. */
  private tailId(tail: string): number {
    let id = this.tailIds.get(tail);
    if (id === undefined) {
      id = this.tails.length;
      this.tails.push(this.like?.tail(tail) ?? tail);
      this.tailIds.set(tail, id);
    }
    return id;
  }

  /**
   * The id of row `row`'s tail: for a tail that is the row's value name (most are), looked up by the value name's id
   * in its column (set just before), not by the text again.
   */
  private tailIdAt(row: number, tail: string, valueName: string | undefined): number {
    const ids = this.valueNames.ids;
    if (tail !== valueName || ids === undefined) return this.tailId(tail);
    const byId = this.tailOfValueName;
    const vid = ids[row];
    if (vid < byId.length && byId[vid] > 0) return byId[vid] - 1;
    const id = this.tailId(tail);
    if (vid >= byId.length) {
      const more = new Int32Array(Math.max(byId.length * 2, vid + 1));
      more.set(byId);
      this.tailOfValueName = more;
    }
    this.tailOfValueName[vid] = id + 1;
    return id;
  }

  /** The names as they stand (rows in the order added). */
  private nameColumn(): PartNames {
    return new PartNames(this.heads, this.tails, this.headOf, this.tailOf, this.count);
  }

  /** The columns as they stand (rows in the order added), for settingAt. */
  private columns(): SortedSettings {
    const { values, regTypes, valueNames, lines, assumed, originIds, origins } = this;
    return builtTable({ names: this.nameColumn(), values, originIds, origins }, { regTypes, assumed, valueNames, lines }, this.count);
  }

  get(name: string): Setting | undefined {
    const i = this.index().find(name);
    return i < 0 ? undefined : settingAt(this.columns(), i);
  }

  /** The settings whose names `re` matches, in the order added (a Setting made for those only). */
  matching(re: RegExp): [string, Setting][] {
    const out: [string, Setting][] = [];
    // One view of the columns for every match (it holds the byte columns' accessors).
    const columns = this.columns();
    for (let i = 0; i < this.count; i++) {
      re.lastIndex = 0;
      const name = this.nameAt(i);
      if (re.test(name)) out.push([name, settingAt(columns, i)]);
    }
    return out;
  }

  /** The name of the setting read from `file` at `line`, if one was (a scan: for the rare warning that needs it). */
  nameFrom(file: string, line: number): string | undefined {
    for (let i = 0; i < this.count; i++) if (this.lines.get(i) === line && this.origins[this.originIds[i]].file === file) return this.nameAt(i);
    return undefined;
  }

  /** Sets a setting, replacing one of the same name (case-insensitively) with all it carried (`assumed` too); the name stays as first added. */
  replace(name: string, setting: Setting): void {
    const taken = this.index().find(name);
    if (taken < 0) {
      this.add(name, setting);
      return;
    }
    const src = setting.source;
    this.values[taken] = setting.value;
    this.regTypes.set(taken, setting.regType);
    this.originIds[taken] = this.origin(src.file, src.key);
    this.lines.set(taken, src.line);
    this.valueNames.set(taken, src.valueName);
    this.assumed.set(taken, setting.assumed);
  }

  /**
   * Adds a setting; a name already taken (case-insensitively) falls back to `fallback`, with a warning. With
   * `hidden` (the keyed hash of the secret inside a text), adds it beside the setting as `<name>#hidden`.
   */
  add(name: string, setting: Setting, fallback?: string, hidden?: SecretValue): void {
    const src: Provenance = setting.source;
    const origin = this.origin(src.file, src.key);
    const taken = this.tryAdd(name, '', -1, setting.value, setting.regType, origin, src.line, src.valueName, setting.assumed, hidden);
    if (taken >= 0) this.taken(name, taken, setting.value, setting.regType, origin, src.line, src.valueName, fallback, hidden);
  }

  /**
   * Adds a setting from its fields (and `hidden` beside it) when no setting has its name `head + tail` (`tail`
   * '' for a name given whole), ignoring case, and returns -1; otherwise adds nothing and returns the position
   * of the setting that has it. `hash`: lowerHash of the name, when known (or -1); `origin`: an id from `origin()`.
   */
  tryAdd(head: string, tail: string, hash: number, value: SettingValue, regType: RegTypeName | undefined, origin: number, line: number | undefined, valueName: string | undefined, assumed: boolean | undefined, hidden?: SecretValue): number {
    const row = this.count;
    if (row === this.originIds.length) this.grow();
    // Deferred, the name is made only when its hash is not given (a name given whole); not deferred, it is
    // looked up first.
    if (this.deferred !== undefined) {
      this.deferred[row] = hash < 0 ? lowerHash(named(head, tail)) : hash;
    } else {
      const name = named(head, tail);
      if (hash < 0) hash = lowerHash(name);
      const taken = this.byLower.find(name, hash);
      if (taken >= 0) return taken;
      this.byLower.insert(row, hash);
    }
    this.count = row + 1;
    this.headOf[row] = head === this.lastHead ? this.lastHeadId : this.headId(head);
    this.values[row] = value;
    this.regTypes.set(row, regType);
    this.valueNames.set(row, valueName);
    this.tailOf[row] = this.tailIdAt(row, tail, valueName);
    this.lines.set(row, line);
    this.assumed.set(row, assumed);
    this.originIds[row] = origin;
    if (hidden !== undefined) {
      // Beside it, from the same place: the hash of what was hidden.
      const beside = hiddenPartName(this.nameAt(row));
      const at = this.tryAdd(beside, '', -1, hidden, undefined, origin, line, valueName, undefined);
      if (at >= 0) this.taken(beside, at, hidden, undefined, origin, line, valueName);
    }
    return -1;
  }

  private grow(): void {
    this.originIds = doubled(this.originIds);
    this.headOf = doubled(this.headOf);
    this.tailOf = doubled(this.tailOf);
    const ids = this.originIds;
    if (this.deferred === undefined) return;
    const hashes = new Uint32Array(ids.length);
    hashes.set(this.deferred);
    this.deferred = hashes;
  }

  /**
   * A setting (its fields as for tryAdd) whose name is taken by the one at `taken`: kept as `fallback` when that
   * is free (without `assumed`: the fallback names the value as written), with a warning; else dropped, with a warning.
   */
  taken(name: string, taken: number, value: SettingValue, regType: RegTypeName | undefined, origin: number, line: number | undefined, valueName: string | undefined, fallback?: string, hidden?: SecretValue): void {
    const file = this.origins[origin].file;
    if (fallback !== undefined && this.index().find(fallback) < 0) {
      this.warn(file, line, `setting "${name}" is already taken by "${this.nameAt(taken)}"; kept this value as "${fallback}"`);
      const at = this.tryAdd(fallback, '', -1, value, regType, origin, line, valueName, undefined, hidden);
      if (at >= 0) this.taken(fallback, at, value, regType, origin, line, valueName, undefined, hidden);
      return;
    }
    // Which value stays, by where it was read: the first added is not always the first in the file.
    const keptFile = this.origins[this.originIds[taken]].file;
    const keptLine = this.lines.get(taken);
    const kept = keptLine === undefined ? (keptFile === file ? 'kept the other' : `kept the value of ${keptFile}`) : keptFile === file ? `kept the value of line ${keptLine}` : `kept the value of ${keptFile} line ${keptLine}`;
    // Two values alike lose nothing; two that differ leave the setting ambiguous: named, an audit reports it unknown.
    const differs = JSON.stringify(this.values[taken]) !== JSON.stringify(value);
    this.warn(file, line, `setting "${name}" is defined twice; ${kept}`, differs ? this.nameAt(taken) : undefined);
  }

  /**
   * The settings sorted by name in code-unit order (as canonical JSON writes them), origins numbered by first
   * citation. The columns are sorted where they are (no second set of columns): the builder is spent.
   */
  toTable(): SortedSettings {
    const n = this.count;
    const { values } = this;
    values.length = n;
    // The typed columns' rows as held (codes or values), moved in place with the others.
    const valueNames = this.valueNames.raw();
    const lines = this.lines.raw();
    const ids = this.originIds.subarray(0, n);
    const headOf = this.headOf.subarray(0, n);
    const tailOf = this.tailOf.subarray(0, n);
    // Row order[i] goes to i: each cycle of the permutation is followed once, its entries marked -1 as placed.
    const order = sortedOrder(this.nameColumn());
    const regTypes = this.regTypes.permuted(order);
    const assumed = this.assumed.permuted(order);
    for (let start = 0; start < n; start++) {
      if (order[start] < 0 || order[start] === start) continue;
      const head = headOf[start];
      const tail = tailOf[start];
      const value = values[start];
      const valueName = valueNames[start];
      const line = lines[start];
      const id = ids[start];
      let at = start;
      for (let from = order[at]; from !== start; from = order[at]) {
        order[at] = -1;
        headOf[at] = headOf[from];
        tailOf[at] = tailOf[from];
        values[at] = values[from];
        valueNames[at] = valueNames[from];
        lines[at] = lines[from];
        ids[at] = ids[from];
        at = from;
      }
      order[at] = -1;
      headOf[at] = head;
      tailOf[at] = tail;
      values[at] = value;
      valueNames[at] = valueName;
      lines[at] = line;
      ids[at] = id;
    }
    this.count = 0;
    this.like = undefined;
    const names = new PartNames(this.heads, this.tails, headOf, tailOf, n);
    const table = builtTable({ names, values, originIds: ids, origins: numberOrigins(ids, this.origins) }, { regTypes, assumed, valueNames: this.valueNames, lines: this.lines }, n);
    // The other server of a pair, built just before on this thread, holds most of these strings already.
    shareWithPrevious(table);
    return table;
  }
}

/** A copy of `a` twice as long. */
function doubled(a: Uint32Array): Uint32Array {
  const more = new Uint32Array(a.length * 2);
  more.set(a);
  return more;
}

/** Rows 0 … n−1 of `names` (no two equal) in the code-unit order of the names (part-order.ts). */
export function sortedOrder(names: PartNames): Int32Array {
  return partOrder(names);
}
