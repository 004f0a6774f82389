// Snapshots for the canonical-form tests (formats 3 and 4): settings with provenance, an awkward server identity,
// and the text a writer writes through JsonBytes in pieces of a given size.
import assert from 'node:assert/strict';
import { JsonBytes } from '../src/snapshot/json-bytes.js';
import type { RegData, RegKey, RegTree, RegTypeName, Setting, Snapshot } from '../src/types.js';

export const KEY = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA\\DB';

/** The Geo SCADA profile's root key, under which `tree`'s sections are written. */
export const ROOT = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA';

/** A registry value of a `tree` section: its name, type and data. */
export type V = [name: string, type: RegTypeName, data: RegData];

/** A RegTree of `[path under the root, values]` sections, lines counted as in a file (a section's header, then one line per value). */
export function tree(sections: [string, V[]][]): RegTree {
  let line = 1;
  const keys: RegKey[] = sections.map(([path, values]) => {
    const key: RegKey = { path: path === '' ? ROOT : `${ROOT}\\${path}`, values: [], line: ++line };
    for (const [name, type, data] of values) key.values.push({ name, type, data, line: ++line });
    line++;
    return key;
  });
  return { format: 'regedit5', keys };
}

/** A registry setting (REG_SZ unless `extra` says otherwise); an undefined value name, key or line is left out. */
export function reg(valueName: string | undefined, value: Setting['value'], extra: Partial<Setting> = {}, key: string | undefined = KEY, line: number | undefined = 3, file = 'main.reg'): Setting {
  const source: Setting['source'] = { file };
  if (key !== undefined) source.key = key;
  if (line !== undefined) source.line = line;
  if (valueName !== undefined) source.valueName = valueName;
  return { regType: 'REG_SZ', source, value, ...extra };
}

/** A snapshot of format `schemaVersion` holding `settings`, its server label and names not plain ASCII. */
export function snapOf(schemaVersion: Snapshot['schemaVersion'], settings: Record<string, Setting>, warnings?: Snapshot['warnings']): Snapshot {
  const s: Snapshot = {
    schemaVersion,
    server: { label: 'Zähler "A"', names: ['a', 'é.example'] },
    collected: { at: '2026-11-25T12:00:00.000Z', collector: { name: 'pairaudit', version: '0.1.0' }, profile: 'geo-scada', sources: [{ kind: 'registry', file: 'main.reg', sha256: 'a'.repeat(64), bytes: 10 }] },
    settings,
  };
  if (warnings !== undefined) s.warnings = warnings;
  return s;
}

/** A record holding `name` as a plain own key, "__proto__" included. */
export function own(entries: [string, Setting][]): Record<string, Setting> {
  const record: Record<string, Setting> = {};
  for (const [name, setting] of entries) Object.defineProperty(record, name, { value: setting, enumerable: true, writable: true, configurable: true });
  return record;
}

/** What `write` writes through a JsonBytes with pieces of `pieceBytes`, decoded, and the pieces' sizes. */
export function written(write: (out: JsonBytes) => void, pieceBytes?: number): { text: string; pieces: number[] } {
  const pieces: Buffer[] = [];
  const out = new JsonBytes((b) => pieces.push(Buffer.from(b)), pieceBytes);
  write(out);
  out.flush();
  const bytes = Buffer.concat(pieces);
  // The bytes are valid UTF-8 that decodes to the text (no replacement character made by decoding).
  assert.ok(bytes.equals(Buffer.from(bytes.toString('utf8'), 'utf8')));
  return { text: bytes.toString('utf8'), pieces: pieces.map((p) => p.length) };
}
