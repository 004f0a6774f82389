// Changeovers: the Main role moved to another server of a pair between two recorded checks (pure over the journal).
import type { Role } from '../types.js';
import { compareRoles } from '../vocabulary.js';
import { changeRows, entryInPeriod, indexJournal, isNamed, key, listChanges, type ChangeFilter, type HistoryIndex, type ServerState } from './query.js';
import type { AuditRecordedEntry, ChangeoverRecordedEntry, ChangeoverRow, ChangeRow, CheckRef, JournalEntry, NewEntry, RoleHolder, SignerSummary } from './types.js';

/** What a changeover entry holds besides the who/when/why every entry has. */
export type ChangeoverFacts = Pick<ChangeoverRecordedEntry, 'pair' | 'between' | 'main' | 'roles' | 'preCheck' | 'postCheck' | 'settingChanges'>;

function checkRef(e: AuditRecordedEntry): CheckRef {
  return { seq: e.seq, kind: e.kind, verdict: e.verdict, ...(e.go !== undefined ? { go: e.go } : {}), generatedAt: e.generatedAt };
}

/** The pair's servers with their roles in `index`, Main first. */
function holders(index: HistoryIndex, pairKey: string): RoleHolder[] {
  const roles = index.pairs.get(pairKey)?.roles ?? new Map<Role, string>();
  return [...roles]
    .flatMap(([role, id]) => {
      const s = index.servers.get(id);
      return s === undefined ? [] : [{ role, server: s.name, host: s.host }];
    })
    .sort((a, b) => compareRoles(a.role, b.role));
}

/** What a Main move is judged against: the pair's last recorded check, and the journal as it saw it. */
export interface MainMove {
  /** The pair's last recorded check (or audit) before the move. */
  pre: AuditRecordedEntry;
  /** The journal up to and including `pre`: what it saw (its snapshots are recorded in the same write just before it). */
  before: HistoryIndex;
  /** The server that was Main at `pre`, and the one that is Main now (a server the pair had at `pre`). */
  was: ServerState;
  now: ServerState;
  /** The pair's server collected last as `pre` saw it: the changeover happened after its collection. */
  lastSeen: ServerState;
}

/**
 * Whether a recorded check of `pair` with its Main on server `mainAfter` (serverKey) moves the Main, judged
 * against the pair's last recorded check (or audit) in `entries`: that check had the Main role on another server
 * of the pair. A new machine as Main (one the pair did not have then) is a replacement, not a changeover. The one
 * rule for both the changeover entry (changeoverAt) and the refusal of evidence that cannot place one (record.ts).
 */
export function mainMoveSince(entries: JournalEntry[], pair: string, mainAfter: string | undefined): MainMove | undefined {
  const pairKey = key(pair);
  let pre: AuditRecordedEntry | undefined;
  for (let i = entries.length - 1; i >= 0 && pre === undefined; i--) {
    const e = entries[i];
    if (e.type === 'audit-recorded' && e.pair !== undefined && key(e.pair) === pairKey) pre = e;
  }
  if (pre === undefined || mainAfter === undefined) return undefined;
  // Each check was recorded in one write right after its snapshots: the index up to it is what it saw.
  const before = indexJournal(entries.slice(0, pre.seq));
  const mainBefore = before.pairs.get(pairKey)?.roles.get('main');
  const now = before.servers.get(mainAfter);
  if (mainBefore === undefined || mainBefore === mainAfter || now === undefined) return undefined;
  const lastSeen = [...before.servers.values()].filter((s) => key(s.pair ?? '') === pairKey).reduce((a, b) => (Date.parse(b.lastChecked.collectedAt) > Date.parse(a.lastChecked.collectedAt) ? b : a));
  return { pre, before, was: before.servers.get(mainBefore)!, now, lastSeen };
}

/**
 * The changeover that the audit-recorded entry `post` shows, if any (mainMoveSince: the pair's previous recorded
 * check had the Main role on another of its servers). `entries` holds the journal up to and including `post`;
 * `collected` the collection times of the snapshots recorded with `post`.
 */
export function changeoverAt(entries: JournalEntry[], post: AuditRecordedEntry, collected: string[]): ChangeoverFacts | undefined {
  if (post.pair === undefined) return undefined;
  const pairKey = key(post.pair);
  const after = indexJournal(entries.slice(0, post.seq));
  const move = mainMoveSince(entries.slice(0, post.seq - 1), post.pair, after.pairs.get(pairKey)?.roles.get('main'));
  if (move === undefined) return undefined;
  const { pre, before, was } = move;
  const now = after.servers.get(move.now.id)!;
  const firstAfter = (collected.length > 0 ? collected : [now.lastChecked.collectedAt]).reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a));
  return {
    pair: after.pairs.get(pairKey)!.name,
    between: { before: move.lastSeen.lastChecked.collectedAt, after: firstAfter },
    main: { before: { server: was.name, host: was.host }, after: { server: now.name, host: now.host } },
    roles: { before: holders(before, pairKey), after: holders(after, pairKey) },
    preCheck: checkRef(pre),
    postCheck: checkRef(post),
    settingChanges: listChanges(entries.slice(0, post.seq), { pair: post.pair, afterSeq: pre.seq }, after).map((r) => r.id),
  };
}

/**
 * The changeover entry a write killed between its `audit-recorded` entry and the `changeover-recorded` one that
 * follows it did not append: the journal's last entry is a recorded check of a pair whose Main moved. The entry is
 * rebuilt as that write would have written it (same who/when/why; the collection times of the snapshots it
 * recorded just before the check, in the same write). Undefined when nothing is missing. Only the last entry can
 * be such a check: a store's entries written by a version that journalled no changeovers (pairaudit 0.1.0, store
 * versions 1 and 2) are always followed by the `store-migrated` entry that brought the store to this version.
 */
export function unjournalledChangeover(entries: JournalEntry[]): NewEntry | undefined {
  const post = entries[entries.length - 1];
  if (post?.type !== 'audit-recorded' || post.pair === undefined) return undefined;
  const collected: string[] = [];
  for (let i = post.seq - 2, n = 0; i >= 0 && n < post.servers.length; i--) {
    const e = entries[i];
    if ((e.type !== 'snapshot-recorded' && e.type !== 'checked-unchanged') || e.at !== post.at || e.author !== post.author || key(e.pair ?? '') !== key(post.pair)) break;
    // A history carried into the pair is not one of the check's snapshots: the one after it is.
    if (e.type === 'snapshot-recorded' && e.carriedFrom !== undefined) continue;
    n++;
    if (!(e.type === 'snapshot-recorded' && e.late === true)) collected.push(e.collectedAt);
  }
  const facts = changeoverAt(entries, post, collected);
  if (facts === undefined) return undefined;
  const meta = { at: post.at, author: post.author, ...(post.ticket !== undefined ? { ticket: post.ticket } : {}), ...(post.note !== undefined ? { note: post.note } : {}), ...(post.backdated !== undefined ? { backdated: post.backdated } : {}) };
  return { type: 'changeover-recorded', ...meta, ...facts } as NewEntry;
}

/**
 * Every changeover, in journal order, filtered like changes (the period applies to the first collection after it);
 * last, the one an interrupted `check --record` left out (unjournalledChangeover), as `pending`: the next write
 * to the store appends it as the entry after the journal's last, so it is listed with that number.
 */
export function listChangeovers(entries: JournalEntry[], filter: Omit<ChangeFilter, 'afterSeq'> = {}, index = indexJournal(entries)): ChangeoverRow[] {
  const rowsOf = new Map<number, ChangeRow[]>();
  const change = (id: string): ChangeRow[] => {
    const [seq, n] = id.split('.').map(Number);
    const e = entries[seq - 1];
    if (e?.type !== 'snapshot-recorded') return [];
    let rows = rowsOf.get(seq);
    if (rows === undefined) rowsOf.set(seq, (rows = changeRows(e, index)));
    return rows[n - 1] === undefined ? [] : [rows[n - 1]];
  };
  const pending = unjournalledChangeover(entries);
  const listed: { e: Omit<ChangeoverRecordedEntry, 'v' | 'prevHash' | 'hash'>; pending: boolean }[] = entries.flatMap((e) => (e.type === 'changeover-recorded' ? [{ e, pending: false }] : []));
  if (pending?.type === 'changeover-recorded') listed.push({ e: { ...pending, seq: entries.length + 1 }, pending: true });
  const out: ChangeoverRow[] = [];
  for (const { e, pending } of listed) {
    if (filter.pair !== undefined && key(e.pair) !== key(filter.pair)) continue;
    if (filter.server !== undefined && ![...e.roles.before, ...e.roles.after].some((h) => isNamed(h, filter.server!))) continue;
    if (!entryInPeriod(e.between.after, e.at, filter.since, filter.until)) continue;
    const notes = index.notes.get(String(e.seq)) ?? [];
    const latest = notes[notes.length - 1];
    const note = latest?.note ?? e.note;
    const ticket = latest?.ticket ?? e.ticket;
    out.push({
      seq: e.seq,
      ...(pending ? { pending: true as const } : {}),
      pair: e.pair,
      recordedAt: e.at,
      author: e.author,
      ...(ticket !== undefined ? { ticket } : {}),
      ...(note !== undefined ? { note } : {}),
      between: e.between,
      main: e.main,
      roles: e.roles,
      preCheck: e.preCheck,
      postCheck: e.postCheck,
      changes: e.settingChanges.flatMap(change),
    });
  }
  return out;
}

/** The keys that signed entries of the journal, in the order they began signing (what a change record shows). */
export function signersOf(entries: JournalEntry[]): SignerSummary[] {
  const byKey = new Map<string, SignerSummary>();
  for (const e of entries) {
    if (e.sig === undefined) continue;
    const s = byKey.get(e.sig.key);
    if (s === undefined) byKey.set(e.sig.key, { key: e.sig.key, first: e.seq, last: e.seq, entries: 1 });
    else {
      s.last = e.seq;
      s.entries++;
    }
  }
  return [...byKey.values()];
}
