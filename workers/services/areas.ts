import { asc, eq, inArray } from "drizzle-orm";
import { areas } from "../../schema";
import type { Db } from "../db";
import { VILLAGE_LEVELS } from "../domain/areas";

export interface VillageView {
  code: string;
  name: string;
  kind: (typeof VILLAGE_LEVELS)[number];
}
export interface DistrictView {
  code: string;
  name: string;
  villages: VillageView[];
}
export type AreaView =
  | ({ level: "kecamatan"; parentCode: string } & DistrictView)
  | ({ level: "village"; parentCode: string; district: { code: string; name: string } } & VillageView);

const isVillageLevel = (level: string): level is VillageView["kind"] =>
  (VILLAGE_LEVELS as readonly string[]).includes(level);

/**
 * Every kecamatan with its villages, ordered by code: one query over the kecamatan and
 * village rows.
 */
export async function listDistricts(db: Db): Promise<DistrictView[]> {
  const rows = await db
    .select()
    .from(areas)
    .where(inArray(areas.level, ["kecamatan", ...VILLAGE_LEVELS]))
    .orderBy(asc(areas.code));
  const districts = new Map<string, DistrictView>();
  for (const row of rows) {
    if (row.level === "kecamatan") districts.set(row.code, { code: row.code, name: row.name, villages: [] });
  }
  for (const row of rows) {
    if (isVillageLevel(row.level)) {
      districts.get(row.parentCode)?.villages.push({ code: row.code, name: row.name, kind: row.level });
    }
  }
  return [...districts.values()];
}

/** One kecamatan (with its villages) or one village (with its kecamatan); undefined when unknown. */
export async function getArea(db: Db, code: string): Promise<AreaView | undefined> {
  const area = await db.select().from(areas).where(eq(areas.code, code)).get();
  if (!area) return undefined;
  if (area.level === "kecamatan") {
    const villages = await db.select().from(areas).where(eq(areas.parentCode, code)).orderBy(asc(areas.code));
    return {
      level: "kecamatan",
      code: area.code,
      name: area.name,
      parentCode: area.parentCode,
      villages: villages.flatMap((v) =>
        isVillageLevel(v.level) ? [{ code: v.code, name: v.name, kind: v.level }] : [],
      ),
    };
  }
  if (isVillageLevel(area.level)) {
    const district = await db.select().from(areas).where(eq(areas.code, area.parentCode)).get();
    return {
      level: "village",
      code: area.code,
      name: area.name,
      kind: area.level,
      parentCode: area.parentCode,
      district: { code: area.parentCode, name: district?.name ?? "" },
    };
  }
  return undefined;
}
