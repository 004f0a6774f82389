// Writing to the history: snapshots, audits, notes and baselines, each one journal entry under the lock.
import { StoreError, UsageError } from '../errors.js';
import type { AuditResult, Role, Snapshot } from '../types.js';
import { hostOf, sameHost, serverKey } from './identity.js';
import { indexJournal, key, type HistoryIndex, type ServerState } from './query.js';
import { compareRoles } from '../vocabulary.js';
import { refuseOtherKey, refuseSupersededKey } from './secret-key.js';
import { diffForJournal, snapshotFingerprint } from './snapshots.js';
import { sameSourceBytes } from '../snapshot/diff.js';
import type { HistoryStore, StoreWriter } from './store.js';
import { changeoverAt, mainMoveSince } from './changeovers.js';
import { CLOCK_SKEW_MS } from './clock.js';
import { defaultSecretDetector, type SecretDetector } from '../snapshot/secrets.js';
import type { AuditRecordedEntry, BaselineApprovedEntry, ChangeoverRecordedEntry, CheckedUnchangedEntry, EntryMeta, JournalChange, NoteAddedEntry, ServerRef, SnapshotRecordedEntry } from './types.js';

export interface RecordSnapshotOptions extends EntryMeta, MaskOptions {
  /** Server name in the history; default the snapshot's label. Compared case-insensitively. */
  server?: string;
  /** The pair; without it, the pair the server (by computer name, else name) is already recorded in. */
  pair?: string;
  role?: Role;
  /** Accept a snapshot collected before the server's latest one, as late evidence (no changes). */
  late?: boolean;
}

export interface RecordOutcome {
  entry: SnapshotRecordedEntry | CheckedUnchangedEntry;
  /** Changes against the server's previous snapshot (empty when unchanged or first). */
  changes: JournalChange[];
  first: boolean;
  /** The entry that carried the server's history without a pair into the pair, just before `entry` (its first there). */
  carried?: SnapshotRecordedEntry;
}

/**
 * The who/when/why fields of an entry, without empty ones. Author, ticket and note are free text a person typed:
 * a secret in them (`--note 'Pwd=…'`) is hidden as in a registry value (`Pwd=(hidden)`) before it is journalled,
 * by the content patterns of `secrets` (default: the bundled ones).
 */
export function metaFields(meta: EntryMeta, secrets: SecretDetector = defaultSecretDetector()) {
  return {
    at: meta.at,
    author: secrets.maskText(meta.author),
    ...(meta.ticket !== undefined && meta.ticket !== '' ? { ticket: secrets.maskText(meta.ticket) } : {}),
    ...(meta.note !== undefined && meta.note !== '' ? { note: secrets.maskText(meta.note) } : {}),
    ...(meta.backdated !== undefined ? { backdated: secrets.maskText(meta.backdated) } : {}),
  };
}

/** What an entry's free text is masked with (see metaFields): a site profile's detector, else the bundled patterns. */
interface MaskOptions {
  secrets?: SecretDetector;
}

/** The latest stored snapshot per server, kept in memory during one write (batch recording). */
const lastSnapshots = new WeakMap<StoreWriter, Map<string, { fingerprint: string; snapshot: Snapshot }>>();

/** The index of the writer's entries, kept while the journal does not grow elsewhere than through `w`. */
const indexes = new WeakMap<StoreWriter, { length: number; index: HistoryIndex }>();

function indexOf(w: StoreWriter): HistoryIndex {
  const hit = indexes.get(w);
  if (hit !== undefined && hit.length === w.entries.length) return hit.index;
  const index = indexJournal(w.entries);
  indexes.set(w, { length: w.entries.length, index });
  return index;
}

function loadSnapshot(w: StoreWriter, id: string, fingerprint: string): Snapshot {
  let cache = lastSnapshots.get(w);
  if (!cache) lastSnapshots.set(w, (cache = new Map()));
  const hit = cache.get(id);
  return hit?.fingerprint === fingerprint ? hit.snapshot : w.store.readSnapshot(fingerprint);
}

const describe = (s: ServerState) => `${s.pair ?? '(no pair)'}: ${s.name}${key(s.host) !== key(s.name) ? ` (${s.host})` : ''}`;

/**
 * Who the snapshot's server is (src/history/identity.ts): pair and host. With a pair, the server of that pair
 * with the snapshot's computer name (or, for an export without one, its name); without a pair, the one
 * server anywhere in the store that matches, else a new server without a pair. Several matches: exit 2.
 */
export function resolveServer(index: HistoryIndex, snapshot: Snapshot, opts: { server?: string; pair?: string; role?: Role }): ServerRef {
  const name = (opts.server ?? snapshot.server.label).trim();
  if (name === '') throw new UsageError('the snapshot has no server label; pass --server NAME');
  const host = hostOf(snapshot, name);
  const known = [...index.servers.values()];
  const matches = serversMatching(opts.pair === undefined ? known : known.filter((s) => key(s.pair ?? '') === key(opts.pair!)), snapshot, name);
  if (matches.length > 1) {
    const where = opts.pair === undefined ? 'in several pairs' : `several times in pair ${JSON.stringify(opts.pair)}`;
    throw new UsageError(`record: ${name} is recorded ${where}: ${matches.map(describe).join('; ')}; say which with --pair${opts.pair !== undefined ? ' and --server' : ''}`);
  }
  const match = matches[0];
  const pairName = opts.pair !== undefined ? (index.pairs.get(key(opts.pair))?.name ?? opts.pair) : match?.pair;
  const role = opts.role ?? snapshot.server.role ?? match?.role;
  return {
    server: name,
    host: match?.host ?? host,
    ...(pairName !== undefined ? { pair: pairName } : {}),
    ...(role !== undefined ? { role } : {}),
  };
}

/** The servers among `candidates` that the snapshot (of server `name`) is: by computer name, else by name. */
function serversMatching(candidates: ServerState[], snapshot: Snapshot, name: string): ServerState[] {
  const host = hostOf(snapshot, name);
  // The same computer, also when one snapshot names it by its fully qualified name and another by its short one.
  const matches = candidates.filter((s) => sameHost(s.host, host));
  if (matches.length > 0) return matches;
  // A server first recorded from a plain export (host = its name) keeps that identity once a bundle names its computer.
  const hasHost = (snapshot.server.hostname ?? '').trim() !== '';
  return candidates.filter((s) => key(s.name) === key(name) && (!hasHost || key(s.host) === key(s.name)));
}

/**
 * The history without a pair that a server's first snapshot in a pair continues: the one server recorded without
 * a pair that the snapshot is (by computer name, else name, as `record` without --pair finds it). None when the
 * server is already recorded in the pair, or when several servers without a pair match.
 */
function unpairedHistory(index: HistoryIndex, snapshot: Snapshot, ref: ServerRef): ServerState | undefined {
  if (ref.pair === undefined || index.servers.has(serverKey(ref))) return undefined;
  const matches = serversMatching([...index.servers.values()].filter((s) => s.pair === undefined), snapshot, ref.server);
  if (matches.length !== 1 || index.servers.has(serverKey({ pair: ref.pair, host: matches[0].host }))) return undefined;
  return matches[0];
}

/**
 * Carries a server's history without a pair into the pair (before its first snapshot there): the snapshot its last
 * entry without a pair recorded, recorded again in the pair (no previous, no changes, no role, no note) with
 * `carriedFrom` naming that entry. The new snapshot is then compared with it.
 */
function carryIntoPair(w: StoreWriter, from: ServerState, common: ServerRef & ReturnType<typeof metaFields>): SnapshotRecordedEntry {
  const source = w.entries[from.last.seq - 1] as SnapshotRecordedEntry;
  // The role is the new snapshot's; a note explains the changes of the entry after it, not this one.
  const { role: _role, note: _note, ...ref } = common;
  return w.append({
    type: 'snapshot-recorded',
    ...ref,
    fingerprint: source.fingerprint,
    blob: source.blob,
    collectedAt: source.collectedAt,
    settingCount: source.settingCount,
    changes: [],
    carriedFrom: { seq: source.seq },
  }) as SnapshotRecordedEntry;
}

/**
 * Refuses a snapshot collected (by its own account) more than an hour after it is recorded: a server's clock set wrong
 * (or a collection time written in local time as UTC). Journalled, it would be the server's latest snapshot until the
 * real time caught up, and every correct snapshot before then would be refused as older than it.
 */
function refuseFutureCollection(server: string, collectedAt: string, recordedAt: string): void {
  const ahead = Date.parse(collectedAt) - Date.parse(recordedAt);
  if (!(ahead > CLOCK_SKEW_MS)) return;
  const hours = ahead / 3_600_000;
  const by = hours < 48 ? `${Math.round(hours)} hours` : `${Math.round(hours / 24)} days`;
  throw new UsageError(
    `record: ${server} was collected at ${collectedAt}, ${by} after this computer's time (${recordedAt}): the server's clock (or this computer's) is wrong; recorded, it would make every later snapshot of ${server} look older until then: correct the clock and collect again`,
  );
}

/**
 * Who a snapshot is and how it stands against its server's history, without writing anything: its previous snapshot
 * and changes (with `withChanges`; else only where a refusal needs them), and why it is refused as forward-only
 * evidence (`refusal`, unless recorded as late evidence). Throws what is refused even with --late.
 */
function examineEvidence(w: StoreWriter, snapshot: Snapshot, opts: RecordSnapshotOptions, withChanges: boolean) {
  refuseSupersededKey(w.store.dir, w.store.paths.secretKey, snapshot);
  const index = indexOf(w);
  const resolved = resolveServer(index, snapshot, opts);
  // A server recorded without a pair, recorded in a pair for the first time: its history continues there.
  const unpaired = unpairedHistory(index, snapshot, resolved);
  const ref = unpaired === undefined ? resolved : { ...resolved, host: unpaired.host };
  const id = serverKey(ref);
  const common = { ...ref, ...metaFields(opts, opts.secrets) };
  const state = index.servers.get(id) ?? unpaired;
  const since = unpaired === undefined ? '' : ', recorded without a pair';
  const collectedAt = snapshot.collected.at;
  // The callers refuse such input first (`record` without --at); a journal entry never guesses the time.
  if (collectedAt === undefined) throw new UsageError(`${ref.server}'s collection time unknown: collect again with the collection script, or pass --at`);
  // Forward-only evidence: a snapshot older than the server's latest says nothing about what changed since (its
  // previous snapshot is not even read), and one collected at the same time with other settings contradicts it
  // (journalled, it would be a change back and forth) unless it is the same files read again (by a pairaudit that
  // reads more of them: a new setting).
  const at = Date.parse(collectedAt);
  refuseFutureCollection(ref.server, collectedAt, opts.at);
  const latest = state === undefined ? Number.NaN : Date.parse(state.lastChecked.collectedAt);
  const older = at < latest;
  const prev = state === undefined || older || (!withChanges && at !== latest) ? undefined : { ...state.last, snapshot: loadSnapshot(w, state.id, state.last.fingerprint) };
  if (prev !== undefined) refuseOtherKey(ref.server, prev, snapshot);
  // The previous snapshot's settings as today's patterns store them (HistoryStore.protector): what they learned is no change.
  const changes = prev ? diffForJournal(prev.snapshot, snapshot, w.store.protector(opts.secrets)) : [];
  const contradicts = prev !== undefined && at === latest && changes.length > 0 && !sameSourceBytes(prev.snapshot, snapshot);
  const refusal =
    state === undefined || !(older || contradicts)
      ? undefined
      : older
        ? `record: ${ref.server} was collected at ${collectedAt}, before its latest recorded snapshot${since} (collected ${state.lastChecked.collectedAt}, entry ${state.lastChecked.seq}); record it with \`pairaudit record --late\` to journal it as late evidence (no changes)`
        : `record: ${ref.server} was collected at ${collectedAt} with other settings than its latest recorded snapshot${since}, collected at the same time (entry ${state.lastChecked.seq}): one of the two exports is not what the server had then; check which is right, or record it with \`pairaudit record --late\` to journal it as late evidence (no changes)`;
  return { ref, id, common, state, unpaired, collectedAt, prev, changes, refusal };
}

/** Records one snapshot inside a write: a snapshot-recorded entry with its changes, or checked-unchanged. */
export function recordSnapshotWith(w: StoreWriter, snapshot: Snapshot, opts: RecordSnapshotOptions): RecordOutcome {
  w.refuseBackdated(opts);
  const { ref, id, common, state, unpaired, collectedAt, prev, changes, refusal } = examineEvidence(w, snapshot, opts, true);
  if (state !== undefined && refusal !== undefined) {
    if (opts.late !== true) throw new UsageError(refusal);
    const { fingerprint, blob } = w.putSnapshot(snapshot);
    const entry = w.append({ type: 'snapshot-recorded', ...common, fingerprint, blob, collectedAt, settingCount: Object.keys(snapshot.settings).length, changes: [], late: true }) as SnapshotRecordedEntry;
    return { entry, changes: [], first: false };
  }
  let carried: SnapshotRecordedEntry | undefined;
  if (prev !== undefined && unpaired !== undefined) {
    carried = carryIntoPair(w, unpaired, common);
    prev.seq = carried.seq;
    w.store.opts.notice?.(`${ref.server}: its history recorded without a pair continues in pair ${ref.pair}: entry ${carried.seq} records its last snapshot without a pair (entry ${unpaired.last.seq}) there again, and the new snapshot is compared with it`);
  }
  if (prev && changes.length === 0) {
    const entry = w.append({
      type: 'checked-unchanged',
      ...common,
      fingerprint: snapshotFingerprint(snapshot),
      sources: snapshot.collected.sources.map((f) => ({ file: f.file, sha256: f.sha256 })),
      collectedAt,
      previous: { seq: prev.seq },
    }) as CheckedUnchangedEntry;
    return { entry, changes, first: false, ...(carried !== undefined ? { carried } : {}) };
  }
  const { fingerprint, blob } = w.putSnapshot(snapshot);
  const entry = w.append({
    type: 'snapshot-recorded',
    ...common,
    fingerprint,
    blob,
    collectedAt,
    settingCount: Object.keys(snapshot.settings).length,
    ...(prev ? { previous: { seq: prev.seq, fingerprint: prev.fingerprint, collectedAt: prev.collectedAt } } : {}),
    changes,
  }) as SnapshotRecordedEntry;
  let cache = lastSnapshots.get(w);
  if (!cache) lastSnapshots.set(w, (cache = new Map()));
  cache.set(id, { fingerprint, snapshot });
  return { entry, changes, first: prev === undefined, ...(carried !== undefined ? { carried } : {}) };
}

export async function recordSnapshot(store: HistoryStore, snapshot: Snapshot, opts: RecordSnapshotOptions): Promise<RecordOutcome> {
  return store.write('record', (w) => recordSnapshotWith(w, snapshot, opts), { create: true });
}

export interface RecordAuditOptions extends EntryMeta, MaskOptions {
  pair?: string;
  /** The audited snapshots, recorded first (snapshot-recorded or checked-unchanged) when given. */
  snapshots?: { role: Role; snapshot: Snapshot; server?: string }[];
  /** Snapshots older than their server's latest are journalled as late evidence instead of refused. */
  late?: boolean;
}

/** What recording an audit wrote: its entry, and the changeover entry when the pair's Main moved since its last recorded check. */
export interface AuditOutcome {
  entry: AuditRecordedEntry;
  changeover?: ChangeoverRecordedEntry;
}

/**
 * Journals an audit (or check) result, storing the full result; optionally records its snapshots too. When the
 * pair's previous recorded check or audit had the Main role on another of its servers, a changeover entry follows.
 */
export async function recordAuditOutcome(store: HistoryStore, result: AuditResult, meta: RecordAuditOptions): Promise<AuditOutcome> {
  return store.write('audit --record', (w) => {
    w.refuseBackdated(meta);
    refuseStaleMainMove(w, meta);
    const options = (s: { role: Role; server?: string }): RecordSnapshotOptions => ({ at: meta.at, author: meta.author, ticket: meta.ticket, backdated: meta.backdated, server: s.server, pair: meta.pair, role: s.role, late: meta.late, secrets: meta.secrets });
    // All or nothing: a snapshot refused after another was journalled would leave half an audit in the journal.
    for (const s of meta.snapshots ?? []) {
      const { refusal } = examineEvidence(w, s.snapshot, options(s), false);
      if (refusal !== undefined && meta.late !== true) throw new UsageError(`${refusal}; nothing was written`);
    }
    const collected: string[] = [];
    for (const s of meta.snapshots ?? []) {
      const { entry } = recordSnapshotWith(w, s.snapshot, options(s));
      if (!(entry.type === 'snapshot-recorded' && entry.late === true)) collected.push(entry.collectedAt);
    }
    const { resultSha256, blob } = w.putAudit(result);
    const entry = w.append({
      type: 'audit-recorded',
      ...metaFields(meta, meta.secrets),
      ...(meta.pair !== undefined ? { pair: meta.pair } : {}),
      kind: result.kind,
      verdict: result.verdict,
      ...(result.go !== undefined ? { go: result.go } : {}),
      generatedAt: result.generatedAt,
      servers: result.servers.map((s) => ({ role: s.role, label: s.label, fingerprint: s.fingerprint })),
      totals: result.totals,
      resultSha256,
      blob,
    }) as AuditRecordedEntry;
    const facts = changeoverAt(w.entries, entry, collected);
    if (facts === undefined) return { entry };
    const changeover = w.append({ type: 'changeover-recorded', ...metaFields(meta, meta.secrets), ...facts }) as ChangeoverRecordedEntry;
    return { entry, changeover };
  }, { create: true });
}

/**
 * Before anything is written: a check that would record a changeover (mainMoveSince, the rule changeoverAt
 * applies) on evidence collected no later than what the pair's last recorded check saw (the same bundles given
 * again with other --roles) is refused. Such evidence cannot place the changeover, and journalling its roles would
 * hide the real one when it is recorded.
 */
function refuseStaleMainMove(w: StoreWriter, meta: RecordAuditOptions): void {
  const main = meta.snapshots?.find((s) => s.role === 'main');
  if (meta.pair === undefined || main === undefined) return;
  const mainNow = serverKey(resolveServer(indexOf(w), main.snapshot, { server: main.server, pair: meta.pair, role: 'main' }));
  const move = mainMoveSince(w.entries, meta.pair, mainNow);
  if (move === undefined) return;
  const times = (meta.snapshots ?? []).map((s) => s.snapshot.collected.at).filter((t): t is string => t !== undefined);
  const first = times.reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a), times[0] ?? '');
  const last = move.lastSeen;
  // Untimed evidence is refused where its snapshot is recorded; only timed evidence no newer than the last is here.
  if (first === '' || Date.parse(first) > Date.parse(last.lastChecked.collectedAt)) return;
  throw new UsageError(
    `record: ${move.before.pairs.get(key(meta.pair))!.name}'s Main would move from ${move.was.name} to ${move.now.name} on evidence collected at ${first}, no later than ${last.name}'s latest recorded snapshot (${last.lastChecked.collectedAt}, entry ${last.lastChecked.seq}): a changeover cannot be placed there; record exports collected after the changeover`,
  );
}

/** Journals an audit (or check) result: `recordAuditOutcome` without the changeover it may have recorded. */
export async function recordAudit(store: HistoryStore, result: AuditResult, meta: RecordAuditOptions): Promise<AuditRecordedEntry> {
  return (await recordAuditOutcome(store, result, meta)).entry;
}

/** Parses `42` (an entry) or `42.3` (the third change of entry 42). */
export function parseNoteTarget(text: string): { seq: number; change?: number } {
  const m = /^\s*#?(\d+)(?:\.(\d+))?\s*$/.exec(text);
  if (!m) throw new UsageError(`note target ${JSON.stringify(text)}: expected an entry number (42) or a change id (42.3) as \`pairaudit changes\` lists them`);
  return m[2] === undefined ? { seq: Number(m[1]) } : { seq: Number(m[1]), change: Number(m[2]) };
}

export interface NoteOptions extends EntryMeta, MaskOptions {
  note: string;
}

/** Explains an entry or one change after the fact: a new entry, nothing rewritten. */
export async function addNote(store: HistoryStore, target: string, opts: NoteOptions): Promise<NoteAddedEntry> {
  const t = parseNoteTarget(target);
  if (opts.note.trim() === '') throw new UsageError('note: --text is empty; say why the change was made');
  return store.write('note', (w) => {
    const entry = w.entries[t.seq - 1];
    if (entry === undefined) throw new UsageError(`note target ${target}: no journal entry ${t.seq} (the journal has ${w.entries.length}); see \`pairaudit changes\``);
    if (t.change !== undefined) {
      if (entry.type !== 'snapshot-recorded') throw new UsageError(`note target ${target}: entry ${t.seq} is a ${entry.type} entry, which has no changes; note the entry itself (${t.seq})`);
      if (t.change < 1 || t.change > entry.changes.length) throw new UsageError(`note target ${target}: entry ${t.seq} has ${entry.changes.length} change(s)`);
    }
    const server = 'server' in entry && typeof entry.server === 'string' ? entry.server : undefined;
    return w.append({
      type: 'note-added',
      ...metaFields(opts, opts.secrets),
      note: (opts.secrets ?? defaultSecretDetector()).maskText(opts.note),
      target: t,
      ...(server !== undefined ? { server } : {}),
    }) as NoteAddedEntry;
  });
}

/** Records the pair's current snapshots (one per role) as its approved baseline. */
export async function approveBaseline(store: HistoryStore, pair: string, meta: EntryMeta & MaskOptions): Promise<BaselineApprovedEntry> {
  return store.write('approve', (w) => {
    const index = indexOf(w);
    const p = index.pairs.get(key(pair));
    if (!p || p.roles.size === 0) {
      throw new UsageError(`approve: no server is recorded in pair ${JSON.stringify(pair)}; record each server first with \`pairaudit record FILE --pair ${JSON.stringify(pair)} --role main\` (and --role standby-a)`);
    }
    const servers = [...p.roles.entries()]
      .map(([role, serverKey]) => {
        const s = index.servers.get(serverKey);
        if (!s) throw new StoreError(`approve: server ${serverKey} of pair ${pair} has no stored snapshot; record it again`);
        return { role, server: s.name, host: s.host, fingerprint: s.last.fingerprint, seq: s.last.seq };
      })
      .sort((a, b) => compareRoles(a.role, b.role));
    return w.append({ type: 'baseline-approved', ...metaFields(meta, meta.secrets), pair: p.name, servers }) as BaselineApprovedEntry;
  });
}

