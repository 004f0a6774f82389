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
 * One bound of a period as an ISO time: a date (the whole day: from its start with --since, to its end with
 * --until, UTC), an ISO 8601 time (without a zone: local time), or an age before `now` (`12h`, `7d`, `2w`).
 * Anything else is a usage error naming the option and the forms it takes.
 */
export function parsePeriodBound(option: string, text: string, now: Date, end: boolean): string {
  const t = text.trim();
  const age = AGE.exec(t);
  if (age !== null) return new Date(now.getTime() - Number(age[1]) * AGE_UNITS[age[2]!.toLowerCase()]!).toISOString();
  const d = DATE.test(t) ? new Date(`${t}T${end ? '23:59:59.999' : '00:00:00.000'}Z`) : TIME.test(t) ? new Date(t.replace(' ', 'T')) : undefined;
  if (d === undefined || Number.isNaN(d.getTime()) || !isoFieldsReal(t)) {
    throw new UsageError(`${option} ${JSON.stringify(text)}: expected a date (2026-11-20), an ISO time (2026-11-20T14:00:00Z) or an age (12h, 7d, 2w)`);
  }
  return d.toISOString();
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
    .option('--until <when>', `${what} at or before this: a date (the whole day), an ISO time, or an age (12h, 7d, 2w ago)`);
}
