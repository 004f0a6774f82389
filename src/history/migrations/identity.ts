// Format version 2: servers known by pair and host instead of by label across the whole store.
//
// Version 1 (pairaudit 0.1.0) keyed a server's history by its label (or --server), so the same label in two
// pairs was one server: a fleet whose sites all call their servers SCADA-A / SCADA-B journalled the
// differences *between sites* as changes. This step gives every snapshot entry its `host` (the stored
// snapshot's computer name, else the label) and its pair (as 0.1.0 read it: the entry's own, else the one the
// label was last recorded with), then re-links each snapshot to the previous snapshot of the same pair and
// host. Where that differs from what 0.1.0 linked, the entry's changes are recomputed against the right
// snapshot (none for a server's first), and the step says so.
import { hostOf, key, serverKey } from '../identity.js';
import { diffForJournal } from '../snapshots.js';
import type { MigrationContext, RawEntry } from './context.js';

interface Last {
  seq: number;
  fingerprint: string;
  collectedAt: string;
}

export function migrateIdentity(ctx: MigrationContext): void {
  const pairOfLabel = new Map<string, string>();
  const roleOfLabel = new Map<string, string>();
  const lastOf = new Map<string, Last>();
  const bySeq = new Map<number, RawEntry>(ctx.entries.map((e) => [e.seq, e]));
  for (const e of ctx.entries) {
    if (e.type === 'snapshot-recorded' || e.type === 'checked-unchanged') {
      const label = e.server as string;
      if (typeof e.pair === 'string') pairOfLabel.set(key(label), e.pair);
      if (typeof e.role === 'string') roleOfLabel.set(key(label), e.role);
      const pair = pairOfLabel.get(key(label));
      const role = roleOfLabel.get(key(label));
      if (pair !== undefined) e.pair = pair;
      if (role !== undefined) e.role = role;
    }
    if (e.type === 'snapshot-recorded') {
      const label = e.server as string;
      const snapshot = ctx.readSnapshot(e.fingerprint as string);
      e.host = hostOf(snapshot, label);
      const id = serverKey({ pair: e.pair as string | undefined, host: e.host as string });
      const prev = lastOf.get(id);
      const old = e.previous as Last | undefined;
      if ((prev?.seq ?? 0) !== (old?.seq ?? 0)) {
        const where = `${e.pair !== undefined ? `${String(e.pair)}, ` : ''}host ${String(e.host)}`;
        const count = (e.changes as unknown[]).length;
        if (prev === undefined) {
          delete e.previous;
          e.changes = [];
          ctx.report(`entry ${e.seq}: first snapshot of ${label} (${where}); it was journalled as ${count} change(s) since entry ${old?.seq ?? '-'} of another server with that label`);
        } else {
          e.previous = { seq: prev.seq, fingerprint: prev.fingerprint, collectedAt: prev.collectedAt };
          e.changes = diffForJournal(ctx.readSnapshot(prev.fingerprint), snapshot);
          ctx.report(`entry ${e.seq}: ${label} (${where}) now follows entry ${prev.seq} instead of entry ${old?.seq ?? '-'}; its ${count} change(s) recomputed`);
        }
      }
      lastOf.set(id, { seq: e.seq, fingerprint: e.fingerprint as string, collectedAt: e.collectedAt as string });
    } else if (e.type === 'checked-unchanged') {
      // Same settings as the snapshot it names, so the same computer name.
      const target = bySeq.get((e.previous as { seq: number }).seq);
      e.host = typeof target?.host === 'string' ? target.host : (e.server as string);
    } else if (e.type === 'baseline-approved') {
      for (const s of e.servers as Record<string, unknown>[]) {
        const target = bySeq.get(s.seq as number);
        s.host = typeof target?.host === 'string' ? target.host : s.server;
      }
    }
  }
}
