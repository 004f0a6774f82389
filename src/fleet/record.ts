// `fleet --record`: journals each audited pair in the history store, with its snapshots, as `audit --record` does,
// all or nothing: every pair's evidence is checked before anything is written.
import type { AuditedPair } from './audit-pair.js';

export interface RecordFleetOptions {
  /** History store folder. */
  store: string;
  author: string;
  ticket?: string;
  now: Date;
  /** Ed25519 private key file that signs every entry (PAIRAUDIT_SIGN_KEY). */
  signKeyFile?: string;
  /** This process, for the store's writer lock (only the CLI knows it). */
  process: { pid: number; host: string; isAlive: (pid: number) => boolean };
  /** The profile file a pair (by inventory id) is audited with, if any: its secret patterns mask the author and ticket too. */
  profileOf?: (pairId: string) => string | undefined;
}

/** What `write` did: the audits journalled (every pair's, or none), and each refused pair (by inventory id) with why. */
export interface FleetRecording {
  recorded: number;
  refused: { pair: string; reason: string }[];
}

/**
 * A recorder that is given each audited pair in inventory order (`add`: its snapshots and audit result, under its
 * inventory id `site/pair`; error pairs have nothing to record) and then journals them in one write (`write`): every
 * pair's snapshots (snapshot-recorded or checked-unchanged) and audit, in that order, or, when any pair's evidence
 * would be refused (forward-only evidence, a collection time ahead of the clock), nothing.
 */
export async function fleetRecorder(opts: RecordFleetOptions): Promise<{ add: (audited: AuditedPair) => void; write: () => Promise<FleetRecording> }> {
  const [{ openStore, recordAudits, loadSigningKey }, { freeTextDetector }, { loadProfile }] = await Promise.all([import('../history/index.js'), import('../snapshot/secrets.js'), import('../collect/profile/load.js')]);
  const store = openStore(opts.store, { process: opts.process, ...(opts.signKeyFile !== undefined ? { signKey: loadSigningKey(opts.signKeyFile) } : {}) });
  // A store that fails verification refuses every write: say so once, before any pair is audited (as audit --record).
  if (store.exists()) store.readJournal();
  // Author and ticket masked by the pair's profile's secret patterns as well as the bundled ones (as audit --record).
  const detectors = new Map<string, Promise<ReturnType<typeof freeTextDetector>>>();
  const secretsOf = (file: string) => {
    if (!detectors.has(file)) detectors.set(file, loadProfile(file).then(freeTextDetector));
    return detectors.get(file) as Promise<ReturnType<typeof freeTextDetector>>;
  };
  const pairs: AuditedPair[] = [];
  return {
    add(audited) {
      if (audited.result.audit) pairs.push(audited);
    },
    async write() {
      if (pairs.length === 0) return { recorded: 0, refused: [] };
      const audits = await Promise.all(
        pairs.map(async ({ result, snapshots }) => {
          const profile = opts.profileOf?.(result.id);
          return {
            result: result.audit!,
            meta: {
              at: opts.now.toISOString(),
              author: opts.author,
              ...(opts.ticket ? { ticket: opts.ticket } : {}),
              ...(profile !== undefined ? { secrets: await secretsOf(profile) } : {}),
              pair: result.id,
              ...(snapshots ? { snapshots: snapshots.map((s) => ({ role: s.role, snapshot: s.snapshot })) } : {}),
            },
          };
        }),
      );
      const outcome = await recordAudits(store, audits, 'fleet --record');
      if (outcome.refused !== undefined) return { recorded: 0, refused: outcome.refused.map((r) => ({ pair: pairs[r.index].result.id, reason: r.error.message })) };
      return { recorded: outcome.outcomes.length, refused: [] };
    },
  };
}
