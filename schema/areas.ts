import { index, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { AREA_LEVELS } from "../workers/domain/areas";

/** Administrative areas keyed by Kemendagri code (64.03, 64.03.01, 64.03.01.2001). */
export const areas = sqliteTable(
  "areas",
  {
    code: text("code").primaryKey(),
    name: text("name").notNull(),
    level: text("level", { enum: AREA_LEVELS }).notNull(),
    parentCode: text("parent_code").notNull(),
  },
  (t) => [index("areas_parent_idx").on(t.parentCode), index("areas_level_idx").on(t.level)],
);

export type Area = typeof areas.$inferSelect;
