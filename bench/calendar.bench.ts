/**
 * Working-day arithmetic: the cost of one deadline grows with the number of days counted, not with the
 * number of holidays loaded. Reported as microseconds per call and as ratios to the 5-day case.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { addWorkingDays, type HolidayCalendar } from "../workers/domain/calendar";
import { meanMicros } from "./timing";

export default async function calendarBench() {
  const csv = readFileSync(path.join(import.meta.dirname, "../data/hari_libur_2025_2026.csv"), "utf8");
  const dates = csv
    .split("\n")
    .slice(1)
    .map((l) => l.slice(0, 10))
    .filter(Boolean);
  const calendar: HolidayCalendar = { holidays: new Set(dates), loadedYears: new Set([2025, 2026]) };
  const from = new Date("2026-03-13T09:00:00+08:00");
  const five = await meanMicros(20_000, () => addWorkingDays(from, 5, calendar));
  const sixty = await meanMicros(5_000, () => addWorkingDays(from, 60, calendar));
  const year = await meanMicros(1_000, () => addWorkingDays(from, 365, calendar));
  return {
    "5 working days (µs)": five.toFixed(2),
    "60 working days (µs)": sixty.toFixed(2),
    "365 working days (µs)": year.toFixed(2),
    "60 / 5 ratio": (sixty / five).toFixed(1),
    "365 / 5 ratio": (year / five).toFixed(1),
  };
}
