import { sql } from "drizzle-orm";
import { agencies, areas } from "../../schema";
import type { Db } from "../db";
import type { RoleGrant } from "../domain/roles";

/** What a grant's scope is called: a village with its level, or an agency by name. */
export type ScopeName = { kind: "village"; level: string; name: string } | { kind: "agency"; name: string };

/**
 * The names of the villages and agencies some grants are scoped to, by scope id, so pages can
 * say "Kepala Kampung Long La'ai" rather than "64.03.04.2001". Two reads in one batch, each
 * binding its ids as one JSON parameter, so a list of every village head stays under D1's 100.
 *
 * @example
 * await scopeNames(db, actor.grants) // { "64.03.04.2001": { kind: "village", level: "kampung", name: "Long La'ai" } }
 */
export async function scopeNames(db: Db, grants: readonly RoleGrant[]): Promise<Record<string, ScopeName>> {
  const villageCodes = grants.filter((g) => g.scope.type === "village").map((g) => g.scope.id);
  const agencyIds = grants.filter((g) => g.scope.type === "agency").map((g) => g.scope.id);
  const names: Record<string, ScopeName> = {};
  if (villageCodes.length === 0 && agencyIds.length === 0) return names;
  const [villages, agencyRows] = await db.batch([
    db
      .select({ code: areas.code, level: areas.level, name: areas.name })
      .from(areas)
      .where(sql`${areas.code} IN (SELECT value FROM json_each(${JSON.stringify([...new Set(villageCodes)])}))`),
    db
      .select({ id: agencies.id, name: agencies.name })
      .from(agencies)
      .where(sql`${agencies.id} IN (SELECT value FROM json_each(${JSON.stringify([...new Set(agencyIds)])}))`),
  ]);
  for (const v of villages) names[v.code] = { kind: "village", level: v.level, name: v.name };
  for (const a of agencyRows) names[a.id] = { kind: "agency", name: a.name };
  return names;
}
