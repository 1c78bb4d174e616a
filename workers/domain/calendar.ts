import { addDays, CalendarRangeError, dayOfWeek, daysBetween, formatWitaIso, witaDate, witaEndOfDay } from "./time";

/** The two kinds of decreed non-working day: a national holiday and cuti bersama for civil servants. */
export const HOLIDAY_KINDS = ["libur_nasional", "cuti_bersama"] as const;
export type HolidayKind = (typeof HOLIDAY_KINDS)[number];

/**
 * The national holidays whose date the law fixes every year: New Year, Labour Day, Pancasila Day,
 * Independence Day and Christmas. A year whose decree is not loaded still skips them, provisionally:
 * the decree of that year, once imported, replaces them.
 */
export const FIXED_NATIONAL_HOLIDAYS = [
  { monthDay: "01-01", name: "Tahun Baru Masehi" },
  { monthDay: "05-01", name: "Hari Buruh Internasional" },
  { monthDay: "06-01", name: "Hari Lahir Pancasila" },
  { monthDay: "08-17", name: "Hari Kemerdekaan Republik Indonesia" },
  { monthDay: "12-25", name: "Hari Raya Natal" },
] as const;
const FIXED_MONTH_DAYS: ReadonlySet<string> = new Set(FIXED_NATIONAL_HOLIDAYS.map((h) => h.monthDay));

/** The legal basis shown for a fixed-date holiday of a year whose decree is not loaded. */
export const PROVISIONAL_HOLIDAY_BASIS = "Tanggal tetap menurut undang-undang (sementara, sampai SKB tahun itu dimuat)";

/**
 * The longest stretch of calendar days one computation may walk: about 109 years, the whole
 * accepted span 2000–2100 plus room for a count that starts at its end. No real count comes near
 * it; it exists so every loop of the calendar ends, whatever holidays an administrator loads.
 */
export const MAX_CALENDAR_SPAN_DAYS = 40_000;

/**
 * What the working-day arithmetic needs to know: the decreed non-working dates (national
 * holidays and cuti bersama) and which years' decrees are loaded. A year that is not loaded
 * counts weekends and the fixed-date national holidays only, and every result that touched it
 * says so.
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
  /**
   * The years the count crossed whose decree is not loaded, ascending: there only weekends and
   * the fixed-date national holidays were skipped, so the deadline is provisional.
   */
  provisionalYears: number[];
}

const yearOf = (isoDate: string) => Number(isoDate.slice(0, 4));

/**
 * A decreed holiday or cuti bersama; in a year whose decree is not loaded, also one of the
 * fixed-date national holidays (provisionally).
 */
export function isHoliday(isoDate: string, calendar: HolidayCalendar): boolean {
  if (calendar.holidays.has(isoDate)) return true;
  return !calendar.loadedYears.has(yearOf(isoDate)) && FIXED_MONTH_DAYS.has(isoDate.slice(5));
}

/** Monday to Friday and not a holiday (`isHoliday`). */
export function isWorkingDay(isoDate: string, calendar: HolidayCalendar): boolean {
  const dow = dayOfWeek(isoDate);
  return dow !== 0 && dow !== 6 && !isHoliday(isoDate, calendar);
}

/**
 * Walks calendar days one at a time and remembers the unloaded years it met; refuses to walk
 * more than `MAX_CALENDAR_SPAN_DAYS` in total, so every loop driven by it ends.
 */
class DayWalker {
  private steps = 0;
  private readonly unloaded = new Set<number>();
  constructor(
    public date: string,
    private readonly calendar: HolidayCalendar,
  ) {
    this.note(date);
  }
  /** Moves one day forward (+1) or back (-1). */
  step(direction: 1 | -1): string {
    if (++this.steps > MAX_CALENDAR_SPAN_DAYS) {
      throw new CalendarRangeError(`more than ${MAX_CALENDAR_SPAN_DAYS} calendar days from ${this.date}`);
    }
    this.date = addDays(this.date, direction);
    this.note(this.date);
    return this.date;
  }
  private note(date: string) {
    if (!this.calendar.loadedYears.has(yearOf(date))) this.unloaded.add(yearOf(date));
  }
  get provisionalYears(): number[] {
    return [...this.unloaded].sort((a, b) => a - b);
  }
}

/**
 * Moves the walker to the day a moment is deemed received: its WITA calendar day when that is a
 * working day, else the next working day (a Saturday submission is received on Monday).
 */
function walkToReceivedDay(walker: DayWalker, calendar: HolidayCalendar): void {
  while (!isWorkingDay(walker.date, calendar)) walker.step(1);
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
  const walker = new DayWalker(witaDate(from), calendar);
  walkToReceivedDay(walker, calendar);
  // Finite: every pass moves the walker, which stops after MAX_CALENDAR_SPAN_DAYS steps.
  for (let counted = 0; counted < days; ) {
    if (isWorkingDay(walker.step(1), calendar)) counted++;
  }
  const due = witaEndOfDay(walker.date);
  const provisionalYears = walker.provisionalYears;
  return { due, dueWita: formatWitaIso(due), calendarComplete: provisionalYears.length === 0, provisionalYears };
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
  const walker = new DayWalker(witaDate(start), calendar);
  walkToReceivedDay(walker, calendar);
  const last = witaDate(end);
  let days = 0;
  // Finite: a fixed number of steps, and the walker refuses more than MAX_CALENDAR_SPAN_DAYS.
  for (let remaining = daysBetween(walker.date, last); remaining > 0; remaining--) {
    if (isWorkingDay(walker.step(1), calendar)) days++;
  }
  return { days, calendarComplete: walker.provisionalYears.length === 0 };
}

/**
 * Steps back from `date` to the `daysBefore`-th working day before it (0 = `date` itself), walking
 * at most `MAX_CALENDAR_SPAN_DAYS` days.
 *
 * @example
 * workingDaysBefore("2026-03-27", 1, cal) // "2026-03-26"
 */
export function workingDaysBefore(date: string, daysBefore: number, calendar: HolidayCalendar): string {
  if (!Number.isInteger(daysBefore) || daysBefore < 0) {
    throw new RangeError(`daysBefore must be a non-negative integer, got ${daysBefore}`);
  }
  const walker = new DayWalker(date, calendar);
  for (let counted = 0; counted < daysBefore; ) {
    if (isWorkingDay(walker.step(-1), calendar)) counted++;
  }
  return walker.date;
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

/** From this month (October) on, a missing decree for next year is warned about: deadlines start reaching it. */
export const NEXT_YEAR_WARNING_MONTH = 10;

/**
 * The years whose missing decree officials and administrators must be warned about on WITA date
 * `today`: the current year when it is not loaded, and from 1 October the next year when it is not.
 *
 * @example
 * missingDecreeYears("2026-12-04", new Set([2025, 2026])) // [2027]
 * missingDecreeYears("2026-09-30", new Set([2025, 2026])) // []
 */
export function missingDecreeYears(today: string, loadedYears: ReadonlySet<number>): number[] {
  const year = yearOf(today);
  const watched = Number(today.slice(5, 7)) >= NEXT_YEAR_WARNING_MONTH ? [year, year + 1] : [year];
  return watched.filter((y) => !loadedYears.has(y));
}

/** The warning, for people, that one year's decree is not loaded. */
export function missingDecreeMessage(year: number): string {
  const dates = "1 Januari, 1 Mei, 1 Juni, 17 Agustus dan 25 Desember";
  return (
    `Kalender hari libur ${year} belum dimuat. Tenggat yang jatuh pada ${year} masih sementara: hanya Sabtu, ` +
    `Minggu dan libur nasional bertanggal tetap (${dates}) yang dilewati sampai SKB ${year} diimpor.`
  );
}
