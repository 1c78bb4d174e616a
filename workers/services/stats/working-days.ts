import type { Db } from "../../db";
import { workingDaysBetween } from "../../domain/calendar";
import { witaDate } from "../../domain/time";
import { loadHolidayCalendar } from "../calendar";

/**
 * The median number of working days between pairs of moments (submission to approval, receipt to
 * first answer), counted like the deadlines: holidays and weekends do not count. Null without pairs.
 */
export async function medianWorkingDays(db: Db, pairs: { from: string; to: string }[]): Promise<number | null> {
  if (pairs.length === 0) return null;
  // ISO moments sort as text.
  const firstDay = pairs.map((p) => p.from).sort()[0] ?? "";
  const lastDay =
    pairs
      .map((p) => p.to)
      .sort()
      .at(-1) ?? "";
  const calendar = await loadHolidayCalendar(db, witaDate(new Date(firstDay)), witaDate(new Date(lastDay)));
  const days = pairs
    .map((p) => Math.max(0, workingDaysBetween(new Date(p.from), new Date(p.to), calendar).days))
    .sort((a, b) => a - b);
  const middle = Math.floor(days.length / 2);
  const median = days.length % 2 === 1 ? (days[middle] ?? 0) : ((days[middle - 1] ?? 0) + (days[middle] ?? 0)) / 2;
  return Math.round(median * 10) / 10;
}
