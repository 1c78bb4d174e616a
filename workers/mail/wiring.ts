import { loadConfig } from "../config";
import { createDb } from "../db";
import { createLogger } from "../log";
import { adminRecipients, sendFailedMailSummary } from "../services/mail";
import type { MailConsumerDeps, MailDeadLetterDeps } from "./consumer";
import { createTransport } from "./transports";

/** The `mail` consumer's dependencies from the Worker's bindings: the configured transport, real clock. */
export function mailConsumerDeps(env: Env, batchId: string): MailConsumerDeps {
  const config = loadConfig(env);
  return {
    db: createDb(env.DB),
    config,
    transport: createTransport(config.mail, env),
    deadLetters: env.MAIL_DLQ,
    now: () => new Date(),
    logger: createLogger(batchId),
  };
}

/** The `mail-dlq` consumer's dependencies; it needs no configuration, so it runs even when mail is misconfigured. */
export function mailDeadLetterDeps(env: Env, batchId: string): MailDeadLetterDeps {
  return { db: createDb(env.DB), now: () => new Date(), logger: createLogger(batchId) };
}

/**
 * The daily cron's work: the summary of the last 24 hours' failed mail to every active
 * administrator, dated by the moment the cron was scheduled for.
 */
export async function runFailedMailSummary(env: Env, scheduledTime: Date): Promise<void> {
  const deps = { db: createDb(env.DB), queue: env.MAIL_QUEUE, config: loadConfig(env), now: scheduledTime };
  const to = await adminRecipients(deps.db);
  const result = await sendFailedMailSummary(deps, { to });
  createLogger(crypto.randomUUID()).log(to.length === 0 && result.total > 0 ? "warn" : "info", "failed_mail_summary", {
    failed: result.total,
    admins: to.length,
    outboxId: result.outboxId,
  });
}
