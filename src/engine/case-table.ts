// Validation of a rule's case table (<id>.test.json), like a rule file: every error names the file, the line
// and the field, and says how to fix it, instead of failing inside the tester.
import { ConfigError } from '../errors.js';
import { ROLES } from '../vocabulary.js';
import { checkFields, parseYamlDocument, suggest, type YamlNodeInfo } from './yaml-source.js';
import { FULL_SERVER_FIELDS, type RuleCaseTable } from './rule-tester.js';

const TABLE_FIELDS = ['valid', 'invalid'] as const;
const CASE_FIELDS = ['name', 'servers', 'now', 'kind', 'profile', 'errors'] as const;
const KINDS = ['audit', 'check'] as const;
const ERROR_FIELDS = ['status', 'messageId', 'setting', 'severity', 'servers', 'data'] as const;

type MapNode = YamlNodeInfo & { kind: 'map' };

/** Parses and checks a case table; throws a ConfigError naming the file, line and field of the first problem. */
export function parseCaseTable(text: string, file: string): RuleCaseTable {
  const { root } = parseYamlDocument(text, file);
  const fail = (line: number, field: string, detail: string): never => {
    throw new ConfigError(file, line, `case table: field \`${field}\`: ${detail}`);
  };
  if (root.kind !== 'map') fail(root.line, '(top)', 'must be an object with `valid` and `invalid` lists of cases');
  const top = root as MapNode;
  checkFields(top, TABLE_FIELDS, file, 'case table');
  for (const list of TABLE_FIELDS) {
    const node = top.entries.get(list);
    if (node === undefined) fail(top.line, list, `missing; add a list of ${list === 'valid' ? 'in-parity' : 'drifted'} cases (it may be empty only if the tester should report it)`);
    if (node!.kind !== 'seq') fail(node!.line, list, 'must be a list of cases');
    (node as YamlNodeInfo & { kind: 'seq' }).items.forEach((c, i) => checkCase(c, `${list}[${i}]`, fail, file));
  }
  return top.plain as RuleCaseTable;
}

/** A server written in full (`settings` an object): its fields, and `ambiguous` a list of setting names. */
function checkFullServer(server: MapNode, at: string, fail: (line: number, field: string, detail: string) => never, file: string): void {
  if (server.entries.get('settings')?.kind !== 'map') return;
  checkFields(server, FULL_SERVER_FIELDS, file, `case table: ${at}`);
  const ambiguous = server.entries.get('ambiguous');
  if (ambiguous === undefined) return;
  const names = ambiguous.kind === 'seq' ? ambiguous.items : [];
  const bad = names.find((n) => !(n.kind === 'scalar' && typeof n.value === 'string' && n.value !== ''));
  if (ambiguous.kind !== 'seq' || bad !== undefined) fail(bad?.line ?? ambiguous.line, `${at}.ambiguous`, 'must be a list of setting names, those the evidence gives another value too (e.g. ["db.port"])');
}

function checkCase(node: YamlNodeInfo, at: string, fail: (line: number, field: string, detail: string) => never, file: string): void {
  if (node.kind !== 'map') fail(node.line, at, 'must be an object with `name` and `servers`');
  const c = node as MapNode;
  checkFields(c, CASE_FIELDS, file, `case table: ${at}`);
  const name = c.entries.get('name');
  if (name === undefined || name.kind !== 'scalar' || typeof name.value !== 'string' || name.value.trim() === '') fail(name?.line ?? c.line, `${at}.name`, 'missing or empty; give the case a name');
  const servers = c.entries.get('servers');
  if (servers === undefined || servers.kind !== 'map') fail(servers?.line ?? c.line, `${at}.servers`, 'missing; give an object of roles (e.g. "main", "standby-a") to settings');
  const roles = servers as MapNode;
  for (const [role, server] of roles.entries) {
    if (!(ROLES as readonly string[]).includes(role)) {
      const hint = suggest(role, ROLES);
      fail(roles.keyLines.get(role) ?? roles.line, `${at}.servers`, `unknown role "${role}"; ${hint !== undefined ? `did you mean \`${hint}\`? ` : ''}use one of ${ROLES.join(', ')}`);
    }
    if (server.kind !== 'map') fail(server.line, `${at}.servers.${role}`, 'must be an object: the server\'s settings, or { settings, names, label, collectedAt, ambiguous }');
    checkFullServer(server as MapNode, `${at}.servers.${role}`, fail, file);
  }
  const profile = c.entries.get('profile');
  if (profile !== undefined && !(profile.kind === 'scalar' && typeof profile.value === 'boolean')) fail(profile.line, `${at}.profile`, 'must be true or false: whether the case is judged against the profile, as an audit is');
  const kind = c.entries.get('kind');
  if (kind !== undefined && !(kind.kind === 'scalar' && (KINDS as readonly unknown[]).includes(kind.value))) fail(kind.line, `${at}.kind`, `must be one of ${KINDS.join(', ')}`);
  const now = c.entries.get('now');
  if (now !== undefined && !(now.kind === 'scalar' && typeof now.value === 'string' && !Number.isNaN(Date.parse(now.value)))) fail(now.line, `${at}.now`, 'must be an ISO time, e.g. "2026-01-01T00:15:00Z"');
  const errors = c.entries.get('errors');
  if (errors !== undefined && errors.kind !== 'seq') fail(errors.line, `${at}.errors`, 'must be a list of expected findings');
  // An expected finding's field the tester does not compare would make the case hold without checking it.
  (errors?.kind === 'seq' ? errors.items : []).forEach((e, i) => {
    if (e.kind !== 'map') fail(e.line, `${at}.errors[${i}]`, 'must be an object with `status` and `messageId` (and `setting`, `severity`, `servers`, `data` to check)');
    checkFields(e as MapNode, ERROR_FIELDS, file, `case table: ${at}.errors[${i}]`);
    for (const field of ['status', 'messageId'] as const) {
      const v = (e as MapNode).entries.get(field);
      if (v === undefined || v.kind !== 'scalar' || typeof v.value !== 'string' || v.value === '') fail(v?.line ?? e.line, `${at}.errors[${i}].${field}`, 'missing; every expected finding names its status and messageId');
    }
  });
}
