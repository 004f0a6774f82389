// A profile maps one product's registry tree to named settings: its data shape, validation and matching.
import { ConfigError } from '../errors.js';
import { SecretDetector, SecretPatternError, DEFAULT_SECRET_CONTENT, type SecretContentPattern } from './secrets.js';
import { continueHash, flat, HASH_START } from './name-index.js';

export type MappingType = 'auto' | 'string' | 'number' | 'boolean' | 'string[]' | 'enum';

/**
 * One mapping: a registry value (or, with `present`, the presence of a key) → a setting name.
 * `key` is relative to the profile root, segments separated by `\`; `value` is a value name, `@` for the
 * default value. Both may hold placeholders `{Var}`: a variable listed in `variables` matches one of its
 * listed names (case-insensitively, named in the setting as listed); any other matches any name (one key
 * segment, or a whole value name), named in the setting as written in the export. In `setting`,
 * `{Var:camel}` lower-cases the first letter (`StandbyA` → `standbyA`).
 */
export interface ProfileMapping {
  setting: string;
  key: string;
  value?: string;
  present?: boolean;
  type?: MappingType;
  /** For `type: "enum"`: DWORD value (decimal text) → setting value. */
  enum?: Record<string, string>;
  /** True when public documentation does not confirm this registry layout. */
  assumed: boolean;
  /** Tag of the documentation this mapping rests on, a key of `sources`. */
  source: string;
  note?: string;
}

export interface Profile {
  name: string;
  version: 1;
  description?: string;
  /** The root is `<hive>\<parent>\<key>` or `<hive>\<parent>\<instancePrefix><instance>`, hive HKEY_LOCAL_MACHINE. */
  root: {
    parents: string[];
    key: string;
    instancePrefix: string;
    /**
     * Keys (globs of the first key under the root, `*` any text: `Driver*`) that a named instance reads from
     * the machine-wide key beside it when it has none of its own: driver installers write their
     * registrations there, whatever the instance.
     */
    sharedKeys?: string[];
  };
  /** Values outside the root: `keep` as `reg:<full key path>\<value>` settings, or `ignore` them with one warning. */
  outsideRoot: 'keep' | 'ignore';
  /** Regular expression (case-insensitive, anchor it with `$`) of value names whose data is a secret, anywhere in the export. */
  secretValueNames: string;
  /** Patterns that find secrets inside values whatever their name; absent: the defaults (DEFAULT_SECRET_CONTENT). */
  secretContent?: SecretContentPattern[];
  variables: Record<string, string[]>;
  sources: Record<string, string>;
  mappings: ProfileMapping[];
  /**
   * Per group of settings (the first part of the setting names: `partners`, `historic`, …), its anchors:
   * settings of the group's mappings, as written in `setting`, at least one of which an export that keeps
   * the group where the profile looks must hold. A group without anchors fits when any of its mappings
   * names a value, and audits do not judge it (its rules handle absent settings themselves).
   */
  groups?: Record<string, { anchors: string[] }>;
  /** A draft written by `pairaudit profile check -o`: refused by `--profile` until a person removes the mark. */
  draft?: boolean;
}

const TYPES: readonly MappingType[] = ['auto', 'string', 'number', 'boolean', 'string[]', 'enum'];
const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)(:camel)?\}/g;
const MAPPING_FIELDS = new Set(['setting', 'key', 'value', 'present', 'type', 'enum', 'assumed', 'source', 'note']);

function fail(file: string, field: string, detail: string): never {
  throw new ConfigError(file, undefined, `profile field "${field}": ${detail}; see profiles/README.md for the profile format`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(file: string, v: unknown, field: string, allowEmpty = false): string {
  if (typeof v !== 'string' || (!allowEmpty && v === '')) fail(file, field, `expected a${allowEmpty ? '' : ' non-empty'} string, found ${JSON.stringify(v) ?? 'nothing (missing)'}`);
  return v;
}

function strList(file: string, v: unknown, field: string): string[] {
  if (!Array.isArray(v) || v.length === 0) fail(file, field, 'expected a non-empty list of strings');
  return v.map((x, i) => str(file, x, `${field}[${i}]`));
}

function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]);
}

/** Checks a parsed profile file and returns it typed, or throws a ConfigError naming the bad field. */
export function validateProfile(json: unknown, file: string): Profile {
  if (!isObject(json)) fail(file, '(top level)', 'expected a JSON object');
  const name = str(file, json.name, 'name');
  if (json.version !== 1) fail(file, 'version', `expected 1, found ${JSON.stringify(json.version) ?? 'nothing (missing)'}`);
  if (!isObject(json.root)) fail(file, 'root', 'expected an object {parents, key, instancePrefix}');
  const root: Profile['root'] = { parents: strList(file, json.root.parents, 'root.parents'), key: str(file, json.root.key, 'root.key'), instancePrefix: str(file, json.root.instancePrefix, 'root.instancePrefix') };
  if (json.root.sharedKeys !== undefined) root.sharedKeys = strList(file, json.root.sharedKeys, 'root.sharedKeys');
  const outsideRoot = json.outsideRoot ?? 'keep';
  if (outsideRoot !== 'keep' && outsideRoot !== 'ignore') fail(file, 'outsideRoot', `expected "keep" or "ignore", found ${JSON.stringify(outsideRoot)}`);
  const secretValueNames = str(file, json.secretValueNames, 'secretValueNames');
  const secretContent = json.secretContent === undefined ? undefined : validateSecretContent(file, json.secretContent);
  try {
    new SecretDetector(secretValueNames, secretContent ?? DEFAULT_SECRET_CONTENT);
  } catch (e) {
    if (!(e instanceof SecretPatternError)) throw e;
    const [field, ...rest] = e.message.split(': ');
    fail(file, field, rest.join(': '));
  }
  const variables: Record<string, string[]> = {};
  if (json.variables !== undefined) {
    if (!isObject(json.variables)) fail(file, 'variables', 'expected an object of name → list of names');
    for (const [k, v] of Object.entries(json.variables)) variables[k] = strList(file, v, `variables.${k}`);
  }
  const sources: Record<string, string> = {};
  if (json.sources !== undefined) {
    if (!isObject(json.sources)) fail(file, 'sources', 'expected an object of tag → reference');
    for (const [k, v] of Object.entries(json.sources)) sources[k] = str(file, v, `sources.${k}`);
  }
  if (!Array.isArray(json.mappings)) fail(file, 'mappings', 'expected a list of mappings');
  const mappings = json.mappings.map((raw, i) => validateMapping(file, raw, `mappings[${i}]`, sources));
  const profile: Profile = { name, version: 1, root, outsideRoot, secretValueNames, variables, sources, mappings };
  if (json.groups !== undefined) profile.groups = validateGroups(file, json.groups, mappings);
  if (json.draft !== undefined) {
    if (typeof json.draft !== 'boolean') fail(file, 'draft', 'expected true (a draft not yet reviewed) or false');
    if (json.draft) profile.draft = true;
  }
  if (secretContent !== undefined) profile.secretContent = secretContent;
  if (typeof json.description === 'string') profile.description = json.description;
  return profile;
}

function validateGroups(file: string, raw: unknown, mappings: ProfileMapping[]): Record<string, { anchors: string[] }> {
  if (!isObject(raw)) fail(file, 'groups', 'expected an object of group → {anchors: [setting, …]}');
  const out: Record<string, { anchors: string[] }> = {};
  for (const [group, g] of Object.entries(raw)) {
    if (!isObject(g)) fail(file, `groups.${group}`, 'expected an object {anchors: [setting, …]}');
    for (const k of Object.keys(g)) if (k !== 'anchors') fail(file, `groups.${group}.${k}`, 'unknown field; a group has anchors');
    const anchors = strList(file, g.anchors, `groups.${group}.anchors`);
    anchors.forEach((a, i) => {
      const m = mappings.find((x) => x.setting === a);
      if (m === undefined) fail(file, `groups.${group}.anchors[${i}]`, `${JSON.stringify(a)} is not the setting of any mapping (write it as the mapping's "setting" is written)`);
      if (m.setting.split('.')[0] !== group) fail(file, `groups.${group}.anchors[${i}]`, `${JSON.stringify(a)} belongs to the group ${JSON.stringify(m.setting.split('.')[0])}, not ${JSON.stringify(group)}`);
    });
    out[group] = { anchors };
  }
  return out;
}

const CONTENT_FIELDS = new Set(['name', 'in', 'pattern', 'compare']);

function validateSecretContent(file: string, raw: unknown): SecretContentPattern[] {
  if (!Array.isArray(raw)) fail(file, 'secretContent', 'expected a list of {name, in, pattern, compare?}');
  return raw.map((p, i) => {
    const field = `secretContent[${i}]`;
    if (!isObject(p)) fail(file, field, 'expected an object {name, in, pattern, compare?}');
    for (const k of Object.keys(p)) if (!CONTENT_FIELDS.has(k)) fail(file, `${field}.${k}`, `unknown field; a content pattern has ${[...CONTENT_FIELDS].join(', ')}`);
    if (p.in !== 'text' && p.in !== 'binary') fail(file, `${field}.in`, `expected "text" or "binary", found ${JSON.stringify(p.in) ?? 'nothing (missing)'}`);
    const out: SecretContentPattern = { name: str(file, p.name, `${field}.name`), in: p.in, pattern: str(file, p.pattern, `${field}.pattern`) };
    if (p.compare !== undefined) {
      if (p.compare !== 'hash' && p.compare !== 'presence') fail(file, `${field}.compare`, `expected "hash" or "presence", found ${JSON.stringify(p.compare)}`);
      out.compare = p.compare;
    }
    return out;
  });
}

function validateMapping(file: string, raw: unknown, field: string, sources: Record<string, string>): ProfileMapping {
  if (!isObject(raw)) fail(file, field, 'expected an object {setting, key, value, type, assumed, source}');
  for (const k of Object.keys(raw)) if (!MAPPING_FIELDS.has(k)) fail(file, `${field}.${k}`, `unknown field; a mapping has ${[...MAPPING_FIELDS].join(', ')}`);
  const m: ProfileMapping = { setting: str(file, raw.setting, `${field}.setting`), key: str(file, raw.key, `${field}.key`, true), assumed: false, source: '' };
  if (typeof raw.assumed !== 'boolean') fail(file, `${field}.assumed`, 'expected true (layout not publicly documented) or false (confirmed)');
  m.assumed = raw.assumed;
  m.source = str(file, raw.source, `${field}.source`);
  if (Object.keys(sources).length > 0 && !(m.source in sources)) fail(file, `${field}.source`, `tag ${JSON.stringify(m.source)} is not listed in "sources"; add it there with its reference`);
  if (raw.note !== undefined) m.note = str(file, raw.note, `${field}.note`, true);
  if (raw.present !== undefined && raw.present !== true) fail(file, `${field}.present`, 'expected true, or leave it out');
  if (raw.present === true) {
    if (raw.value !== undefined || raw.type !== undefined) fail(file, field, 'a "present" mapping names a key only: remove "value" and "type"');
    m.present = true;
  } else {
    m.value = str(file, raw.value, `${field}.value`);
    const type = raw.type ?? 'auto';
    if (!(TYPES as readonly unknown[]).includes(type)) fail(file, `${field}.type`, `expected one of ${TYPES.join(', ')}, found ${JSON.stringify(type)}`);
    m.type = type as MappingType;
    if (m.type === 'enum') {
      if (!isObject(raw.enum) || Object.keys(raw.enum).length === 0) fail(file, `${field}.enum`, 'a "type": "enum" mapping needs "enum": {"0": "Name", ...}');
      const e: Record<string, string> = {};
      for (const [k, v] of Object.entries(raw.enum)) {
        if (!/^\d+$/.test(k)) fail(file, `${field}.enum.${k}`, 'keys are DWORD values written in decimal, e.g. "0"');
        e[k] = str(file, v, `${field}.enum.${k}`);
      }
      m.enum = e;
    } else if (raw.enum !== undefined) fail(file, `${field}.enum`, 'only a "type": "enum" mapping has "enum"');
  }
  const known = new Set([...placeholders(m.key), ...placeholders(m.value ?? '')]);
  for (const p of placeholders(m.setting)) if (!known.has(p)) fail(file, `${field}.setting`, `placeholder {${p}} does not appear in "key" or "value"`);
  if (m.setting.startsWith('reg:')) fail(file, `${field}.setting`, 'names starting with "reg:" are reserved for unmapped values');
  return m;
}

// ─── Matching ────────────────────────────────────────────────────────────────────────────────────

/** A setting template cut at its placeholders: `text[0]`, `{vars[0]}`, `text[1]`, …, `text[n]`. */
interface SettingTemplate {
  text: string[];
  vars: { name: string; camel: boolean }[];
}

export interface CompiledMapping {
  mapping: ProfileMapping;
  keyRe: RegExp;
  keyVars: string[];
  /** Position in `CompiledProfile.keyTemplates` of this mapping's key template (shared by mappings that write it alike). */
  keyTemplate: number;
  valueRe?: RegExp;
  valueVars: string[];
  setting: SettingTemplate;
  /**
   * The value name lower-cased, when it has no placeholders and is ASCII (where lower-casing agrees with
   * the case-insensitive regex): values are then looked up by name instead of testing every pattern.
   * `""` for the default value (`@`).
   */
  literalValue?: string;
  /**
   * The key template's text before its first placeholder, lower-cased ('' when not ASCII): a key it matches
   * starts with it once lower-cased (the case-insensitive regex maps no other character to an ASCII one).
   */
  keyPrefix: string;
  /** The value template is one placeholder of a variable that lists no names (`{Value}`): it names any value with a name on one line. */
  anyValue: boolean;
}

export interface CompiledProfile {
  profile: Profile;
  mappings: CompiledMapping[];
  /** Finds secrets by value name and by content (the profile's `secretValueNames` and `secretContent`). */
  secrets: SecretDetector;
  /** Lower-cased listed name → spelling as listed, per variable. */
  canonical: Map<string, Map<string, string>>;
  /**
   * The distinct key templates of the mappings (a product's mappings share a few: `Driver{Driver}`,
   * `Partners\{Link}`), each matched once per registry key. Each is the first mapping written with it.
   */
  keyTemplates: CompiledMapping[];
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function templateRe(template: string, variables: Record<string, string[]>, vars: string[], any: string): RegExp {
  let re = '';
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    re += escapeRe(template.slice(last, m.index));
    const listed = variables[m[1]];
    re += listed ? `(${listed.map(escapeRe).join('|')})` : any;
    vars.push(m[1]);
    last = m.index + m[0].length;
  }
  re += escapeRe(template.slice(last));
  return new RegExp(`^${re}$`, 'i');
}

function settingTemplate(template: string): SettingTemplate {
  const t: SettingTemplate = { text: [], vars: [] };
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    t.text.push(template.slice(last, m.index));
    t.vars.push({ name: m[1], camel: m[2] !== undefined });
    last = m.index + m[0].length;
  }
  t.text.push(template.slice(last));
  return t;
}

export function compileProfile(profile: Profile): CompiledProfile {
  const canonical = new Map<string, Map<string, string>>();
  for (const [k, names] of Object.entries(profile.variables)) canonical.set(k, new Map(names.map((n) => [n.toLowerCase(), n])));
  const byKey = new Map<string, number>();
  const keyTemplates: CompiledMapping[] = [];
  const mappings = profile.mappings.map((mapping): CompiledMapping => {
    const keyVars: string[] = [];
    const valueVars: string[] = [];
    // A wildcard stays within one key segment; a value name may itself contain a backslash.
    const keyRe = templateRe(mapping.key, profile.variables, keyVars, '([^\\\\]+)');
    const head = mapping.key.split('{')[0];
    const keyPrefix = /^[\x20-\x7e]*$/.test(head) ? head.toLowerCase() : '';
    const anyValue = mapping.value !== undefined && mapping.value.replace(PLACEHOLDER, '') === '' && placeholders(mapping.value).length === 1 && profile.variables[placeholders(mapping.value)[0]] === undefined;
    const c: CompiledMapping = { mapping, keyRe, keyVars, keyTemplate: byKey.get(mapping.key) ?? keyTemplates.length, valueVars, setting: settingTemplate(mapping.setting), keyPrefix, anyValue };
    if (c.keyTemplate === keyTemplates.length) {
      byKey.set(mapping.key, c.keyTemplate);
      keyTemplates.push(c);
    }
    if (mapping.value === '@') c.literalValue = '';
    else if (mapping.value !== undefined) {
      c.valueRe = templateRe(mapping.value, profile.variables, valueVars, '(.+)');
      if (valueVars.length === 0 && /^[\x20-\x7e]+$/.test(mapping.value)) c.literalValue = mapping.value.toLowerCase();
    }
    return c;
  });
  return { profile, mappings, secrets: SecretDetector.fromProfile(profile), canonical, keyTemplates };
}

/** Captures of a template match, listed names spelled as listed in `variables`. */
export function captures(cp: CompiledProfile, re: RegExp, vars: string[], text: string): Record<string, string> | undefined {
  const m = re.exec(text);
  if (m === null) return undefined;
  const out: Record<string, string> = {};
  for (let i = 0; i < vars.length; i++) {
    const got = m[i + 1];
    out[vars[i]] = cp.canonical.get(vars[i])?.get(got.toLowerCase()) ?? got;
  }
  return out;
}

/** The setting name: the template with every placeholder filled. */
function expand(t: SettingTemplate, vars: Record<string, string>): string {
  let out = t.text[0];
  for (let i = 0; i < t.vars.length; i++) {
    const v = vars[t.vars[i].name] ?? '';
    out += (t.vars[i].camel ? v.charAt(0).toLowerCase() + v.slice(1) : v) + t.text[i + 1];
  }
  return out;
}

/** Fills a setting template; with `keep`, those placeholders stay (to be filled later). */
function fill(t: SettingTemplate, vars: Record<string, string>, keep: string[] = []): SettingTemplate {
  const out: SettingTemplate = { text: [t.text[0]], vars: [] };
  for (let i = 0; i < t.vars.length; i++) {
    const p = t.vars[i];
    if (keep.includes(p.name)) {
      out.vars.push(p);
      out.text.push(t.text[i + 1]);
      continue;
    }
    const v = vars[p.name] ?? '';
    out.text[out.text.length - 1] += (p.camel ? v.charAt(0).toLowerCase() + v.slice(1) : v) + t.text[i + 1];
  }
  return out;
}

/** A value mapping whose key template matched one key, with the key's captures filled in. */
interface KeyRule {
  /** Position in the profile: the first mapping that matches a value wins. */
  index: number;
  c: CompiledMapping;
  /** The setting template with only the value's placeholders left. */
  setting: SettingTemplate;
  /** For an `anyValue` mapping whose setting ends with its one placeholder: lowerHash of the text before it (-1: not ASCII). */
  headHash: number | undefined;
  /** For such a mapping, what it named last: written again by each call (see `KeyMatch.nameValue`). */
  named: ValueName | undefined;
}

/** A mapping with a literal value name, matched to one key: what it names, and its value regex (for names beyond ASCII). */
interface LiteralRule {
  index: number;
  valueRe: RegExp | undefined;
  named: ValueName;
}

/** What a value is named: the setting and the mapping that named it. */
export interface ValueName {
  name: string;
  mapping: ProfileMapping;
  /** lowerHash(name) when it came cheaply (the hash of the setting's fixed part, continued over the value name); -1 otherwise. */
  hash: number;
}


/** The mappings that apply to one registry key (a path relative to the profile root). */
export class KeyMatch {
  /** Settings named by the key's presence (`present` mappings), in profile order. */
  readonly present: ValueName[] = [];
  /** Mappings with a literal value name, by that name lower-cased (first in profile order only). */
  private byValueName: Map<string, LiteralRule> | undefined;
  /** Mappings whose value name has placeholders, in profile order. */
  private readonly patterns: KeyRule[] = [];

  constructor(
    private readonly cp: CompiledProfile,
    rel: string,
  ) {
    const relLower = rel.toLowerCase();
    // Each key template is matched once (null: it does not match this key).
    const found = new Array<Record<string, string> | null | undefined>(cp.keyTemplates.length);
    cp.mappings.forEach((c, index) => {
      let vars = found[c.keyTemplate];
      if (vars === undefined) {
        const t = cp.keyTemplates[c.keyTemplate];
        vars = found[c.keyTemplate] = relLower.startsWith(t.keyPrefix) ? (captures(cp, t.keyRe, t.keyVars, rel) ?? null) : null;
      }
      if (vars === null) return;
      const setting = fill(c.setting, vars, c.valueVars);
      if (c.mapping.present) this.present.push({ name: setting.text[0], mapping: c.mapping, hash: -1 });
      else if (c.literalValue === undefined) {
        // The text before the value's name, flattened once (`fill` concatenates it), not in every name made from it.
        setting.text[0] = flat(setting.text[0]);
        const headHash = c.anyValue && setting.vars.length === 1 && setting.text[1] === '' ? continueHash(HASH_START, setting.text[0]) : undefined;
        this.patterns.push({ index, c, setting, headHash, named: undefined });
      } else if (!(this.byValueName ??= new Map()).has(c.literalValue)) this.byValueName.set(c.literalValue, { index, valueRe: c.valueRe, named: { name: setting.text[0], mapping: c.mapping, hash: -1 } });
    });
  }

  /**
   * The first mapping (in profile order) that names the value `valueName` (`facts`: the name lower-cased, and
   * whether it holds no line break, which `.` does not match: see NameFacts), and
   * the setting name. The object may be the one the previous call returned, written again (no object per value):
   * read it before the next call.
   */
  nameValue(valueName: string, facts: { readonly lower: string; readonly oneLine: boolean }): ValueName | undefined {
    let byName = this.byValueName?.get(facts.lower);
    // Lower-casing matched; the regex decides (it also ignores case, slightly differently beyond ASCII).
    if (byName?.valueRe !== undefined && !byName.valueRe.test(valueName)) byName = undefined;
    if (valueName !== '') {
      for (const rule of this.patterns) {
        if (byName !== undefined && rule.index > byName.index) break;
        if (rule.c.anyValue) {
          // `^(.+)$`: any name on one line, captured whole.
          if (!facts.oneLine) continue;
          return anyValueName(rule, valueName);
        }
        const vars = captures(this.cp, rule.c.valueRe as RegExp, rule.c.valueVars, valueName);
        if (vars !== undefined) return { name: expand(rule.setting, vars), mapping: rule.c.mapping, hash: -1 };
      }
    }
    return byName?.named;
  }
}

/** What an `anyValue` rule names the value `valueName`: without a regex match, and with the name's hash where the setting ends with the placeholder. */
function anyValueName(rule: KeyRule, valueName: string): ValueName {
  const t = rule.setting;
  const mapping = rule.c.mapping;
  if (rule.headHash === undefined) return { name: expand(t, { [rule.c.valueVars[0]]: valueName }), mapping, hash: -1 };
  const name = t.text[0] + (t.vars[0].camel ? valueName.charAt(0).toLowerCase() + valueName.slice(1) : valueName);
  // Lower-cased, the camel form and the name as written are the same: one hash for both.
  const hash = rule.headHash < 0 ? -1 : continueHash(rule.headHash, valueName);
  if (rule.named === undefined) return (rule.named = { name, mapping, hash });
  rule.named.name = name;
  rule.named.hash = hash;
  return rule.named;
}
