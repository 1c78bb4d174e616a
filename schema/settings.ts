import { sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Overrides of the configurable rules. A key absent here takes its default from
 * `workers/domain/settings.ts`, which also validates every stored value.
 */
export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value", { mode: "json" }).notNull(),
  updatedAt: text("updated_at").notNull(),
  updatedBy: text("updated_by").notNull(),
});
