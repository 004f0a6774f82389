// links-in-group: every partner link a server of the group configures reaches a server of the audit. A link to
// a server the audit was not given (a Triple Standby audited as Main and Standby B, a Permanent Standby left out)
// leaves that server's settings and links unaudited: unknown, never a pass.
import { displayValue, roleName } from '../values.js';
import { knowsPartners, linkAddressReads, linkLabel, linksOutsideGroup } from '../topology.js';
import { SHARED_MESSAGES } from './shared.js';
import type { Comparator } from './types.js';

const MESSAGES = {
  ...SHARED_MESSAGES,
  linkOutsideAudit: "{{fromRole}}'s {{linkLabel}} link dials {{address}}, which no server of this audit answers to: that server and its links were not audited; audit the whole group (or clear the link if that server is gone)",
  linksInAudit: 'Every partner link of {{fromRole}} reaches a server of this audit',
  tripleWithoutThird: "{{fromRole}} is typed Triple Standby, but this audit has no third server and none of {{fromRole}}'s Standby links dials one: the third server is missing from the group's configuration, or the type is wrong; configure link B to the third server on each server and audit all three, or set the type to Hot-Standby Pair",
} as const;

type Id = keyof typeof MESSAGES;

export const linksInGroup: Comparator<Id> = {
  messages: MESSAGES,
  options: [],
  group(run, servers) {
    const outside = linksOutsideGroup(servers);
    const syncServers = servers.filter((s) => !s.role.startsWith('permanent-')).length;
    for (const server of servers) {
      if (!knowsPartners(server)) continue;
      const fromRole = roleName(server.role);
      const own = outside.filter((o) => o.server === server);
      // A Triple Standby of two servers with no link to a third: nothing dials outside the audit, yet the third
      // server of its type is neither audited nor configured (or the type is wrong), so the group cannot pass.
      if (own.length === 0 && syncServers < 3 && server.partnersType?.toLowerCase() === 'triplestandby') {
        const type = server.byLower.get('partners.type');
        const reads = [{ role: server.role, setting: type?.name ?? 'partners.type' }, ...linkAddressReads(server, servers)];
        run.report({ status: 'fail', setting: `${server.role}:partners.*.address`, servers: [server], messageId: 'tripleWithoutThird', data: { fromRole }, values: { [server.role]: displayValue(type?.setting.value) }, sources: { [server.role]: type?.setting.source ?? null }, reads });
        continue;
      }
      if (own.length === 0) {
        run.report({ status: 'pass', setting: `${server.role}:partners.*.address`, servers: [server], messageId: 'linksInAudit', data: { fromRole }, values: { [server.role]: null }, sources: { [server.role]: null }, reads: linkAddressReads(server, servers) });
        continue;
      }
      for (const { link, address } of own) {
        const entry = server.byLower.get(`partners.${link.toLowerCase()}.address`);
        const data = { fromRole, linkLabel: linkLabel(link), address };
        run.report({ status: 'unknown', setting: `${server.role}:${entry?.name ?? `partners.${link}.address`}`, servers: [server], messageId: 'linkOutsideAudit', data, values: { [server.role]: displayValue(entry?.setting.value) }, sources: { [server.role]: entry?.setting.source ?? null } });
      }
    }
  },
};
