import { addDays, dayOfWeek, formatWitaIso, witaDate, witaEndOfDay } from "./time";

/**
 * What the working-day arithmetic needs to know: the decreed non-working dates (national
 * holidays and cuti bersama) and which years' decrees are loaded. A year that is not loaded
 * counts weekends only, and every result that touched it says so.
 */
export interface HolidayCalendar {
  /** YYYY-MM-DD dates in WITA. */
  holidays: ReadonlySet<string>;
  loadedYears: ReadonlySet<number>;
}

export interface Deadline {
  /** The last second of the N-th working day, in UTC. */
  due: Date;
  /** The same moment in WITA, e.g. "2026-03-27T23:59:59+08:00". */
  dueWita: string;
  /** False when the count crossed a year whose holiday decree is not loaded. */
  calendarComplete: boolean;
}

const yearOf = (isoDate: string) => Number(isoDate.slice(0, 4));

/** Monday to Friday and not a decreed holiday or cuti bersama. */
export function isWorkingDay(isoDate: string, calendar: HolidayCalendar): boolean {
  const dow = dayOfWeek(isoDate);
  return dow !== 0 && dow !== 6 && !calendar.holidays.has(isoDate);
}

/**
 * The deadline N working days after moment `from`: 23:59:59 WITA at the end of the N-th working
 * day after `from`'s WITA calendar day. The day of `from` itself never counts, so a Friday
 * afternoon and a Saturday both count from the following Monday.
 *
 * @example
 * // Friday 13 March 2026; Nyepi and the Idul Fitri cuti bersama are skipped
 * addWorkingDays(new Date("2026-03-13T09:00:00+08:00"), 5, cal).dueWita // "2026-03-27T23:59:59+08:00"
 */
export function addWorkingDays(from: Date, days: number, calendar: HolidayCalendar): Deadline {
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`days must be a positive integer, got ${days}`);
  let date = witaDate(from);
  let complete = true;
  for (let counted = 0; counted < days; ) {
    date = addDays(date, 1);
    if (!calendar.loadedYears.has(yearOf(date))) complete = false;
    if (isWorkingDay(date, calendar)) counted++;
  }
  const due = witaEndOfDay(date);
  return { due, dueWita: formatWitaIso(due), calendarComplete: complete };
}

export interface WorkingDaysCount {
  days: number;
  calendarComplete: boolean;
}

/**
 * Working days elapsed from `start` to `end`: the working days after `start`'s WITA day up to and
 * including `end`'s WITA day, so that `end` exactly at the deadline of `addWorkingDays(start, n)`
 * counts n. Negative when `end` is before `start`.
 *
 * @example
 * workingDaysBetween(new Date("2026-03-13T09:00+08:00"), new Date("2026-03-27T10:00+08:00"), cal).days // 5
 */
export function workingDaysBetween(start: Date, end: Date, calendar: HolidayCalendar): WorkingDaysCount {
  const [a, b] = [witaDate(start), witaDate(end)];
  if (a === b) return { days: 0, calendarComplete: calendar.loadedYears.has(yearOf(a)) };
  const [lo, hi, sign] = a < b ? [a, b, 1] : [b, a, -1];
  let days = 0;
  let complete = true;
  for (let date = addDays(lo, 1); date <= hi; date = addDays(date, 1)) {
    if (!calendar.loadedYears.has(yearOf(date))) complete = false;
    if (isWorkingDay(date, calendar)) days++;
  }
  return { days: sign * days, calendarComplete: complete };
}

/**
 * The span of calendar dates that `addWorkingDays(from, days)` may touch, so a caller can load
 * just those holidays. Generous on purpose: 1.4 covers weekends, 1.34 the year's scattered
 * holidays, and 14 extra days the densest cluster (Idul Fitri takes up to 7 weekdays in two
 * weeks). Callers still check that the result fell inside the window.
 */
export function calendarWindow(from: Date, days: number): { first: string; last: string } {
  const first = witaDate(from);
  return { first, last: addDays(first, Math.ceil(days * 1.4 * 1.34) + 14) };
}
