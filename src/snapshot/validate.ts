// Reads a snapshot back from JSON: every field is checked, and an error names the field and the fix.
import { InputError } from '../errors.js';
import type { Provenance, Role, Setting, SettingValue, Snapshot, SourceFile } from '../types.js';
import { ROLES } from '../vocabulary.js';
import type { Origin } from './keyed.js';

const SOURCE_KINDS: readonly SourceFile['kind'][] = ['registry', 'reg-query', 'volumes', 'hostname', 'ipconfig', 'snapshot', 'other'];
const REG_TYPE = /^REG_(NONE|SZ|EXPAND_SZ|BINARY|DWORD|DWORD_BIG_ENDIAN|LINK|MULTI_SZ|RESOURCE_LIST|FULL_RESOURCE_DESCRIPTOR|RESOURCE_REQUIREMENTS_LIST|QWORD|TYPE_\d+)$/;

type Json = Record<string, unknown>;

class Checker {
  /** The snapshot format version being read (secrets have key ids from version 2 on). */
  version: 1 | 2 | 3 = 1;
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
    if (!/^\d{4}-\d\d-\d\dT/.test(s) || Number.isNaN(new Date(s).getTime())) this.fail(field, `expected an ISO 8601 time such as 2026-11-25T12:00:00.000Z, found ${JSON.stringify(s)}`);
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
  const { file, key } = provenanceOrigin(c, o, field);
  const valueName = c.optionalString(o.valueName, `${field}.valueName`);
  let line: number | undefined;
  if (o.line !== undefined) {
    line = c.number(o.line, `${field}.line`);
    if (!Number.isInteger(line) || line < 1) c.fail(`${field}.line`, `expected a line number ≥ 1, found ${line}`);
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
  const source = checkProvenance(c, o.source, `${field}.source`);
  let regType: Setting['regType'];
  if (o.regType !== undefined) {
    const t = c.string(o.regType, `${field}.regType`);
    if (!REG_TYPE.test(t)) c.fail(`${field}.regType`, `expected a registry type such as REG_SZ or REG_DWORD, found ${JSON.stringify(t)}`);
    regType = t as Setting['regType'];
  }
  if (o.assumed !== undefined && typeof o.assumed !== 'boolean') c.fail(`${field}.assumed`, `expected true or false, found ${describe(o.assumed)}`);
  // Fields in sorted order (see checkProvenance).
  return { ...(o.assumed !== undefined ? { assumed: o.assumed } : {}), ...(regType !== undefined ? { regType } : {}), source, value };
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
  if (o.schemaVersion !== 1 && o.schemaVersion !== 2 && o.schemaVersion !== 3) {
    if (typeof o.schemaVersion === 'number') c.fail('schemaVersion', `version ${o.schemaVersion} is not supported by this pairaudit (it reads versions 1 to 3); upgrade pairaudit or collect again`);
    c.fail('schemaVersion', `expected 1, 2 or 3, found ${describe(o.schemaVersion)}`);
  }
  c.version = o.schemaVersion as 1 | 2 | 3;
  if (c.version === 3 && o.origins !== undefined) c.origins = checkOrigins(c, o.origins);
  else if (o.origins !== undefined) c.fail('origins', `only format 3 has an origins table (this snapshot says format ${c.version})`);
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

  const settings = c.object(o.settings, 'settings');
  const seen = new Map<string, string>();
  for (const name of Object.keys(settings)) {
    const lower = name.toLowerCase();
    const other = seen.get(lower);
    if (other !== undefined) c.fail(`settings.${name}`, `the same name as "${other}" (names compare case-insensitively)`);
    seen.set(lower, name);
    snapshot.settings[name] = checkSetting(c, settings[name], `settings.${name}`);
  }

  if (o.warnings !== undefined) {
    if (!Array.isArray(o.warnings)) c.fail('warnings', `expected a list, found ${describe(o.warnings)}`);
    snapshot.warnings = (o.warnings as unknown[]).map((w, i) => {
      const wo = c.object(w, `warnings[${i}]`);
      const out: { file: string; line?: number; message: string } = { file: c.string(wo.file, `warnings[${i}].file`), message: c.string(wo.message, `warnings[${i}].message`) };
      if (wo.line !== undefined) out.line = c.number(wo.line, `warnings[${i}].line`);
      return out;
    });
  }
  return snapshot;
}

/** Parses snapshot JSON text (a leading BOM is allowed) and validates it. */
export function parseSnapshotJson(text: string, file: string): Snapshot {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new InputError(file, undefined, `not valid JSON (${(e as Error).message}); expected a snapshot written by \`pairaudit collect\``);
  }
  return validateSnapshot(json, file);
}
