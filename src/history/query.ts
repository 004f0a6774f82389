// Pure queries over the journal: servers and pairs, the changes between snapshots, notes and baselines.
import type { Role } from '../types.js';
import { key, serverKey } from './identity.js';
import type { BaselineApprovedEntry, ChangeRow, JournalEntry, NoteAddedEntry, ServerRef, SnapshotRecordedEntry } from './types.js';

export { key };

export interface ServerState {
  /** serverKey(): pair and host. */
  id: string;
  name: string;
  host: string;
  pair?: string;
  /** Its role in its latest snapshot. */
  role?: Role;
  /** The last stored snapshot (a later checked-unchanged entry has the same settings). */
  last: { seq: number; fingerprint: string; collectedAt: string };
  lastChecked: { seq: number; collectedAt: string };
}

export interface HistoryIndex {
  /** serverKey() → the server. */
  servers: Map<string, ServerState>;
  /** pair key → display name and role → server id. */
  pairs: Map<string, { name: string; roles: Map<Role, string> }>;
  /** `<seq>` or `<seq>.<n>` → notes on it, oldest first. */
  notes: Map<string, NoteAddedEntry[]>;
  baselines: Map<string, BaselineApprovedEntry>;
  bySeq: JournalEntry[];
  /**
   * Per snapshot-recorded entry (by seq), when its server was last seen before it: its previous snapshot, or a
   * later check that found it unchanged. A change the entry records happened after that time.
   */
  seenBefore: Map<number, string>;
}

/** One pass over the entries: who is who now, and which notes explain what. */
export function indexJournal(entries: JournalEntry[]): HistoryIndex {
  const servers = new Map<string, ServerState>();
  const pairs = new Map<string, { name: string; roles: Map<Role, string> }>();
  const notes = new Map<string, NoteAddedEntry[]>();
  const baselines = new Map<string, BaselineApprovedEntry>();
  const joinPair = (id: string, pair?: string, role?: Role) => {
    if (pair === undefined) return;
    let p = pairs.get(key(pair));
    if (!p) pairs.set(key(pair), (p = { name: pair, roles: new Map() }));
    if (role === undefined) return;
    // Roles belong to snapshots: a server whose role changed (a changeover) leaves its old role.
    for (const [r, s] of p.roles) if (s === id) p.roles.delete(r);
    p.roles.set(role, id);
  };
  const touch = (e: ServerRef & { seq: number; collectedAt: string }, last?: ServerState['last']) => {
    const id = serverKey(e);
    const prev = servers.get(id);
    const stored = last ?? prev?.last;
    if (stored === undefined) return;
    servers.set(id, {
      id,
      // A check under another --server name does not rename the server; a new snapshot does.
      name: last !== undefined || prev === undefined ? e.server : prev.name,
      host: e.host,
      ...(e.pair !== undefined ? { pair: e.pair } : {}),
      ...((e.role ?? prev?.role) !== undefined ? { role: e.role ?? prev?.role } : {}),
      last: stored,
      lastChecked: { seq: e.seq, collectedAt: e.collectedAt },
    });
    joinPair(id, e.pair, e.role);
  };
  // A server's history without a pair carried into a pair (its first snapshot there) continues there: it was last
  // seen when its history without a pair last saw it, and it is no longer a server without a pair.
  const carry = (e: SnapshotRecordedEntry, from: number) => {
    const source = entries[from - 1];
    const origin = source?.type === 'snapshot-recorded' && source.pair === undefined ? servers.get(serverKey(source)) : undefined;
    const here = servers.get(serverKey(e));
    if (origin === undefined || here === undefined) return;
    if (Date.parse(origin.lastChecked.collectedAt) > Date.parse(here.lastChecked.collectedAt)) here.lastChecked = origin.lastChecked;
    servers.delete(origin.id);
  };
  const seenBefore = new Map<number, string>();
  for (const e of entries) {
    switch (e.type) {
      case 'snapshot-recorded': {
        // Late evidence is kept, but is not the server's latest state.
        if (e.late === true) break;
        const seen = servers.get(serverKey(e))?.lastChecked.collectedAt;
        if (seen !== undefined) seenBefore.set(e.seq, seen);
        touch(e, { seq: e.seq, fingerprint: e.fingerprint, collectedAt: e.collectedAt });
        if (e.carriedFrom !== undefined) carry(e, e.carriedFrom.seq);
        break;
      }
      case 'checked-unchanged': {
        // Normally a later check of the server's own last snapshot; the snapshot it names otherwise.
        const target = entries[e.previous.seq - 1];
        touch(e, servers.has(serverKey(e)) || target?.type !== 'snapshot-recorded' ? undefined : { seq: target.seq, fingerprint: target.fingerprint, collectedAt: target.collectedAt });
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
      case 'changeover-recorded':
      case 'store-migrated':
        break;
    }
  }
  return { servers, pairs, notes, baselines, bySeq: entries, seenBefore };
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
      host: entry.host,
      setting: c.setting,
      kind: c.kind,
      firstSeen: entry.collectedAt,
      previousCollectedAt: index.seenBefore.get(entry.seq) ?? entry.previous?.collectedAt ?? '',
      recordedAt: entry.at,
      recordedBy: entry.author,
      notes,
      documented: note !== undefined && note.trim() !== '',
    };
    if (entry.pair !== undefined) row.pair = entry.pair;
    if (entry.role !== undefined) row.role = entry.role;
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

/** True when `name` is the server's display name or its host (both case-insensitive). */
export function isNamed(s: { server: string; host: string } | { name: string; host: string }, name: string): boolean {
  const display = 'server' in s ? s.server : s.name;
  return key(display) === key(name) || key(s.host) === key(name);
}

function inPeriod(at: string, since?: string, until?: string): boolean {
  const t = Date.parse(at);
  if (since !== undefined && t < Date.parse(since)) return false;
  if (until !== undefined && t > Date.parse(until)) return false;
  return true;
}

/**
 * Whether an entry belongs to a period: what it tells was first seen (`seen`: collected) in it, or it was recorded
 * (`at`) in it. By collection time alone, a bundle recorded days after it was collected landed in a period whose
 * change record was signed already, and no record showed it; so a late entry may be in two records, never in none.
 */
export function entryInPeriod(seen: string, at: string, since?: string, until?: string): boolean {
  return inPeriod(seen, since, until) || inPeriod(at, since, until);
}

/** Every change between consecutive snapshots of each server, in journal order, filtered. */
export function listChanges(entries: JournalEntry[], filter: ChangeFilter = {}, index = indexJournal(entries)): ChangeRow[] {
  const rows: ChangeRow[] = [];
  for (const e of entries) {
    if (e.type !== 'snapshot-recorded' || e.changes.length === 0) continue;
    if (filter.afterSeq !== undefined && e.seq <= filter.afterSeq) continue;
    if (filter.server !== undefined && !isNamed(e, filter.server)) continue;
    if (filter.pair !== undefined && key(e.pair ?? '') !== key(filter.pair)) continue;
    if (!entryInPeriod(e.collectedAt, e.at, filter.since, filter.until)) continue;
    for (const row of changeRows(e, index)) rows.push(row); // a snapshot may change 100,000s of settings: no spread
  }
  return rows;
}
