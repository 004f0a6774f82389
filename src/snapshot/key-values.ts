// One registry key's values → settings: named through the profile's mappings for the key (or `reg:` names),
// converted, their secrets protected, written into the builder's columns (pure).
import type { RegData, RegTypeName, SecretValue, SettingValue } from '../types.js';
import type { ProfileMapping } from './profile.js';
import { KeyMatch, type CompiledProfile } from './profile-match.js';
import type { KeyValues, NameFacts, ViewKey } from './registry-view.js';
import { finishHash, flat, joinHash, partHash, partPower } from './name-index.js';
import { protectFound, SECRET_BY_NAME, type SecretDetector } from './secrets.js';
import type { SettingsBuilder, Warn } from './settings-builder.js';

/** A registry value's data as a setting's value: a QWORD that fits a number as a number, a list copied. */
export function typed(type: RegTypeName, data: RegData): SettingValue {
  if (type === 'REG_QWORD' && typeof data === 'string' && /^\d+$/.test(data)) {
    const n = Number(data);
    return Number.isSafeInteger(n) ? n : data;
  }
  return Array.isArray(data) ? [...data] : data;
}

const TEXT_TYPES = new Set(['REG_SZ', 'REG_EXPAND_SZ', 'REG_LINK']);

/** Applies a mapping's conversion to `plain` (the value as typed); on a mismatch keeps it and says why (never the data). */
function convert(type: RegTypeName, plain: SettingValue, m: ProfileMapping): { value: SettingValue; problem?: string } {
  switch (m.type ?? 'auto') {
    case 'auto':
      return { value: plain };
    case 'string':
      return TEXT_TYPES.has(type) ? { value: plain } : { value: plain, problem: `expected a string value, found ${type}` };
    case 'number':
      return typeof plain === 'number' ? { value: plain } : { value: plain, problem: `expected a DWORD or QWORD, found ${type}` };
    case 'string[]':
      return Array.isArray(plain) ? { value: plain } : { value: plain, problem: `expected a REG_MULTI_SZ list, found ${type}` };
    case 'boolean':
      if (plain === 0 || plain === 1) return { value: plain === 1 };
      return { value: plain, problem: typeof plain === 'number' ? `expected a DWORD 0 or 1, found ${plain}` : `expected a DWORD 0 or 1, found ${type}` };
    case 'enum': {
      const name = typeof plain === 'number' ? m.enum?.[String(plain)] : undefined;
      if (name !== undefined) return { value: name };
      return { value: plain, problem: typeof plain === 'number' ? `DWORD ${plain} is not one of the known values ${Object.keys(m.enum ?? {}).join(', ')}` : `expected a DWORD, found ${type}` };
    }
  }
}

/** What the unmapped values of a key are named from: `reg:<path>\` (`reg:` for the root itself) and its partHash (-1: not ASCII). */
interface RegHead {
  text: string;
  hash: number;
}

function regHead(path: string): RegHead {
  const text = path === '' ? 'reg:' : flat(`reg:${path}\\`);
  return { text, hash: partHash(text) };
}

/** The part hash of `@` (the default value's name in a reg: name), and partPower of its length. */
const AT_HASH = partHash('@');
const AT_POWER = partPower(1);

/** lowerHash of the reg: name of the value named `valueName` (`f`: its NameFacts) under `head`, or -1 (not ASCII). */
function regHash(head: RegHead, valueName: string, f: NameFacts): number {
  return finishHash(valueName === '' ? joinHash(head.hash, AT_HASH, AT_POWER) : joinHash(head.hash, f.hash, f.power));
}

/**
 * Adds the values of one key: named through the profile's mappings when `rel` (the key's path relative to the
 * profile root) is given (settings named by the key's presence first), else `reg:<full path>\<value>`. One
 * loop over the key's columns (see KeyValues): each value is named, converted, its secrets protected, and
 * written into the builder's columns. Keys no mapping names values of (most keys of a large export) have a
 * loop of their own, so that each loop is compiled for the one kind of key it meets.
 */
export function addKeyValues(cp: CompiledProfile, key: ViewKey, rel: string | null, out: SettingsBuilder, warn: Warn, secretKey: string | Uint8Array): void {
  let match: KeyMatch | undefined;
  if (rel !== null) {
    match = new KeyMatch(cp, rel);
    const present = match.present;
    for (let i = 0; i < present.length; i++) {
      const { head: name, mapping } = present[i];
      const origin = out.origin(key.file, key.path);
      const taken = out.tryAdd(name, '', -1, true, undefined, origin, key.line, undefined, mapping.assumed ? true : undefined);
      if (taken >= 0) out.taken(name, taken, true, undefined, origin, key.line, undefined);
    }
  }
  const kv = key.values();
  if (kv === undefined) return;
  const head = regHead(rel ?? key.path);
  const values = new ValueWriter(cp.secrets, secretKey, out, kv);
  if (match === undefined || !match.namesValues) addUnmapped(kv, head, values);
  else addMapped(cp, match, kv, head, values, warn);
}

/** The values of a key no mapping names: `<head><value name>` each (`@` for the default value). */
function addUnmapped(kv: KeyValues, head: RegHead, values: ValueWriter): void {
  const { order, first, nameIds, nameList, types, typeNames, data, facts } = kv;
  for (let i = 0; i < order.length; i++) {
    const p = order[i];
    const row = first + p;
    const valueName = nameList[nameIds[row]];
    const type = typeNames[types[row]];
    const raw = data[row];
    const last = valueName === '' ? '@' : valueName;
    const f = facts[p];
    values.add(p, head.text, last, regHash(head, valueName, f), plainValue(type, raw), raw, type, valueName, f, false, undefined);
  }
}

/** The values of a key some mappings name (the others as in addUnmapped), converted as their mapping says. */
function addMapped(cp: CompiledProfile, match: KeyMatch, kv: KeyValues, head: RegHead, values: ValueWriter, warn: Warn): void {
  const { order, first, nameIds, nameList, types, typeNames, data, lines, facts, files } = kv;
  for (let i = 0; i < order.length; i++) {
    const p = order[i];
    const row = first + p;
    const valueName = nameList[nameIds[row]];
    const f = facts[p];
    const type = typeNames[types[row]];
    const raw = data[row];
    const plain = plainValue(type, raw);
    const named = match.nameValue(valueName, f);
    if (named === undefined) {
      const last = valueName === '' ? '@' : valueName;
      values.add(p, head.text, last, regHash(head, valueName, f), plain, raw, type, valueName, f, false, undefined);
      continue;
    }
    // Most values are named by `auto` mappings (a driver's settings), which keep the value as typed.
    const mapping = named.mapping;
    let value = plain;
    if ((mapping.type ?? 'auto') !== 'auto') {
      const converted = convert(type, plain, mapping);
      value = converted.value;
      if (converted.problem !== undefined) warn(files === undefined ? kv.file : files[p], lines[row], `${named.head}${named.tail}: ${converted.problem}; kept as written (correct the "${cp.profile.name}" profile if this layout is real)`);
    }
    // A name already taken falls back to the value's reg: name.
    values.add(p, named.head, named.tail, named.hash, value, raw, type, valueName, f, mapping.assumed, head);
  }
}

/** A value's data as typed(): most is a number or a text, kept as it is (typed() converts a QWORD's text and copies a list). */
function plainValue(type: RegTypeName, raw: RegData): SettingValue {
  return typeof raw === 'number' || (typeof raw === 'string' && type !== 'REG_QWORD') ? raw : typed(type, raw);
}

/** Writes a key's values into the builder: each value's secrets protected (and beside it the hash of a secret inside its text). */
class ValueWriter {
  private origin: number;
  /** Whether the key (when its values are of one key as written) is named like a secret, or lies below one. */
  private readonly keyIsSecret: boolean;

  constructor(
    private readonly detector: SecretDetector,
    private readonly secretKey: string | Uint8Array,
    private readonly out: SettingsBuilder,
    private readonly kv: KeyValues,
  ) {
    this.origin = kv.files === undefined ? out.origin(kv.file, kv.keyAsWritten) : -1;
    this.keyIsSecret = kv.keysAsWritten === undefined && detector.isSecretKey(kv.keyAsWritten);
  }

  /**
   * Adds the value at position `p` of the key as `head + tail` (`hash`: its lowerHash, or -1), `value` its data
   * as typed (`raw` as read). With `fallback` (a mapped value), a name already taken falls back to its reg: name.
   */
  add(p: number, head: string, tail: string, hash: number, value: SettingValue, raw: RegData, type: RegTypeName, valueName: string, f: NameFacts, assumed: boolean, fallback: RegHead | undefined): void {
    const kv = this.kv;
    const out = this.out;
    if (kv.files !== undefined) this.origin = out.origin(kv.files[p], (kv.keysAsWritten as readonly string[])[p]);
    const line = kv.lines[kv.first + p];
    // (No content pattern reads a number.)
    // Every value of a key named like a secret, or below one (`[…\Sec\Password]` `@="…"`, `"Value"="…"`), else by its own name.
    const byName = (kv.keysAsWritten === undefined ? this.keyIsSecret : this.detector.isSecretKey(kv.keysAsWritten[p])) || (valueName !== '' && secretName(this.detector, valueName, f));
    const found = byName ? SECRET_BY_NAME : typeof raw === 'number' ? undefined : this.detector.inspectContent(raw, type);
    let hidden: SecretValue | undefined;
    if (found !== undefined && found.kind !== 'none') ({ value, hidden } = protectFound(found, raw, this.secretKey));
    const taken = out.tryAdd(head, tail, hash, value, type, this.origin, line, valueName, assumed ? true : undefined, hidden);
    if (taken >= 0) out.taken(head + tail, taken, value, type, this.origin, line, valueName, fallback === undefined ? undefined : fallback.text + (valueName === '' ? '@' : valueName), hidden);
  }
}

/** Whether `facts`' name is a secret's to `detector`, asked once per name and detector. */
function secretName(detector: SecretDetector, name: string, facts: NameFacts): boolean {
  if (facts.secretsOf !== detector) {
    facts.secret = detector.isSecretName(name);
    facts.secretsOf = detector;
  }
  return facts.secret;
}
