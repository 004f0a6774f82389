// Format version 4: secrets hashed under the store's own key; what older versions journalled and stored in clear replaced.
//
// pairaudit 0.1.0 knew secrets only by a few names, so `Pwd`, `Token` or a connection string's `Password=` part
// were journalled in clear (in the entries' changes) and kept in the stored snapshots and audit results. This step
// finds them as `collect` does today (the default patterns, src/snapshot/secrets.ts) and replaces them: in each
// stored snapshot by a keyed hash under the store's key (a text keeps its readable part, `Password=(hidden)`, and
// the hash of what was hidden as `<setting>#hidden`); in each change by `{secret, set}` (and `same: false` on the
// new side) or by the masked text; in each stored audit result by `(hidden)`. Entries keep their changes one for
// one (a change of a connection string's password alone stays a change, of a secret), so change ids stay valid.
// Format versions 7 to 11 run the step again: what patterns added since find (a token or a command line's password
// in a registry value, a value named MasterKey, which versions 4 to 6 stored in clear; the password of a net user,
// schtasks, psexec, sqlcmd, mysql, curl, sshpass or plink line, a Basic credential, a cookie, an Azure key or SAS
// signature, a value named AccountKey, StorageKey or UpdateKey, which versions 4 to 7 stored in clear; the password
// of psexec -p before -u, sqlcmd -P without -U, schtasks /rp before /ru, netdom, WinSCP, Net-SNMP, an Oracle logon,
// wget or curl --proxy-user, a short Basic credential, which versions 4 to 8 stored in clear; Redis' passwords, a
// bare Basic credential, a value named SmtpAuth, AuthString or DbCred, which versions 4 to 9 stored in clear; Redis'
// passwords not at a line's start and its ACL's, a short Basic credential of an empty user, an MQTT client's -P number,
// isql in a sentence, which versions 4 to 10 stored in clear) is replaced the same way; a store holding nothing new
// is left as it is. The text people typed (an entry's author, ticket and note, and the notes an audit result quotes)
// is masked by today's free-text patterns too: a passphrase such as `password blue-sky` or `password BLUE-SKY`, which
// versions 4 to 9 journalled in clear, is replaced by (hidden), the rest of the text kept; one after a word an older
// version hid instead of it too (typed-text.ts).
import { defaultSecretDetector, HIDDEN, isSecretValue } from '../../snapshot/secrets.js';
import { inspectSetting, protectSnapshotValues } from '../../snapshot/protect.js';
import { hideSecretNames, replaceIgnoringCase } from '../../snapshot/protect-names.js';
import { settingsByLowerName, toDisplayValue } from '../../snapshot/settings.js';
import type { AuditResult, DisplayValue, RegData, Setting, Snapshot } from '../../types.js';
import type { JournalChange } from '../types.js';
import type { MigrationContext, RawEntry } from './context.js';
import { hidingMore, maskTypedAgain } from './typed-text.js';

/** Plaintexts shorter than this are replaced in an audit result only where they are a whole string or quoted. */
const SHORT = 6;

interface Rewritten {
  fingerprint: string;
  blob?: unknown;
  snapshot: Snapshot;
  /** Settings whose value held a secret in clear (lower-cased names as stored before). */
  secrets: Set<string>;
  /** Settings whose name held a secret: lower-cased name as stored before → the name now. */
  renamed: Map<string, string>;
}

export function migrateSecrets(ctx: MigrationContext): void {
  const detector = defaultSecretDetector();
  const byFingerprint = new Map<string, Rewritten>();
  /** Each secret found in clear (a whole value, what a pattern hid, a text with a secret inside) → what replaces it. */
  const plaintexts = new Map<string, string>();
  /** Each part of a key or value name that held a secret → its placeholder (replaced in any case: names compare so). */
  const nameParts = new Map<string, string>();

  /** The stored snapshot with its secrets protected (stored anew when that changed it), once per fingerprint. */
  const snapshotOf = (fingerprint: string): Rewritten => {
    const known = byFingerprint.get(fingerprint);
    if (known !== undefined) return known;
    const before = ctx.readSnapshot(fingerprint);
    // Names first, as protectSnapshot does; the values are then judged by the names as stored (collectPlaintexts).
    const named = hideSecretNames(before, detector, ctx.secretKey);
    const after = protectSnapshotValues(named.snapshot, detector, ctx.secretKey);
    for (const [part, placeholder] of named.parts) nameParts.set(part, placeholder);
    const renamed = new Map([...named.renamed].map(([from, to]) => [from.toLowerCase(), to]));
    const secrets = new Set<string>();
    for (const [name, setting] of Object.entries(before.settings)) {
      const now = after.settings[named.renamed.get(name) ?? name];
      // A format 1 hash (no key id) becomes presence-only, which is no secret found in clear.
      if (now === undefined || now.value === setting.value || isSecretValue(setting.value)) continue;
      secrets.add(name.toLowerCase());
      collectPlaintexts(name, setting, now, plaintexts, detector);
    }
    let out: Rewritten = { fingerprint, snapshot: after, secrets, renamed };
    if (after !== before) {
      const stored = ctx.putSnapshot(after);
      out = { ...out, fingerprint: stored.fingerprint, blob: stored.blob };
    }
    byFingerprint.set(fingerprint, out);
    return out;
  };
  const newFingerprint = (fp: string): string => byFingerprint.get(fp)?.fingerprint ?? fp;

  for (const e of ctx.entries) {
    // Before the entry's audit result: it quotes the notes of the entries before it (attribution).
    const typed = maskTyped(e, detector, plaintexts);
    if (typed.length > 0) ctx.report(`entry ${e.seq}: secrets typed in clear in its ${typed.join(', ')} replaced by ${HIDDEN}`);
    if (e.type === 'snapshot-recorded') {
      const oldFingerprint = e.fingerprint as string;
      const cur = snapshotOf(oldFingerprint);
      const previous = e.previous as { fingerprint: string } | undefined;
      const prev = previous === undefined ? undefined : snapshotOf(previous.fingerprint);
      if (previous !== undefined) previous.fingerprint = newFingerprint(previous.fingerprint);
      const { replaced, renamed } = rewriteChanges(e, cur, prev);
      if (cur.fingerprint !== oldFingerprint) {
        e.fingerprint = cur.fingerprint;
        e.blob = cur.blob;
      }
      if (cur.renamed.size > 0 || renamed.length > 0) {
        ctx.report(`entry ${e.seq}: ${cur.renamed.size} setting name(s) holding a secret in its snapshot replaced by (hidden name <keyed hash>)${renamed.length > 0 ? `, and in its changes (${renamed.sort().join(', ')})` : ''}`);
      }
      if (replaced.length > 0 || cur.secrets.size > 0) {
        const what = [...new Set([...replaced])].sort();
        ctx.report(
          `entry ${e.seq}: ${cur.secrets.size} secret value(s) kept in clear in its snapshot replaced by keyed hashes${what.length > 0 ? `, and in its changes (${what.join(', ')})` : ''}`,
        );
      }
    } else if (e.type === 'checked-unchanged') {
      // A check of the very export its entry stored (`check --record` right after `record`) has that snapshot's
      // fingerprint: it names the snapshot as stored anew. Another check's names a snapshot that was never stored.
      e.fingerprint = newFingerprint(e.fingerprint as string);
    } else if (e.type === 'baseline-approved') {
      for (const s of e.servers as { fingerprint: string }[]) s.fingerprint = newFingerprint(s.fingerprint);
    } else if (e.type === 'audit-recorded') {
      for (const s of e.servers as { fingerprint: string }[]) s.fingerprint = newFingerprint(s.fingerprint);
      const result = ctx.readAudit(e.resultSha256 as string);
      const text = JSON.stringify(result);
      const found = { plaintexts, nameParts: [...nameParts].sort((a, b) => b[0].length - a[0].length) };
      const hidden = JSON.stringify(scrub(result, found, detector, (fp) => fp));
      const scrubbed = scrub(result, found, detector, newFingerprint) as AuditResult;
      if (JSON.stringify(scrubbed) !== text) {
        const stored = ctx.putAudit(scrubbed);
        e.resultSha256 = stored.resultSha256;
        e.blob = stored.blob;
        if (hidden !== text) ctx.report(`entry ${e.seq}: secrets quoted in clear in its recorded audit result replaced by ${HIDDEN}`);
      }
    }
  }
}

/** The fields of an entry that hold what people typed (record.ts metaFields; a note-added entry's note). */
const TYPED_FIELDS = ['author', 'ticket', 'note'] as const;

/**
 * Masks the typed fields of an entry as `record` masks them today (the free-text patterns; maskTypedAgain), each
 * text that hides more than it did replaced, and kept in `plaintexts` for the audit results that quote it. Returns
 * the fields masked.
 */
function maskTyped(e: RawEntry, detector: ReturnType<typeof defaultSecretDetector>, plaintexts: Map<string, string>): string[] {
  const masked: string[] = [];
  for (const field of TYPED_FIELDS) {
    const text = e[field];
    if (typeof text !== 'string') continue;
    const now = maskTypedAgain(text, detector);
    if (now === text) continue;
    e[field] = now;
    plaintexts.set(text, now);
    masked.push(field);
  }
  return masked;
}

/**
 * The plaintext of a secret as it may appear in a report, with what replaces it: a whole secret (and its list
 * elements) by HIDDEN; a text with a secret inside by its masked text, and what was hidden by HIDDEN.
 */
function collectPlaintexts(name: string, setting: Setting, now: Setting, into: Map<string, string>, detector: ReturnType<typeof defaultSecretDetector>): void {
  const v = setting.value;
  if (v === null || isSecretValue(v)) return;
  const data: RegData = typeof v === 'boolean' ? String(v) : v;
  // As protectSnapshot reads it.
  const found = inspectSetting(detector, name, setting, data);
  const add = (s: string, by: string): void => {
    if (s.trim() !== '' && s !== by) into.set(s, by);
  };
  if (found.kind === 'partial') {
    const masked = now.value;
    if (Array.isArray(data) && Array.isArray(masked)) data.forEach((x, i) => add(x, masked[i] ?? HIDDEN));
    else if (typeof masked === 'string') add(String(data), masked);
    for (const p of found.parts) add(p, HIDDEN);
    return;
  }
  if (Array.isArray(data)) for (const x of data) add(x, HIDDEN);
  add(Array.isArray(data) ? data.join('\u0000') : String(data), HIDDEN);
}

/**
 * Rewrites the changes of a snapshot entry whose settings held secrets in clear, one for one: each side as the
 * protected snapshots show it, each setting under its name now. Returns the settings whose changes were rewritten
 * for their values (`replaced`) and those renamed (by their new names).
 */
function rewriteChanges(e: RawEntry, cur: Rewritten, prev: Rewritten | undefined): { replaced: string[]; renamed: string[] } {
  const changes = e.changes as JournalChange[];
  const after = settingsByLowerName(cur.snapshot);
  const before = prev === undefined ? undefined : settingsByLowerName(prev.snapshot);
  const rewritten: string[] = [];
  const renamed: string[] = [];
  for (const c of changes) {
    const lower = c.setting.toLowerCase();
    // A name that held a secret: the change is the setting's under its name now (a name is hidden alike in both snapshots).
    const name = cur.renamed.get(lower) ?? prev?.renamed.get(lower);
    if (name !== undefined) {
      c.setting = name;
      renamed.push(name);
    }
    if (!cur.secrets.has(lower) && !(prev?.secrets.has(lower) ?? false)) continue;
    const now = c.setting.toLowerCase();
    const to = after.get(now)?.setting.value;
    const from = before?.get(now)?.setting.value;
    if (c.kind !== 'added' && from !== undefined) c.from = sideOf(from);
    if (c.kind !== 'removed' && to !== undefined) c.to = sideOf(to);
    if (c.kind === 'changed' && c.from !== undefined && c.to !== undefined && JSON.stringify(c.from) === JSON.stringify(c.to)) {
      // Only the hidden part changed (a connection string's password): a change of a secret.
      c.from = { secret: true, set: true };
      c.to = { secret: true, set: true, same: false };
    } else if (c.kind === 'changed' && isSecretDisplay(c.to) && c.to.set && isSecretDisplay(c.from) && c.from.set) {
      c.to = { secret: true, set: true, same: false };
    }
    rewritten.push(c.setting);
  }
  return { replaced: rewritten, renamed };
}

function sideOf(v: Setting['value']): DisplayValue {
  return toDisplayValue(v);
}

function isSecretDisplay(v: DisplayValue | undefined): v is { secret: true; set: boolean; same?: boolean } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && v.secret === true;
}

/** What an audit result is scrubbed of: the secrets found in clear, and the parts of names that held one (longest first). */
interface Found {
  plaintexts: Map<string, string>;
  nameParts: [string, string][];
}

/** `text` with each part of a name that held a secret replaced by its placeholder (a key of the result's objects too). */
function withoutNameParts(text: string, found: Found): string {
  return found.nameParts.reduce((t, [part, by]) => replaceIgnoringCase(t, part, by), text);
}

/** Where a recorded audit result quotes the evidence (values, messages and their data, attribution, waived values). */
const EVIDENCE: ReadonlySet<string> = new Set(['values', 'data', 'message', 'attribution', 'changed']);
/** Where it holds text people typed (a waiver's). The notes an attribution quotes are the entries' (plaintexts). */
const TYPED: ReadonlySet<string> = new Set(['reason', 'approvedBy']);

/**
 * A recorded audit result with every secret found in clear replaced (longest first), and old fingerprints by new
 * ones; a text that holds none of them still goes through the patterns, as `collect` reads it: the content
 * patterns for the evidence, the free-text ones for what people typed. The rules' own text (title, rationale,
 * remediation: `password= "<password>"`) is neither and stays as the rule pack wrote it.
 */
function scrub(value: unknown, found: Found, detector: ReturnType<typeof defaultSecretDetector>, fingerprint: (fp: string) => string, read?: 'evidence' | 'typed'): unknown {
  const { plaintexts } = found;
  if (typeof value === 'string') {
    const fp = fingerprint(value);
    if (fp !== value) return fp;
    const named = withoutNameParts(value, found);
    const exact = plaintexts.get(named);
    if (exact !== undefined) return exact;
    let out = named;
    for (const [p, by] of [...plaintexts].sort((a, b) => b[0].length - a[0].length)) {
      if (!out.includes(p)) continue;
      out = p.length >= SHORT ? out.split(p).join(by) : out.split(JSON.stringify(p)).join(JSON.stringify(by));
    }
    if (out !== named || read === undefined) return out;
    return read === 'typed' ? maskTypedAgain(out, detector) : hidingMore(out, maskContent(detector, out));
  }
  if (Array.isArray(value)) return value.map((x) => scrub(x, found, detector, fingerprint, read));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[withoutNameParts(k, found)] = scrub(v, found, detector, fingerprint, TYPED.has(k) ? 'typed' : EVIDENCE.has(k) ? 'evidence' : read);
    return out;
  }
  return value;
}

/** A text of the evidence as `collect` stores a registry value's: what the content patterns find hidden. */
function maskContent(detector: ReturnType<typeof defaultSecretDetector>, text: string): string {
  const found = detector.inspectContent(text, 'REG_SZ');
  return found.kind === 'whole' ? HIDDEN : found.kind === 'partial' ? (found.masked as string) : text;
}
