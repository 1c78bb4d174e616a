import { and, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import * as z from "zod";
import { mailOutbox, type OutboxMessage } from "../../schema";
import type { AppConfig } from "../config";
import type { Db } from "../db";
import { backoffSeconds } from "../domain/backoff";
import { formatIssuePath } from "../errors";
import type { Logger } from "../log";
import type { MailDeadLetter } from "./messages";
import { redactSentParams } from "./redact";
import { isTemplateName, renderTemplate } from "./templates";
import type { RenderedMail } from "./templates/types";
import { describeError, type MailTransport, MailTransportError } from "./transports/types";

/** Everything the `mail` consumer touches, injected so tests can swap the transport. */
export interface MailConsumerDeps {
  db: Db;
  config: AppConfig;
  transport: MailTransport;
  /** Producer for `mail-dlq`: messages retrying cannot help go there at once. */
  deadLetters: Queue<MailDeadLetter>;
  now: () => Date;
  logger: Logger;
}

/** Retry delays: 30 s after the first failure, doubling, at most an hour (24 h is the platform cap). */
export const MAIL_RETRY_POLICY = { baseSeconds: 30, maxSeconds: 3600 } as const;

/**
 * How long a consumer holds a row it is sending. A second delivery of the same message meanwhile
 * waits instead of sending again. It covers the longest consumer invocation (15 minutes).
 */
export const MAIL_LEASE_SECONDS = 15 * 60;

/** Sends in flight at once within one batch. */
const SEND_CONCURRENCY = 10;

/** Ids per claim statement: D1 binds at most 100 parameters and the statement adds two. */
const CLAIM_CHUNK = 90;

const bodySchema = z.object({ outboxId: z.string().min(1).max(100) });

type Outcome = "sent" | "skipped" | "retried" | "dead_lettered";

/** The rendered mail, or why the row can never be rendered (shown to administrators). */
function renderOrReason(
  row: OutboxMessage,
  config: AppConfig,
): { ok: true; mail: RenderedMail } | { ok: false; reason: string } {
  if (!isTemplateName(row.template)) {
    return { ok: false, reason: `Templat email tidak dikenal: ${row.template.slice(0, 100)}.` };
  }
  const ctx = { publicBaseUrl: config.publicBaseUrl, officeName: config.officeName, regencyName: config.regencyName };
  const result = renderTemplate(row.template, row.params, ctx);
  if (!result.ok) {
    const paths = result.issues.map((i) => formatIssuePath(i.path) || "(params)").join(", ");
    return { ok: false, reason: `Parameter templat ${row.template} tidak valid: ${paths}.` };
  }
  return { ok: true, mail: result.mail };
}

/** Runs `fn` over `items` with at most `limit` in flight, keeping the order of results. */
export async function mapPool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Claims the batch's sendable rows in one round trip: each `queued` row no other consumer holds
 * gets a lease and one more attempt, and comes back whole.
 */
async function claimRows(db: Db, ids: string[], now: Date): Promise<OutboxMessage[]> {
  const leaseUntil = new Date(now.getTime() + MAIL_LEASE_SECONDS * 1000).toISOString();
  const statements = [];
  for (let i = 0; i < ids.length; i += CLAIM_CHUNK) {
    statements.push(
      db
        .update(mailOutbox)
        .set({ leaseUntil, attempts: sql`${mailOutbox.attempts} + 1` })
        .where(
          and(
            inArray(mailOutbox.id, ids.slice(i, i + CLAIM_CHUNK)),
            eq(mailOutbox.status, "queued"),
            or(isNull(mailOutbox.leaseUntil), lt(mailOutbox.leaseUntil, now.toISOString())),
          ),
        )
        .returning(),
    );
  }
  const [first, ...rest] = statements;
  if (!first) return [];
  return (await db.batch([first, ...rest])).flat();
}

/** The rows the claim did not return: sent or failed already, held by another consumer, or gone. */
async function loadUnclaimed(db: Db, ids: string[]) {
  if (ids.length === 0) return new Map<string, { status: string; leaseUntil: string | null }>();
  const rows = [];
  for (let i = 0; i < ids.length; i += CLAIM_CHUNK) {
    rows.push(
      ...(await db
        .select({ id: mailOutbox.id, status: mailOutbox.status, leaseUntil: mailOutbox.leaseUntil })
        .from(mailOutbox)
        .where(inArray(mailOutbox.id, ids.slice(i, i + CLAIM_CHUNK)))),
    );
  }
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * The `mail` queue consumer. For each message it loads the outbox row (all rows in one query),
 * acks rows already sent, renders the template, sends it through the transport and marks the row
 * `sent` with the provider's id. A failed send is retried with exponential backoff and never
 * acked; after the last retry the platform moves it to `mail-dlq`. A message that can never
 * succeed (unknown template, stored params that no longer parse, no such row) is recorded and
 * forwarded to `mail-dlq` at once; no single message can fail the batch.
 */
export async function handleMailBatch(batch: MessageBatch<unknown>, deps: MailConsumerDeps): Promise<void> {
  const now = deps.now();
  const counts: Record<Outcome, number> = { sent: 0, skipped: 0, retried: 0, dead_lettered: 0 };

  const deadLetter = async (msg: Message<unknown>, body: MailDeadLetter): Promise<Outcome> => {
    try {
      await deps.deadLetters.send(body);
      msg.ack();
      return "dead_lettered";
    } catch (err) {
      deps.logger.log("error", "mail_dead_letter_failed", { outboxId: body.outboxId, error: describeError(err) });
      msg.retry({ delaySeconds: backoffSeconds(msg.attempts, MAIL_RETRY_POLICY) });
      return "retried";
    }
  };

  // The first message naming a row carries it; copies in the same batch (at-least-once delivery) are acked.
  const primary = new Map<string, Message<unknown>>();
  const work: Promise<Outcome>[] = [];
  for (const msg of batch.messages) {
    const body = bodySchema.safeParse(msg.body);
    if (!body.success) {
      work.push(deadLetter(msg, { outboxId: "", reason: "Pesan antrean tidak berisi outboxId yang valid." }));
    } else if (primary.has(body.data.outboxId)) {
      msg.ack();
      counts.skipped++;
    } else {
      primary.set(body.data.outboxId, msg);
    }
  }

  const ids = [...primary.keys()];
  const claimed = ids.length ? await claimRows(deps.db, ids, now) : [];
  const claimedIds = new Set(claimed.map((r) => r.id));
  const others = await loadUnclaimed(
    deps.db,
    ids.filter((id) => !claimedIds.has(id)),
  );

  for (const [id, msg] of primary) {
    if (claimedIds.has(id)) continue;
    const row = others.get(id);
    if (!row) {
      work.push(deadLetter(msg, { outboxId: id, reason: "Baris outbox tidak ditemukan." }));
    } else if (row.status !== "queued") {
      // Sent already (a repeated delivery) or failed for good: nothing left to do.
      msg.ack();
      counts.skipped++;
    } else {
      // Another delivery of this message is sending it right now; look again once its lease ends.
      const leaseEnds = row.leaseUntil ? Date.parse(row.leaseUntil) : now.getTime();
      msg.retry({ delaySeconds: Math.max(1, Math.ceil((leaseEnds - now.getTime()) / 1000)) });
      counts.retried++;
    }
  }

  const sendRow = async (row: OutboxMessage): Promise<Outcome> => {
    const msg = primary.get(row.id);
    if (!msg) return "skipped";
    const prepared = renderOrReason(row, deps.config);
    if (!prepared.ok) {
      await recordFailure(deps.db, row.id, prepared.reason, deps.logger);
      deps.logger.log("warn", "mail_undeliverable", { outboxId: row.id, template: row.template });
      return deadLetter(msg, { outboxId: row.id, reason: prepared.reason });
    }
    let providerMessageId: string;
    try {
      ({ providerMessageId } = await deps.transport.send({
        from: { email: deps.config.mail.from, name: deps.config.officeName },
        to: row.recipients,
        ...prepared.mail,
        idempotencyKey: row.dedupeKey,
      }));
    } catch (err) {
      const reason = describeError(err);
      await recordFailure(deps.db, row.id, reason, deps.logger);
      if (err instanceof MailTransportError && err.permanent) {
        deps.logger.log("warn", "mail_rejected", { outboxId: row.id, transport: deps.transport.name });
        return deadLetter(msg, { outboxId: row.id, reason });
      }
      const delaySeconds = backoffSeconds(msg.attempts, MAIL_RETRY_POLICY);
      deps.logger.log("warn", "mail_send_failed", {
        outboxId: row.id,
        transport: deps.transport.name,
        attempts: msg.attempts,
        delaySeconds,
      });
      msg.retry({ delaySeconds });
      return "retried";
    }
    const redacted = redactSentParams(row.template, row.params);
    try {
      await deps.db
        .update(mailOutbox)
        .set({
          status: "sent",
          providerMessageId,
          sentAt: deps.now().toISOString(),
          leaseUntil: null,
          lastError: null,
          ...(redacted ? { params: redacted } : {}),
        })
        .where(eq(mailOutbox.id, row.id));
    } catch (err) {
      // The mail went out; retrying would send it twice. The row keeps its lease and reads as
      // still queued, which the log line lets an operator correct.
      deps.logger.log("error", "mail_mark_sent_failed", {
        outboxId: row.id,
        providerMessageId,
        error: describeError(err),
      });
    }
    msg.ack();
    return "sent";
  };

  const outcomes = [...(await Promise.all(work)), ...(await mapPool(claimed, SEND_CONCURRENCY, sendRow))];
  for (const o of outcomes) counts[o]++;
  deps.logger.log("info", "mail_batch", { queue: batch.queue, messages: batch.messages.length, ...counts });
}

/** Notes why a send failed and releases the lease so the retry can claim the row again. */
async function recordFailure(db: Db, id: string, reason: string, logger: Logger): Promise<void> {
  try {
    await db.update(mailOutbox).set({ lastError: reason, leaseUntil: null }).where(eq(mailOutbox.id, id));
  } catch (err) {
    // The message is retried or dead-lettered either way; the lease then only delays the retry.
    logger.log("error", "mail_record_failure_failed", { outboxId: id, error: describeError(err) });
  }
}

/** What the `mail-dlq` consumer needs: no configuration, so it works even when mail is misconfigured. */
export interface MailDeadLetterDeps {
  db: Db;
  now: () => Date;
  logger: Logger;
}

const deadLetterSchema = z.object({ outboxId: z.string().max(100), reason: z.string().max(1000).optional() });

/** Recorded when the platform moved a message here after its last retry and no reason came with it. */
export const RETRIES_EXHAUSTED_REASON = "Semua percobaan pengiriman gagal.";

/**
 * The `mail-dlq` consumer: marks each named row `failed` (keeping the last error, or recording the
 * reason the message came with) so the daily summary and the admin list show it, then acks. A row
 * already `sent` stays sent: a copy of its message got through. If the database write fails the
 * whole batch is retried, never acked.
 */
export async function handleMailDeadLetterBatch(batch: MessageBatch<unknown>, deps: MailDeadLetterDeps): Promise<void> {
  const at = deps.now().toISOString();
  const updates = [];
  for (const msg of batch.messages) {
    const body = deadLetterSchema.safeParse(msg.body);
    if (!body.success || body.data.outboxId === "") {
      deps.logger.log("error", "mail_dead_letter_unreadable", { messageId: msg.id });
      continue;
    }
    const reason = body.data.reason ?? null;
    updates.push(
      deps.db
        .update(mailOutbox)
        .set({
          status: "failed",
          failedAt: at,
          leaseUntil: null,
          lastError: sql`coalesce(${reason}, ${mailOutbox.lastError}, ${RETRIES_EXHAUSTED_REASON})`,
        })
        .where(and(eq(mailOutbox.id, body.data.outboxId), eq(mailOutbox.status, "queued")))
        .returning({ id: mailOutbox.id, template: mailOutbox.template, attempts: mailOutbox.attempts }),
    );
  }
  const [first, ...rest] = updates;
  if (first) {
    for (const row of (await deps.db.batch([first, ...rest])).flat()) {
      deps.logger.log("warn", "mail_failed", { outboxId: row.id, template: row.template, attempts: row.attempts });
    }
  }
  batch.ackAll();
}
