import { and, asc, between, eq, gte, inArray, lte } from "drizzle-orm";
import { calendarYears, holidays } from "../../schema";
import type { Db } from "../db";
import {
  addWorkingDays,
  calendarWindow,
  type Deadline,
  FIXED_NATIONAL_HOLIDAYS,
  type HolidayCalendar,
  type HolidayKind,
  MAX_CALENDAR_SPAN_DAYS,
  missingDecreeYears,
  PROVISIONAL_HOLIDAY_BASIS,
} from "../domain/calendar";
import { addDays, witaDate } from "../domain/time";

/** Loads the holidays between two WITA dates and the years whose decree is loaded. */
export async function loadHolidayCalendar(db: Db, first: string, last: string): Promise<HolidayCalendar> {
  const [days, years] = await db.batch([
    db
      .select({ date: holidays.date })
      .from(holidays)
      .where(between(holidays.date, first, last)),
    db
      .select({ year: calendarYears.year })
      .from(calendarYears)
      .where(
        and(gte(calendarYears.year, Number(first.slice(0, 4))), lte(calendarYears.year, Number(last.slice(0, 4)))),
      ),
  ]);
  return { holidays: new Set(days.map((d) => d.date)), loadedYears: new Set(years.map((y) => y.year)) };
}

/**
 * The deadline `days` working days after `from`, reading only the holidays it can reach.
 *
 * @example
 * await computeDeadline(db, new Date("2026-03-13T09:00:00+08:00"), 5) // dueWita "2026-03-27T23:59:59+08:00"
 */
export async function computeDeadline(db: Db, from: Date, days: number): Promise<Deadline> {
  const { first, last } = calendarWindow(from, days);
  const deadline = addWorkingDays(from, days, await loadHolidayCalendar(db, first, last));
  if (deadline.dueWita.slice(0, 10) <= last) return deadline;
  // The window was too short for this stretch of holidays: count once more over every day a count
  // may walk (addWorkingDays refuses to go further), so two rounds always settle it.
  return addWorkingDays(from, days, await loadHolidayCalendar(db, first, addDays(first, MAX_CALENDAR_SPAN_DAYS)));
}

export interface YearCalendar {
  year: number;
  loaded: boolean;
  source: string | null;
  /** `provisional` marks a fixed-date national holiday of a year whose decree is not loaded. */
  holidays: { date: string; kind: HolidayKind; name: string; basis: string; provisional: boolean }[];
}

/**
 * The holidays of one year and whether that year's decree is loaded. Until it is, the fixed-date
 * national holidays are listed too, marked provisional: deadlines skip them already.
 */
export async function getYearCalendar(db: Db, year: number): Promise<YearCalendar> {
  const [days, loaded] = await db.batch([
    db
      .select()
      .from(holidays)
      .where(between(holidays.date, `${year}-01-01`, `${year}-12-31`))
      .orderBy(asc(holidays.date)),
    db.select().from(calendarYears).where(eq(calendarYears.year, year)),
  ]);
  const decreed = days.map((d) => ({ ...d, provisional: false }));
  if (loaded.length > 0) return { year, loaded: true, source: loaded[0]?.source ?? null, holidays: decreed };
  const listed = new Set(days.map((d) => d.date));
  const provisional = FIXED_NATIONAL_HOLIDAYS.map((h) => ({
    date: `${year}-${h.monthDay}`,
    kind: "libur_nasional" as const,
    name: h.name,
    basis: PROVISIONAL_HOLIDAY_BASIS,
    provisional: true,
  })).filter((h) => !listed.has(h.date));
  return {
    year,
    loaded: false,
    source: null,
    holidays: [...decreed, ...provisional].sort((a, b) => a.date.localeCompare(b.date)),
  };
}

/**
 * The years whose holiday decree is missing and worth a warning at `now`: the current year, and
 * from 1 October the next (see `missingDecreeYears`). One small read of `calendar_years`.
 *
 * @example
 * await decreeWarningYears(db, new Date("2026-12-04T09:00:00+08:00")) // [2027] until 2027 is imported
 */
export async function decreeWarningYears(db: Db, now: Date): Promise<number[]> {
  const today = witaDate(now);
  const year = Number(today.slice(0, 4));
  const loaded = await db
    .select({ year: calendarYears.year })
    .from(calendarYears)
    .where(inArray(calendarYears.year, [year, year + 1]));
  return missingDecreeYears(today, new Set(loaded.map((y) => y.year)));
}
