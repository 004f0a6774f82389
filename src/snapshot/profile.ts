// A profile maps one product's registry tree to named settings: its data shape and validation (matching: profile-match.ts).
import { suggest } from '../suggest.js';
import { ConfigError } from '../errors.js';
import { SecretDetector, SecretPatternError, DEFAULT_SECRET_CONTENT, type SecretContentPattern } from './secrets.js';

/** A placeholder `{Var}` (or `{Var:camel}`) in a mapping's key, value or setting template. */
export const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)(:camel)?\}/g;

/** The names of the placeholders `{Var}` in a template, in order. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]);
}

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

/** Checks a parsed profile file and returns it typed, or throws a ConfigError naming the bad field. */
/** The fields of a profile, and of its root: any other is refused (a misspelt `secretContents` would drop a site's secret patterns unseen). */
const PROFILE_FIELDS = ['$comment', 'name', 'version', 'description', 'root', 'outsideRoot', 'secretValueNames', 'secretContent', 'variables', 'sources', 'groups', 'mappings', 'draft'];
const ROOT_FIELDS = ['parents', 'key', 'instancePrefix', 'sharedKeys'];

function onlyFields(file: string, o: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const k of Object.keys(o)) {
    if (allowed.includes(k)) continue;
    const hint = suggest(k, allowed);
    fail(file, where === '' ? k : `${where}.${k}`, `unknown field${hint !== undefined ? `; did you mean "${hint}"?` : `; the fields are ${allowed.filter((f) => !f.startsWith('$')).join(', ')}`}`);
  }
}

export function validateProfile(json: unknown, file: string): Profile {
  if (!isObject(json)) fail(file, '(top level)', 'expected a JSON object');
  onlyFields(file, json, PROFILE_FIELDS, '');
  if (isObject(json.root)) onlyFields(file, json.root, ROOT_FIELDS, 'root');
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
