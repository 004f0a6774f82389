// Registry key and value names that hold a secret (a connection string used as a name: `[…\Creds Server=db;
// Password=x;]`, `"Server=db;Password=x;"="1"`): each such part of a name (a key path's segment, a value's name) in
// which the content patterns find a secret is replaced, whole, by a placeholder made from its keyed hash, before
// anything is named from it: the setting's name, its provenance, the warnings that name a key.
import { createHmac } from 'node:crypto';
import type { RegKey, RegTree } from '../types.js';
import { columnarTree, RegColumns, treeColumns } from './reg-columns.js';

/**
 * What a name part holding a secret becomes: `(hidden name ` and 16 hex digits of its keyed hash. Parentheses and a
 * space, which no name a product writes has in that form; no `\` or `.` (the separators of setting names), and a
 * first character that a profile's `{Var:camel}` leaves as it is.
 */
export const HIDDEN_NAME_START = '(hidden name ';
const HIDDEN_NAME = /^\(hidden name [0-9a-f]{16}\)$/;
/** A name that ends in such a placeholder (a setting's, `reg:Link\(hidden name 0123456789abcdef)`). */
export const HIDDEN_NAME_END = /\(hidden name [0-9a-f]{16}\)$/;

/**
 * The placeholder of `part` under `key`. The part is hashed lower-cased: the registry's names compare ignoring
 * case, so the sections of one key written in two cases stay one key; the same part under the same key gives the
 * same placeholder, so the names of two snapshots hashed under one key still join, and another secret gives another.
 */
export function hiddenNamePart(part: string, key: string | Uint8Array): string {
  const hash = createHmac('sha256', key).update(`pairaudit secret name\u0000${part.toLowerCase()}`, 'utf8').digest('hex');
  return `${HIDDEN_NAME_START}${hash.slice(0, 16)})`;
}

/** True for a placeholder hiddenNamePart made. */
export function isHiddenNamePart(part: string): boolean {
  return HIDDEN_NAME.test(part);
}

/**
 * What a masker asks of the secret detector (secrets.ts's SecretDetector, which makes the masker): whether the content
 * patterns find a secret in a text. Named here, not imported, as secrets.ts imports this file.
 */
export interface ContentInspector {
  inspectContent(data: string, type: 'REG_SZ'): { kind: string };
}

/**
 * Masks the parts of names one detector and key at a time, each distinct part inspected once (an export repeats
 * its key paths' segments and value names over thousands of keys).
 */
export class NameMasker {
  private readonly parts = new Map<string, string>();

  constructor(
    private readonly detector: ContentInspector,
    private readonly key: string | Uint8Array,
  ) {}

  /** A key's or value's name (one part, a backslash in it included), or its placeholder when the content patterns find a secret in it. */
  part(name: string): string {
    let out = this.parts.get(name);
    if (out === undefined) {
      // Read as text: a name is no binary data, whatever hex digits it is made of.
      out = name === '' || isHiddenNamePart(name) || this.detector.inspectContent(name, 'REG_SZ').kind === 'none' ? name : hiddenNamePart(name, this.key);
      this.parts.set(name, out);
    }
    return out;
  }

  /** A key path with each segment that holds a secret replaced. */
  path(path: string): string {
    if (!path.includes('\\')) return this.part(path);
    const segments = path.split('\\');
    let changed = false;
    for (let i = 0; i < segments.length; i++) {
      const s = this.part(segments[i]);
      if (s !== segments[i]) {
        segments[i] = s;
        changed = true;
      }
    }
    return changed ? segments.join('\\') : path;
  }

  /** Every part masked so far that held a secret, with its placeholder. */
  hidden(): Map<string, string> {
    return new Map([...this.parts].filter(([from, to]) => from !== to));
  }
}

/**
 * A parse tree whose key paths and value names hold no secret (NameMasker); the same tree when none does. Its values
 * as they are: what is secret in them is told by their names as written (a key named like a secret), so the caller
 * reads them from the tree it was given.
 */
export function hideTreeNames(tree: RegTree, masker: NameMasker): RegTree {
  const cols = treeColumns(tree);
  if (cols !== undefined) {
    let found = false;
    for (const path of cols.keyPaths) if (masker.path(path) !== path) found = true;
    for (const name of cols.nameList) if (masker.part(name) !== name) found = true;
    if (!found) return tree;
    const keys: RegKey[] = [];
    for (let k = 0; k < cols.keyCount; k++) keys.push(cols.key(k));
    return columnarTree(tree.format, RegColumns.fromKeys(hideKeyNames(keys, masker)), tree.warnings ?? []);
  }
  const keys = hideKeyNames(tree.keys, masker);
  return keys === tree.keys ? tree : { ...tree, keys };
}

/** The keys with their paths and value names masked; the same list when nothing is. */
function hideKeyNames(keys: readonly RegKey[], masker: NameMasker): RegKey[] {
  let changed = false;
  const out = keys.map((k) => {
    const path = masker.path(k.path);
    let values = k.values;
    if (k.values.some((v) => masker.part(v.name) !== v.name)) values = k.values.map((v) => ({ ...v, name: masker.part(v.name) }));
    if (path === k.path && values === k.values) return k;
    changed = true;
    return { ...k, path, values };
  });
  return changed ? out : (keys as RegKey[]);
}
