import { drizzle } from "drizzle-orm/d1";
import * as schema from "../schema";

export type Db = ReturnType<typeof createDb>;

/** The drizzle client over the `DB` binding, with the whole schema for relational queries. */
export function createDb(d1: D1Database) {
  return drizzle(d1, { schema });
}
