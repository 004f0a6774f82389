// When entries are dated: an entry dated well before one the journal holds already is back-dated into a period
// whose change record may be signed already. Write commands refuse it without a reason; verify and changes name it.
import { UsageError } from '../errors.js';
import { entryInPeriod, key } from './query.js';
import type { JournalEntry } from './types.js';

/**
 * How far two computers' clocks may differ: an entry may be dated this much before the journal's latest, and a
 * snapshot collected this much after it is recorded (record.ts).
 */
export const CLOCK_SKEW_MS = 3_600_000;

/** The entry dated latest among those given (the last of equals): what a new entry must not be dated well before. */
export interface LatestDated {
  seq: number;
  at: string;
  ms: number;
}

/** An entry dated more than CLOCK_SKEW_MS before an entry before it, and the reason it was journalled with (if any). */
export interface BackdatedEntry {
  seq: number;
  at: string;
  /** The latest-dated entry before it: the journal had reached that time when this entry was written. */
  after: { seq: number; at: string };
  behindMs: number;
  reason?: string;
}

/** Moves `latest` on to `e` when `e` is dated no earlier. */
export function laterOf(latest: LatestDated | undefined, e: { seq: number; at: string }): LatestDated | undefined {
  const ms = Date.parse(e.at);
  return latest === undefined || ms >= latest.ms ? { seq: e.seq, at: e.at, ms } : latest;
}

export function latestDated(entries: readonly JournalEntry[]): LatestDated | undefined {
  let latest: LatestDated | undefined;
  for (const e of entries) latest = laterOf(latest, e);
  return latest;
}

/** Every back-dated entry, in journal order: dated against the latest-dated entry before it, not only the one before. */
export function backdatedEntries(entries: readonly JournalEntry[]): BackdatedEntry[] {
  const out: BackdatedEntry[] = [];
  let latest: LatestDated | undefined;
  for (const e of entries) {
    const behindMs = latest === undefined ? 0 : latest.ms - Date.parse(e.at);
    if (latest !== undefined && behindMs > CLOCK_SKEW_MS) out.push({ seq: e.seq, at: e.at, after: { seq: latest.seq, at: latest.at }, behindMs, ...(e.backdated !== undefined ? { reason: e.backdated } : {}) });
    latest = laterOf(latest, e);
  }
  return out;
}

export const describeSpan = (ms: number): string => (ms >= 2 * 86_400_000 ? `${Math.floor(ms / 86_400_000)} days` : `${Math.floor(ms / 3_600_000)} h`);

/**
 * Before anything is written: an entry dated more than an hour before the journal's latest (a clock set back, or
 * PAIRAUDIT_NOW in the past) is refused unless a reason is given (`record --backdated REASON`, journalled in the
 * entry); a reason given for an entry that is not back-dated is refused too, so that the field never says what is
 * not so.
 */
export function refuseBackdated(latest: LatestDated | undefined, meta: { at: string; backdated?: string }): void {
  const behindMs = latest === undefined ? 0 : latest.ms - Date.parse(meta.at);
  const backdated = latest !== undefined && behindMs > CLOCK_SKEW_MS;
  if (meta.backdated !== undefined && meta.backdated.trim() === '') throw new UsageError('--backdated: give the reason the entry is dated before the journal\'s latest (it is journalled with the entry)');
  if (backdated && meta.backdated === undefined) {
    throw new UsageError(
      `the entry would be dated ${meta.at}, ${describeSpan(behindMs)} before entry ${latest.seq} (${latest.at}), which the journal holds already: the clock (or PAIRAUDIT_NOW) is set back (or entry ${latest.seq} was written with one set forward), and the entry would land in a period whose change record may be signed already; nothing was written: correct the clock, or journal it all the same with its reason (\`--backdated REASON\`)`,
    );
  }
  if (!backdated && meta.backdated !== undefined) {
    throw new UsageError(`--backdated: the entry would be dated ${meta.at}, not before the journal's latest entry${latest === undefined ? ' (the journal is empty)' : ` (entry ${latest.seq}, ${latest.at})`}; nothing was written: drop --backdated`);
  }
}

/**
 * What `changes` says of each back-dated entry dated in its period: a record of the period made before the entry was
 * written (its head hash is an earlier entry's) does not show it, although the entry's date says it belongs there.
 */
export function backdatedInPeriod(entries: readonly JournalEntry[], filter: { since?: string; until?: string; pair?: string } = {}): string[] {
  // An entry of another pair is not in a record of this one; an entry without a pair (a note) may be.
  const pairOf = (seq: number): string | undefined => {
    const e = entries[seq - 1] as { pair?: unknown };
    return typeof e.pair === 'string' ? e.pair : undefined;
  };
  return backdatedEntries(entries)
    .filter((b) => entryInPeriod(b.at, b.at, filter.since, filter.until))
    .filter((b) => filter.pair === undefined || pairOf(b.seq) === undefined || key(pairOf(b.seq)!) === key(filter.pair))
    .map(
      (b) =>
        `entry ${b.seq} is dated ${b.at}, in this period, but was written after entry ${b.after.seq} (${b.after.at}), ${b.reason === undefined ? 'with a clock set back' : `back-dated with the reason ${JSON.stringify(b.reason)}`}: a change record of this period made before it (whose head is entry ${b.seq - 1} or earlier) does not show it; this one does`,
    );
}
