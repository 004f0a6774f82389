// must-mirror: the two ends of a partner link agree: each dials the other (identity), at its database port
// (db.port), with the same link settings (same).
import type { SettingValue } from '../../types.js';
import { asNumber, displayValue, formatValue, roleName, valuesEqual } from '../values.js';
import { isAddress, type Entry, type IndexedServer } from '../indexing.js';
import { hostsEntry, identityReads, identitySource, knowsPartners, linkLabel, reachAddress, type LinkEnd, type PartnerLink } from '../topology.js';
import type { SettingRead } from '../finding-spec.js';
import { SHARED_MESSAGES } from './shared.js';
import type { Comparator, RuleRun } from './types.js';

const MESSAGES = {
  ...SHARED_MESSAGES,
  pointsBack: "{{fromRole}}'s {{linkLabel}} link dials {{address}}, which is {{toRole}}",
  pointsBackViaHosts: "{{fromRole}}'s {{linkLabel}} link dials {{address}}, which {{hostsOf}}'s hosts file maps to {{resolved}}, an address of {{toRole}}",
  pointsElsewhere: "{{fromRole}}'s {{linkLabel}} link dials {{address}}, which is not {{toRole}} (it answers to {{names}})",
  noIdentity: "{{toRole}}'s host names and addresses are unknown, so {{fromRole}}'s {{linkLabel}} address {{address}} cannot be checked; collect a bundle with hostname and ipconfig",
  pointsElsewhereViaHosts: "{{fromRole}}'s {{linkLabel}} link dials {{address}}, which {{fromRole}}'s hosts file maps to {{resolved}}, not an address of {{toRole}} (it answers to {{names}}); correct the hosts file or the address",
  hostsUnknownTarget: "{{fromRole}}'s {{linkLabel}} link dials {{address}}, which {{fromRole}}'s hosts file maps to {{resolved}}, but {{toRole}}'s addresses are unknown, so whether that is {{toRole}} cannot be checked; collect a bundle with a readable ipconfig",
  aliasUnknown: "{{fromRole}}'s {{linkLabel}} link dials {{address}}, a name only {{toRole}}'s own hosts file maps (to {{resolved}}); {{fromRole}} resolves it itself, from its own hosts file or DNS, and no evidence shows either giving it an address of {{toRole}}; add the name to {{fromRole}}'s hosts file, or dial {{toRole}}'s host name or address",
  suffixUnknown: "{{fromRole}}'s {{linkLabel}} link dials {{address}}, but {{toRole}}'s ipconfig names no DNS domain (no primary or connection-specific suffix, no search list), so whether that domain is {{toRole}}'s cannot be checked; give {{toRole}} a primary DNS suffix, or dial a name {{fromRole}}'s hosts file maps to its address",
  portMatches: '{{fromRole}} dials port {{port}} on its {{linkLabel}} link, and {{toRole}} listens on {{dbPort}}',
  portMismatch: "{{fromRole}} dials port {{port}} on its {{linkLabel}} link, but {{toRole}}'s database port is {{dbPort}}",
  portTypeDiffers:
    "{{fromRole}} dials port {{port}} on its {{linkLabel}} link, stored as {{portType}}, but {{toRole}}'s database port {{dbPort}} is stored as {{dbPortType}}: a server reads a port as the type it expects, and what it does with another type is not documented (it may use the default port); write both as the Server Configuration Tool does",
  linkEqual: '{{attribute}} is the same at both ends of the link: {{mainValue}}',
  linkDiffers: '{{attribute}} differs at the two ends of the link: {{fromRole}} ({{linkLabel}} link) has {{mainValue}}, {{otherRole}} ({{backLinkLabel}} link) has {{otherValue}}',
  linkTypeDiffers:
    '{{attribute}} is stored as {{mainType}} at {{fromRole}}\'s end of the link ({{linkLabel}} link: {{mainValue}}) but as {{otherType}} at {{otherRole}}\'s ({{backLinkLabel}} link: {{otherValue}}): a server reads a setting as the type it expects, and what it does with another type is not documented; write it with the same type at both ends, as the Server Configuration Tool does',
  oneSided: "{{attribute}} is configured at {{setOn}}'s end of the {{fromRole}} ↔ {{otherRole}} link only",
  bothSet: '{{attribute}} is set at both ends of the {{fromRole}} ↔ {{otherRole}} link: {{fromRole}} has {{mainValue}}, {{otherRole}} has {{otherValue}}',
  linkConfigured: 'The {{fromRole}} ↔ {{otherRole}} link is configured at both ends ({{fromRole}}: {{linkLabel}} link, {{otherRole}}: {{backLinkLabel}} link)',
  linkOneEnd: "The {{fromRole}} ↔ {{otherRole}} link is configured at {{setOn}}'s end only ({{setLinkLabel}} link to {{address}}); {{unsetOn}} has no link to {{setOn}}, so this link cannot synchronise",
  linkNotConfigured: 'Neither {{fromRole}} nor {{otherRole}} has a partner link to the other',
} as const;

type Id = keyof typeof MESSAGES;

export const mustMirror: Comparator<Id> = {
  messages: MESSAGES,
  options: ['attribute', 'match', 'bothOrNeither', 'unordered', 'caseInsensitive', 'defaults'],
  link(run, link) {
    const { c, eff } = run;
    const main = link.a.server;
    const other = link.b.server;
    const ends = linkState(link);
    if (eff.compare.match === 'configured') {
      reportConfigured(run, link, ends);
      return;
    }
    // A link configured at one end only is reported once, by the `configured` rule: its other attributes cannot be compared.
    if (ends === 'one') return;
    const mainLink = link.a.link as string;
    const back = link.b.link as string;
    // Which link at each end is this one rests on its address (topology's linkTowards).
    const chosen: SettingRead[] = [
      { role: main.role, setting: `partners.${mainLink}.address` },
      { role: other.role, setting: `partners.${back}.address` },
    ];
    const defaults = eff.compare.defaults ?? {};
    // `attribute: "*"`: every attribute the select pattern captures as (link, attribute), e.g. unmapped `reg:Partners\<Link>\<Value>`.
    const wildcard = new Map<string, Map<string, Entry>>();
    const shown = new Map<string, string>();
    let attributes = ([] as string[]).concat(eff.compare.attribute ?? []);
    if (attributes.includes('*')) {
      for (const [server, name] of [
        [main, mainLink],
        [other, back],
      ] as const) {
        const found = new Map<string, Entry>();
        for (const s of run.ctx.selection.select(c, server)) {
          if (s.captures.length < 2 || s.captures[0].toLowerCase() !== name.toLowerCase()) continue;
          found.set(s.captures[1].toLowerCase(), server.byLower.get(s.lower) as Entry);
          if (!shown.has(s.captures[1].toLowerCase())) shown.set(s.captures[1].toLowerCase(), s.captures[1]);
        }
        wildcard.set(server.role, found);
      }
      attributes = [...new Set([...(wildcard.get(main.role)?.keys() ?? []), ...(wildcard.get(other.role)?.keys() ?? [])])].sort();
    }
    for (const key of attributes) {
      const attribute = shown.get(key) ?? key;
      const get = (s: IndexedServer, name: string): Entry | undefined =>
        // A link attribute the profile does not map is read from its registry value (`reg:Partners\\<Link>\\<Value>`).
        wildcard.size > 0 ? wildcard.get(s.role)?.get(key) : (s.byLower.get(`partners.${name}.${attribute}`.toLowerCase()) ?? s.byLower.get(`reg:partners\\${name}\\${attribute}`.toLowerCase()));
      const me = get(main, mainLink);
      const oe = get(other, back);
      const mainName = me?.name ?? (wildcard.size > 0 ? oe?.name : undefined) ?? `partners.${mainLink}.${attribute}`;
      const otherName = oe?.name ?? `partners.${back}.${attribute}`;
      const e = { main, other, mainLink, back, attribute, mainName, otherName, me, oe, defaults, reads: [...endReads(main, me, other, oe), ...chosen] };
      if (eff.compare.bothOrNeither === true && (me === undefined) !== (oe === undefined)) {
        const setOn = roleName((me !== undefined ? main : other).role);
        run.report({ status: 'fail', setting: mainName, servers: [main, other], messageId: 'oneSided', data: { attribute, setOn, fromRole: roleName(main.role), link: mainLink, backLink: back, otherRole: roleName(other.role) }, values: { [main.role]: displayValue(me?.setting.value), [other.role]: displayValue(oe?.setting.value) }, sources: { [main.role]: me?.setting.source ?? null, [other.role]: oe?.setting.source ?? null }, reads: e.reads });
        continue;
      }
      if (eff.compare.bothOrNeither === true && me === undefined && oe === undefined) continue;
      if (eff.compare.match === 'same') sameAtBothEnds(run, e);
      else if (eff.compare.match === 'present') presentAtBothEnds(run, e);
      else dialledBothWays(run, e);
    }
  },
};

/**
 * `both`: each end has an address for the other; `one`/`neither`: the snapshots hold both servers' partner
 * settings and the link is missing at one end (or both); `unknown`: a server's partner settings are not in
 * its snapshot, so a missing link is missing evidence.
 */
function linkState(link: PartnerLink): 'both' | 'one' | 'neither' | 'unknown' {
  if (link.a.configured && link.b.configured) return 'both';
  if (!knowsPartners(link.a.server) || !knowsPartners(link.b.server)) return 'unknown';
  return link.a.configured || link.b.configured ? 'one' : 'neither';
}

/** `match: configured`: both ends of the link have it configured; a link at one end only cannot synchronise. */
function reportConfigured(run: RuleRun<Id>, link: PartnerLink, state: ReturnType<typeof linkState>): void {
  const { a, b } = link;
  const servers = [a.server, b.server];
  const fromRole = roleName(a.server.role);
  const otherRole = roleName(b.server.role);
  const address = (end: LinkEnd): Entry | undefined => (end.link === undefined ? undefined : end.server.byLower.get(`partners.${end.link}.address`.toLowerCase()));
  const values = { [a.server.role]: displayValue(address(a)?.setting.value), [b.server.role]: displayValue(address(b)?.setting.value) };
  const sources = { [a.server.role]: address(a)?.setting.source ?? null, [b.server.role]: address(b)?.setting.source ?? null };
  const label = (end: LinkEnd): string => (end.link === undefined ? '(none)' : linkLabel(end.link));
  const setting = (end: LinkEnd): string => `${end.server.role}:partners.${end.link ?? '*'}.address`;
  const reads = [a, b].flatMap((end) => {
    const e = address(end);
    return e === undefined ? [] : [{ role: end.server.role, setting: e.name }];
  });
  if (state === 'unknown') {
    const missing = !knowsPartners(a.server) ? a : b;
    if (run.c.rule.evidence === 'required') run.report({ status: 'unknown', setting: setting(missing), servers, messageId: 'missing', data: { setting: 'partners.*', missingOn: roleName(missing.server.role) }, values, sources });
    return;
  }
  if (state === 'both') {
    run.report({ status: 'pass', setting: setting(a), servers, messageId: 'linkConfigured', data: { fromRole, otherRole, linkLabel: label(a), backLinkLabel: label(b) }, values, sources, reads });
  } else if (state === 'neither') {
    run.report({ status: 'fail', setting: setting(a), servers, messageId: 'linkNotConfigured', data: { fromRole, otherRole }, values, sources, reads });
  } else {
    const [set, unset] = a.configured ? [a, b] : [b, a];
    const data = { fromRole, otherRole, setOn: roleName(set.server.role), unsetOn: roleName(unset.server.role), setLinkLabel: label(set), address: String(address(set)?.setting.value ?? '') };
    run.report({ status: 'fail', setting: setting(set), servers, messageId: 'linkOneEnd', data, values, sources, reads });
  }
}

interface LinkEnds {
  main: IndexedServer;
  other: IndexedServer;
  mainLink: string;
  back: string;
  attribute: string;
  mainName: string;
  otherName: string;
  me: Entry | undefined;
  oe: Entry | undefined;
  defaults: Record<string, SettingValue>;
  /** The attribute at each end that has it, and each end's address (which link it is): what a pass or fail rests on (FindingSpec.reads). */
  reads: SettingRead[];
}

/** The entries read at the two ends of a link, as FindingSpec.reads. */
function endReads(...ends: [IndexedServer, Entry | undefined, IndexedServer, Entry | undefined]): SettingRead[] {
  const out: SettingRead[] = [];
  for (const [server, entry] of [
    [ends[0], ends[1]],
    [ends[2], ends[3]],
  ] as const) {
    if (entry !== undefined) out.push({ role: server.role, setting: entry.name });
  }
  return out;
}

/** `match: same`: the attribute has the same value at both ends of the link. */
function sameAtBothEnds(run: RuleRun<Id>, e: LinkEnds): void {
  const { main, other, me, oe, attribute } = e;
  const mv = me?.setting.value ?? e.defaults[attribute];
  const ov = oe?.setting.value ?? e.defaults[attribute];
  const values = { [main.role]: displayValue(me?.setting.value, oe?.setting.value), [other.role]: displayValue(oe?.setting.value, me?.setting.value) };
  const sources = { [main.role]: me?.setting.source ?? null, [other.role]: oe?.setting.source ?? null };
  const servers = [main, other];
  if (mv === undefined || ov === undefined) {
    const missingOn = mv === undefined && ov === undefined ? `${roleName(main.role)} and ${roleName(other.role)}` : roleName((mv === undefined ? main : other).role);
    if (run.c.rule.evidence === 'required') {
      run.report({ status: 'unknown', setting: e.mainName, servers, messageId: 'missing', data: { setting: mv === undefined ? e.mainName : e.otherName, missingOn }, values, sources });
    } else if (mv !== undefined || ov !== undefined) {
      // Set at one end of the link only: that is drift in the exports, not missing evidence.
      run.report({ status: 'fail', setting: e.mainName, servers, messageId: 'oneSided', data: { attribute, setOn: roleName((mv !== undefined ? main : other).role), fromRole: roleName(main.role), link: e.mainLink, backLink: e.back, otherRole: roleName(other.role) }, values, sources, reads: e.reads });
    }
    return;
  }
  // Both ends' own values stored as different registry types: not known to act alike, whatever the values (see typesDiffer).
  const mt = me?.setting.regType;
  const ot = oe?.setting.regType;
  const typesDiffer = mt !== undefined && ot !== undefined && mt !== ot;
  const same = !typesDiffer && valuesEqual(mv, ov, run.eff.compare);
  const data = { attribute, fromRole: roleName(main.role), link: e.mainLink, linkLabel: linkLabel(e.mainLink), backLink: e.back, backLinkLabel: linkLabel(e.back), mainValue: formatValue(displayValue(mv, ov)), otherValue: formatValue(displayValue(ov, mv)), otherRole: roleName(other.role) };
  if (typesDiffer) {
    run.report({ status: 'fail', setting: e.mainName, servers, messageId: 'linkTypeDiffers', data: { ...data, mainType: mt, otherType: ot }, values, sources, reads: e.reads });
    return;
  }
  run.report({ status: same ? 'pass' : 'fail', setting: e.mainName, servers, messageId: same ? 'linkEqual' : 'linkDiffers', data, values, sources, reads: e.reads });
}

/** A value that says something is configured: not missing, empty, an empty list or false. */
function isSet(v: SettingValue | undefined): boolean {
  return v !== undefined && v !== null && v !== '' && v !== false && !(Array.isArray(v) && v.length === 0);
}

/**
 * `match: present`: the attribute is set at both ends or at neither; the values themselves may differ (each
 * server pings targets on its own side), so both are shown at info.
 */
function presentAtBothEnds(run: RuleRun<Id>, e: LinkEnds): void {
  const { main, other, me, oe, attribute } = e;
  const mv = me?.setting.value;
  const ov = oe?.setting.value;
  if (!isSet(mv) && !isSet(ov)) return;
  const values = { [main.role]: displayValue(mv, ov), [other.role]: displayValue(ov, mv) };
  const sources = { [main.role]: me?.setting.source ?? null, [other.role]: oe?.setting.source ?? null };
  const servers = [main, other];
  const names = { fromRole: roleName(main.role), otherRole: roleName(other.role) };
  if (isSet(mv) && isSet(ov)) {
    run.report({ status: 'pass', severity: 'info', setting: e.mainName, servers, messageId: 'bothSet', data: { attribute, ...names, mainValue: formatValue(displayValue(mv, ov)), otherValue: formatValue(displayValue(ov, mv)) }, values, sources, reads: e.reads });
  } else {
    run.report({ status: 'fail', setting: e.mainName, servers, messageId: 'oneSided', data: { attribute, setOn: roleName((isSet(mv) ? main : other).role), ...names, link: e.mainLink, backLink: e.back }, values, sources, reads: e.reads });
  }
}

/** `match: identity` and `match: db.port`, checked in both directions: each end must dial the other. */
function dialledBothWays(run: RuleRun<Id>, e: LinkEnds): void {
  const { main, other, attribute } = e;
  for (const [from, to, link, entry] of [
    [main, other, e.mainLink, e.me],
    [other, main, e.back, e.oe],
  ] as const) {
    const setting = `${from.role}:${entry?.name ?? `partners.${link}.${attribute}`}`;
    const dialled = entry?.setting.value ?? e.defaults[attribute];
    const base = { fromRole: roleName(from.role), toRole: roleName(to.role), link, linkLabel: linkLabel(link), otherRole: roleName(other.role) };
    const servers = [main, other];
    if (dialled === undefined || dialled === null || dialled === '') {
      const none = { [from.role]: null, [to.role]: null };
      if (run.c.rule.evidence === 'required') run.report({ status: 'unknown', setting, servers, messageId: 'missing', data: { setting: `partners.${link}.${attribute}`, missingOn: roleName(from.role) }, values: none, sources: none });
      continue;
    }
    // The link's address at this end (which link it is), the value dialled (its own setting, named with the role) and what it is compared with at the other end.
    const own: SettingRead[] = [{ role: from.role, setting: `partners.${link}.address` }, ...(entry === undefined ? [] : [{ role: from.role, setting: entry.name }])];
    if (run.eff.compare.match === 'identity') {
      const address = String(dialled);
      const reads = [...own, ...identityReads(to, from, address)];
      const names = [...to.identity].sort();
      const values = { [from.role]: displayValue(dialled), [to.role]: names };
      const sources = { [from.role]: entry?.setting.source ?? null, [to.role]: identitySource(to) };
      const resolution = reachAddress(address, to, from);
      const ok = resolution !== undefined && resolution.via !== 'unknown';
      const mapped = hostsEntry(from, address);
      // Not finding an address among names we do not fully know is missing evidence, not drift.
      if (resolution?.via === 'unknown') {
        const messageId = resolution.why === 'addresses' ? 'hostsUnknownTarget' : resolution.why === 'alias' ? 'aliasUnknown' : 'suffixUnknown';
        const resolved = resolution.why === 'alias' ? resolution.address : (mapped ?? []).join(', ');
        run.report({ status: 'unknown', setting, servers, messageId, data: { ...base, address, resolved }, values, sources });
      } else if (!ok && (isAddress(address) ? !to.knowsAddresses : !to.knowsHostNames)) {
        run.report({ status: 'unknown', setting, servers, messageId: 'noIdentity', data: { ...base, address }, values, sources });
      } else if (!ok && mapped !== undefined && mapped.length > 0) {
        run.report({ status: 'fail', setting, servers, messageId: 'pointsElsewhereViaHosts', data: { ...base, address, resolved: mapped.join(', '), names: names.join(', ') }, values, sources, reads });
      } else if (resolution?.via === 'hosts') {
        run.report({ status: 'pass', setting, servers, messageId: 'pointsBackViaHosts', data: { ...base, address, hostsOf: roleName(resolution.file.role), resolved: resolution.address }, values, sources, reads });
      } else {
        run.report({ status: ok ? 'pass' : 'fail', setting, servers, messageId: ok ? 'pointsBack' : 'pointsElsewhere', data: { ...base, address, names: names.join(', ') }, values, sources, reads });
      }
    } else {
      const port = asNumber(dialled);
      const dbEntry = to.byLower.get('db.port');
      const dbPort = asNumber(dbEntry?.setting.value);
      const values = { [from.role]: displayValue(dialled), [to.role]: displayValue(dbEntry?.setting.value) };
      const sources = { [from.role]: entry?.setting.source ?? null, [to.role]: dbEntry?.setting.source ?? null };
      if (port === undefined || dbPort === undefined) {
        run.report({ status: 'unknown', setting, servers, messageId: 'missing', data: { setting: port === undefined ? `partners.${link}.${attribute}` : 'db.port', missingOn: roleName(port === undefined ? from.role : to.role) }, values, sources });
      } else {
        const reads = [...own, { role: to.role, setting: dbEntry?.name ?? 'db.port' }];
        // The port dialled and the port listened on are the same kind of setting: stored as different registry
        // types (a REG_SZ "5481" against a REG_DWORD), one of them may not be read as the number shown.
        const portType = entry?.setting.regType;
        const dbPortType = dbEntry?.setting.regType;
        if (portType !== undefined && dbPortType !== undefined && portType !== dbPortType) {
          run.report({ status: 'fail', setting, servers, messageId: 'portTypeDiffers', data: { ...base, port, dbPort, portType, dbPortType }, values, sources, reads });
          continue;
        }
        const ok = port === dbPort;
        run.report({ status: ok ? 'pass' : 'fail', setting, servers, messageId: ok ? 'portMatches' : 'portMismatch', data: { ...base, port, dbPort }, values, sources, reads });
      }
    }
  }
}
