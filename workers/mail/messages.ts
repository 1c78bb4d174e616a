/** The body of a message on queue `mail`: it names an outbox row, never carries the mail itself. */
export interface MailQueueMessage {
  outboxId: string;
}

/**
 * The body of a message on queue `mail-dlq`. The platform moves a `mail` message here unchanged
 * after its last retry; the consumer forwards one itself, with `reason`, when retrying cannot
 * help (unknown template, params that no longer parse).
 */
export interface MailDeadLetter extends MailQueueMessage {
  reason?: string;
}

export const MAIL_QUEUE_NAME = "mail";
export const MAIL_DLQ_NAME = "mail-dlq";
