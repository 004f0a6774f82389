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

export interface ViewValue {
  /** Display name as first written ("" for the default value). */
  name: string;
  value: RegValue;
  file: string;
  /** The key path as written in the section that set the value. */
  keyAsWritten: string;
}

/** A section applied to a key, and the file it came from. */
interface Part {
  section: RegKey;
  file: string;
}

/**
 * What is known of a value name whatever key holds it, made once per distinct name (`nameFacts`): names repeat
 * from key to key (every driver's, every channel's), so what depends on the name alone is worked out once.
 */
export interface NameFacts {
  /** The name lower-cased. */
  readonly lower: string;
  /** The name holds no line break (a regex `.` matches each of its characters). */
  readonly oneLine: boolean;
  /** Whether the name is a secret's to the detector `secretsOf` (kept for the last detector asked, by the snapshot builder). */
  secret: boolean;
  secretsOf: object | undefined;
}

/** Value name → its facts (a bounded number kept). */
const facts = new Map<string, NameFacts>();

/** The facts of the value name `name`. */
export function nameFacts(name: string): NameFacts {
  let f = facts.get(name);
  if (f === undefined) {
    f = { lower: name.toLowerCase(), oneLine: !/[\n\r\u2028\u2029]/.test(name), secret: false, secretsOf: undefined };
    if (facts.size >= 1 << 16) facts.clear();
    facts.set(name, f);
  }
  return f;
}

/**
 * Visits one value as the key holds it after the import: its display name (as first written), that name's facts
 * (`lower`: the name lower-cased), the value as last written, and the file and key path as written of the section that wrote it.
 */
export type ValueVisitor = (name: string, facts: NameFacts, value: RegValue, file: string, keyAsWritten: string) => void;

/** A key's values when one section wrote them all, each once (`ViewKey.section`): `values[order[i]]` is the i-th in lower-cased name order, `facts[k]` the facts of `values[k].name`. */
interface SectionValues {
  values: readonly RegValue[];
  order: readonly number[];
  facts: readonly NameFacts[];
  file: string;
  keyAsWritten: string;
}

/**
 * One key of the view. Its values are not merged into a map as sections apply: the sections are kept, and
 * `forEachValue` reads the common case (a key written by one section, each value once, none deleted)
 * straight from it; otherwise it merges them as an import would.
 */
export class ViewKey {
  /** Created only as the ancestor of a written key (an import creates it too). */
  implied?: boolean;
  private readonly parts: Part[] = [];

  constructor(
    /** Normalised full path, display case as first written. */
    public path: string,
    public file: string,
    public line: number,
  ) {}

  addSection(section: RegKey, file: string): void {
    if (section.values.length > 0) this.parts.push({ section, file });
  }

  /** How many values the key holds after the import. */
  get valueCount(): number {
    const p = this.parts;
    if (p.length === 0) return 0;
    if (p.length === 1 && simpleOrder(p[0].section.values) !== undefined) return p[0].section.values.length;
    return this.merged().size;
  }

  /** How many values the sections applied to the key write (deleted ones and each one written again included): at least `valueCount`. */
  get valuesWritten(): number {
    let n = 0;
    for (const p of this.parts) n += p.section.values.length;
    return n;
  }

  /**
   * The common case read straight from the one section that wrote the key's values, each once, none deleted
   * (values in lower-cased name order through `order`); undefined otherwise (then see `forEachValue`).
   */
  private section(): SectionValues | undefined {
    const p = this.parts;
    if (p.length !== 1) return undefined;
    const values = p[0].section.values;
    const sorted = simpleOrder(values);
    return sorted === undefined ? undefined : { values, order: sorted.order, facts: sorted.facts, file: p[0].file, keyAsWritten: p[0].section.path };
  }

  /** Visits the key's values in the order of their lower-cased names (code-unit order). */
  forEachValue(visit: ValueVisitor): void {
    const p = this.parts;
    if (p.length === 0) return;
    const one = this.section();
    if (one !== undefined) {
      for (let i = 0; i < one.order.length; i++) {
        const k = one.order[i];
        const v = one.values[k];
        visit(v.name, one.facts[k], v, one.file, one.keyAsWritten);
      }
      return;
    }
    const m = this.merged();
    for (const vl of [...m.keys()].sort()) {
      const vv = m.get(vl) as ViewValue;
      visit(vv.name, nameFacts(vv.name), vv.value, vv.file, vv.keyAsWritten);
    }
  }

  /** The sections merged: lower-cased value name → value, as an import leaves them. */
  private merged(): Map<string, ViewValue> {
    const values = new Map<string, ViewValue>();
    for (const { section, file } of this.parts) {
      for (const v of section.values) {
        const vl = v.name.toLowerCase();
        if (v.deleted) {
          values.delete(vl);
          continue;
        }
        const existing = values.get(vl);
        values.set(vl, { name: existing?.name ?? v.name, value: v, file, keyAsWritten: section.path });
      }
    }
    return values;
  }
}

/**
 * The values of one section in the order of their lower-cased names, when none is deleted and no name is
 * written twice (case-insensitively); undefined otherwise (the section is then merged as an import would).
 */
function simpleOrder(values: readonly RegValue[]): SimpleOrder | undefined {
  const n = values.length;
  // Sibling keys often hold the same names in the same order (a driver's, a group's): the last answer again.
  if (last !== undefined && last.names.length === n) {
    let same = true;
    for (let i = 0; i < n && same; i++) same = values[i].name === last.names[i] && values[i].deleted !== true;
    if (same) return last;
  }
  const got = orderOf(values);
  if (got !== undefined) last = got;
  return got;
}

interface SimpleOrder {
  order: readonly number[];
  facts: readonly NameFacts[];
  /** The value names in the order written. */
  names: readonly string[];
}

/** What simpleOrder last answered (read only by those given it). */
let last: SimpleOrder | undefined;

function orderOf(values: readonly RegValue[]): SimpleOrder | undefined {
  const n = values.length;
  const all: NameFacts[] = new Array<NameFacts>(n);
  const lowers: string[] = new Array<string>(n);
  const order: number[] = new Array<number>(n);
  let sorted = true;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v.deleted) return undefined;
    const f = (all[i] = nameFacts(v.name));
    lowers[i] = f.lower;
    order[i] = i;
    if (i > 0 && !(lowers[i - 1] < lowers[i])) sorted = false;
  }
  if (sorted) return { order, facts: all, names: values.map((v) => v.name) };
  if (n <= 64) insertionSort(order, lowers);
  else order.sort((a, b) => (lowers[a] < lowers[b] ? -1 : lowers[a] > lowers[b] ? 1 : 0));
  for (let i = 1; i < n; i++) if (lowers[order[i - 1]] === lowers[order[i]]) return undefined;
  return { order, facts: all, names: values.map((v) => v.name) };
}

/** Sorts `order` (positions in `keys`) by the keys in code-unit order: a binary insertion sort, for a key's few values. */
function insertionSort(order: number[], keys: readonly string[]): void {
  for (let i = 1; i < order.length; i++) {
    const at = order[i];
    const key = keys[at];
    let lo = 0;
    let hi = i;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[order[mid]] <= key) lo = mid + 1;
      else hi = mid;
    }
    for (let j = i; j > lo; j--) order[j] = order[j - 1];
    order[lo] = at;
  }
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}

/** `path.slice(0, cut).toLowerCase()`, sliced from `lower` (the whole path lower-cased) where the path is ASCII (lower-cased character by character). */
function lowerPrefix(path: string, lower: string, cut: number, ascii: boolean): string {
  return ascii ? lower.slice(0, cut) : path.slice(0, cut).toLowerCase();
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
    this.ensureKey(path, lower, file, section.line).addSection(section, file);
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
