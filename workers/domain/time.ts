/**
 * WITA (Asia/Makassar, UTC+8, no daylight saving) helpers. Every moment is stored in UTC and
 * shown to people in WITA with an explicit offset.
 */
export const WITA_OFFSET_MINUTES = 8 * 60;
const WITA_OFFSET_MS = WITA_OFFSET_MINUTES * 60_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The WITA calendar date of a moment, as YYYY-MM-DD. Example: 2026-03-13T16:30Z → "2026-03-14". */
export function witaDate(moment: Date): string {
  return new Date(moment.getTime() + WITA_OFFSET_MS).toISOString().slice(0, 10);
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

/** The moment a WITA calendar date starts. Example: "2026-03-13" → 2026-03-12T16:00:00Z. */
export function witaStartOfDay(isoDate: string): Date {
  return new Date(Date.parse(`${isoDate}T00:00:00+08:00`));
}

/** The last second of a WITA calendar date: "2026-03-27" → 2026-03-27T23:59:59+08:00. */
export function witaEndOfDay(isoDate: string): Date {
  return new Date(Date.parse(`${isoDate}T23:59:59+08:00`));
}

/** Calendar-date arithmetic on YYYY-MM-DD strings. Example: addDays("2026-12-31", 1) → "2027-01-01". */
export function addDays(isoDate: string, days: number): string {
  const t = Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Day of week of a YYYY-MM-DD date, 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(isoDate: string): number {
  return new Date(`${isoDate}T00:00:00Z`).getUTCDay();
}

const MONTHS_ID = [
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
