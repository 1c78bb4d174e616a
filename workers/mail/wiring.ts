import { loadConfig } from "../config";
import { createDb } from "../db";
import { createLogger } from "../log";
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
