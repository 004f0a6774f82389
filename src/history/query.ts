// Pure queries over the journal: servers and pairs, the changes between snapshots, notes and baselines.
import type { Role } from '../types.js';
import type { BaselineApprovedEntry, ChangeRow, JournalEntry, NoteAddedEntry, SnapshotRecordedEntry } from './types.js';

export const key = (name: string): string => name.toLowerCase();

export interface ServerState {
  name: string;
  pair?: string;
  role?: Role;
  /** The last stored snapshot (a later checked-unchanged entry has the same settings). */
  last: { seq: number; fingerprint: string; collectedAt: string };
  lastChecked: { seq: number; collectedAt: string };
}

export interface HistoryIndex {
  servers: Map<string, ServerState>;
  /** pair key → display name and role → server key. */
  pairs: Map<string, { name: string; roles: Map<Role, string> }>;
  /** `<seq>` or `<seq>.<n>` → notes on it, oldest first. */
  notes: Map<string, NoteAddedEntry[]>;
  baselines: Map<string, BaselineApprovedEntry>;
  bySeq: JournalEntry[];
}

/** One pass over the entries: who is who now, and which notes explain what. */
export function indexJournal(entries: JournalEntry[]): HistoryIndex {
  const servers = new Map<string, ServerState>();
  const pairs = new Map<string, { name: string; roles: Map<Role, string> }>();
  const notes = new Map<string, NoteAddedEntry[]>();
  const baselines = new Map<string, BaselineApprovedEntry>();
  const joinPair = (server: string, pair?: string, role?: Role) => {
    if (pair === undefined || role === undefined) return;
    let p = pairs.get(key(pair));
    if (!p) pairs.set(key(pair), (p = { name: pair, roles: new Map() }));
    // A server that moves to another role or pair leaves its old place.
    for (const other of pairs.values()) for (const [r, s] of other.roles) if (s === key(server)) other.roles.delete(r);
    p.roles.set(role, key(server));
  };
  for (const e of entries) {
    switch (e.type) {
      case 'snapshot-recorded': {
        const prev = servers.get(key(e.server));
        servers.set(key(e.server), {
          name: e.server,
          pair: e.pair ?? prev?.pair,
          role: e.role ?? prev?.role,
          last: { seq: e.seq, fingerprint: e.fingerprint, collectedAt: e.collectedAt },
          lastChecked: { seq: e.seq, collectedAt: e.collectedAt },
        });
        joinPair(e.server, e.pair, e.role);
        break;
      }
      case 'checked-unchanged': {
        const s = servers.get(key(e.server));
        if (s) {
          s.lastChecked = { seq: e.seq, collectedAt: e.collectedAt };
          if (e.pair !== undefined) s.pair = e.pair;
          if (e.role !== undefined) s.role = e.role;
        }
        joinPair(e.server, e.pair, e.role);
        break;
      }
      case 'note-added': {
        const k = e.target.change === undefined ? String(e.target.seq) : `${e.target.seq}.${e.target.change}`;
        const list = notes.get(k) ?? [];
        list.push(e);
        notes.set(k, list);
        break;
      }
      case 'baseline-approved':
        baselines.set(key(e.pair), e);
        break;
      case 'audit-recorded':
        break;
    }
  }
  return { servers, pairs, notes, baselines, bySeq: entries };
}

export interface ChangeFilter {
  server?: string;
  pair?: string;
  /** ISO times, inclusive; compared with when the change was first seen. */
  since?: string;
  until?: string;
  /** Only changes recorded after this entry (baseline attribution). */
  afterSeq?: number;
}

/** The rows `changes` lists for one recording entry (exported for attribution). */
export function changeRows(entry: SnapshotRecordedEntry, index: HistoryIndex): ChangeRow[] {
  const entryNotes = index.notes.get(String(entry.seq)) ?? [];
  return entry.changes.map((c, i) => {
    const id = `${entry.seq}.${i + 1}`;
    const later = [...entryNotes, ...(index.notes.get(id) ?? [])].sort((a, b) => a.seq - b.seq);
    const latest = later[later.length - 1];
    const notes = later.map((n) => ({ seq: n.seq, at: n.at, author: n.author, ...(n.ticket !== undefined ? { ticket: n.ticket } : {}), text: n.note }));
    const note = latest?.note ?? entry.note;
    const row: ChangeRow = {
      id,
      seq: entry.seq,
      server: entry.server,
      setting: c.setting,
      kind: c.kind,
      firstSeen: entry.collectedAt,
      previousCollectedAt: entry.previous?.collectedAt ?? '',
      recordedAt: entry.at,
      recordedBy: entry.author,
      notes,
      documented: note !== undefined && note.trim() !== '',
    };
    // A server recorded once with --pair/--role keeps them in later records that do not repeat them.
    const known = index.servers.get(key(entry.server));
    const pair = entry.pair ?? known?.pair;
    const role = entry.role ?? known?.role;
    if (pair !== undefined) row.pair = pair;
    if (role !== undefined) row.role = role;
    if (c.from !== undefined) row.from = c.from;
    if (c.to !== undefined) row.to = c.to;
    if (note !== undefined) row.note = note;
    const author = latest?.author ?? entry.author;
    row.author = author;
    const ticket = latest?.ticket ?? entry.ticket;
    if (ticket !== undefined) row.ticket = ticket;
    return row;
  });
}

function inPeriod(at: string, since?: string, until?: string): boolean {
  const t = Date.parse(at);
  if (since !== undefined && t < Date.parse(since)) return false;
  if (until !== undefined && t > Date.parse(until)) return false;
  return true;
}

/** Every change between consecutive snapshots of each server, in journal order, filtered. */
export function listChanges(entries: JournalEntry[], filter: ChangeFilter = {}, index = indexJournal(entries)): ChangeRow[] {
  const pairServers = filter.pair === undefined ? undefined : new Set(index.pairs.get(key(filter.pair))?.roles.values() ?? []);
  const rows: ChangeRow[] = [];
  for (const e of entries) {
    if (e.type !== 'snapshot-recorded' || e.changes.length === 0) continue;
    if (filter.afterSeq !== undefined && e.seq <= filter.afterSeq) continue;
    if (filter.server !== undefined && key(e.server) !== key(filter.server)) continue;
    if (pairServers !== undefined && !(e.pair !== undefined && key(e.pair) === key(filter.pair!)) && !pairServers.has(key(e.server))) continue;
    if (!inPeriod(e.collectedAt, filter.since, filter.until)) continue;
    for (const row of changeRows(e, index)) rows.push(row); // a snapshot may change 100,000s of settings: no spread
  }
  return rows;
}
