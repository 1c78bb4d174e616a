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
  const firstDay = pairs.reduce((min, p) => (p.from < min ? p.from : min), pairs[0]?.from ?? "");
  const lastDay = pairs.reduce((max, p) => (p.to > max ? p.to : max), pairs[0]?.to ?? "");
  const calendar = await loadHolidayCalendar(db, witaDate(new Date(firstDay)), witaDate(new Date(lastDay)));
  const days = pairs
    .map((p) => Math.max(0, workingDaysBetween(new Date(p.from), new Date(p.to), calendar).days))
    .sort((a, b) => a - b);
  const middle = Math.floor(days.length / 2);
  const median = days.length % 2 === 1 ? (days[middle] ?? 0) : ((days[middle - 1] ?? 0) + (days[middle] ?? 0)) / 2;
  return Math.round(median * 10) / 10;
}
