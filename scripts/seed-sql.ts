/**
 * Idempotent SQL for the reference data: pure string building (no fs, no D1), so `scripts/seed.ts`
 * writes it to a file for `wrangler d1 execute` and tests run the same statements in workerd.
 *
 * Every write is an upsert whose update only fires when a value differs, and values are inlined as
 * SQL literals (a .sql file cannot carry bound parameters). Running the same statements a second
 * time therefore writes no row at all.
 */
import type { AgencyDirectory } from "../workers/domain/agency-directory";
import type { AreaRow } from "../workers/domain/area-import";
import type { HolidayRow } from "../workers/domain/holiday-import";

export type SqlValue = string | number | null;

/** Rows per INSERT: keeps each statement far below D1's 100 KB statement limit. */
export const ROWS_PER_STATEMENT = 100;

/** Called after each chunk of rows is turned into a statement: rows done so far and in total. */
export type ProgressCallback = (done: number, total: number) => void;

/**
 * A value as a SQLite literal: strings in single quotes with quotes doubled.
 *
 * @example
 * sqlLiteral("Long La'ai") // "'Long La''ai'"
 */
export function sqlLiteral(value: SqlValue): string {
  if (value === null) return "NULL";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
    return String(value);
  }
  // SQLite ends a string literal at NUL; the import parsers already reject control characters.
  if (value.includes("\u0000")) throw new RangeError("NUL character in SQL text");
  return `'${value.replaceAll("'", "''")}'`;
}

interface UpsertSpec {
  table: string;
  key: string;
  columns: readonly string[];
  /** Columns a re-run may update; others (such as `active`) are only set on insert. */
  update: readonly string[];
}

function upsertSql(spec: UpsertSpec, rows: readonly SqlValue[][]): string {
  const values = rows.map((row) => `  (${row.map(sqlLiteral).join(", ")})`).join(",\n");
  const set = spec.update.map((c) => `${c} = excluded.${c}`).join(", ");
  const differs = spec.update.map((c) => `${spec.table}.${c} IS NOT excluded.${c}`).join(" OR ");
  return (
    `INSERT INTO ${spec.table} (${spec.columns.join(", ")}) VALUES\n${values}\n` +
    `ON CONFLICT (${spec.key}) DO UPDATE SET ${set}\nWHERE ${differs}`
  );
}

function chunkedUpserts(spec: UpsertSpec, rows: readonly SqlValue[][], onProgress?: ProgressCallback): string[] {
  const statements: string[] = [];
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    statements.push(upsertSql(spec, rows.slice(start, start + ROWS_PER_STATEMENT)));
    onProgress?.(Math.min(start + ROWS_PER_STATEMENT, rows.length), rows.length);
  }
  return statements;
}

/**
 * Upserts for validated areas. Areas absent from the rows are kept: villages are referenced by
 * KIMs and aspirations, and importing one regency must not touch another's.
 */
export function areaStatements(rows: readonly AreaRow[], onProgress?: ProgressCallback): string[] {
  return chunkedUpserts(
    {
      table: "areas",
      key: "code",
      columns: ["code", "name", "level", "parent_code"],
      update: ["name", "level", "parent_code"],
    },
    rows.map((r) => [r.code, r.name, r.level, r.parentCode]),
    onProgress,
  );
}

export interface HolidaySeed {
  rows: readonly HolidayRow[];
  /** The years the file states in full (from `parseHolidayCsv`). */
  years: readonly number[];
  /** Where the rows come from, stored in `calendar_years.source`, e.g. "hari_libur_2025_2026.csv". */
  source: string;
  /** ISO timestamp stored as `calendar_years.loaded_at` when a year is new or its holidays change. */
  loadedAt: string;
}

const holidayLine = (r: HolidayRow) => [r.date, r.kind, r.name, r.basis].join("|");

/**
 * The statements that make the stored calendar of each covered year equal the file:
 * 1. mark the year loaded; `loaded_at` moves only when the source or that year's holidays differ
 *    from what is stored (so it records when the calendar last changed, and a re-run keeps it);
 * 2. delete the year's stored dates the file no longer lists (a decree moved or dropped a day);
 * 3. upsert the file's dates.
 */
export function holidayStatements(seed: HolidaySeed, onProgress?: ProgressCallback): string[] {
  const statements: string[] = [];
  for (const year of seed.years) {
    const rows = seed.rows.filter((r) => r.date.startsWith(`${year}-`));
    const [first, last] = [sqlLiteral(`${year}-01-01`), sqlLiteral(`${year}-12-31`)];
    const stored =
      "(SELECT group_concat(date || '|' || kind || '|' || name || '|' || basis, char(10) ORDER BY date) " +
      `FROM holidays WHERE date BETWEEN ${first} AND ${last})`;
    const expected = sqlLiteral(rows.map(holidayLine).join("\n"));
    statements.push(
      "INSERT INTO calendar_years (year, source, loaded_at) VALUES " +
        `(${year}, ${sqlLiteral(seed.source)}, ${sqlLiteral(seed.loadedAt)})\n` +
        "ON CONFLICT (year) DO UPDATE SET source = excluded.source, loaded_at = excluded.loaded_at\n" +
        `WHERE calendar_years.source IS NOT excluded.source OR ${stored} IS NOT ${expected}`,
    );
    // SQLite accepts an empty NOT IN (): a covered year without rows ends with no stored holidays.
    const keep = rows.map((r) => sqlLiteral(r.date)).join(", ");
    statements.push(`DELETE FROM holidays WHERE date BETWEEN ${first} AND ${last} AND date NOT IN (${keep})`);
  }
  statements.push(
    ...chunkedUpserts(
      { table: "holidays", key: "date", columns: ["date", "kind", "name", "basis"], update: ["kind", "name", "basis"] },
      seed.rows.map((r) => [r.date, r.kind, r.name, r.basis]),
      onProgress,
    ),
  );
  return statements;
}

/**
 * Upserts for a directory of agencies and categories, agencies first (categories reference them).
 * Names and addresses follow the file; `active` is only set on insert, so an agency an
 * administrator switched off stays off.
 */
export function directoryStatements(directory: AgencyDirectory): string[] {
  return [
    ...chunkedUpserts(
      {
        table: "agencies",
        key: "id",
        columns: ["id", "name", "short_name", "contact_emails", "head_email"],
        update: ["name", "short_name", "contact_emails", "head_email"],
      },
      directory.agencies.map((a) => [a.id, a.name, a.shortName, JSON.stringify(a.contactEmails), a.headEmail]),
    ),
    ...chunkedUpserts(
      {
        table: "categories",
        key: "id",
        columns: ["id", "name", "description", "agency_id"],
        update: ["name", "description", "agency_id"],
      },
      directory.categories.map((c) => [c.id, c.name, c.description, c.agencyId]),
    ),
  ];
}

/** Statements as one .sql file for `wrangler d1 execute --file`, which runs them as one batch. */
export function toSqlScript(statements: readonly string[]): string {
  return `-- Generated by scripts/seed.ts: reference data upserts.\n${statements.map((s) => `${s};\n`).join("\n")}`;
}
