import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Responses of creating requests, by the key that makes a repeat harmless: an API client's
 * `Idempotency-Key` header, or a public form's one-time token (a random value signed with
 * `config.signingKey` and rendered into the form), so a double submit of either creates one record.
 *
 * The row is inserted in the same `db.batch()` as the record it created, so it exists exactly
 * when the record does; a repeat with the same key and the same `request_hash` gets the stored
 * response, one with a different hash is refused. Two racing requests with one key cannot both
 * land: the loser's batch fails on the primary key and it then reads the winner's response.
 * Only successful creations are stored, so a request that failed validation may be retried with
 * its key. The response must hold no personal data (ids, statuses, links only).
 */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    /** What the key is for, e.g. `POST /api/v1/registrations` or `form:daftar-kim`: keys of different scopes never meet. */
    scope: text("scope").notNull(),
    key: text("key").notNull(),
    /** SHA-256 hex of the canonical request body. */
    requestHash: text("request_hash").notNull(),
    responseStatus: integer("response_status").notNull(),
    responseBody: text("response_body", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] }), index("idempotency_keys_created_idx").on(t.createdAt)],
);

export type IdempotencyKey = typeof idempotencyKeys.$inferSelect;
