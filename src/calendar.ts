// Dates and times as written in inputs (waiver expiries, --at, PAIRAUDIT_NOW, bundle times): JavaScript's Date
// rolls an impossible date over (2026-11-31 becomes 1 December) instead of refusing it; these checks refuse it.

/** Whether the fields name a real calendar moment: a month 1-12, a day of that month, an hour 0-23, minutes and seconds 0-59. */
export function isCalendarMoment(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): boolean {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false;
  // Day 0 of the next month is this month's last day.
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const ISO_FIELDS = /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d))?)?/;

/**
 * Whether the date (and time) at the start of an ISO 8601 text name a real moment. A text that does not start
 * as `YYYY-MM-DD` is left to the caller's own format check (true).
 */
export function isoFieldsReal(text: string): boolean {
  const m = ISO_FIELDS.exec(text.trim());
  if (m === null) return true;
  const [year, month, day, hour, minute, second] = m.slice(1).map((f) => (f === undefined ? 0 : Number(f)));
  return isCalendarMoment(year, month, day, hour, minute, second);
}

/**
 * An ISO 8601 date and time with its zone (`Z` or `±hh:mm`), as every collection time and fixed clock must be: a
 * time without one names another moment on a machine in another zone.
 */
export const ZONED_ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/i;
