// The changeovers of a change record: each one's servers, roles before and after, both checks and the changes across it (pure).
import type { ChangeoverRow, CheckRef, RoleHolder } from '../../history/types.js';
import type { Role } from '../../types.js';
import { roleLabel, verdictLabels } from '../../vocabulary.js';

export interface HolderView {
  role: Role;
  roleLabel: string;
  server: string;
  host: string;
  /** `NORTH-B (SCADA-N2)`, or the name alone when it is the host. */
  name: string;
}

export interface CheckView extends CheckRef {
  /** `check GO`, `check NO-GO`, `audit DRIFT`. */
  label: string;
}

/** A changeover as the reports show it; `C`: how each setting change across it is shown (view.ts's ChangeView). */
export interface ChangeoverOf<C extends { documented: boolean }> {
  seq: number;
  /** Not journalled yet (an interrupted check --record left its entry out): the next write to the store appends it as entry `seq`. */
  pending?: true;
  pair: string;
  recordedAt: string;
  who: string;
  ticket: string;
  note: string;
  between: { before: string; after: string };
  mainBefore: HolderView;
  mainAfter: HolderView;
  rolesBefore: HolderView[];
  rolesAfter: HolderView[];
  /** Each server of the pair with its role before and after (`(none)` where it had none), Main after first. */
  servers: { name: string; before: string; after: string }[];
  preCheck: CheckView;
  postCheck: CheckView;
  /** The setting changes journalled across the changeover. */
  changes: C[];
  changed: boolean;
  undocumented: number;
}

/** `NORTH-B (SCADA-N2)`, or the name alone when it is the host. */
export const serverName = (s: { server: string; host: string }): string => (s.server.toLowerCase() === s.host.toLowerCase() ? s.server : `${s.server} (${s.host})`);

function holder(h: RoleHolder): HolderView {
  return { role: h.role, roleLabel: roleLabel(h.role), server: h.server, host: h.host, name: serverName(h) };
}

/** `check GO (entry 12)` without the entry: what a check or audit concluded. */
export function checkLabel(c: CheckRef): string {
  return `${c.kind} ${c.go === undefined ? verdictLabels[c.verdict] : c.go ? 'GO' : 'NO-GO'}`;
}

export function buildChangeoverView<C extends { documented: boolean }>(row: ChangeoverRow, changeView: (r: ChangeoverRow['changes'][number]) => C): ChangeoverOf<C> {
  const before = row.roles.before.map(holder);
  const after = row.roles.after.map(holder);
  const hosts = [...new Set([...after, ...before].map((h) => h.host.toLowerCase()))];
  const servers = hosts.map((host) => {
    const b = before.find((h) => h.host.toLowerCase() === host);
    const a = after.find((h) => h.host.toLowerCase() === host);
    return { name: (a ?? b)!.name, before: b?.roleLabel ?? '(none)', after: a?.roleLabel ?? '(none)' };
  });
  const changes = row.changes.map(changeView);
  return {
    seq: row.seq,
    ...(row.pending === true ? { pending: true as const } : {}),
    pair: row.pair,
    recordedAt: row.recordedAt,
    // Every format shows who recorded a changeover: a pending one says there that it is not journalled yet.
    who: row.pending === true ? `${row.author} (${pendingText(row.seq)})` : row.author,
    ticket: row.ticket ?? '',
    note: row.note ?? '',
    between: row.between,
    mainBefore: holder({ role: 'main', ...row.main.before }),
    mainAfter: holder({ role: 'main', ...row.main.after }),
    rolesBefore: before,
    rolesAfter: after,
    servers,
    preCheck: { ...row.preCheck, label: checkLabel(row.preCheck) },
    postCheck: { ...row.postCheck, label: checkLabel(row.postCheck) },
    changes,
    changed: changes.length > 0,
    undocumented: changes.filter((c) => !c.documented).length,
  };
}

/** One line: `Main NORTH-A (SCADA-N1) → NORTH-B (SCADA-N2)`, and ` (pending)` for one not journalled yet. */
export function mainMove(c: Pick<ChangeoverOf<{ documented: boolean }>, 'mainBefore' | 'mainAfter' | 'pending'>): string {
  return `Main ${c.mainBefore.name} → ${c.mainAfter.name}${c.pending === true ? ' (pending)' : ''}`;
}

/** What a pending changeover says beside who recorded the check that showed it. */
export function pendingText(seq: number): string {
  return `PENDING: not journalled yet, an interrupted check --record left it out; the next command that writes to the store journals it as entry ${seq}`;
}
