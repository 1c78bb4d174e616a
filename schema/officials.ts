import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { ROLES, SCOPE_TYPES } from "../workers/domain/roles";

/** People who act for the regency. Addresses are stored lower-cased; an official is never deleted, only deactivated. */
export const officials = sqliteTable(
  "officials",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    email: text("email").notNull(),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [uniqueIndex("officials_email_idx").on(t.email)],
);

/** One role on one scope (the regency code, a village code or an agency id) held by one official. */
export const roleGrants = sqliteTable(
  "role_grants",
  {
    id: text("id").primaryKey(),
    officialId: text("official_id")
      .notNull()
      .references(() => officials.id),
    role: text("role", { enum: ROLES }).notNull(),
    scopeType: text("scope_type", { enum: SCOPE_TYPES }).notNull(),
    scopeId: text("scope_id").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("role_grants_unique_idx").on(t.officialId, t.role, t.scopeId),
    index("role_grants_scope_idx").on(t.role, t.scopeId),
  ],
);

/**
 * Signed-in sessions. The id is the SHA-256 of the cookie's token, so a leaked table cannot be
 * replayed. A session ends at `idle_expires_at` (pushed on use) or `expires_at`, whichever comes
 * first; revoking deletes the row.
 */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    officialId: text("official_id")
      .notNull()
      .references(() => officials.id),
    createdAt: text("created_at").notNull(),
    lastSeenAt: text("last_seen_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    idleExpiresAt: text("idle_expires_at").notNull(),
  },
  (t) => [index("sessions_official_idx").on(t.officialId)],
);

/** One-time sign-in links, stored only as the SHA-256 of the token; `used_at` burns one. */
export const signInTokens = sqliteTable(
  "sign_in_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    officialId: text("official_id")
      .notNull()
      .references(() => officials.id),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    usedAt: text("used_at"),
  },
  (t) => [index("sign_in_tokens_official_idx").on(t.officialId)],
);

/** Nonces of signed action links that have been used: a second use of the same link is refused. */
export const usedActionNonces = sqliteTable("used_action_nonces", {
  nonce: text("nonce").primaryKey(),
  action: text("action").notNull(),
  recordId: text("record_id").notNull(),
  usedAt: text("used_at").notNull(),
  /** When the link would have expired anyway; rows past it can be pruned. */
  expiresAt: text("expires_at").notNull(),
});

export type Official = typeof officials.$inferSelect;
export type RoleGrantRow = typeof roleGrants.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
