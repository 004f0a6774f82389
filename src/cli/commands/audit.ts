// `pairaudit audit`: registered here; its implementation (and the one `check` shares) is imported lazily when it runs.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ExitCode, UsageError } from '../../errors.js';
import type { AuditResult, Role, Snapshot } from '../../types.js';
import type { AuditConfig, RulePack, Waiver } from '../../engine/types.js';
import type { GroupMember, ResolvedRole } from '../../collect/group.js';
import type { Profile } from '../../snapshot/profile.js';
import { jobsOption, maxInputSize, maxInputSizeOption, printWarnings, readStdin, refuseOutputOverInputs, writeOutput, type CliIO } from '../io.js';
import { addReportOptions, checkBinaryTarget, note, resolveFormat, type ReportOptions } from '../render.js';
import { collectLeavingRoom } from '../v8-flags.cjs';
import { collectGarbage } from '../../memory.js';
import { helpEpilogue } from '../help.js';
import { bundledPackDir, isRole, isSeverity, ROLE_LIST_TEXT, ROLES } from '../../vocabulary.js';
import { runSecretKeyFor, secretKeyFileOption } from '../secret-key.js';
import { AUTHOR_DEFAULT, backdatedOption } from './history.js';
import { repeatable } from '../options.js';
import { loweredRules } from '../../report/headline-notes.js';

export interface GroupOptions extends ReportOptions {
  roles?: string;
  rules?: string[];
  config?: string;
  waivers?: string;
  /** A corrected copy of the Geo SCADA profile (as `collect --profile`). */
  profile?: string;
  /** Collection time of the inputs that record none (bare exports). */
  at?: string;
  /** The Geo SCADA named instance to read on every server (as `collect --instance`). */
  instance?: string;
  /** History: attribute drift to the server that changed since the pair's approved baseline; journal with --record. */
  pair?: string;
  record?: boolean;
  store?: string;
  author?: string;
  ticket?: string;
  note?: string;
  /** `--backdated <reason>`: with --record, an entry dated before the journal's latest is written with the reason. */
  backdated?: string;
  maxInputSize?: string;
  secretKeyFile?: string;
  /** Servers collected at once (worker threads beside this one); default: one per idle core, for large inputs. */
  jobs?: string;
  /** `audit` only: the waiver file to write. */
  suggestWaivers?: string;
}


/** The options `audit` and `check` share: inputs, roles, rule packs, config and waivers, and the report. */
export function addGroupOptions(cmd: Command): Command {
  return addReportOptions(
    cmd
      .argument('<main>', 'the Main server: a registry export (.reg or `reg query` text), a bundle folder, a snapshot JSON, or - for standard input')
      .argument('<standby...>', 'the other servers (Standby A, Standby B, Permanent Standbys), in the same forms (- for one of them at most)')
      .option('--roles <list>', `roles of the inputs in order, comma-separated: ${ROLE_LIST_TEXT}; overrides the roles bundles and snapshots record (default: the recorded role; for an input without one, its position: main first, then standby-a, standby-b, or the next permanent-x for a server typed Permanent Standby)`)
      .option('--at <time>', 'collection time (ISO 8601) of the inputs that record none (bare exports); without it their age is unknown, and `check` says NO-GO')
      .option('--rules <dir>', 'an extra rule pack folder beside the bundled Geo SCADA pack (repeatable)', repeatable)
      .option('--config <file>', 'config file (YAML or JSON): severity per rule id (or off), catch-all `allow` patterns, `thresholds`')
      .option('--waivers <file>', 'waiver file (YAML or JSON): ruleId, setting, reason, approvedBy, expires and accepted values per role, and the servers it is for (a waiver naming none that waives drift is named on standard error)')
      .option('--profile <file>', 'a corrected copy of profiles/geo-scada.json to name the settings of exports and bundles with (as `collect --profile`)')
      .option('--instance <name>', 'Geo SCADA named instance to read on every server (the ClearSCADA-<name> key; as `collect --instance`); default: the one a bundle records, else the only one, or the default instance')
      .option('--pair <name>', 'the pair in the history store: each drift says which server changed since its approved baseline (`pairaudit approve`)')
      .option('--record', 'journal the snapshots and this result in the history store, as evidence of the audit')
      .option('--store <dir>', 'history store folder (default: $PAIRAUDIT_STORE, else .pairaudit in the working directory)')
      .option('--author <name>', `who ran it, journaled with --record ${AUTHOR_DEFAULT}`)
      .option('--ticket <id>', 'change ticket, journaled with --record')
      .option('--note <text>', 'note, journaled with --record')
      .option(...backdatedOption)
      .option(...secretKeyFileOption)
      .option('-j, --jobs <n>', 'servers collected at once, each on its own thread (default 1: one after the other)')
      .option(...maxInputSizeOption),
  );
}

/**
 * What `audit` and `check` do once the result exists: attribute drift from the history store (--pair),
 * write the report, then journal the result (--record) so a pre-changeover check leaves its evidence.
 */
export async function finishGroup(io: CliIO, group: PreparedGroup, result: AuditResult, opts: GroupOptions): Promise<AuditResult> {
  if (opts.backdated !== undefined && opts.record !== true) throw new UsageError('--backdated gives the reason a journal entry is dated before the latest: give it with --record');
  if (opts.record === true) {
    const untimed = group.servers.find((s) => s.snapshot.collected.at === undefined);
    if (untimed !== undefined) throw new UsageError(`--record: ${untimed.snapshot.server.label}'s collection time unknown: collect again with the collection script, or pass --at`);
  }
  const history = opts.pair !== undefined || opts.record === true ? await import('./history.js') : undefined;
  let final = result;
  if (history !== undefined && opts.pair !== undefined) final = await history.attributeFromCli(io, opts.store, opts.pair, result, group.servers);
  // A waiver naming no servers waives the same drift on any pair its file is given to: the report's headline says so
  // (a signed PDF too), and standard error, even with --quiet.
  let mixed: string | undefined;
  if (group.waivers !== undefined && group.waivers.length > 0) {
    const { mixedWaiverScopes, unscopedWaiverNote, unscopedWaiversApplied } = await import('../../engine/waivers.js');
    mixed = mixedWaiverScopes(group.waivers);
    const unscoped = unscopedWaiversApplied(final, group.waivers).map((w) => unscopedWaiverNote(w, final));
    if (unscoped.length > 0) final = { ...final, unscopedWaivers: unscoped };
  }
  const { writeAuditReport } = await import('../render.js');
  await writeAuditReport(io, final, opts);
  const lowered = loweredRules(final);
  // Said even with --quiet: the verdict does not rest on these rules, which a reader of the verdict alone cannot see.
  if (lowered !== undefined) io.stderr(`pairaudit: warning: ${lowered}\n`);
  if (mixed !== undefined) io.stderr(`pairaudit: warning: ${mixed}\n`);
  for (const w of final.unscopedWaivers ?? []) io.stderr(`pairaudit: warning: ${w}\n`);
  if (history !== undefined && opts.record === true) {
    const recorded = await history.recordAuditFromCli(io, final, {
      ...(opts.store !== undefined ? { store: opts.store } : {}),
      ...(opts.pair !== undefined ? { pair: opts.pair } : {}),
      ...(opts.author !== undefined ? { author: opts.author } : {}),
      ...(opts.ticket !== undefined ? { ticket: opts.ticket } : {}),
      ...(opts.note !== undefined ? { note: opts.note } : {}),
      ...(opts.backdated !== undefined ? { backdated: opts.backdated } : {}),
      ...(group.baseProfile !== undefined ? { profile: group.profile } : {}),
      snapshots: group.servers.map((s) => ({ role: s.role, snapshot: s.snapshot })),
    });
    note(io, opts, `${final.kind} recorded as journal entry ${recorded.seq} in ${history.storeDir(io, opts.store)}`);
    if (recorded.changeover !== undefined) note(io, opts, recorded.changeover);
  }
  return final;
}

/** Roles from --roles, checked against the number of inputs. */
function parseRoles(text: string | undefined, count: number): Role[] | undefined {
  if (text === undefined) return undefined;
  const roles = text.split(',').map((r) => r.trim().toLowerCase());
  for (const r of roles) if (!isRole(r)) throw new UsageError(`--roles: ${JSON.stringify(r)} is not a role; use ${ROLES.join(', ')}`);
  if (roles.length !== count) throw new UsageError(`--roles lists ${roles.length} roles for ${count} inputs; give one role per input, in order`);
  if (roles[0] !== 'main' && !roles.includes('main')) throw new UsageError('--roles must include main');
  if (new Set(roles).size !== roles.length) throw new UsageError('--roles lists a role twice; each server needs its own role');
  return roles as Role[];
}

export interface PreparedGroup {
  pack: RulePack;
  /** The profile that named the settings (--profile, else the bundled one): the audit reports how it fits. */
  profile: Profile;
  /** The bundled profile, when --profile gave a site's own: what the rules read that it no longer names. */
  baseProfile?: Profile;
  config?: AuditConfig;
  waivers?: Waiver[];
  servers: { role: Role; snapshot: Snapshot; fingerprint: string; recordedRole?: Role }[];
  /** Where each server's role came from (same order as `servers`), and the role its evidence records. */
  roles: ResolvedRole[];
}

/**
 * Loads everything an audit needs, in the order that fails fastest: rules, config and waivers (all
 * validated) before any export is read, then every server.
 */
export async function prepareGroup(io: CliIO, inputs: string[], opts: GroupOptions, configOverride?: (c: AuditConfig) => AuditConfig): Promise<PreparedGroup> {
  // A bad --format or -o is a usage error before any file is read.
  checkBinaryTarget(io, resolveFormat(opts), opts);
  const roles = parseRoles(opts.roles, inputs.length);
  const maxBytes = maxInputSize(opts.maxInputSize);
  const jobs = jobsOption(opts.jobs);
  refuseOutputOverInputs(io, [['-o', opts.output], ['--suggest-waivers', opts.suggestWaivers]], [...inputs, opts.config, opts.waivers, opts.profile, opts.secretKeyFile]);
  if (inputs.filter((i) => i === '-').length > 1) throw new UsageError('standard input (-) can be read only once');
  // With --jobs N, worker threads start now, loading while the rules and the rest are read. One after the other
  // by default: measured on an idle 2-core machine, a worker costs more (start-up, a second cold compile, packing,
  // a second heap) than collecting the second server saves (README, Benchmarks).
  const { startCollection } = await import('../../collect/parallel.js');
  const collection = startCollection(
    inputs.map((i) => (i === '-' ? i : resolve(io.cwd, i))),
    // After a large export, its garbage collected and room left for the next one's settings (v8-flags.cts).
    { jobs: jobs ?? 1, release: () => collectLeavingRoom(collectGarbage), shown: inputs },
  );
  try {
    // The modules themselves, not their folders' index: an index loads the whole folder (~10 modules more).
    const [{ loadRules, loadConfig, loadWaivers }, { defaultProfile }, { assertDistinctInputs, resolveCliRoles }, { fingerprint }, { withFields }] = await Promise.all([
      import('../../engine/load.js'),
      import('../../collect/profile/load.js'),
      import('../../collect/group.js'),
      import('../../snapshot/canonical.js'),
      import('../../snapshot/table.js'),
    ]);
    const dirs = [bundledPackDir, ...(opts.rules ?? []).map((d) => resolve(io.cwd, d))];
    // Each file named in errors as given (relative stays relative), as the inputs are.
    const pack = await loadRules(dirs, undefined, [undefined, ...(opts.rules ?? [])]);
    let config = opts.config === undefined ? undefined : await loadConfig(resolve(io.cwd, opts.config), pack, opts.config);
    if (configOverride !== undefined) config = configOverride(config ?? {});
    const { loadCliProfile } = await import('../profile.js');
    const profile = opts.profile === undefined ? undefined : await loadCliProfile(io, opts.profile);
    // A waiver's reason and approver are masked by the site profile's secret patterns too.
    const secrets = profile === undefined ? undefined : (await import('../../snapshot/secrets.js')).freeTextDetector(profile);
    const waivers = opts.waivers === undefined ? undefined : await loadWaivers(resolve(io.cwd, opts.waivers), pack, secrets, opts.waivers);
    // One key for every server of the run: the store's with --record (and with --pair unless a key is given), else --secret-key-file, PAIRAUDIT_SECRET_KEY or a random one.
    const secretKey = await runSecretKeyFor(io, { record: opts.record === true, comparesWithStore: opts.pair !== undefined, store: opts.store, keyFile: opts.secretKeyFile });
    // Read as recorded: the roles are decided below, from the evidence first. A plain export records no
    // collection time: it has none (unknown to `check`) unless --at gives one; never the file's or today's.
    // Each server's fingerprint (it hashes the whole snapshot) is computed once, where it was collected.
    const collected = await collection.collect({ toolVersion: io.version, maxInputSize: maxBytes, secretKey, ...(opts.at !== undefined ? { at: opts.at } : {}), ...(opts.instance !== undefined ? { instance: opts.instance } : {}), ...(profile !== undefined ? { profile } : {}) }, () => readStdin(io, maxBytes));
    const members: GroupMember[] = collected.map((c, i) => ({ name: inputs[i], snapshot: c.snapshot }));
    // What collecting each server warned of, on standard error as `collect` prints it (the reports list it too).
    for (const m of members) printWarnings(io, m.name, m.snapshot.warnings);
    const fingerprints = collected.map((c) => c.fingerprint);
    assertDistinctInputs(members.map((m, i) => ({ ...m, fingerprint: fingerprints[i] })));
    const resolved = resolveCliRoles(members, roles);
    // As before: --roles is written into each snapshot (a recorded role it overrides is named in the report); the copy shares the settings table.
    const snapshots = members.map((m, i) => (roles === undefined || m.snapshot.server.role === resolved[i].role ? m.snapshot : withFields(m.snapshot, { server: { ...m.snapshot.server, role: resolved[i].role } })));
    return {
      pack,
      profile: profile ?? defaultProfile(),
      ...(profile !== undefined ? { baseProfile: defaultProfile() } : {}),
      ...(config !== undefined ? { config } : {}),
      ...(waivers !== undefined ? { waivers } : {}),
      servers: snapshots.map((snapshot, i) => {
        const { role, recorded } = resolved[i];
        const print = snapshot === members[i].snapshot ? fingerprints[i] : fingerprint(snapshot);
        return { role, snapshot, fingerprint: print, ...(recorded !== undefined && recorded !== role ? { recordedRole: recorded } : {}) };
      }),
      roles: resolved,
    };
  } finally {
    collection.close();
  }
}

/** Exit code of a result: 0 in parity, 1 drift (or NO-GO), 3 incomplete evidence. */
export function exitCodeOf(result: AuditResult): number {
  return result.verdict === 'drift' ? ExitCode.DRIFT : result.verdict === 'incomplete' ? ExitCode.INCOMPLETE : ExitCode.OK;
}

export function registerAudit(program: Command, io: CliIO): void {
  addGroupOptions(program.command('audit').description('Compare the Main with each Standby, setting by setting, and report drift, its severity and where to fix it'))
    .option('--fail-on <severity>', 'lowest severity whose drift (or unknown evidence) fails the audit: blocker, warning or info; none reports only (judged at warning, exit 0)', 'warning')
    .option('--suggest-waivers <file>', 'also write a waiver file accepting today\'s failed findings, with reason and approvedBy left for a person to fill in (a new file: see --force)')
    .option('--force', 'let --suggest-waivers replace an existing file (it may hold reviewed waivers)')
    .addHelpText(
      'after',
      helpEpilogue(`
Roles: a role recorded in a bundle (bundle.json) or snapshot is the truth; the order of the inputs is used
only for inputs that record none. An order that contradicts the recorded roles (e.g. the Standby first) stops
with exit 2 naming each input's recorded role; --roles overrides them, and the report names each override.

Profile fit: when an export lacks a group of the profile's settings (e.g. partner settings kept under
another key), that group's rules are unknown, naming the mapping and where it looked, and the headline
says the profile does not fit (JSON: servers[].coverage); see \`pairaudit profile check\`.

Exit codes: 0 in parity (also with --fail-on none); 1 drift at or above --fail-on; 2 usage or input error (bad file, rule, config or
waiver file; an order that contradicts the recorded roles; the same input twice; an export holding no
ClearSCADA key); 3 incomplete evidence (no drift, but unknown findings at or above --fail-on).

Examples:
  pairaudit audit main.reg standby.reg
  pairaudit audit bundles/main bundles/standby -o audit.html
  pairaudit audit m.json s1.json s2.json --roles main,standby-a,standby-b \\
    -o result.json
  pairaudit audit main.reg standby.reg --waivers waivers.yaml \\
    --config pairaudit.yaml --fail-on blocker
  pairaudit audit main.reg - < standby.reg
  # adopt pairaudit on a pair that drifts: accept today's drift, once approved
  pairaudit audit main.reg standby.reg --suggest-waivers waivers.yaml`),
    )
    .action(async (main: string, others: string[], opts: GroupOptions & { failOn: string; force?: boolean }) => {
      const failOnText = opts.failOn.toLowerCase();
      if (failOnText !== 'none' && !isSeverity(failOnText)) throw new UsageError(`--fail-on ${JSON.stringify(opts.failOn)} is not a severity; use blocker, warning, info or none`);
      const failOn = isSeverity(failOnText) ? failOnText : 'warning';
      if (opts.suggestWaivers !== undefined && opts.force !== true && existsSync(resolve(io.cwd, opts.suggestWaivers))) {
        throw new UsageError(`--suggest-waivers ${opts.suggestWaivers}: the file exists and may hold reviewed waivers; give a new file name, or add --force to replace it`);
      }
      const group = await prepareGroup(io, [main, ...others], opts);
      const { auditGroup } = await import('../../engine/audit.js');
      // --fail-on none reports only: the result says so, so that no report states a threshold the run did not apply.
      const audited = auditGroup({ ...group, failOn, kind: 'audit' }, { now: io.now(), toolVersion: io.version });
      const result = await finishGroup(io, group, failOnText === 'none' ? { ...audited, reportOnly: true } : audited, opts);
      if (opts.suggestWaivers !== undefined) {
        const { suggestWaivers } = await import('../../engine/waivers.js');
        writeOutput(io, suggestWaivers(result), resolve(io.cwd, opts.suggestWaivers), 'waivers.yaml');
      }
      io.exitCode = failOnText === 'none' ? ExitCode.OK : exitCodeOf(result);
    });
}
