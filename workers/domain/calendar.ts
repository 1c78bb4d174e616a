import { addDays, dayOfWeek, formatWitaIso, witaDate, witaEndOfDay } from "./time";

/** The two kinds of decreed non-working day: a national holiday and cuti bersama for civil servants. */
export const HOLIDAY_KINDS = ["libur_nasional", "cuti_bersama"] as const;
export type HolidayKind = (typeof HOLIDAY_KINDS)[number];

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
 * The day a moment is deemed received: its WITA calendar day when that is a working day, else the
 * next working day (a Saturday submission is received on Monday).
 */
function receivedDay(moment: Date, calendar: HolidayCalendar): { date: string; complete: boolean } {
  let date = witaDate(moment);
  let complete = calendar.loadedYears.has(yearOf(date));
  while (!isWorkingDay(date, calendar)) {
    date = addDays(date, 1);
    if (!calendar.loadedYears.has(yearOf(date))) complete = false;
  }
  return { date, complete };
}

/**
 * The deadline N working days after moment `from`: 23:59:59 WITA at the end of the N-th working
 * day after the day `from` is received. The day of receipt never counts, so a Friday-afternoon
 * submission counts from Monday; a moment on a non-working day is received on the next working
 * day, so a Saturday submission with N = 1 is due on Tuesday.
 *
 * @example
 * // Friday 13 March 2026; Nyepi and the Idul Fitri cuti bersama are skipped
 * addWorkingDays(new Date("2026-03-13T09:00:00+08:00"), 5, cal).dueWita // "2026-03-27T23:59:59+08:00"
 */
export function addWorkingDays(from: Date, days: number, calendar: HolidayCalendar): Deadline {
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`days must be a positive integer, got ${days}`);
  let { date, complete } = receivedDay(from, calendar);
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
 * Working days elapsed from `start` to `end`: the working days after the day `start` is received
 * up to and including `end`'s WITA day, so that `end` exactly at the deadline of
 * `addWorkingDays(start, n)` counts n. Negative when `end` is before `start`.
 *
 * @example
 * workingDaysBetween(new Date("2026-03-13T09:00+08:00"), new Date("2026-03-27T10:00+08:00"), cal).days // 5
 */
export function workingDaysBetween(start: Date, end: Date, calendar: HolidayCalendar): WorkingDaysCount {
  if (end < start) {
    const back = workingDaysBetween(end, start, calendar);
    return { days: -back.days, calendarComplete: back.calendarComplete };
  }
  const received = receivedDay(start, calendar);
  const last = witaDate(end);
  let days = 0;
  let complete = received.complete;
  for (let date = addDays(received.date, 1); date <= last; date = addDays(date, 1)) {
    if (!calendar.loadedYears.has(yearOf(date))) complete = false;
    if (isWorkingDay(date, calendar)) days++;
  }
  return { days, calendarComplete: complete };
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
