// A profile's mappings compiled, and matched to registry keys and values: which setting each value is named.
import { SecretDetector } from './secrets.js';
import { finishHash, flat, joinHash, partHash } from './name-index.js';
import { PLACEHOLDER, placeholders, type Profile, type ProfileMapping } from './profile.js';
import type { NameFacts } from './value-order.js';

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
  /** Per key template, the plan of a key that matches it alone (most keys that match one); made with the profile. */
  singlePlans: KeyPlan[];
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
  const cp: CompiledProfile = { profile, mappings, secrets: SecretDetector.fromProfile(profile), canonical, keyTemplates, templateMappings, singlePlans: [] };
  cp.singlePlans = keyTemplates.map((_, t) => makePlan(cp, [t]));
  return cp;
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

/**
 * What the mappings of one set of matched key templates do, in profile order: the same for every key that
 * matches exactly those templates (every driver's key, every link's), so worked out once per set
 * (`planFor`) and shared; a KeyMatch then holds only its key's captures and the names filled from them.
 */
export interface KeyPlan {
  /** The matched key templates (positions in `keyTemplates`), ascending. */
  readonly templates: readonly number[];
  /** Mappings named by the key's presence, in profile order. */
  readonly present: readonly number[];
  /** Lower-cased literal value name → position in `literals` (first mapping in profile order only). */
  readonly byValueName: Map<string, number> | undefined;
  /** Mappings with a literal value name (positions in `mappings`), in profile order. */
  readonly literals: readonly number[];
  /** Mappings whose value name has placeholders, in profile order. */
  readonly patterns: readonly number[];
}

/** Plans of several templates made so far, per compiled profile, by their templates joined with commas. */
const plans = new WeakMap<CompiledProfile, Map<string, KeyPlan>>();

/**
 * The plan of the key templates `templates` (ascending): made with the profile for one template, else when
 * first met (kept per profile). (No plan is made while keys are matched for the bundled profile, whose key
 * templates never match the same key: code compiled for matching meets no path it has not run.)
 */
function planFor(cp: CompiledProfile, templates: readonly number[]): KeyPlan {
  if (templates.length === 1) return cp.singlePlans[templates[0]];
  let byTemplates = plans.get(cp);
  if (byTemplates === undefined) plans.set(cp, (byTemplates = new Map()));
  const id = templates.join(',');
  let plan = byTemplates.get(id);
  if (plan === undefined) byTemplates.set(id, (plan = makePlan(cp, templates)));
  return plan;
}

/** The plan of the key templates `templates` (ascending). */
function makePlan(cp: CompiledProfile, templates: readonly number[]): KeyPlan {
  const matched = templates.flatMap((t) => cp.templateMappings[t]).sort((a, b) => a - b);
  const present: number[] = [];
  const literals: number[] = [];
  const patterns: number[] = [];
  let byValueName: Map<string, number> | undefined;
  for (const index of matched) {
    const c = cp.mappings[index];
    if (c.mapping.present) present.push(index);
    else if (c.literalValue === undefined) patterns.push(index);
    else if (!(byValueName ??= new Map()).has(c.literalValue)) {
      byValueName.set(c.literalValue, literals.length);
      literals.push(index);
    }
  }
  return { templates: [...templates], present, byValueName, literals, patterns };
}

/** A value mapping with a placeholder in its value name, matched to one key: its setting template with the key's captures filled in. */
interface KeyRule {
  c: CompiledMapping;
  /** The setting template with only the value's placeholders left. */
  setting: SettingTemplate;
  /** For an `anyValue` mapping whose setting ends with its one placeholder: partHash of the text before it (-1: not ASCII). */
  headHash: number | undefined;
  /** For such a mapping, what it named last: written again by each call (see `KeyMatch.nameValue`). */
  named: ValueName | undefined;
}

/**
 * What a value is named: the setting `head + tail` and the mapping that named it. The name is kept as its two
 * parts (`tail` '' for a name made whole), so that the builder makes the string only when it needs it (see
 * SettingsBuilder.tryAdd).
 */
export interface ValueName {
  head: string;
  tail: string;
  mapping: ProfileMapping;
  /** lowerHash(name) when it came cheaply (from the hashes of the setting's fixed part and of the value name); -1 otherwise. */
  hash: number;
}

/** The mappings that apply to one registry key (a path relative to the profile root). */
export class KeyMatch {
  /** Settings named by the key's presence (`present` mappings), in profile order. */
  readonly present: ValueName[] = [];
  /** The plan of the templates the key matched; undefined when it matched none. */
  private readonly plan: KeyPlan | undefined;
  /** The key's captures, per position in `plan.templates`. */
  private readonly found: Record<string, string>[] = [];
  /** Per position in `plan.literals`, what the mapping names (filled when first asked for). */
  private literalNames: (ValueName | undefined)[] | undefined;
  /** Per position in `plan.patterns`, the mapping's rule for this key (made when first asked for). */
  private rules: (KeyRule | undefined)[] | undefined;

  constructor(
    private readonly cp: CompiledProfile,
    rel: string,
  ) {
    const relLower = rel.toLowerCase();
    // Each key template is matched once; the plan of those that match says which mappings apply, in profile order.
    const templates = cp.keyTemplates;
    let matched: number[] | undefined;
    for (let t = 0; t < templates.length; t++) {
      const template = templates[t];
      if (!relLower.startsWith(template.keyPrefix)) continue;
      const vars = captures(cp, template.keyRe, template.keyVars, rel);
      if (vars === undefined) continue;
      (matched ??= []).push(t);
      this.found.push(vars);
    }
    if (matched === undefined) return;
    const plan = (this.plan = planFor(cp, matched));
    for (let i = 0; i < plan.present.length; i++) {
      const c = cp.mappings[plan.present[i]];
      this.present.push({ head: fill(c.setting, this.varsOf(c), c.valueVars).text[0], tail: '', mapping: c.mapping, hash: -1 });
    }
  }

  /** Whether some mapping may name a value of the key (not only its presence). */
  get namesValues(): boolean {
    const plan = this.plan;
    return plan !== undefined && (plan.literals.length > 0 || plan.patterns.length > 0);
  }

  /** The key's captures for the key template of `c`. */
  private varsOf(c: CompiledMapping): Record<string, string> {
    return this.found[(this.plan as KeyPlan).templates.indexOf(c.keyTemplate)];
  }

  /**
   * The first mapping (in profile order) that names the value `valueName` (`facts`: its NameFacts), and the
   * setting name. Which mapping it is depends on the plan and the name alone: worked out once per name and
   * plan (`facts.choice`), the name then filled from this key's captures. The object may be the one the
   * previous call returned, written again (no object per value): read it before the next call.
   */
  nameValue(valueName: string, facts: NameFacts): ValueName | undefined {
    const plan = this.plan;
    if (plan === undefined) return undefined;
    if (facts.planOf !== plan) {
      facts.choice = choose(this.cp, plan, valueName, facts);
      facts.planOf = plan;
    }
    const choice = facts.choice;
    if (choice < 0) return undefined;
    const patterns = plan.patterns.length;
    if (choice >= patterns) return this.literalName(choice - patterns);
    const rule = this.rule(choice);
    const c = rule.c;
    return c.anyValue ? anyValueName(rule, valueName, facts) : this.patternName(rule, valueName);
  }

  /** What a pattern other than `anyValue` names `valueName` (one it matches). */
  private patternName(rule: KeyRule, valueName: string): ValueName {
    const c = rule.c;
    return { head: expand(rule.setting, captures(this.cp, c.valueRe as RegExp, c.valueVars, valueName) as Record<string, string>), tail: '', mapping: c.mapping, hash: -1 };
  }

  /** What the literal mapping at `at` (a position in the plan's `literals`) names for this key. */
  private literalName(at: number): ValueName {
    const names = (this.literalNames ??= []);
    let named = names[at];
    if (named === undefined) {
      const c = this.cp.mappings[(this.plan as KeyPlan).literals[at]];
      named = names[at] = { head: fill(c.setting, this.varsOf(c), c.valueVars).text[0], tail: '', mapping: c.mapping, hash: -1 };
    }
    return named;
  }

  /** The rule of the pattern mapping at `k` (a position in the plan's `patterns`) for this key. */
  private rule(k: number): KeyRule {
    const rules = (this.rules ??= []);
    let rule = rules[k];
    if (rule === undefined) {
      const c = this.cp.mappings[(this.plan as KeyPlan).patterns[k]];
      const setting = fill(c.setting, this.varsOf(c), c.valueVars);
      // The text before the value's name, flattened once (`fill` concatenates it), not in every name made from it.
      setting.text[0] = flat(setting.text[0]);
      const headHash = c.anyValue && setting.vars.length === 1 && setting.text[1] === '' ? partHash(setting.text[0]) : undefined;
      rule = rules[k] = { c, setting, headHash, named: undefined };
    }
    return rule;
  }
}

/**
 * Which mapping of `plan` names a value called `valueName` (`facts` its NameFacts): -1 none; below the plan's
 * pattern count, the pattern at that position; else the literal at (choice − pattern count). The first in
 * profile order wins.
 */
function choose(cp: CompiledProfile, plan: KeyPlan, valueName: string, facts: NameFacts): number {
  let literal = -1;
  const at = plan.byValueName?.get(facts.lower);
  if (at !== undefined) {
    // Lower-casing matched; the regex decides (it also ignores case, slightly differently beyond ASCII).
    const re = cp.mappings[plan.literals[at]].valueRe;
    if (re === undefined || re.test(valueName)) literal = at;
  }
  const patterns = plan.patterns;
  if (valueName !== '') {
    // Patterns after the literal mapping in profile order lose to it.
    const before = literal < 0 ? Infinity : plan.literals[literal];
    for (let k = 0; k < patterns.length && patterns[k] < before; k++) {
      const c = cp.mappings[patterns[k]];
      // An `anyValue` pattern, `^(.+)$`, names any name on one line.
      if (c.anyValue ? facts.oneLine : captures(cp, c.valueRe as RegExp, c.valueVars, valueName) !== undefined) return k;
    }
  }
  return literal < 0 ? -1 : patterns.length + literal;
}

/** What an `anyValue` rule names the value `valueName`: without a regex match, and with the name's hash where the setting ends with the placeholder. */
function anyValueName(rule: KeyRule, valueName: string, facts: NameFacts): ValueName {
  const t = rule.setting;
  const mapping = rule.c.mapping;
  if (rule.headHash === undefined) return { head: expand(t, { [rule.c.valueVars[0]]: valueName }), tail: '', mapping, hash: -1 };
  const tail = t.vars[0].camel ? facts.camel : valueName;
  // Lower-cased, the camel form and the name as written are the same: one hash for both.
  const hash = finishHash(joinHash(rule.headHash, facts.hash, facts.power));
  if (rule.named === undefined) return (rule.named = { head: t.text[0], tail, mapping, hash });
  rule.named.tail = tail;
  rule.named.hash = hash;
  return rule.named;
}
