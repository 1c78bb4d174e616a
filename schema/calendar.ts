import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { HOLIDAY_KINDS } from "../workers/domain/calendar";

/** Decreed non-working days: national holidays and cuti bersama for civil servants. */
export const holidays = sqliteTable("holidays", {
  /** Calendar date in WITA, YYYY-MM-DD. */
  date: text("date").primaryKey(),
  kind: text("kind", { enum: HOLIDAY_KINDS }).notNull(),
  name: text("name").notNull(),
  /** The decree the date comes from (SKB, Keppres). */
  basis: text("basis").notNull(),
});

/** Years whose holiday decree has been loaded. A year absent here counts weekends only. */
export const calendarYears = sqliteTable("calendar_years", {
  year: integer("year").primaryKey(),
  source: text("source").notNull(),
  loadedAt: text("loaded_at").notNull(),
});

export type Holiday = typeof holidays.$inferSelect;
