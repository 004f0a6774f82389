// The catch-all's fast paths (the shared join, the row scan that only counts equal rows) against a plain
// reference, on groups of 3 and 5 servers: names equal but for case, values equal but of another type or
// registry type, lists, secrets under one key and under two, allowed and claimed names, one-sided values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { auditGroup, caseSnapshot, loadRules } from '../src/engine/index.js';
import { valuesEqual, secretKeysDiffer, isSecret } from '../src/engine/values.js';
import type { AuditResult, Role, SettingValue, Snapshot } from '../src/types.js';

const secret = (hmac: string, keyId = 'k1'): SettingValue => ({ secret: true, set: true, hmac, keyId });

/** Setting name → value, and the names whose registry type is REG_EXPAND_SZ (the rest have none). */
interface Server {
  settings: Record<string, SettingValue>;
  expand?: string[];
}

/** What server `index` (0: the Main) holds: name i is of kind i % 13, the same on every server, varied by server. */
function server(index: number, count: number): Server {
  const settings: Record<string, SettingValue> = { 'db.port': 5481 + index, 'host.hostname': `srv${index}`, 'host.domain': index === 2 ? 'other.local' : 'site.local', 'host.model': 'x' };
  const expand: string[] = [];
  for (let i = 0; i < count; i++) {
    const kind = i % 13;
    const other = index > 0;
    // Names equal but for case: some servers write them in capitals.
    const name = other && kind === 4 && index % 2 === 0 ? `reg:T\\NAME${i}` : `reg:T\\Name${i}`;
    if (other && kind === 1 && (i + index) % 2 === 0) continue; // missing here
    if (other && kind === 2 && (i + index) % 3 === 0) settings[name] = i + 1000 * index; // differs
    else if (kind === 3) settings[name] = other && index % 2 === 1 ? String(i) : i; // 1 and "1"
    else if (kind === 5) settings[name] = other && index % 2 === 0 ? ['b', 'a'] : ['a', 'b']; // another order
    else if (kind === 6) settings[name] = secret(`h${i}`, index >= 2 && i % 26 === 6 ? 'k2' : 'k1'); // under another key
    else if (kind === 7) settings[name] = secret(index === 2 && i % 26 === 7 ? 'other' : `h${i}`); // another secret
    else if (kind === 8) {
      settings[name] = `%SystemRoot%\\x${i}`;
      if (index % 2 === 1) expand.push(name); // the same text under another registry type
    } else settings[name] = i;
  }
  // A name only this server has, in its own place among the others.
  settings[`reg:T\\Own${index}`] = index;
  return { settings, expand };
}

function snapshot(role: Role, s: Server): Snapshot {
  const snap = caseSnapshot(role, s.settings);
  for (const name of s.expand ?? []) snap.settings[name].regType = 'REG_EXPAND_SZ';
  return snap;
}

/** The catch-all's findings about Main and `role`, as `status messageId setting`, with othersEqual's count; the same as a plain walk gives. */
function catchAllOf(result: AuditResult, role: Role): string[] {
  return result.findings
    .filter((f) => f.ruleId === 'catch-all' && f.servers.join(',') === `main,${role}`)
    .map((f) => `${f.status} ${f.messageId} ${f.setting}${f.messageId === 'othersEqual' ? ` ${f.data?.count}` : ''}`)
    .sort();
}

/** The reference: every lower-cased name of either server, compared with valuesEqual (db.port and host.hostname are claimed by their rules; host.* is allowed). */
function reference(main: Server, other: Server): string[] {
  const byLower = (s: Server): Map<string, [string, SettingValue]> => new Map(Object.entries(s.settings).map(([n, v]) => [n.toLowerCase(), [n, v]]));
  const m = byLower(main);
  const o = byLower(other);
  const out: string[] = [];
  let equal = 0;
  for (const lower of new Set([...m.keys(), ...o.keys()])) {
    if (lower === 'db.port' || lower === 'host.hostname') continue;
    const name = (m.get(lower) ?? o.get(lower))?.[0] as string;
    const mv = m.get(lower)?.[1];
    const ov = o.get(lower)?.[1];
    const same = mv !== undefined && ov !== undefined && valuesEqual(mv, ov);
    if (lower.startsWith('host.')) {
      if (!same) out.push(`pass allowedDiffers ${name}`);
      continue;
    }
    if (same) equal++;
    else if (mv === undefined) out.push(`fail onlyOnOther ${name}`);
    else if (ov === undefined) out.push(`fail onlyOnMain ${name}`);
    else if (secretKeysDiffer(mv, ov)) out.push(`unknown keysDiffer ${name}`);
    else out.push(`fail ${isSecret(mv) && isSecret(ov) ? 'secretDiffers' : 'differs'} ${name}`);
  }
  if (equal > 0) out.push(`pass othersEqual * ${equal}`);
  return out.sort();
}

test('catch-all on groups of 3 and 5 servers: the same findings and counts as a plain walk over every name', async () => {
  const pack = await loadRules([join(import.meta.dirname, '..', 'rules', 'geo-scada')]);
  const groups: Role[][] = [
    ['main', 'standby-a', 'standby-b'],
    ['main', 'standby-a', 'standby-b', 'permanent-a', 'permanent-b'],
  ];
  for (const roles of groups) {
    const servers = roles.map((_, i) => server(i, 120));
    // The Main not first in the input: the others are still indexed from its order.
    const input = roles.map((role, i) => ({ role, snapshot: snapshot(role, servers[i]) })).reverse();
    const result = auditGroup({ servers: input, pack, kind: 'audit' }, { now: new Date('2026-11-25T12:00:00Z'), toolVersion: 'test' });
    const seen = new Set<string>();
    for (let i = 1; i < roles.length; i++) {
      const expected = reference(servers[0], servers[i]);
      for (const e of expected) seen.add(e.split(' ')[1]);
      assert.deepEqual(catchAllOf(result, roles[i]), expected, `${roles.length} servers, ${roles[i]}`);
    }
    // Every case the table is for comes up (the reference is not trivially empty).
    assert.deepEqual([...seen].sort(), ['allowedDiffers', 'differs', 'keysDiffer', 'onlyOnMain', 'onlyOnOther', 'othersEqual', 'secretDiffers'], roles.join(','));
  }
});
