export { AspirationFlow } from "./flows/aspiration-flow";
export { RegistrationFlow } from "./flows/registration-flow";
export { MonthlyStatsFlow } from "./flows/stats-flow";

import { benchProbe } from "./bench-probes";
import { createApp } from "./http/app";
import { createLogger } from "./log";
import { handleMailBatch, handleMailDeadLetterBatch } from "./mail/consumer";
import { MAIL_DLQ_NAME, MAIL_QUEUE_NAME } from "./mail/messages";
import { mailConsumerDeps, mailDeadLetterDeps } from "./mail/wiring";
import { runCriticalDigest } from "./services/aspiration/critical-digest";
import { DAILY_HOUSEKEEPING_CRON, housekeepingDeps, runDailyHousekeeping } from "./services/housekeeping";
import { FAILED_MAIL_SUMMARY_CRON, runFailedMailSummary } from "./services/mail";
import { MONTHLY_STATS_CRON, runMonthlyStatsTrigger } from "./services/stats/trigger";

const app = createApp();

export default {
  fetch: (request: Request, env: Env, ctx: ExecutionContext) =>
    benchProbe(request, env) ?? app.fetch(request, env, ctx),

  /** Queue consumers, routed by queue name (see `[[queues.consumers]]` in wrangler.toml). */
  async queue(batch, env) {
    const batchId = crypto.randomUUID();
    switch (batch.queue) {
      case MAIL_QUEUE_NAME:
        return handleMailBatch(batch, mailConsumerDeps(env, batchId));
      case MAIL_DLQ_NAME:
        return handleMailDeadLetterBatch(batch, mailDeadLetterDeps(env, batchId));
      default:
        // A consumer bound in wrangler.toml without a route here: keep its messages for a fix.
        createLogger(batchId).log("error", "queue_unrouted", { queue: batch.queue, messages: batch.messages.length });
        batch.retryAll({ delaySeconds: 300 });
    }
  },

  /** Cron triggers, routed by their expression (see `[triggers] crons` in wrangler.toml). */
  async scheduled(controller, env) {
    switch (controller.cron) {
      case FAILED_MAIL_SUMMARY_CRON: {
        // The morning mails: one failing does not keep the other from going out.
        const at = new Date(controller.scheduledTime);
        const results = await Promise.allSettled([runFailedMailSummary(env, at), runCriticalDigest(env, at)]);
        const failed = results.filter((r) => r.status === "rejected");
        if (failed.length > 0) throw new Error(`morning mail: ${failed.map((r) => String(r.reason)).join("; ")}`);
        return;
      }
      case MONTHLY_STATS_CRON:
        await runMonthlyStatsTrigger(env.STATS_FLOW, new Date(controller.scheduledTime));
        return;
      case DAILY_HOUSEKEEPING_CRON:
        await runDailyHousekeeping(housekeepingDeps(env, new Date(controller.scheduledTime)));
        return;
      default:
        // Throwing marks the run failed in the dashboard, where a forgotten route shows up.
        throw new Error(`no handler for cron ${controller.cron}`);
    }
  },
} satisfies ExportedHandler<Env>;
