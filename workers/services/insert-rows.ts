import { getTableColumns, sql } from "drizzle-orm";
import { SQLiteAsyncDialect, type SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Db } from "../db";

/**
 * Atomic D1 batches that may hold inserts naming only the columns their rows set.
 *
 * Why: drizzle's `db.insert(table).values(rows)` names every column and writes an explicit NULL
 * into an omitted `INTEGER PRIMARY KEY AUTOINCREMENT` id, and for an explicit id SQLite updates
 * `sqlite_sequence` row by row: D1 then reads one more row per inserted row (measured: 5 member
 * rows read 12 rows with the NULL, 7 without). drizzle's own `db.batch` cannot run a raw
 * statement with parameters, so these batches go to the D1 binding (`db.$client.batch`), which
 * is just as atomic.
 */

/** SQL and its bound parameters, already encoded for the driver (JSON as text, booleans as 0/1). */
export interface CompiledStatement {
  sql: string;
  params: unknown[];
}

const dialect = new SQLiteAsyncDialect();

/** A drizzle query builder compiled for `runBatch`, e.g. `compiled(db.insert(t).values(v))`. */
export const compiled = (query: { toSQL(): { sql: string; params: unknown[] } }): CompiledStatement => query.toSQL();

/**
 * An INSERT of `rows` naming only the columns they set; values are bound and encoded by their
 * columns exactly as drizzle's insert does. Every row must set the same columns; D1 allows 100
 * bound parameters per statement, so callers chunk.
 *
 * @example
 * await runBatch(db, [compiled(db.insert(registrations).values(r)), insertRows(registrationMembers, members)]);
 */
export function insertRows<T extends SQLiteTable>(table: T, rows: readonly T["$inferInsert"][]): CompiledStatement {
  const columns = getTableColumns(table);
  const [first] = rows;
  if (!first) throw new RangeError("insertRows needs at least one row");
  const keys = Object.keys(first).filter((key) => (first as Record<string, unknown>)[key] !== undefined);
  const named = keys.map((key) => {
    const column = columns[key];
    if (!column) throw new RangeError(`${key} is not a column of this table`);
    return { key, column };
  });
  const values = rows.map((row) => {
    const record = row as Record<string, unknown>;
    if (Object.keys(record).some((key) => record[key] !== undefined && !keys.includes(key))) {
      throw new RangeError("every row passed to insertRows must set the same columns");
    }
    return sql`(${sql.join(
      named.map(({ key, column }) => sql.param(record[key] ?? null, column)),
      sql`, `,
    )})`;
  });
  const { sql: text, params } = dialect.sqlToQuery(
    sql`insert into ${table} (${sql.join(
      named.map(({ column }) => sql.identifier(column.name)),
      sql`, `,
    )}) values ${sql.join(values, sql`, `)}`,
  );
  return { sql: text, params };
}

/** Runs the statements as one atomic D1 batch: all land, or none does and the first failure is thrown. */
export async function runBatch(db: Db, statements: readonly CompiledStatement[]): Promise<D1Result[]> {
  const d1 = db.$client;
  return d1.batch(statements.map((s) => d1.prepare(s.sql).bind(...s.params)));
}
