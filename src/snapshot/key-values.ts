// One registry key's values → settings: named through the profile's mappings for the key (or `reg:` names),
// converted, their secrets protected, written into the builder's columns (pure).
import type { RegValue, SecretValue, SettingValue } from '../types.js';
import { KeyMatch, type CompiledProfile, type ProfileMapping } from './profile.js';
import type { NameFacts, ViewKey } from './registry-view.js';
import { continueHash, flat, HASH_START } from './name-index.js';
import { protectFound, SECRET_BY_NAME, type SecretDetector } from './secrets.js';
import type { SettingsBuilder, Warn } from './settings-builder.js';

export function typed(v: RegValue): SettingValue {
  if (v.type === 'REG_QWORD' && typeof v.data === 'string' && /^\d+$/.test(v.data)) {
    const n = Number(v.data);
    return Number.isSafeInteger(n) ? n : v.data;
  }
  return Array.isArray(v.data) ? [...v.data] : v.data;
}

const TEXT_TYPES = new Set(['REG_SZ', 'REG_EXPAND_SZ', 'REG_LINK']);

/** Applies a mapping's conversion; on a mismatch keeps the value as typed and says why (never the data). */
function convert(v: RegValue, m: ProfileMapping): { value: SettingValue; problem?: string } {
  const plain = typed(v);
  switch (m.type ?? 'auto') {
    case 'auto':
      return { value: plain };
    case 'string':
      return TEXT_TYPES.has(v.type) ? { value: plain } : { value: plain, problem: `expected a string value, found ${v.type}` };
    case 'number':
      return typeof plain === 'number' ? { value: plain } : { value: plain, problem: `expected a DWORD or QWORD, found ${v.type}` };
    case 'string[]':
      return Array.isArray(plain) ? { value: plain } : { value: plain, problem: `expected a REG_MULTI_SZ list, found ${v.type}` };
    case 'boolean':
      if (plain === 0 || plain === 1) return { value: plain === 1 };
      return { value: plain, problem: typeof plain === 'number' ? `expected a DWORD 0 or 1, found ${plain}` : `expected a DWORD 0 or 1, found ${v.type}` };
    case 'enum': {
      const name = typeof plain === 'number' ? m.enum?.[String(plain)] : undefined;
      if (name !== undefined) return { value: name };
      return { value: plain, problem: typeof plain === 'number' ? `DWORD ${plain} is not one of the known values ${Object.keys(m.enum ?? {}).join(', ')}` : `expected a DWORD, found ${v.type}` };
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

/** What one key's values are added with: the builder, the profile, the key's mappings, its `reg:` head. */
interface KeyContext {
  out: SettingsBuilder;
  cp: CompiledProfile;
  /** Undefined: every value gets its `reg:` name (a key outside the root). */
  match: KeyMatch | undefined;
  head: RegHead;
  warn: Warn;
  secretKey: string | Uint8Array;
}

/**
 * Adds the values of one key: named through the profile's mappings when `rel` (the key's path relative to the
 * profile root) is given (settings named by the key's presence first), else `reg:<full path>\<value>`.
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
  const ctx: KeyContext = { out, cp, match, head: regHead(rel ?? key.path), warn, secretKey };
  key.forEachValue((name, facts, value, file, keyAsWritten) => addKeyValue(ctx, name, facts, value, file, out.origin(file, keyAsWritten)));
}

/** Adds one value of a key (`valueName`, its facts, the value as last written, from `file` and origin `origin`). */
function addKeyValue(ctx: KeyContext, valueName: string, facts: NameFacts, v: RegValue, file: string, origin: number): void {
  const named = ctx.match?.nameValue(valueName, facts);
  if (named === undefined) {
    const head = ctx.head;
    const last = valueName === '' ? '@' : valueName;
    addValue(ctx, head.text + last, head.hash < 0 ? -1 : continueHash(head.hash, last), valueName, facts, v, typed(v), origin, false, false);
    return;
  }
  // Most values are named by `auto` mappings (a driver's settings), which keep the value as typed.
  const mapping = named.mapping;
  if ((mapping.type ?? 'auto') === 'auto') {
    addValue(ctx, named.name, named.hash, valueName, facts, v, typed(v), origin, mapping.assumed, true);
    return;
  }
  const { value, problem } = convert(v, mapping);
  if (problem !== undefined) ctx.warn(file, v.line, `${named.name}: ${problem}; kept as written (correct the "${ctx.cp.profile.name}" profile if this layout is real)`);
  addValue(ctx, named.name, named.hash, valueName, facts, v, value, origin, mapping.assumed, true);
}

/** Whether `facts`' name is a secret's to `detector`, asked once per name and detector. */
function secretName(detector: SecretDetector, name: string, facts: NameFacts): boolean {
  if (facts.secretsOf !== detector) {
    facts.secret = detector.isSecretName(name);
    facts.secretsOf = detector;
  }
  return facts.secret;
}

/**
 * Adds one registry value's setting, its secrets protected (and beside it the hash of a secret inside its
 * text); a name already taken falls back, when `fallback`, to the value's reg: name (built only then).
 * `origin`: the id of the file and key as written of the section that wrote the value, shared by its values.
 * `hash`: lowerHash(name) when known, else -1.
 */
function addValue(ctx: KeyContext, name: string, hash: number, valueName: string, facts: NameFacts, v: RegValue, raw: SettingValue, origin: number, assumed: boolean, fallback: boolean): void {
  const regType = v.type;
  const detector = ctx.cp.secrets;
  const found = secretName(detector, valueName, facts) ? SECRET_BY_NAME : detector.inspectContent(v.data, regType);
  let value = raw;
  let hidden: SecretValue | undefined;
  if (found.kind !== 'none') ({ value, hidden } = protectFound(found, v.data, ctx.secretKey));
  const out = ctx.out;
  const taken = out.tryAdd(name, hash, value, regType, origin, v.line, valueName, assumed ? true : undefined, hidden);
  if (taken >= 0) out.taken(name, taken, value, regType, origin, v.line, valueName, fallback ? ctx.head.text + (valueName === '' ? '@' : valueName) : undefined, hidden);
}
