// bundle.json: what the collection script records about a bundle (when, which instance, which role).
import { InputError } from '../errors.js';
import type { Role } from '../types.js';
import { ROLES } from '../vocabulary.js';
import { isCalendarMoment, isoFieldsReal, ZONED_ISO_TIME } from '../calendar.js';
import { parseJsonText } from '../json-text.js';

export interface BundleManifest {
  /** ISO 8601, UTC. */
  collectedAt?: string;
  instance?: string;
  role?: Role;
  computerName?: string;
  collector?: { name: string; version: string };
  /** The console's OEM code page (`chcp`) when the cmd script ran: the encoding of its `>`-redirected files. */
  oemCodePage?: number;
  /**
   * The machine's ANSI code page (the system locale's, registry value `ACP` of `HKLM\SYSTEM\CurrentControlSet\Control\Nls\CodePage`):
   * the encoding of a .reg file without a byte-order mark. Bundles of collectors before 2.1 lack it.
   */
  ansiCodePage?: number;
}

/**
 * A time as ISO 8601 (`Get-Date -Format o`, up to 7 fraction digits) or as a WMI CIM_DATETIME
 * (`wmic os get LocalDateTime`: `20261125183012.123000+060`, offset in minutes). Returns UTC ISO or undefined.
 */
export function parseCollectionTime(text: string): string | undefined {
  const cim = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)\.(\d{3})\d*([+-])(\d{3})$/.exec(text.trim());
  if (cim) {
    const [, y, mo, d, h, mi, s, ms, sign, off] = cim;
    if (!isCalendarMoment(+y, +mo, +d, +h, +mi, +s)) return undefined;
    const utc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, +ms) - (sign === '+' ? 1 : -1) * Number(off) * 60_000;
    return new Date(utc).toISOString();
  }
  if (!ZONED_ISO_TIME.test(text.trim()) || !isoFieldsReal(text)) return undefined;
  // JavaScript reads at most 3 fraction digits reliably; PowerShell writes 7.
  const t = new Date(text.trim().replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(t.getTime()) ? undefined : t.toISOString();
}

export function parseBundleManifest(text: string, file: string): BundleManifest {
  const json = parseJsonText(text, (line, detail) => new InputError(file, line, `not valid JSON (${detail}); expected the bundle.json written by collectors/Collect-PairAudit.ps1`));
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new InputError(file, undefined, 'expected a JSON object (the bundle manifest)');
  const o = json as Record<string, unknown>;
  const fail = (field: string, detail: string): never => {
    throw new InputError(file, undefined, `bundle field "${field}": ${detail}`);
  };
  if (o.pairauditBundle !== undefined && o.pairauditBundle !== 1) fail('pairauditBundle', `version ${JSON.stringify(o.pairauditBundle)} is not supported (expected 1)`);
  const m: BundleManifest = {};
  if (o.collectedAt !== undefined && o.collectedAt !== null && o.collectedAt !== '') {
    const at = typeof o.collectedAt === 'string' ? parseCollectionTime(o.collectedAt) : undefined;
    if (at === undefined) fail('collectedAt', `expected an ISO 8601 time (2026-11-25T18:30:12+01:00) or a WMI time (20261125183012.000000+060), found ${JSON.stringify(o.collectedAt)}`);
    m.collectedAt = at;
  }
  const optional = (field: string): string | undefined => {
    const v = o[field];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string') fail(field, `expected a string, found ${JSON.stringify(v)}`);
    return (v as string).trim();
  };
  const instance = optional('instance');
  if (instance !== undefined) m.instance = instance;
  const role = optional('role');
  if (role !== undefined) {
    if (!(ROLES as readonly string[]).includes(role.toLowerCase())) fail('role', `expected one of ${ROLES.join(', ')}, found ${JSON.stringify(role)}`);
    m.role = role.toLowerCase() as Role;
  }
  const computerName = optional('computerName');
  if (computerName !== undefined) m.computerName = computerName;
  // A number, or the digits as a string (what the cmd script writes); empty when the script could not read it.
  const codePage = (field: 'oemCodePage' | 'ansiCodePage', example: number): number | undefined => {
    const cp = typeof o[field] === 'number' ? String(o[field]) : optional(field);
    if (cp === undefined) return undefined;
    if (!/^\d{3,5}$/.test(cp)) fail(field, `expected a code page number (${example}), found ${JSON.stringify(o[field])}`);
    return Number(cp);
  };
  const oem = codePage('oemCodePage', 850);
  if (oem !== undefined) m.oemCodePage = oem;
  const ansi = codePage('ansiCodePage', 1252);
  if (ansi !== undefined) m.ansiCodePage = ansi;
  if (typeof o.collector === 'object' && o.collector !== null) {
    const c = o.collector as Record<string, unknown>;
    if (typeof c.name === 'string') m.collector = { name: c.name, version: typeof c.version === 'string' ? c.version : '' };
  }
  return m;
}
