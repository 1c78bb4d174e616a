/**
 * WITA (Asia/Makassar, UTC+8, no daylight saving) helpers. Every moment is stored in UTC and
 * shown to people in WITA with an explicit offset.
 */
export const WITA_OFFSET_MINUTES = 8 * 60;
const WITA_OFFSET_MS = WITA_OFFSET_MINUTES * 60_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/**
 * The dates every boundary accepts for the working-day calendar (query parameters, holiday
 * entries, imports): decrees outside this span do not exist, and a count that starts inside it
 * stays far from the four-digit years that date strings can hold.
 */
export const CALENDAR_FIRST_DATE = "2000-01-01";
export const CALENDAR_LAST_DATE = "2100-12-31";

/**
 * A date computation left the span the calendar can represent: a year outside 0000–9999, an
 * invalid date, or a count longer than any the calendar allows. The HTTP layer answers 422.
 */
export class CalendarRangeError extends RangeError {
  override name = "CalendarRangeError";
}

/** YYYY-MM-DD of a UTC timestamp; refuses what a four-digit year cannot write. */
function isoDateOf(t: number): string {
  const date = new Date(t);
  const year = date.getUTCFullYear();
  // toISOString writes year 10000 as "+010000-…", whose first 10 characters name another day.
  if (!Number.isFinite(t) || year < 0 || year > 9999)
    throw new CalendarRangeError(`date outside years 0000–9999: ${t}`);
  return date.toISOString().slice(0, 10);
}

/** The WITA calendar date of a moment, as YYYY-MM-DD. Example: 2026-03-13T16:30Z → "2026-03-14". */
export function witaDate(moment: Date): string {
  return isoDateOf(moment.getTime() + WITA_OFFSET_MS);
}

/** A moment as ISO 8601 in WITA: "2026-03-27T23:59:59+08:00". */
export function formatWitaIso(moment: Date): string {
  return `${new Date(moment.getTime() + WITA_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** True when `value` is a real calendar date in YYYY-MM-DD form (2026-02-30 is not). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** True when `value` is a real YYYY-MM-DD date from 2000-01-01 to 2100-12-31, the calendar's span. */
export function isCalendarDate(value: string): boolean {
  return isIsoDate(value) && value >= CALENDAR_FIRST_DATE && value <= CALENDAR_LAST_DATE;
}

/** The moment a WITA calendar date starts. Example: "2026-03-13" → 2026-03-12T16:00:00Z. */
export function witaStartOfDay(isoDate: string): Date {
  return new Date(Date.parse(`${isoDate}T00:00:00+08:00`));
}

/** The last second of a WITA calendar date: "2026-03-27" → 2026-03-27T23:59:59+08:00. */
export function witaEndOfDay(isoDate: string): Date {
  return new Date(Date.parse(`${isoDate}T23:59:59+08:00`));
}

/**
 * Calendar-date arithmetic on YYYY-MM-DD strings. Example: addDays("2026-12-31", 1) → "2027-01-01".
 * Always moves by exactly `days`, or throws `CalendarRangeError` (an invalid date, a fractional
 * count, a result beyond 9999-12-31), so a loop stepping with it always advances.
 */
export function addDays(isoDate: string, days: number): string {
  if (!Number.isInteger(days)) throw new CalendarRangeError(`days must be an integer, got ${days}`);
  return isoDateOf(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS);
}

/** Whole days from one YYYY-MM-DD date to another: daysBetween("2026-12-31", "2027-01-02") → 2. */
export function daysBetween(first: string, last: string): number {
  const days = (Date.parse(`${last}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / DAY_MS;
  if (!Number.isSafeInteger(days)) throw new CalendarRangeError(`no day count from ${first} to ${last}`);
  return days;
}

/** Day of week of a YYYY-MM-DD date, 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(isoDate: string): number {
  return new Date(`${isoDate}T00:00:00Z`).getUTCDay();
}

/** Month names in Indonesian, January first. */
export const MONTHS_ID = [
  "Januari",
  "Februari",
  "Maret",
  "April",
  "Mei",
  "Juni",
  "Juli",
  "Agustus",
  "September",
  "Oktober",
  "November",
  "Desember",
];

/** A moment for people, in Indonesian and WITA: "27 Maret 2026, 23.59 WITA". */
export function formatWitaHuman(moment: Date): string {
  const local = new Date(moment.getTime() + WITA_OFFSET_MS);
  const hh = String(local.getUTCHours()).padStart(2, "0");
  const mm = String(local.getUTCMinutes()).padStart(2, "0");
  return `${local.getUTCDate()} ${MONTHS_ID[local.getUTCMonth()]} ${local.getUTCFullYear()}, ${hh}.${mm} WITA`;
}

/**
 * A calendar date for people, the way e-mails write it: "2026-09-20" → "20 September 2026".
 * Text that is no date (an anonymised field, "[dihapus: …]") comes back as it is.
 */
export function formatDateHuman(isoDate: string): string {
  if (!isIsoDate(isoDate)) return isoDate;
  const [y, m, d] = isoDate.split("-").map(Number);
  return `${d} ${MONTHS_ID[(m ?? 1) - 1]} ${y}`;
}

/** The WITA calendar date of a moment, for people: 2026-09-19T16:30Z → "20 September 2026". */
export function formatWitaDateHuman(moment: Date): string {
  return formatDateHuman(witaDate(moment));
}
