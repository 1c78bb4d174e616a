import { and, asc, eq } from "drizzle-orm";
import { agencies, categories } from "../../../schema";
import type { Db } from "../../db";

export interface CategoryChoice {
  id: string;
  name: string;
  description: string;
}

/** The active categories a reporter may choose, by name: public, no agency or contact shown. */
export async function listPublicCategories(db: Db): Promise<CategoryChoice[]> {
  return db
    .select({ id: categories.id, name: categories.name, description: categories.description })
    .from(categories)
    .where(eq(categories.active, true))
    .orderBy(asc(categories.name));
}

/** The active agencies by name: where a verifier may route a case. */
export async function listActiveAgencies(db: Db): Promise<{ id: string; name: string }[]> {
  return db
    .select({ id: agencies.id, name: agencies.name })
    .from(agencies)
    .where(eq(agencies.active, true))
    .orderBy(asc(agencies.name));
}

/** True when `id` is an agency that is still active: where a case may be routed or transferred. */
export async function isActiveAgency(db: Db, id: string): Promise<boolean> {
  const found = await db
    .select({ id: agencies.id })
    .from(agencies)
    .where(and(eq(agencies.id, id), eq(agencies.active, true)))
    .get();
  return found !== undefined;
}
