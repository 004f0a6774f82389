// One registry key's values → settings: named through the profile's mappings for the key (or `reg:` names),
// converted, their secrets protected, written into the builder's columns (pure).
import type { RegData, RegTypeName, SecretValue, SettingValue } from '../types.js';
import type { ProfileMapping } from './profile.js';
import { KeyMatch, type CompiledProfile } from './profile-match.js';
import type { NameFacts, ViewKey } from './registry-view.js';
import { continueHash, flat, HASH_START } from './name-index.js';
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

/** What the unmapped values of a key are named from: `reg:<path>\` (`reg:` for the root itself) and its lowerHash (-1: not ASCII). */
interface RegHead {
  text: string;
  hash: number;
}

function regHead(path: string): RegHead {
  const text = path === '' ? 'reg:' : flat(`reg:${path}\\`);
  return { text, hash: continueHash(HASH_START, text) };
}

/**
 * Adds the values of one key: named through the profile's mappings when `rel` (the key's path relative to the
 * profile root) is given (settings named by the key's presence first), else `reg:<full path>\<value>`. One
 * loop over the key's columns (see KeyValues): each value is named, converted, its secrets protected, and
 * written into the builder's columns.
 */
export function addKeyValues(cp: CompiledProfile, key: ViewKey, rel: string | null, out: SettingsBuilder, warn: Warn, secretKey: string | Uint8Array): void {
  let match: KeyMatch | undefined;
  if (rel !== null) {
    match = new KeyMatch(cp, rel);
    for (const { name, mapping } of match.present) {
      const origin = out.origin(key.file, key.path);
      const taken = out.tryAdd(name, -1, true, undefined, origin, key.line, undefined, mapping.assumed ? true : undefined);
      if (taken >= 0) out.taken(name, taken, true, undefined, origin, key.line, undefined);
    }
  }
  const kv = key.values();
  if (kv === undefined) return;
  const head = regHead(rel ?? key.path);
  const detector = cp.secrets;
  const { order, first, names, types, typeNames, data, lines, facts, files, keysAsWritten } = kv;
  let origin = files === undefined ? out.origin(kv.file, kv.keyAsWritten) : -1;
  for (let i = 0; i < order.length; i++) {
    const p = order[i];
    const row = first + p;
    const valueName = names[row];
    const f = facts[p];
    const type = typeNames[types[row]];
    const raw = data[row];
    const line = lines[row];
    if (files !== undefined) origin = out.origin(files[p], (keysAsWritten as readonly string[])[p]);
    const named = match?.nameValue(valueName, f);
    let name: string;
    let hash: number;
    // Most data is a number or a text, kept as it is (typed() converts a QWORD's text and copies a list).
    let value: SettingValue = typeof raw === 'number' || (typeof raw === 'string' && type !== 'REG_QWORD') ? raw : typed(type, raw);
    let assumed = false;
    if (named === undefined) {
      const last = valueName === '' ? '@' : valueName;
      name = head.text + last;
      hash = head.hash < 0 ? -1 : continueHash(head.hash, last);
    } else {
      name = named.name;
      hash = named.hash;
      // Most values are named by `auto` mappings (a driver's settings), which keep the value as typed.
      const mapping = named.mapping;
      assumed = mapping.assumed;
      if ((mapping.type ?? 'auto') !== 'auto') {
        const converted = convert(type, value, mapping);
        value = converted.value;
        if (converted.problem !== undefined) warn(files === undefined ? kv.file : files[p], line, `${name}: ${converted.problem}; kept as written (correct the "${cp.profile.name}" profile if this layout is real)`);
      }
    }
    // Its secrets protected (and beside it the hash of a secret inside its text).
    // (No content pattern reads a number.)
    const found = secretName(detector, valueName, f) ? SECRET_BY_NAME : typeof raw === 'number' ? undefined : detector.inspectContent(raw, type);
    let hidden: SecretValue | undefined;
    if (found !== undefined && found.kind !== 'none') ({ value, hidden } = protectFound(found, raw, secretKey));
    const taken = out.tryAdd(name, hash, value, type, origin, line, valueName, assumed ? true : undefined, hidden);
    // A name already taken falls back, for a mapped value, to its reg: name (built only then).
    if (taken >= 0) out.taken(name, taken, value, type, origin, line, valueName, named !== undefined ? head.text + (valueName === '' ? '@' : valueName) : undefined, hidden);
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
