// A profile's mappings compiled, and matched to registry keys and values: which setting each value is named.
import { SecretDetector } from './secrets.js';
import { continueHash, flat, HASH_START } from './name-index.js';
import { PLACEHOLDER, placeholders, type Profile, type ProfileMapping } from './profile.js';

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
  /** Per key template, the positions in `mappings` of the mappings written with it, in profile order. */
  templateMappings: number[][];
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
  const templateMappings = keyTemplates.map((): number[] => []);
  mappings.forEach((c, index) => templateMappings[c.keyTemplate].push(index));
  return { profile, mappings, secrets: SecretDetector.fromProfile(profile), canonical, keyTemplates, templateMappings };
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
    // Each key template is matched once; the mappings of those that match are then read in profile order.
    const templates = cp.keyTemplates;
    let found: Record<string, string>[] | undefined;
    let matched: number[] | undefined;
    for (let t = 0; t < templates.length; t++) {
      const template = templates[t];
      if (!relLower.startsWith(template.keyPrefix)) continue;
      const vars = captures(cp, template.keyRe, template.keyVars, rel);
      if (vars === undefined) continue;
      (found ??= new Array<Record<string, string>>(templates.length))[t] = vars;
      for (const index of cp.templateMappings[t]) (matched ??= []).push(index);
    }
    if (found === undefined || matched === undefined) return;
    matched.sort((a, b) => a - b);
    for (const index of matched) {
      const c = cp.mappings[index];
      const setting = fill(c.setting, found[c.keyTemplate], c.valueVars);
      if (c.mapping.present) this.present.push({ name: setting.text[0], mapping: c.mapping, hash: -1 });
      else if (c.literalValue === undefined) {
        // The text before the value's name, flattened once (`fill` concatenates it), not in every name made from it.
        setting.text[0] = flat(setting.text[0]);
        const headHash = c.anyValue && setting.vars.length === 1 && setting.text[1] === '' ? continueHash(HASH_START, setting.text[0]) : undefined;
        this.patterns.push({ index, c, setting, headHash, named: undefined });
      } else if (!(this.byValueName ??= new Map()).has(c.literalValue)) this.byValueName.set(c.literalValue, { index, valueRe: c.valueRe, named: { name: setting.text[0], mapping: c.mapping, hash: -1 } });
    }
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
