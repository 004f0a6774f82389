// Waivers: parsing and validating a waiver file (YAML or JSON), and applying waivers to failed findings.
import type { AuditResult, DisplayValue, Finding, FindingWaiver, Role } from '../types.js';
import { ConfigError } from '../errors.js';
import type { RulePack, Waiver } from './types.js';
import { parseYamlDocument, checkFields, yaml, type YamlNodeInfo } from './yaml-source.js';
import { isRole, ROLE_LIST_TEXT } from '../vocabulary.js';
import { isoFieldsReal, ZONED_ISO_TIME } from '../calendar.js';
import { maskFreeText, type SecretDetector } from '../snapshot/secrets.js';

const WAIVER_FIELDS = ['ruleId', 'setting', 'reason', 'approvedBy', 'expires', 'values', 'servers'];

/**
 * Parses a waiver file: a list of waivers, or `{ waivers: [...] }`. Every error names the file, the line and
 * the fix, and is thrown before any audit work starts. `secrets` masks the reason and approver (default: the
 * bundled patterns).
 */
export function parseWaivers(text: string, file: string, pack?: RulePack, secrets?: SecretDetector): Waiver[] {
  const doc = parseYamlDocument(text, file);
  let list: YamlNodeInfo = doc.root;
  if (list.kind === 'map') {
    checkFields(list, ['waivers'], file, 'waiver file');
    const inner = list.entries.get('waivers');
    if (inner === undefined) throw new ConfigError(file, list.line, 'expected a `waivers:` list; see rules/README.md, "Waivers"');
    list = inner;
  }
  if (list.kind !== 'seq') throw new ConfigError(file, list.line, 'expected a list of waivers (`- ruleId: ...`) or `waivers:` with such a list');
  const ruleIds = new Set(pack?.rules.map((r) => r.id));
  const out: Waiver[] = [];
  for (const item of list.items) {
    if (item.kind !== 'map') throw new ConfigError(file, item.line, 'each waiver must be a map with ruleId, setting, reason, approvedBy, expires and values');
    checkFields(item, WAIVER_FIELDS, file, 'waiver');
    const str = (field: string): string => {
      const node = item.entries.get(field);
      if (node === undefined) throw new ConfigError(file, item.line, `waiver is missing \`${field}\`; add it (every waiver needs ruleId, setting, reason, approvedBy, expires and values)`);
      if (node.kind !== 'scalar' || (typeof node.value !== 'string' && !(node.value instanceof Date)) || String(node.value).trim() === '') {
        throw new ConfigError(file, node.line, `waiver \`${field}\` must be a non-empty text`);
      }
      // A YAML timestamp (`%YAML 1.1`, `!!timestamp`) is read as written: its UTC date alone would keep a waiver
      // that expired at 06:00 active to the end of the day, and a time without a zone is refused as when quoted.
      return node.value instanceof Date ? (node.source ?? node.value.toISOString()).trim() : String(node.value).trim();
    };
    const ruleId = str('ruleId');
    const setting = str('setting');
    // Free text a person wrote: a secret in it (`reason: "… Password=…"`) is hidden as in a registry value, by the
    // bundled patterns and, given a site profile's detector (freeTextDetector), by the site's too.
    const reason = maskFreeText(str('reason'), secrets);
    const approvedBy = maskFreeText(str('approvedBy'), secrets);
    if (pack !== undefined && !ruleIds.has(ruleId)) {
      throw new ConfigError(file, item.entries.get('ruleId')?.line ?? item.line, `waiver names rule \`${ruleId}\`, which no loaded rule pack has; run \`pairaudit rules list\` for the ids`);
    }
    const expires = str('expires');
    if (Number.isNaN(expiryTime(expires))) throw new ConfigError(file, item.entries.get('expires')?.line ?? item.line, `waiver expiry ${JSON.stringify(expires)} is not a date; write it as 2027-01-31 (or a time with its zone, 2027-01-31T18:00:00Z)`);
    const valuesNode = item.entries.get('values');
    if (valuesNode === undefined || valuesNode.kind !== 'map' || valuesNode.entries.size === 0) {
      throw new ConfigError(file, valuesNode?.line ?? item.line, 'waiver needs `values`: the accepted value for each role, e.g. `values: { main: 156, standby-a: 52 }`, so that it lapses when a value changes');
    }
    const values: Waiver['values'] = {};
    for (const [role, node] of valuesNode.entries) {
      if (!isRole(role)) throw new ConfigError(file, node.line, `waiver value for unknown role \`${role}\`; roles are ${ROLE_LIST_TEXT}`);
      values[role] = node.plain as DisplayValue;
    }
    const serversNode = item.entries.get('servers');
    let servers: Waiver['servers'];
    if (serversNode !== undefined) {
      if (serversNode.kind !== 'map' || serversNode.entries.size === 0) throw new ConfigError(file, serversNode.line, 'waiver `servers` names the server of each role it was written for, e.g. `servers: { main: NORTH-A, standby-a: NORTH-B }`');
      servers = {};
      for (const [role, node] of serversNode.entries) {
        if (!isRole(role)) throw new ConfigError(file, node.line, `waiver server for unknown role \`${role}\`; roles are ${ROLE_LIST_TEXT}`);
        if (node.kind !== 'scalar' || (typeof node.value !== 'string' && typeof node.value !== 'number') || String(node.value).trim() === '') throw new ConfigError(file, node.line, `waiver server for \`${role}\` must be the server's label or host name`);
        servers[role] = String(node.value).trim();
      }
    }
    out.push({ ruleId, setting, reason, approvedBy, expires, values, ...(servers !== undefined ? { servers } : {}), file, line: item.line });
  }
  return out;
}

/** The waiver with its reason and approver masked (the same object when there is nothing to hide). */
function maskedWaiver(w: Waiver): Waiver {
  const reason = maskFreeText(w.reason);
  const approvedBy = maskFreeText(w.approvedBy);
  return reason === w.reason && approvedBy === w.approvedBy ? w : { ...w, reason, approvedBy };
}

/**
 * A date-only expiry lasts until the end of that day (UTC); a time with its zone until then. Any other form, or a
 * date the calendar does not have (2026-11-31, which Date.parse would read as 1 December), is NaN.
 */
function expiryTime(expires: string): number {
  if (!isoFieldsReal(expires)) return Number.NaN;
  if (/^\d{4}-\d{2}-\d{2}$/.test(expires)) return Date.parse(`${expires}T23:59:59.999Z`);
  return ZONED_ISO_TIME.test(expires) ? Date.parse(expires) : Number.NaN;
}

/** Canonical text of a value for comparison with a waiver: numbers and strings compare by text, case-sensitively. */
function waiverKey(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  if (Array.isArray(v)) return '[' + v.map(waiverKey).join(',') + ']';
  if (typeof v === 'object') {
    const o = v as { secret?: unknown; set?: unknown };
    return o.secret === true ? `secret:${String(o.set)}` : JSON.stringify(v);
  }
  return String(v);
}

/** Whether the servers a waiver names (by role) are the servers of the audit: each role's label or host name (`names`, lower-cased). */
function forTheseServers(w: Waiver, names: ReadonlyMap<Role, readonly string[]> | undefined): boolean {
  if (w.servers === undefined) return true;
  return Object.entries(w.servers).every(([role, name]) => names?.get(role as Role)?.includes(name.toLowerCase()) === true);
}

/**
 * Applies waivers to failed findings; returns the findings and the waivers that lapsed or matched nothing.
 * `servers`: each role's label and host name, lower-cased; a waiver naming other servers matches nothing here.
 */
export function applyWaivers(findings: Finding[], given: Waiver[], now: Date, servers?: ReadonlyMap<Role, readonly string[]>): { findings: Finding[]; report: NonNullable<AuditResult['waivers']> } {
  // Waivers made by a caller, not parsed from a file, are masked here: their text reaches every report.
  const waivers = given.map(maskedWaiver);
  const used = new Set<Waiver>();
  const lapsed = new Map<Waiver, Exclude<FindingWaiver['state'], 'active'>>();
  const index = new Map<string, Waiver[]>();
  for (const w of waivers) {
    const key = `${w.ruleId}\u0000${w.setting.toLowerCase()}`;
    index.set(key, [...(index.get(key) ?? []), w]);
  }
  for (const f of findings) {
    if (f.status !== 'fail') continue;
    const candidates = (index.get(`${f.ruleId}\u0000${f.setting.toLowerCase()}`) ?? []).filter((w) => Object.keys(w.values).every((r) => f.servers.includes(r as Finding['servers'][number])) && forTheseServers(w, servers));
    if (candidates.length === 0) continue;
    // An active waiver wins over lapsed ones for the same finding.
    let chosen: { w: Waiver; state: FindingWaiver['state'] } | undefined;
    const weighed: { w: Waiver; state: FindingWaiver['state'] }[] = [];
    for (const w of candidates) {
      // A waiver accepts the values it pins: a server of the finding it gives no value for could change unseen.
      const state: FindingWaiver['state'] =
        now.getTime() > expiryTime(w.expires)
          ? 'expired'
          : !Object.entries(w.values).every(([role, v]) => waiverKey(v) === waiverKey(f.values[role as keyof typeof f.values]))
            ? 'values-changed'
            : f.servers.some((r) => !Object.hasOwn(w.values, r))
              ? 'values-missing'
              : 'active';
      weighed.push({ w, state });
      if (chosen === undefined || (state === 'active' && chosen.state !== 'active')) chosen = { w, state };
    }
    const { w, state } = chosen as { w: Waiver; state: FindingWaiver['state'] };
    // The candidates not chosen matched this finding too: used, and listed as lapsed when they are (an expired
    // waiver beside an active one for the same finding is not "unused").
    for (const c of weighed) {
      used.add(c.w);
      if (c.w !== w && c.state !== 'active') lapsed.set(c.w, c.state);
    }
    const changed = Object.entries(w.values)
      .filter(([role, v]) => waiverKey(v) !== waiverKey(f.values[role as Role]))
      .map(([role, v]) => ({ role: role as Role, accepted: v ?? null, found: f.values[role as Role] ?? null }));
    const unpinned = f.servers.filter((r) => !Object.hasOwn(w.values, r));
    f.waiver = {
      reason: w.reason,
      approvedBy: w.approvedBy,
      expires: w.expires,
      state,
      ...(state === 'values-changed' && changed.length > 0 ? { changed } : {}),
      ...(state === 'values-missing' ? { unpinned } : {}),
    };
    if (state === 'active') f.status = 'waived';
    else lapsed.set(w, state);
  }
  const report: NonNullable<AuditResult['waivers']> = [];
  for (const w of waivers) {
    const state = lapsed.get(w) ?? (used.has(w) ? undefined : 'unused');
    if (state === undefined) continue;
    // A waiver used actively by one finding is not reported as lapsed by another.
    if (state !== 'unused' && findings.some((f) => f.status === 'waived' && f.ruleId === w.ruleId && f.setting.toLowerCase() === w.setting.toLowerCase() && f.waiver?.reason === w.reason)) continue;
    report.push({ ruleId: w.ruleId, setting: w.setting, state, reason: w.reason, approvedBy: w.approvedBy, expires: w.expires });
  }
  report.sort((a, b) => (a.ruleId + '\u0000' + a.setting < b.ruleId + '\u0000' + b.setting ? -1 : 1));
  return { findings, report };
}

/** `waivers.yaml:12: waiver of db-port (db.port)`: a waiver as messages name it. */
function waiverName(w: Waiver): string {
  const at = w.file === undefined ? '' : `${w.file}${w.line === undefined ? '' : `:${w.line}`}: `;
  return `${at}waiver of ${w.ruleId} (${w.setting})`;
}

/**
 * The waivers naming no servers that waived a finding of `result`: such a waiver waives the same drift on any pair
 * its file is given to (a fleet's defaults, a site's one file), so every run that rests on one says so. A finding
 * records its waiver by text (reason, approver, expiry), not by identity: one a waiver naming its servers could have
 * waived as well is not counted against the file.
 */
export function unscopedWaiversApplied(result: AuditResult, waivers: readonly Waiver[]): Waiver[] {
  const masked = waivers.map((w) => ({ w, m: maskedWaiver(w) }));
  const found = new Set<Waiver>();
  for (const f of result.findings) {
    if (f.status !== 'waived' || f.waiver === undefined) continue;
    const { reason, approvedBy, expires } = f.waiver;
    const same = masked.filter(({ m }) => m.ruleId === f.ruleId && m.setting.toLowerCase() === f.setting.toLowerCase() && m.reason === reason && m.approvedBy === approvedBy && m.expires === expires);
    if (same.length > 0 && same.every(({ w }) => w.servers === undefined)) found.add(same[0].w);
  }
  return waivers.filter((w) => found.has(w));
}

/** What a run says of a waiver that applied without naming its servers, with the `servers:` entry to add to it. */
export function unscopedWaiverNote(w: Waiver, result: AuditResult): string {
  const roles = Object.keys(w.values) as Role[];
  const servers = roles.map((r) => [r, result.servers.find((s) => s.role === r)?.label] as const).filter((e): e is readonly [Role, string] => e[1] !== undefined);
  const named = servers.map(([, label]) => label).join(' and ');
  const entry = servers.map(([r, label]) => `${r}: ${label}`).join(', ');
  return `${waiverName(w)} names no servers: it waived ${named === '' ? 'this pair' : named}'s drift, and would waive the same drift on any pair given this file; add \`servers: { ${entry} }\` to it`;
}

/**
 * A file whose waivers partly name their servers: written for given pairs, with some (added by hand, often) that
 * apply to any pair. Said when the file is loaded, naming those; undefined when all or none name servers.
 */
export function mixedWaiverScopes(waivers: readonly Waiver[]): string | undefined {
  const open = waivers.filter((w) => w.servers === undefined);
  if (open.length === 0 || open.length === waivers.length) return undefined;
  const file = open[0].file ?? 'the waiver file';
  const lines = open.map((w) => (w.line === undefined ? `${w.ruleId} (${w.setting})` : `line ${w.line}`)).join(', ');
  return `${file}: ${open.length} of its ${waivers.length} waivers name no servers (${lines}), while the others do: those apply to any pair given this file; add \`servers:\` to them`;
}

/**
 * A waiver file that would accept every failed finding of a result as it is today (adopting pairaudit on a
 * pair that already drifts). `reason` and `approvedBy` are left empty on purpose: the file does not load
 * until a person fills them in, so nothing is waived without a named approver.
 */
export function suggestWaivers(result: AuditResult, expiresInDays = 90): string {
  const expires = new Date(Date.parse(result.generatedAt) + expiresInDays * 86_400_000).toISOString().slice(0, 10);
  const waivers = result.findings
    .filter((f) => f.status === 'fail')
    .map((f) => ({ ruleId: f.ruleId, setting: f.setting, reason: '', approvedBy: '', expires, values: Object.fromEntries(f.servers.map((r) => [r, f.values[r] ?? null])), servers: Object.fromEntries(f.servers.map((r) => [r, result.servers.find((s) => s.role === r)?.label ?? ''])) }));
  const header = [
    `# Waivers for the ${waivers.length} failed finding(s) of the audit of ${result.generatedAt}.`,
    '# Fill in `reason` and `approvedBy` for each waiver you accept and delete the others; a waiver lapses on',
    '# `expires` or as soon as either value changes, and applies only to the servers it names (by label or host',
    '# name). Use with: pairaudit audit ... --waivers <this file>',
  ].join('\n');
  return `${header}\n${yaml().stringify({ waivers }, { lineWidth: 0 })}`;
}
