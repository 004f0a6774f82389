// Validation of rule files: every error names the file, the line, the rule and the field, and says how to fix it.
import { ConfigError } from '../errors.js';
import type { CompareKind, CompareSpec, RuleDefinition, SourceTable } from './types.js';
import { parseJsonDocument, parseYamlDocument, checkFields, suggest, type YamlNodeInfo } from './yaml-source.js';
import { compilePattern, matchesAny, patternError, roleMatches } from './patterns.js';
import { COMPARATORS, COMPARE_KINDS, KIND_MESSAGES } from './comparators/index.js';
import { ROLES, SEVERITIES, THRESHOLDS } from '../vocabulary.js';

export const RULE_FIELDS = ['id', 'title', 'severity', 'category', 'rationale', 'remediation', 'references', 'select', 'evidence', 'appliesTo', 'compare', 'messages'] as const;
export const SEVERITY_NAMES = SEVERITIES;
export { COMPARE_KINDS };
const POLICY_TESTS = ['allowed-values', 'disallowed-values', 'min-free-percent', 'capacity-covers-main-used', 'volume-exists', 'max-age', 'max-skew', 'client-system-lists-pair'];

/** Options each comparison kind accepts (besides `kind`), as its comparator declares them. */
export const KIND_OPTIONS = Object.fromEntries(COMPARE_KINDS.map((k) => [k, [...COMPARATORS[k].options]])) as Record<CompareKind, string[]>;

type MapNode = YamlNodeInfo & { kind: 'map' };

class RuleChecker {
  constructor(
    private readonly file: string,
    private rule: string,
  ) {}

  fail(line: number, field: string, detail: string): never {
    throw new ConfigError(this.file, line, `rule \`${this.rule}\`: field \`${field}\`: ${detail}`);
  }

  text(node: MapNode, field: string, required: boolean, hint: string): string | undefined {
    const v = node.entries.get(field);
    if (v === undefined) {
      if (required) this.fail(node.line, field, `missing; add ${hint}`);
      return undefined;
    }
    if (v.kind !== 'scalar' || typeof v.value !== 'string' || v.value.trim() === '') this.fail(v.line, field, `must be a non-empty string; write ${hint}`);
    return v.value as string;
  }

  oneOf(node: MapNode, field: string, options: readonly string[], required: boolean): string | undefined {
    const v = node.entries.get(field);
    if (v === undefined) {
      if (required) this.fail(node.line, field, `missing; use one of ${options.join(', ')}`);
      return undefined;
    }
    const value = v.kind === 'scalar' ? String(v.value) : '';
    if (!options.includes(value)) {
      const hint = suggest(value, options);
      this.fail(v.line, field, `${JSON.stringify(v.plain)} is not allowed; ${hint !== undefined ? `did you mean \`${hint}\`? ` : ''}use one of ${options.join(', ')}`);
    }
    return value;
  }

  stringList(node: MapNode, field: string, required: boolean): string[] | undefined {
    const v = node.entries.get(field);
    if (v === undefined) {
      if (required) this.fail(node.line, field, 'missing; add a list of setting names or patterns, e.g. ["db.port"]');
      return undefined;
    }
    if (v.kind !== 'seq' || v.items.some((i) => i.kind !== 'scalar' || typeof i.value !== 'string')) this.fail(v.line, field, 'must be a list of strings');
    return v.items.map((i) => String((i as { value: unknown }).value));
  }

  patterns(node: MapNode, field: string, required: boolean): string[] | undefined {
    const list = this.stringList(node, field, required);
    for (const [i, p] of (list ?? []).entries()) {
      const error = patternError(p);
      if (error !== undefined) this.fail((node.entries.get(field) as YamlNodeInfo & { kind: 'seq' }).items[i].line, field, error);
    }
    return list;
  }

  /** catch-all `allow`: patterns, or `{ "pattern", "reason" }` objects. */
  allowList(node: MapNode, field: string): void {
    const list = node.entries.get('allow');
    if (list === undefined || list.kind !== 'seq') this.fail(list?.line ?? node.line, field, 'must be a list of patterns or { "pattern": "...", "reason": "..." } objects');
    for (const item of list.items) {
      const plain = item.plain as unknown;
      const entry = typeof plain === 'object' && plain !== null && !Array.isArray(plain) ? (plain as Record<string, unknown>) : undefined;
      const pattern = typeof plain === 'string' ? plain : entry?.pattern;
      if (entry !== undefined) {
        const extra = Object.keys(entry).filter((k) => k !== 'pattern' && k !== 'reason');
        if (extra.length > 0 || typeof entry.reason !== 'string' || entry.reason.trim() === '') this.fail(item.line, field, 'an entry object has exactly `pattern` and a non-empty `reason`');
      }
      if (typeof pattern !== 'string' || pattern === '') this.fail(item.line, field, 'each entry is a pattern string or { "pattern": "...", "reason": "..." }');
      const error = patternError(pattern);
      if (error !== undefined) this.fail(item.line, field, error);
    }
  }

  compare(node: YamlNodeInfo | undefined, line: number, field: string, required: boolean, inheritedKind?: CompareKind): CompareSpec | undefined {
    if (node === undefined) {
      if (required) this.fail(line, field, `missing; add e.g. { "kind": "must-equal" } (kinds: ${COMPARE_KINDS.join(', ')})`);
      return undefined;
    }
    if (node.kind !== 'map') this.fail(node.line, field, 'must be an object with a `kind`');
    const kind = (node.entries.has('kind') || inheritedKind === undefined ? this.oneOf(node, 'kind', COMPARE_KINDS, true) : inheritedKind) as CompareKind;
    const allowed = ['kind', ...KIND_OPTIONS[kind]];
    for (const key of node.entries.keys()) {
      if (allowed.includes(key)) continue;
      const hint = suggest(key, allowed);
      this.fail(node.keyLines.get(key) ?? node.line, `${field}.${key}`, `not an option of kind ${kind}; ${hint !== undefined ? `did you mean \`${hint}\`?` : `options are ${allowed.join(', ')}`}`);
    }
    const plain = node.plain as Record<string, unknown>;
    const at = (key: string): number => node.keyLines.get(key) ?? node.line;
    for (const key of ['unordered', 'caseInsensitive', 'bothOrNeither', 'summarizePasses']) if (key in plain && typeof plain[key] !== 'boolean') this.fail(at(key), `${field}.${key}`, 'must be true or false');
    for (const key of ['absolute', 'relative', 'minFreePercent', 'maxAgeMinutes', 'maxSkewMinutes']) {
      if (key in plain && (typeof plain[key] !== 'number' || (plain[key] as number) < 0)) this.fail(at(key), `${field}.${key}`, 'must be a number ≥ 0');
    }
    if ('defaults' in plain && (typeof plain.defaults !== 'object' || plain.defaults === null || Array.isArray(plain.defaults))) this.fail(at('defaults'), `${field}.defaults`, 'must be an object of setting name → value');
    if ('guard' in plain && (typeof plain.guard !== 'string' || plain.guard === '')) this.fail(at('guard'), `${field}.guard`, 'must be a setting name such as "drivers.$1.installed"');
    if ('presentWith' in plain && !(Array.isArray(plain.presentWith) && plain.presentWith.length > 0 && plain.presentWith.every((t) => typeof t === 'string' && t !== ''))) {
      this.fail(at('presentWith'), `${field}.presentWith`, 'must be a list of setting names such as ["drivers.$1.task"]');
    }
    if ('whenGreater' in plain) this.oneOf(node, 'whenGreater', ['pass', ...SEVERITY_NAMES], false);
    if ('match' in plain) this.oneOf(node, 'match', ['identity', 'db.port', 'same', 'present', 'configured'], false);
    if ('on' in plain) this.oneOf(node, 'on', ['each', 'main', 'other'], false);
    if ('whenUntimed' in plain) this.oneOf(node, 'whenUntimed', ['unknown', 'skip'], false);
    if ('whenTogether' in plain) this.oneOf(node, 'whenTogether', ['pass', 'skip'], false);
    if ('threshold' in plain) this.oneOf(node, 'threshold', THRESHOLDS, false);
    if ('values' in plain && !Array.isArray(plain.values)) this.fail(at('values'), `${field}.values`, 'must be a list of allowed values');
    if ('relativeTo' in plain && (typeof plain.relativeTo !== 'string' || plain.relativeTo === '')) this.fail(at('relativeTo'), `${field}.relativeTo`, 'must be a setting name such as "product.installLocation"');
    if ('defaultVolume' in plain && (typeof plain.defaultVolume !== 'string' || !/^[A-Za-z]$/.test(plain.defaultVolume))) this.fail(at('defaultVolume'), `${field}.defaultVolume`, 'must be a drive letter such as "C"');
    if ('allow' in plain) this.allowList(node, `${field}.allow`);
    if ('attribute' in plain && !(typeof plain.attribute === 'string' || (Array.isArray(plain.attribute) && plain.attribute.every((a) => typeof a === 'string')))) {
      this.fail(at('attribute'), `${field}.attribute`, 'must be a link attribute name such as "address", or a list of them');
    }
    if (inheritedKind === undefined) {
      if (kind === 'must-mirror' && (plain.attribute === undefined || plain.match === undefined)) this.fail(node.line, field, 'kind must-mirror needs `attribute` (e.g. "address") and `match` (identity, db.port, same, present or configured)');
      if (kind === 'policy' && plain.test === undefined) this.fail(node.line, field, `kind policy needs \`test\` (${POLICY_TESTS.join(', ')})`);
    }
    if ('test' in plain) this.oneOf(node, 'test', POLICY_TESTS, false);
    return plain as unknown as CompareSpec;
  }
}

/** A role glob that matches no role (`stanby-*`) would silently never apply. */
function checkRoleGlobs(check: RuleChecker, roles: string[] | undefined, line: number, field: string): void {
  for (const r of roles ?? []) {
    if (ROLES.some((name) => roleMatches([r], name))) continue;
    const hint = suggest(r, [...ROLES, 'standby-*', 'permanent-*']);
    check.fail(line, field, `${JSON.stringify(r)} matches no role; ${hint !== undefined ? `did you mean \`${hint}\`? ` : ''}roles are ${ROLES.join(', ')} (globs such as permanent-*)`);
  }
}

/**
 * A guard's `$n` that some select pattern does not capture is always empty, so the guarded setting is never
 * found and the rule never compares (while it still claims its settings from the catch-all): refused.
 */
function checkGuard(check: RuleChecker, rule: RuleDefinition, line: number): void {
  const templates: [string, string][] = [...(rule.compare.guard === undefined ? [] : [['compare.guard', rule.compare.guard] as [string, string]]), ...(rule.compare.presentWith ?? []).map((t): [string, string] => ['compare.presentWith', t])];
  for (const [field, guard] of templates) {
    let wanted = 0;
    for (const m of guard.matchAll(/\$(\d)/g)) wanted = Math.max(wanted, Number(m[1]));
    for (const source of rule.select) {
      // A regex with `|` added matches the empty text: its result holds one slot per capture group.
      const captures = (new RegExp(`${compilePattern(source).regex.source}|`).exec('') as RegExpExecArray).length - 1;
      if (captures < wanted) check.fail(line, field, `"${guard}" uses $${wanted}, but the select pattern "${source}" captures ${captures === 0 ? 'nothing' : `only $1${captures > 1 ? `-$${captures}` : ''}`}; each * (or regex group) is a capture`);
    }
  }
}

/** A default for a setting the rule never selects (a typo) would silently never apply. */
function checkDefaults(check: RuleChecker, rule: RuleDefinition, line: number): void {
  const defaults = Object.keys(rule.compare.defaults ?? {});
  if (defaults.length === 0) return;
  if (rule.compare.kind === 'must-mirror') {
    const attributes = ([] as string[]).concat(rule.compare.attribute ?? []);
    for (const d of defaults) if (!attributes.includes(d)) check.fail(line, 'compare.defaults', `"${d}" is not one of the compared attributes (${attributes.join(', ')}); must-mirror defaults are keyed by attribute`);
    return;
  }
  const patterns = rule.select.map(compilePattern);
  for (const d of defaults) if (!matchesAny(patterns, d)) check.fail(line, 'compare.defaults', `"${d}" is not selected by the rule (select: ${rule.select.join(', ')}); check the setting name`);
}

/**
 * Parses and validates one rule file's text. `file` is used in messages; the id must match its base name;
 * the tags in `references` must be in `sources` (the pack's source table), which gives each its title and URL.
 */
export function parseRuleText(text: string, file: string, expectedId?: string, sources: SourceTable = new Map()): RuleDefinition {
  // Rule files are JSON: JSON.parse reads them far faster than the YAML parser, which is needed only to say
  // on which line a mistake is. So a file that does not parse or validate as JSON is read again as YAML.
  const json = parseJsonDocument(text);
  if (json !== undefined) {
    try {
      return validateRule(json.root, file, expectedId, sources);
    } catch {
      // Reported below, with its line.
    }
  }
  return validateRule(parseYamlDocument(text, file).root, file, expectedId, sources);
}

function validateRule(root: YamlNodeInfo, file: string, expectedId: string | undefined, sources: SourceTable): RuleDefinition {
  const idNode = root.kind === 'map' ? root.entries.get('id') : undefined;
  const check: RuleChecker = new RuleChecker(file, idNode?.kind === 'scalar' ? String(idNode.value) : (expectedId ?? '?'));
  if (root.kind !== 'map') check.fail(root.line, '(file)', 'a rule file must hold one JSON object');
  checkFields(root, RULE_FIELDS, file, `rule \`${idNode?.kind === 'scalar' ? String(idNode.value) : (expectedId ?? '?')}\``);
  const id = check.text(root, 'id', true, 'a kebab-case id equal to the file name') as string;
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) check.fail(idNode?.line ?? root.line, 'id', `${JSON.stringify(id)} is not kebab-case; use lower-case words joined by "-"`);
  if (expectedId !== undefined && id !== expectedId) check.fail(idNode?.line ?? root.line, 'id', `is "${id}" but the file is named "${expectedId}.json"; rename the file or the id so they match`);
  const rule: RuleDefinition = {
    id,
    title: check.text(root, 'title', true, 'a one-line title') as string,
    severity: check.oneOf(root, 'severity', SEVERITY_NAMES, true) as RuleDefinition['severity'],
    category: check.text(root, 'category', true, 'a category such as "partners" or "drivers"') as string,
    rationale: check.text(root, 'rationale', true, 'why the rule exists, citing the vendor document') as string,
    remediation: check.text(root, 'remediation', true, 'where to fix it (Server Configuration Tool branch, or on the server)') as string,
    references: [],
    select: check.patterns(root, 'select', true) as string[],
    compare: check.compare(root.entries.get('compare'), root.line, 'compare', true) as CompareSpec,
  };
  const refs = root.entries.get('references');
  if (refs !== undefined) {
    const form = 'must be a list of source tags, e.g. ["PORTS"]; each tag\'s title and URL go in the pack\'s sources.json';
    if (refs.kind !== 'seq') check.fail(refs.line, 'references', form);
    for (const r of refs.items) {
      if (r.kind !== 'scalar' || typeof r.value !== 'string') check.fail(r.line, 'references', form);
      const tag = r.value as string;
      const source = sources.get(tag);
      if (source === undefined) {
        const hint = suggest(tag, [...sources.keys()]);
        check.fail(r.line, 'references', `unknown source tag ${JSON.stringify(tag)}; ${hint !== undefined ? `did you mean \`${hint}\`? ` : ''}add it to the pack's sources.json (tag → title, url) or cite a tag that is there`);
      }
      if (rule.references.some((x) => x.tag === tag)) check.fail(r.line, 'references', `${JSON.stringify(tag)} is listed twice`);
      rule.references.push({ tag, title: source.title, url: source.url });
    }
  }
  const evidence = check.oneOf(root, 'evidence', ['required', 'optional'], false);
  if (evidence !== undefined) rule.evidence = evidence as 'required' | 'optional';
  const applies = root.entries.get('appliesTo');
  if (applies !== undefined) {
    if (applies.kind !== 'map') check.fail(applies.line, 'appliesTo', 'must be an object');
    checkFields(applies, ['roles', 'partnerTypes', 'commands', 'overrides'], file, `rule \`${id}\` appliesTo`);
    rule.appliesTo = {};
    const roles = check.stringList(applies, 'roles', false);
    checkRoleGlobs(check, roles, applies.line, 'appliesTo.roles');
    if (roles !== undefined) rule.appliesTo.roles = roles;
    const types = check.stringList(applies, 'partnerTypes', false);
    for (const t of types ?? []) {
      if (!['Standalone', 'HotStandby', 'TripleStandby', 'PermanentStandby'].includes(t)) check.fail(applies.line, 'appliesTo.partnerTypes', `${JSON.stringify(t)} is not a partner type; use Standalone, HotStandby, TripleStandby or PermanentStandby`);
    }
    if (types !== undefined) rule.appliesTo.partnerTypes = types;
    const commands = check.stringList(applies, 'commands', false);
    for (const c of commands ?? []) if (c !== 'audit' && c !== 'check') check.fail(applies.line, 'appliesTo.commands', `${JSON.stringify(c)} is not a command; use audit or check`);
    if (commands !== undefined) rule.appliesTo.commands = commands as ('audit' | 'check')[];
    const overrides = applies.entries.get('overrides');
    if (overrides !== undefined) {
      if (overrides.kind !== 'seq') check.fail(overrides.line, 'appliesTo.overrides', 'must be a list');
      rule.appliesTo.overrides = overrides.items.map((o) => {
        if (o.kind !== 'map') check.fail(o.line, 'appliesTo.overrides', 'each override must be an object with `roles`');
        checkFields(o, ['roles', 'skip', 'severity', 'compare', 'note'], file, `rule \`${id}\` override`);
        const out: NonNullable<NonNullable<RuleDefinition['appliesTo']>['overrides']>[number] = { roles: check.stringList(o, 'roles', true) as string[] };
        checkRoleGlobs(check, out.roles, o.line, 'appliesTo.overrides.roles');
        const skip = o.entries.get('skip');
        if (skip !== undefined) {
          if (skip.kind !== 'scalar' || typeof skip.value !== 'boolean') check.fail(skip.line, 'appliesTo.overrides.skip', 'must be true or false');
          out.skip = skip.value as boolean;
        }
        const severity = check.oneOf(o, 'severity', SEVERITY_NAMES, false);
        if (severity !== undefined) out.severity = severity as RuleDefinition['severity'];
        const compare = check.compare(o.entries.get('compare'), o.line, 'appliesTo.overrides.compare', false, rule.compare.kind);
        if (compare !== undefined) out.compare = compare;
        const note = check.text(o, 'note', false, 'why, citing the vendor document');
        if (note !== undefined) out.note = note;
        return out;
      });
    }
  }
  const messages = root.entries.get('messages');
  if (messages !== undefined) {
    if (messages.kind !== 'map') check.fail(messages.line, 'messages', 'must be an object of message id → template');
    const known = Object.keys(KIND_MESSAGES[rule.compare.kind]);
    rule.messages = {};
    for (const [key, node] of messages.entries) {
      if (!known.includes(key)) {
        const hint = suggest(key, known);
        check.fail(messages.keyLines.get(key) ?? messages.line, `messages.${key}`, `kind ${rule.compare.kind} has no message id \`${key}\`; ${hint !== undefined ? `did you mean \`${hint}\`?` : `ids are ${known.join(', ')}`}`);
      }
      if (node.kind !== 'scalar' || typeof node.value !== 'string') check.fail(node.line, `messages.${key}`, 'must be a string template');
      rule.messages[key] = node.value as string;
    }
  }
  checkDefaults(check, rule, root.entries.get('compare')?.line ?? root.line);
  checkGuard(check, rule, root.entries.get('compare')?.line ?? root.line);
  if (rule.select.length === 0 && !(rule.compare.kind === 'policy' && (rule.compare.test === 'max-age' || rule.compare.test === 'max-skew')) && rule.compare.kind !== 'catch-all') {
    check.fail(root.entries.get('select')?.line ?? root.line, 'select', 'is empty; list the setting names or patterns the rule compares');
  }
  return rule;
}
