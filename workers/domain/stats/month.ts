import { CALENDAR_FIRST_DATE, CALENDAR_LAST_DATE, MONTHS_ID, witaDate } from "../time";

/**
 * Statistics months: `YYYY-MM`, bounded in WITA. A month starts at 00:00 WITA on its first day,
 * which is 16:00 UTC the day before, so a KIM approved at 2026-11-30T16:30Z counts for December.
 */

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const FIRST_MONTH = CALENDAR_FIRST_DATE.slice(0, 7);
const LAST_MONTH = CALENDAR_LAST_DATE.slice(0, 7);

/** True for a `YYYY-MM` inside the calendar's span (2000-01 to 2100-12). */
export function isStatsMonth(value: string): boolean {
  return MONTH.test(value) && value >= FIRST_MONTH && value <= LAST_MONTH;
}

/** The month after or before `month` by `by` months. Example: shiftMonth("2026-01", -1) → "2025-12". */
export function shiftMonth(month: string, by: number): string {
  const m = MONTH.exec(month);
  if (!m || !Number.isInteger(by)) throw new RangeError(`not a month: ${month}`);
  const index = Number(m[1]) * 12 + (Number(m[2]) - 1) + by;
  return `${String(Math.floor(index / 12)).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/**
 * The month's bounds as UTC ISO strings, `[start, end)`: from 00:00 WITA on the first day to
 * 00:00 WITA on the first day of the next month.
 *
 * @example
 * monthBounds("2026-12") // { start: "2026-11-30T16:00:00.000Z", end: "2026-12-31T16:00:00.000Z" }
 */
export function monthBounds(month: string): { start: string; end: string } {
  if (!MONTH.test(month)) throw new RangeError(`not a month: ${month}`);
  const startOf = (m: string) => new Date(Date.parse(`${m}-01T00:00:00+08:00`)).toISOString();
  return { start: startOf(month), end: startOf(shiftMonth(month, 1)) };
}

/** The WITA month a moment falls in. Example: 2026-11-30T16:30Z → "2026-12". */
export function witaMonth(moment: Date): string {
  return witaDate(moment).slice(0, 7);
}

/**
 * The month that just closed at `moment` (WITA): the cron at 16:00 UTC on the last day of a month
 * runs at 00:00 WITA on the 1st, and computes the month before.
 */
export function closedMonth(moment: Date): string {
  return shiftMonth(witaMonth(moment), -1);
}

/** A month for people: "Desember 2026". */
export function monthLabel(month: string): string {
  const m = MONTH.exec(month);
  if (!m) return month;
  return `${MONTHS_ID[Number(m[2]) - 1]} ${m[1]}`;
}
