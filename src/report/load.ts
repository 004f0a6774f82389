// Reads a saved JSON audit result back (for `pairaudit report`), checking that it is one before anything renders it.
import { InputError } from '../errors.js';
import type { AuditResult } from '../types.js';
import type { FleetResult, PairOutcome } from '../fleet/types.js';
import type { ChangeRecordView } from './changes/view.js';
import { SEVERITIES, STATUSES, VERDICTS } from '../vocabulary.js';
import { jsonErrorDetail } from '../json-text.js';

const severities: readonly string[] = SEVERITIES;
const statuses: readonly string[] = STATUSES;
const verdicts: readonly string[] = VERDICTS;
const OUTCOMES: readonly PairOutcome[] = ['in-parity', 'drift', 'incomplete', 'error'];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The JSON of a saved result, or an InputError naming the file. */
function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new InputError(file, undefined, `not valid JSON (${jsonErrorDetail(e)}); save a result with \`pairaudit audit … --format json -o result.json\``);
  }
}

/** The checks every saved pairaudit document passes: an object written by pairaudit, in a schema this version reads. */
function checkDocument(data: unknown, file: string, notResult: (why: string) => InputError): asserts data is Json {
  if (!isObject(data)) throw notResult('expected a JSON object');
  if (isObject(data.settings) && isObject(data.server)) throw new InputError(file, undefined, 'this is a server snapshot, not an audit result; audit the pair first with `pairaudit audit`, then report on its JSON result');
  if (!isObject(data.tool) || data.tool.name !== 'pairaudit') throw notResult('"tool.name" is not "pairaudit"');
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
  need(verdicts.includes(data.verdict as string), 'verdict', verdicts.join(' | '));
  need(severities.includes(data.failOn as string), 'failOn', severities.join(' | '));
  need(typeof data.generatedAt === 'string', 'generatedAt', 'an ISO 8601 time');
  need(isObject(data.rulePack) && typeof data.rulePack.hash === 'string' && Array.isArray(data.rulePack.packs), 'rulePack', 'an object with packs and hash');
  need(isObject(data.counts), 'counts', 'an object');
  need(isObject(data.totals), 'totals', 'an object');
  need(Array.isArray(data.servers), 'servers', 'a list');
  (data.servers as unknown[]).forEach((s, i) => {
    need(isObject(s) && typeof s.role === 'string' && typeof s.label === 'string' && typeof s.fingerprint === 'string', `servers[${i}]`, 'an object with role, label and fingerprint');
    if (!Array.isArray((s as Json).sources)) (s as Json).sources = [];
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
    o.servers = Array.isArray(o.servers) ? o.servers : Object.keys(o.values as Json);
    // Citations are optional: a malformed list or table is left out, never an error (nor a link).
    if (!Array.isArray(o.references) || !o.references.every((t) => typeof t === 'string')) delete o.references;
  });
  if (!isObject(data.sources)) delete data.sources;
  if (data.waivers !== undefined) need(Array.isArray(data.waivers), 'waivers', 'a list');
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
    need(isObject(o.counts), `pairs[${i}].counts`, 'an object');
    need(Array.isArray(o.servers), `pairs[${i}].servers`, 'a list');
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
  need(isObject(data.counts) && ['changes', 'documented', 'undocumented', 'servers'].every((k) => typeof (data.counts as Json)[k] === 'number'), 'counts', 'an object with changes, documented, undocumented and servers');
  need(isObject(data.journal) && isObject(data.journal.head), 'journal', 'an object with head and entries');
  need(Array.isArray(data.servers), 'servers', 'a list');
  need(Array.isArray(data.signOff), 'signOff', 'a list');
  (data.changes as unknown[]).forEach((c, i) => {
    need(isObject(c), `changes[${i}]`, 'an object');
    const o = c as Json;
    for (const key of ['id', 'server', 'setting', 'kind', 'before', 'after', 'firstSeen', 'who', 'why']) need(typeof o[key] === 'string', `changes[${i}].${key}`, 'a string');
    need(typeof o.documented === 'boolean', `changes[${i}].documented`, 'true or false');
    need(Array.isArray(o.notes), `changes[${i}].notes`, 'a list');
  });
  // A record saved before changeovers and signatures were listed has neither: render it as it was.
  if (data.changeovers !== undefined) need(Array.isArray(data.changeovers), 'changeovers', 'a list');
  (data.changeovers as unknown[] | undefined)?.forEach((c, i) => {
    const o = c as Json;
    need(isObject(c) && typeof o.seq === 'number' && typeof o.pair === 'string' && isObject(o.mainBefore) && isObject(o.mainAfter) && isObject(o.preCheck) && isObject(o.postCheck), `changeovers[${i}]`, 'an object with seq, pair, mainBefore, mainAfter, preCheck and postCheck');
    for (const key of ['rolesBefore', 'rolesAfter', 'servers', 'changes']) need(Array.isArray(o[key]), `changeovers[${i}].${key}`, 'a list');
  });
  if (data.signers !== undefined) need(Array.isArray(data.signers), 'signers', 'a list');
  need(data.focus === undefined || data.focus === 'changes' || data.focus === 'changeovers', 'focus', '"changes" or "changeovers"');
  const { schemaVersion: _version, ...view } = data;
  return { focus: 'changes', changeovers: [], signers: [], ...view, counts: { changeovers: 0, ...(view.counts as Json) } } as unknown as ChangeRecordView;
}
