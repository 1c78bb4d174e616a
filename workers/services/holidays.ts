import { asc, between, eq, sql } from "drizzle-orm";
import { calendarYears, holidays } from "../../schema";
import type { Actor } from "../domain/actor";
import { type HolidayKind, missingDecreeMessage } from "../domain/calendar";
import type { ImportError } from "../domain/csv-table";
import { parseHolidayCsv } from "../domain/holiday-import";
import { witaDate } from "../domain/time";
import { AppError, notFound, validationFailed } from "../errors";
import { auditEntry } from "./audit";
import { assertCan } from "./authorize";
import type { ServiceDeps } from "./deps";

export interface CalendarOverview {
  years: { year: number; loaded: boolean; source: string | null; loadedAt: string | null; holidays: number }[];
  /** Warnings for people: the current or next year has no loaded decree. */
  warnings: string[];
}

/**
 * Which years have holidays or a loaded decree, and a warning when the current or the next year
 * (in WITA) is not loaded: deadlines reaching into it skip only weekends and the fixed-date
 * national holidays. This page warns about next year all year round, being where the decree is loaded.
 */
export async function calendarOverview(deps: ServiceDeps, actor: Actor): Promise<CalendarOverview> {
  assertCan(actor, "calendar.manage");
  const [loaded, counts] = await deps.db.batch([
    deps.db.select().from(calendarYears).orderBy(asc(calendarYears.year)),
    deps.db
      .select({ year: sql<string>`substr(${holidays.date}, 1, 4)`, n: sql<number>`count(*)` })
      .from(holidays)
      .groupBy(sql`substr(${holidays.date}, 1, 4)`),
  ]);
  const years = new Map<number, CalendarOverview["years"][number]>();
  for (const c of counts) {
    const year = Number(c.year);
    years.set(year, { year, loaded: false, source: null, loadedAt: null, holidays: Number(c.n) });
  }
  for (const y of loaded) {
    const entry = years.get(y.year) ?? { year: y.year, loaded: true, source: null, loadedAt: null, holidays: 0 };
    years.set(y.year, { ...entry, loaded: true, source: y.source, loadedAt: y.loadedAt });
  }
  const thisYear = Number(witaDate(deps.now()).slice(0, 4));
  const warnings: string[] = [];
  for (const year of [thisYear, thisYear + 1]) {
    if (!years.get(year)?.loaded) {
      warnings.push(missingDecreeMessage(year));
    }
  }
  return { years: [...years.values()].sort((a, b) => a.year - b.year), warnings };
}

/** The holidays of one year, by date. */
export async function listHolidays(deps: ServiceDeps, actor: Actor, year: number) {
  assertCan(actor, "calendar.manage");
  return deps.db
    .select()
    .from(holidays)
    .where(between(holidays.date, `${year}-01-01`, `${year}-12-31`))
    .orderBy(asc(holidays.date));
}

export interface HolidayInput {
  date: string;
  kind: HolidayKind;
  name: string;
  basis: string;
}

/** Adds one decreed date (e.g. extra cuti bersama decided mid-year). 409 when the date is already listed. */
export async function addHoliday(deps: ServiceDeps, actor: Actor, input: HolidayInput): Promise<HolidayInput> {
  assertCan(actor, "calendar.manage");
  const existing = await deps.db.select().from(holidays).where(eq(holidays.date, input.date)).get();
  if (existing) throw new AppError(409, "conflict", "Tanggal itu sudah ada di kalender. Ubah entri yang ada.");
  await deps.db.batch([
    deps.db.insert(holidays).values(input),
    auditEntry(deps.db, {
      actor,
      action: "calendar.add",
      subject: { type: "holiday", id: input.date },
      requestId: deps.requestId,
      at: deps.now(),
      detail: { kind: input.kind, basis: input.basis },
    }),
  ]);
  return input;
}

/** Changes the kind, name or basis of one listed date. */
export async function updateHoliday(
  deps: ServiceDeps,
  actor: Actor,
  date: string,
  input: Omit<HolidayInput, "date">,
): Promise<HolidayInput> {
  assertCan(actor, "calendar.manage");
  const existing = await deps.db.select().from(holidays).where(eq(holidays.date, date)).get();
  if (!existing) throw notFound("Tanggal itu tidak ada di kalender.");
  await deps.db.batch([
    deps.db.update(holidays).set(input).where(eq(holidays.date, date)),
    auditEntry(deps.db, {
      actor,
      action: "calendar.edit",
      subject: { type: "holiday", id: date },
      requestId: deps.requestId,
      at: deps.now(),
      detail: { kind: input.kind, basis: input.basis },
    }),
  ]);
  return { date, ...input };
}

/** Removes one date from the calendar. */
export async function removeHoliday(deps: ServiceDeps, actor: Actor, date: string): Promise<void> {
  assertCan(actor, "calendar.manage");
  const existing = await deps.db.select().from(holidays).where(eq(holidays.date, date)).get();
  if (!existing) throw notFound("Tanggal itu tidak ada di kalender.");
  await deps.db.batch([
    deps.db.delete(holidays).where(eq(holidays.date, date)),
    auditEntry(deps.db, {
      actor,
      action: "calendar.remove",
      subject: { type: "holiday", id: date },
      requestId: deps.requestId,
      at: deps.now(),
      detail: { kind: existing.kind, name: existing.name },
    }),
  ]);
}

/** Four columns per row: 25 rows per insert stays under D1's 100 bound parameters. */
const ROWS_PER_INSERT = 25;

/**
 * Imports a holiday CSV (`date,kind,name,basis`) all or nothing: every error comes back with its
 * line number and nothing is written; otherwise each covered year's dates are replaced by the
 * file's and the year is marked loaded, in one atomic batch.
 *
 * @example
 * await importHolidays(deps, admin, csvText, "hari_libur_2027.csv") // { ok: true, years: [2027], rows: 24 }
 */
export async function importHolidays(
  deps: ServiceDeps,
  actor: Actor,
  csv: string,
  source: string,
): Promise<{ ok: true; years: number[]; rows: number } | { ok: false; errors: ImportError[] }> {
  assertCan(actor, "calendar.manage");
  const parsed = parseHolidayCsv(csv);
  if (!parsed.ok) return parsed;
  if (parsed.rows.length === 0) {
    return { ok: false, errors: [{ line: 1, message: "Berkas tidak berisi satu tanggal pun." }] };
  }
  const { db } = deps;
  const at = deps.now().toISOString();
  const statements = [];
  for (const year of parsed.years) {
    statements.push(db.delete(holidays).where(between(holidays.date, `${year}-01-01`, `${year}-12-31`)));
    statements.push(
      db
        .insert(calendarYears)
        .values({ year, source, loadedAt: at })
        .onConflictDoUpdate({ target: calendarYears.year, set: { source, loadedAt: at } }),
    );
  }
  for (let i = 0; i < parsed.rows.length; i += ROWS_PER_INSERT) {
    statements.push(db.insert(holidays).values(parsed.rows.slice(i, i + ROWS_PER_INSERT)));
  }
  const audit = auditEntry(db, {
    actor,
    action: "calendar.import",
    subject: { type: "calendar", id: parsed.years.join(",") },
    requestId: deps.requestId,
    at: deps.now(),
    detail: { source, rows: parsed.rows.length, years: parsed.years },
  });
  const [first, ...rest] = statements;
  if (!first) throw validationFailed([{ path: "csv", message: "Berkas kosong.", code: "empty_file" }]);
  await db.batch([first, ...rest, audit]);
  return { ok: true, years: parsed.years, rows: parsed.rows.length };
}
