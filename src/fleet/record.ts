// `fleet --record`: journals every audited pair in the history store, in inventory order, one entry per pair.
import type { FleetResult } from './types.js';

export interface RecordFleetOptions {
  /** History store folder. */
  store: string;
  author: string;
  ticket?: string;
  now: Date;
  /** This process, for the store's writer lock (only the CLI knows it). */
  process: { pid: number; host: string; isAlive: (pid: number) => boolean };
}

/** Records each audited pair's result under its inventory id (`site/pair`); error pairs have no audit to record. */
export async function recordFleet(result: FleetResult, opts: RecordFleetOptions): Promise<number> {
  const { openStore, recordAudit } = await import('../history/index.js');
  const store = openStore(opts.store, { process: opts.process });
  let recorded = 0;
  for (const p of result.pairs) {
    if (!p.audit) continue;
    await recordAudit(store, p.audit, { at: opts.now.toISOString(), author: opts.author, ...(opts.ticket ? { ticket: opts.ticket } : {}), pair: p.id });
    recorded++;
  }
  return recorded;
}
