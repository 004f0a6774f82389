// Baseline attribution: for each drift in an audit, which server changed since the approved baseline, and when.
import type { AuditResult, Finding, Role, Snapshot } from '../types.js';
import { hostOf, serverKey } from './identity.js';
import { changeRows, indexJournal, key } from './query.js';
import { diffForJournal } from './snapshots.js';
import type { ProtectBefore } from '../snapshot/diff.js';
import type { BaselineApprovedEntry, ChangeRow, JournalChange, JournalEntry } from './types.js';
import type { HistoryStore } from './store.js';

type Attribution = NonNullable<Finding['attribution']>[number];

/** True when a change of `setting` explains a finding about `subject` (a setting name or a prefix such as a driver). */
function concerns(subject: string, setting: string): boolean {
  const s = key(subject);
  const c = key(setting);
  return c === s || c.startsWith(`${s}.`) || c.startsWith(`${s}\\`);
}

/** The audited servers' snapshots, by role: attribution then compares each with its baseline directly. */
export type AuditedSnapshots = { role: Role; snapshot: Snapshot }[];

/**
 * Fills `Finding.attribution` for findings that are not a pass. Pure over `entries` (and the baseline
 * snapshots, read through `readSnapshot` when `audited` is given, compared as today's secret patterns store them
 * with `protectBefore`: HistoryStore.protector).
 *
 * Without `audited`: every change the journal recorded for the baseline's servers since the baseline.
 * With `audited`: for each server, the settings that differ between its baseline snapshot and the
 * audited one, one item per setting (baseline value → audited value). "First seen" and the note come
 * from the first and latest journal change of that setting since the baseline, or, for a change that was
 * never recorded, from the audited snapshot's collection time with no note.
 */
export function attributeFromJournal(
  entries: JournalEntry[],
  pairName: string,
  result: AuditResult,
  audited?: AuditedSnapshots,
  readSnapshot?: (fingerprint: string) => Snapshot,
  protectBefore?: ProtectBefore,
): AuditResult {
  const index = indexJournal(entries);
  const baseline: BaselineApprovedEntry | undefined = index.baselines.get(key(pairName));
  if (!baseline) return result;
  const idOf = (s: { host: string }) => serverKey({ pair: baseline.pair, host: s.host });
  // A role belongs to a snapshot, not to a server: after a changeover the baseline's Main is the Standby now. Each
  // audited server is matched to its baseline server by host (computer name, else label); one the baseline does
  // not know by either takes the baseline server of its role, unless another audited server is that one.
  const identities = new Map<Role, { host: string; label: string }>(result.servers.map((s) => [s.role, { host: s.hostname ?? s.label, label: s.label }]));
  for (const a of audited ?? []) identities.set(a.role, { host: hostOf(a.snapshot, a.snapshot.server.label), label: a.snapshot.server.label });
  const known = new Map<Role, BaselineApprovedEntry['servers'][number]>();
  for (const [role, who] of identities) {
    const s = baseline.servers.find((b) => key(b.host) === key(who.host)) ?? baseline.servers.find((b) => key(b.server) === key(who.label));
    if (s !== undefined) known.set(role, s);
  }
  const claimed = new Set(known.values());
  const roleServer = new Map<Role, { server: string; id: string; fingerprint: string }>();
  for (const b of baseline.servers) {
    if (!known.has(b.role) && !claimed.has(b)) known.set(b.role, b);
  }
  for (const [role, s] of known) roleServer.set(role, { server: s.server, id: idOf(s), fingerprint: s.fingerprint });
  // Changes per server after the baseline, in journal order.
  const after = new Map<string, ChangeRow[]>();
  for (const e of entries) {
    if (e.seq <= baseline.seq || e.type !== 'snapshot-recorded' || e.changes.length === 0) continue;
    const id = serverKey(e);
    const list = after.get(id) ?? [];
    for (const row of changeRows(e, index)) list.push(row); // a snapshot may change 100,000s of settings: no spread
    after.set(id, list);
  }
  // With the audited snapshots: what differs from the baseline now, per role, by lower-cased setting.
  const now = new Map<Role, Map<string, JournalChange & { collectedAt: string }>>();
  if (audited && readSnapshot) {
    for (const a of audited) {
      const base = roleServer.get(a.role);
      if (!base) continue;
      const diff = new Map<string, JournalChange & { collectedAt: string }>();
      for (const c of diffForJournal(readSnapshot(base.fingerprint), a.snapshot, protectBefore)) diff.set(key(c.setting), { ...c, collectedAt: a.snapshot.collected.at ?? 'unknown' });
      now.set(a.role, diff);
    }
  }
  const findings = result.findings.map((f) => {
    if (f.status === 'pass') return f;
    const items: Attribution[] = [];
    for (const role of f.servers) {
      const base = roleServer.get(role);
      if (base === undefined) continue;
      const recorded = (after.get(base.id) ?? []).filter((row) => concerns(f.setting, row.setting));
      const current = now.get(role);
      if (current === undefined) {
        for (const row of recorded) items.push(attribution(role, base.server, row.from ?? null, row.to ?? null, row.firstSeen, row));
        continue;
      }
      for (const [settingKey, c] of [...current].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        if (!concerns(f.setting, c.setting)) continue;
        const rows = recorded.filter((r) => key(r.setting) === settingKey);
        items.push(attribution(role, base.server, c.from ?? null, c.to ?? null, rows[0]?.firstSeen ?? c.collectedAt, rows[rows.length - 1]));
      }
    }
    return items.length > 0 ? { ...f, attribution: items } : f;
  });
  return { ...result, findings };
}

function attribution(role: Role, server: string, from: Attribution['from'], to: Attribution['to'], firstSeen: string, row?: ChangeRow): Attribution {
  const item: Attribution = { role, server, from, to, firstSeen };
  if (row?.note !== undefined) item.note = row.note;
  if (row?.author !== undefined) item.author = row.author;
  if (row?.ticket !== undefined) item.ticket = row.ticket;
  return item;
}

/**
 * Reads the journal and attributes the audit's drift to the servers that changed since the pair's
 * approved baseline. Pass the audited snapshots to compare them with the baseline directly, so that
 * changes not recorded yet are attributed too.
 */
export function attributeFindings(store: HistoryStore, pairName: string, result: AuditResult, audited?: AuditedSnapshots): AuditResult {
  return attributeFromJournal(store.readJournal(), pairName, result, audited, (fp) => store.readSnapshot(fp), store.protector());
}

/** The pair's approved baseline, if any (for a report line such as "baseline approved 2026-11-20 by ..."). */
export function latestBaseline(store: HistoryStore, pairName: string): BaselineApprovedEntry | undefined {
  return indexJournal(store.readJournal()).baselines.get(key(pairName));
}

/** One line per attribution: "standby-a (SCADA-B) changed db.port 5481 → 5482, first seen 2026-11-20, no note". */
export function describeAttribution(setting: string, a: Attribution): string {
  const show = (v: unknown) => (typeof v === 'object' && v !== null && !Array.isArray(v) && 'secret' in v ? 'secret' : JSON.stringify(v));
  const why = a.note !== undefined ? `note: ${a.note}` : 'no note';
  return `${a.role} (${a.server}) changed ${setting} ${show(a.from)} → ${show(a.to)}, first seen ${a.firstSeen.slice(0, 10)}, ${why}${a.ticket ? `, ticket ${a.ticket}` : ''}`;
}
