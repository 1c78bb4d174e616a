import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Levels of the escalation ladder beyond the handling officer. Agency heads come from
 * `agencies.head_email` (and officials holding `agency_head`); these rows name the rest.
 */
export const ESCALATION_LEVELS = ["verifier_head", "sekda", "leadership"] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

/** Who receives escalations at each level: the verifiers' head, the Sekda office, leadership. */
export const escalationContacts = sqliteTable(
  "escalation_contacts",
  {
    id: text("id").primaryKey(),
    level: text("level", { enum: ESCALATION_LEVELS }).notNull(),
    /** Office or position, e.g. "Sekretariat Daerah"; not a person's name. */
    label: text("label").notNull(),
    email: text("email").notNull(),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("escalation_contacts_level_idx").on(t.level)],
);

export type EscalationContact = typeof escalationContacts.$inferSelect;
