// Baseline attribution: for each drift in an audit, which server changed since the approved baseline, and when.
import type { AuditResult, Finding, Role } from '../types.js';
import { changeRows, indexJournal, key } from './query.js';
import type { BaselineApprovedEntry, ChangeRow, JournalEntry } from './types.js';
import type { HistoryStore } from './store.js';

type Attribution = NonNullable<Finding['attribution']>[number];

/** True when a change of `setting` explains a finding about `subject` (a setting name or a prefix such as a driver). */
function concerns(subject: string, setting: string): boolean {
  const s = key(subject);
  const c = key(setting);
  return c === s || c.startsWith(`${s}.`) || c.startsWith(`${s}\\`);
}

/** Fills `Finding.attribution` from the journal, for findings that are not a pass. Pure over `entries`. */
export function attributeFromJournal(entries: JournalEntry[], pairName: string, result: AuditResult): AuditResult {
  const index = indexJournal(entries);
  const baseline: BaselineApprovedEntry | undefined = index.baselines.get(key(pairName));
  if (!baseline) return result;
  const roleServer = new Map<Role, string>(baseline.servers.map((s) => [s.role, s.server]));
  // Changes per server after the baseline, in journal order.
  const after = new Map<string, ChangeRow[]>();
  for (const e of entries) {
    if (e.seq <= baseline.seq || e.type !== 'snapshot-recorded' || e.changes.length === 0) continue;
    const list = after.get(key(e.server)) ?? [];
    list.push(...changeRows(e, index));
    after.set(key(e.server), list);
  }
  const findings = result.findings.map((f) => {
    if (f.status === 'pass') return f;
    const items: Attribution[] = [];
    for (const role of f.servers) {
      const server = roleServer.get(role);
      if (server === undefined) continue;
      for (const row of after.get(key(server)) ?? []) {
        if (!concerns(f.setting, row.setting)) continue;
        const item: Attribution = { role, server, from: row.from ?? null, to: row.to ?? null, firstSeen: row.firstSeen };
        if (row.note !== undefined) item.note = row.note;
        if (row.author !== undefined) item.author = row.author;
        if (row.ticket !== undefined) item.ticket = row.ticket;
        items.push(item);
      }
    }
    return items.length > 0 ? { ...f, attribution: items } : f;
  });
  return { ...result, findings };
}

/** Reads the journal and attributes the audit's drift to the servers that changed since the pair's baseline. */
export function attributeFindings(store: HistoryStore, pairName: string, result: AuditResult): AuditResult {
  return attributeFromJournal(store.readJournal(), pairName, result);
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
