// Reads a snapshot back from JSON: every field is checked, and an error names the field and the fix.
import { isoFieldsReal, ZONED_ISO_TIME } from '../calendar.js';
import { InputError } from '../errors.js';
import type { Provenance, Role, Setting, SettingValue, Snapshot, SourceFile } from '../types.js';
import { ROLES } from '../vocabulary.js';
import type { Origin } from './keyed.js';
import { setOwn } from './table.js';
import { parseJsonText } from '../json-text.js';

const SOURCE_KINDS: readonly SourceFile['kind'][] = ['registry', 'reg-query', 'volumes', 'hostname', 'ipconfig', 'snapshot', 'other'];
const REG_TYPE = /^REG_(NONE|SZ|EXPAND_SZ|BINARY|DWORD|DWORD_BIG_ENDIAN|LINK|MULTI_SZ|RESOURCE_LIST|FULL_RESOURCE_DESCRIPTOR|RESOURCE_REQUIREMENTS_LIST|QWORD|TYPE_\d+)$/;

type Json = Record<string, unknown>;


class Checker {
  /** The snapshot format version being read (secrets have key ids from version 2 on). */
  version: 1 | 2 | 3 | 4 = 1;
  /** Format 3's origins table that provenance refers to by index; undefined where each provenance is whole. */
  origins: Origin[] | undefined;
  constructor(private readonly file: string) {}

  fail(field: string, detail: string): never {
    throw new InputError(this.file, undefined, `snapshot field "${field}": ${detail}; is this a file written by \`pairaudit collect\`?`);
  }

  object(v: unknown, field: string): Json {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(field, `expected an object, found ${describe(v)}`);
    return v as Json;
  }

  string(v: unknown, field: string): string {
    if (typeof v !== 'string') this.fail(field, `expected a string, found ${describe(v)}`);
    return v;
  }

  optionalString(v: unknown, field: string): string | undefined {
    return v === undefined ? undefined : this.string(v, field);
  }

  number(v: unknown, field: string): number {
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(field, `expected a number, found ${describe(v)}`);
    return v;
  }

  strings(v: unknown, field: string): string[] {
    if (!Array.isArray(v)) this.fail(field, `expected a list of strings, found ${describe(v)}`);
    v.forEach((x, i) => this.string(x, `${field}[${i}]`));
    return v as string[];
  }

  time(v: unknown, field: string): string {
    const s = this.string(v, field);
    if (!/^\d{4}-\d\d-\d\dT/.test(s) || Number.isNaN(new Date(s).getTime()) || !isoFieldsReal(s)) this.fail(field, `expected an ISO 8601 time such as 2026-11-25T12:00:00.000Z, found ${JSON.stringify(s)}`);
    // Without a zone, JavaScript reads the time in this machine's zone: the same file would mean another moment elsewhere.
    if (!ZONED_ISO_TIME.test(s.trim())) this.fail(field, `${JSON.stringify(s)} has no time zone (Z or ±hh:mm), so its moment depends on the zone of the machine that reads it; add the zone of the server that collected it, e.g. ${JSON.stringify(`${s.trim()}Z`)} for UTC`);
    return s;
  }
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing (the field is missing)';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;
}

function checkValue(c: Checker, v: unknown, field: string): SettingValue {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return c.number(v, field);
  if (Array.isArray(v)) return c.strings(v, field);
  const o = c.object(v, field);
  if (o.secret !== true) c.fail(field, 'expected a string, number, boolean, list of strings, null or a secret {secret: true, set, hmac, keyId}');
  // A secret carries nothing but these fields, so no clear text can ride along with it.
  const fields = c.version === 1 ? ['secret', 'set', 'hmac'] : ['secret', 'set', 'hmac', 'keyId', 'presence'];
  for (const k of Object.keys(o)) if (!fields.includes(k)) c.fail(`${field}.${k}`, `a secret may only have the fields ${fields.join(', ')}`);
  if (typeof o.set !== 'boolean') c.fail(`${field}.set`, `expected true or false, found ${describe(o.set)}`);
  if (o.hmac !== undefined && (typeof o.hmac !== 'string' || !/^[0-9a-f]{64}$/.test(o.hmac))) c.fail(`${field}.hmac`, 'expected 64 lowercase hex digits (HMAC-SHA256)');
  if (o.presence !== undefined && o.presence !== true) c.fail(`${field}.presence`, 'expected true, or leave it out');
  if (o.presence === true && (o.hmac !== undefined || o.keyId !== undefined)) c.fail(field, 'a secret compared by presence only carries no hmac or keyId');
  if (o.set === true && o.hmac === undefined && o.presence !== true) c.fail(`${field}.hmac`, 'a secret that is set must carry its hmac');
  if (c.version >= 2 && o.hmac !== undefined && (typeof o.keyId !== 'string' || !/^[0-9a-f]{16}$/.test(o.keyId))) c.fail(`${field}.keyId`, 'a hashed secret names its key: expected 16 lowercase hex digits');
  if (o.hmac === undefined && o.keyId !== undefined) c.fail(`${field}.keyId`, 'only a hashed secret names a key');
  // Fields in sorted order, as canonical JSON writes them.
  if (o.presence === true) return { presence: true, secret: true, set: o.set };
  if (o.hmac === undefined) return { secret: true, set: o.set };
  return o.keyId === undefined ? { hmac: o.hmac as string, secret: true, set: o.set } : { hmac: o.hmac as string, keyId: o.keyId as string, secret: true, set: o.set };
}

/** Format 3's table of source files and registry keys (each once). */
function checkOrigins(c: Checker, v: unknown): Origin[] {
  if (!Array.isArray(v)) c.fail('origins', `expected a list of {file, key}, found ${describe(v)}`);
  return v.map((x, i) => {
    const o = c.object(x, `origins[${i}]`);
    for (const k of Object.keys(o)) if (k !== 'file' && k !== 'key') c.fail(`origins[${i}].${k}`, 'an origin has only the fields file and key');
    const file = c.string(o.file, `origins[${i}].file`);
    const key = c.optionalString(o.key, `origins[${i}].key`);
    return key === undefined ? { file } : { file, key };
  });
}

/**
 * Format 3: the origin a provenance refers to (`origin`, an index into `origins`). Formats 1 and 2, and a format
 * 3 snapshot written without its table (JSON.stringify of the in-memory Snapshot): its own file and key.
 */
function provenanceOrigin(c: Checker, o: Json, field: string): Origin {
  if (c.version !== 3 || c.origins === undefined) return { file: c.string(o.file, `${field}.file`), key: c.optionalString(o.key, `${field}.key`) };
  for (const k of ['file', 'key']) if (k in o) c.fail(`${field}.${k}`, 'format 3 names the file and key in "origins"; refer to it with "origin"');
  const n = o.origin;
  const origins = c.origins;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n >= origins.length) c.fail(`${field}.origin`, `expected the index of an entry of "origins" (0 to ${origins.length - 1}), found ${describe(n)}`);
  return origins[n];
}

function checkProvenance(c: Checker, v: unknown, field: string): Provenance {
  const o = c.object(v, field);
  return provenanceOf(c, provenanceOrigin(c, o, field), o.line, `${field}.line`, o.valueName, `${field}.valueName`);
}

/** A provenance from its origin, line and value name (each checked, errors naming `lineField` / `valueNameField`). */
function provenanceOf(c: Checker, { file, key }: Origin, lineValue: unknown, lineField: string, valueNameValue: unknown, valueNameField: string): Provenance {
  const valueName = c.optionalString(valueNameValue, valueNameField);
  let line: number | undefined;
  if (lineValue !== undefined) {
    line = c.number(lineValue, lineField);
    if (!Number.isInteger(line) || line < 1) c.fail(lineField, `expected a line number ≥ 1, found ${line}`);
  }
  // Fields in sorted order, as canonical JSON writes them (it then need not copy the snapshot).
  const p: Provenance = { file };
  if (key !== undefined) p.key = key;
  if (line !== undefined) p.line = line;
  if (valueName !== undefined) p.valueName = valueName;
  return p;
}

function checkSetting(c: Checker, v: unknown, field: string): Setting {
  const o = c.object(v, field);
  if (!('value' in o)) c.fail(`${field}.value`, 'missing');
  const value = checkValue(c, o.value, `${field}.value`);
  return settingOf(c, o.assumed, `${field}.assumed`, o.regType, `${field}.regType`, value, checkProvenance(c, o.source, `${field}.source`));
}

/** A setting from its checked value and provenance, with its `assumed` flag and registry type checked. */
function settingOf(c: Checker, assumed: unknown, assumedField: string, regTypeValue: unknown, regTypeField: string, value: SettingValue, source: Provenance): Setting {
  let regType: Setting['regType'];
  if (regTypeValue !== undefined) {
    const t = c.string(regTypeValue, regTypeField);
    if (!REG_TYPE.test(t)) c.fail(regTypeField, `expected a registry type such as REG_SZ or REG_DWORD, found ${JSON.stringify(t)}`);
    regType = t as Setting['regType'];
  }
  if (assumed !== undefined && typeof assumed !== 'boolean') c.fail(assumedField, `expected true or false, found ${describe(assumed)}`);
  // Fields in sorted order (see provenanceOf).
  return { ...(assumed !== undefined ? { assumed } : {}), ...(regType !== undefined ? { regType } : {}), source, value };
}

/**
 * Format 4's groups: each row a setting named prefix + tail, in strictly ascending name order (code units, as
 * `collect` writes them), citing an origin of the table. `add` records each setting (it rejects a name twice).
 */
function checkGroups(c: Checker, v: unknown, add: (name: string, field: string, setting: () => Setting) => void): void {
  if (!Array.isArray(v)) c.fail('groups', `expected a list of {origin, prefix, rows}, found ${describe(v)}`);
  const origins = c.origins ?? c.fail('origins', 'expected a list of {file, key}, found nothing (the field is missing)');
  let previous: { name: string; field: string } | undefined;
  v.forEach((x, g) => {
    const field = `groups[${g}]`;
    const group = c.object(x, field);
    for (const k of Object.keys(group)) if (!['assumed', 'origin', 'prefix', 'rows'].includes(k)) c.fail(`${field}.${k}`, 'a group has only the fields assumed, origin, prefix and rows');
    if (group.assumed !== undefined && typeof group.assumed !== 'boolean') c.fail(`${field}.assumed`, `expected true or false, found ${describe(group.assumed)}`);
    const n = group.origin;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n >= origins.length) c.fail(`${field}.origin`, `expected the index of an entry of "origins" (0 to ${origins.length - 1}), found ${describe(n)}`);
    const origin = origins[n];
    const prefix = c.string(group.prefix, `${field}.prefix`);
    if (!Array.isArray(group.rows)) c.fail(`${field}.rows`, `expected a list of rows [name, line, regType, value, valueName?], found ${describe(group.rows)}`);
    group.rows.forEach((r, i) => {
      const at = `${field}.rows[${i}]`;
      if (!Array.isArray(r) || (r.length !== 4 && r.length !== 5)) c.fail(at, `expected a row [name, line, regType, value] or [name, line, regType, value, valueName], found ${Array.isArray(r) ? `a list of ${r.length}` : describe(r)}`);
      const name = prefix + c.string(r[0], `${at}[0]`);
      if (previous !== undefined && !(previous.name < name)) c.fail(at, `${JSON.stringify(name)} comes after ${JSON.stringify(previous.name)} (${previous.field}): rows are in ascending name order, each name once`);
      previous = { name, field: at };
      add(name, at, () => {
        const source = provenanceOf(c, origin, r[1] ?? undefined, `${at}[1]`, r.length === 4 ? r[0] : (r[4] ?? undefined), `${at}[${r.length === 5 ? 4 : 0}]`);
        return settingOf(c, group.assumed, `${field}.assumed`, r[2] ?? undefined, `${at}[2]`, checkValue(c, r[3], `${at}[3]`), source);
      });
    });
  });
}

function checkSource(c: Checker, v: unknown, field: string): SourceFile {
  const o = c.object(v, field);
  const kind = c.string(o.kind, `${field}.kind`);
  if (!(SOURCE_KINDS as readonly string[]).includes(kind)) c.fail(`${field}.kind`, `expected one of ${SOURCE_KINDS.join(', ')}, found ${JSON.stringify(kind)}`);
  const sha256 = c.string(o.sha256, `${field}.sha256`);
  if (!/^[0-9a-f]{64}$/.test(sha256)) c.fail(`${field}.sha256`, 'expected 64 lowercase hex digits');
  const file = c.string(o.file, `${field}.file`);
  return { bytes: c.number(o.bytes, `${field}.bytes`), file, kind: kind as SourceFile['kind'], sha256 };
}

/**
 * Checks parsed JSON against the Snapshot shape and returns it as a Snapshot, or throws an InputError
 * naming `file` and the first bad field (e.g. `snapshot field "settings.db.port.value": expected ...`).
 */
export function validateSnapshot(json: unknown, file: string): Snapshot {
  const c = new Checker(file);
  const o = c.object(json, '(top level)');
  if (o.schemaVersion !== 1 && o.schemaVersion !== 2 && o.schemaVersion !== 3 && o.schemaVersion !== 4) {
    if (typeof o.schemaVersion === 'number') c.fail('schemaVersion', `version ${o.schemaVersion} is not supported by this pairaudit (it reads versions 1 to 4); upgrade pairaudit or collect again`);
    c.fail('schemaVersion', `expected 1, 2, 3 or 4, found ${describe(o.schemaVersion)}`);
  }
  c.version = o.schemaVersion as 1 | 2 | 3 | 4;
  // Format 4 as `collect` writes it: settings in groups (a format 4 snapshot written without its tables, by
  // JSON.stringify of the in-memory Snapshot, has a `settings` record with whole provenance, as formats 1 and 2).
  const grouped = c.version === 4 && (o.groups !== undefined || o.origins !== undefined);
  if (o.groups !== undefined && c.version !== 4) c.fail('groups', `only format 4 lists settings in groups (this snapshot says format ${c.version})`);
  if (c.version >= 3 && o.origins !== undefined) c.origins = checkOrigins(c, o.origins);
  else if (o.origins !== undefined) c.fail('origins', `only formats 3 and 4 have an origins table (this snapshot says format ${c.version})`);
  if (grouped && o.settings !== undefined) c.fail('settings', 'format 4 lists its settings in "groups"; a file has either, not both');
  const server = c.object(o.server, 'server');
  const identity: Snapshot['server'] = { label: c.string(server.label, 'server.label'), names: c.strings(server.names, 'server.names') };
  const hostname = c.optionalString(server.hostname, 'server.hostname');
  if (hostname !== undefined) identity.hostname = hostname;
  if (server.role !== undefined) {
    const role = c.string(server.role, 'server.role');
    if (!(ROLES as readonly string[]).includes(role)) c.fail('server.role', `expected one of ${ROLES.join(', ')}, found ${JSON.stringify(role)}`);
    identity.role = role as Role;
  }
  const instance = c.optionalString(server.instance, 'server.instance');
  if (instance !== undefined) identity.instance = instance;

  const collected = c.object(o.collected, 'collected');
  const collector = c.object(collected.collector, 'collected.collector');
  if (!Array.isArray(collected.sources)) c.fail('collected.sources', `expected a list, found ${describe(collected.sources)}`);
  const snapshot: Snapshot = {
    schemaVersion: c.version,
    server: identity,
    collected: {
      ...(collected.at !== undefined ? { at: c.time(collected.at, 'collected.at') } : {}),
      collector: { name: c.string(collector.name, 'collected.collector.name'), version: c.string(collector.version, 'collected.collector.version') },
      profile: c.string(collected.profile, 'collected.profile'),
      sources: (collected.sources as unknown[]).map((s, i) => checkSource(c, s, `collected.sources[${i}]`)),
    },
    settings: {},
  };

  const seen = new Map<string, string>();
  const add = (name: string, field: string, setting: () => Setting): void => {
    const lower = name.toLowerCase();
    const other = seen.get(lower);
    if (other !== undefined) c.fail(field, `the same name as "${other}" (names compare case-insensitively)`);
    seen.set(lower, name);
    setOwn(snapshot.settings, name, setting());
  };
  if (grouped) checkGroups(c, o.groups, add);
  else {
    const settings = c.object(o.settings, 'settings');
    for (const name of Object.keys(settings)) add(name, `settings.${name}`, () => checkSetting(c, settings[name], `settings.${name}`));
  }

  if (o.warnings !== undefined) {
    if (!Array.isArray(o.warnings)) c.fail('warnings', `expected a list, found ${describe(o.warnings)}`);
    snapshot.warnings = (o.warnings as unknown[]).map((w, i) => {
      const wo = c.object(w, `warnings[${i}]`);
      const out: NonNullable<Snapshot['warnings']>[number] = { file: c.string(wo.file, `warnings[${i}].file`), message: c.string(wo.message, `warnings[${i}].message`) };
      if (wo.line !== undefined) out.line = c.number(wo.line, `warnings[${i}].line`);
      if (wo.setting !== undefined) out.setting = c.string(wo.setting, `warnings[${i}].setting`);
      return out;
    });
  }
  return snapshot;
}

/** Parses snapshot JSON text (a leading BOM is allowed) and validates it. */
export function parseSnapshotJson(text: string, file: string): Snapshot {
  const json = parseJsonText(text, (line, detail) => new InputError(file, line, `not valid JSON (${detail}); expected a snapshot written by \`pairaudit collect\``));
  return validateSnapshot(json, file);
}
