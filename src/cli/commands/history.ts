// What the history commands (record.ts, changes.ts, note.ts, approve.ts, verify.ts) and `audit/check --record` share:
// the store folder and its opening, the author, the writer lock's process info, and option parsing.
import { hostname, userInfo } from 'node:os';
import { resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import type { HistoryStore, ProcessInfo } from '../../history/index.js';
import type { Role, Snapshot } from '../../types.js';
import type { Profile } from '../../snapshot/profile.js';
import { maxInputSize, printWarnings, type CliIO } from '../io.js';
import { isRole, ROLES } from '../../vocabulary.js';
import { storeDir, storeOption } from '../store-folder.js';

export { ROLES, storeDir, storeOption };

/** This process, for the store's lock: pid, host, and whether another pid still runs (signal 0). */
export function cliProcessInfo(): ProcessInfo {
  return {
    pid: process.pid,
    host: hostname(),
    isAlive: (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch (e) {
        // EPERM: it exists but belongs to someone else.
        return (e as NodeJS.ErrnoException).code === 'EPERM';
      }
    },
  };
}

/**
 * Opens the store for a command (also used by `audit --record`). Entries it appends are signed with
 * --sign-key, else the key file named by PAIRAUDIT_SIGN_KEY, when either is given.
 */
export async function openCliStore(io: CliIO, option?: string, signKeyOption?: string, use: 'append' | 'read' = 'append'): Promise<HistoryStore> {
  const { openStore, loadSigningKey } = await import('../../history/index.js');
  // A command that only reads (verify, changes, attribution) signs nothing: a stale or unreadable
  // PAIRAUDIT_SIGN_KEY in an auditor's shell must not stop it, nor its private key be opened.
  const keyFile = use === 'read' ? undefined : signKeyFile(io, signKeyOption);
  const notice = (message: string): void => io.stderr(`pairaudit: ${message}\n`);
  return openStore(storeDir(io, option), { process: cliProcessInfo(), notice, ...(keyFile !== undefined ? { signKey: loadSigningKey(keyFile) } : {}) });
}

/** --sign-key, else PAIRAUDIT_SIGN_KEY, resolved against the working directory. */
export function signKeyFile(io: CliIO, option?: string): string | undefined {
  const file = option ?? io.env.PAIRAUDIT_SIGN_KEY;
  return file === undefined || file === '' ? undefined : resolve(io.cwd, file);
}

/** The --sign-key option of every command that appends an entry. */
export const signKeyOption = ['--sign-key <file>', 'sign the journal entry with this Ed25519 private key (`pairaudit keygen`; default: $PAIRAUDIT_SIGN_KEY)'] as const;

/** How --help states the default of --author (authorOf). */
export const AUTHOR_DEFAULT = '(default: $USERNAME / $USER, else the account name)';

/**
 * `--backdated <reason>` of every command that writes a journal entry: journals it although this computer's clock (or
 * PAIRAUDIT_NOW) dates it more than an hour before the journal's latest entry (after one written with a clock set
 * forward, every write would be refused until that time), with the reason; refused when the entry is not back-dated.
 */
export const backdatedOption = [
  '--backdated <reason>',
  "journal the entry although this computer's clock (or PAIRAUDIT_NOW) dates it more than an hour before the journal's latest entry, with the reason; refused without it, and refused when the entry is not back-dated",
] as const;

/** --author, else the login name (USERNAME on Windows, USER elsewhere), else the operating system's user name. */
export function authorOf(io: CliIO, option?: string): string {
  const name = [option, io.env.USERNAME, io.env.USER, io.env.LOGNAME, osUserName()].find((n) => n !== undefined && n.trim() !== '');
  return name === undefined ? 'unknown' : name.trim();
}

/** The account's name from the operating system (a service or a container may run without $USER). */
function osUserName(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined; // no passwd entry for this uid
  }
}

/**
 * For `audit/check --record`: journals the audit result, after recording the audited snapshots, in the store
 * chosen by --store / PAIRAUDIT_STORE. Returns the entry's sequence number, and a line on the changeover
 * entry that followed it when the pair's Main moved since its last recorded check.
 */
export async function recordAuditFromCli(
  io: CliIO,
  result: import('../../types.js').AuditResult,
  opts: { store?: string; pair?: string; author?: string; ticket?: string; note?: string; backdated?: string; profile?: Profile; snapshots?: { role: Role; snapshot: Snapshot; server?: string }[] },
): Promise<{ seq: number; changeover?: string }> {
  const store = await openCliStore(io, opts.store);
  const [{ recordAuditOutcome }, { checkLabel, serverName }, { freeTextDetector }] = await Promise.all([import('../../history/index.js'), import('../../report/changes/changeovers.js'), import('../../snapshot/secrets.js')]);
  // Author, ticket and note masked by the site profile's secret patterns (--profile) as well as the bundled ones.
  const secrets = freeTextDetector(opts.profile);
  const { entry, changeover: c } = await recordAuditOutcome(store, result, { at: io.now().toISOString(), author: authorOf(io, opts.author), ticket: opts.ticket, note: opts.note, backdated: opts.backdated, pair: opts.pair, snapshots: opts.snapshots, secrets });
  if (c === undefined) return { seq: entry.seq };
  return {
    seq: entry.seq,
    changeover: `changeover of ${c.pair} recorded as journal entry ${c.seq}: Main moved from ${serverName(c.main.before)} to ${serverName(c.main.after)}; before: ${checkLabel(c.preCheck)} (entry ${c.preCheck.seq}), after: ${checkLabel(c.postCheck)} (entry ${c.postCheck.seq}); ${c.settingChanges.length} setting change(s) across it`,
  };
}

/**
 * For `audit --pair NAME` (wired by the lead): fills Finding.attribution from the pair's approved
 * baseline, if any. With the audited snapshots, drift not recorded yet is attributed too.
 */
export async function attributeFromCli(
  io: CliIO,
  storeOption: string | undefined,
  pair: string,
  result: import('../../types.js').AuditResult,
  snapshots?: { role: Role; snapshot: Snapshot }[],
): Promise<import('../../types.js').AuditResult> {
  const store = await openCliStore(io, storeOption, undefined, 'read');
  if (!store.exists()) return result;
  const { attributeFindings } = await import('../../history/index.js');
  return attributeFindings(store, pair, result, snapshots);
}

export function parseRole(text: string | undefined): Role | undefined {
  if (text === undefined) return undefined;
  const role = text.toLowerCase();
  if (!isRole(role)) throw new UsageError(`--role ${JSON.stringify(text)}: expected one of ${ROLES.join(', ')}`);
  return role;
}

export interface WriteOpts {
  store?: string;
  signKey?: string;
  author?: string;
  ticket?: string;
  note?: string;
  /** `--backdated <reason>` (backdatedOption). */
  backdated?: string;
}

export interface InputFlags {
  store?: string;
  at?: string;
  lenient?: boolean;
  profile?: string;
  instance?: string;
  maxInputSize?: string;
}

/** Reads what `record` was given (export, bundle folder or snapshot JSON) through the collector; `profile`: --profile loaded already. */
export async function readInput(io: CliIO, input: string, flags: InputFlags, role?: Role, profile?: Profile): Promise<Snapshot> {
  const { collectServer } = await import('../../collect/index.js');
  const { loadCliProfile } = await import('../profile.js');
  const { storeSecretKey } = await import('../secret-key.js');
  // Hashed under the store's own key, so that this snapshot's secrets compare with those recorded before.
  const secretKey = await storeSecretKey(io, flags.store);
  const snapshot = await collectServer(resolve(io.cwd, input), {
    toolVersion: io.version,
    at: flags.at,
    lenient: flags.lenient === true,
    profile: profile ?? (flags.profile !== undefined ? await loadCliProfile(io, flags.profile) : undefined),
    secretKey,
    role,
    instance: flags.instance,
    maxInputSize: maxInputSize(flags.maxInputSize),
  });
  if (snapshot.collected.at === undefined) throw new UsageError(`${input}: collection time unknown: collect again with the collection script, or pass --at`);
  printWarnings(io, input, snapshot.warnings);
  return snapshot;
}
