import type { Context } from "hono";
import type { MailQueueMessage } from "../mail/messages";
import type { ServiceDeps } from "../services/deps";
import type { AppEnv } from "./context";

/** The service dependencies of one request: its database, clock, request id and configuration. */
export function serviceDeps(c: Context<AppEnv>): ServiceDeps {
  return { db: c.var.db, now: c.var.now, requestId: c.var.requestId, config: c.var.config };
}

/** The service dependencies plus the mail queue, for services that send mail. */
export function mailingDeps(c: Context<AppEnv>): ServiceDeps & { queue: Queue<MailQueueMessage> } {
  return { ...serviceDeps(c), queue: c.env.MAIL_QUEUE };
}
