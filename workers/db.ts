import { drizzle } from "drizzle-orm/d1";

export type Db = ReturnType<typeof createDb>;

/**
 * The drizzle client over the `DB` binding. Without a schema: Simpul writes its queries with the
 * query builder, and a schema makes drizzle build its relational map of every table on each call,
 * which cost about a millisecond of CPU per request.
 */
export function createDb(d1: D1Database) {
  return drizzle(d1);
}
