// `fleet --record`: journals each audited pair in the history store, with its snapshots, as `audit --record` does.
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

/**
 * A recorder to call for each pair in inventory order: the pair's snapshots (snapshot-recorded or
 * checked-unchanged) and its audit result, under its inventory id (`site/pair`). Error pairs have nothing to record.
 */
export async function fleetRecorder(opts: RecordFleetOptions): Promise<{ record: (audited: AuditedPair) => Promise<void>; count: () => number }> {
  const [{ openStore, recordAudit, loadSigningKey }, { freeTextDetector }, { loadProfile }] = await Promise.all([import('../history/index.js'), import('../snapshot/secrets.js'), import('../collect/profile/load.js')]);
  const store = openStore(opts.store, { process: opts.process, ...(opts.signKeyFile !== undefined ? { signKey: loadSigningKey(opts.signKeyFile) } : {}) });
  // A store that fails verification refuses every write: say so once, before any pair is audited (as audit --record).
  if (store.exists()) store.readJournal();
  let recorded = 0;
  // Author and ticket masked by the pair's profile's secret patterns as well as the bundled ones (as audit --record).
  const detectors = new Map<string, Promise<ReturnType<typeof freeTextDetector>>>();
  const secretsOf = (file: string) => {
    if (!detectors.has(file)) detectors.set(file, loadProfile(file).then(freeTextDetector));
    return detectors.get(file) as Promise<ReturnType<typeof freeTextDetector>>;
  };
  return {
    async record({ result, snapshots }) {
      if (!result.audit) return;
      const profile = opts.profileOf?.(result.id);
      await recordAudit(store, result.audit, {
        at: opts.now.toISOString(),
        author: opts.author,
        ...(opts.ticket ? { ticket: opts.ticket } : {}),
        ...(profile !== undefined ? { secrets: await secretsOf(profile) } : {}),
        pair: result.id,
        ...(snapshots ? { snapshots: snapshots.map((s) => ({ role: s.role, snapshot: s.snapshot })) } : {}),
      });
      recorded++;
    },
    count: () => recorded,
  };
}
