// must-mirror: the two ends of a partner link agree: each dials the other (identity), at its database port
// (db.port), with the same link settings (same).
import type { SettingValue } from '../../types.js';
import { asNumber, displayValue, formatValue, linkForRole, roleName, valuesEqual } from '../values.js';
import { isAddress, type Entry, type IndexedServer } from '../indexing.js';
import { backLink, identitySource, linkLabel, resolves } from '../topology.js';
import { SHARED_MESSAGES } from './shared.js';
import type { Comparator, RuleRun } from './types.js';

const MESSAGES = {
  ...SHARED_MESSAGES,
  pointsBack: "{{fromRole}}'s {{linkLabel}} link dials {{address}}, which is {{toRole}}",
  pointsElsewhere: "{{fromRole}}'s {{linkLabel}} link dials {{address}}, which is not {{toRole}} (it answers to {{names}})",
  noIdentity: "{{toRole}}'s host names and addresses are unknown, so {{fromRole}}'s {{linkLabel}} address {{address}} cannot be checked; collect a bundle with hostname and ipconfig",
  portMatches: '{{fromRole}} dials port {{port}} on its {{linkLabel}} link, and {{toRole}} listens on {{dbPort}}',
  portMismatch: "{{fromRole}} dials port {{port}} on its {{linkLabel}} link, but {{toRole}}'s database port is {{dbPort}}",
  linkEqual: '{{attribute}} is the same at both ends of the link: {{mainValue}}',
  linkDiffers: '{{attribute}} differs at the two ends of the link: Main ({{linkLabel}} link) has {{mainValue}}, {{otherRole}} ({{backLinkLabel}} link) has {{otherValue}}',
  oneSided: "{{attribute}} is configured at {{setOn}}'s end of the link only",
} as const;

type Id = keyof typeof MESSAGES;

export const mustMirror: Comparator<Id> = {
  messages: MESSAGES,
  options: ['attribute', 'match', 'bothOrNeither', 'unordered', 'caseInsensitive', 'defaults'],
  compare(run, main, other) {
    const mainLink = linkForRole(other.role);
    if (mainLink === undefined) return;
    const back = backLink(other, main);
    const { c, eff } = run;
    const defaults = eff.compare.defaults ?? {};
    // `attribute: "*"`: every attribute the select pattern captures as (link, attribute), e.g. unmapped `reg:Partners\<Link>\<Value>`.
    const wildcard = new Map<string, Map<string, Entry>>();
    const shown = new Map<string, string>();
    let attributes = ([] as string[]).concat(eff.compare.attribute ?? []);
    if (attributes.includes('*')) {
      for (const [server, link] of [
        [main, mainLink],
        [other, back],
      ] as const) {
        const found = new Map<string, Entry>();
        for (const s of run.ctx.selection.select(c, server)) {
          if (s.captures.length < 2 || s.captures[0].toLowerCase() !== link.toLowerCase()) continue;
          found.set(s.captures[1].toLowerCase(), server.byLower.get(s.lower) as Entry);
          if (!shown.has(s.captures[1].toLowerCase())) shown.set(s.captures[1].toLowerCase(), s.captures[1]);
        }
        wildcard.set(server.role, found);
      }
      attributes = [...new Set([...(wildcard.get(main.role)?.keys() ?? []), ...(wildcard.get(other.role)?.keys() ?? [])])].sort();
    }
    for (const key of attributes) {
      const attribute = shown.get(key) ?? key;
      const get = (s: IndexedServer, link: string): Entry | undefined =>
        wildcard.size > 0 ? wildcard.get(s.role)?.get(key) : s.byLower.get(`partners.${link}.${attribute}`.toLowerCase());
      const me = get(main, mainLink);
      const oe = get(other, back);
      const mainName = me?.name ?? (wildcard.size > 0 ? oe?.name : undefined) ?? `partners.${mainLink}.${attribute}`;
      const otherName = oe?.name ?? `partners.${back}.${attribute}`;
      const ends = { main, other, mainLink, back, attribute, mainName, otherName, me, oe, defaults };
      if (eff.compare.bothOrNeither === true && (me === undefined) !== (oe === undefined)) {
        const setOn = me !== undefined ? 'Main' : roleName(other.role);
        run.report({ status: 'fail', setting: mainName, servers: [main, other], messageId: 'oneSided', data: { attribute, setOn, link: mainLink, backLink: back, otherRole: roleName(other.role) }, values: { [main.role]: displayValue(me?.setting.value), [other.role]: displayValue(oe?.setting.value) }, sources: { [main.role]: me?.setting.source ?? null, [other.role]: oe?.setting.source ?? null } });
        continue;
      }
      if (eff.compare.bothOrNeither === true && me === undefined && oe === undefined) continue;
      if (eff.compare.match === 'same') sameAtBothEnds(run, ends);
      else dialledBothWays(run, ends);
    }
  },
};

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
    const missingOn = mv === undefined && ov === undefined ? `Main and ${roleName(other.role)}` : mv === undefined ? 'Main' : roleName(other.role);
    if (run.c.rule.evidence === 'required') {
      run.report({ status: 'unknown', setting: e.mainName, servers, messageId: 'missing', data: { setting: mv === undefined ? e.mainName : e.otherName, missingOn }, values, sources });
    } else if (mv !== undefined || ov !== undefined) {
      // Set at one end of the link only: that is drift in the exports, not missing evidence.
      run.report({ status: 'fail', setting: e.mainName, servers, messageId: 'oneSided', data: { attribute, setOn: mv !== undefined ? 'Main' : roleName(other.role), link: e.mainLink, backLink: e.back, otherRole: roleName(other.role) }, values, sources });
    }
    return;
  }
  const same = valuesEqual(mv, ov, run.eff.compare);
  const data = { attribute, link: e.mainLink, linkLabel: linkLabel(e.mainLink), backLink: e.back, backLinkLabel: linkLabel(e.back), mainValue: formatValue(displayValue(mv, ov)), otherValue: formatValue(displayValue(ov, mv)), otherRole: roleName(other.role) };
  run.report({ status: same ? 'pass' : 'fail', setting: e.mainName, servers, messageId: same ? 'linkEqual' : 'linkDiffers', data, values, sources });
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
    if (run.eff.compare.match === 'identity') {
      const address = String(dialled);
      const names = [...to.identity].sort();
      const values = { [from.role]: displayValue(dialled), [to.role]: names };
      const sources = { [from.role]: entry?.setting.source ?? null, [to.role]: identitySource(to) };
      const ok = resolves(address, to);
      // Not finding an address among names we do not fully know is missing evidence, not drift.
      if (!ok && (isAddress(address) ? !to.knowsAddresses : !to.knowsHostNames)) {
        run.report({ status: 'unknown', setting, servers, messageId: 'noIdentity', data: { ...base, address }, values, sources });
      } else {
        run.report({ status: ok ? 'pass' : 'fail', setting, servers, messageId: ok ? 'pointsBack' : 'pointsElsewhere', data: { ...base, address, names: names.join(', ') }, values, sources });
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
        const ok = port === dbPort;
        run.report({ status: ok ? 'pass' : 'fail', setting, servers, messageId: ok ? 'portMatches' : 'portMismatch', data: { ...base, port, dbPort }, values, sources });
      }
    }
  }
}
