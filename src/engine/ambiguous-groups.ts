// The ambiguity unknowns of one key gathered (pure). An ambiguous partners.type makes every attribute of a link that
// one reading compares and the other does not unknown (eleven for a Permanent Standby's link), each with the same
// sentence (steeredAmbiguous); an ambiguous setting a link's comparison reads besides its own (the Main's partner
// address, which picks the link) does the same for every attribute of the link that rule compares
// (relatedAmbiguous). One unknown per message id, rule, servers, severity, cause and key (a link, a driver's
// settings) names the settings and keeps each server's values as `name = value` lines: nothing a changeover
// decision reads is lost, and a blocker stays a blocker.
import type { DisplayValue, Finding, Provenance, Role } from '../types.js';
import { formatValue } from './values.js';

/** The key a setting belongs to, in lower case (`partners.permanenta` for `partners.permanentA.port` and `reg:Partners\PermanentA\BackupCompress`), and its name as written. */
function keyOf(setting: string): { key: string; written: string; leaf: string } | undefined {
  const reg = /^((?:[a-z]+-[a-z]:)?)reg:(.*)$/i.exec(setting);
  if (reg !== null) {
    const at = reg[2].lastIndexOf('\\');
    if (at <= 0) return undefined;
    const parent = reg[2].slice(0, at);
    return { key: `${reg[1]}${parent.replace(/\\/g, '.')}`.toLowerCase(), written: `${reg[1]}reg:${parent}\\*`, leaf: reg[2].slice(at + 1) };
  }
  const at = setting.lastIndexOf('.');
  if (at <= 0) return undefined;
  return { key: setting.slice(0, at).toLowerCase(), written: `${setting.slice(0, at)}.*`, leaf: setting.slice(at + 1) };
}

/** The message ids gathered: each one's group id, and the data that say what is ambiguous (and how it steers). */
const GATHERED = {
  steeredAmbiguous: { group: 'steeredAmbiguousGroup', cause: ['related', 'whose', 'where', 'warning', 'how'] },
  relatedAmbiguous: { group: 'relatedAmbiguousGroup', cause: ['related', 'whose', 'where', 'warning'] },
} as const;

type Gathered = keyof typeof GATHERED;
export type GroupMessageId = (typeof GATHERED)[Gathered]['group'];

const gatheredId = (f: Finding): Gathered | undefined => (Object.hasOwn(GATHERED, f.messageId) ? (f.messageId as Gathered) : undefined);

/**
 * Who and what a group is: its message id, rule, servers, severity, the ambiguity and the reading (the message's
 * data), and the key. An unknown whose severity the other reading of partners.type raised (`data.steeredBy`) stays
 * as it is: its message says why.
 */
function groupKey(f: Finding): string | undefined {
  const id = gatheredId(f);
  if (f.status !== 'unknown' || id === undefined || f.data === undefined || f.data.steeredBy !== undefined) return undefined;
  const key = keyOf(f.setting);
  if (key === undefined) return undefined;
  return [id, f.ruleId, f.servers.join(','), f.severity, ...GATHERED[id].cause.map((k) => String(f.data?.[k] ?? '')), key.key].join('\u0000');
}

/** The members' values of one server as `name = value` lines (null where none has one); secrets as set / not set. */
function linesOf(members: readonly { f: Finding; leaf: string }[], role: Role): DisplayValue {
  const lines = members.flatMap(({ f, leaf }) => {
    const v = f.values[role];
    return v === undefined || v === null ? [] : [`${leaf} = ${formatValue(v)}`];
  });
  return lines.length > 0 ? lines : null;
}

/** Where a server's values are: the first member's file and registry key (the values' own lines are in the list). */
function sourceOf(members: readonly { f: Finding }[], role: Role): Provenance | null {
  const s = members.map(({ f }) => f.sources[role]).find((p) => p !== undefined && p !== null);
  if (s === undefined || s === null) return null;
  return s.key === undefined ? { file: s.file } : { file: s.file, key: s.key };
}

/**
 * The findings with the steeredAmbiguous (relatedAmbiguous) unknowns of one key gathered into one, in the place of
 * the first (`steeredAmbiguousGroup`, `relatedAmbiguousGroup`: the key, how many, the settings' names, the cause);
 * a key of one setting stays as it is. `message`: the rule's wording of the message id for `first` and these data.
 */
export function groupAmbiguous(findings: readonly Finding[], message: (first: Finding, messageId: GroupMessageId, data: Record<string, string | number>) => string): Finding[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const k = groupKey(f);
    if (k === undefined) continue;
    const list = groups.get(k);
    if (list === undefined) groups.set(k, [f]);
    else list.push(f);
  }
  const out: Finding[] = [];
  for (const f of findings) {
    const k = groupKey(f);
    const list = k === undefined ? undefined : groups.get(k);
    if (list === undefined || list.length < 2) {
      out.push(f);
      continue;
    }
    if (list[0] !== f) continue;
    out.push(gathered(list, message));
  }
  return out;
}

function gathered(list: readonly Finding[], message: Parameters<typeof groupAmbiguous>[1]): Finding {
  // Named settings before reg: ones, each in name order: the message lists the mapped attributes first.
  const members = list
    .map((f) => ({ f, ...(keyOf(f.setting) as NonNullable<ReturnType<typeof keyOf>>) }))
    .sort((a, b) => Number(a.written.includes('reg:')) - Number(b.written.includes('reg:')) || (a.f.setting.toLowerCase() < b.f.setting.toLowerCase() ? -1 : a.f.setting.toLowerCase() > b.f.setting.toLowerCase() ? 1 : 0));
  const first = members[0].f;
  const setting = members[0].written;
  const { group, cause } = GATHERED[gatheredId(first) as Gathered];
  const data: Record<string, string | number> = { setting, count: members.length, names: members.map((m) => m.leaf).join(', ') };
  for (const k of cause) data[k] = first.data?.[k] ?? '';
  const values = Object.fromEntries(first.servers.map((r) => [r, linesOf(members, r)])) as Finding['values'];
  const sources = Object.fromEntries(first.servers.map((r) => [r, sourceOf(members, r)])) as Finding['sources'];
  const { assumed: _assumed, ...rest } = first;
  const out: Finding = { ...rest, setting, values, sources, messageId: group, data, message: message(first, group, data) };
  return list.some((f) => f.assumed === true) ? { assumed: true, ...out } : out;
}
