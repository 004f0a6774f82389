// Audits one pair of an inventory as `pairaudit audit` would; never throws: a bad input becomes an `error` row.
import { ExitCode, isPairauditError, UsageError } from '../errors.js';
import type { AuditResult, Role, RunContext, Snapshot } from '../types.js';
import type { AuditConfig, RulePack, Waiver } from '../engine/types.js';
import type { Profile } from '../snapshot/profile.js';
import type { ProtectBefore } from '../snapshot/diff.js';
import { pairFromAudit, pairFromError } from './summary.js';
import { bundledPackDir } from '../vocabulary.js';
import type { FleetPairResult, InventoryPair } from './types.js';

// Rule packs, waivers and configs are usually shared by many pairs: load each once per thread.
const packs = new Map<string, Promise<RulePack>>();
const waiverFiles = new Map<string, Promise<Waiver[]>>();
const configFiles = new Map<string, Promise<AuditConfig>>();
const profileFiles = new Map<string, Promise<Profile>>();

function once<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let p = cache.get(key);
  if (!p) cache.set(key, (p = load()));
  return p;
}

/** What a fleet run does with the history store, if anything. */
export interface PairHistoryOptions {
  /** Store folder: drift is attributed to the server that changed since the pair's approved baseline. */
  attributeFrom?: string;
  /** Return the audited snapshots too, for `--record` to journal them (as `audit --record` does). */
  keepSnapshots?: boolean;
}

export interface AuditedPair {
  result: FleetPairResult;
  snapshots?: { role: Role; snapshot: Snapshot }[];
  /** What collecting each server warned of (those that warned, in inventory order; an error pair's read before it failed too). */
  warnings?: ServerWarnings[];
  /** The pair's waiver file mixes waivers naming their servers with waivers naming none (mixedWaiverScopes). */
  waiverFileNote?: string;
}

/** A server's collection warnings, with its input as the inventory writes it (`given`) and resolved (`path`), and its label. */
export interface ServerWarnings {
  given: string;
  path: string;
  label: string;
  warnings: NonNullable<Snapshot['warnings']>;
}

// The journal is read once per thread: a fleet attributes hundreds of pairs against the same store.
let journal: Promise<{ entries: unknown[]; readSnapshot: (fp: string) => Snapshot; protectBefore: ProtectBefore } | undefined> | undefined;

async function attribute(store: string, pair: InventoryPair, audit: AuditResult, servers: { role: Role; snapshot: Snapshot }[]): Promise<AuditResult> {
  const history = await import('../history/index.js');
  journal ??= (async () => {
    const st = history.openStore(store);
    return st.exists() ? { entries: st.readJournal(), readSnapshot: (fp: string) => st.readSnapshot(fp), protectBefore: st.protector() } : undefined;
  })();
  const j = await journal;
  if (j === undefined) return audit;
  return history.attributeFromJournal(j.entries as Parameters<typeof history.attributeFromJournal>[0], pair.id, audit, servers, j.readSnapshot, j.protectBefore);
}

/**
 * `message` with the pair's files named as the inventory writes them (its servers' inputs, rule folders, config, waiver
 * and profile files), not resolved: messages (and the fleet JSON) read the same wherever the inventory sits.
 */
function asWritten(pair: InventoryPair, message: string): string {
  const names = [...pair.servers.map((s) => [s.path, s.given]), ...Object.entries(pair.options.written ?? {})];
  // The longest first: a file's path may begin with a folder's (a rule pack's folder and one of its rules).
  names.sort((a, b) => b[0].length - a[0].length);
  return names.reduce((text, [path, given]) => text.split(path).join(given), message);
}

export async function auditPair(pair: InventoryPair, ctx: RunContext, opts: PairHistoryOptions = {}, secretKey?: string | Uint8Array): Promise<AuditedPair> {
  // An error row may quote input, and input may hold secrets: masked by the bundled patterns and the pair's profile.
  const { defaultSecretDetector, freeTextDetector, SecretDetector } = await import('../snapshot/secrets.js');
  let mask = (m: string): string => defaultSecretDetector().maskMessage(m);
  const warned: ServerWarnings[] = [];
  const warnings = (): Pick<AuditedPair, 'warnings'> => (warned.length > 0 ? { warnings: warned } : {});
  try {
    const [{ collectServer, loadProfile, defaultProfile, assertDistinctInputs, resolveInventoryRoles }, { loadRules, loadWaivers, loadConfig, auditGroup }, { fingerprint, withFields }, { mixedWaiverScopes, unscopedWaiverNote, unscopedWaiversApplied }] = await Promise.all([
      import('../collect/index.js'),
      import('../engine/index.js'),
      import('../snapshot/index.js'),
      import('../engine/waivers.js'),
    ]);
    const dirs = [bundledPackDir, ...pair.options.rules];
    const pack = await once(packs, JSON.stringify(dirs), () => loadRules(dirs));
    const { waivers: waiverFile, config: configFile } = pair.options;
    const profileFile = pair.options.profile;
    const profile = profileFile === undefined ? undefined : await once(profileFiles, profileFile, () => loadProfile(profileFile));
    // A waiver's reason and approver are masked by the pair's profile's secret patterns too (so read once per profile).
    const waivers = waiverFile === undefined ? undefined : await once(waiverFiles, `${waiverFile}\u0000${profileFile ?? ''}`, () => loadWaivers(waiverFile, pack, profile === undefined ? undefined : freeTextDetector(profile)));
    const config = configFile === undefined ? undefined : await once(configFiles, configFile, () => loadConfig(configFile, pack));
    if (profile !== undefined) {
      const site = SecretDetector.fromProfile(profile);
      mask = (m) => defaultSecretDetector().maskMessage(site.maskMessage(m));
    }
    const members = [];
    for (const s of pair.servers) {
      // Read as recorded: a role the evidence records wins over the inventory's (servers change over).
      const snapshot = await collectServer(s.path, { toolVersion: ctx.toolVersion, secretKey, ...(profile !== undefined ? { profile } : {}), ...(pair.options.instance !== undefined ? { instance: pair.options.instance } : {}), ...(s.maxInputSize !== undefined ? { maxInputSize: s.maxInputSize } : {}) });
      members.push({ name: s.given, snapshot });
      if (snapshot.warnings !== undefined && snapshot.warnings.length > 0) warned.push({ given: s.given, path: s.path, label: snapshot.server.label, warnings: snapshot.warnings });
    }
    // A fingerprint hashes the whole snapshot: once per snapshot, reused by the audit where the role stays.
    const fingerprints = members.map((m) => fingerprint(m.snapshot));
    assertDistinctInputs(members.map((m, i) => ({ ...m, fingerprint: fingerprints[i] })));
    const roles = resolveInventoryRoles(
      members,
      pair.servers.map((s) => s.role),
      pair.id,
    );
    const servers = members.map((m, i) =>
      m.snapshot.server.role === roles[i].role ? { role: roles[i].role, snapshot: m.snapshot, fingerprint: fingerprints[i] } : { role: roles[i].role, snapshot: withFields(m.snapshot, { server: { ...m.snapshot.server, role: roles[i].role } }) },
    );
    // The recorded role won over the inventory's: the audit says so (an info finding on the pair).
    const inventoryRoles = pair.servers.map((s, i) => (roles[i].from === 'recorded' && s.role !== roles[i].role ? s.role : undefined));
    const untimed = opts.keepSnapshots === true ? members.find((m) => m.snapshot.collected.at === undefined) : undefined;
    if (untimed !== undefined) throw new UsageError(`${untimed.name}: collection time unknown: --record journals only evidence with a collection time; collect it with the collection script`);
    let audit = auditGroup({ servers: servers.map((s, i) => (inventoryRoles[i] !== undefined ? { ...s, inventoryRole: inventoryRoles[i] } : s)), pack, waivers, config, failOn: pair.options.failOn, kind: 'audit', profile: profile ?? defaultProfile(), ...(profile !== undefined ? { baseProfile: defaultProfile() } : {}) }, ctx);
    if (opts.attributeFrom !== undefined) audit = await attribute(opts.attributeFrom, pair, audit, servers);
    // A waiver naming no servers, from a file a fleet gives many pairs: each pair it waived names it, in every format.
    const open = waivers === undefined ? [] : unscopedWaiversApplied(audit, waivers).map((w) => mask(asWritten(pair, unscopedWaiverNote(w, audit))));
    const mixed = waivers === undefined ? undefined : mixedWaiverScopes(waivers);
    return {
      result: { ...pairFromAudit(pair, audit), ...(open.length > 0 ? { unscopedWaivers: open } : {}) },
      ...(opts.keepSnapshots ? { snapshots: servers } : {}),
      ...warnings(),
      ...(mixed !== undefined ? { waiverFileNote: mask(asWritten(pair, mixed)) } : {}),
    };
  } catch (e) {
    if (isPairauditError(e)) return { result: pairFromError(pair, mask(asWritten(pair, e.message)), e.exitCode), ...warnings() };
    const message = e instanceof Error ? e.message : String(e);
    return { result: pairFromError(pair, `internal error (please report it): ${mask(asWritten(pair, message))}`, ExitCode.INTERNAL), ...warnings() };
  }
}
