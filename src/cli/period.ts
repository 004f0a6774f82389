// --since / --until: one parser for every command that takes a period (an ISO date or time, or an age such as 7d).
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { isoFieldsReal } from '../calendar.js';

/** Ages a person writes: hours, days, weeks. */
const AGE_UNITS: Readonly<Record<string, number>> = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };
const AGE = /^(\d+)\s*([hdw])$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * One bound of a period as an ISO time: a date (the whole day on this machine's calendar, as a time without a zone
 * is read: from its first moment with --since, to its last with --until), an ISO 8601 time (without a zone: local
 * time), or an age before `now` (`12h`, `7d`, `2w`). Anything else is a usage error naming the option and the forms
 * it takes.
 */
export function parsePeriodBound(option: string, text: string, now: Date, end: boolean): string {
  const t = text.trim();
  const age = AGE.exec(t);
  if (age !== null) return new Date(now.getTime() - Number(age[1]) * AGE_UNITS[age[2]!.toLowerCase()]!).toISOString();
  const d = DATE.test(t) ? localDay(t, end) : TIME.test(t) ? (localMoment(t, end) ?? new Date(t.replace(' ', 'T'))) : undefined;
  if (d === undefined || Number.isNaN(d.getTime()) || !isoFieldsReal(t)) {
    throw new UsageError(`${option} ${JSON.stringify(text)}: expected a date (2026-11-20), an ISO time (2026-11-20T14:00:00Z) or an age (12h, 7d, 2w)`);
  }
  return d.toISOString();
}

/**
 * The first moment of the local day `date` (YYYY-MM-DD), or with `end` its last (the millisecond before the next
 * day's first): a day is what the calendar on the wall says, as a time without a zone is read. Where the clocks
 * jump over midnight (Chile, at the start of its summer time) the day starts at the jump.
 */
function localDay(date: string, end: boolean): Date {
  const start = (day: string): Date => localMoment(`${day}T00:00`, false) ?? new Date(`${day}T00:00:00.000`);
  if (!end) return start(date);
  const [year, month, day] = date.split('-').map(Number);
  const after = new Date(0);
  after.setUTCFullYear(year, month - 1, day + 1); // not Date.UTC, which reads years 0-99 as 1900-1999
  const next = after.toISOString().slice(0, 10);
  return new Date(start(next).getTime() - 1);
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?$/;

/** The local zone's offset from UTC at `ms`, in minutes (east positive). */
const offsetAt = (ms: number): number => -new Date(ms).getTimezoneOffset();

/**
 * A local time (no zone) around a daylight-saving change, as the bound of a period that keeps every moment the
 * clock on the wall showed it: a time the clocks went back over happened twice, and --since takes the first, --until
 * the second; one they jumped over never happened, and both take the moment of the jump. Undefined for a time
 * with a zone, and for a local time that happened once (as `new Date` reads it).
 */
function localMoment(text: string, end: boolean): Date | undefined {
  const m = LOCAL.exec(text);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((f) => (f === undefined ? 0 : Number(f)));
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, Number((m[7] ?? '').padEnd(3, '0')));
  const offsets = [...new Set([offsetAt(wall - 36 * 3_600_000), offsetAt(wall), offsetAt(wall + 36 * 3_600_000)])];
  if (offsets.length === 1) return undefined;
  // Each offset in force around that time gives one reading of it; a reading is real when that offset is in force then.
  const readings = offsets.map((o) => wall - o * 60_000);
  const moments = offsets.filter((o) => offsetAt(wall - o * 60_000) === o).map((o) => wall - o * 60_000).sort((a, b) => a - b);
  if (moments.length === 1) return undefined;
  if (moments.length > 1) return new Date(end ? moments[moments.length - 1] : moments[0]);
  // Never on the wall clock: the moment of the jump, between the readings with the offsets before and after it.
  let [lo, hi] = readings[0] < readings[1] ? [readings[0], readings[1]] : [readings[1], readings[0]];
  const before = offsetAt(lo);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(mid) === before) lo = mid;
    else hi = mid;
  }
  return new Date(hi);
}

export interface PeriodOptions {
  since?: string;
  until?: string;
}

/** The period of --since and --until (either may be absent); --since after --until is a usage error. */
export function parsePeriod(opts: PeriodOptions, now: Date): { since?: string; until?: string } {
  const since = opts.since === undefined ? undefined : parsePeriodBound('--since', opts.since, now, false);
  const until = opts.until === undefined ? undefined : parsePeriodBound('--until', opts.until, now, true);
  if (since !== undefined && until !== undefined && Date.parse(since) > Date.parse(until)) throw new UsageError(`--since ${opts.since} is after --until ${opts.until}: the period is empty`);
  return { ...(since !== undefined ? { since } : {}), ...(until !== undefined ? { until } : {}) };
}

/** Adds --since and --until to a command; `what` says what is compared with them. */
export function addPeriodOptions(cmd: Command, what: string): Command {
  return cmd
    .option('--since <when>', `${what} at or after this: a date (2026-11-20), an ISO time, or an age (12h, 7d, 2w ago)`)
    .option('--until <when>', `${what} at or before this: a date (the whole day, local time), an ISO time, or an age (12h, 7d, 2w ago)`);
}
