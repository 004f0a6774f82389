// Reading and checking the journal: one canonical JSON file per entry, chained by hashes.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonical, GENESIS_HASH, isSha256Hex, sha256Hex } from './hash.js';
import type { JournalEntry, JournalEntryType, JournalHead } from './types.js';
import { keysSorted } from './canonical-check.js';
import { cosmeticChange, EMPTY_FILE, intactButChanged, type Damage } from './cosmetic.js';

export const ENTRY_FILE = /^(\d{10})\.json$/;
export const entryFileName = (seq: number): string => `${String(seq).padStart(10, '0')}.json`;

const ENTRY_TYPES: ReadonlySet<JournalEntryType> = new Set(['snapshot-recorded', 'checked-unchanged', 'audit-recorded', 'changeover-recorded', 'note-added', 'baseline-approved', 'store-migrated']);

/** The format version that introduced each entry type that was not there from the start (src/history/formats.ts). */
const TYPE_SINCE: Partial<Record<JournalEntryType, number>> = { 'changeover-recorded': 3 };

/** The hash of an entry: sha256 over the canonical JSON of every field but `hash`. */
export function entryHash(entry: Omit<JournalEntry, 'hash'> | JournalEntry): string {
  const { hash: _hash, sig: _sig, ...rest } = entry as JournalEntry;
  return sha256Hex(canonical(rest));
}

/** The exact bytes of an entry's file; anything else in the file is tampering or corruption. */
export function entryFileText(entry: JournalEntry): string {
  return `${canonical(entry)}\n`;
}

export function headFileText(head: JournalHead): string {
  return `${canonical(head)}\n`;
}

/** A problem found while reading the journal; `seq` is the first entry that cannot be trusted; `intact` as in Damage. */
export interface JournalProblem {
  seq: number;
  file: string;
  detail: string;
  intact?: true;
}

const str = (v: unknown) => typeof v === 'string';
const optStr = (v: unknown) => v === undefined || typeof v === 'string';
const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks the fields each entry type must have; returns what is wrong, or undefined. */
function shapeProblem(e: Record<string, unknown>, version: number): string | undefined {
  if (e.v !== version) return `entry version ${JSON.stringify(e.v)} in a store of version ${version}`;
  if (!ENTRY_TYPES.has(e.type as JournalEntryType) || version < (TYPE_SINCE[e.type as JournalEntryType] ?? 1)) return `unknown entry type ${JSON.stringify(e.type)}`;
  if (!str(e.at) || Number.isNaN(Date.parse(e.at as string))) return 'missing or invalid "at" time';
  if (!str(e.author)) return 'missing "author"';
  if (!optStr(e.ticket) || !optStr(e.note) || !optStr(e.backdated)) return '"ticket", "note" and "backdated" must be text';
  if (!str(e.prevHash) || !str(e.hash)) return 'missing "prevHash" or "hash"';
  if (e.sig !== undefined && (!isObject(e.sig) || !str((e.sig as { key?: unknown }).key) || !str((e.sig as { value?: unknown }).value))) return 'a malformed "sig"';
  switch (e.type as JournalEntryType) {
    case 'snapshot-recorded':
      if (!str(e.server) || (version >= 2 && !str(e.host)) || !str(e.fingerprint) || !str(e.collectedAt) || !Array.isArray(e.changes) || !isObject(e.blob) || (e.previous !== undefined && !isObject(e.previous))) return 'incomplete snapshot-recorded entry';
      if (!(e.changes as unknown[]).every(isObject)) return 'a change that is not an object';
      if (e.carriedFrom !== undefined && (!isObject(e.carriedFrom) || typeof (e.carriedFrom as { seq?: unknown }).seq !== 'number')) return 'a malformed "carriedFrom"';
      break;
    case 'checked-unchanged':
      if (!str(e.server) || (version >= 2 && !str(e.host)) || !str(e.fingerprint) || !isObject(e.previous) || typeof (e.previous as { seq?: unknown }).seq !== 'number') return 'incomplete checked-unchanged entry';
      break;
    case 'audit-recorded':
      if (!str(e.resultSha256) || !Array.isArray(e.servers) || !(e.servers as unknown[]).every(isObject) || !isObject(e.blob)) return 'incomplete audit-recorded entry';
      break;
    case 'changeover-recorded': {
      const check = (c: unknown) => isObject(c) && typeof (c as { seq?: unknown }).seq === 'number';
      if (!str(e.pair) || !isObject(e.between) || !isObject(e.main) || !isObject(e.roles) || !check(e.preCheck) || !check(e.postCheck) || !Array.isArray(e.settingChanges) || !(e.settingChanges as unknown[]).every(str)) return 'incomplete changeover-recorded entry';
      break;
    }
    case 'note-added':
      if (!str(e.note) || !isObject(e.target) || typeof (e.target as { seq?: unknown }).seq !== 'number') return 'incomplete note-added entry';
      break;
    case 'baseline-approved':
      if (!str(e.pair) || !Array.isArray(e.servers) || !(e.servers as unknown[]).every(isObject)) return 'incomplete baseline-approved entry';
      break;
    case 'store-migrated':
      if (!isObject(e.from) || typeof e.to !== 'number' || !Array.isArray(e.steps)) return 'incomplete store-migrated entry';
      break;
  }
  return undefined;
}

/**
 * Fast check that `text` is exactly the canonical file of `entry`: with keys already sorted, the native
 * JSON.stringify writes the same bytes as the canonical serialiser, several times faster. When this says
 * no, the caller falls back to the canonical serialiser itself, which has the last word.
 */
function isCanonicalText(text: string, entry: JournalEntry): boolean {
  return text.endsWith('\n') && keysSorted(entry) && `${JSON.stringify(entry)}\n` === text;
}

export interface JournalScan {
  /** Entries up to (not including) the first problem. */
  entries: JournalEntry[];
  problem?: JournalProblem;
  /** Files in journal/ that are not entries. */
  strayFiles: string[];
}

/**
 * Reads journal/ and checks every entry: file name, exact canonical bytes, sequence, own hash and
 * link to the previous entry. Stops at the first problem, because nothing after it can be trusted.
 */
export function scanJournal(journalDir: string, version: number): JournalScan {
  let names: string[];
  try {
    names = readdirSync(journalDir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { entries: [], strayFiles: [] };
    return { entries: [], strayFiles: [], problem: { seq: 1, file: 'journal', detail: `cannot read the journal folder (${code ?? 'error'}: not a folder, or no permission)` } };
  }
  const strayFiles: string[] = [];
  const seqs: { seq: number; name: string }[] = [];
  for (const name of names) {
    const m = ENTRY_FILE.exec(name);
    if (m) seqs.push({ seq: Number(m[1]), name });
    else strayFiles.push(name);
  }
  seqs.sort((a, b) => a.seq - b.seq);
  const entries: JournalEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let i = 0; i < seqs.length; i++) {
    const expected = i + 1;
    const { seq, name } = seqs[i];
    const file = join('journal', name);
    if (seq !== expected) {
      return { entries, strayFiles, problem: { seq: expected, file: join('journal', entryFileName(expected)), detail: `entry ${expected} is missing (deleted?); the journal continues at ${seq}` } };
    }
    const fail = (damage: Damage): JournalScan => ({ entries, strayFiles, problem: { seq, file, ...damage } });
    let text: string;
    try {
      text = readFileSync(join(journalDir, name), 'utf8');
    } catch (e) {
      return fail({ detail: `cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})` });
    }
    const checked = checkEntryText(text, seq, prevHash, version);
    if (typeof checked === 'string') return fail(explainDamage(text, checked, (t) => typeof checkEntryText(t, seq, prevHash, version) !== 'string'));
    const entry = checked;
    entries.push(entry);
    prevHash = entry.hash;
  }
  return { entries, strayFiles };
}

/** Checks one entry file's text (entry `seq`, after `prevHash`): the entry, or what is wrong with it. */
function checkEntryText(text: string, seq: number, prevHash: string, version: number): JournalEntry | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'not valid JSON (edited or corrupt)';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'not a journal entry';
  const shape = shapeProblem(parsed as Record<string, unknown>, version);
  if (shape) return shape;
  const entry = parsed as JournalEntry;
  if (entry.seq !== seq) return `file holds entry ${JSON.stringify(entry.seq)} (entries moved or swapped)`;
  const canonicalText = isCanonicalText(text, entry);
  const ownHash = canonicalText ? sha256Hex(JSON.stringify({ ...entry, hash: undefined, sig: undefined })) : entryHash(entry);
  if (!isSha256Hex(entry.hash) || ownHash !== entry.hash) return 'hash does not match the content (entry edited)';
  if (entry.prevHash !== prevHash) return `previous-hash does not match entry ${seq - 1} (entries removed, inserted or reordered)`;
  if (!canonicalText && text !== entryFileText(entry)) return 'bytes differ from the canonical form (file edited)';
  return entry;
}

/**
 * What is wrong with a file that failed its check (`detail`): an empty file, or bytes changed without changing the
 * content (a byte-order mark, CRLF, blank lines at the end) when the file without them passes (`passes`): intact.
 */
export function explainDamage(text: string, detail: string, passes: (text: string) => boolean): Damage {
  if (text === '') return { detail: EMPTY_FILE };
  const change = cosmeticChange(text);
  return change !== undefined && passes(change.text) ? intactButChanged(change) : { detail };
}

/** Reads head.json; undefined when absent, 'corrupt' when unreadable. */
export function readHeadFile(path: string): JournalHead | undefined | 'corrupt' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return 'corrupt';
  }
  try {
    const head = JSON.parse(text) as JournalHead;
    if (typeof head.seq === 'number' && typeof head.hash === 'string' && text === headFileText(head)) return { seq: head.seq, hash: head.hash };
  } catch {
    /* fall through */
  }
  return 'corrupt';
}

/**
 * Why head.json is unreadable when it is empty, or when only its bytes changed (a byte-order mark, CRLF, blank
 * lines) and it names the journal's last entry without them; undefined otherwise.
 */
export function headFileDamage(path: string, entries: JournalEntry[]): Damage | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const passes = (undone: string): boolean => {
    try {
      const head = JSON.parse(undone) as JournalHead;
      return typeof head.seq === 'number' && typeof head.hash === 'string' && undone === headFileText(head) && headState(entries, head) !== 'mismatch';
    } catch {
      return false;
    }
  };
  const damage = explainDamage(text, '', passes);
  return damage.detail === '' ? undefined : damage;
}

/**
 * How head.json relates to the journal. `lagging` (one entry behind) is what a writer killed between
 * writing an entry and updating the head leaves: harmless, and the next writer repairs it.
 */
export function headState(entries: JournalEntry[], head: JournalHead | undefined | 'corrupt'): 'ok' | 'lagging' | 'mismatch' {
  if (head === 'corrupt') return 'mismatch';
  const headSeq = head?.seq ?? 0;
  const headHash = head?.hash ?? GENESIS_HASH;
  if (headSeq > entries.length || headSeq < 0) return 'mismatch';
  if (headSeq > 0 && entries[headSeq - 1].hash !== headHash) return 'mismatch';
  if (headSeq === 0 && headHash !== GENESIS_HASH) return 'mismatch';
  const lag = entries.length - headSeq;
  return lag === 0 ? 'ok' : lag === 1 ? 'lagging' : 'mismatch';
}

export interface ConsistentRead {
  scan: JournalScan;
  head: JournalHead | undefined | 'corrupt';
  state: 'ok' | 'lagging' | 'mismatch';
}

/**
 * Reads head.json, the journal, and head.json again, until the head did not move meanwhile: a reader
 * without the lock then never mistakes a concurrent append for a deleted or missing entry.
 */
export function readJournalConsistent(journalDir: string, headPath: string, version: number): ConsistentRead {
  for (let attempt = 0; ; attempt++) {
    const before = readHeadFile(headPath);
    const scan = scanJournal(journalDir, version);
    const after = readHeadFile(headPath);
    const moved = JSON.stringify(before) !== JSON.stringify(after);
    if (!moved || attempt >= 20) return { scan, head: after, state: scan.problem ? 'ok' : headState(scan.entries, after) };
  }
}
