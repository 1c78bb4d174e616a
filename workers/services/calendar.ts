import { and, asc, between, eq, gte, lte } from "drizzle-orm";
import { calendarYears, holidays } from "../../schema";
import type { Db } from "../db";
import { addWorkingDays, calendarWindow, type Deadline, type HolidayCalendar } from "../domain/calendar";

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
  let { first, last } = calendarWindow(from, days);
  for (;;) {
    const deadline = addWorkingDays(from, days, await loadHolidayCalendar(db, first, last));
    if (deadline.dueWita.slice(0, 10) <= last) return deadline;
    // The window was too short for this stretch of holidays: widen it and count again.
    last = calendarWindow(new Date(Date.parse(`${last}T00:00:00+08:00`)), days).last;
  }
}

export interface YearCalendar {
  year: number;
  loaded: boolean;
  source: string | null;
  holidays: { date: string; kind: string; name: string; basis: string }[];
}

/** The decreed holidays of one year and whether that year's decree is loaded. */
export async function getYearCalendar(db: Db, year: number): Promise<YearCalendar> {
  const [days, loaded] = await db.batch([
    db
      .select()
      .from(holidays)
      .where(between(holidays.date, `${year}-01-01`, `${year}-12-31`))
      .orderBy(asc(holidays.date)),
    db.select().from(calendarYears).where(eq(calendarYears.year, year)),
  ]);
  return { year, loaded: loaded.length > 0, source: loaded[0]?.source ?? null, holidays: days };
}
