import { and, count, desc, eq, gte, lte } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { mailOutbox, type OutboxMessage, officials, roleGrants } from "../../schema";
import { loadConfig } from "../config";
import { createDb, type Db } from "../db";
import type { Actor } from "../domain/actor";
import { witaDate } from "../domain/time";
import { AppError, notFound } from "../errors";
import { createLogger } from "../log";
import { enqueueMail, MAX_RECIPIENTS, type MailDeps, queueOutboxRow } from "../mail/outbox";
import { FAILED_MAIL_SUMMARY_MAX_ITEMS } from "../mail/templates/failed-mail-summary";
import { auditEntry } from "./audit";
import { decreeWarningYears } from "./calendar";

const RESEND_SUFFIX = /#resend-(\d+)$/;

/**
 * The key of the row that resends `dedupeKey`: `${original}#resend-N`, N counting resends of the
 * original. It depends only on the row resent, so two clicks on one failed row make one resend.
 *
 * @example
 * resendKey("aspiration:42:reminder:1") // "aspiration:42:reminder:1#resend-1"
 * resendKey("aspiration:42:reminder:1#resend-1") // "aspiration:42:reminder:1#resend-2"
 */
export function resendKey(dedupeKey: string): string {
  const match = RESEND_SUFFIX.exec(dedupeKey);
  const original = match ? dedupeKey.slice(0, match.index) : dedupeKey;
  return `${original}#resend-${match ? Number(match[1]) + 1 : 1}`;
}

/**
 * An administrator resends a `failed` message: a new outbox row with the same template,
 * recipients and params, `resendOf` naming the failed row and key `resendKey(failed key)`, is
 * written together with an audit entry `mail.resend`, then queued. The failed row is left as it
 * was. Resending the same row again returns the resend already made.
 * Throws 404 for an unknown id and 409 `conflict` for a row that is not `failed`.
 */
export async function resendFailedMail(
  deps: MailDeps,
  input: { outboxId: string; actor: Actor; requestId: string },
): Promise<OutboxMessage> {
  const original = await deps.db.select().from(mailOutbox).where(eq(mailOutbox.id, input.outboxId)).get();
  if (!original) throw notFound("Email tidak ditemukan.");
  if (original.status !== "failed") {
    throw new AppError(409, "conflict", "Hanya email yang gagal terkirim yang dapat dikirim ulang.");
  }
  const existing = await deps.db.select().from(mailOutbox).where(eq(mailOutbox.resendOf, original.id)).get();
  if (existing) return queueOutboxRow(deps, existing);

  const id = crypto.randomUUID();
  const dedupeKey = resendKey(original.dedupeKey);
  const [inserted] = await deps.db.batch([
    deps.db
      .insert(mailOutbox)
      .values({
        id,
        dedupeKey,
        template: original.template,
        recipients: original.recipients,
        params: original.params,
        status: "queued",
        resendOf: original.id,
        createdAt: deps.now.toISOString(),
      })
      .onConflictDoNothing({ target: mailOutbox.dedupeKey })
      .returning(),
    auditEntry(deps.db, {
      actor: input.actor,
      action: "mail.resend",
      subject: { type: "mail_outbox", id: original.id },
      requestId: input.requestId,
      at: deps.now,
      detail: { resendId: id, template: original.template, dedupeKey },
    }),
  ]);
  // A concurrent resend of the same row won the insert: use its row.
  const row = inserted[0] ?? (await deps.db.select().from(mailOutbox).where(eq(mailOutbox.dedupeKey, dedupeKey)).get());
  if (!row) throw new Error("resend row vanished after insert conflict");
  return queueOutboxRow(deps, row);
}

export interface FailedMail {
  id: string;
  template: string;
  recipients: string[];
  dedupeKey: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  failedAt: string | null;
  resendOf: string | null;
  /** The row that resent this one, if an administrator resent it. */
  resentAs: string | null;
}

/**
 * Failed messages for the admin list, newest failure first, each with the id of its resend if
 * there is one. Recipients are personal data: the caller audits the read.
 */
export async function listFailedMail(db: Db, options: { limit?: number; offset?: number } = {}): Promise<FailedMail[]> {
  const resend = alias(mailOutbox, "resend");
  return db
    .select({
      id: mailOutbox.id,
      template: mailOutbox.template,
      recipients: mailOutbox.recipients,
      dedupeKey: mailOutbox.dedupeKey,
      attempts: mailOutbox.attempts,
      lastError: mailOutbox.lastError,
      createdAt: mailOutbox.createdAt,
      failedAt: mailOutbox.failedAt,
      resendOf: mailOutbox.resendOf,
      resentAs: resend.id,
    })
    .from(mailOutbox)
    .leftJoin(resend, eq(resend.resendOf, mailOutbox.id))
    .where(eq(mailOutbox.status, "failed"))
    .orderBy(desc(mailOutbox.failedAt), desc(mailOutbox.id))
    .limit(Math.min(options.limit ?? 100, 500))
    .offset(options.offset ?? 0);
}

/** The cron (UTC) of the daily failed-mail summary: 00:00 UTC is 08:00 WITA, the start of office hours. */
export const FAILED_MAIL_SUMMARY_CRON = "0 0 * * *";

/** Addresses of the active officials who hold the administrator role: the summary's recipients. */
export async function adminRecipients(db: Db): Promise<string[]> {
  const rows = await db
    .selectDistinct({ email: officials.email })
    .from(officials)
    .innerJoin(roleGrants, eq(roleGrants.officialId, officials.id))
    .where(and(eq(roleGrants.role, "admin"), eq(officials.active, true)))
    .orderBy(officials.email)
    .limit(MAX_RECIPIENTS);
  return rows.map((r) => r.email);
}

/** Path of the admin list of failed mail that the summary links to (the admin area, issue 4). */
export const FAILED_MAIL_LIST_PATH = "/admin/email-gagal";

/**
 * The daily summary to administrators of messages that failed in the 24 hours before `deps.now`,
 * with a warning for each year in `missingDecreeYears` (a holiday decree not loaded). Sends nothing
 * when none failed and no decree is missing, or no administrator address is given. Its dedupe key
 * is the WITA date, so a cron that fires twice in a day sends one summary.
 *
 * @example
 * await sendFailedMailSummary(deps, { to: adminEmails }) // { total: 3, outboxId: "…" }
 */
export async function sendFailedMailSummary(
  deps: MailDeps,
  input: { to: string[]; missingDecreeYears?: number[] },
): Promise<{ total: number; outboxId: string | null }> {
  const since = new Date(deps.now.getTime() - 24 * 60 * 60 * 1000);
  const inPeriod = and(
    eq(mailOutbox.status, "failed"),
    gte(mailOutbox.failedAt, since.toISOString()),
    lte(mailOutbox.failedAt, deps.now.toISOString()),
  );
  const [[totals], items] = await deps.db.batch([
    deps.db.select({ total: count() }).from(mailOutbox).where(inPeriod),
    deps.db
      .select({
        id: mailOutbox.id,
        template: mailOutbox.template,
        failedAt: mailOutbox.failedAt,
        lastError: mailOutbox.lastError,
      })
      .from(mailOutbox)
      .where(inPeriod)
      .orderBy(desc(mailOutbox.failedAt))
      .limit(FAILED_MAIL_SUMMARY_MAX_ITEMS),
  ]);
  const total = totals?.total ?? 0;
  const missingDecreeYears = input.missingDecreeYears ?? [];
  if ((total === 0 && missingDecreeYears.length === 0) || input.to.length === 0) return { total, outboxId: null };
  const row = await enqueueMail(deps, {
    template: "failed_mail_summary",
    to: input.to,
    params: {
      since: since.toISOString(),
      total,
      items: items.map((i) => ({ ...i, failedAt: i.failedAt ?? since.toISOString() })),
      listPath: FAILED_MAIL_LIST_PATH,
      ...(missingDecreeYears.length > 0 ? { missingDecreeYears } : {}),
    },
    dedupeKey: `failed-mail-summary:${witaDate(deps.now)}`,
  });
  return { total, outboxId: row.id };
}

/**
 * The daily cron's work: the summary of the last 24 hours' failed mail, and the warning about a
 * missing holiday decree, to every active administrator, dated by the moment the cron was
 * scheduled for.
 */
export async function runFailedMailSummary(env: Env, scheduledTime: Date): Promise<void> {
  const deps = { db: createDb(env.DB), queue: env.MAIL_QUEUE, config: loadConfig(env), now: scheduledTime };
  const to = await adminRecipients(deps.db);
  const missingDecreeYears = await decreeWarningYears(deps.db, scheduledTime);
  const result = await sendFailedMailSummary(deps, { to, missingDecreeYears });
  createLogger(crypto.randomUUID()).log(to.length === 0 && result.total > 0 ? "warn" : "info", "failed_mail_summary", {
    failed: result.total,
    missingDecreeYears: missingDecreeYears.join(","),
    admins: to.length,
    outboxId: result.outboxId,
  });
}
