// Reads a saved JSON audit result back (for `pairaudit report`), checking that it is one before anything renders it.
import { InputError } from '../errors.js';
import type { AuditResult } from '../types.js';
import type { FleetResult, PairOutcome } from '../fleet/types.js';
import type { ChangeRecordView } from './changes/view.js';
import { isRole, ROLES, SEVERITIES, STATUSES, VERDICTS } from '../vocabulary.js';
import { parseJsonText } from '../json-text.js';
import { waiverStateLabels } from './view.js';

const severities: readonly string[] = SEVERITIES;
const statuses: readonly string[] = STATUSES;
const verdicts: readonly string[] = VERDICTS;
const OUTCOMES: readonly PairOutcome[] = ['in-parity', 'drift', 'incomplete', 'error'];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether `v` is an object whose `required` fields are strings and whose `optional` ones are strings where present. */
function hasStrings(v: unknown, required: readonly string[], optional: readonly string[] = []): v is Json {
  return isObject(v) && required.every((k) => typeof v[k] === 'string') && optional.every((k) => v[k] === undefined || typeof v[k] === 'string');
}

/** Whether `v` is a list of which every element passes `ok`. */
const listOf = (v: unknown, ok: (e: unknown) => boolean): boolean => Array.isArray(v) && v.every(ok);

/** A finding's or a fleet pair's counts: per severity an object of numbers by status. */
const isCounts = (v: unknown): boolean =>
  isObject(v) && severities.every((s) => isObject(v[s]) && statuses.every((st) => (v[s] as Json)[st] === undefined || typeof (v[s] as Json)[st] === 'number'));

/** The waiver a finding was judged under: applied, or lapsed (with the values that changed, or the roles it gives none for). */
const isFindingWaiver = (v: unknown): boolean =>
  hasStrings(v, ['reason', 'approvedBy', 'expires']) &&
  typeof v.state === 'string' &&
  Object.hasOwn(waiverStateLabels, v.state) &&
  (v.changed === undefined || listOf(v.changed, (c) => hasStrings(c, ['role']))) &&
  (v.unpinned === undefined || listOf(v.unpinned, (r) => typeof r === 'string'));

/** A server holding a role at a changeover, as a change record names it. */
const isHolder = (v: unknown): boolean => hasStrings(v, ['name'], ['server', 'host', 'role', 'roleLabel']);

/** Where a value was read: null (not on that server), or its file with the key, value name and line where known. */
const isProvenance = (v: unknown): boolean => v === null || (hasStrings(v, ['file'], ['key', 'valueName']) && (v.line === undefined || typeof v.line === 'number'));

/** The JSON of a saved result, or an InputError naming the file. */
function parseJson(text: string, file: string): unknown {
  return parseJsonText(text, (line, detail) => new InputError(file, line, `not valid JSON (${detail}); save a result with \`pairaudit audit … --format json -o result.json\``));
}

/** The checks every saved pairaudit document passes: an object written by pairaudit, in a schema this version reads. */
function checkDocument(data: unknown, file: string, notResult: (why: string) => InputError): asserts data is Json {
  if (!isObject(data)) throw notResult('expected a JSON object');
  if (isObject(data.settings) && isObject(data.server)) throw new InputError(file, undefined, 'this is a server snapshot, not an audit result; audit the pair first with `pairaudit audit`, then report on its JSON result');
  if (!isObject(data.tool) || data.tool.name !== 'pairaudit') throw notResult('"tool.name" is not "pairaudit"');
  if (typeof data.tool.version !== 'string') throw notResult('"tool.version" is not a string');
  if (typeof data.schemaVersion !== 'number') throw notResult('"schemaVersion" is missing');
  if (data.schemaVersion > 1) throw new InputError(file, undefined, `written by a newer pairaudit (result schema ${data.schemaVersion}, this version reads 1); upgrade pairaudit to report on it`);
  if (data.schemaVersion !== 1) throw notResult(`unknown "schemaVersion" ${JSON.stringify(data.schemaVersion)}`);
}

const auditNotResult = (file: string) => (why: string): InputError =>
  new InputError(file, undefined, `not a pairaudit audit result: ${why}; save one with \`pairaudit audit … --format json -o result.json\``);

/**
 * Parses and validates the text of a pairaudit JSON result. Throws InputError naming `file` and the
 * first field that is wrong, with what to do next.
 */
export function parseAuditResult(text: string, file: string): AuditResult {
  const data = parseJson(text, file);
  checkDocument(data, file, auditNotResult(file));
  return checkAuditResult(data, auditNotResult(file), '');
}

/** Checks an audit result's fields (`at` prefixes field names, e.g. `pairs[3].audit.`) and fills neutral defaults. */
function checkAuditResult(data: Json, notResult: (why: string) => InputError, at: string): AuditResult {
  const need = (cond: boolean, field: string, expected: string): void => {
    if (!cond) throw notResult(`"${at}${field}" must be ${expected}`);
  };
  need(data.kind === 'audit' || data.kind === 'check', 'kind', '"audit" or "check"');
  need(hasStrings(data.tool, ['name', 'version']), 'tool', 'an object with name and version');
  need(verdicts.includes(data.verdict as string), 'verdict', verdicts.join(' | '));
  need(severities.includes(data.failOn as string), 'failOn', severities.join(' | '));
  need(typeof data.generatedAt === 'string', 'generatedAt', 'an ISO 8601 time');
  // The counts and the rule count are written into the reports as they are (a Markdown table, the text's count table):
  // a text there (`<img src=…>`, a line break and `# …`) would be raw HTML or a line of its own.
  need(isObject(data.rulePack) && typeof data.rulePack.hash === 'string' && Array.isArray(data.rulePack.packs) && data.rulePack.packs.every((p) => typeof p === 'string'), 'rulePack', 'an object with packs (names) and hash');
  need(typeof (data.rulePack as Json).ruleCount === 'number', 'rulePack.ruleCount', 'a number');
  need(isCounts(data.counts), 'counts', 'an object of counts (numbers) by severity and status');
  need(isObject(data.totals) && statuses.every((st) => (data.totals as Json)[st] === undefined || typeof (data.totals as Json)[st] === 'number'), 'totals', 'an object of counts (numbers) by status');
  need(Array.isArray(data.servers), 'servers', 'a list');
  (data.servers as unknown[]).forEach((s, i) => {
    need(hasStrings(s, ['role', 'label', 'fingerprint'], ['hostname', 'collectedAt', 'recordedRole']), `servers[${i}]`, 'an object with role, label and fingerprint (and hostname, collectedAt and recordedRole strings where present)');
    need(isRole((s as Json).role as string), `servers[${i}].role`, ROLES.join(' | '));
    if (!Array.isArray((s as Json).sources)) (s as Json).sources = [];
    need(listOf((s as Json).sources, (f) => hasStrings(f, ['file', 'sha256'], ['kind'])), `servers[${i}].sources`, 'a list of {kind, file, sha256, bytes}');
    const warnings = (s as Json).warnings;
    if (warnings !== undefined) need(Array.isArray(warnings) && warnings.every((w) => isObject(w) && typeof w.file === 'string' && typeof w.message === 'string'), `servers[${i}].warnings`, 'a list of {file, line?, message}');
  });
  need(Array.isArray(data.findings), 'findings', 'a list');
  (data.findings as unknown[]).forEach((f, i) => {
    need(isObject(f), `findings[${i}]`, 'an object');
    const o = f as Json;
    for (const key of ['ruleId', 'setting', 'message']) need(typeof o[key] === 'string', `findings[${i}].${key}`, 'a string');
    need(severities.includes(o.severity as string), `findings[${i}].severity`, severities.join(' | '));
    need(statuses.includes(o.status as string), `findings[${i}].status`, statuses.join(' | '));
    need(isObject(o.values), `findings[${i}].values`, 'an object');
    // Fields a renderer reads but an older or hand-edited result may lack get neutral defaults.
    o.title ??= o.ruleId;
    o.category ??= 'general';
    o.rationale ??= '';
    o.remediation ??= '';
    o.sources = isObject(o.sources) ? o.sources : {};
    need(Object.values(o.sources as Json).every(isProvenance), `findings[${i}].sources`, 'an object of {file, key?, valueName?, line?} or null by role');
    need(o.waiver === undefined || isFindingWaiver(o.waiver), `findings[${i}].waiver`, 'an object with reason, approvedBy, expires, state, and changed and unpinned lists where present');
    for (const key of ['title', 'category', 'rationale', 'remediation']) need(typeof o[key] === 'string', `findings[${i}].${key}`, 'a string');
    o.servers = Array.isArray(o.servers) ? o.servers : Object.keys(o.values as Json);
    need(listOf(o.servers, (r) => typeof r === 'string' && isRole(r)), `findings[${i}].servers`, `a list of roles (${ROLES.join(', ')})`);
    // Citations are optional: a malformed list or table is left out, never an error (nor a link).
    if (!Array.isArray(o.references) || !o.references.every((t) => typeof t === 'string')) delete o.references;
  });
  if (!isObject(data.sources)) delete data.sources;
  const isWaiver = (w: unknown): boolean => hasStrings(w, ['ruleId', 'setting', 'reason', 'approvedBy', 'expires']) && typeof w.state === 'string' && Object.hasOwn(waiverStateLabels, w.state);
  if (data.unscopedWaivers !== undefined) need(listOf(data.unscopedWaivers, (w) => typeof w === 'string'), 'unscopedWaivers', 'a list of texts');
  if (data.waivers !== undefined) need(listOf(data.waivers, isWaiver), 'waivers', `a list of {ruleId, setting, state (${Object.keys(waiverStateLabels).join(' | ')}), reason, approvedBy, expires}`);
  return data as unknown as AuditResult;
}

/** A saved JSON document `pairaudit report` can re-render. */
export type SavedResult = { kind: 'audit'; result: AuditResult } | { kind: 'fleet'; result: FleetResult } | { kind: 'changes'; view: ChangeRecordView };

/**
 * Reads any saved pairaudit JSON result: an audit or check, a fleet, or a change record. Throws
 * InputError naming the file and the first field that is wrong.
 */
export function parseSavedResult(text: string, file: string): SavedResult {
  const data = parseJson(text, file);
  const notResult = (why: string): InputError =>
    new InputError(file, undefined, `not a saved pairaudit result: ${why}; save one with \`--format json\` from \`audit\`, \`check\`, \`fleet\` or \`changes\``);
  checkDocument(data, file, notResult);
  if (data.kind === 'fleet') return { kind: 'fleet', result: checkFleetResult(data, notResult) };
  if (data.kind === undefined && isObject(data.journal) && Array.isArray(data.changes)) return { kind: 'changes', view: checkChangeRecord(data, notResult) };
  if (data.kind === 'audit' || data.kind === 'check') return { kind: 'audit', result: checkAuditResult(data, auditNotResult(file), '') };
  throw notResult(`"kind" ${JSON.stringify(data.kind)} is none of audit, check, fleet (a change record has "journal" and "changes")`);
}

function checkFleetResult(data: Json, notResult: (why: string) => InputError): FleetResult {
  const need = (cond: boolean, field: string, expected: string): void => {
    if (!cond) throw notResult(`"${field}" must be ${expected}`);
  };
  need(typeof data.generatedAt === 'string', 'generatedAt', 'an ISO 8601 time');
  need(typeof data.inventory === 'string', 'inventory', 'a string');
  need(typeof data.exitCode === 'number', 'exitCode', 'a number');
  need(isObject(data.outcomes) && OUTCOMES.every((o) => typeof (data.outcomes as Json)[o] === 'number'), 'outcomes', `an object with ${OUTCOMES.join(', ')}`);
  need(isObject(data.counts), 'counts', 'an object');
  need(Array.isArray(data.pairs), 'pairs', 'a list');
  (data.pairs as unknown[]).forEach((p, i) => {
    need(isObject(p) && typeof p.id === 'string' && typeof p.site === 'string' && typeof p.name === 'string', `pairs[${i}]`, 'an object with id, site and name');
    const o = p as Json;
    need((OUTCOMES as readonly string[]).includes(o.outcome as string), `pairs[${i}].outcome`, OUTCOMES.join(' | '));
    need(isCounts(o.counts), `pairs[${i}].counts`, 'an object of counts by severity and status');
    need(listOf(o.servers, (s) => hasStrings(s, ['role', 'path'])), `pairs[${i}].servers`, 'a list of {role, path}');
    need(o.top === undefined || hasStrings(o.top, ['ruleId', 'severity', 'status', 'setting', 'message']), `pairs[${i}].top`, 'an object with ruleId, severity, status, setting and message');
    if (o.audit !== undefined) {
      need(isObject(o.audit), `pairs[${i}].audit`, 'an audit result');
      checkAuditResult(o.audit as Json, notResult, `pairs[${i}].audit.`);
    }
  });
  return data as unknown as FleetResult;
}

function checkChangeRecord(data: Json, notResult: (why: string) => InputError): ChangeRecordView {
  const need = (cond: boolean, field: string, expected: string): void => {
    if (!cond) throw notResult(`"${field}" must be ${expected}`);
  };
  for (const key of ['title', 'site', 'pair', 'server', 'generatedAt']) need(typeof data[key] === 'string', key, 'a string');
  need(isObject(data.period) && typeof data.period.label === 'string', 'period', 'an object with since, until and label');
  need(isObject(data.counts) && ['changes', 'documented', 'undocumented', 'servers'].every((k) => typeof (data.counts as Json)[k] === 'number') && ['number', 'undefined'].includes(typeof (data.counts as Json).changeovers), 'counts', 'an object with changes, documented, undocumented, servers (and changeovers) as numbers');
  // The head and the signers' keys are written as they are (inside code in the Markdown): a backtick in them would
  // end the code, and raw HTML or a line of its own follow. They are what the journal holds: numbers, hex, key ids.
  const head = isObject(data.journal) ? data.journal.head : undefined;
  need(isObject(data.journal) && typeof data.journal.entries === 'number' && isObject(head) && typeof head.seq === 'number' && typeof head.hash === 'string' && /^[0-9a-f]{64}$/.test(head.hash), 'journal', 'an object with head (seq, and hash as 64 hex digits) and entries');
  need(listOf(data.servers, (s) => hasStrings(s, ['server'], ['role', 'roleLabel', 'pair'])), 'servers', 'a list of {server, role?, roleLabel?, pair?}');
  need(listOf(data.signOff, (s) => hasStrings(s, ['role'])), 'signOff', 'a list of {role}');
  const checkChanges = (list: unknown[], at: string): void =>
    list.forEach((c, i) => {
      need(isObject(c), `${at}[${i}]`, 'an object');
      const o = c as Json;
      // A record saved before tickets were listed has none.
      o.ticket ??= '';
      o.kindLabel ??= o.kind;
      for (const key of ['id', 'server', 'setting', 'kind', 'kindLabel', 'before', 'after', 'firstSeen', 'who', 'why', 'ticket']) need(typeof o[key] === 'string', `${at}[${i}].${key}`, 'a string');
      need(typeof o.documented === 'boolean', `${at}[${i}].documented`, 'true or false');
      need(listOf(o.notes, (n) => hasStrings(n, ['author', 'text'], ['ticket', 'at'])), `${at}[${i}].notes`, 'a list of {author, text, ticket?}');
    });
  checkChanges(data.changes as unknown[], 'changes');
  // A record saved before changeovers and signatures were listed has neither: render it as it was.
  if (data.changeovers !== undefined) need(Array.isArray(data.changeovers), 'changeovers', 'a list');
  (data.changeovers as unknown[] | undefined)?.forEach((c, i) => {
    const o = c as Json;
    need(isObject(c) && typeof o.seq === 'number' && typeof o.pair === 'string' && isObject(o.mainBefore) && isObject(o.mainAfter) && isObject(o.preCheck) && isObject(o.postCheck), `changeovers[${i}]`, 'an object with seq, pair, mainBefore, mainAfter, preCheck and postCheck');
    const at = `changeovers[${i}]`;
    need(hasStrings(o.between, ['before', 'after']), `${at}.between`, 'an object with before and after');
    for (const key of ['mainBefore', 'mainAfter']) need(isHolder(o[key]), `${at}.${key}`, 'an object with name, server, host, role and roleLabel');
    for (const key of ['preCheck', 'postCheck']) need(hasStrings(o[key], ['label', 'generatedAt'], ['kind', 'verdict']) && typeof (o[key] as Json).seq === 'number', `${at}.${key}`, 'an object with seq, label and generatedAt');
    for (const key of ['rolesBefore', 'rolesAfter']) need(listOf(o[key], isHolder), `${at}.${key}`, 'a list of {name, server, host, role, roleLabel}');
    need(listOf(o.servers, (s) => hasStrings(s, ['name', 'before', 'after'])), `${at}.servers`, 'a list of {name, before, after}');
    need(hasStrings(o, [], ['note', 'ticket', 'who']), at, 'an object whose note, ticket and who are strings where present');
    // Every format names who recorded it (the Markdown stopped on a record without).
    o.who ??= '';
    need(Array.isArray(o.changes), `${at}.changes`, 'a list');
    checkChanges(o.changes as unknown[], `${at}.changes`);
  });
  const isSigner = (s: unknown): boolean => hasStrings(s, ['key']) && /^ed25519:[0-9a-f]{32}$/.test(s.key as string) && ['first', 'last', 'entries'].every((k) => typeof s[k] === 'number');
  if (data.signers !== undefined) need(listOf(data.signers, isSigner), 'signers', 'a list of {key (ed25519: and 32 hex digits), first, last, entries}');
  need(data.focus === undefined || data.focus === 'changes' || data.focus === 'changeovers', 'focus', '"changes" or "changeovers"');
  const { schemaVersion: _version, ...view } = data;
  return { focus: 'changes', changeovers: [], signers: [], ...view, counts: { changeovers: 0, ...(view.counts as Json) } } as unknown as ChangeRecordView;
}
