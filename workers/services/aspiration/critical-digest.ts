import { and, asc, count, eq, sql } from "drizzle-orm";
import { agencies, aspirations } from "../../../schema";
import { type AppConfig, loadConfig } from "../../config";
import { createDb, type Db } from "../../db";
import { witaDate } from "../../domain/time";
import { createLogger, type Logger } from "../../log";
import type { MailQueueMessage } from "../../mail/messages";
import { enqueueMail, MAX_RECIPIENTS } from "../../mail/outbox";
import { CRITICAL_DIGEST_MAX_ITEMS } from "../../mail/templates/aspiration/critical-digest";
import { escalationRecipients } from "../directory";
import { roleHolderEmails } from "../recipients";

/**
 * The daily digest of critical aspirations for leadership: every case past the last escalation
 * level (3) that still waits for verification or for its agency. One mail a day, keyed by the WITA
 * date, so a second run of the cron sends nothing; none when no case is critical. An answer takes
 * a case out of the list the next morning.
 */

/** The level at which a case is critical (`domain/aspiration/ladder.ts`). */
export const CRITICAL_LEVEL = 3;

/**
 * Critical and still open, written literally as in the partial index `aspirations_critical_idx`,
 * so the list reads only the critical cases however many are open.
 */
export const criticalAndOpen = sql`${aspirations.escalationLevel} >= 3 AND ${aspirations.status} IN ('received', 'routed', 'in_progress')`;

export interface CriticalDigestDeps {
  db: Db;
  queue: Queue<MailQueueMessage>;
  config: AppConfig;
  now: Date;
  logger: Logger;
}

/** How many cases are critical now: the mark on the officials' queue page. */
export async function countCritical(db: Db, agencyId?: string): Promise<number> {
  const row = await db
    .select({ n: count() })
    .from(aspirations)
    .where(and(criticalAndOpen, agencyId ? eq(aspirations.agencyId, agencyId) : undefined))
    .get();
  return row?.n ?? 0;
}

export async function sendCriticalDigest(deps: CriticalDigestDeps): Promise<{ critical: number; sent: boolean }> {
  const { db } = deps;
  const [totals, rows] = await db.batch([
    db.select({ n: count() }).from(aspirations).where(criticalAndOpen),
    db
      .select({
        code: aspirations.code,
        title: aspirations.title,
        status: aspirations.status,
        dueAt: aspirations.dueAt,
        agency: agencies.name,
      })
      .from(aspirations)
      .leftJoin(agencies, eq(agencies.id, aspirations.agencyId))
      .where(criticalAndOpen)
      .orderBy(asc(aspirations.dueAt))
      .limit(CRITICAL_DIGEST_MAX_ITEMS),
  ]);
  const total = totals[0]?.n ?? 0;
  if (total === 0) return { critical: 0, sent: false };
  const to = [
    ...new Set([...(await roleHolderEmails(db, "leadership")), ...(await escalationRecipients({ db }, "leadership"))]),
  ].slice(0, MAX_RECIPIENTS);
  if (to.length === 0) {
    deps.logger.log("warn", "aspiration_critical_digest_no_recipient", { critical: total });
    return { critical: total, sent: false };
  }
  const day = witaDate(deps.now);
  await enqueueMail(
    { db, queue: deps.queue, config: deps.config, now: deps.now },
    {
      template: "aspiration_critical_digest",
      to,
      params: {
        day,
        total,
        items: rows.map((r) => ({
          code: r.code,
          title: r.title,
          holder: r.status === "received" ? "Verifikator Diskominfo" : (r.agency ?? "OPD yang ditunjuk"),
          stage: r.status === "received" ? "verifikasi" : "tindak lanjut OPD",
          dueAt: r.dueAt ?? deps.now.toISOString(),
          link: `/aspirasi/kelola/${r.code}`,
        })),
        listPath: "/aspirasi/kelola",
      },
      dedupeKey: `aspiration-critical-digest:${day}`,
    },
  );
  return { critical: total, sent: true };
}

/** The morning run (the same cron as the administrators' failed-mail summary, 08:00 WITA). */
export async function runCriticalDigest(env: Env, scheduledTime: Date): Promise<void> {
  const logger = createLogger(crypto.randomUUID());
  const result = await sendCriticalDigest({
    db: createDb(env.DB),
    queue: env.MAIL_QUEUE,
    config: loadConfig(env),
    now: scheduledTime,
    logger,
  });
  logger.log("info", "aspiration_critical_digest", result);
}
