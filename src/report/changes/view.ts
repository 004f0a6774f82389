// The change-record view model: everything a change-record formatter shows, derived once (pure).
import type { ChangeoverRow, ChangeRow, JournalHead, SignerSummary } from '../../history/types.js';
import type { DisplayValue, Role } from '../../types.js';
import { safeDisplayValue } from '../view.js';
import { maskFreeText as masked } from '../../snapshot/secrets.js';
import { showChange } from '../display.js';

import { roleLabel } from '../../vocabulary.js';
import { buildChangeoverView, type ChangeoverOf } from './changeovers.js';


export interface ChangeRecordInput {
  rows: ChangeRow[];
  /** The changeovers in the period (`pairaudit changes` lists them beside the changes). */
  changeovers?: ChangeoverRow[];
  /** The record of changeovers (`changes --changeovers`): one section per changeover, no other changes. */
  focus?: 'changes' | 'changeovers';
  /** The keys that signed journal entries. */
  signers?: SignerSummary[];
  head: JournalHead;
  /** Entries in the journal (all checked while reading). */
  entries: number;
  generatedAt: string;
  tool: { name: string; version: string };
  site?: string;
  pair?: string;
  server?: string;
  since?: string;
  until?: string;
  /** Free title; default "Change record". */
  title?: string;
}

/** A changeover as the reports show it, its setting changes as ChangeViews. */
export type ChangeoverView = ChangeoverOf<ChangeView>;

export interface ChangeView {
  id: string;
  seq: number;
  server: string;
  role?: Role;
  roleLabel?: string;
  pair?: string;
  setting: string;
  kind: ChangeRow['kind'];
  kindLabel: string;
  /** The values themselves (secrets as set / different only); absent when added or removed. */
  from?: DisplayValue;
  to?: DisplayValue;
  /** One-line values; secrets as set / not set / set (different) only. */
  before: string;
  after: string;
  firstSeen: string;
  /** The change happened after this collection time (the server's previous snapshot, or a later unchanged check of it). */
  since: string;
  recordedAt: string;
  recordedBy: string;
  /** "Who" for the record: the note's author when a note explains it, else who recorded it. */
  who: string;
  why: string;
  ticket: string;
  documented: boolean;
  notes: ChangeRow['notes'];
}

export interface ServerSummary {
  server: string;
  role?: Role;
  roleLabel?: string;
  pair?: string;
  changes: number;
  undocumented: number;
}

export interface ChangeRecordView {
  /** `changeovers`: the record an engineer signs after a test changeover (one section per changeover). */
  focus: 'changes' | 'changeovers';
  title: string;
  site: string;
  pair: string;
  server: string;
  /** Requested period (or "all"), and the first and last change actually in it. */
  period: { since: string; until: string; label: string; first?: string; last?: string };
  generatedAt: string;
  tool: { name: string; version: string };
  journal: { head: JournalHead; entries: number };
  counts: { changes: number; documented: number; undocumented: number; servers: number; changeovers: number };
  servers: ServerSummary[];
  changes: ChangeView[];
  changeovers: ChangeoverView[];
  /** The keys that signed journal entries (ids as `verify --key` prints them), and which entries. */
  signers: SignerSummary[];
  signOff: { role: string }[];
}

const kindLabels: Record<ChangeRow['kind'], string> = { added: 'added', removed: 'removed', changed: 'changed' };

/** One change as the record shows it. */
function changeView(r: ChangeRow): ChangeView {
  const [before, after] = showChange(r.kind === 'added' ? null : r.from, r.kind === 'removed' ? null : r.to);
  const v: ChangeView = {
    id: r.id,
    seq: r.seq,
    server: r.server,
    setting: r.setting,
    kind: r.kind,
    kindLabel: kindLabels[r.kind],
    before,
    after,
    firstSeen: r.firstSeen,
    since: r.previousCollectedAt,
    recordedAt: r.recordedAt,
    recordedBy: masked(r.recordedBy),
    // What a person typed, masked again as shown: an entry journalled before notes were masked keeps its text.
    who: masked(r.author ?? r.recordedBy),
    why: masked(r.note ?? ''),
    ticket: masked(r.ticket ?? ''),
    documented: r.documented,
    notes: r.notes.map((n) => ({ ...n, author: masked(n.author), text: masked(n.text), ...(n.ticket !== undefined ? { ticket: masked(n.ticket) } : {}) })),
  };
  if (r.role !== undefined) {
    v.role = r.role;
    v.roleLabel = roleLabel(r.role);
  }
  if (r.pair !== undefined) v.pair = r.pair;
  if (r.kind !== 'added') v.from = safeDisplayValue(r.from);
  if (r.kind !== 'removed') v.to = safeDisplayValue(r.to);
  return v;
}

export function buildChangeRecordView(input: ChangeRecordInput): ChangeRecordView {
  const changes: ChangeView[] = input.rows.map(changeView);
  const changeovers = (input.changeovers ?? []).map((c) => buildChangeoverView(c, changeView));
  const focus = input.focus ?? 'changes';
  const byServer = new Map<string, ServerSummary>();
  for (const c of changes) {
    const k = c.server.toLowerCase();
    let s = byServer.get(k);
    if (!s) {
      s = { server: c.server, changes: 0, undocumented: 0 };
      byServer.set(k, s);
    }
    // The latest role and pair win, as in the journal index.
    if (c.role !== undefined) {
      s.role = c.role;
      s.roleLabel = c.roleLabel;
    }
    if (c.pair !== undefined) s.pair = c.pair;
    s.changes++;
    if (!c.documented) s.undocumented++;
  }
  const servers = [...byServer.values()].sort((a, b) => (a.server.toLowerCase() < b.server.toLowerCase() ? -1 : a.server.toLowerCase() > b.server.toLowerCase() ? 1 : 0));
  const times = changes.map((c) => c.firstSeen).sort();
  const since = input.since ?? '';
  const until = input.until ?? '';
  const undocumented = changes.filter((c) => !c.documented).length;
  return {
    focus,
    title: input.title ?? (focus === 'changeovers' ? 'Changeover record' : 'Change record'),
    site: input.site ?? '',
    pair: input.pair ?? '',
    server: input.server ?? '',
    period: {
      since,
      until,
      label: since === '' && until === '' ? 'all recorded history' : `${since === '' ? 'start' : since} to ${until === '' ? input.generatedAt : until}`,
      ...(times.length > 0 ? { first: times[0], last: times[times.length - 1] } : {}),
    },
    generatedAt: input.generatedAt,
    tool: input.tool,
    journal: { head: input.head, entries: input.entries },
    counts: { changes: changes.length, documented: changes.length - undocumented, undocumented, servers: servers.length, changeovers: changeovers.length },
    servers,
    changes,
    changeovers,
    signers: input.signers ?? [],
    signOff: focus === 'changeovers' ? [{ role: 'Changeover performed by' }, { role: 'Checked by' }, { role: 'Approved by' }] : [{ role: 'Prepared by' }, { role: 'Reviewed by' }, { role: 'Approved by' }],
  };
}

/** `SCADA-B (Standby A)` or just the server name. */
export function serverLabel(c: { server: string; roleLabel?: string }): string {
  return c.roleLabel ? `${c.server} (${c.roleLabel})` : c.server;
}

/** ISO time shortened for tables: `2026-11-20 14:05Z`. */
/** A change recorded more than this after its collection says when it was recorded. */
const LATE_MS = 24 * 3600 * 1000;

/**
 * When a change was first seen as the records show it: `2026-11-21 12:00Z`, and `(recorded 2026-11-25 09:00Z)` after
 * it when it was recorded more than a day after its collection (a period holds a change first seen or recorded in
 * it). Worked out here, not stored in the view: a change record saved before it has no such field.
 */
export function seenWhen(c: Pick<ChangeView, 'firstSeen' | 'recordedAt'>): string {
  const late = typeof c.recordedAt === 'string' && Date.parse(c.recordedAt) - Date.parse(c.firstSeen) > LATE_MS;
  return late ? `${shortTime(c.firstSeen)} (recorded ${shortTime(c.recordedAt)})` : shortTime(c.firstSeen);
}

export function shortTime(iso: string): string {
  if (iso === '') return '';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/.exec(iso);
  return m ? `${m[1]} ${m[2]}${m[3] ?? ''}` : iso;
}

/** `Signed: entries 3-9 (7) with ed25519:…; check them with pairaudit verify --key` for one signing key. */
export function signerLine(s: SignerSummary): string {
  return `Signed: entries ${s.first}-${s.last} (${s.entries}) with key ${s.key}; check the signatures with \`pairaudit verify --key\``;
}
