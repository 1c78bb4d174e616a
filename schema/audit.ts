import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const ACTOR_TYPES = ["official", "public", "system", "schedule"] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

/**
 * Append-only record of actions and personal-data reads. Triggers in the migrations refuse
 * UPDATE and DELETE, so no code path can rewrite history. Never holds personal data itself.
 */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: text("at").notNull(),
    actorType: text("actor_type", { enum: ACTOR_TYPES }).notNull(),
    actorId: text("actor_id").notNull(),
    action: text("action").notNull(),
    subjectType: text("subject_type").notNull(),
    subjectId: text("subject_id").notNull(),
    requestId: text("request_id").notNull(),
    detail: text("detail", { mode: "json" }).$type<Record<string, unknown>>(),
  },
  (t) => [
    index("audit_subject_idx").on(t.subjectType, t.subjectId),
    index("audit_actor_idx").on(t.actorId, t.at),
    index("audit_at_idx").on(t.at),
  ],
);

export type AuditEntry = typeof auditLog.$inferSelect;
export type NewAuditEntry = typeof auditLog.$inferInsert;
