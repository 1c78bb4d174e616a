import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** The regency's agencies (OPD) that answer aspirations. */
export const agencies = sqliteTable("agencies", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  shortName: text("short_name").notNull(),
  /** Contact addresses of the agency's liaison desk, as a JSON array. */
  contactEmails: text("contact_emails", { mode: "json" }).$type<string[]>().notNull(),
  headEmail: text("head_email").notNull(),
  active: integer("active", { mode: "boolean" }).notNull().default(true),
});

/** Aspiration categories, each routed by default to the agency that handles it. */
export const categories = sqliteTable("categories", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  description: text("description").notNull().default(""),
  agencyId: text("agency_id")
    .notNull()
    .references(() => agencies.id),
  active: integer("active", { mode: "boolean" }).notNull().default(true),
  /** The agency's deadline for this category in working days; NULL: the setting for the report's kind. */
  responseDays: integer("response_days"),
});

export type Agency = typeof agencies.$inferSelect;
export type Category = typeof categories.$inferSelect;
