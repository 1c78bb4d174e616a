import { type AnySQLiteColumn, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const OUTBOX_STATUSES = ["queued", "sent", "failed"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * One row per outgoing e-mail: the only way mail leaves Simpul (outbox → queue `mail` → transport).
 *
 * - `dedupeKey` is unique: enqueueing the same key again returns the existing row and sends nothing.
 * - `queuedAt` stays null until the queue accepted the message, so a crash between the insert and
 *   the queue send is repaired by the next `enqueueMail` with the same key.
 * - `leaseUntil` is set while a consumer is sending the row, so two deliveries of one queue
 *   message (delivery is at least once) never send it twice at the same time.
 * - A resend is a new row whose `resendOf` names the failed row it replaces and whose key is
 *   `${originalKey}#resend-N`; the failed row stays as it was, which keeps the history auditable.
 *
 * Recipients and params are personal data: they are stored here, never logged.
 */
export const mailOutbox = sqliteTable(
  "mail_outbox",
  {
    id: text("id").primaryKey(),
    dedupeKey: text("dedupe_key").notNull().unique(),
    template: text("template").notNull(),
    recipients: text("recipients", { mode: "json" }).$type<string[]>().notNull(),
    params: text("params", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    status: text("status", { enum: OUTBOX_STATUSES }).notNull().default("queued"),
    /** Delivery attempts the consumer has started for this row. */
    attempts: integer("attempts").notNull().default(0),
    /** Why the last attempt failed; free of e-mail addresses. */
    lastError: text("last_error"),
    providerMessageId: text("provider_message_id"),
    resendOf: text("resend_of").references((): AnySQLiteColumn => mailOutbox.id),
    createdAt: text("created_at").notNull(),
    queuedAt: text("queued_at"),
    leaseUntil: text("lease_until"),
    sentAt: text("sent_at"),
    failedAt: text("failed_at"),
  },
  (t) => [index("mail_outbox_status_idx").on(t.status, t.createdAt), index("mail_outbox_resend_idx").on(t.resendOf)],
);

export type OutboxMessage = typeof mailOutbox.$inferSelect;
