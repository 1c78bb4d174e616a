import { eq, type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Db } from "../db";

/**
 * The one way a record's status changes safely, for every process. D1 has no interactive
 * transactions, so "check the status, then write" would race: an official deciding while the
 * flow's deadline passes. Instead every write is one `db.batch()` that starts with a guard
 * statement: it evaluates `json('…')` on a non-JSON text, which SQLite refuses, whenever the
 * record is no longer in the status (and, when given, the deadline) the writer read. The refusal
 * aborts the whole batch, so the status, the timeline, the deadlines and the audit entry land
 * together or not at all, and exactly one of two racing writers wins. `isGuardFailure` tells
 * that refusal from other errors.
 */

const GUARD_TEXT = "status changed";

/** Where a process keeps its records: the table, its key column, its status and deadline columns. */
export interface GuardedTable {
  table: SQLiteTable;
  key: SQLiteColumn;
  status: SQLiteColumn;
  dueAt: SQLiteColumn;
}

/**
 * A batch statement that aborts the batch unless record `id` is in `status` (and its `due_at` is
 * `dueAt`, when that is given: null matches NULL). A select over the row, so it writes nothing.
 *
 * @example
 * await db.batch([statusGuard(db, ASPIRATIONS, code, "received"), db.update(aspirations).set(…)]);
 */
export function statusGuard(db: Db, t: GuardedTable, id: string, status: string, dueAt?: string | null) {
  const dueMatches: SQL =
    dueAt === undefined ? sql`1` : dueAt === null ? sql`${t.dueAt} IS NULL` : sql`${t.dueAt} = ${dueAt}`;
  return db
    .select({
      ok: sql<number>`CASE WHEN ${t.status} = ${status} AND ${dueMatches} THEN 1 ELSE json(${GUARD_TEXT}) END`,
    })
    .from(t.table)
    .where(eq(t.key, id));
}

/** True when a batch failed on its `statusGuard`: the record moved on meanwhile. */
export function isGuardFailure(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if (/malformed JSON/i.test(e.message)) return true;
  }
  return false;
}
