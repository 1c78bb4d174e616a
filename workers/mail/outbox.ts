import { and, asc, eq, isNull, lte } from "drizzle-orm";
import * as z from "zod";
import { mailOutbox, type OutboxMessage } from "../../schema";
import type { AppConfig } from "../config";
import type { Db } from "../db";
import { type ErrorDetail, formatIssuePath, validationFailed } from "../errors";
import type { Logger } from "../log";
import type { MailQueueMessage } from "./messages";
import { isTemplateName, type TemplateName, type TemplateParams, templates } from "./templates";

export type { OutboxMessage } from "../../schema";
export type { MailQueueMessage } from "./messages";

/** What the outbox needs: the database, the `mail` queue producer, the configuration and the clock. */
export interface MailDeps {
  db: Db;
  queue: Queue<MailQueueMessage>;
  config: AppConfig;
  now: Date;
}

export interface EnqueueMailInput<T extends TemplateName> {
  template: T;
  /** 1 to 50 addresses; every one must be valid or nothing is written. */
  to: string[];
  params: TemplateParams<T>;
  /**
   * Names the message once and for all, e.g. `registration:${id}:endorsement-reminder`. The same
   * key again returns the row already written and sends nothing new.
   */
  dedupeKey: string;
}

/** The most recipients one message may have (Cloudflare Email Service's limit). */
export const MAX_RECIPIENTS = 50;

const envelopeSchema = z.object({
  to: z
    .array(z.email({ error: "Alamat email tidak valid." }))
    .min(1, "Isi paling sedikit satu penerima.")
    .max(MAX_RECIPIENTS),
  dedupeKey: z.string().trim().min(1).max(300),
});

function issueDetails(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[] = []): ErrorDetail[] {
  return issues.map((i) => ({ path: formatIssuePath([...prefix, ...i.path]), message: i.message }));
}

/** Checks addresses, key and params; throws `validation_failed` naming every bad field. */
function parseInput(input: { template: string; to: unknown; params: unknown; dedupeKey: unknown }) {
  const details: ErrorDetail[] = [];
  const envelope = envelopeSchema.safeParse({ to: input.to, dedupeKey: input.dedupeKey });
  if (!envelope.success) details.push(...issueDetails(envelope.error.issues));
  let params: unknown;
  if (!isTemplateName(input.template)) {
    details.push({ path: "template", message: "Templat email tidak dikenal." });
  } else {
    const parsed = templates[input.template].params.safeParse(input.params);
    if (parsed.success) params = parsed.data;
    else details.push(...issueDetails(parsed.error.issues, ["params"]));
  }
  if (!envelope.success || details.length > 0) throw validationFailed(details, "Data email belum benar.");
  // Addresses compare case-insensitively; one person listed twice gets one copy.
  const to = [...new Set(envelope.data.to.map((a) => a.trim().toLowerCase()))];
  return { to, dedupeKey: envelope.data.dedupeKey, params: params as Record<string, unknown> };
}

/**
 * Sends the `mail` queue message for a row the queue has not accepted yet and records when it
 * did. Sending before recording means a crash in between leaves a duplicate queue message, which
 * the consumer skips, rather than a row nobody sends.
 */
export async function queueOutboxRow(deps: MailDeps, row: OutboxMessage): Promise<OutboxMessage> {
  if (row.queuedAt !== null || row.status !== "queued") return row;
  await deps.queue.send({ outboxId: row.id });
  const [updated] = await deps.db
    .update(mailOutbox)
    .set({ queuedAt: deps.now.toISOString() })
    .where(and(eq(mailOutbox.id, row.id), isNull(mailOutbox.queuedAt)))
    .returning();
  return updated ?? { ...row, queuedAt: deps.now.toISOString() };
}

/** The INSERT of a new `queued` row; the same dedupe key again inserts nothing. */
function insertOutboxRow(deps: MailDeps, template: TemplateName, parsed: ReturnType<typeof parseInput>) {
  return deps.db
    .insert(mailOutbox)
    .values({
      id: crypto.randomUUID(),
      dedupeKey: parsed.dedupeKey,
      template,
      recipients: parsed.to,
      params: parsed.params,
      status: "queued",
      createdAt: deps.now.toISOString(),
    })
    .onConflictDoNothing({ target: mailOutbox.dedupeKey });
}

/**
 * The outbox row for `input` as an INSERT to run inside the caller's `db.batch`, beside the change
 * the mail reports, so the two are written together or not at all; `send` then queues the row
 * once the batch has committed. `send` never throws: the change and its mail are stored, so a
 * failure to queue is logged and left to the nightly relay (`queueStrandedMail`).
 *
 * @example
 * const invite = stagedMail(mailDeps, { template: "official_invite", to, params, dedupeKey });
 * await db.batch([insertOfficial, audit, invite.statement]);
 * await invite.send(logger);
 */
export function stagedMail<T extends TemplateName>(deps: MailDeps, input: EnqueueMailInput<T>) {
  const parsed = parseInput(input);
  const statement = insertOutboxRow(deps, input.template, parsed);
  const send = async (logger: Logger): Promise<void> => {
    try {
      const row = await deps.db.select().from(mailOutbox).where(eq(mailOutbox.dedupeKey, parsed.dedupeKey)).get();
      if (row) await queueOutboxRow(deps, row);
    } catch (err) {
      // Dedupe keys name records by id, never a person.
      logger.log("error", "mail_queue_deferred", {
        template: input.template,
        dedupeKey: parsed.dedupeKey,
        message: err instanceof Error ? err.message : String(err),
      });
    }
  };
  return { statement, send };
}

/**
 * Writes one outbox row and queues it: the one way any part of Simpul sends mail. Validates the
 * addresses and the template's params first; on any error it throws `AppError` 422
 * `validation_failed` (paths like `to[1]`, `params.link`) and writes and queues nothing.
 * The same `dedupeKey` again is a no-op returning the existing row (re-queued only if it never
 * reached the queue), which makes it safe inside a Workflow `step.do` that may run twice.
 *
 * @example
 * await step.do(SEND_REMINDER, () =>
 *   enqueueMail(deps, {
 *     template: "deadline_reminder",
 *     to: agency.contactEmails,
 *     params: { item, action: "menindaklanjuti aspirasi", dueAt, link: `/aspirasi/${id}`, reason },
 *     dedupeKey: `aspiration:${id}:reminder:1`,
 *   }),
 * );
 */
export async function enqueueMail<T extends TemplateName>(
  deps: MailDeps,
  input: EnqueueMailInput<T>,
): Promise<OutboxMessage> {
  const parsed = parseInput(input);
  const inserted = await insertOutboxRow(deps, input.template, parsed).returning();
  const row =
    inserted[0] ?? (await deps.db.select().from(mailOutbox).where(eq(mailOutbox.dedupeKey, parsed.dedupeKey)).get());
  if (!row) throw new Error("outbox row vanished after insert conflict");
  return queueOutboxRow(deps, row);
}

/** A row unqueued for this long was left by a request or step that failed after writing it. */
export const STRANDED_MAIL_AFTER_MS = 10 * 60 * 1000;
/** Rows queued per relay run: one queue send each. */
export const STRANDED_MAIL_PER_RUN = 200;

/**
 * The outbox relay: queues rows the queue never accepted (the request or step that wrote them
 * failed between its batch and the queue send, and nothing retried it), oldest first. Run
 * nightly by the housekeeping; a row queued twice is sent once (the consumer checks its status).
 *
 * @example
 * await queueStrandedMail(mailDeps) // { queued: 1, more: false }
 */
export async function queueStrandedMail(deps: MailDeps): Promise<{ queued: number; more: boolean }> {
  const before = new Date(deps.now.getTime() - STRANDED_MAIL_AFTER_MS).toISOString();
  const rows = await deps.db
    .select()
    .from(mailOutbox)
    .where(and(eq(mailOutbox.status, "queued"), isNull(mailOutbox.queuedAt), lte(mailOutbox.createdAt, before)))
    .orderBy(asc(mailOutbox.createdAt))
    .limit(STRANDED_MAIL_PER_RUN + 1);
  const todo = rows.slice(0, STRANDED_MAIL_PER_RUN);
  for (const row of todo) await queueOutboxRow(deps, row);
  return { queued: todo.length, more: rows.length > STRANDED_MAIL_PER_RUN };
}
