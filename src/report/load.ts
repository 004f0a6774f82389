// Reads a saved JSON audit result back (for `pairaudit report`), checking that it is one before anything renders it.
import { InputError } from '../errors.js';
import type { AuditResult } from '../types.js';

const severities = ['blocker', 'warning', 'info'];
const statuses = ['fail', 'unknown', 'waived', 'pass'];
const verdicts = ['in-parity', 'drift', 'incomplete'];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Parses and validates the text of a pairaudit JSON result. Throws InputError naming `file` and the
 * first field that is wrong, with what to do next.
 */
export function parseAuditResult(text: string, file: string): AuditResult {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new InputError(file, undefined, `not valid JSON (${(e as Error).message}); save a result with \`pairaudit audit … --format json -o result.json\``);
  }
  const notResult = (why: string): InputError => new InputError(file, undefined, `not a pairaudit audit result: ${why}; save one with \`pairaudit audit … --format json -o result.json\``);
  if (!isObject(data)) throw notResult('expected a JSON object');
  if (isObject(data.settings) && isObject(data.server)) throw new InputError(file, undefined, 'this is a server snapshot, not an audit result; audit the pair first with `pairaudit audit`, then report on its JSON result');
  if (!isObject(data.tool) || data.tool.name !== 'pairaudit') throw notResult('"tool.name" is not "pairaudit"');
  if (typeof data.schemaVersion !== 'number') throw notResult('"schemaVersion" is missing');
  if (data.schemaVersion > 1) throw new InputError(file, undefined, `written by a newer pairaudit (result schema ${data.schemaVersion}, this version reads 1); upgrade pairaudit to report on it`);
  if (data.schemaVersion !== 1) throw notResult(`unknown "schemaVersion" ${JSON.stringify(data.schemaVersion)}`);
  const need = (cond: boolean, field: string, expected: string): void => {
    if (!cond) throw notResult(`"${field}" must be ${expected}`);
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
  });
  if (data.waivers !== undefined) need(Array.isArray(data.waivers), 'waivers', 'a list');
  return data as unknown as AuditResult;
}
